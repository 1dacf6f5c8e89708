"""Vietnamese text analysis shared by every search backend and by extraction.

Stored text is NFC with one tone-placement convention (the traditional one: ``hòa``, ``thủy``,
as printed on Decree 30 forms). Folding (tones and marks off, ``đ`` to ``d``, lowercase) is a
search-time view and never replaces the stored text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexing.syllables import is_syllable

# Look-alikes scanners and old fonts produce for Đ/đ.
_LOOKALIKE_PAIRS = [("\u00d0", "\u0110"), ("\u00f0", "\u0111"), ("\u0189", "\u0110"), ("\u0256", "\u0111")]


# One Đ read as two letters, its look-alike beside it: Tesseract's "4311/ÐĐKKD" for 4311/ĐKKD (every
# giấy chứng nhận's number on independent seeds 9, 33, 37 and 43, from print to fax). No word has both.
_READ_TWICE = [("\u00d0\u0110", "\u0110"), ("\u0110\u00d0", "\u0110"), ("\u00f0\u0111", "\u0111"), ("\u0111\u00f0", "\u0111")]


def _without_lookalikes(text: str) -> str:
    # str.replace runs in C over the whole string; str.translate with a dict looks up every character.
    for twice, letter in _READ_TWICE:
        if twice in text:
            text = text.replace(twice, letter)
    for lookalike, letter in _LOOKALIKE_PAIRS:
        if lookalike in text:
            text = text.replace(lookalike, letter)
    return text

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng

# Syllable endings where the "new" convention puts the tone on the second vowel: oa, oe, uy
# with nothing after them, the second vowel carrying no other mark. "quý" keeps its tone on y in
# both conventions. In NFD a nặng dot (U+0323) comes before a circumflex or breve ("luật" is
# l u a U+0323 U+0302 t): a mark after the tone means another vowel, so it must not follow.
_NEW_STYLE_TONE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\w\u0300-\u036f])"
)


_TOKEN = re.compile(r"\w+", re.UNICODE)

# What an older normalize did to a nặng before a circumflex, breve or horn: "luật" -> "lụât".
_MISPLACED_NANG = re.compile(r"([oOuU])\u0323([aAeEyYoOuU])([\u0302\u0306\u031b])")


def normalize(text: str) -> str:
    """NFC, Đ look-alikes mapped, traditional tone placement. The form we store and compare."""
    decomposed = unicodedata.normalize("NFD", _without_lookalikes(text))
    # Move a tone from the second vowel of a final oa/oe/uy onto the first (hoà -> hòa).
    decomposed = _NEW_STYLE_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", decomposed)


def _mark_class() -> re.Pattern[str]:
    """One character class of every non-spacing mark (Unicode category Mn) of the Basic
    Multilingual Plane, as ranges: a regex removes them at C speed."""
    marks = [cp for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Mn"]
    ranges, start, previous = [], marks[0], marks[0]
    for cp in marks[1:] + [-1]:
        if cp != previous + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}" if previous > start else re.escape(chr(start)))
            start = cp
        previous = cp
    return re.compile(f"[{''.join(ranges)}]+")


_MARKS = _mark_class()


def undo_misplaced_nang(text: str) -> str:
    """Put back a nặng dot an older ``normalize`` moved off a vowel with a circumflex, breve or horn
    ("Lụât" -> "Luật", "họăc" -> "hoặc"). Safe on any text: in both conventions the tone of such a
    syllable sits on the marked vowel, so a dot on the o/u before it is always that old mistake."""
    decomposed = unicodedata.normalize("NFD", text)
    if "\u0323" not in decomposed:
        return text
    return normalize(_MISPLACED_NANG.sub(lambda m: m.group(1) + m.group(2) + m.group(3) + "\u0323", decomposed))


def fold(text: str) -> str:
    """Lowercase, all marks off, đ to d: the recall view (``Đồng Nai`` -> ``dong nai``)."""
    decomposed = unicodedata.normalize("NFD", _without_lookalikes(text).lower())
    stripped = _MARKS.sub("", decomposed).replace("đ", "d")
    if not stripped.isascii() and max(stripped) > "\uffff":  # marks beyond the BMP: never in Vietnamese
        stripped = "".join(ch for ch in stripped if unicodedata.category(ch) != "Mn")
    return stripped


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark or đ (then exact matching is meaningful)."""
    return fold(text) != _without_lookalikes(text).lower()


def tokens(text: str, normalized: bool = False) -> list[str]:
    """Syllable tokens of normalized, lowercased text (punctuation dropped); ``normalized``: the
    caller already ran ``normalize`` on it."""
    return _TOKEN.findall((text if normalized else normalize(text)).lower())


def identifier_key(text: str) -> str:
    """Key an identifier matches on whatever its spacing, case and Đ/D: ``15 / QĐ - UBND`` -> ``15qdubnd``."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


_VIETNAMESE_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)


def is_vietnamese_letter(letter: str) -> bool:
    """Whether a Vietnamese word may be written with ``letter`` (either case): not "ï", "ÿ", "ä",
    which OCR reads where a speck stands over a letter."""
    return (letter.isascii() and letter.isalpha()) or letter.lower() in _VIETNAMESE_LETTERS


def vietnamese_word_share(text: str) -> float:
    """Share of words carrying a Vietnamese-only letter: ~0.4+ for real Vietnamese, ~0 for junk OCR."""
    words = [w for w in _TOKEN.findall(text.lower()) if not w.isdigit()]
    if not words:
        return 0.0
    marked = sum(1 for w in words if any(ch in _VIETNAMESE_LETTERS for ch in w))
    return marked / len(words)


@dataclass(frozen=True, slots=True)
class Readability:
    """How much a text reads as Vietnamese: what a PDF text layer must show before it is trusted."""

    words: int  # words with letters only (numbers aside)
    syllables: float  # share of them that are written Vietnamese syllables (abbreviations aside)
    marked: float  # share carrying a Vietnamese-only letter
    abbreviations: float  # share of short all-capital non-syllables: UBND, QĐ, CCCD

    # Measured: real pages read 0.975-1.0 (samples/truth and 500 generated documents, abbreviations
    # aside); a firmware layer 0.67, a layer with l for i and o for ô in a third of its words 0.91.
    def reads_as_vietnamese(self) -> bool:
        return self.words >= 5 and self.syllables >= 0.95 and self.marked >= 0.2 and self.abbreviations <= 0.3

    def why_not(self) -> str:
        return (f"lớp chữ của PDF không giống tiếng Việt ({self.syllables:.0%} âm tiết hợp lệ, {self.marked:.0%} từ có"
                f" dấu, {self.abbreviations:.0%} chữ viết tắt trên {self.words} từ): nhận dạng lại bằng OCR")  # fmt: skip


def readability(text: str) -> Readability:
    words = [w for w in _TOKEN.findall(normalize(text)) if not any(ch.isdigit() or ch == "_" for ch in w)]
    if not words:
        return Readability(0, 0.0, 0.0, 0.0)
    abbreviations = [w for w in words if w.isupper() and len(w) <= 5 and not is_syllable(w)]
    rest = [w for w in words if not (w.isupper() and len(w) <= 5 and not is_syllable(w))]
    valid = sum(1 for w in rest if is_syllable(w))
    marked = sum(1 for w in words if any(ch in _VIETNAMESE_LETTERS for ch in w.lower()))
    return Readability(len(words), valid / len(rest) if rest else 0.0, marked / len(words), len(abbreviations) / len(words))
