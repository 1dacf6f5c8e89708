"""Vietnamese text analysis shared by every search backend and by extraction.

Stored text is NFC with one tone-placement convention (the traditional one: ``hòa``, ``thủy``,
as printed on Decree 30 forms). Folding (tones and marks off, ``đ`` to ``d``, lowercase) is a
search-time view and never replaces the stored text.
"""

from __future__ import annotations

import re
import unicodedata

# Look-alikes scanners and old fonts produce for Đ/đ.
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111", "\u0189": "\u0110", "\u0256": "\u0111"})

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng

# Syllable endings where the "new" convention puts the tone on the second vowel: oa, oe, uy
# with nothing after them. "quý" keeps its tone on y in both conventions.
_NEW_STYLE_TONE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![\w])")

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})

_TOKEN = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    """NFC, Đ look-alikes mapped, traditional tone placement. The form we store and compare."""
    text = text.translate(_LOOKALIKES)
    decomposed = unicodedata.normalize("NFD", text)
    # Move a tone from the second vowel of a final oa/oe/uy onto the first (hoà -> hòa).
    decomposed = _NEW_STYLE_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", decomposed)


def fold(text: str) -> str:
    """Lowercase, all marks off, đ to d: the recall view (``Đồng Nai`` -> ``dong nai``)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES).lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.translate(_FOLD_EXTRA)


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark or đ (then exact matching is meaningful)."""
    return fold(text) != text.lower().translate(_LOOKALIKES).lower()


def tokens(text: str) -> list[str]:
    """Syllable tokens of normalized, lowercased text (punctuation dropped)."""
    return _TOKEN.findall(normalize(text).lower())


def identifier_key(text: str) -> str:
    """Key an identifier matches on whatever its spacing, case and Đ/D: ``15 / QĐ - UBND`` -> ``15qdubnd``."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


_VIETNAMESE_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)


def vietnamese_word_share(text: str) -> float:
    """Share of words carrying a Vietnamese-only letter: ~0.4+ for real Vietnamese, ~0 for junk OCR."""
    words = [w for w in _TOKEN.findall(text.lower()) if not w.isdigit()]
    if not words:
        return 0.0
    marked = sum(1 for w in words if any(ch in _VIETNAMESE_LETTERS for ch in w))
    return marked / len(words)
