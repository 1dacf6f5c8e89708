"""``sohoa export``: one JSON object per document per line (the export contract)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from pipeline.catalog import Catalog, DocumentState
from pipeline.extraction.names import EXPORT_FIELDS


def document_record(catalog: Catalog, document_id: str) -> dict[str, Any] | None:
    document = catalog.document(document_id)
    if document is None:
        return None
    stored = catalog.effective_metadata(document_id)
    metadata = {name: stored.get(name, [] if name in ("people", "id_numbers") else None) for name in EXPORT_FIELDS}
    # Further fields after the contract's own (parent agency, place, signing authority, codes...).
    metadata.update({name: value for name, value in stored.items() if name not in metadata})
    return {
        "id": document.id,
        "source": document.source_name,
        "sha256": document.file_sha256,
        # A result split out of a scan holding several: the file's document and its pages there.
        "part_of": document.part_of,
        "pages": [
            {"number": p.number, "text": p.text, "confidence": p.confidence}
            for p in catalog.pages(document_id)
            if not p.error_class
        ],
        "metadata": metadata,
    }


def export_documents(catalog: Catalog, out: TextIO) -> int:
    count = 0
    for document in catalog.iter_documents(states=[DocumentState.EXTRACTED, DocumentState.INDEXED]):
        record = document_record(catalog, document.id)
        if record is not None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
