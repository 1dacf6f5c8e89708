"""Stage ``intake``: a batch's files into the store of originals and the catalog.

Reads the files and folders of a batch (``pipeline.intake`` finds them and checks each cheaply);
writes the original under its SHA-256 (once, however often it comes), the batch's record of each
file (new, duplicate, again, failed), and a document per distinct file with its type and page
count. A file that fails is recorded with its class and the batch goes on; a full disk stops the
intake and lists what waits. Run again, a batch resumes without duplicates.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.catalog import Catalog, DocumentState, OfficeMismatchError, utc_now
from pipeline.errors import DiskFullError, ErrorClass, SohoaError
from pipeline.intake import FoundFile, discover, probe
from pipeline.progress import progress
from pipeline.settings import Settings
from pipeline.stages.contract import Stage, timed
from pipeline.storage import OriginalStore, Storage, StorageUnavailableError

STAGE = Stage(
    name="intake",
    version="intake-1",
    reads=("files of a batch",),
    writes=("originals", "batches", "batch_files", "documents"),
)


@dataclass(slots=True)
class IntakeReport:
    batch_id: int
    batch_name: str
    new: list[str] = field(default_factory=list)  # document ids
    duplicates: list[str] = field(default_factory=list)
    # This run's outcome per source path: new | duplicate | again (re-run of the batch) | failed
    outcomes: dict[str, str] = field(default_factory=dict)
    stopped_by: str | None = None  # the error class that stopped the intake early (disk_full)


def intake(
    catalog: Catalog, settings: Settings, paths: Iterable[Path | FoundFile], batch_name: str
) -> IntakeReport:
    """Hash and store every file, register it in the batch, validate new documents cheaply."""
    store = OriginalStore(Storage.for_settings(settings))
    if settings.office and settings.office not in {str(o["code"]) for o in catalog.offices()}:
        raise OfficeMismatchError(f"Đơn vị “{settings.office}” chưa có trong danh mục (sohoa offices add).")
    batch_id = catalog.ensure_batch(batch_name, settings.office)
    report = IntakeReport(batch_id, batch_name)
    found = list(discover(paths))
    progress().start("intake", len(found))
    disk_full: DiskFullError | None = None
    for item in found:
        if isinstance(item, tuple):
            path, error = item
            catalog.record_batch_file(batch_id, str(path), str(path), None, "failed", error.error_class, error.message)
            report.outcomes[str(path)] = "failed"
        elif disk_full is not None:  # no room left: the rest waits for the next run, each one listed
            catalog.record_batch_file(batch_id, str(item.path), item.display_name, None, "failed", disk_full.error_class,
                                      "Chưa nạp: hết chỗ trên đĩa. Chạy lại lệnh khi đã có chỗ.")  # fmt: skip
            report.outcomes[str(item.path)] = "failed"
        else:
            try:
                _intake_one(catalog, settings, store, batch_id, item, report)
            except DiskFullError as exc:
                disk_full = exc
                report.stopped_by = exc.error_class
                catalog.record_batch_file(batch_id, str(item.path), item.display_name, None, "failed", exc.error_class,
                                          exc.message)  # fmt: skip
                report.outcomes[str(item.path)] = "failed"
        progress().advance("intake")
    return report


def _intake_one(
    catalog: Catalog, settings: Settings, store: OriginalStore, batch_id: int, found: FoundFile, report: IntakeReport
) -> None:
    started, clock = utc_now(), time.perf_counter()
    try:
        stored = store.put(found.path)
    except OSError as exc:
        catalog.record_batch_file(
            batch_id, str(found.path), found.display_name, None, "failed", ErrorClass.CORRUPT, f"Không đọc được tệp: {exc}"
        )
        report.outcomes[str(found.path)] = "failed"
        return
    except StorageUnavailableError as exc:  # the file stays where it is; the next run stores it
        catalog.record_batch_file(batch_id, str(found.path), found.display_name, None, "failed", exc.error_class,
                                  exc.message)  # fmt: skip
        report.outcomes[str(found.path)] = "failed"
        return
    document, created = catalog.add_document(
        stored.sha256, found.display_name, found.folder, batch_id, stored.size_bytes
    )
    outcome = catalog.record_batch_file(
        batch_id, str(found.path), found.display_name, document.id, "new" if created else "duplicate"
    )
    report.outcomes[str(found.path)] = outcome
    if outcome == "again":  # same batch run again: resume the document if it is unfinished
        report.new.append(document.id)
        if document.media_type is None and document.state != DocumentState.FAILED:
            probe_document(catalog, settings, document.id, stored.path, started, clock)
        return
    if outcome == "duplicate":
        report.duplicates.append(document.id)
        return
    report.new.append(document.id)
    if document.media_type is None and document.state != DocumentState.FAILED:  # else probed by an interrupted run
        probe_document(catalog, settings, document.id, stored.path, started, clock)


def probe_document(
    catalog: Catalog, settings: Settings, document_id: str, original: Path, started: str, clock: float
) -> None:
    """Validate a stored original (type, encryption, limits); a failure is recorded, never raised."""
    try:
        with timed(STAGE, catalog, document_id, worker=settings.worker_name, started=started, clock=clock):
            probed = probe(original, settings)
            catalog.update_document(document_id, media_type=probed.media_type, page_count=probed.page_count)
    except SohoaError as exc:
        catalog.fail_document(document_id, exc.error_class, exc.message)


def reprobe(catalog: Catalog, settings: Settings, document_ids: list[str]) -> None:
    """Probe documents reset by `retry` whose intake had failed."""
    store = OriginalStore(Storage.for_settings(settings))
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is None or document.media_type is not None:
            continue
        try:
            original = store.path_for(document.file_sha256)
        except StorageUnavailableError as exc:  # the bucket is away: the document waits for the next retry
            catalog.fail_document(document_id, exc.error_class, exc.message)
            continue
        probe_document(catalog, settings, document_id, original, utc_now(), time.perf_counter())


