"""Near-duplicates: the same paper scanned twice (other bytes, so not caught by SHA-256).

Contract: after a document's metadata is extracted (or corrected), its keys, the normalized
document number and the ID numbers (CCCD) it names, are saved; every earlier document sharing a
key is compared with it, and a pair is flagged when the evidence says "one paper". Two results of
one template (two decisions of one ward) share most of their words, so likeness alone never decides:

* the same number (whatever its spacing, case and Đ/D) from the same agency, on the same day (or a
  date read on one only), and at least 55% of the text alike; on different days (numbers start again
  each year; or a date misread), at least 95%;
* the same number with the agency unread on one: the same day and 85% alike (92% if a date is unread);
  with the agency misread on one: the same day, an ID number in common, and 55% alike;
* a number missing or misread: the same ID number, the same day, and 92% alike.

A flag is a question for the clerk (``near_duplicates`` in the catalog, the review screen, ``sohoa
status``), never a merge: both documents stay, searchable, until a clerk says "same paper" or
"different papers", and that answer is kept. Re-extraction replaces unanswered flags only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from indexing.vietnamese import fold, identifier_key
from pipeline.extraction.identifiers import document_keys

if TYPE_CHECKING:
    from pipeline.catalog import Catalog

SAME_NUMBER_SIMILARITY = 0.55
SAME_NUMBER_OTHER_DAY_SIMILARITY = 0.95
UNKNOWN_AGENCY_SIMILARITY = 0.85
UNKNOWN_AGENCY_AND_DATE_SIMILARITY = 0.92
SAME_PERSON_SIMILARITY = 0.92
AGENCY_MISREAD_LETTERS = 1
# Texts are compared on their first characters: enough to tell two papers apart, bounded in time.
COMPARED_CHARS = 6000


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    document_id: str  # the later scan
    earlier_id: str
    similarity: float
    reasons: str  # Vietnamese, for the clerk: "cùng số 15/QĐ-UBND, cùng ngày 03/04/2024, giống 93% nội dung"


def comparable_text(pages: Iterable[str]) -> str:
    """Folded words only: case, marks, punctuation and line breaks are where two scans differ most."""
    words = re.findall(r"[0-9a-z]+", fold(" ".join(pages)))
    return " ".join(words)[:COMPARED_CHARS]


def similarity(text_a: str, text_b: str) -> float:
    """Share of the comparable text alike, 0..1 (normalized Indel distance)."""
    if not text_a or not text_b:
        return 0.0
    return float(fuzz.ratio(text_a, text_b)) / 100.0


def _same(a: Any, b: Any) -> bool | None:
    """True/False when both are known; None when either is missing."""
    if not a or not b:
        return None
    return bool(fold(str(a)).strip() == fold(str(b)).strip())


def _same_agency(a: Any, b: Any) -> bool | None:
    """Agencies as read by OCR: marks may differ and one letter may be misread between two scans of
    one heading ("PHƯỜNG PHÚ LỢI" / "PHUONG PHU LOI" / "PHƯỜNG PHÚ LƠI"); another ward never matches,
    nor another number ("PHƯỜNG 1" / "PHƯỜNG 2")."""
    if not a or not b:
        return None
    key_a, key_b = identifier_key(str(a)), identifier_key(str(b))
    if re.sub(r"\D", "", key_a) != re.sub(r"\D", "", key_b):
        return False
    return bool(Levenshtein.distance(key_a, key_b) <= AGENCY_MISREAD_LETTERS)


def judge(later: dict[str, Any], earlier: dict[str, Any], alike: float) -> str | None:
    """Why two documents look like one paper (Vietnamese), or None."""
    shown_alike = f"giống {alike:.0%} nội dung"
    same_number = _same(identifier_key(str(later.get("number") or "")), identifier_key(str(earlier.get("number") or "")))
    same_date = _same(later.get("issued_date"), earlier.get("issued_date"))
    same_agency = _same_agency(later.get("agency"), earlier.get("agency"))
    shared_ids = set(document_keys({"id_numbers": later.get("id_numbers")})) & set(
        document_keys({"id_numbers": earlier.get("id_numbers")})
    )
    if same_number:
        if same_date and shared_ids:  # three keys agree: an agency misread on one scan does not matter
            needed = SAME_NUMBER_SIMILARITY
        elif same_agency:
            needed = SAME_NUMBER_OTHER_DAY_SIMILARITY if same_date is False else SAME_NUMBER_SIMILARITY
        elif same_agency is None and same_date is not False:
            needed = UNKNOWN_AGENCY_SIMILARITY if same_date else UNKNOWN_AGENCY_AND_DATE_SIMILARITY
        else:  # two agencies: each numbers its own papers
            needed = 2.0
        if alike >= needed:
            parts = [f"cùng số {earlier.get('number')}"]
            if same_agency:
                parts.append(f"cùng cơ quan {earlier.get('agency')}")
            if same_date:
                parts.append(f"cùng ngày {_shown_date(earlier.get('issued_date'))}")
            return ", ".join([*parts, shown_alike])
    if shared_ids and same_date and alike >= SAME_PERSON_SIMILARITY:
        ids = ", ".join(value for _, value in sorted(shared_ids))
        return f"cùng số định danh {ids}, cùng ngày {_shown_date(earlier.get('issued_date'))}, {shown_alike}"
    return None


def _shown_date(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def flag_near_duplicates(catalog: Catalog, document_id: str) -> list[NearDuplicate]:
    """Save the document's keys and flag every earlier document that looks like the same paper."""
    metadata = catalog.effective_metadata(document_id)
    catalog.replace_document_keys(document_id, document_keys(metadata))
    found: list[NearDuplicate] = []
    candidates = catalog.documents_sharing_keys(document_id)
    if candidates:
        text = comparable_text(p.text for p in catalog.pages(document_id))
        for earlier_id in candidates:
            alike = similarity(text, comparable_text(p.text for p in catalog.pages(earlier_id)))
            reasons = judge(metadata, catalog.effective_metadata(earlier_id), alike)
            if reasons:
                found.append(NearDuplicate(document_id, earlier_id, round(alike, 3), reasons))
    catalog.replace_near_duplicates(document_id, [(n.earlier_id, n.similarity, n.reasons) for n in found])
    return found
