"""Archival description of documents and dossiers (hồ sơ), in the fields archives use.

Circular 05/2025/TT-BNV (under the Archives Law 2024) names what a digitized record carries, at the
document level and at the file (hồ sơ) level; docs/archival-description.md lists each field with its
source and its name in Circular 02/2019/TT-BNV. Most come from extraction (type, number, date,
agency, subject, signer) or from the archive itself (pages, dates, SHA-256); the rest are recorded
by a clerk with ``sohoa edit`` or the review form (``ARCHIVAL_FIELDS``: audited corrections, like
any field), and have defaults here when nobody has. A dossier's fields are made from its members:
its dates span theirs, it is kept as long as its longest-kept member, and used under the strictest
access regime among them.

Contract: ``describe_document`` and ``describe_dossier`` read the catalog and write nothing.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from indexing.vietnamese import fold, normalize
from pipeline.catalog import Catalog, DocumentRow
from pipeline.retention import Retention, Schedule, parse_retention

LANGUAGE_DEFAULT = "Tiếng Việt"
# Mức độ tin cậy: a record scanned from paper is "Số hóa" (as opposed to born electronic).
RELIABILITY = ("Số hóa", "Gốc điện tử", "Hỗn hợp")
RELIABILITY_DEFAULT = "Số hóa"
# Chế độ sử dụng, least restricted first: one-stop results name citizens and their numbers.
ACCESS_REGIMES = ("Công khai", "Hạn chế sử dụng")
ACCESS_DEFAULT = "Hạn chế sử dụng"
COPY_KINDS = ("Bản gốc", "Bản chính", "Bản sao y", "Bản sao lục", "Bản trích sao", "Bản sao")

#: Field → Vietnamese label, as forms and packages show them.
ARCHIVAL_LABELS = {
    "language": "Ngôn ngữ", "copy_kind": "Loại bản", "access_regime": "Chế độ sử dụng",
    "reliability": "Mức độ tin cậy", "handwriting": "Bút tích", "physical_state": "Tình trạng vật lý",
    "keywords": "Từ khóa", "info_code": "Ký hiệu thông tin", "note": "Ghi chú", "retention": "Thời hạn bảo quản",
}  # fmt: skip


#: File-level (hồ sơ) fields a clerk records for a whole dossier (``sohoa edit --dossier``): they win
#: over what is derived from its documents.
DOSSIER_FIELDS = (
    "title", "retention", "access_regime", "language", "keywords", "info_code", "physical_state", "note",
    "sheet_count",
)  # fmt: skip
DOSSIER_LABELS = {
    "title": "Tiêu đề hồ sơ", "sheet_count": "Số lượng tờ", **{k: v for k, v in ARCHIVAL_LABELS.items()},
}  # fmt: skip


class InvalidArchivalValue(ValueError):
    """A value outside a field's vocabulary (message in Vietnamese)."""


def _one_of(value: str, allowed: tuple[str, ...], label: str) -> str:
    for option in allowed:
        if fold(option) == fold(value):
            return option
    raise InvalidArchivalValue(f"{label} phải là một trong: {', '.join(allowed)} (nhận được: {value})")


def parse_archival_value(name: str, text: str) -> Any:
    """The stored form of a clerk's archival value (``text`` is NFC and stripped, not empty)."""
    if name == "access_regime":
        return _one_of(text, ACCESS_REGIMES, ARCHIVAL_LABELS[name])
    if name == "reliability":
        return _one_of(text, RELIABILITY, ARCHIVAL_LABELS[name])
    if name == "copy_kind":
        return _one_of(text, COPY_KINDS, ARCHIVAL_LABELS[name])
    if name == "retention":
        try:
            return parse_retention(text).label
        except ValueError as exc:
            raise InvalidArchivalValue(str(exc)) from exc
    return text


def parse_dossier_value(name: str, text: str) -> Any:
    """The stored form of a clerk's file-level value; empty clears it (back to the derived one)."""
    if name not in DOSSIER_FIELDS:
        raise InvalidArchivalValue(f"Không có trường hồ sơ '{name}'; các trường: {', '.join(DOSSIER_FIELDS)}")
    text = normalize(text).strip()
    if name == "keywords":
        return [part.strip() for part in text.split(",") if part.strip()]
    if not text:
        return None
    if name == "sheet_count":
        if not text.isdigit() or not 0 < int(text) < 100_000:
            raise InvalidArchivalValue(f"Số lượng tờ phải là số nguyên dương: {text}")
        return int(text)
    return parse_archival_value(name, text)


@dataclass(frozen=True, slots=True)
class DocumentDescription:
    """One document as an archive describes it (field names: docs/archival-description.md)."""

    identifier: str
    dossier_code: str | None
    order_in_dossier: int | None
    doc_type: str | None
    number: str | None
    symbol: str | None
    issued_date: str | None
    agency: str | None
    subject: str | None
    signer: str | None
    language: str
    page_count: int
    info_code: str | None
    keywords: list[str]
    access_regime: str
    reliability: str
    handwriting: str | None
    physical_state: str | None
    copy_kind: str | None
    note: str | None
    retention: str | None          # "Vĩnh viễn", "10 năm"; None: no rule and no clerk's value yet
    retention_basis: str | None    # where it comes from (the schedule's rule, or the clerk)
    disposal_due: str | None       # ISO date from which it may be proposed for disposal; None: never / unknown
    digitized_at: str
    sha256: str
    media_type: str | None
    source_name: str
    procedure_code: str | None = None
    id_numbers: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DossierDescription:
    """A dossier (hồ sơ) as an archive describes it."""

    dossier_id: str
    dossier_code: str
    title: str
    procedure: str | None
    applicant: str | None
    language: str
    start_date: str | None
    end_date: str | None
    document_count: int
    page_count: int
    keywords: list[str]
    access_regime: str
    retention: str | None
    disposal_due: str | None
    documents: list[DocumentDescription]
    info_code: str | None = None
    physical_state: str | None = None
    note: str | None = None
    sheet_count: int | None = None
    corrected: list[str] = field(default_factory=list)  # the fields a clerk set for the whole dossier

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["documents"] = [d.as_json() for d in self.documents]
        return data


def _number_and_symbol(number: str | None) -> tuple[str | None, str | None]:
    """"15/QĐ-UBND" → ("15", "QĐ-UBND"): Circular 02/2019 records them apart."""
    if not number:
        return None, None
    match = re.fullmatch(r"\s*(\d+[a-zA-Z]?)\s*/\s*(.+?)\s*", number)
    return (match[1], match[2]) if match else (None, number)


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def describe_document(catalog: Catalog, document: DocumentRow, schedule: Schedule,
                      dossier_code: str | None = None, order: int | None = None) -> DocumentDescription:  # fmt: skip
    fields = catalog.effective_metadata(document.id)
    number, symbol = _number_and_symbol(fields.get("number"))
    retention = schedule.for_document(fields)
    issued = _iso_date(fields.get("issued_date"))
    return DocumentDescription(
        identifier=document.id,
        dossier_code=dossier_code or fields.get("dossier_code"),
        order_in_dossier=order,
        doc_type=fields.get("doc_type"),
        number=number,
        symbol=symbol,
        issued_date=issued.isoformat() if issued else None,
        agency=fields.get("agency"),
        subject=fields.get("subject"),
        signer=fields.get("signer"),
        language=fields.get("language") or LANGUAGE_DEFAULT,
        page_count=len(catalog.pages(document.id)) if document.page_count is None else document.page_count,
        info_code=fields.get("info_code"),
        keywords=list(fields.get("keywords") or []),
        access_regime=fields.get("access_regime") or ACCESS_DEFAULT,
        reliability=fields.get("reliability") or RELIABILITY_DEFAULT,
        handwriting=fields.get("handwriting"),
        physical_state=fields.get("physical_state"),
        copy_kind=fields.get("copy_kind"),
        note=fields.get("note"),
        retention=retention.label if retention else None,
        retention_basis=retention.basis if retention else None,
        disposal_due=_due(retention, issued),
        digitized_at=catalog.created_at(document.id),
        sha256=document.file_sha256,
        media_type=document.media_type,
        source_name=document.source_name,
        procedure_code=fields.get("procedure_code"),
        id_numbers=list(fields.get("id_numbers") or []),
    )


def _due(retention: Retention | None, issued: date | None) -> str | None:
    due = retention.due_date(issued) if retention else None
    return due.isoformat() if due else None


def describe_dossier(catalog: Catalog, dossier: dict[str, Any], schedule: Schedule) -> DossierDescription:
    """A dossier record (``Catalog.dossiers``) described with its members, in date order."""
    code = str(dossier.get("code") or dossier["id"])
    members = [d for d in (catalog.document(i) for i in dossier["documents"]) if d is not None]
    dated = sorted(members, key=lambda d: (str(catalog.effective_metadata(d.id).get("issued_date") or "9999"), d.id))
    documents = [describe_document(catalog, d, schedule, code, order) for order, d in enumerate(dated, start=1)]
    dates = sorted(d.issued_date for d in documents if d.issued_date)
    clerk = {k: v for k, v in catalog.dossier_corrections(str(dossier["id"])).items() if v not in (None, [])}
    # Kept as long as the longest-kept member (or as a clerk set for the whole dossier); no due date
    # while any member has none.
    retentions = [schedule.parse(d.retention) if d.retention else None for d in documents]
    longest = None if not retentions or None in retentions else max(retentions, key=lambda r: r.sort_key)  # type: ignore[union-attr]
    if clerk.get("retention"):
        longest = schedule.parse(str(clerk["retention"]))
    end = _iso_date(dates[-1]) if dates else None
    strictest = max((ACCESS_REGIMES.index(d.access_regime) for d in documents if d.access_regime in ACCESS_REGIMES),
                    default=ACCESS_REGIMES.index(ACCESS_DEFAULT))  # fmt: skip
    return DossierDescription(
        dossier_id=str(dossier["id"]),
        dossier_code=code,
        title=str(clerk.get("title") or dossier.get("title") or code),
        procedure=dossier.get("procedure"),
        applicant=dossier.get("applicant"),
        language=str(clerk.get("language") or ", ".join(dict.fromkeys(d.language for d in documents)) or LANGUAGE_DEFAULT),
        start_date=dates[0] if dates else None,
        end_date=dates[-1] if dates else None,
        document_count=len(documents),
        page_count=sum(d.page_count for d in documents),
        keywords=list(clerk.get("keywords") or dict.fromkeys(k for d in documents for k in d.keywords)),
        access_regime=str(clerk.get("access_regime") or ACCESS_REGIMES[strictest]),
        retention=longest.label if longest else None,
        disposal_due=_due(longest, end),
        documents=documents,
        info_code=clerk.get("info_code"),
        physical_state=clerk.get("physical_state"),
        note=clerk.get("note"),
        sheet_count=clerk.get("sheet_count"),
        corrected=sorted(clerk),
    )
