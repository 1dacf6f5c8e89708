"""Where the query matched on the page: boxes of the matching words, from the catalog's OCR words.

Backends return pages; the boxes come from the words stored with each page, so a viewer can mark
the hit on the page image whichever backend answered.
"""

from __future__ import annotations

from collections.abc import Sequence

from indexing.query import ParsedQuery
from indexing.vietnamese import fold, identifier_key, tokens
from ocr.words import StoredWord


def matching_boxes(words: Sequence[StoredWord], parsed: ParsedQuery, limit: int = 200) -> list[list[int]]:
    """[x, y, w, h] of each stored word holding a query word or identifier."""
    folded_terms = {t for clause in parsed.all_clauses() for t in clause.analyzed.folded_terms}
    identifiers = {c.analyzed.identifier for c in parsed.all_clauses() if c.analyzed.identifier}
    boxes: list[list[int]] = []
    for word in words:
        text = word.text
        if {fold(t) for t in tokens(text)} & folded_terms or (identifiers and identifier_key(text) in identifiers):
            boxes.append([word.x, word.y, word.w, word.h])
            if len(boxes) >= limit:
                break
    return boxes
