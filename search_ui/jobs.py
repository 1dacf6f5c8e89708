"""Web uploads and retries as jobs: queued in the web database, run one at a time in the background.

On a single machine a job runs the same command a clerk would type (``sohoa ingest DIR --batch
NAME --json``, ``sohoa retry``, ``sohoa reindex``) in a child process: the Prefect flow, OCR workers
and their memory live and die there, never in the web server. One job at a time, since OCR already
uses every core. With a work pool (a province), an upload is submitted from the web server itself:
its files go to the store of originals, its pages to the pool's workers (``_ingest_on_pool``). A job found
``running`` when the server starts was interrupted: it is queued again, and the same command
resumes its batch without duplicates. Progress is read from the catalog, the record of truth.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from indexing.errors import SearchIndexError
from pipeline.catalog import Catalog, utc_now
from pipeline.errors import ERROR_CLASSES, ErrorClass
from pipeline.settings import Settings
from search_ui.accounts import WebStore

JOB_STATES = {"uploading": "Đang tải lên", "queued": "Đang chờ", "running": "Đang xử lý", "done": "Hoàn tất", "failed": "Lỗi hệ thống"}


@dataclass(frozen=True, slots=True)
class UploadedFile:
    path: str  # relative to the job's root folder, "/" separated, NFC
    size: int


@dataclass(frozen=True, slots=True)
class RefusedFile:
    path: str
    error_class: str
    message: str


def job_root(settings: Settings, job_id: int, batch_name: str) -> Path:
    """Where a job's files wait: its batch name is the top folder, so stored names read "Lô …/file.pdf"."""
    return settings.uploads_dir / str(job_id) / safe_component(batch_name, fallback="lo")


#: Longest path component written, in UTF-8 bytes (file systems allow 255; a Vietnamese letter takes up to 3).
MAX_COMPONENT_BYTES = 200


def safe_component(name: str, fallback: str = "tep") -> str:
    """One path component that cannot escape its folder: no separators, no dot names, no controls,
    at most MAX_COMPONENT_BYTES (a longer one keeps its extension and gains a digest of the whole)."""
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\:*?"<>|').strip().strip(".")
    return clip_utf8(cleaned, MAX_COMPONENT_BYTES) or fallback


def clip_utf8(name: str, limit: int) -> str:
    """``name`` if it fits in ``limit`` UTF-8 bytes; else its start, "…", 8 hex digits of its SHA-1
    (two long names sharing a start stay apart) and its extension."""
    if len(name.encode()) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        stem, extension = name, ""
    tail = f"…{hashlib.sha1(name.encode()).hexdigest()[:8]}" + (f".{extension}" if extension else "")
    room = limit - len(tail.encode())
    return stem.encode()[:room].decode("utf-8", "ignore").rstrip() + tail


def create_ingest_job(store: WebStore, batch_name: str, created_by: str, office: str = "") -> int:
    """An upload's job; its batch will be ``office``'s (the uploader's)."""
    return store.insert_job("ingest", batch_name, "uploading", created_by, utc_now(), office=office)


def queue_ingest_job(store: WebStore, job_id: int, root: Path, files: list[UploadedFile],
                     refused: list[RefusedFile]) -> None:  # fmt: skip
    """Files are on disk: hand the job to the runner (or close it at once if nothing was accepted)."""
    arguments = {"files": [asdict(f) for f in files], "refused": [asdict(r) for r in refused]}
    state = "queued" if files else "done"
    store.set_job_upload(job_id, str(root), json.dumps(arguments, ensure_ascii=False), state, utc_now())


def abandon_job(store: WebStore, job_id: int, message: str) -> None:
    """An upload that broke off before its files were all received: nothing is processed."""
    store.finish_job(job_id, "failed", utc_now(), message=message[:500])


def queue_retry_job(store: WebStore, error_class: str | None, created_by: str) -> int:
    label = f"Xử lý lại: {ERROR_CLASSES.get(error_class, error_class) if error_class else 'mọi lỗi'}"
    return store.insert_job("retry", label, "queued", created_by, utc_now(), json.dumps({"error_class": error_class}))


REINDEX_LABEL = "Dựng lại chỉ mục tìm kiếm"


def queue_reindex_job(store: WebStore, created_by: str) -> int:
    """A rebuild of the search index (``sohoa reindex``); the one already waiting or running, if any."""
    waiting = store.waiting_job_id("reindex")
    if waiting is not None:
        return waiting
    return store.insert_job("reindex", REINDEX_LABEL, "queued", created_by, utc_now())


def jobs(store: WebStore, offices: frozenset[str] | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The latest jobs (of these offices only, when given)."""
    return [_job(r) for r in store.job_rows(limit, offices)]


def job(store: WebStore, job_id: int, offices: frozenset[str] | None = None) -> dict[str, Any] | None:
    """The job, if it is one of these offices' (any office's when None)."""
    row = store.job_row(job_id)
    if row is None or (offices is not None and str(row["office"] or "") not in offices):
        return None
    return _job(row)


def queue_length(store: WebStore) -> int:
    return len(store.waiting_job_ids())


def refused_by_class(store: WebStore) -> dict[str, int]:
    """Files refused at upload (never stored, so not in the catalog), per error class."""
    counts: dict[str, int] = {}
    for arguments in store.job_arguments("ingest"):
        for refused in json.loads(arguments).get("refused", []):
            counts[refused["error_class"]] = counts.get(refused["error_class"], 0) + 1
    return counts


def _job(row: Any) -> dict[str, Any]:
    data = dict(row)
    data["arguments"] = json.loads(data.pop("arguments_json") or "{}")
    data["summary"] = json.loads(data.pop("summary_json") or "null")
    data["state_label"] = JOB_STATES.get(data["state"], data["state"])
    return data


# Progress ------------------------------------------------------------------------------------
def job_progress(settings: Settings, record: dict[str, Any]) -> dict[str, Any]:
    """Per-file state of an ingest job, and the whole job's fraction done, from the catalog."""
    files = record["arguments"].get("files", [])
    refused = record["arguments"].get("refused", [])
    root = Path(record["upload_dir"]) if record["upload_dir"] else None
    rows: list[dict[str, Any]] = []
    with Catalog(settings.catalog_location) as catalog:
        batch = catalog.batch_named(record["batch_name"])
        by_path = {r["source_path"]: r for r in catalog.batch_files(int(batch["id"]))} if batch else {}
        found = {item["path"]: by_path.get(str(root / item["path"])) if root else None for item in files}
        done = catalog.pages_done([r["document_id"] for r in found.values() if r is not None and r["document_id"]])
    for item in files:
        rows.append(_file_progress(item["path"], found[item["path"]], done, record["state"]))
    rows.extend(
        {"path": r["path"], "state": "refused", "label": "Bị từ chối khi tải lên", "fraction": 1.0,
         "error_class": r["error_class"], "error_message": r["message"], "document_id": None, "pages": None}
        for r in refused
    )  # fmt: skip
    total = len(rows)
    fraction = sum(r["fraction"] for r in rows) / total if total else 1.0
    if record["state"] in ("done", "failed"):
        fraction = 1.0
    failed = sum(1 for r in rows if r["error_class"])
    return {
        "job": {k: record[k] for k in ("id", "kind", "batch_name", "state", "state_label", "created_by",
                                       "created_at", "started_at", "finished_at", "message")},
        "files": rows,
        "total_files": total,
        "finished_files": sum(1 for r in rows if r["fraction"] >= 1.0),
        "failed_files": failed,
        "percent": round(100 * fraction),
    }  # fmt: skip


def _file_progress(path: str, row: Any, pages_done: dict[str, int], job_state: str) -> dict[str, Any]:
    out: dict[str, Any] = {"path": path, "document_id": None, "pages": None, "error_class": None,
                           "error_message": None}  # fmt: skip
    if row is None:
        waiting = job_state in ("queued", "uploading")
        out.update(state="waiting", label="Đang chờ" if waiting else "Đang tiếp nhận", fraction=0.0)
        if job_state in ("done", "failed"):
            out.update(state="failed", label="Lỗi", fraction=1.0, error_class=ErrorClass.INTERNAL,
                       error_message="Tệp không được xử lý; hãy tải lên lại.")  # fmt: skip
        return out
    out["document_id"] = row["document_id"]
    if row["outcome"] == "failed":
        out.update(state="failed", label="Lỗi", fraction=1.0, error_class=row["error_class"] or ErrorClass.INTERNAL,
                   error_message=row["error_message"] or "")  # fmt: skip
        return out
    state = row["document_state"]
    total_pages = row["document_page_count"]
    done_pages = pages_done.get(row["document_id"], 0)
    out["pages"] = {"done": done_pages, "total": total_pages}
    if row["document_error_class"]:
        out.update(error_class=row["document_error_class"], error_message=row["document_error_message"] or "")
    duplicate = row["outcome"] == "duplicate"
    if state == "indexed":
        out.update(state="indexed", label="Trùng, đã có trong kho" if duplicate else "Hoàn tất", fraction=1.0)
    elif state == "failed":
        out.update(state="failed", label="Lỗi", fraction=1.0)
    elif state == "extracted":
        if job_state in ("done", "failed"):
            out.update(state="failed", label="Chờ lập chỉ mục", fraction=1.0, error_class=SearchIndexError.error_class,
                       error_message="Chưa ghi được vào chỉ mục tìm kiếm; lần chạy sau sẽ tự ghi lại.")  # fmt: skip
        else:
            out.update(state="extracted", label="Đang lập chỉ mục", fraction=0.95)
    elif state == "recognized":
        out.update(state="recognized", label="Đang trích xuất thông tin", fraction=0.85)
    else:
        share = done_pages / total_pages if total_pages else 0.0
        label = f"Đang nhận dạng ({done_pages}/{total_pages} trang)" if total_pages else "Đã tiếp nhận"
        out.update(state="stored", label=label, fraction=0.1 + 0.7 * share)
    return out


# Runner --------------------------------------------------------------------------------------
class JobRunner:
    """One background thread that runs queued jobs in order, each as a ``sohoa`` child process."""

    def __init__(self, settings: Settings, store: WebStore) -> None:
        self.settings = settings
        self.store = store
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._child: subprocess.Popen[str] | None = None

    def start(self) -> None:
        # Interrupted by a stop or a crash: run again; `sohoa ingest` resumes its batch without duplicates.
        self.store.requeue_running_jobs()
        self.reconcile_uploads()
        self._thread = threading.Thread(target=self._loop, name="sohoa-jobs", daemon=True)
        self._thread.start()

    def reconcile_uploads(self) -> None:
        """At start: an upload still 'uploading' was cut off by a stop, a crash or a full disk (no
        request is receiving it now): it fails with that reason. Upload folders of no waiting job go."""
        self.store.fail_unfinished_uploads(
            utc_now(), "Tải lên bị gián đoạn (máy chủ dừng giữa chừng hoặc hết chỗ trên đĩa); hãy tải lên lại."
        )
        waiting = {str(job_id) for job_id in self.store.waiting_job_ids()}
        if self.settings.uploads_dir.is_dir():
            for folder in self.settings.uploads_dir.iterdir():
                if folder.is_dir() and folder.name not in waiting:
                    shutil.rmtree(folder, ignore_errors=True)

    def _rebuild_if_needed(self) -> None:
        """An index built by an older sohoa, or a rebuild left unfinished: queue `sohoa reindex`.
        Searches keep using the index that serves now until the new one is complete."""
        from indexing.backends import shared_backend
        from indexing.errors import SearchIndexError

        try:
            state = shared_backend(self.settings).state()
        except SearchIndexError:
            return  # unreachable now; the next index pass records it
        with Catalog(self.settings.catalog_location) as catalog:
            requested = catalog.index_rebuild_requested()
        if not state.current or state.building or requested:
            queue_reindex_job(self.store, "sohoa")

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._child and self._child.poll() is None:
            self._child.terminate()
        if self._thread:
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        self._rebuild_if_needed()
        while not self._stop.is_set():
            row = self.store.next_queued_job()
            if row is None:
                self._wake.wait(timeout=5)
                self._wake.clear()
                continue
            self._run(_job(row))

    def _ingest_on_pool(self, record: dict[str, Any]) -> tuple[int, Any, str | None]:
        """With a work pool, an upload is submitted from here, no child command: the files go to the
        store of originals (this thread), the pages to the pool's workers, and the job waits on
        the catalog, as ``sohoa ingest`` would. A killed server leaves the job 'running': queued
        again at the next start, it resumes without duplicates."""
        from pipeline.commands import ingest_files

        try:
            office = str(record.get("office") or "")
            settings = self.settings.model_copy(update={"office": office})
            result = ingest_files(settings, {"office": office}, [Path(record["upload_dir"])],
                                  record["batch_name"], bars=False)  # fmt: skip
        except Exception as exc:  # a server out of reach: the job fails with the reason; retry reads it again
            return -1, None, f"{type(exc).__name__}: {exc}"
        return int(result.exit_code), result.summary, result.stopped_message or None

    def _run_child(self, record: dict[str, Any]) -> tuple[int, Any, str | None] | None:
        """The job as the command a clerk would type, in a child process (None: stopped with the server)."""
        try:
            self._child = subprocess.Popen(
                self.command_for(record), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
            stdout, stderr = self._child.communicate()
            code = self._child.returncode
        except OSError as exc:
            code, stdout, stderr = -1, "", str(exc)
        if self._stop.is_set() and code not in (0, 1):
            return None
        try:
            summary = json.loads(stdout) if stdout.strip() else None
        except json.JSONDecodeError:
            summary = None
        return code, summary, (stderr.strip().splitlines() or ["?"])[-1]

    def command_for(self, record: dict[str, Any]) -> list[str]:
        base = [sys.executable, "-m", "pipeline.cli", "--home", str(self.settings.home)]
        if record["kind"] == "ingest":
            # --batch=NAME: a name that starts with "-" must not read as an option.
            return [*base, "ingest", record["upload_dir"], f"--batch={record['batch_name']}",
                    f"--office={record.get('office') or ''}", "--json"]  # fmt: skip
        if record["kind"] == "reindex":
            return [*base, "reindex"]
        error_class = record["arguments"].get("error_class")
        return [*base, "retry", *(["--class", error_class] if error_class else [])]

    def _run(self, record: dict[str, Any]) -> None:
        self.store.start_job(record["id"], utc_now())
        if self.settings.work_pool and record["kind"] == "ingest":
            code, summary, message = self._ingest_on_pool(record)
        else:
            ran = self._run_child(record)
            if ran is None:
                return  # stopped with the server: stays 'running', queued again at the next start
            code, summary, message = ran
        # 0: all files processed; 1: some files failed, each recorded with its class (the batch is done).
        state = "done" if code in (0, 1) else "failed"
        message = None if state == "done" else (message or "?")[:500]
        self.store.finish_job(record["id"], state, utc_now(), code, json.dumps(summary, ensure_ascii=False), message)
        if state == "done" and record["kind"] == "ingest" and record["upload_dir"]:
            # Every file is now in the store of originals (failed ones too): the upload copy can go.
            shutil.rmtree(Path(record["upload_dir"]).parent, ignore_errors=True)
