"""A citizen's results on request: every processed result that names a citizen's identification
number (CCCD, or an older CMND), so an office hands back what it already holds instead of asking
for the paper again (Decree 45/2020/NĐ-CP, Decree 107/2021/NĐ-CP).

The lookup is one indexed query on the catalog's identifier keys (the numbers extraction read, a
clerk's correction included), not a full-text search: exact, and fast at any archive size. Each
result carries what an officer needs to hand it out: type, number, date, subject, the procedure and
dossier it came from, and where its signed electronic copy is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.catalog import Catalog

CCCD_DIGITS = (12, 9)  # citizen identity card (CCCD), the older identity card (CMND)


class InvalidIdNumber(ValueError):
    """Not a CCCD (12 digits) or CMND (9 digits); the message is Vietnamese."""


def id_number_digits(text: str) -> str:
    """The digits of a CCCD/CMND typed with spaces, dots or dashes (``079 203 001 234``)."""
    digits = re.sub(r"[\s.\-]", "", text.strip())
    if not digits.isdigit() or len(digits) not in CCCD_DIGITS:
        raise InvalidIdNumber("Số định danh phải gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND).")
    return digits


@dataclass(frozen=True, slots=True)
class CitizenResult:
    document_id: str
    doc_type: str | None
    number: str | None
    issued_date: str | None
    subject: str | None
    agency: str | None
    procedure_code: str | None
    dossier_code: str | None
    source_name: str
    pages: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id, "doc_type": self.doc_type, "number": self.number,
            "issued_date": self.issued_date, "subject": self.subject, "agency": self.agency,
            "procedure_code": self.procedure_code, "dossier_code": self.dossier_code, "source": self.source_name,
            "pages": self.pages, "signed_copy": f"/api/documents/{self.document_id}/files/signed",
        }  # fmt: skip


def results_of(catalog: Catalog, id_number: str, procedure_code: str | None = None) -> list[CitizenResult]:
    """Every processed result naming this CCCD/CMND (optionally for one procedure), oldest first."""
    digits = id_number_digits(id_number)
    found = []
    for document in catalog.documents_with_id_number(digits):
        metadata = catalog.effective_metadata(document.id)
        dossier = catalog.dossier_of(document.id) or {}
        procedure = metadata.get("procedure_code") or dossier.get("procedure_code")
        if procedure_code and (procedure or "").upper() != procedure_code.strip().upper():
            continue
        found.append(CitizenResult(
            document.id, metadata.get("doc_type"), metadata.get("number"), metadata.get("issued_date"),
            metadata.get("subject"), metadata.get("agency"), procedure, dossier.get("code") or metadata.get("dossier_code"),
            document.source_name, document.page_count,
        ))  # fmt: skip
    return found
