"""Archive operations shared by the command line and the web app: search, corrections.

``sohoa search --json`` and ``GET /api/search`` answer with the same function; ``sohoa edit`` and the
review form save a correction with the same one, so both paths validate, audit and re-index alike.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from indexing.backends import shared_backend
from indexing.highlights import matching_boxes
from indexing.query import SearchRequest, parse_query
from indexing.records import SearchResults
from indexing.vietnamese import normalize
from pipeline.catalog import Catalog, DocumentRow, DocumentState
from pipeline.extraction.names import ARCHIVAL_FIELDS, EXPORT_FIELDS, EXTRA_FIELDS, LIST_FIELDS
from pipeline.settings import Settings

EDITABLE_FIELDS = EXPORT_FIELDS + EXTRA_FIELDS + ARCHIVAL_FIELDS
DATE_FIELDS = ("issued_date", "received_date", "due_date")


class InvalidFieldValue(ValueError):
    """A correction that cannot be saved: unknown field or a malformed value (message in Vietnamese)."""


def search_documents(backend: Any, request: SearchRequest) -> SearchResults:
    """Search. With ``per_document``: one hit per document, its best page; a document found only by
    its metadata (a clerk's correction, a field read from the header) comes as its own record, page 0."""
    if not request.per_document or request.records != "page":
        return backend.search(request)
    wanted = request.offset + request.limit
    deep = replace(request, offset=0, limit=min(1000, wanted * 5), per_document=False)
    pages = backend.search(deep)
    documents = backend.search(replace(deep, records="document"))
    best: dict[str, Any] = {}
    for hit in pages.hits:
        best.setdefault(hit.id, hit)
    for hit in documents.hits:
        if hit.id not in best:
            best[hit.id] = hit
    if request.sort == "date":
        ordered = sorted(best.values(), key=lambda h: str(h.metadata.get("issued_date") or ""), reverse=True)
    else:
        ordered = sorted(best.values(), key=lambda h: -h.score)
    return SearchResults(len(best), ordered[request.offset : wanted], pages.facets, pages.fuzzy or documents.fuzzy)


def search_json(settings: Settings, request: SearchRequest) -> dict[str, Any]:
    """``{"total", "hits", "facets"}``; each hit carries the boxes of the matching words on its page."""
    results = search_documents(shared_backend(settings), request)
    data = results.as_json()
    parsed = parse_query(request.text)
    with Catalog.for_reading(settings.catalog_location) as catalog:
        for hit in data["hits"]:
            page = catalog.page(hit["id"], hit["page"]) if hit["page"] else None  # one page's words only
            hit["highlights"] = matching_boxes(page.words, parsed) if page else []
    return data


def parse_date(text: str) -> date:
    """A date as clerks type it (dd/mm/yyyy) or as stored (yyyy-mm-dd); ValueError otherwise."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    if match:
        return date(int(match[3]), int(match[2]), int(match[1]))
    return date.fromisoformat(text.strip())


def parse_field_value(field: str, raw: str) -> Any:
    """The stored form of a clerk's value: NFC, lists split on commas, dates as ISO; empty clears."""
    if field not in EDITABLE_FIELDS:
        raise InvalidFieldValue(f"Không có trường '{field}'; các trường: {', '.join(EDITABLE_FIELDS)}")
    text = normalize(raw).strip()
    if field in LIST_FIELDS:
        values = [part.strip() for part in text.split(",") if part.strip()]
        if field == "id_numbers":
            return [_id_number(value) for value in values]
        return values
    if not text:
        return None
    if field in DATE_FIELDS:
        try:
            return parse_date(text).isoformat()
        except ValueError as exc:
            raise InvalidFieldValue(f"Ngày không hợp lệ: {text} (dd/mm/yyyy hoặc yyyy-mm-dd)") from exc
    if field in ARCHIVAL_FIELDS:
        from pipeline.archival import InvalidArchivalValue, parse_archival_value

        try:
            return parse_archival_value(field, text)
        except InvalidArchivalValue as exc:
            raise InvalidFieldValue(str(exc)) from exc
    return text


def _id_number(value: str) -> str:
    """A CCCD (12 digits) or CMND (9), typed with or without spaces and dots; anything else refused."""
    from pipeline.extraction.identifiers import valid_cccd, valid_cmnd

    digits = re.sub(r"[\s.\-]", "", value)
    if (len(digits) == 12 and valid_cccd(digits)) or (len(digits) == 9 and valid_cmnd(digits)):
        return digits
    raise InvalidFieldValue(f"Số định danh không hợp lệ: {value} (CCCD 12 chữ số hoặc CMND 9 chữ số)")


def processed_document(catalog: Catalog, document_id: str) -> DocumentRow | None:
    """The document if it went through extraction (it has text and metadata to show or correct)."""
    document = catalog.document(document_id)
    if document is None or document.state not in (DocumentState.EXTRACTED, DocumentState.INDEXED):
        return None
    return document


def save_corrections(settings: Settings, document_id: str, values: dict[str, Any], corrected_by: str) -> None:
    """Record each corrected field (audited in the catalog, never overwritten by re-extraction),
    then re-index the document so searches see the correction at once."""
    from pipeline.near_duplicates import flag_near_duplicates
    from pipeline.stages.index import index

    with Catalog(settings.catalog_location) as catalog:
        for field, value in values.items():
            catalog.correct_field(document_id, field, value, corrected_by)
        flag_near_duplicates(catalog, document_id)  # a corrected number or CCCD may reveal (or undo) one
        index(catalog, shared_backend(settings), [document_id])


def resplit(settings: Settings, document_id: str, starts: list[int], by: str) -> list[str]:
    """A clerk sets where the results of a multi-document scan start (``document_id``: the file or
    any part of it). The parts are made, read for their metadata and indexed at once; parts no longer
    there leave the index. Returns the documents the file now is (parts, or the file itself).
    Raises ``InvalidSplit``."""
    from pipeline.stages.extract import extract
    from pipeline.stages.index import index
    from pipeline.stages.split import InvalidSplit, file_of, split_at

    with Catalog(settings.catalog_location) as catalog:
        file = file_of(catalog, document_id)
        if file is None:
            raise InvalidSplit("Không có tài liệu này.")
        parts, gone = split_at(catalog, file, starts, by)
        now = parts or [file.id]
        extract(catalog, now)
        index(catalog, shared_backend(settings), [*now, file.id, *gone])
    return now
