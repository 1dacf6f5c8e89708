"""What each ``sohoa`` subcommand does; ``cli.py`` parses, this runs and prints."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from indexing.errors import SearchIndexError
from pipeline.catalog import Catalog, DocumentState
from pipeline.catalog.engine import shown
from pipeline.cli import print_json
from pipeline.errors import DiskFullError, ErrorClass, ExitCode, is_disk_full
from pipeline.progress import SilentProgress, progress, reporting_to
from pipeline.report import STAGE_LABELS, local_time
from pipeline.settings import Settings, load_settings

OUTCOME_LABELS = {"new": "mới", "duplicate": "trùng (đã nạp trước)", "again": "đã có trong lô", "failed": "lỗi"}
STATE_LABELS = {
    "stored": "đã lưu", "recognized": "đã nhận dạng", "extracted": "đã trích xuất",
    "indexed": "hoàn tất", "failed": "lỗi", "split": "đã tách thành nhiều văn bản", "superseded": "đã tách lại",
}  # fmt: skip

if TYPE_CHECKING:
    from pipeline.intake import FoundFile

err = Console(stderr=True)


class RichProgress:
    """Terminal progress bars, one per stage, on standard error (standard output stays clean)."""

    def __init__(self) -> None:
        self._bars = Progress(
            TextColumn("{task.description:<26}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=False,
        )  # fmt: skip
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> RichProgress:
        self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.stop()

    def start(self, stage: str, total: int) -> None:
        label = STAGE_LABELS.get(stage, stage)
        if stage in self._tasks:
            self._bars.update(self._tasks[stage], total=total, completed=0)
        else:
            self._tasks[stage] = self._bars.add_task(label, total=total)

    def advance(self, stage: str, amount: int = 1) -> None:
        if stage in self._tasks:
            self._bars.advance(self._tasks[stage], amount)


def _file_failed(row: Any) -> tuple[str, str] | None:
    if row["outcome"] == "failed":
        return row["error_class"] or ErrorClass.INTERNAL, row["error_message"] or ""
    if row["document_error_class"]:
        return row["document_error_class"], row["document_error_message"] or ""
    if row["document_state"] == DocumentState.EXTRACTED:
        return SearchIndexError.error_class, "Chưa ghi được vào chỉ mục tìm kiếm; lần chạy sau sẽ tự ghi lại."
    return None


def _disk_full_in(report: Any) -> bool:
    return report is not None and report.stopped_by == DiskFullError.error_class


def ingest(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:  # a typo, not a bad file: nothing is recorded, no batch is made
        err.print(f"sohoa ingest: không tìm thấy {', '.join(missing)}")
        return ExitCode.usage
    from pipeline.intake import discover

    if next(discover(args.paths), None) is None:
        err.print(f"sohoa ingest: không có tệp nào để nạp trong {', '.join(str(p) for p in args.paths)} (tệp ẩn được bỏ qua)")
        return ExitCode.usage
    batch_name = args.batch or args.paths[0].resolve().name or "batch"
    err.print(f"[bold]sohoa[/bold]: nạp lô [cyan]{batch_name}[/cyan] vào {settings.home}")
    result = ingest_files(settings, overrides, [p.resolve() for p in args.paths], batch_name)
    if result.summary is None:  # the catalog itself could not be written: nothing to list
        if args.json:
            print_json({"batch": batch_name, "error_class": ErrorClass.DISK_FULL, "error_message": result.stopped_message})
        return ExitCode.some_files_failed
    if args.json:
        print_json(result.summary)
    else:
        _print_ingest_table(result.rows, result.summary)
    return result.exit_code


@dataclass
class IngestResult:
    """What one ingest run did, file by file (``rows``: the batch's files seen in this run, each with its
    ``outcome`` and ``failure``: (error class, Vietnamese message) or None)."""

    batch_name: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] | None = None
    stopped_message: str = ""  # set when the disk filled up: the rest waits for the next run

    @property
    def exit_code(self) -> int:
        failed = self.summary is None or self.summary["failed"]
        return ExitCode.some_files_failed if failed else ExitCode.ok


def ingest_files(
    settings: Settings, overrides: dict[str, Any], paths: list[Path | FoundFile], batch_name: str, *, bars: bool = True
) -> IngestResult:
    """Intake, then the Prefect flow when anything is left to do; ``sohoa ingest`` and ``sohoa watch``
    both run this. A full disk ends the run with ``stopped_message`` set, never with an exception."""
    started = time.perf_counter()
    from pipeline.stages import intake, plan

    report: intake.IntakeReport | None = None
    stopped: DiskFullError | None = None
    try:
        with RichProgress() if bars else contextlib.nullcontext(SilentProgress()) as shown, reporting_to(shown):
            with Catalog(settings.catalog_location) as catalog:
                report = intake.intake(catalog, settings, paths, batch_name)
                document_ids = list(dict.fromkeys(report.new + report.duplicates))
                busy = plan.needs_work(catalog, settings, document_ids) and not _disk_full_in(report)
            if busy and settings.work_pool:  # the province's machines read it; this one waits for them
                _run_on_pool(settings, document_ids, batch_name, shown)
            elif busy:  # Prefect (and its temporary server) only when there is work: duplicates cost nothing
                from pipeline.stages import recognize

                with Catalog(settings.catalog_location) as catalog:  # pages are read while Prefect starts
                    recognize.warm_up(settings, catalog, document_ids)
                try:
                    from flows import process_batch, run_here

                    with run_here():
                        process_batch(overrides, document_ids, batch_name)
                finally:
                    recognize.cool_down()
    except Exception as exc:  # no room left: say so, list what was recorded, keep nothing half-written
        if not (isinstance(exc, DiskFullError) or is_disk_full(exc)):
            raise
        stopped = exc if isinstance(exc, DiskFullError) else DiskFullError(f"Hết chỗ trên đĩa ({exc}).")
    result = IngestResult(batch_name)
    if stopped is not None or (report is not None and _disk_full_in(report)):
        result.stopped_message = stopped.message if stopped else "Hết chỗ trên đĩa."
        err.print(f"[red]disk_full[/red]: {result.stopped_message} Giải phóng chỗ trong {settings.home} rồi chạy"
                  " lại cùng lệnh: lô sẽ được nạp tiếp, không trùng lặp.")  # fmt: skip
    if report is None:
        return result
    elapsed = time.perf_counter() - started
    with Catalog(settings.catalog_location) as catalog:
        rows = [
            {**dict(r), "outcome": report.outcomes[r["source_path"]]}
            for r in catalog.batch_files(report.batch_id)
            if r["source_path"] in report.outcomes
        ]
        pages = {r["document_id"]: catalog.document(r["document_id"]) for r in rows if r["document_id"]}
        for row in rows:
            row["failure"] = _file_failed(row)
            row["parts"] = [
                {"document_id": part.id, "pages": [part.first_page, part.last_page], "state": part.state,
                 "doc_type": (meta := catalog.effective_metadata(part.id)).get("doc_type"), "number": meta.get("number")}
                for part in (catalog.parts(row["document_id"]) if row["document_state"] == DocumentState.SPLIT else [])
            ]  # fmt: skip
            row["near_duplicate_of"] = [
                {"document_id": n["earlier_id"], "source": n["earlier_source_name"], "reasons": n["reasons"]}
                for n in (catalog.near_duplicates(row["document_id"], waiting_only=True) if row["document_id"] else [])
                if n["document_id"] == row["document_id"]
            ]
    result.rows = rows
    result.summary = {
        "batch": batch_name,
        "files": len(rows),
        "new": sum(r["outcome"] == "new" for r in rows),
        "duplicates": sum(r["outcome"] == "duplicate" for r in rows),
        "already_in_batch": sum(r["outcome"] == "again" for r in rows),
        "failed": sum(r["failure"] is not None for r in rows),
        "pages": sum((d.page_count or 0) for d in pages.values() if d is not None),
        "seconds": round(elapsed, 1),
        "files_detail": [
            {
                "source": r["display_name"], "document_id": r["document_id"], "outcome": r["outcome"],
                "state": r["document_state"], "error_class": r["failure"] and r["failure"][0],
                "error_message": r["failure"] and r["failure"][1], "near_duplicate_of": r["near_duplicate_of"],
                "parts": r["parts"],
            }  # fmt: skip
            for r in rows
        ],
    }
    return result


def _run_on_pool(settings: Settings, document_ids: list[str], batch_name: str, shown: Any) -> None:
    """Submit the batch to the work pool in chunks and wait until the catalog says every document
    is finished (by whichever workers), showing pages read as they come; then write to the index
    whatever else waits for it (a correction, a document an unreachable index left behind), which
    pool runs leave alone."""
    from pipeline.stages import plan

    pool = settings.work_pool
    assert pool is not None
    with Catalog(settings.catalog_location) as catalog:
        pending = plan.unfinished(catalog, settings, document_ids)
        if pending:
            _wait_for_pool(settings, catalog, pending, batch_name, pool, shown)
        in_flight = {str(c["document_id"]) for c in catalog.claims()}
        waiting = [d.id for d in catalog.documents(states=[DocumentState.EXTRACTED]) if d.id not in in_flight]
        if waiting:
            from indexing.backends import shared_backend
            from pipeline.stages.index import index

            index(catalog, shared_backend(settings), waiting)


def _wait_for_pool(settings: Settings, catalog: Catalog, pending: list[str], batch_name: str, pool: str,
                   shown: Any) -> None:  # fmt: skip
    from pipeline import work_pool
    from pipeline.stages import plan

    total = sum((d.page_count or 0) for d in (catalog.document(i) for i in pending) if d is not None)
    runs = work_pool.submit(settings, catalog, pending, batch_name, pool)
    if not work_pool.online_workers(pool):
        err.print(f"Đã gửi {len(runs)} phần của lô vào nhóm {pool}, nhưng chưa có máy nào nhận việc: chạy"
                  " `sohoa worker` trên một máy; lệnh này chờ.")  # fmt: skip
    shown.start("recognize", total)
    done = 0
    while pending:
        time.sleep(2.0)
        now = sum(catalog.pages_done(pending).values())
        if now > done:
            shown.advance("recognize", now - done)
            done = now
        pending = plan.unfinished(catalog, settings, pending)


def watch(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    if not args.folder.is_dir():
        err.print(f"sohoa watch: không có thư mục {args.folder}")
        return ExitCode.usage
    if args.settle < 0 or args.retry_after < 0:
        err.print("sohoa watch: --settle và --retry-after phải ≥ 0")
        return ExitCode.usage
    import signal
    import threading

    from pipeline.watch import FileVerdict, Handled, HotFolder, Stopping, WatchBusyError, Watcher, watch_lock

    hot = HotFolder(args.folder.resolve(), args.batch_by, args.settle, args.retry_after,
                    args.done and args.done.resolve(), args.failed and args.failed.resolve())  # fmt: skip
    out = Console(highlight=False)

    def ingest_batch(batch: str, files: list[FoundFile]) -> list[FileVerdict]:
        result = ingest_files(settings, overrides, list(files), batch, bars=False)
        verdicts = []
        for row in result.rows:
            error_class, message = row["failure"] or (None, "")
            verdicts.append(FileVerdict(Path(row["source_path"]), row["outcome"], error_class, message, row["document_id"]))
        return verdicts

    def report(handled: Handled) -> None:
        verdict, moment = handled.verdict, time.strftime("%H:%M:%S")
        where = f"→ {_shorter(handled.target, hot.root)}" if handled.target else f"ở lại: {handled.note}"
        if verdict.error_class:
            what = f"[red]{verdict.error_class}[/red]: {verdict.error_message}"
        else:
            what = OUTCOME_LABELS.get(verdict.outcome, verdict.outcome)
        source = _shorter(handled.source, hot.root)
        out.print(f"{moment}  [cyan]{handled.batch}[/cyan]  {source} {where}  ({what})", soft_wrap=True)

    # systemd stops with SIGTERM: it ends the watch as Ctrl+C does, never between a file's move and its line.
    stopping = Stopping()
    main_thread = threading.current_thread() is threading.main_thread()  # only it may set handlers
    previous = {number: signal.signal(number, stopping.ask) for number in (signal.SIGTERM, signal.SIGINT)} if main_thread else {}
    watcher = Watcher(hot, ingest_batch, report, stopping=stopping)
    try:
        with watch_lock(hot.root):
            by = "ngày" if hot.batch_by == "day" else "thư mục con"
            err.print(f"[bold]sohoa[/bold]: theo dõi {hot.root} (lô theo {by}; tệp phải đứng yên {hot.settle_seconds:g} s)"
                      f" → {settings.home}; xong: {hot.done}, lỗi: {hot.failed}" + ("" if args.once else "; Ctrl+C để dừng"))  # fmt: skip
            if args.once:
                handled = watcher.run_once()
                failed = [h for h in handled if h.verdict.error_class]
                err.print(f"{len(handled)} tệp: {len(handled) - len(failed)} xong, {len(failed)} lỗi")
                return ExitCode.some_files_failed if failed else ExitCode.ok
            watcher.run_forever(poll=args.poll)
    except WatchBusyError as exc:
        err.print(f"sohoa watch: {exc.message}")
        return ExitCode.usage
    except KeyboardInterrupt:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    err.print("Đã dừng theo dõi. Tệp chưa xử lý xong vẫn ở trong thư mục; lần chạy sau sẽ nạp tiếp, không trùng lặp.")
    return ExitCode.ok


def _page_range(pages: list[int]) -> str:
    return str(pages[0]) if pages[0] == pages[1] else f"{pages[0]}–{pages[1]}"


def _shorter(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _print_ingest_table(rows: list[Any], summary: dict[str, Any]) -> None:
    out = Console()
    table = Table(title=f"Lô {summary['batch']}", show_lines=False)
    for column in ("Tệp", "Kết quả", "Trạng thái", "Lỗi"):
        table.add_column(column, overflow="fold")
    for row in rows:
        failed = row["failure"]
        table.add_row(
            row["display_name"],
            OUTCOME_LABELS.get(row["outcome"], row["outcome"]),
            STATE_LABELS.get(row["document_state"] or "", row["document_state"] or "-"),
            f"[red]{failed[0]}[/red]: {failed[1]}" if failed else "",
        )
    out.print(table)
    for row in rows:
        if row["parts"]:
            out.print(f"{row['display_name']} gồm {len(row['parts'])} văn bản: " + "; ".join(
                f"trang {_page_range(p['pages'])} {p['doc_type'] or 'văn bản'}{' số ' + p['number'] if p['number'] else ''}"
                for p in row["parts"]) + " (văn thư có thể sửa chỗ tách ở trang Kiểm tra)", highlight=False)  # fmt: skip
        for n in row["near_duplicate_of"]:
            out.print(f"[yellow]Có thể trùng[/yellow]: {row['display_name']} ↔ {n['source']} ({n['reasons']}); "
                      "văn thư xác nhận ở trang Kiểm tra, không tài liệu nào bị gộp.", highlight=False)  # fmt: skip
    out.print(
        f"{summary['files']} tệp: {summary['new']} mới, {summary['duplicates']} trùng, "
        f"{summary['already_in_batch']} đã có trong lô, "
        f"[{'red' if summary['failed'] else 'green'}]{summary['failed']} lỗi[/]; "
        f"{summary['pages']} trang; {summary['seconds']} s"
    )


def search(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    if args.limit < 1:
        err.print("sohoa: --limit phải ≥ 1")
        return ExitCode.usage
    from indexing.backends import shared_backend
    from indexing.query import SearchRequest
    from pipeline.archive import search_documents, search_json

    request = SearchRequest(
        args.query, limit=args.limit, offset=max(0, args.offset), doc_type=args.doc_type, agency=args.agency,
        place=args.place, batch=args.batch, dossier=args.dossier, date_from=args.date_from, date_to=args.date_to,
        sort=args.sort, fuzzy=args.fuzzy, per_document=args.per_document, records=args.records,
    )  # fmt: skip
    if args.json:
        print_json(search_json(settings, request))
        return ExitCode.ok
    results = search_documents(shared_backend(settings), request)
    out = Console()
    tolerant = " (chấp nhận lỗi nhận dạng)" if results.fuzzy else ""
    out.print(f"[bold]{results.total}[/bold] trang khớp với «{args.query}»{tolerant}")
    for name, label in (("doc_type", "Loại"), ("year", "Năm"), ("agency", "Cơ quan")):
        counts = results.facets.get(name)
        if counts:
            out.print(f"  {label}: " + ", ".join(f"{value} ({count})" for value, count in counts.items()), highlight=False)
    for rank, hit in enumerate(results.hits, start=1 + max(0, args.offset)):
        meta = hit.metadata
        label = " · ".join(str(v) for v in (meta.get("doc_type"), meta.get("number"), meta.get("issued_date")) if v)
        out.print(f"\n[bold]{rank}.[/bold] [cyan]{hit.source}[/cyan] trang {hit.page}  {label}  (điểm {hit.score:.2f})")
        out.print(f"   {hit.snippet}", highlight=False, markup=False)
    return ExitCode.ok


def _processed_document(catalog: Catalog, document_id: str, command: str) -> Any:
    """The document if it went through extraction; else None, with the clerk told why."""
    from pipeline.archive import processed_document

    document = processed_document(catalog, document_id)
    if document is None:
        err.print(f"sohoa {command}: không có tài liệu đã xử lý với mã {document_id}")
    return document


def export(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    from pipeline.export import export_documents

    with Catalog.for_reading(settings.catalog_location) as catalog:
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            with args.out.open("w", encoding="utf-8") as handle:
                count = export_documents(catalog, handle)
            err.print(f"Đã xuất {count} tài liệu vào {args.out}")
        else:
            export_documents(catalog, sys.stdout)
    return ExitCode.ok


def status(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    from indexing.backends import shared_backend
    from pipeline.report import index_report, status_report

    with Catalog.for_reading(settings.catalog_location) as catalog:
        report = status_report(catalog, settings.review_confidence, settings.review_field_confidence)
        report["index"] = index_report(catalog, shared_backend(settings))
    report["catalog"] = shown(settings.catalog_location)
    report["storage"] = settings.storage_url or str(settings.home)
    if args.json:
        print_json(report)
        return ExitCode.ok
    out = Console()
    out.print(f"Kho: {settings.home}")
    out.print(f"Danh mục: {report['catalog']}")
    out.print(f"Tệp gốc và ảnh trang: {report['storage']}")
    states = Table(title="Tài liệu theo trạng thái")
    states.add_column("Trạng thái")
    states.add_column("Số tài liệu", justify="right")
    for state, count in report["documents_by_state"].items():
        states.add_row(STATE_LABELS.get(state, state), str(count))
    out.print(states)
    _print_index(out, report["index"])
    batches = Table(title="Các lô")
    for column in ("Lô", "Tệp", "Mới", "Trùng", "Lỗi", "Cập nhật"):
        batches.add_column(column)
    for b in report["batches"]:
        batches.add_row(b["name"], str(b["files"]), str(b["new"]), str(b["duplicates"]), str(b["failed"]),
                        local_time(b["updated_at"]))  # fmt: skip
    out.print(batches)
    stages = Table(title="Thời gian theo công đoạn")
    for column in ("Công đoạn", "Lượt", "Lỗi", "TB (s)", "Tổng (s)"):
        stages.add_column(column)
    for s in report["stages"]:
        stages.add_row(STAGE_LABELS.get(s["stage"], s["stage"]), str(s["runs"]), str(s["failed"]), f"{s['mean_s']:.2f}",
                       f"{s['total_s']:.1f}")  # fmt: skip
    out.print(stages)
    if report["workers"]:
        machines = Table(title="Máy xử lý (1 giờ qua)")
        for column in ("Máy", "Trang", "Trang/phút", "Đang giữ (văn bản)"):
            machines.add_column(column)
        for w in report["workers"]:
            machines.add_row(w["worker"], str(w["pages_last_hour"]), str(w["pages_per_minute"] or "–"),
                             str(w["documents_in_hand"]))  # fmt: skip
        out.print(machines)
    if report["failures"]:
        failures = Table(title="Lỗi")
        for column in ("Tài liệu", "Tệp", "Lớp lỗi", "Thông báo"):
            failures.add_column(column, overflow="fold")
        for f in report["failures"]:
            failures.add_row(f["document_id"] or "-", f["source"], f"[red]{f['error_class']}[/red]", f["error_message"])
        out.print(failures)
    else:
        out.print("[green]Không có lỗi.[/green]")
    if report["review"]:
        listed = len(report["review"])
        more = f"; {listed} trang kém nhất trong {report['review_count']}" if report["review_count"] > listed else ""
        review = Table(title=f"Trang cần kiểm tra (độ tin cậy < {settings.review_confidence:.0%}{more})")
        for column in ("Tài liệu", "Tệp", "Trang", "Độ tin cậy"):
            review.add_column(column)
        for r in report["review"]:
            review.add_row(r["document_id"], r["source"], str(r["page"]), f"{r['confidence']:.0%}")
        out.print(review)
    if report["review_fields"]:
        listed = len(report["review_fields"])
        more = f"; {listed} trường kém nhất trong {report['review_fields_count']}" if report["review_fields_count"] > listed else ""
        fields = Table(title=f"Trường cần xác nhận (độ tin cậy < {settings.review_field_confidence:.0%}{more}; sửa: sohoa edit)")
        for column in ("Tài liệu", "Tệp", "Trường", "Giá trị", "Độ tin cậy"):
            fields.add_column(column, overflow="fold")
        for f in report["review_fields"]:
            fields.add_row(f["document_id"], f["source"], f["field"], str(f["value"]), f"{f['confidence']:.0%}")
        out.print(fields)
    if report["near_duplicates"]:
        pairs = Table(title="Có thể là cùng một giấy tờ quét hai lần (văn thư xác nhận ở trang Kiểm tra)")
        for column in ("Tài liệu", "Tệp", "Bản trước", "Tệp trước", "Vì sao"):
            pairs.add_column(column, overflow="fold")
        for n in report["near_duplicates"]:
            pairs.add_row(n["document_id"], n["source"], n["earlier_id"], n["earlier_source"], n["reasons"])
        out.print(pairs)
    return ExitCode.ok


def _print_index(out: Console, index: dict[str, Any]) -> None:
    colour = "green" if index["in_step"] else "red"
    if not index["reachable"]:
        out.print(f"Chỉ mục tìm kiếm ({index['backend']}): [red]{index['error_class']}[/red] {index['message']}")
        return
    table = Table(title=f"Chỉ mục tìm kiếm ({index['backend']}: {index['active'] or 'chưa có'})")
    for column in ("", "Trang", "Tài liệu", "Hồ sơ"):
        table.add_column(column, justify="right")
    held, wanted = index["counts"], index["catalog"]
    table.add_row("Trong chỉ mục", str(held["pages"]), str(held["documents"]), str(held["dossiers"]))
    table.add_row("Theo danh mục", str(wanted["pages"]), str(wanted["documents"]), str(wanted["dossiers"]))
    out.print(table)
    out.print(f"[{colour}]{index['message']}[/{colour}]")


def retry(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    with Catalog(settings.catalog_location) as catalog:
        document_ids = catalog.reset_failed(args.error_class)
    if not document_ids:
        err.print("Không có tài liệu lỗi cần xử lý lại.")
        return ExitCode.ok
    err.print(f"Xử lý lại {len(document_ids)} tài liệu…")
    from flows import process_documents, run_here
    from pipeline.stages.intake import reprobe

    with Catalog(settings.catalog_location) as catalog:
        reprobe(catalog, settings, document_ids)
    with RichProgress() as bars, reporting_to(bars):
        if settings.work_pool:  # the province's machines read them again, as they read batches
            _run_on_pool(settings, document_ids, "xử lý lại", bars)
        else:
            with run_here():
                process_documents(overrides, document_ids)
    with Catalog(settings.catalog_location) as catalog:
        still = [d for d in (catalog.document(i) for i in document_ids) if d is not None and d.error_class]
    for document in still:
        err.print(f"[red]{document.error_class}[/red] {document.source_name}: {document.error_message}")
    err.print(f"{len(document_ids) - len(still)} tài liệu đã xử lý xong, {len(still)} vẫn lỗi.")
    return ExitCode.some_files_failed if still else ExitCode.ok


def reindex(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from flows import reindex as reindex_flow
    from flows import run_here

    try:
        with RichProgress() as bars, reporting_to(bars), run_here():
            report = reindex_flow(overrides)
    except SearchIndexError as exc:
        err.print(f"[red]{exc.error_class}[/red]: {exc.message}")
        return ExitCode.some_files_failed
    counts = report.counts
    resumed = " (tiếp tục lần dựng lại bị ngắt)" if report.resumed else ""
    err.print(f"Đã dựng lại chỉ mục {report.generation}{resumed}: {report.documents} tài liệu, "
              f"{report.caught_up} cập nhật trong lúc dựng; đang phục vụ {counts.pages} trang, "
              f"{counts.documents} tài liệu, {counts.dossiers} hồ sơ.")  # fmt: skip
    return ExitCode.ok


def outputs(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    if not (args.pdf or args.alto or args.hocr or args.signed_copy):
        err.print("sohoa outputs: chọn ít nhất một trong --pdf, --alto, --hocr, --signed-copy")
        return ExitCode.usage
    from pipeline.errors import SohoaError
    from pipeline.outputs import page_xml, searchable_pdf

    with Catalog.for_reading(settings.catalog_location) as catalog:
        document = _processed_document(catalog, args.document, "outputs")
        if document is None:
            return ExitCode.usage
        try:
            if args.pdf:
                searchable_pdf(catalog, settings, document.id, args.pdf)
                err.print(f"PDF: {args.pdf}")
            for kind, directory in (("alto", args.alto), ("hocr", args.hocr)):
                if directory:
                    written = page_xml(catalog, document.id, kind, directory)
                    err.print(f"{kind.upper()}: {len(written)} tệp trong {directory}")
            if args.signed_copy:
                _signed_copy(catalog, settings, document.id, args.signed_copy, args.copy_form)
        except SohoaError as exc:
            err.print(f"[red]{exc.error_class}[/red]: {exc.message}")
            return ExitCode.some_files_failed
    return ExitCode.ok


def _signed_copy(catalog: Catalog, settings: Settings, document_id: str, target: Path, copy_form: str) -> None:
    import tempfile

    from pipeline.outputs import searchable_pdf
    from pipeline.signing import sign_for_office

    with tempfile.TemporaryDirectory(prefix="sohoa-sao-") as work:
        unsigned = Path(work) / "ban-sao.pdf"
        searchable_pdf(catalog, settings, document_id, unsigned)
        sign_for_office(settings, unsigned, target, copy_form)
    err.print(f"Bản sao điện tử ({copy_form}), đã ký: {target}")


def citizen(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from pipeline.citizen import InvalidIdNumber, id_number_digits, results_of
    from search_ui.accounts import WebStore

    settings = load_settings(**overrides)
    try:
        digits = id_number_digits(args.id_number)
    except InvalidIdNumber as exc:
        err.print(f"sohoa citizen: {exc}")
        return ExitCode.usage
    if len(args.purpose.strip()) < 3:
        err.print("sohoa citizen: --purpose: ghi rõ mục đích tra cứu.")
        return ExitCode.usage
    with Catalog.for_reading(settings.catalog_location) as catalog:
        found = results_of(catalog, digits, args.procedure)
    with WebStore(settings.web_store_location) as store:
        store.audit(args.by, "citizen_lookup", digits, {"purpose": args.purpose.strip(), "procedure": args.procedure,
                                                         "results": len(found)}, "cli")  # fmt: skip
    if args.json:
        print_json({"id_number": digits, "procedure": args.procedure, "results": [r.as_json() for r in found]})
        return ExitCode.ok
    if not found:
        err.print(f"Không có kết quả nào mang số {digits}.")
    out = Console(highlight=False)
    for r in found:
        out.print(f"{r.document_id}  {r.doc_type or '?'} {r.number or ''}  {r.issued_date or ''}  "
                  f"{r.subject or r.source_name}" + (f"  [hồ sơ {r.dossier_code}]" if r.dossier_code else ""))  # fmt: skip
    return ExitCode.ok


def verify(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from pipeline.fixity import check
    from pipeline.storage import Storage

    settings = load_settings(**overrides)
    with Catalog(settings.catalog_location) as catalog, RichProgress() as bars, reporting_to(bars):
        progress().start("fixity", catalog.count_originals())
        report = check(catalog, Storage.for_settings(settings), lambda: progress().advance("fixity"))
    if args.json:
        print_json({"checked": report.checked, "ok": report.ok, "changed": report.changed, "missing": report.missing})
    for item in report.changed:
        err.print(f"[red]{ErrorClass.FIXITY_FAILED}[/red] {item['source']} ({item['document_id']}): đã bị thay đổi")
    for item in report.missing:
        err.print(f"[red]{ErrorClass.FIXITY_FAILED}[/red] {item['source']} ({item['document_id']}): không còn trong kho")
    err.print(f"Đã kiểm tra {report.checked} bản gốc: {len(report.changed)} bị thay đổi, {len(report.missing)} bị mất.")
    return ExitCode.ok if report.ok else ExitCode.some_files_failed


def verify_pdf(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from pipeline.signing import SigningError, verify

    try:
        reports = verify(args.file, args.trust)
    except (SigningError, OSError) as exc:
        message = exc.message if isinstance(exc, SigningError) else str(exc)
        err.print(f"[red]{ErrorClass.SIGNING_FAILED}[/red]: {message}")
        return ExitCode.some_files_failed
    good = bool(reports) and all(r.intact and r.valid and (r.trusted or not args.trust) for r in reports)
    if args.json:
        print_json({"file": str(args.file), "ok": good, "signatures": [
            {"field": r.field, "signer": r.signer, "signed_at": r.signed_at.isoformat() if r.signed_at else None,
             "intact": r.intact, "valid": r.valid, "trusted": r.trusted, "whole_file": r.whole_file}
            for r in reports]})  # fmt: skip
    else:
        if not reports:
            err.print("Tệp không có chữ ký số nào.")
        for r in reports:
            state = "nguyên vẹn" if r.intact and r.valid else "[red]ĐÃ BỊ THAY ĐỔI hoặc chữ ký không hợp lệ[/red]"
            trust = "" if not args.trust else (", chứng thư tin cậy" if r.trusted else ", [red]chứng thư không tin cậy[/red]")
            when = r.signed_at.isoformat() if r.signed_at else "?"
            err.print(f"{r.field}: {r.signer}, ký lúc {when}: {state}{trust}")
    return ExitCode.ok if good else ExitCode.some_files_failed


def edit(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from pipeline.archive import InvalidFieldValue, parse_field_value, save_corrections

    settings = load_settings(**overrides)
    if args.dossier:
        return _edit_dossier(args, settings)
    try:
        value = parse_field_value(args.field, args.value)
    except InvalidFieldValue as exc:
        err.print(f"sohoa edit: {exc}")
        return ExitCode.usage
    with Catalog(settings.catalog_location) as catalog:
        document = _processed_document(catalog, args.document, "edit")
    if document is None:
        return ExitCode.usage
    save_corrections(settings, document.id, {args.field: value}, args.by)
    err.print(f"Đã sửa {args.field} của {document.source_name}: {value!r} (người sửa: {args.by})")
    return ExitCode.ok


def _edit_dossier(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.archival import InvalidArchivalValue, describe_dossier, parse_dossier_value
    from pipeline.package import find_dossier
    from pipeline.retention import Schedule

    try:
        value = parse_dossier_value(args.field, args.value)
    except InvalidArchivalValue as exc:
        err.print(f"sohoa edit: {exc}")
        return ExitCode.usage
    with Catalog(settings.catalog_location) as catalog:
        dossier = find_dossier(catalog, args.document)
        if dossier is None:
            err.print(f"sohoa edit: không có hồ sơ {args.document} (xem `sohoa dossiers`).")
            return ExitCode.usage
        previous = describe_dossier(catalog, dossier, Schedule.of(catalog)).as_json().get(args.field)
        catalog.correct_dossier_field(str(dossier["id"]), args.field, value, previous, args.by)
    err.print(f"Đã sửa {args.field} của hồ sơ {dossier.get('code') or dossier['id']}: {value!r} (người sửa: {args.by})")
    return ExitCode.ok


def dossiers(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    with Catalog.for_reading(settings.catalog_location) as catalog:
        records = catalog.dossiers()
        names = {d.id: d.source_name for d in catalog.documents()}
    if args.json:
        print_json(records)
        return ExitCode.ok
    out = Console()
    table = Table(title=f"{len(records)} hồ sơ")
    for column in ("Mã hồ sơ", "Thủ tục / thư mục", "Người nộp", "Nhận", "Hẹn trả", "Văn bản"):
        table.add_column(column, overflow="fold")
    for r in records:
        table.add_row(r["code"] or "-", r["title"] or "", r["applicant"] or "", r["received_date"] or "",
                      r["due_date"] or "", "\n".join(names.get(d, d) for d in r["documents"]))  # fmt: skip
    out.print(table)
    return ExitCode.ok


def package(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from pipeline.package import PackageError, find_dossier, write_package
    from pipeline.signing import SigningError

    settings = load_settings(**overrides)
    with Catalog.for_reading(settings.catalog_location) as catalog:
        dossier = find_dossier(catalog, args.dossier)
        if dossier is None:
            err.print(f"sohoa package: không có hồ sơ {args.dossier} (xem `sohoa dossiers`).")
            return ExitCode.usage
        try:
            report = write_package(catalog, settings, dossier, args.out, sign=False if args.no_signed_copies else None)
        except FileExistsError as exc:
            err.print(f"sohoa package: {exc}")
            return ExitCode.usage
        except (PackageError, SigningError) as exc:
            err.print(f"[red]{exc.error_class}[/red]: {exc.message}")
            return ExitCode.some_files_failed
    if args.json:
        print_json({"bag": str(report.bag), "dossier_code": report.dossier_code, "documents": report.documents,
                    "files": report.files, "events": report.events, "signed_copies": report.signed})  # fmt: skip
    err.print(f"Đã đóng gói hồ sơ {report.dossier_code}: {report.documents} văn bản, {report.files} tệp, "
              f"{report.events} sự kiện PREMIS → {report.bag}")  # fmt: skip
    return ExitCode.ok


def retention(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from datetime import date

    from pipeline.retention import Retention, Schedule, set_rule
    from search_ui.accounts import WebStore

    settings = load_settings(**overrides)
    command = args.retention_command
    if command == "rules":
        with Catalog.for_reading(settings.catalog_location) as catalog:
            rules = Schedule.of(catalog).rules
        if args.json:
            print_json([r.as_json() for r in rules])
            return ExitCode.ok
        table = Table(title=f"Bảng thời hạn bảo quản ({len(rules)} quy định)")
        for column in ("Áp dụng cho", "Thời hạn", "Căn cứ", "Nguồn"):
            table.add_column(column, overflow="fold")
        for r in rules:
            scope = ("Thủ tục " if r.kind == "procedure_code" else "") + r.value
            table.add_row(scope, r.retention.label, r.retention.basis, r.source + (f" ({r.set_by})" if r.set_by else ""))
        Console().print(table)
        return ExitCode.ok
    if command == "set":
        if not args.permanent and not 1 <= args.years <= 100:
            err.print("sohoa retention set: --years từ 1 đến 100 (hoặc --permanent).")
            return ExitCode.usage
        kind, value = ("doc_type", args.doc_type) if args.doc_type else ("procedure_code", args.procedure)
        with Catalog(settings.catalog_location) as catalog:
            try:
                rule = set_rule(catalog, kind, value, Retention(None if args.permanent else args.years, args.basis), args.by)
            except ValueError as exc:
                err.print(f"sohoa retention set: {exc}")
                return ExitCode.usage
        with WebStore(settings.web_store_location) as store:
            store.audit(args.by, "retention_rule", rule.value, {**rule.as_json(), "via": "cli"}, "cli")
        err.print(f"Đã đặt: {rule.value} → {rule.retention.label} ({rule.retention.basis})")
        return ExitCode.ok
    on = args.on or date.today()
    if command == "due":
        from pipeline.disposal import due_for_disposal

        with Catalog.for_reading(settings.catalog_location) as catalog:
            found, total = due_for_disposal(catalog, on)
        if args.json:
            print_json({"on": on.isoformat(), "total": total, "documents": [
                {**r.description.as_json(), "due": r.due, "dossier_code": r.dossier_code} for r in found]})  # fmt: skip
            return ExitCode.ok
        table = Table(title=f"{total} tài liệu hết thời hạn bảo quản đến {on.strftime('%d/%m/%Y')}")
        for column in ("Mã", "Văn bản", "Ngày", "Thời hạn", "Hết hạn từ", "Hồ sơ"):
            table.add_column(column, overflow="fold")
        for item in found:
            d = item.description
            table.add_row(d.identifier, " ".join(filter(None, [d.doc_type, d.number and f"{d.number}/{d.symbol}"])) or d.source_name,
                          d.issued_date or "", d.retention or "", item.due, item.dossier_code or "")  # fmt: skip
        Console().print(table)
        return ExitCode.ok
    return _dispose(args, settings, on)


def _dispose(args: argparse.Namespace, settings: Settings, on: Any) -> int:
    from pipeline.disposal import dispose_and_unindex, due_for_disposal
    from search_ui.accounts import WebStore

    if not args.confirm:
        with Catalog.for_reading(settings.catalog_location) as catalog:
            due = {r.description.identifier: r for r in due_for_disposal(catalog, on, limit=100_000)[0]}
        for document_id in args.documents:
            record = due.get(document_id)
            err.print(f"{document_id}: " + (f"sẽ bị hủy (hết hạn từ {record.due})" if record else "không hủy được (chưa hết hạn hoặc không có)"))
        err.print("Chưa hủy gì: thêm --confirm để hủy theo quyết định.")
        return ExitCode.usage
    try:
        report = dispose_and_unindex(settings, args.documents, args.decision, args.by, on)
    except ValueError as exc:
        err.print(f"sohoa retention dispose: {exc}")
        return ExitCode.usage
    with WebStore(settings.web_store_location) as store:
        for document_id in report.disposed:
            store.audit(args.by, "dispose", document_id, {"decision": args.decision, "via": "cli"}, "cli")
    if args.json:
        print_json({"disposed": report.disposed, "refused": report.refused, "originals_removed": report.originals_removed})
    for document_id in report.disposed:
        err.print(f"Đã hủy {document_id} (quyết định: {args.decision}).")
    for document_id, why in report.refused.items():
        err.print(f"[red]Không hủy[/red] {document_id}: {why}")
    return ExitCode.ok if not report.refused else ExitCode.some_files_failed


_OFFICE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def offices(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    from indexing.vietnamese import normalize
    from search_ui.accounts import WebStore

    settings = load_settings(**overrides)
    command = args.offices_command
    with Catalog(settings.catalog_location) as catalog:
        known = {str(o["code"]): o for o in catalog.offices()}
        if command == "list":
            shares = [dict(r) for r in catalog.office_shares()]
            if args.json:
                print_json({"offices": [dict(o) for o in known.values()], "shares": shares})
                return ExitCode.ok
            for code, office in known.items():
                seen_by = [r["shared_with"] for r in shares if r["office"] == code]
                parent = f" (thuộc {office['parent']})" if office["parent"] else ""
                print(f"{code}\t{office['name']}{parent}" + (f"\tchia sẻ với: {', '.join(seen_by)}" if seen_by else ""))
            return ExitCode.ok
        if command == "add":
            if not _OFFICE_CODE.fullmatch(args.code):
                err.print("sohoa offices add: mã đơn vị gồm chữ, số, - . _ (tối đa 40 ký tự).")
                return ExitCode.usage
            if args.parent and args.parent not in known:
                err.print(f"sohoa offices add: không có đơn vị {args.parent}.")
                return ExitCode.usage
            catalog.add_office(args.code, normalize(args.name).strip(), args.parent)
            detail: dict[str, Any] = {"change": "add", "name": args.name, "parent": args.parent}
        else:
            missing = [c for c in (args.office, args.shared_with) if c not in known]
            if missing or args.office == args.shared_with:
                err.print(f"sohoa offices {command}: " + (f"không có đơn vị {', '.join(missing)}." if missing
                                                         else "hai đơn vị phải khác nhau."))  # fmt: skip
                return ExitCode.usage
            if command == "share":
                catalog.share_office(args.office, args.shared_with, args.by)
            else:
                catalog.unshare_office(args.office, args.shared_with)
            detail = {"change": command, "shared_with": args.shared_with}
    with WebStore(settings.web_store_location) as store:
        store.audit(getattr(args, "by", None), "office", getattr(args, "code", None) or args.office, {**detail, "via": "cli"}, "cli")
    err.print("Đã lưu.")
    return ExitCode.ok


def serve(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    from search_ui.accounts import WebStore
    from search_ui.app import serve as run_server

    with WebStore(settings.web_store_location) as store:
        has_users = bool(store.users())
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    err.print(f"[bold]sohoa[/bold]: ứng dụng web tại [cyan]http://{shown_host}:{args.port}/[/cyan] (kho {settings.home}); "
              "Ctrl+C để dừng")  # fmt: skip
    if not has_users:
        err.print("[yellow]Chưa có người dùng nào.[/yellow] Tạo quản trị: sohoa users add quantri --role admin")
    import os

    from pipeline.prefect_server import kept_running

    def announce(text: str) -> None:
        err.print(text, highlight=False)

    prefect_home = Path(os.environ.get("PREFECT_HOME") or settings.home / "prefect")
    with contextlib.nullcontext() if args.no_prefect_server else kept_running(settings.home, prefect_home, announce):
        run_server(settings, args.host, args.port, proxy_headers=args.proxy_headers)
    return ExitCode.ok


def prefect_server(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    """``sohoa prefect-server``: this archive's Prefect server, reused by every command that runs a flow."""
    import os

    from pipeline.prefect_server import serve as run_prefect

    settings = load_settings(**overrides)
    prefect_home = Path(os.environ.get("PREFECT_HOME") or settings.home / "prefect")
    return run_prefect(prefect_home, args.host, args.port, announce=lambda text: err.print(text, highlight=False))


def worker(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    """``sohoa worker``: this machine takes chunks of batches from the province's work pool."""
    import os

    from pipeline.work_pool import WorkPoolUnavailableError, run_worker

    settings = load_settings(**overrides)
    if not os.environ.get("PREFECT_API_URL"):
        err.print("sohoa worker: cần một máy chủ Prefect chung: đặt PREFECT_API_URL=http://…/api (hoặc chạy"
                  " `sohoa prefect-server` trên máy này).")  # fmt: skip
        return ExitCode.usage
    if args.limit < 1:
        err.print("sohoa worker: --limit phải ≥ 1")
        return ExitCode.usage
    pool = args.pool or settings.work_pool or "sohoa"
    try:
        return run_worker(settings, pool, args.limit, announce=lambda text: err.print(text, highlight=False))
    except WorkPoolUnavailableError as exc:
        err.print(f"sohoa worker: {exc.message}")
        return ExitCode.some_files_failed


def _new_password(args: argparse.Namespace) -> str | None:
    import getpass
    import secrets

    if args.generate_password:
        return secrets.token_urlsafe(12)
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu (≥ 10 ký tự): ")
    if getpass.getpass("Nhập lại: ") != first:
        err.print("Hai lần nhập không khớp.")
        return None
    return first


def users(args: argparse.Namespace, overrides: dict[str, Any]) -> int:
    settings = load_settings(**overrides)
    from search_ui.accounts import ROLES, AccountError, WebStore

    office = getattr(args, "office", "") or ""
    if office:
        with Catalog.for_reading(settings.catalog_location) as catalog:
            if office not in {str(o["code"]) for o in catalog.offices()}:
                err.print(f"sohoa users: không có đơn vị {office} (sohoa offices add).")
                return ExitCode.usage
    with WebStore(settings.web_store_location) as store:
        try:
            if args.users_command == "list":
                rows: list[dict[str, Any]] = [
                    {"username": u.username, "full_name": u.full_name, "roles": sorted(u.roles), "active": u.active,
                     "office": u.office}
                    for u in store.users()
                ]
                if args.json:
                    print_json(rows)
                else:
                    for row in rows:
                        state = "" if row["active"] else " (đã khóa)"
                        print(f"{row['username']}\t{', '.join(ROLES[r] for r in row['roles'])}{state}")
                return ExitCode.ok
            if args.users_command in ("add", "passwd"):
                password = _new_password(args)
                if password is None:
                    return ExitCode.usage
                if args.users_command == "add":
                    user = store.add_user(args.username, password, args.roles, args.name, office)
                    store.audit(None, "user", user.username, {"change": "add", "roles": sorted(user.roles),
                                                              "office": office, "via": "cli"})  # fmt: skip
                    err.print(f"Đã tạo {user.username} ({user.role_labels}).")
                else:
                    store.set_password(args.username, password)
                    store.audit(None, "user", args.username, {"change": "password", "via": "cli"})
                    err.print(f"Đã đặt lại mật khẩu của {args.username}.")
                if args.generate_password:
                    print(password)
                return ExitCode.ok
            if args.users_command in ("disable", "enable"):
                store.update_user(args.username, active=args.users_command == "enable")
                store.audit(None, "user", args.username, {"change": args.users_command, "via": "cli"})
                err.print(f"Đã {'mở khóa' if args.users_command == 'enable' else 'khóa'} {args.username}.")
                return ExitCode.ok
            if args.users_command == "office":
                moved = store.move_user(args.username, office)
                store.audit(None, "user", moved.username, {"change": "office", "office": office, "via": "cli"})
                err.print(f"{moved.username}: đơn vị {office or '(mọi đơn vị)'}.")
                return ExitCode.ok
            if args.users_command == "token":
                print(store.create_token(args.username, args.label))
                store.audit(None, "token", args.username, {"change": "create", "via": "cli"})
                err.print("Mã API chỉ hiện một lần; gửi kèm tiêu đề  Authorization: Bearer <mã>")
                return ExitCode.ok
        except AccountError as exc:
            err.print(f"sohoa users: {exc}")
            return ExitCode.usage
    return ExitCode.usage
