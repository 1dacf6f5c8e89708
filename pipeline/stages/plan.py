"""What is left to do after intake: which documents the current code has yet to finish.

Stage versions make this exact: a document is finished when it is indexed and its pages and
metadata carry the fingerprints of the current recognition and extraction (``recognize.STAGE``,
``extract.STAGE``); a file split in several results while any of its parts is unfinished.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.catalog import Catalog, DocumentState
from pipeline.settings import Settings
from pipeline.stages.extract import extract_fingerprint
from pipeline.stages.recognize import ocr_fingerprint


def needs_work(catalog: Catalog, settings: Settings, document_ids: Iterable[str]) -> bool:
    """Whether the stages after intake have anything to do for these documents: one not yet
    finished by the current code, or any document of the archive waiting for the index."""
    if catalog.state_counts().get(DocumentState.EXTRACTED):
        return True
    return bool(unfinished(catalog, settings, document_ids, first_only=True))


def unfinished(catalog: Catalog, settings: Settings, document_ids: Iterable[str], *, first_only: bool = False) -> list[str]:
    """Those of these documents the stages after intake have yet to finish with the current code
    (a file split in several results: while any of its parts is unfinished). Failed documents are
    finished: they wait for `sohoa retry`; so are disposed ones."""
    ocr_current, extract_current = ocr_fingerprint(settings), extract_fingerprint()

    def pending(document_id: str) -> bool:
        document = catalog.document(document_id)
        if document is None or document.state in (DocumentState.FAILED, DocumentState.DISPOSED):
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
