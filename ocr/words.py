"""A recognised word as sohoa stores it: the one record the catalog, the exports, extraction and
search highlights share (stored as the JSON list ``[text, x, y, w, h, confidence, block, line]``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple


class StoredWord(NamedTuple):
    text: str  # NFC
    x: int  # box in pixels of the stored page image
    y: int
    w: int
    h: int
    confidence: float  # 0-100
    block: int  # sequential numbers in reading order (what hOCR and ALTO need)
    line: int

    @classmethod
    def of(cls, stored: Sequence[Any]) -> StoredWord:
        """From the JSON list in the catalog (any row sohoa ever wrote: block and line may be missing)."""
        text, x, y, w, h, confidence, *rest = stored
        block, line = (list(rest) + [0, 0])[:2]
        return cls(str(text), int(x), int(y), int(w), int(h), float(confidence), int(block), int(line))

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h
