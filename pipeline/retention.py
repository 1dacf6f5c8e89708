"""Retention (thời hạn bảo quản): how long a result is kept, and from when it may be disposed of.

A schedule maps a document type, or a procedure (mã thủ tục), to a period: permanent or a number of
years. Admins set it (``sohoa retention set``, the admin page); it starts from the few periods the
law fixes for one-stop results (civil status and land records are kept permanently), and a clerk
may set one document's period by hand (the ``retention`` field, an audited correction). Which one
applies, first found: the clerk's, the procedure's, the type's. A document without one is listed
as such, never given a guess.

The period counts from the year after the record's (Archives practice: from the year the work
ended), so a result issued on 05/03/2024 kept 10 years may be proposed for disposal from
01/01/2035. Disposal itself (``pipeline/disposal.py``) needs an admin's confirmed decision.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from indexing.vietnamese import fold, normalize
from pipeline.catalog import Catalog

PERMANENT_LABEL = "Vĩnh viễn"
MAX_YEARS = 100
KINDS = ("procedure_code", "doc_type")  # the order a document's rule is looked for

_CIVIL_STATUS = "Hồ sơ, giấy tờ hộ tịch: bảo quản vĩnh viễn (Luật Hộ tịch 2014)"
_LAND = "Hồ sơ địa chính, giấy chứng nhận quyền sử dụng đất: bảo quản vĩnh viễn (pháp luật đất đai)"


@dataclass(frozen=True, slots=True)
class Retention:
    """A period: ``years`` None is permanent."""

    years: int | None
    basis: str = ""

    @property
    def label(self) -> str:
        return PERMANENT_LABEL if self.years is None else f"{self.years} năm"

    @property
    def sort_key(self) -> float:
        return math.inf if self.years is None else float(self.years)

    def due_date(self, issued: date | None) -> date | None:
        """From when a record of this date may be proposed for disposal (None: never, or unknown date)."""
        if self.years is None or issued is None:
            return None
        return date(issued.year + self.years + 1, 1, 1)


def parse_retention(text: str) -> Retention:
    """"Vĩnh viễn" / "vinh vien" / "10" / "10 năm" → a Retention; ValueError (Vietnamese) otherwise."""
    folded = fold(normalize(text)).strip()
    if folded in ("vinh vien", "permanent"):
        return Retention(None)
    match = re.fullmatch(r"(\d{1,3})\s*(nam)?", folded)
    if match and 1 <= int(match[1]) <= MAX_YEARS:
        return Retention(int(match[1]))
    raise ValueError(f"Thời hạn bảo quản không hợp lệ: {text} (\"Vĩnh viễn\" hoặc số năm từ 1 đến {MAX_YEARS})")


@dataclass(frozen=True, slots=True)
class RetentionRule:
    kind: str                  # doc_type | procedure_code
    value: str                 # the type name as extraction writes it, or the procedure code
    retention: Retention
    source: str                # "mặc định" (shipped with sohoa) or "quản trị" (set by an admin)
    set_by: str | None = None
    set_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "retention": self.retention.label,
                "years": self.retention.years, "basis": self.retention.basis, "source": self.source,
                "set_by": self.set_by, "set_at": self.set_at}  # fmt: skip


DEFAULT_RULES: tuple[RetentionRule, ...] = tuple(
    RetentionRule("doc_type", name, Retention(None, basis), "mặc định")
    for name, basis in (
        ("Trích lục khai sinh", _CIVIL_STATUS),
        ("Trích lục kết hôn", _CIVIL_STATUS),
        ("Trích lục khai tử", _CIVIL_STATUS),
        ("Giấy xác nhận tình trạng hôn nhân", _CIVIL_STATUS),
        ("Giấy chứng nhận quyền sử dụng đất", _LAND),
    )
)


class Schedule:
    """The retention schedule in force: the admins' rules over the shipped ones."""

    def __init__(self, rules: list[RetentionRule]) -> None:
        self.rules = rules
        self._by_key = {(r.kind, fold(r.value)): r for r in rules}

    @classmethod
    def of(cls, catalog: Catalog) -> Schedule:
        chosen = {(r.kind, fold(r.value)): r for r in DEFAULT_RULES}
        for row in catalog.retention_rules():
            retention = Retention(row["years"], row["basis"])
            chosen[(row["kind"], fold(row["value"]))] = RetentionRule(row["kind"], row["value"], retention, "quản trị",
                                                                     row["set_by"], row["set_at"])  # fmt: skip
        return cls(sorted(chosen.values(), key=lambda r: (r.kind, fold(r.value))))

    def rule_for(self, fields: dict[str, Any]) -> RetentionRule | None:
        for kind in KINDS:
            value = fields.get(kind)
            if value and (rule := self._by_key.get((kind, fold(str(value))))) is not None:
                return rule
        return None

    def for_document(self, fields: dict[str, Any]) -> Retention | None:
        """The document's period: the clerk's, else its procedure's or type's rule, else None."""
        if fields.get("retention"):
            try:
                return Retention(parse_retention(str(fields["retention"])).years, "Cán bộ lưu trữ ghi cho văn bản này")
            except ValueError:
                pass
        rule = self.rule_for(fields)
        return rule.retention if rule else None

    @staticmethod
    def parse(label: str) -> Retention:
        return parse_retention(label)


def set_rule(catalog: Catalog, kind: str, value: str, retention: Retention, set_by: str) -> RetentionRule:
    """An admin's rule (replacing one for the same type or procedure). The caller audits it."""
    if kind not in KINDS:
        raise ValueError(f"kind: {kind}")
    value = normalize(value).strip()
    if not value:
        raise ValueError("Thiếu loại văn bản hoặc mã thủ tục.")
    if len(retention.basis.strip()) < 3:
        raise ValueError("Ghi rõ căn cứ của thời hạn (văn bản quy định, bảng thời hạn bảo quản).")
    catalog.set_retention_rule(kind, value, retention.years, normalize(retention.basis).strip(), set_by)
    rule = Schedule.of(catalog).rule_for({kind: value})
    assert rule is not None
    return rule
