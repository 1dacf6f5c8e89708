"""What the pages and the API show, computed once: search requests, documents, files, masking.

Nothing here writes HTML; templates do, with autoescaping on. Text that gets marks (search terms)
is escaped piece by piece and only the ``<mark>`` tags are added, so OCR text stays text.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Path as PathParam
from markupsafe import Markup, escape
from PIL import Image

from indexing.highlights import matching_boxes
from indexing.query import SearchRequest, parse_query
from indexing.vietnamese import fold, tokens
from pipeline.archival import ARCHIVAL_LABELS
from pipeline.archive import parse_date, processed_document
from pipeline.catalog import Catalog, DocumentRow, PageRow
from pipeline.export import document_record
from pipeline.extraction.names import LIST_FIELDS
from pipeline.report import local_time
from pipeline.settings import Settings
from pipeline.storage import OriginalStore, Storage, stored_page_image

FIELD_LABELS: dict[str, str] = {
    "doc_type": "Loại văn bản", "number": "Số, ký hiệu", "issued_date": "Ngày ban hành", "agency": "Cơ quan ban hành",
    "parent_agency": "Cơ quan chủ quản", "place": "Địa danh", "subject": "Trích yếu", "signer": "Người ký",
    "signer_title": "Chức vụ người ký", "signing_authority": "Thẩm quyền ký", "people": "Người được nêu",
    "id_numbers": "Số CCCD/CMND", "dossier_code": "Mã hồ sơ", "procedure": "Thủ tục", "procedure_code": "Mã thủ tục",
    "field": "Lĩnh vực", "household_business_code": "Mã hộ kinh doanh", "tax_code": "Mã số thuế",
    "received_date": "Ngày tiếp nhận", "due_date": "Ngày hẹn trả", **ARCHIVAL_LABELS,
}  # fmt: skip
FACET_LABELS = {"doc_type": "Loại văn bản", "year": "Năm", "agency": "Cơ quan ban hành"}
DOWNLOADS = {
    "original": "Bản gốc",
    "pdf": "PDF tìm kiếm được",
    "json": "Dữ liệu JSON",
    "alto": "ALTO XML (zip)",
    "signed": "Bản sao điện tử có chữ ký số (SAO Y)",
}
_THUMB_WIDTH = 220

# Numbers in URLs, bounded: a page number or a row id past these is a 422, never an SQLite overflow.
PageNumber = Annotated[int, PathParam(ge=1, le=100_000)]
RowId = Annotated[int, PathParam(ge=1, le=2**31 - 1)]

# CCCD (12 digits), CMND (9), and other long digit runs that identify a person (phone, tax code),
# printed in one run or in groups of three ("079 203 001 234", "079.203.005.678"); an amount of money
# in groups ("590.000.000 đồng") is not a person's number.
_ID_RUN = re.compile(r"(?<![\d])(\d{3})(\d{4,8})(\d{2})(?![\d])")
_GROUPED_ID = re.compile(r"(?<![\d.,])\d{3}(?:[ .\-]\d{3}){2,3}(?![\d])(?![.,]\d)(?!\s*(?:đồng|đ\b|VNĐ|vnđ))")


def mask_ids(text: str) -> str:
    """``079203001234`` → ``079*******34``, ``079 203 001 234`` → ``079 *** *** *34``: enough to tell
    numbers apart, not enough to use one."""

    def grouped(match: re.Match[str]) -> str:
        value = match.group(0)
        digits = [i for i, ch in enumerate(value) if ch.isdigit()]
        hidden = set(digits[3:-2])
        return "".join("*" if i in hidden else ch for i, ch in enumerate(value))

    return _ID_RUN.sub(lambda m: m[1] + "*" * len(m[2]) + m[3], _GROUPED_ID.sub(grouped, text))


def mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_ids(value)
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: mask_value(v) for k, v in value.items()}
    return value


vn_date = local_time  # the templates' filter name


def parse_vn_date(text: str | None) -> date | None:
    """A filter box's date (dd/mm/yyyy or yyyy-mm-dd); None when empty. Raises ValueError when malformed."""
    return parse_date(text) if text and text.strip() else None


def marked(text: str, query: str) -> Markup:
    """``text`` escaped, with the words matching the query (with or without diacritics) in <mark>."""
    if not query.strip():
        return escape(text)
    parsed = parse_query(query)
    folded_terms = {t for clause in parsed.all_clauses() for t in clause.analyzed.folded_terms}
    pieces: list[str] = []
    for part in re.split(r"(\w+)", text):
        if part and {fold(t) for t in tokens(part)} & folded_terms:
            pieces.append(f"<mark>{escape(part)}</mark>")
        else:
            pieces.append(str(escape(part)))
    return Markup("".join(pieces))


@dataclass(frozen=True, slots=True)
class SearchForm:
    """The search page's query string, validated; ``error`` holds a message for a bad date."""

    q: str = ""
    doc_type: str = ""
    agency: str = ""
    year: str = ""
    date_from: str = ""
    date_to: str = ""
    sort: str = "relevance"
    records: str = "document"
    page: int = 1
    per_page: int = 10
    error: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> SearchForm:
        def text(name: str) -> str:
            return params.get(name, "").strip()[:500]

        try:
            page = max(1, min(1000, int(params.get("page", "1"))))
        except ValueError:
            page = 1
        sort = text("sort") if text("sort") in ("relevance", "date") else "relevance"
        records = text("records") if text("records") in ("page", "document", "dossier") else "document"
        year = text("year") if re.fullmatch(r"\d{4}", text("year")) else ""
        form = cls(text("q"), text("type"), text("agency"), year, text("from"), text("to"), sort, records, page)
        try:
            parse_vn_date(form.date_from)
            parse_vn_date(form.date_to)
        except ValueError:
            return replace(form, date_from="", date_to="", error="Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.")
        return form

    def request(self) -> SearchRequest:
        date_from, date_to = parse_vn_date(self.date_from), parse_vn_date(self.date_to)
        if self.year:
            date_from = max(date_from or date.min, date(int(self.year), 1, 1))
            date_to = min(date_to or date.max, date(int(self.year), 12, 31))
        return SearchRequest(
            self.q, limit=self.per_page, offset=(self.page - 1) * self.per_page, doc_type=self.doc_type or None,
            agency=self.agency or None, date_from=date_from, date_to=date_to, sort=self.sort,  # type: ignore[arg-type]
            per_document=self.records == "document", records="page" if self.records == "document" else self.records,  # type: ignore[arg-type]
        )  # fmt: skip

    def link(self, **changes: Any) -> str:
        """The query string of this search with some parameters changed (facets, pages)."""
        from urllib.parse import urlencode

        values = {"q": self.q, "type": self.doc_type, "agency": self.agency, "year": self.year,
                  "from": self.date_from, "to": self.date_to, "sort": self.sort, "records": self.records,
                  "page": self.page}  # fmt: skip
        values.update(changes)
        if "page" not in changes:
            values["page"] = 1
        return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None, 1) or k == "q"})


def masked_search(data: dict[str, Any], see_ids: bool) -> dict[str, Any]:
    if see_ids:
        return data
    for hit in data["hits"]:
        hit["snippet"] = mask_ids(hit["snippet"])
        hit["metadata"] = mask_value(hit["metadata"])
    return data


# Documents -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PageView:
    number: int
    width: int
    height: int
    text: str
    confidence: float | None
    highlights: list[list[int]]
    has_image: bool


def document_view(catalog: Catalog, document_id: str, query: str, see_ids: bool,
                  offices: frozenset[str] | None = None) -> dict[str, Any] | None:  # fmt: skip
    """Everything the document page and ``GET /api/documents/{id}`` show; of the documents it links
    to (its dossier's, near-duplicates), only those of ``offices`` (every one when None)."""
    document = processed_document(catalog, document_id)
    if document is None:
        return None
    parsed = parse_query(query) if query.strip() else None
    pages = []
    for page in catalog.pages(document.id):
        if page.error_class:
            continue
        text = page.text if see_ids else mask_ids(page.text)
        boxes = matching_boxes(page.words, parsed) if parsed else []
        pages.append(PageView(page.number, page.width or 1, page.height or 1, text, page.confidence, boxes,
                              bool(page.image_path)))  # fmt: skip
    metadata, evidence, corrections = catalog.metadata_record(document.id)
    dossier = catalog.dossier_of(document.id)
    members: list[dict[str, Any]] = []
    for member_id in catalog.documents_of_offices(catalog.dossier_members(document.id), offices):
        member = catalog.document(member_id)
        if member is not None:
            members.append({"id": member.id, "source": member.source_name, "state": member.state,
                            "doc_type": catalog.effective_metadata(member.id).get("doc_type")})  # fmt: skip
    history = [
        {"field": r["field"], "value": json.loads(r["value_json"]), "previous": json.loads(r["previous_json"] or "null"),
         "by": r["corrected_by"], "at": r["corrected_at"]}  # fmt: skip
        for r in catalog.correction_history(document.id)
    ]
    near = [
        {"document_id": n["document_id"], "earlier_id": n["earlier_id"], "similarity": n["similarity"],
         "other_id": n["earlier_id"] if n["document_id"] == document.id else n["document_id"],
         "other_source": n["earlier_source_name"] if n["document_id"] == document.id else n["source_name"],
         "reasons": n["reasons"], "decision": n["decision"], "decided_by": n["decided_by"]}  # fmt: skip
        for n in catalog.near_duplicates(document.id)
        if offices is None or catalog.documents_of_offices([n["document_id"], n["earlier_id"]], offices)
        == [n["document_id"], n["earlier_id"]]
    ]
    if not see_ids:
        metadata, dossier, history = mask_value(metadata), mask_value(dossier), mask_value(history)
        near = [{**n, "reasons": mask_ids(n["reasons"])} for n in near]  # the ids are links: never masked
    return {
        "document": document, "pages": pages, "metadata": metadata, "dossier": dossier, "dossier_documents": members,
        "near_duplicates": near,
        "confidence": {name: e.get("confidence") for name, e in evidence.items()}, "history": history,
        "evidence": evidence, "corrected": set(corrections),
    }  # fmt: skip


def document_json(view: dict[str, Any]) -> dict[str, Any]:
    document: DocumentRow = view["document"]
    return {
        "id": document.id, "source": document.source_name, "sha256": document.file_sha256, "state": document.state,
        "part_of": document.part_of,
        "media_type": document.media_type, "page_count": document.page_count, "metadata": view["metadata"],
        "field_confidence": view["confidence"], "dossier": view["dossier"],
        "dossier_documents": view["dossier_documents"], "corrections": view["history"],
        "near_duplicates": view["near_duplicates"],
        "pages": [{"number": p.number, "width": p.width, "height": p.height, "confidence": p.confidence,
                   "text": p.text, "highlights": p.highlights} for p in view["pages"]],
    }  # fmt: skip


def page_image_path(settings: Settings, page: PageRow) -> Path | None:
    """The stored page image as a local file: by its key (fetched from the bucket if need be), or,
    for pages recorded before keys, by its path if that really lies in the pages folder."""
    return stored_page_image(Storage.for_settings(settings), settings.pages_dir, page.image_path)


def _write_once(target: Path, write: Callable[[Path], object]) -> None:
    """Make ``target`` through a file of this request's own, then move it in place: requests that
    ask at the same moment each write their own file and the last rename wins, whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.stem}.{secrets.token_hex(8)}{target.suffix}")
    try:
        write(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def thumbnail(settings: Settings, page: PageRow, source: Path) -> Path:
    """A small JPEG of the page, made once and kept in the cache folder."""
    target = settings.cache_dir / "thumbs" / f"{page.document_id}-{page.number:04d}-{page.fingerprint or 'x'}.jpg"
    if not target.is_file():

        def write(path: Path) -> None:
            with Image.open(source) as image:
                image.thumbnail((_THUMB_WIDTH, _THUMB_WIDTH * 3))
                image.convert("L" if image.mode in ("1", "L") else "RGB").save(path, "JPEG", quality=80)

        _write_once(target, write)
    return target


@dataclass(frozen=True, slots=True)
class Download:
    path: Path | None
    content: bytes | None
    filename: str
    media_type: str


def download(catalog: Catalog, settings: Settings, document: DocumentRow, kind: str) -> Download:
    file = catalog.document(document.parent_id) if document.parent_id else document  # a part: the file it is in
    file_name = (file or document).source_name
    stem = Path(file_name).stem or document.id
    if document.parent_id:
        stem += f"-trang-{document.first_page}" + (f"-{document.last_page}" if document.last_page != document.first_page else "")
    if kind == "original":  # the whole file as received, for a part too
        path = OriginalStore(Storage.for_settings(settings)).path_for(document.file_sha256)
        suffix = {"application/pdf": ".pdf", "image/tiff": ".tif", "image/jpeg": ".jpg", "image/png": ".png"}
        name = Path(file_name).name or (document.id + suffix.get(document.media_type or "", ""))
        return Download(path, None, name, document.media_type or "application/octet-stream")
    if kind == "pdf":
        from pipeline.outputs import searchable_pdf

        pages = "-".join(f"{p.number}:{p.fingerprint}" for p in catalog.pages(document.id) if not p.error_class)
        version = hashlib.sha256(pages.encode("utf-8")).hexdigest()[:12]  # new OCR, new file
        target = settings.cache_dir / "pdf" / f"{document.id}-{version}.pdf"
        if not target.is_file():
            _write_once(target, lambda path: searchable_pdf(catalog, settings, document.id, path))
        return Download(target, None, f"{stem}.pdf", "application/pdf")
    if kind == "json":
        record = document_record(catalog, document.id)
        body = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
        return Download(None, body, f"{stem}.json", "application/json")
    if kind == "alto":
        import tempfile

        from pipeline.outputs import page_xml

        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in page_xml(catalog, document.id, "alto", Path(folder)):
                archive.write(path, path.name)
        return Download(None, buffer.getvalue(), f"{stem}-alto.zip", "application/zip")
    if kind == "signed":  # signed at each request: the stamp carries the time of this copy
        import tempfile

        from pipeline.signing import sign_for_office

        searchable = download(catalog, settings, document, "pdf")
        assert searchable.path is not None
        with tempfile.TemporaryDirectory(prefix="sohoa-sao-") as folder:
            target = Path(folder) / "ban-sao.pdf"
            sign_for_office(settings, searchable.path, target)
            body = target.read_bytes()
        return Download(None, body, f"{stem}-ban-sao-dien-tu.pdf", "application/pdf")
    raise KeyError(kind)


def field_value_text(name: str, value: Any) -> str:
    """A field's value as the edit box shows it: lists comma-separated, dates dd/mm/yyyy."""
    if value is None:
        return ""
    if name in LIST_FIELDS and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if name.endswith("_date"):
        return vn_date(value)
    return str(value)
