"""What officers type, parsed once for every backend.

    nguyen van an                 all words, with or without diacritics
    "quyết định cấp phép"         a phrase: these words in this order
    hộ kinh doanh OR hộ tịch      either side, whole: OR splits the query (also HOẶC)
    giấy phép -xây                a word prefixed with - must not occur
    15/QĐ-UBND  074085001234      identifiers match whatever their spacing, case and Đ/D

Filters, facets, sort and paging travel beside the text in ``SearchRequest``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from indexing.records import AnalyzedQuery, analyze_query

_PIECES = re.compile(r'(-?)"([^"]*)"|(\S+)')
OR_WORDS = {"OR", "HOẶC", "HOAC", "|"}


@dataclass(frozen=True, slots=True)
class Clause:
    analyzed: AnalyzedQuery
    phrase: bool  # words in this order (quoted), else all words anywhere on the page


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    # Any alternative may match; inside one, every clause must (Vietnamese words are several
    # syllables, so OR separates whole alternatives, not the syllables beside it).
    alternatives: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.alternatives

    def all_clauses(self) -> list[Clause]:
        return [clause for alternative in self.alternatives for clause in alternative]

    def snippet_terms(self) -> AnalyzedQuery:
        """Every word asked for, for choosing and marking snippets."""
        clauses = self.all_clauses()
        return AnalyzedQuery(
            exact_terms=[t for c in clauses for t in c.analyzed.exact_terms],
            folded_terms=[t for c in clauses for t in c.analyzed.folded_terms],
            identifier=None,
            search_exact=any(c.analyzed.search_exact for c in clauses),
        )


def parse_query(text: str) -> ParsedQuery:
    alternatives: list[list[Clause]] = [[]]
    excluded: list[Clause] = []
    for match in _PIECES.finditer(text):
        negative, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare.upper() in OR_WORDS:
            alternatives.append([])
            continue
        if quoted is not None:
            clause = Clause(analyze_query(quoted), phrase=True)
        else:
            negative = "-" if bare.startswith("-") and len(bare) > 1 else ""
            clause = Clause(analyze_query(bare[1:] if negative else bare), phrase=False)
        if not clause.analyzed.folded_terms:
            continue
        (excluded if negative else alternatives[-1]).append(clause)
    return ParsedQuery([a for a in alternatives if a], excluded)


@dataclass(frozen=True, slots=True)
class SearchRequest:
    text: str
    limit: int = 10
    offset: int = 0
    doc_type: str | None = None
    agency: str | None = None
    place: str | None = None
    batch: str | None = None
    dossier: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: Literal["relevance", "date"] = "relevance"
    # Tolerate OCR errors (one edit per word): always when asked, else only when nothing matches.
    fuzzy: bool = False
    per_document: bool = False  # one hit per document: its best page
    records: Literal["page", "document", "dossier"] = "page"  # what the hits are
    # Only records of these offices (đơn vị); None: every office's. A user tied to an office searches
    # with its own and those shared with it (search_ui.auth.Principal.offices).
    offices: frozenset[str] | None = None
