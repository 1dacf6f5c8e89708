"""First extraction pass over page text. Each field records its value, confidence and page.

Parsing is opportunistic and tolerant of OCR noise: the raw page text stays in the catalog, and
a field we are unsure of is left empty rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from indexing.vietnamese import fold, normalize

EXTRACTOR_VERSION = "extract-1"

EXPORT_FIELDS = (
    "doc_type", "number", "issued_date", "agency", "subject", "signer", "signer_title",
    "people", "id_numbers", "dossier_code",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExtractedField:
    value: Any
    confidence: float
    page: int


# Title lines as printed (folded for matching) -> type name in sentence case. Longest first.
_DOC_TYPES: list[tuple[str, str]] = sorted(
    [
        ("phieu tiep nhan ho so va hen tra ket qua", "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả"),
        ("giay chung nhan dang ky ho kinh doanh", "Giấy chứng nhận đăng ký hộ kinh doanh"),
        ("giay chung nhan quyen su dung dat", "Giấy chứng nhận quyền sử dụng đất"),
        ("giay xac nhan tinh trang hon nhan", "Giấy xác nhận tình trạng hôn nhân"),
        ("trich luc khai sinh", "Trích lục khai sinh"),
        ("trich luc ket hon", "Trích lục kết hôn"),
        ("trich luc khai tu", "Trích lục khai tử"),
        ("giay phep xay dung", "Giấy phép xây dựng"),
        ("giay chung nhan", "Giấy chứng nhận"),
        ("quyet dinh", "Quyết định"),
        ("nghi quyet", "Nghị quyết"),
        ("thong bao", "Thông báo"),
        ("bao cao", "Báo cáo"),
        ("to trinh", "Tờ trình"),
        ("ke hoach", "Kế hoạch"),
        ("chi thi", "Chỉ thị"),
        ("huong dan", "Hướng dẫn"),
        ("bien ban", "Biên bản"),
        ("giay moi", "Giấy mời"),
        ("giay uy quyen", "Giấy ủy quyền"),
        ("cong van", "Công văn"),
    ],
    key=lambda item: -len(item[0]),
)

_NUMBER = re.compile(
    r"(?:^|\n|\s)S[ốốoóôổỗ6ồ]\s*[:;.]?\s*"
    r"(?P<num>\d{1,6}\s*(?:/\s*\d{4}\s*)?/\s*[A-Za-zĐđÐð][A-Za-z0-9ĐđÐð]*(?:\s*[-–.]\s*[A-Za-z0-9ĐđÐð]+)*)"
)
_DATE = re.compile(
    r"ng[àa]y\s*(?P<d>\d{1,2})\s*th[áa]ng\s*(?P<m>\d{1,2})\s*n[ăa]m\s*(?P<y>\d{4})", re.IGNORECASE
)
_DOSSIER = re.compile(r"\b(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4})\b")
_ID_LABEL = re.compile(r"(cccd|can cuoc|cmnd|chung minh|dinh danh|so dd|ho chieu)", re.IGNORECASE)
_ID_RUN = re.compile(r"(?<![\d])(\d{12}|\d{9})(?![\d])")
# A wrapped subject continues on a line that starts in lower case.
_VV = re.compile(r"(?:^|\n)\s*V/v\.?\s*(?P<subject>[^\n]+(?:\n[a-zà-ỹđ][^\n]*)?)")


def extract_metadata(pages: list[str]) -> dict[str, ExtractedField]:
    """Fields found in the document's page texts (NFC); missing fields are absent."""
    found: dict[str, ExtractedField] = {}
    texts = [normalize(t) for t in pages]
    if not texts:
        return found
    first = texts[0]
    if (doc_type := _doc_type(first)) is not None:
        found["doc_type"] = doc_type
    if (number := _number(first)) is not None:
        found["number"] = number
        if "doc_type" not in found and _looks_like_cong_van(number.value, first):
            found["doc_type"] = ExtractedField("Công văn", 0.6, 1)
    if (issued := _issued_date(first)) is not None:
        found["issued_date"] = issued
    if (subject := _vv_subject(first)) is not None:
        found["subject"] = subject
    for number_on_page, text in enumerate(texts, start=1):
        if "dossier_code" not in found and (match := _DOSSIER.search(text)):
            found["dossier_code"] = ExtractedField(match.group(1), 0.9, number_on_page)
    ids = _id_numbers(texts)
    if ids:
        found["id_numbers"] = ExtractedField(ids, 0.8, 1)
    return found


def _doc_type(text: str) -> ExtractedField | None:
    lines = [fold(line).strip(" .:") for line in text.splitlines()[:40]]
    for line in lines:
        compact = re.sub(r"\s+", " ", line)
        for pattern, name in _DOC_TYPES:
            if compact == pattern or (compact.startswith(pattern) and len(compact) <= len(pattern) + 12):
                exact = compact == pattern
                return ExtractedField(name, 0.95 if exact else 0.75, 1)
    return None


def _number(text: str) -> ExtractedField | None:
    match = _NUMBER.search(text[:3000])
    if not match:
        return None
    raw = re.sub(r"\s+", "", match.group("num")).replace("–", "-")
    raw = raw.replace("Ð", "Đ").replace("ð", "đ").rstrip(".-")
    return ExtractedField(raw, 0.9, 1)


def _looks_like_cong_van(number: str, text: str) -> bool:
    symbol = number.split("/")[-1]
    type_abbr = symbol.split("-")[0]
    known = {"NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr",
             "HĐ", "CĐ", "GM", "GGT", "GUQ", "GNP", "PG", "PC", "PB"}  # fmt: skip
    return "-" in symbol and type_abbr not in known and bool(re.search(r"\bV/v\b", text, re.IGNORECASE))


def _issued_date(text: str) -> ExtractedField | None:
    """The header date line (``<place>, ngày 05 tháng 01 năm 2023``); cited dates of laws are not it."""
    today = date.today()
    candidates: list[tuple[float, str]] = []
    for match in _DATE.finditer(text[:4000]):
        try:
            issued = date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        except ValueError:
            continue
        if not (1945 <= issued.year and issued <= today.replace(year=today.year + 1)):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = fold(text[line_start : match.start()])
        if re.search(r"can cu|luat|nghi dinh|thong tu|quyet dinh so|theo|kem theo|sinh", before):
            continue
        if before.rstrip().endswith(","):
            candidates.append((0.9, issued.isoformat()))
        elif not before.strip():
            candidates.append((0.6, issued.isoformat()))
    if not candidates:
        return None
    confidence, value = max(candidates, key=lambda c: c[0])
    return ExtractedField(value, confidence, 1)


def _vv_subject(text: str) -> ExtractedField | None:
    match = _VV.search(text[:3000])
    if not match:
        return None
    subject = re.sub(r"\s+", " ", match.group("subject")).strip()
    return ExtractedField("V/v " + subject, 0.7, 1) if subject else None


def _id_numbers(texts: list[str]) -> list[str]:
    found: list[str] = []
    for text in texts:
        folded = fold(text)
        for match in _ID_RUN.finditer(folded):
            window = folded[max(0, match.start() - 60) : match.start()]
            if _ID_LABEL.search(window) and match.group(1) not in found:
                found.append(match.group(1))
    return found


def metadata_record(found: dict[str, ExtractedField]) -> dict[str, Any]:
    """The export contract's metadata: every field present, null or [] when not found."""
    record: dict[str, Any] = {}
    for name in EXPORT_FIELDS:
        default: Any = [] if name in ("people", "id_numbers") else None
        record[name] = found[name].value if name in found else default
    return record


def evidence_record(found: dict[str, ExtractedField]) -> dict[str, dict[str, Any]]:
    return {name: {k: v for k, v in asdict(field).items() if k != "value"} for name, field in found.items()}
