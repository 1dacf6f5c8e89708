"""The scanner's hot folder: wait until a scan stops changing, ingest it, move it out of the way.

Contract (``sohoa watch DIR``):
- A file is taken once its size and modification time have stayed the same for ``settle_seconds``
  (a scan still being written or copied waits). Hidden files, temporary names (``.tmp``, ``.part``,
  ``~$x``, ``x~``…), symbolic links and the ``done``/``failed`` folders are never taken.
- Batches: by day (``<hot folder> YYYY-MM-DD``, Vietnam date) or by the first folder under the hot
  folder (files lying directly in it form a batch named after the hot folder). Folders below that
  become dossiers, as with ``sohoa ingest``. A batch seen again later grows: same name, same batch.
- After its batch ran, a file whose document is done (new, or a duplicate of one) moves to ``done/``;
  one that failed for good moves to ``failed/`` with ``<name>.loi.txt`` beside it (error class,
  Vietnamese reason, what to do). A file stopped by a passing cause (disk full, search index down, an
  unexpected error) stays and is taken again after ``retry_seconds``: the re-run resumes, never doubles.
- Nothing is overwritten or deleted: a name already taken in ``done/``/``failed/`` gets `` (2)``, `` (3)``….
  Emptied sub-folders of the hot folder are removed once they have been quiet for ``settle_seconds``.
- One watcher per hot folder (``.sohoa-watch.lock`` inside it); a second one is refused.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pipeline.errors import (
    CorruptFileError,
    DiskFullError,
    EmptyFileError,
    EncryptedFileError,
    ErrorClass,
    ImageTooSmallError,
    SohoaError,
    TooLargeError,
    UnsupportedFormatError,
)
from pipeline.intake import FoundFile, found_under
from pipeline.report import VIETNAM

BatchBy = Literal["day", "folder"]
LOCK_NAME = ".sohoa-watch.lock"
REASON_SUFFIX = ".loi.txt"
# Names scanners, copy tools and office programs give files still being written.
TEMPORARY_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart", ".swp", "~")
TEMPORARY_PREFIXES = (".", "~$", "~")
# Causes that pass by themselves: the file stays and is taken again later.
PASSING_CLASSES = frozenset({ErrorClass.DISK_FULL, ErrorClass.INTERNAL})
# Causes in the file itself: only a new scan or a new file helps (a retry would fail the same way).
INPUT_CLASSES = frozenset(
    e.error_class
    for e in (EmptyFileError, UnsupportedFormatError, CorruptFileError, EncryptedFileError, TooLargeError, ImageTooSmallError)
)


class WatchBusyError(SohoaError):
    error_class = ErrorClass.WATCH_BUSY


@dataclass(frozen=True, slots=True)
class HotFolder:
    root: Path
    batch_by: BatchBy = "day"
    settle_seconds: float = 10.0
    retry_seconds: float = 60.0
    done_dir: Path | None = None  # default: root/done
    failed_dir: Path | None = None  # default: root/failed

    @property
    def done(self) -> Path:
        return self.done_dir or self.root / "done"

    @property
    def failed(self) -> Path:
        return self.failed_dir or self.root / "failed"


@dataclass(frozen=True, slots=True)
class FileVerdict:
    """What the ingest said of one file of the hot folder."""

    path: Path
    outcome: str  # new / duplicate / again / failed
    error_class: str | None = None
    error_message: str = ""
    document_id: str | None = None

    @property
    def passing(self) -> bool:
        return self.error_class is not None and (
            self.error_class in PASSING_CLASSES or self.error_class.startswith("index_")
        )


@dataclass(frozen=True, slots=True)
class Handled:
    """One file taken from the hot folder: where it went (None: it stays, to be taken again)."""

    source: Path
    batch: str
    verdict: FileVerdict
    target: Path | None
    note: str = ""


# Runs one batch: (batch name, files) -> a verdict per file it recorded. Raises only on a bug.
IngestBatch = Callable[[str, list[FoundFile]], list[FileVerdict]]
Signature = tuple[int, int]  # size, modification time (ns)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def is_temporary(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(TEMPORARY_PREFIXES) or lowered.endswith(TEMPORARY_SUFFIXES)


def waiting_files(hot: HotFolder, now: float | None = None) -> dict[Path, Signature]:
    """Every file in the hot folder a clerk or scanner put there, with its signature. Sub-folders left
    empty and quiet for the settle delay are removed on the way."""
    skip = {hot.done.resolve(), hot.failed.resolve()}
    wall = time.time() if now is None else now
    found: dict[Path, Signature] = {}
    for dirpath, dirnames, filenames in os.walk(hot.root, followlinks=False):
        folder = Path(dirpath)
        # done/ and failed/ grow for ever: never walked; hidden folders belong to other programs.
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and (folder / d).resolve() not in skip]
        for name in filenames:
            if is_temporary(name):
                continue
            path = folder / name
            try:
                stat = path.lstat()
            except OSError:  # gone between listing and looking
                continue
            if path.is_symlink() or not path.is_file():
                continue
            found[path] = (stat.st_size, stat.st_mtime_ns)
        if folder != hot.root and not filenames and not dirnames:
            _remove_if_quiet(folder, hot.settle_seconds, wall)
    return found


def _remove_if_quiet(folder: Path, settle: float, wall: float) -> None:
    try:
        if wall - folder.stat().st_mtime >= settle and not any(folder.iterdir()):
            folder.rmdir()
    except OSError:  # something arrived in it, or it is not ours to remove: leave it
        pass


class Settling:
    """Which files have kept the same signature for the settle delay; files held back (a passing
    failure, a file that cannot be moved) wait until their time or until they change."""

    def __init__(self, settle_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._settle = settle_seconds
        self._clock = clock
        self._seen: dict[Path, tuple[Signature, float]] = {}
        self._held: dict[Path, tuple[Signature, float]] = {}

    def ready(self, current: dict[Path, Signature]) -> list[Path]:
        now = self._clock()
        self._seen = {p: v for p, v in self._seen.items() if p in current}
        self._held = {p: v for p, v in self._held.items() if current.get(p) == v[0]}
        ready = []
        for path, signature in sorted(current.items()):
            seen = self._seen.get(path)
            if seen is None or seen[0] != signature:
                self._seen[path] = (signature, now)
                seen = self._seen[path]
            if now - seen[1] < self._settle:
                continue
            held = self._held.get(path)
            if held is not None and now < held[1]:
                continue
            ready.append(path)
        return ready

    def hold(self, path: Path, signature: Signature, seconds: float) -> None:
        self._held[path] = (signature, self._clock() + seconds)


def vietnam_today() -> date:
    return datetime.now(VIETNAM).date()


def batch_for(hot: HotFolder, path: Path, today: date) -> tuple[str, FoundFile, Path]:
    """The batch a file joins, how it is named in it, and where under done/ or failed/ it goes."""
    rel = path.relative_to(hot.root)
    if hot.batch_by == "folder":
        if len(rel.parts) > 1:
            return _nfc(rel.parts[0]), found_under(hot.root / rel.parts[0], path), rel
        return _nfc(hot.root.name), found_under(hot.root, path), rel
    return f"{_nfc(hot.root.name)} {today.isoformat()}", found_under(hot.root, path), Path(today.isoformat()) / rel


def free_name(target: Path) -> Path:
    """``target``, or ``name (2).ext``, ``name (3).ext``…: the first name not taken (with its reason file)."""
    candidate, number = target, 1
    while candidate.exists() or Path(f"{candidate}{REASON_SUFFIX}").exists():
        number += 1
        candidate = target.with_name(f"{target.stem} ({number}){target.suffix}")
    return candidate


def reason_text(display_name: str, batch: str, verdict: FileVerdict, moment: datetime) -> str:
    if verdict.error_class in INPUT_CLASSES:
        advice = ("Tệp này không xử lý được như hiện có. Quét lại, hoặc lưu lại thành PDF, TIFF, JPEG hoặc PNG "
                  "(bỏ mật khẩu nếu có), rồi chép tệp mới vào thư mục theo dõi.")  # fmt: skip
    elif verdict.document_id:
        advice = (f"Bản gốc đã được lưu trong kho (mã tài liệu {verdict.document_id}). Khắc phục nguyên nhân rồi chạy "
                  f"«sohoa retry --class {verdict.error_class}»; không cần chép lại tệp này (có thể xóa nó).")  # fmt: skip
    else:
        advice = ("Tệp chưa được nạp vào kho. Kiểm tra hoặc quét lại tài liệu (PDF, TIFF, JPEG, PNG) rồi chép "
                  "tệp mới vào thư mục theo dõi.")  # fmt: skip
    return (
        f"Tệp: {display_name}\nLô: {batch}\nThời điểm: {moment.strftime('%d/%m/%Y %H:%M')}\n"
        f"Lớp lỗi: {verdict.error_class}\nLý do: {verdict.error_message}\nCách xử lý: {advice}\n"
    )


def _move(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target = free_name(target)
    shutil.move(str(source), str(target))
    return target


class Stopping:
    """Ctrl+C and SIGTERM as the watch takes them (``ask`` is their handler): a stop asked while a
    file is settled (moved out, its reason written beside it, its line printed) comes when that is
    done, never between: stopped right after a file's reason was written, the watch had printed no
    line for it (tests/test_watch.py, on a busy machine), and stopped before, its reason could be
    lost. Asked at any other time, it stops the watch at once, an ingest too (what is not done is
    taken again by the next run, without duplicates)."""

    def __init__(self) -> None:
        self._settling = False
        self._asked = False

    def ask(self, _signum: int = 0, _frame: object = None) -> None:
        if self._settling:
            self._asked = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        """A file's settling, a stop asked meanwhile coming at its end."""
        self._settling = True
        try:
            yield
        finally:
            self._settling = False
            if self._asked:
                self._asked = False
                raise KeyboardInterrupt


class Watcher:
    """Takes the settled files of a hot folder, batch by batch, and moves each one out."""

    def __init__(
        self,
        hot: HotFolder,
        ingest: IngestBatch,
        report: Callable[[Handled], None],
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = vietnam_today,
        stopping: Stopping | None = None,
    ) -> None:
        self.hot = HotFolder(
            hot.root.resolve(), hot.batch_by, hot.settle_seconds, hot.retry_seconds, hot.done, hot.failed
        )
        self._ingest = ingest
        self._report = report
        self._today = today
        self.settling = Settling(hot.settle_seconds, clock)
        self.stopping = stopping or Stopping()

    def step(self) -> list[Handled]:
        """One look at the hot folder; runs every batch with settled files."""
        current = waiting_files(self.hot)
        batches: dict[str, list[tuple[FoundFile, Path]]] = {}
        today = self._today()
        for path in self.settling.ready(current):
            name, found, destination = batch_for(self.hot, path, today)
            batches.setdefault(name, []).append((found, destination))
        handled: list[Handled] = []
        for name, files in batches.items():
            handled += self._run(name, files, current)
        return handled

    def _run(self, batch: str, files: list[tuple[FoundFile, Path]], current: dict[Path, Signature]) -> list[Handled]:
        try:
            verdicts = {v.path: v for v in self._ingest(batch, [found for found, _ in files])}
        except Exception as exc:  # a bug must not stop the watch: the files stay and are tried again later
            message = f"Lỗi không mong đợi ({type(exc).__name__}: {exc}); tệp được giữ lại để thử lại."
            traceback.print_exc()
            verdicts = {found.path: FileVerdict(found.path, "failed", ErrorClass.INTERNAL, message) for found, _ in files}
        handled = []
        for found, destination in files:
            verdict = verdicts.get(found.path) or FileVerdict(
                found.path, "failed", DiskFullError.error_class, "Chưa nạp được (danh mục không ghi được)."
            )
            with self.stopping.held():
                handled.append(self._settle_file(batch, found, destination, verdict, current.get(found.path)))
                self._report(handled[-1])
        return handled

    def _settle_file(
        self, batch: str, found: FoundFile, destination: Path, verdict: FileVerdict, signature: Signature | None
    ) -> Handled:
        if verdict.passing:
            if signature is not None:
                self.settling.hold(found.path, signature, self.hot.retry_seconds)
            return Handled(found.path, batch, verdict, None, f"thử lại sau {self.hot.retry_seconds:g} s")
        root = self.hot.failed if verdict.error_class else self.hot.done
        try:
            target = _move(found.path, root / destination)
            if verdict.error_class:
                reason = reason_text(found.display_name, batch, verdict, datetime.now(VIETNAM))
                Path(f"{target}{REASON_SUFFIX}").write_text(reason, encoding="utf-8")
        except FileNotFoundError:
            return Handled(found.path, batch, verdict, None, "tệp đã bị lấy ra khỏi thư mục")
        except OSError as exc:  # cannot move it (rights, full disk): it stays, and waits until it changes
            if signature is not None:
                self.settling.hold(found.path, signature, float("inf"))
            return Handled(found.path, batch, verdict, None, f"không chuyển được ({exc.strerror or exc}); tệp ở lại")
        return Handled(found.path, batch, verdict, target)

    def run_once(self) -> list[Handled]:
        """Take what is there and settles within one delay, then return (for cron or a test)."""
        handled = self.step()
        if self.hot.settle_seconds > 0:
            time.sleep(self.hot.settle_seconds)
            handled += self.step()
        waiting_files(self.hot)  # folders just emptied go too, once quiet
        return handled

    def run_forever(self, *, poll: bool = False, stop: threading.Event | None = None) -> None:
        """Watch until stopped (Ctrl+C, SIGTERM, ``stop``). Woken by file events (inotify; polling with
        ``poll``, for network shares) and at least every half settle delay, to see files settle."""
        import watchfiles

        self.step()
        tick_ms = int(max(200.0, min(5000.0, self.hot.settle_seconds * 500)))
        for _changes in watchfiles.watch(
            self.hot.root, stop_event=stop, rust_timeout=tick_ms, yield_on_timeout=True, force_polling=poll or None,
            debounce=min(1600, tick_ms), raise_interrupt=False,
        ):  # fmt: skip
            self.step()


@contextmanager
def watch_lock(root: Path) -> Iterator[None]:
    """Only one watcher per hot folder: two would ingest the same file twice at once."""
    path = root / LOCK_NAME
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise WatchBusyError(f"Thư mục {root} đang được một tiến trình khác theo dõi (pid {holder}).") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
