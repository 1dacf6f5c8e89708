"""Accuracy measures against the generated ground truth: character error rate and word recall."""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Levenshtein

from indexing.vietnamese import normalize


def comparable(text: str) -> str:
    """NFC, one tone convention, whitespace collapsed: the form both sides are compared in."""
    return re.sub(r"\s+", " ", normalize(text)).strip()


def character_errors(truth: str, recognised: str) -> tuple[int, int]:
    """(edit distance, truth length) on comparable text."""
    expected, found = comparable(truth), comparable(recognised)
    return Levenshtein.distance(expected, found), len(expected)


def cer(truth: str, recognised: str) -> float:
    errors, length = character_errors(truth, recognised)
    return errors / max(1, length)


def word_recall(truth: str, recognised: str) -> float:
    """Share of truth words found in the output, order-free, counting repeats (what search sees)."""
    expected = Counter(comparable(truth).split())
    found = Counter(comparable(recognised).split())
    total = sum(expected.values())
    if total == 0:
        return 1.0
    return sum(min(count, found[word]) for word, count in expected.items()) / total
