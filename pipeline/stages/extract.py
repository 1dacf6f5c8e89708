"""Stage ``extract``: the metadata of each recognised document, from its pages.

Reads a document's pages (words with their boxes and layout regions, or text); writes its metadata
(type, number and sign, date, agency, subject, signer, people, ID numbers…, each with the evidence
it was read from), its identifier keys for near-duplicate detection, its state, and the dossiers
its folder forms. A clerk's corrections are kept apart and never overwritten. The version is the
extractor's (``pipeline.extraction.fields.EXTRACTOR_VERSION``): a new one extracts again, without OCR.
"""

from __future__ import annotations

from pipeline.catalog import Catalog, DocumentState
from pipeline.dossiers import link_dossiers
from pipeline.extraction.fields import EXTRACTOR_VERSION, evidence_record, extract_metadata, metadata_record
from pipeline.extraction.lines import page_from_text, page_from_words
from pipeline.near_duplicates import flag_near_duplicates
from pipeline.progress import progress
from pipeline.settings import fingerprint
from pipeline.stages.contract import Stage, timed

STAGE = Stage(
    name="extract",
    version=EXTRACTOR_VERSION,
    reads=("pages", "field_corrections"),
    writes=("metadata", "document_keys", "dossiers", "documents"),
)


def extract_fingerprint() -> str:
    return fingerprint(STAGE.version)


_NOT_EXTRACTED = (DocumentState.FAILED, DocumentState.STORED, DocumentState.SPLIT, DocumentState.SUPERSEDED,
                  DocumentState.DISPOSED)  # fmt: skip


def extract(catalog: Catalog, document_ids: list[str]) -> None:
    current = extract_fingerprint()
    pending = []
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is None or document.state in _NOT_EXTRACTED:
            continue
        if document.state == DocumentState.RECOGNIZED or document.extract_fingerprint != current:
            pending.append(document)
    progress().start("extract", len(pending))
    for document in pending:
        with timed(STAGE, catalog, document.id) as run:
            _extract_one(catalog, document.id, current)
            run.fingerprint = current
        progress().advance("extract")
    for dossier_id in link_dossiers(catalog, document_ids):
        # Members indexed before the dossier formed are indexed again with its code.
        catalog.index_dossier_members_again(dossier_id)


def _extract_one(catalog: Catalog, document_id: str, current: str) -> None:
    views = [
        page_from_words(p.number, p.words, p.regions) if p.words else page_from_text(p.number, p.text)
        for p in catalog.pages(document_id)
        if not p.error_class
    ]
    found = extract_metadata(views)
    fields = metadata_record(found)
    fields["evidence"] = evidence_record(found)
    catalog.save_metadata(document_id, fields, current)
    catalog.update_document(document_id, state=DocumentState.EXTRACTED, extract_fingerprint=current)
    flag_near_duplicates(catalog, document_id)
