"""Vietnamese identifiers: CCCD / CMND, dossier codes, household business and tax codes."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from indexing.vietnamese import identifier_key

# Province codes of the personal identification number (Circular 59/2021/TT-BCA, Appendix I).
PROVINCE_CODES = {
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025",
    "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048",
    "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
}  # fmt: skip

DOSSIER_CODE = re.compile(r"\b(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4})\b")
PROCEDURE_CODE = re.compile(r"\b([12]\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?)\b")
HOUSEHOLD_BUSINESS_CODE = re.compile(r"\b(\d{2}[A-Z]\d{1}\d{6,8})\b")
TAX_CODE = re.compile(r"\b(\d{10}(?:-\d{3})?)\b")


def valid_cccd(number: str, today: date | None = None) -> bool:
    """12 digits: province of birth, century/sex digit, two-digit birth year, 6 digits."""
    if not re.fullmatch(r"\d{12}", number) or number[:3] not in PROVINCE_CODES:
        return False
    century_sex = int(number[3])
    if century_sex > 3:  # 4-9 are for years 2100 onwards
        return False
    year = (1900 if century_sex < 2 else 2000) + int(number[4:6])
    return year <= (today or date.today()).year


def valid_cmnd(number: str) -> bool:
    return bool(re.fullmatch(r"\d{9}", number)) and number[:2] != "00"


def digits_only(text: str) -> str:
    """Digit run as OCR may print it: O/o for 0, l/I/| for 1, spaces inside."""
    return re.sub(r"\s", "", text.translate(str.maketrans("OolI|", "00111")))


def document_keys(metadata: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, value) pairs another scan of the same paper would share (near-duplicate detection
    looks them up): its number, normalized, and its citizens' identification numbers, digits only."""
    keys: list[tuple[str, str]] = []
    number = identifier_key(str(metadata.get("number") or ""))
    if re.search(r"\d", number) and len(number) >= 3:
        keys.append(("number", number))
    for value in metadata.get("id_numbers") or []:
        digits = re.sub(r"\D", "", str(value))
        if len(digits) >= 9:
            keys.append(("id_number", digits))
    return sorted(set(keys))
