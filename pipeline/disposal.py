"""Disposal of records whose retention has run out: a list for review, then an admin's decision.

``due_for_disposal`` lists what may be proposed for disposal on a day: documents whose period
(``pipeline/retention.py``) has run out, counted for a dossier's member from the dossier (its
longest-kept member, its last date), so no paper of a dossier goes before the dossier may. Nothing
permanent, nothing without a period or a date, is ever listed.

``dispose`` carries out an admin's decision (its number and date are required): only documents due
on that day are taken, each is recorded in ``disposals`` with its archival description at the time
(kept forever: what was destroyed, by whose decision), its original, page images, text and word
boxes go from the store and the catalog, and it leaves the search index and its dossier. Anything
not due, or unknown, is refused with the reason and left untouched. The caller audits the decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipeline.archival import DocumentDescription, DossierDescription, describe_document, describe_dossier
from pipeline.catalog import INDEXABLE_STATES, Catalog, DocumentRow, DocumentState
from pipeline.retention import Schedule
from pipeline.settings import Settings
from pipeline.storage import Storage, original_key

LIST_LIMIT = 500


@dataclass(frozen=True, slots=True)
class DueRecord:
    description: DocumentDescription
    due: str                      # ISO date from which it may be disposed of
    dossier_code: str | None      # the dossier that set the date, if any


@dataclass(slots=True)
class DisposalReport:
    disposed: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)   # document id → why (Vietnamese)
    originals_removed: int = 0
    regrouped: list[str] = field(default_factory=list)   # members of their dossiers, to be indexed again


class _Dossiers:
    """Dossier descriptions, made once per dossier a listing meets."""

    def __init__(self, catalog: Catalog, schedule: Schedule) -> None:
        self.catalog, self.schedule = catalog, schedule
        self._made: dict[str, DossierDescription | None] = {}

    def of(self, document_id: str) -> DossierDescription | None:
        record = self.catalog.dossier_of(document_id)
        if record is None:
            return None
        key = str(record["id"])
        if key not in self._made:
            found = self.catalog.dossiers([key])
            self._made[key] = describe_dossier(self.catalog, found[0], self.schedule) if found else None
        return self._made[key]


def _due(catalog: Catalog, document: DocumentRow, schedule: Schedule, dossiers: _Dossiers) -> DueRecord | None:
    dossier = dossiers.of(document.id)
    if dossier is not None:
        mine = next((d for d in dossier.documents if d.identifier == document.id), None)
        if mine is None or dossier.disposal_due is None:
            return None
        return DueRecord(mine, dossier.disposal_due, dossier.dossier_code)
    description = describe_document(catalog, document, schedule)
    return DueRecord(description, description.disposal_due, None) if description.disposal_due else None


def due_for_disposal(catalog: Catalog, on: date, limit: int = LIST_LIMIT) -> tuple[list[DueRecord], int]:
    """(the first ``limit`` records that may be disposed of on ``on``, by due date; how many in all)."""
    schedule = Schedule.of(catalog)
    dossiers = _Dossiers(catalog, schedule)
    found: list[DueRecord] = []
    total = 0
    for document in catalog.iter_documents(states=list(INDEXABLE_STATES)):
        record = _due(catalog, document, schedule, dossiers)
        if record is not None and record.due <= on.isoformat():
            total += 1
            found.append(record)
            if len(found) > limit:
                found.sort(key=lambda r: (r.due, r.description.identifier))
                found.pop()
    return sorted(found, key=lambda r: (r.due, r.description.identifier)), total


def dispose(catalog: Catalog, storage: Storage, document_ids: list[str], decision: str, decided_by: str,
            on: date) -> DisposalReport:  # fmt: skip
    """Dispose of these documents under ``decision`` (see the module's docstring). The search index
    is updated by the caller (``pipeline.stages.index.index`` over ``report.disposed``)."""
    if len(decision.strip()) < 5:
        raise ValueError("Ghi số và ngày của quyết định hủy tài liệu.")
    schedule = Schedule.of(catalog)
    dossiers = _Dossiers(catalog, schedule)
    report = DisposalReport()
    for document_id in dict.fromkeys(document_ids):
        document = catalog.document(document_id)
        if document is None:
            report.refused[document_id] = "Không có tài liệu này."
            continue
        if document.state == DocumentState.DISPOSED:
            report.refused[document_id] = "Tài liệu đã được hủy trước đó."
            continue
        if document.state not in INDEXABLE_STATES:
            report.refused[document_id] = "Tài liệu chưa xử lý xong hoặc không phải một kết quả (tệp đã tách)."
            continue
        record = _due(catalog, document, schedule, dossiers)
        if record is None:
            report.refused[document_id] = "Chưa xác định được thời hạn bảo quản (hoặc bảo quản vĩnh viễn)."
            continue
        if record.due > on.isoformat():
            report.refused[document_id] = f"Chưa hết thời hạn bảo quản: được đề nghị hủy từ {record.due}."
            continue
        report.originals_removed += _dispose_one(catalog, storage, document, record, decision.strip(), decided_by)
        report.disposed.append(document_id)
    report.regrouped = _relink(catalog, report.disposed)
    return report


def dispose_and_unindex(settings: Settings, document_ids: list[str], decision: str, decided_by: str,
                        on: date) -> DisposalReport:  # fmt: skip
    """``dispose``, then the search index: the disposed documents leave it, their dossiers' others
    are written again without them. ``sohoa retention dispose`` and the admin page both run this."""
    from indexing.backends import shared_backend
    from pipeline.stages.index import index

    with Catalog(settings.catalog_location) as catalog:
        report = dispose(catalog, Storage.for_settings(settings), document_ids, decision, decided_by, on)
        index(catalog, shared_backend(settings), report.disposed + report.regrouped)
    return report


def _dispose_one(catalog: Catalog, storage: Storage, document: DocumentRow, record: DueRecord, decision: str,
                 decided_by: str) -> int:  # fmt: skip
    """Returns 1 when the file's original went (a part's file goes with its last result)."""
    description = {**record.description.as_json(), "due": record.due, "dossier_code": record.dossier_code}
    if document.parent_id is None:
        file = document
    else:
        file = catalog.document(document.parent_id)  # type: ignore[assignment]
        others = [p for p in catalog.parts(document.parent_id) if p.id != document.id]
        if file is None or any(p.state != DocumentState.DISPOSED for p in others):
            catalog.record_disposal(document.id, decision, decided_by, description, drop_pages=False)
            return 0
        catalog.record_disposal(document.id, decision, decided_by, description, drop_pages=False)
    images = [p.image_path for p in catalog.pages(file.id) if p.image_path and not p.image_path.startswith("/")]
    if file.id == document.id:
        catalog.record_disposal(document.id, decision, decided_by, description, drop_pages=True)
    else:  # the last result of a split file: the file goes with it
        catalog.record_disposal(file.id, decision, decided_by, {"parts_disposed": True, "sha256": file.sha256},
                                drop_pages=True)  # fmt: skip
    for key in images:
        storage.remove(key)
    storage.remove(original_key(file.file_sha256))
    return 1


def _relink(catalog: Catalog, disposed: list[str]) -> list[str]:
    """Disposed documents leave their dossiers; returns the others, to be indexed again with them."""
    from pipeline.dossiers import link_dossiers

    regrouped: list[str] = []
    for dossier in catalog.dossiers(catalog.dossier_ids_holding(disposed)):
        remaining = [d for d in dossier["documents"] if d not in disposed]
        catalog.save_dossier(str(dossier["id"]), {k: v for k, v in dossier.items() if k != "documents"}, remaining)
        link_dossiers(catalog, remaining)
        catalog.index_dossier_members_again(str(dossier["id"]))
        regrouped += remaining
    return regrouped
