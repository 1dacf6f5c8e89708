"""Lines of a recognised page, grouped by layout region, with the boxes and confidences of their words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from indexing.vietnamese import normalize
from ocr.words import StoredWord


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    page: int
    box: tuple[int, int, int, int] | None  # x, y, w, h in stored page pixels
    confidence: float  # mean word confidence, 0-1 (1 for text layers and plain text)
    # The box of its words that hold a letter or a figure: without a speck or a dash read before or
    # after them ("- Về việc miễn nhiệm …": samples/real's ttr-01-2025, its box 60 px wider to the left).
    text_box: tuple[int, int, int, int] | None = None
    # Each word's confidence (0-1), in the order of ``text.split(" ")``; empty where unknown.
    word_confidences: tuple[float, ...] = ()

    @property
    def box_of_its_text(self) -> tuple[int, int, int, int] | None:
        return self.text_box or self.box

    def weakest_word_in(self, start: int, end: int) -> float:
        """The least confidence of the words holding ``text[start:end]`` (the line's where unknown)."""
        if len(self.word_confidences) != len(self.text.split(" ")):
            return self.confidence
        at, weakest = 0, 1.0
        for word, confidence in zip(self.text.split(" "), self.word_confidences, strict=True):
            if at < end and at + len(word) > start:
                weakest = min(weakest, confidence)
            at += len(word) + 1
        return weakest


@dataclass(frozen=True, slots=True)
class PageView:
    """One page as extraction sees it: its lines, and which region each line belongs to."""

    number: int
    lines: list[Line]
    region_of_line: list[str]  # kind of the region holding each line ('body' when unknown)

    def region(self, kind: str) -> list[Line]:
        return [line for line, region in zip(self.lines, self.region_of_line, strict=True) if region == kind]

    @property
    def has_layout(self) -> bool:
        return any(kind != "body" for kind in self.region_of_line)


def page_from_words(number: int, words: Sequence[StoredWord], regions: Sequence[dict[str, Any]]) -> PageView:
    """From stored words and regions ({"kind", "lines"})."""
    lines: list[Line] = []
    kinds: list[str] = []
    for line_number, group in groupby(words, key=lambda w: w.line):
        members = list(group)
        x0 = min(w.x for w in members)
        y0 = min(w.y for w in members)
        x1 = max(w.right for w in members)
        y1 = max(w.bottom for w in members)
        text = normalize(" ".join(w.text for w in members))
        confidence = sum(w.confidence for w in members) / len(members) / 100.0
        lettered = [w for w in members if any(ch.isalnum() for ch in w.text)] or members
        tx0, tx1 = min(w.x for w in lettered), max(w.right for w in lettered)
        word_confidences = tuple(w.confidence / 100.0 for w in members) if len(text.split(" ")) == len(members) else ()
        lines.append(Line(text, number, (x0, y0, x1 - x0, y1 - y0), confidence, (tx0, y0, tx1 - tx0, y1 - y0),
                          word_confidences))  # fmt: skip
        kinds.append(next((r["kind"] for r in regions if r["lines"][0] <= line_number <= r["lines"][1]), "body"))
    return PageView(number, lines, kinds)


def page_from_text(number: int, text: str) -> PageView:
    """Plain text (tests, imports): every line is body, fully confident."""
    lines = [Line(normalize(t).strip(), number, None, 1.0) for t in text.splitlines() if t.strip()]
    return PageView(number, lines, ["body"] * len(lines))
