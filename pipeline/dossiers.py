"""Dossiers (hồ sơ): documents that belong together.

Documents of one folder in a batch form a dossier, and so do documents sharing a dossier code
with a one-stop receipt (phiếu tiếp nhận). The receipt, when there is one, gives the dossier its
code, procedure, applicant and dates.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.catalog import Catalog, DocumentState

RECEIPT_TYPE = "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả"


def link_dossiers(catalog: Catalog, document_ids: list[str]) -> list[str]:
    """(Re)build the dossiers these documents belong to; returns the dossier ids touched."""
    groups: dict[str, set[str]] = defaultdict(set)
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is None or document.state not in (DocumentState.EXTRACTED, DocumentState.INDEXED):
            continue
        metadata = catalog.effective_metadata(document_id)
        if metadata.get("dossier_code"):
            groups["code:" + metadata["dossier_code"]].add(document_id)
        if document.folder:
            groups[f"folder:{document.batch_id}:{document.folder}"].add(document_id)
    # A folder holding a receipt takes the receipt's code: one dossier, not two.
    merged: dict[str, set[str]] = {}
    for key, members in groups.items():
        code = _receipt_code(catalog, members)
        target = "code:" + code if code else key
        merged.setdefault(target, set()).update(members)
    for key, members in merged.items():
        if key.startswith("code:"):  # everything in the archive that carries the code
            members.update(d for d in catalog.documents_with_field("dossier_code", key[5:]) if _live(catalog, d))
        _save(catalog, key, members)
    return list(merged)


def _live(catalog: Catalog, document_id: str) -> bool:
    document = catalog.document(document_id)
    return document is not None and document.state in (DocumentState.EXTRACTED, DocumentState.INDEXED)


def _receipt_code(catalog: Catalog, members: set[str]) -> str | None:
    for document_id in sorted(members):
        metadata = catalog.effective_metadata(document_id)
        if metadata.get("doc_type") == RECEIPT_TYPE and metadata.get("dossier_code"):
            return str(metadata["dossier_code"])
    return None


def _save(catalog: Catalog, key: str, members: set[str]) -> None:
    receipt: dict[str, Any] = {}
    title = key.split(":", 2)[-1]
    for document_id in sorted(members):
        metadata = catalog.effective_metadata(document_id)
        if metadata.get("doc_type") == RECEIPT_TYPE:
            receipt = metadata
    record = {
        "id": key,
        "code": key[5:] if key.startswith("code:") else None,
        "title": receipt.get("procedure") or title,
        "procedure": receipt.get("procedure"),
        "applicant": (receipt.get("people") or [None])[0],
        "received_date": receipt.get("received_date"),
        "due_date": receipt.get("due_date"),
    }
    catalog.save_dossier(key, record, sorted(members))
