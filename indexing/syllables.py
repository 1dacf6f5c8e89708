"""The closed set of written Vietnamese syllables: onsets × rhymes × six tones, spelled as printed.

Generated, not listed: each syllable is an onset (spelled by the rules of Quốc ngữ: ``k`` before
i/y/e/ê, ``gh``/``ngh`` before i/e/ê, ``qu``, ``gi``), a rhyme and a tone placed by the traditional
convention (``hòa``, ``thủy``: Decree 30 forms) or the new one (``hoà``, ``thuỷ``). Syllables that
end in p/t/c/ch take only the sắc or nặng tone.

What it serves: telling text from junk (a PDF text layer, an OCR line), checking a correction, and
testing ``vietnamese.normalize`` against every syllable there is.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang, huyền, sắc, hỏi, ngã, nặng
STOP_TONES = ("\u0301", "\u0323")  # a syllable closed by p, t, c, ch takes only sắc or nặng

ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "p", "ph", "qu",
    "r", "s", "t", "th", "tr", "v", "x",
)  # fmt: skip

# Written rhymes, tone-less. Grouped by ending; "y"/"i" and "ia"/"ya"/"iê"/"yê" spellings as printed.
RHYMES = (
    # open
    "a", "e", "ê", "i", "y", "o", "ô", "ơ", "u", "ư",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oa", "oe", "oi", "ôi", "ơi", "ua",
    "ui", "uy", "ưa", "ưi", "ưu", "uê", "uơ", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi",
    "ươi", "ươu", "uya", "uyu", "ya",
    # m, n, ng, nh
    "am", "ăm", "âm", "em", "êm", "im", "om", "ôm", "ơm", "um", "iêm", "yêm", "uôm", "ươm", "oam", "oăm",
    "an", "ăn", "ân", "en", "ên", "in", "on", "ôn", "ơn", "un", "ưn", "iên", "yên", "uôn", "ươn", "oan",
    "oăn", "uân", "oen", "uyên", "uên",
    "ang", "ăng", "âng", "eng", "ong", "ông", "ung", "ưng", "iêng", "uông", "ương", "oang", "oăng",
    "uâng", "oong", "yêng",
    "anh", "ênh", "inh", "oanh", "uênh", "uynh", "ynh",
    # p, t, c, ch
    "ap", "ăp", "âp", "ep", "êp", "ip", "op", "ôp", "ơp", "up", "iêp", "yêp", "ươp", "oap", "oăp", "uôp",
    "at", "ăt", "ât", "et", "êt", "it", "ot", "ôt", "ơt", "ut", "ưt", "iêt", "yêt", "uôt", "ươt", "oat",
    "oăt", "uât", "oet", "uyêt", "uyt", "uêt", "yt",
    "ac", "ăc", "âc", "ec", "oc", "ôc", "uc", "ưc", "iêc", "uôc", "ươc", "oac", "oăc", "uâc", "ooc",
    "ach", "êch", "ich", "oach", "uêch", "uych", "ych",
)  # fmt: skip

_STOPS = ("p", "t", "c", "ch")
_CODAS = ("ng", "nh", "ch", "m", "n", "p", "t", "c")
_MARKED = set("ăâêôơư")
_FRONT = ("i", "y", "e", "ê")

Style = Literal["traditional", "new"]


def _spell_onset(onset: str, rhyme: str) -> str | None:
    """The onset as written before this rhyme, or None when Quốc ngữ never writes the pair."""
    front = rhyme.startswith(_FRONT)
    if onset == "c":
        return "k" if front else "c"
    if onset == "g":
        return "gh" if front else "g"
    if onset == "ng":
        return "ngh" if front else "ng"
    if onset == "qu":
        # qu + u..., qu + o... are never written; "quy", "quê", "qua" are.
        return None if rhyme.startswith(("u", "o", "ư")) else "qu"
    if onset == "gi":
        # "gi" + a rhyme in i: the i is shared ("gìn", "gì" are gi + in, gi + i).
        return "g" if rhyme.startswith("i") else "gi"
    if onset == "" and rhyme.startswith("y") and rhyme not in ("y", "yêu", "yên", "yêm", "yêt", "yêng", "yêp"):
        return None
    if onset and rhyme.startswith("y") and not rhyme.startswith("yê") and rhyme not in ("y", "ynh", "ych"):
        return None
    if onset and rhyme.startswith("yê"):
        return None  # after a consonant the same sound is written iê
    if onset == "" and rhyme in ("ynh", "ych"):
        return None
    return onset


def _split(rhyme: str) -> tuple[str, str]:
    """(vowels, coda) of a written rhyme."""
    for coda in _CODAS:
        if rhyme.endswith(coda) and len(rhyme) > len(coda):
            return rhyme[: -len(coda)], coda
    return rhyme, ""


def _tone_position(vowels: str, coda: str, style: Style) -> int:
    """Index in ``vowels`` of the letter that carries the tone."""
    marked = [i for i, letter in enumerate(vowels) if letter in _MARKED]
    if marked:
        return marked[-1]  # ươ: on ơ; uyê: on ê
    if len(vowels) == 1:
        return 0
    if coda:
        return len(vowels) - 1  # hoàn, huỳnh
    if len(vowels) == 3:
        return 1  # ngoài, khuỷu, xoáy
    if style == "new" and vowels in ("oa", "oe", "uy"):
        return 1  # hoà, khoẻ, thuỷ
    return 0  # hòa, thủy, mùa, tài, mía


def compose(onset: str, rhyme: str, tone: str, style: Style = "traditional") -> str | None:
    """One written syllable (NFC, lower case), or None when Quốc ngữ never writes it."""
    written_onset = _spell_onset(onset, rhyme)
    if written_onset is None:
        return None
    vowels, coda = _split(rhyme)
    if coda in _STOPS and tone not in STOP_TONES:
        return None
    position = _tone_position(vowels, coda, style)
    toned = vowels[: position + 1] + tone + vowels[position + 1 :]
    return unicodedata.normalize("NFC", written_onset + toned + coda)


@lru_cache(maxsize=2)
def all_syllables(style: Style = "traditional") -> frozenset[str]:
    """Every syllable the rules write (lower case, NFC), in one tone convention."""
    found = set()
    for onset in ONSETS:
        for rhyme in RHYMES:
            for tone in TONES:
                syllable = compose(onset, rhyme, tone, style)
                if syllable:
                    found.add(syllable)
    return frozenset(found)


def bare_letters(text: str) -> str:
    """The text's letters without any mark, đ as d, case kept: ``Chuyển`` -> ``Chuyen``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def same_but_marks(a: str, b: str) -> bool:
    """Whether two letters or words differ by their marks at most: tone, circumflex, breve, horn,
    the bar of đ (case counts)."""
    return bare_letters(a) == bare_letters(b)


def is_syllable(token: str) -> bool:
    """Whether a token (any case, either tone convention, NFC or not) is a written Vietnamese syllable."""
    text = unicodedata.normalize("NFC", token.lower())
    return text in all_syllables("traditional") or text in all_syllables("new")
