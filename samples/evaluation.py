"""Accuracy measures against ground truth: character error rate and word recall.

Text is compared as stored: NFC and whitespace collapsed, nothing else. Never through
``indexing.vietnamese.normalize``, the function under test (an older measure normalised both sides,
which is how "Lụât" for "Luật" went unnoticed). A baseline that is not sohoa (bare Tesseract,
OCRmyPDF) may print the new tone convention ("hoà"); ``baseline_comparable`` moves those tones
to the traditional place the truth uses, by the syllable tables, so the baseline is not charged
for a convention.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from indexing.syllables import ONSETS, RHYMES, TONES, compose


def comparable(text: str) -> str:
    """NFC, whitespace collapsed: the form sohoa's stored text is scored in."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@lru_cache(maxsize=1)
def _new_to_traditional() -> dict[str, str]:
    table = {}
    for onset in ONSETS:
        for rhyme in RHYMES:
            for tone in TONES:
                new, old = compose(onset, rhyme, tone, "new"), compose(onset, rhyme, tone, "traditional")
                if new and old and new != old:
                    table[new] = old
    return table


def baseline_comparable(text: str) -> str:
    """``comparable``, with syllables printed in the new tone convention put in the traditional one."""
    return traditional_tones(comparable(text))


def traditional_tones(text: str) -> str:
    """``text`` (NFC) with each syllable written in the new tone convention ("hoá", "thuỷ") put in
    the traditional one sohoa stores ("hóa", "thủy"); its case and everything else kept."""
    table = _new_to_traditional()

    def convert(match: re.Match[str]) -> str:
        word = match.group(0)
        old = table.get(word.lower())
        if old is None:
            return word
        if word.isupper():
            return old.upper()
        return old.capitalize() if word[0].isupper() else old

    return re.sub(r"\w+", convert, text)


def character_errors(truth: str, recognised: str, baseline: bool = False) -> tuple[int, int]:
    """(edit distance, truth length) on comparable text."""
    expected = comparable(truth)
    found = baseline_comparable(recognised) if baseline else comparable(recognised)
    return Levenshtein.distance(expected, found), len(expected)


def cer(truth: str, recognised: str) -> float:
    errors, length = character_errors(truth, recognised)
    return errors / max(1, length)


def word_recall(truth: str, recognised: str, baseline: bool = False) -> float:
    """Share of truth words found in the output, order-free, counting repeats (what search sees)."""
    expected = Counter(comparable(truth).split())
    found = Counter((baseline_comparable(recognised) if baseline else comparable(recognised)).split())
    total = sum(expected.values())
    if total == 0:
        return 1.0
    return sum(min(count, found[word]) for word, count in expected.items()) / total


def correct_words(truth: str, recognised: str, baseline: bool = False) -> int:
    """Truth words the output holds (order-free, counting repeats)."""
    expected = Counter(comparable(truth).split())
    found = Counter((baseline_comparable(recognised) if baseline else comparable(recognised)).split())
    return sum(min(count, found[word]) for word, count in expected.items())
