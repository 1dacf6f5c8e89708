"""The index stage: the catalog's documents and dossiers into the search index, and full rebuilds.

``index``   writes the documents asked for and every one waiting (state ``extracted``). What the
            index refuses is recorded on the document with its class (``index_unavailable``,
            ``index_timeout``, ``index_rejected``…); the document keeps waiting and the next pass,
            or ``sohoa retry --class``, writes it. Nothing is lost: the catalog holds everything.
``rebuild`` fills a new index beside the one serving searches, in document-id order (a killed
            rebuild resumes where it stopped), catches up with what changed in the catalog
            meanwhile, counts the result against the catalog and only then makes it the one
            searches read. Search never goes empty, and a mapping or schema change is just a rebuild.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from indexing.errors import IndexOutdatedError, RebuildIncompleteError, SearchIndexError
from indexing.records import SHARED_DOSSIER, IndexCounts, IndexedDocument, IndexedPage, Rebuild, SearchBackend
from pipeline.catalog import Catalog, DocumentRow, DocumentState, utc_now, utc_stamp
from pipeline.progress import progress
from pipeline.stages.contract import Stage

STAGE = Stage(
    name="index",
    version="index-1",  # the records written; the index's own mapping has its version in each backend
    reads=("documents", "pages", "metadata", "field_corrections", "dossiers"),
    writes=("the search index", "documents (indexed, or the index's error class)"),
)
CHUNK = 200  # documents per write of the index stage
REBUILD_CHUNK = 500  # documents per commit of a rebuild (and per resume step)
# The catalog's times come from the machines that write it: catch up a little further back than asked.
CLOCK_MARGIN = timedelta(seconds=120)


@dataclass(frozen=True, slots=True)
class RebuildReport:
    generation: str
    resumed: bool
    documents: int  # written by the main pass of this run
    caught_up: int  # written again because they changed while the main pass ran
    counts: IndexCounts  # what the published index holds


def indexed_document(catalog: Catalog, document: DocumentRow, batch_names: BatchNames) -> IndexedDocument:
    metadata = catalog.effective_metadata(document.id)
    dossier = catalog.dossier_of(document.id)
    if dossier is not None:
        metadata["dossier"] = dossier["id"]
        if not metadata.get("dossier_code") and dossier.get("code"):
            metadata["dossier_code"] = dossier["code"]  # a dossier's documents are found by its code
    pages = [IndexedPage(p.number, p.text) for p in catalog.pages(document.id) if not p.error_class]
    corrected = [str(v) for value in catalog.corrections(document.id).values()
                 for v in (value if isinstance(value, list) else [value]) if v]  # fmt: skip
    return IndexedDocument(
        id=document.id,
        source=document.source_name,
        batch=batch_names.of(document.batch_id),
        metadata=metadata,
        pages=pages,
        also_found_by="\n".join(corrected),
        office=batch_names.office_of(document.batch_id),
    )


def dossier_records(catalog: Catalog, dossier_ids: list[str]) -> list[IndexedDocument]:
    """One record per dossier: its code, procedure, applicant, dates and the names of its files; the
    office of its documents (SHARED_DOSSIER when they belong to several)."""
    records = []
    batch_names = BatchNames(catalog)
    for dossier in catalog.dossiers(dossier_ids):
        members = [d for d in (catalog.document(i) for i in dossier["documents"]) if d is not None]
        names = [d.source_name for d in members]
        offices = {batch_names.office_of(d.batch_id) for d in members}
        metadata = {k: v for k, v in dossier.items() if k != "documents"}
        metadata["dossier_code"] = dossier.get("code")
        metadata["dossier"] = dossier["id"]
        metadata["documents"] = dossier["documents"]
        records.append(IndexedDocument(dossier["id"], dossier.get("code") or dossier["title"] or dossier["id"], "",
                                       metadata, [IndexedPage(0, "\n".join(names))], kind="dossier",
                                       office=offices.pop() if len(offices) == 1 else SHARED_DOSSIER))  # fmt: skip
    return records


class BatchNames:
    """Batch names and offices as index records carry them, read from the catalog as documents of
    each batch come (one query per batch a pass meets, never the list of every batch)."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._names: dict[int, tuple[str, str]] = {}

    def _of(self, batch_id: int | None) -> tuple[str, str]:
        if batch_id is None:
            return "", ""
        if batch_id not in self._names:
            self._names.update(self._catalog.batch_names([batch_id]))
        return self._names.get(batch_id, ("", ""))

    def of(self, batch_id: int | None) -> str:
        return self._of(batch_id)[0]

    def office_of(self, batch_id: int | None) -> str:
        return self._of(batch_id)[1]


def index(catalog: Catalog, backend: SearchBackend, document_ids: list[str], force: bool = False) -> int:
    """Index these documents if they wait for it (all of them with ``force``); returns how many were
    taken. An index built by an older schema is rebuilt first, these documents with it."""
    documents, stale = [], []
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is not None and document.parent_id is None:  # parts a new split left behind go
            stale += [p.id for p in catalog.parts_superseded(document.id)]
        if document is not None and document.state in (DocumentState.SPLIT, DocumentState.SUPERSEDED, DocumentState.DISPOSED):
            stale.append(document.id)  # a file now split into its results, or one disposed of
            continue
        if document is None or document.state not in (DocumentState.EXTRACTED, DocumentState.INDEXED):
            continue
        if document.state == DocumentState.EXTRACTED or force:
            documents.append(document)
    if stale:
        _remove_stale(catalog, backend, list(dict.fromkeys(stale)))
    if not documents:
        return 0
    progress().start("index", len(documents))
    batch_names = BatchNames(catalog)
    written: list[str] = []
    for start in range(0, len(documents), CHUNK):
        part = documents[start : start + CHUNK]
        clock, started, read_at = time.perf_counter(), utc_now(), utc_stamp()
        try:
            report = backend.index_documents([indexed_document(catalog, d, batch_names) for d in part])
        except IndexOutdatedError:
            try:
                rebuild(catalog, backend)  # every indexable document, these included (its own progress)
            except SearchIndexError as exc:
                _record_failure(catalog, [d.id for d in documents[start:]], exc, started, clock)
            return len(documents)
        except Exception as exc:  # the index is down, slow or refuses: the documents wait, nothing is lost
            _record_failure(catalog, [d.id for d in part], exc, started, clock)
            progress().advance("index", len(part))
            continue
        accepted = [d.id for d in part if d.id not in report.refused]
        catalog.mark_indexed(accepted, read_before=read_at)
        for document_id, error in report.refused.items():
            _record_failure(catalog, [document_id], error, started, clock, document_id=document_id)
        catalog.record_stage(STAGE.name, started, time.perf_counter() - clock, "ok", None,
                             message=f"{len(accepted)} tài liệu", version=STAGE.version)  # fmt: skip
        written += accepted
        progress().advance("index", len(part))
    if written:
        _index_dossiers(catalog, backend, catalog.dossier_ids_holding(written))
    return len(documents)


def _remove_stale(catalog: Catalog, backend: SearchBackend, document_ids: list[str]) -> None:
    """Records of documents no longer searchable as such (split files, superseded parts) go; when the
    index cannot be reached, a rebuild is asked for (it writes only what the catalog holds)."""
    try:
        backend.delete_documents(document_ids)
    except Exception as exc:
        error = exc if isinstance(exc, SearchIndexError) else SearchIndexError(f"{type(exc).__name__}: {exc}")
        catalog.request_index_rebuild(f"Chưa xóa được khỏi chỉ mục {len(document_ids)} tài liệu đã tách ({error.message}).")


def _record_failure(catalog: Catalog, document_ids: list[str], exc: Exception, started: str, clock: float,
                    document_id: str | None = None) -> None:  # fmt: skip
    error = exc if isinstance(exc, SearchIndexError) else SearchIndexError(f"{type(exc).__name__}: {exc}")
    catalog.record_index_failure(document_ids, error.error_class, error.message)
    catalog.record_stage(STAGE.name, started, time.perf_counter() - clock, "failed", document_id,
                         error_class=error.error_class, message=error.message[:500], version=STAGE.version)  # fmt: skip


def _index_dossiers(catalog: Catalog, backend: SearchBackend, dossier_ids: list[str]) -> None:
    for start in range(0, len(dossier_ids), CHUNK):
        try:
            backend.index_documents(dossier_records(catalog, dossier_ids[start : start + CHUNK]))
        except Exception as exc:  # as for documents: written again by the next pass over a member, or a rebuild
            error = exc if isinstance(exc, SearchIndexError) else SearchIndexError(f"{type(exc).__name__}: {exc}")
            catalog.record_stage(STAGE.name, utc_now(), 0.0, "failed", None, error_class=error.error_class,
                                 message=f"hồ sơ: {error.message}"[:500], version=STAGE.version)  # fmt: skip


# Rebuild -------------------------------------------------------------------------------------
def _earlier(stamp: str) -> str:
    return (datetime.fromisoformat(stamp) - CLOCK_MARGIN).isoformat(timespec="microseconds")


def _write_documents(catalog: Catalog, build: Rebuild, document_ids: list[str], batch_names: BatchNames,
                     waiting: set[str], progress_mark: str | None = None) -> None:  # fmt: skip
    """These documents (those still indexable) and their dossiers into the build; the others out."""
    documents, gone = [], []
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is None or document.state not in (DocumentState.EXTRACTED, DocumentState.INDEXED):
            gone.append(document_id)
            continue
        if document.state == DocumentState.EXTRACTED:
            waiting.add(document.id)
        documents.append(indexed_document(catalog, document, batch_names))
    if gone:
        build.remove(gone)
    dossiers = dossier_records(catalog, catalog.dossier_ids_holding([d.id for d in documents]))
    build.add(documents + dossiers, progress=progress_mark)


def _catch_up(catalog: Catalog, build: Rebuild, since: str, batch_names: BatchNames, waiting: set[str]) -> int:
    """Write again whatever changed at or after ``since``; returns how many documents that was."""
    changed = catalog.documents_changed_since(since)
    for start in range(0, len(changed), REBUILD_CHUNK):
        _write_documents(catalog, build, changed[start : start + REBUILD_CHUNK], batch_names, waiting)
    dossiers = catalog.dossier_ids_changed_since(since)
    for start in range(0, len(dossiers), REBUILD_CHUNK):
        build.add(dossier_records(catalog, dossiers[start : start + REBUILD_CHUNK]))
    return len(changed)


def rebuild(catalog: Catalog, backend: SearchBackend, attempts: int = 3) -> RebuildReport:
    """Build a complete new index from the catalog, then publish it; the old one serves until then.

    Raises ``RebuildInProgressError`` when another process rebuilds, ``RebuildIncompleteError`` when
    the counts never matched the catalog (nothing published; a later run resumes)."""
    with backend.start_rebuild(utc_stamp()) as build:
        resumed = build.resume_after is not None
        total = catalog.count_indexable()
        progress().start("index", total)
        progress().advance("index", total - catalog.count_indexable(after=build.resume_after))
        batch_names = BatchNames(catalog)
        waiting: set[str] = set()
        written = 0
        after = build.resume_after
        while ids := catalog.indexable_document_ids(after=after, limit=REBUILD_CHUNK):
            _write_documents(catalog, build, ids, batch_names, waiting, progress_mark=ids[-1])
            after = ids[-1]
            written += len(ids)
            progress().advance("index", len(ids))
        # What changed while we read (corrections, new documents, dossiers), then the same again
        # with writers held back, until the counts match the catalog.
        since = _earlier(build.started_at)
        pass_started = utc_stamp()
        caught_up = _catch_up(catalog, build, since, batch_names, waiting)
        with build.exclusive():
            for _ in range(attempts):
                since, pass_started = _earlier(pass_started), utc_stamp()
                caught_up += _catch_up(catalog, build, since, batch_names, waiting)
                expected = catalog.index_expectation()
                counts = build.counts()
                if counts.as_json() == expected:
                    break
            else:
                raise RebuildIncompleteError(
                    f"Chỉ mục mới {build.generation} có {counts.as_json()} bản ghi, danh mục cần {expected}: "
                    "chưa đưa vào sử dụng; chỉ mục cũ vẫn phục vụ tìm kiếm. Chạy lại sohoa reindex."
                )
            build.publish()
            catalog.mark_indexed(sorted(waiting), read_before=pass_started)
            catalog.clear_index_rebuild(build.started_at)
    return RebuildReport(build.generation, resumed, written, caught_up, counts)
