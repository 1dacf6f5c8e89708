"""The batch stages as plain functions over the catalog; ``flows.py`` runs them as Prefect tasks.

intake -> recognize (rasterize, clean, OCR per page, across worker processes) -> extract -> index.
Each stage picks the documents whose state says they need it, so a killed run resumes where it
stopped and a finished document is never processed twice.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterable
from concurrent.futures import TimeoutError as FutureTimeoutError
from dataclasses import dataclass, field
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from ocr.tesseract import engine_version, model_signature
from pipeline.catalog import Catalog, ClaimLostError, DocumentRow, DocumentState, PageRow, StageRun, utc_now
from pipeline.dossiers import link_dossiers
from pipeline.errors import DiskFullError, ErrorClass, SohoaError, ended_by
from pipeline.extraction.fields import EXTRACTOR_VERSION, evidence_record, extract_metadata, metadata_record
from pipeline.extraction.lines import page_from_text, page_from_words
from pipeline.intake import FoundFile, discover, probe
from pipeline.near_duplicates import flag_near_duplicates
from pipeline.pages import PageJob, PageResult, init_worker, process_page
from pipeline.progress import progress
from pipeline.settings import Settings, fingerprint
from pipeline.storage import OriginalStore, Storage, StorageUnavailableError, page_image_key

# Bump when rasterize/clean/recognize code changes what it produces: pages are then redone.
OCR_PIPELINE_VERSION = "ocr-3"  # 3: seals, contrast, page flattening; 2: layout regions, despeckle, words


@dataclass(slots=True)
class IntakeReport:
    batch_id: int
    batch_name: str
    new: list[str] = field(default_factory=list)  # document ids
    duplicates: list[str] = field(default_factory=list)
    # This run's outcome per source path: new | duplicate | again (re-run of the batch) | failed
    outcomes: dict[str, str] = field(default_factory=dict)
    stopped_by: str | None = None  # the error class that stopped the intake early (disk_full)


def ocr_fingerprint(settings: Settings) -> str:
    return fingerprint(
        OCR_PIPELINE_VERSION,
        engine_version(settings.ocr_engine),
        model_signature(settings.ocr_language),
        settings.ocr_fingerprint_inputs(),
    )


def extract_fingerprint() -> str:
    return fingerprint(EXTRACTOR_VERSION)


# Intake --------------------------------------------------------------------------------------
def intake(
    catalog: Catalog, settings: Settings, paths: Iterable[Path | FoundFile], batch_name: str
) -> IntakeReport:
    """Hash and store every file, register it in the batch, validate new documents cheaply."""
    store = OriginalStore(Storage.for_settings(settings))
    batch_id = catalog.ensure_batch(batch_name)
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
        probed = probe(original, settings)
    except SohoaError as exc:
        catalog.fail_document(document_id, exc.error_class, exc.message)
        catalog.record_stage(
            "intake", started, time.perf_counter() - clock, "failed", document_id,
            error_class=exc.error_class, message=exc.message,
        )  # fmt: skip
        return
    catalog.update_document(document_id, media_type=probed.media_type, page_count=probed.page_count)
    catalog.record_stage("intake", started, time.perf_counter() - clock, "ok", document_id)


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


def needs_work(catalog: Catalog, settings: Settings, document_ids: Iterable[str]) -> bool:
    """Whether the stages after intake have anything to do for these documents: one not yet
    finished by the current code, or any document of the archive waiting for the index."""
    if catalog.state_counts().get(DocumentState.EXTRACTED):
        return True
    return bool(unfinished(catalog, settings, document_ids, first_only=True))


def unfinished(catalog: Catalog, settings: Settings, document_ids: Iterable[str], *, first_only: bool = False) -> list[str]:
    """Those of these documents the stages after intake have yet to finish with the current code
    (a file split in several results: while any of its parts is unfinished). Failed documents are
    finished: they wait for `sohoa retry`."""
    ocr_current, extract_current = ocr_fingerprint(settings), extract_fingerprint()

    def pending(document_id: str) -> bool:
        document = catalog.document(document_id)
        if document is None or document.state == DocumentState.FAILED:
            return False
        if document.state == DocumentState.SPLIT:  # a file holding several results: its parts carry the work
            return document.ocr_fingerprint != ocr_current or any(pending(p.id) for p in catalog.parts(document.id))
        return (document.state != DocumentState.INDEXED or document.ocr_fingerprint != ocr_current
                or document.extract_fingerprint != extract_current)  # fmt: skip

    found = []
    for document_id in dict.fromkeys(document_ids):
        if pending(document_id):
            found.append(document_id)
            if first_only:
                break
    return found


# Recognize -----------------------------------------------------------------------------------
def documents_needing_recognition(catalog: Catalog, document_ids: Iterable[str], settings: Settings) -> list[str]:
    current = ocr_fingerprint(settings)
    wanted = []
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is not None and document.parent_id is not None:  # a part reads its file's pages
            document = catalog.document(document.parent_id)
        if document is None or document.media_type is None or document.state in (DocumentState.FAILED, DocumentState.SUPERSEDED):
            continue
        if document.state == DocumentState.STORED or document.ocr_fingerprint != current:
            wanted.append(document.id)
    return list(dict.fromkeys(wanted))


def page_image_target(storage: Storage, document_id: str, page_number: int) -> Path:
    """Where a worker writes the page's image on this machine (published under its key after)."""
    return storage.working_path(page_image_key(document_id, page_number))


def recognize(catalog: Catalog, settings: Settings, document_ids: list[str], claim: str | None = None) -> list[str]:
    """Rasterize, clean and OCR every pending page of these documents, all cores busy.

    Pages already done with the current fingerprint are skipped (a killed run resumes per page).
    ``claim``: the owner holding the documents in the catalog (a pool worker): each page is saved
    only while the claim holds. Returns the documents lost to another worker (none without a claim).
    """
    current = ocr_fingerprint(settings)
    storage = Storage.for_settings(settings)
    jobs: list[PageJob] = []
    documents: dict[str, DocumentRow] = {}
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is None or document.page_count is None or document.media_type is None:
            continue
        documents[document_id] = document
        done = catalog.page_fingerprints(document_id)
        missing = [number for number in range(1, document.page_count + 1) if done.get(number) != current]
        if not missing:
            continue
        try:
            original = OriginalStore(storage).path_for(document.file_sha256)
        except StorageUnavailableError as exc:  # the pages wait for the next run
            catalog.fail_document(document_id, exc.error_class, exc.message)
            documents.pop(document_id)
            continue
        for number in missing:
            jobs.append(
                PageJob(document_id, number, original, document.media_type,
                        page_image_target(storage, document_id, number), current)  # fmt: skip
            )
    progress().start("recognize", len(jobs))
    lost = _run_page_jobs(catalog, settings, storage, jobs, claim) if jobs else set()
    for document in documents.values():
        if document.id not in lost:
            _settle_document(catalog, document, current)
    return sorted(lost)


def _run_page_jobs(
    catalog: Catalog, settings: Settings, storage: Storage, jobs: list[PageJob], claim: str | None
) -> set[str]:
    workers = min(settings.effective_workers, len(jobs))
    # spawn: the parent holds threads (Prefect's client), which fork would copy half-alive.
    context = multiprocessing.get_context("spawn")
    with ProcessPool(max_workers=workers, initializer=init_worker, initargs=(settings,), context=context) as pool:
        started, lost = utc_now(), set[str]()
        futures = [
            (job, pool.schedule(process_page, args=(job, settings), timeout=settings.ocr_timeout_seconds))
            for job in jobs
        ]
        for job, future in futures:
            try:
                result: PageResult = future.result()
            except FutureTimeoutError:
                result = PageResult(job.document_id, job.page_number, job.fingerprint)
                result.error_class = ErrorClass.OCR_TIMEOUT
                result.error_message = f"Trang {job.page_number} quá {settings.ocr_timeout_seconds:.0f} s khi nhận dạng."
            except ProcessExpired as exc:
                result = PageResult(job.document_id, job.page_number, job.fingerprint)
                result.error_class = ErrorClass.OCR_CRASH
                result.error_message = (f"Tiến trình nhận dạng trang {job.page_number} bị dừng đột ngột"
                                        f" ({ended_by(exc.exitcode or 0)}).")  # fmt: skip
            except Exception as exc:  # a bug in a stage must not sink the batch
                result = PageResult(job.document_id, job.page_number, job.fingerprint)
                result.error_class = ErrorClass.INTERNAL
                result.error_message = f"Lỗi nội bộ ở trang {job.page_number}: {type(exc).__name__}: {exc}"
            if job.document_id in lost:
                continue
            _publish_page_image(storage, result)
            try:
                _save_page_result(catalog, settings, result, started, claim)
            except ClaimLostError:  # another worker carries the document now: its pages are its own
                lost.add(job.document_id)
                continue
            progress().advance("recognize")
    return lost


def _publish_page_image(storage: Storage, result: PageResult) -> None:
    """The page image a worker wrote goes under its key, which the catalog records (not a path)."""
    if not result.image_path:
        return
    key = page_image_key(result.document_id, result.page_number)
    try:
        storage.publish(key)
    except StorageUnavailableError as exc:
        result.error_class, result.error_message = exc.error_class, exc.message
        result.image_path = None
        return
    result.image_path = key


def _save_page_result(catalog: Catalog, settings: Settings, result: PageResult, started: str, claim: str | None) -> None:
    """The page and the runs that made it, in one transaction (a worker killed between them leaves neither)."""
    runs = [StageRun(stage, started, seconds, "ok", fingerprint=result.fingerprint)
            for stage, seconds in result.timings.items()]  # fmt: skip
    runs += [StageRun(step, started, 0.0, outcome, message=why) for step, outcome, why in result.notes]
    if result.error_class:
        runs.append(StageRun("page", started, sum(result.timings.values()), "failed", result.error_class,
                             result.error_message))  # fmt: skip
    catalog.save_page(
        PageRow(
            document_id=result.document_id, number=result.page_number, width=result.width, height=result.height,
            dpi=result.dpi, rotation=result.rotation, skew_degrees=result.skew_degrees, flattened=result.flattened,
            regions=result.regions,
            text_source=result.text_source, text=result.text, confidence=result.confidence, words=result.words,
            image_path=result.image_path, fingerprint=result.fingerprint,
            error_class=result.error_class, error_message=result.error_message,
        ),
        runs, worker=settings.worker_name, claim=claim, claim_seconds=settings.claim_seconds,
    )  # fmt: skip


def _settle_document(catalog: Catalog, document: DocumentRow, current: str) -> None:
    """A document is recognised when every page has a result; page errors are kept on the document."""
    pages = catalog.pages(document.id)
    if len(pages) < (document.page_count or 0):
        return  # interrupted: the next run finishes it
    failed = [p for p in pages if p.error_class]
    if failed and len(failed) == len(pages):
        first = failed[0]
        catalog.fail_document(document.id, first.error_class or ErrorClass.INTERNAL, first.error_message or "")
        return
    error_class = failed[0].error_class if failed else None
    message = "; ".join(f"trang {p.number}: {p.error_message}" for p in failed) if failed else None
    catalog.update_document(
        document.id, state=DocumentState.RECOGNIZED, ocr_fingerprint=current, error_class=error_class, error_message=message
    )


# Extract -------------------------------------------------------------------------------------
def extract(catalog: Catalog, document_ids: list[str]) -> None:
    current = extract_fingerprint()
    pending = []
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is None or document.state in (DocumentState.FAILED, DocumentState.STORED, DocumentState.SPLIT, DocumentState.SUPERSEDED):
            continue
        if document.state == DocumentState.RECOGNIZED or document.extract_fingerprint != current:
            pending.append(document)
    progress().start("extract", len(pending))
    for document in pending:
        started, clock = utc_now(), time.perf_counter()
        views = [
            page_from_words(p.number, p.words, p.regions) if p.words else page_from_text(p.number, p.text)
            for p in catalog.pages(document.id)
            if not p.error_class
        ]
        found = extract_metadata(views)
        fields = metadata_record(found)
        fields["evidence"] = evidence_record(found)
        catalog.save_metadata(document.id, fields, current)
        catalog.update_document(document.id, state=DocumentState.EXTRACTED, extract_fingerprint=current)
        flag_near_duplicates(catalog, document.id)
        catalog.record_stage("extract", started, time.perf_counter() - clock, "ok", document.id, fingerprint=current)
        progress().advance("extract")
    for dossier_id in link_dossiers(catalog, document_ids):
        # Members indexed before the dossier formed are indexed again with its code.
        catalog.index_dossier_members_again(dossier_id)
