"""A word's marks chosen by the words around it, among the readings Tesseract weighed.

Tesseract reads most marks right, but a hỏi and a sắc, a sắc and no tone, ô and o, đ and d look
alike at 100 dpi, under toner or on a photographed page ("chuyến đổi", "kính doanh", "THÀNH PHỔ",
"theo đõi"), and both readings are syllables: a syllable check cannot choose. Words can: Vietnamese
writes most of its vocabulary as compounds ("chuyển đổi", "kinh doanh", "thành phố", "theo dõi").

The rule, for each word read with alternatives (``OcrWord.alternatives``: the marks of one letter
changed; the C API only):
when the word as read makes no known word with its neighbours in the line (or paragraph), and
exactly one of its alternatives does, that alternative is taken. A reading that makes a word is
never changed; nothing is chosen that Tesseract did not weigh, but for two pairs of strokes: a sắc
and a hỏi are the same stroke above the vowel, a slant or a curl, and d and đ differ by a bar,
which a 60-120 dpi photo blurs alike, and Tesseract often weighs only the one it read ("kiếm tra",
"có thấm quyền", "kinh đoanh"); when no alternative makes a word, the word with the other of the
two is taken if it alone does (in a run of capitals, a name's, only a phrase of the forms or a
place after its kind counts: "XÃ HỘI CHÚ NGHĨA", "UBND TÍNH THÁI NGUYÊN", "NHÂN ĐÂN"). A tone is
never added or dropped, but for an i's own dot read as a hỏi or a sắc where the word then names a
known place after its kind or opening a date line ("Nghỉ Thủy, ngày …" → Nghi), and in a run of
capitals, where a tone lost or read for another ("THÀNH PHÔ", "PHO CHỦ TỊCH") is put back when one
other tone alone makes a phrase of the forms or a place's name. A reading that makes a word gives
way to one a stroke apart with which two more of the syllables around fall into words ("thay đối
nội dung": "đối nội" is a word, "thay đổi" and "nội dung" two). A person's name
makes no word: the last of a run of capitalised words written as names are ("Lưu Xuân Uyến"), a
syllable no given name uses, takes the one alternative that names use, when Tesseract weighed it
at ``NAME_ALTERNATIVE_MIN`` or more, or the other of a sắc and a hỏi that names use when Tesseract
weighed nothing else.

The words known: the Vietnamese word list of pyvi (MIT licence, Trần Việt Trung,
https://github.com/trungtv/pyvi, ``pyvi/models/words.txt``: 25,000 compounds, installed by
``scripts/setup.sh`` without its models' dependencies) and ``ocr/data/administrative-phrases.txt``,
sohoa's own: the fixed phrases of Decree 30 forms and of results (headers, positions, formulas),
which a general word list lacks ("phó chủ tịch", "kể từ ngày", "kính gửi"). Both are read in the
traditional tone placement (``indexing.vietnamese.normalize``). The names known: the middle and
given names of vn-fullname-generator (MIT licence, https://github.com/lhlong/vietnamese-fullname-generator,
``data/female.name`` and ``data/male.name``: 2,534 names of 462 syllables), installed the same way.
The places known: the names of the country's administrative units (``indexing.places``), which make
a word in a run of capitalised words when the unit's kind stands before them ("phường Nghỉ Thủy"
→ Nghi, Tesseract weighing it): a person's name may be a place's too and keeps its marks.

Case, not marks: a word in capitals but for one small letter drawn as its capital is (c, o, p, s,
u, v, w, x, z) is written in capitals (``with_capitals_kept``).
"""

from __future__ import annotations

import importlib.util
import itertools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from indexing.places import KINDS, register
from indexing.syllables import all_syllables, is_syllable
from indexing.vietnamese import fold, normalize
from ocr.tesseract import OcrWord

log = logging.getLogger(__name__)

ADMINISTRATIVE_PHRASES = Path(__file__).parent / "data" / "administrative-phrases.txt"
LONGEST_WORD = 8  # syllables; the longest phrase listed has 7
# A name's syllable is chosen only when Tesseract weighed it this much (0-100): a place's name is
# written as a person's is, and the names known are not all there are. Seed 9's misreadings: Uyển
# under "Uyến" weighed 75, Trinh under "Trỉnh" 47; a ward's Thạnh read right: Thanh weighed 21, 36.
NAME_ALTERNATIVE_MIN = 40.0

# A word's letters between the marks around it ("(BẢN", "đổi,", "PHỐ:").
_LETTERS = re.compile(r"^\W*(\w+)\W*$")


def _package_file(package: str, *parts: str) -> Path | None:
    """A data file of an installed package, found without importing the package's code."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)
    return path if path.is_file() else None


def _read_lines(source: Path) -> list[str]:
    # Normalized as one text, not line by line: the same words, a quarter of the time (each worker
    # process reads the lists once).
    return normalize(source.read_text(encoding="utf-8").lower()).splitlines()


@lru_cache(maxsize=1)
def _general_lines() -> tuple[str, ...]:
    """pyvi's word list, one word a line (``_read_lines``), read once for the compounds and the
    syllables in use; () where it is missing."""
    general = _package_file("pyvi", "models", "words.txt")
    return tuple(_read_lines(general)) if general is not None else ()


def _read_words(lines: list[str] | tuple[str, ...]) -> set[tuple[str, ...]]:
    found = set()
    for line in lines:
        syllables = tuple(line.split())
        if not line.startswith("#") and 2 <= len(syllables) <= LONGEST_WORD:
            found.add(syllables)
    return found


def load_tables() -> None:
    """Every table the spelling reads, built now (each once a process): a worker calls this as it
    starts, so its first page does not wait a second for them (the units' register, the syllables,
    the compounds), and in ``sohoa ingest`` the workers build them while the batch is taken in."""
    for table in (place_names, known_words, name_syllables, syllables_in_use, _folded_blocks, _block_lines, _folded_titles,
                  _folded_phrases):  # fmt: skip
        table()
    for style in ("traditional", "new"):  # what ``is_syllable`` looks in
        all_syllables(style)


@lru_cache(maxsize=1)
def administrative_phrases() -> frozenset[tuple[str, ...]]:
    """sohoa's phrases of Decree 30 forms, as tuples of syllables (lower case, NFC, traditional tones)."""
    return frozenset(_read_words(_read_lines(ADMINISTRATIVE_PHRASES)))


@lru_cache(maxsize=1)
def place_names() -> frozenset[tuple[str, ...]]:
    """The names of the country's administrative units of two syllables or more (``indexing.places``:
    "nghi thủy", "cửa lò"), as tuples of syllables (lower case, NFC, traditional tones)."""
    return frozenset(tuple(name.lower().split()) for name in register().names if 2 <= len(name.split()) <= LONGEST_WORD)


@lru_cache(maxsize=1)
def known_words() -> frozenset[tuple[str, ...]]:
    """Every compound known: the administrative phrases and pyvi's word list."""
    if not _general_lines():
        log.warning("pyvi's word list is missing (scripts/setup.sh installs it): marks are chosen by "
                    "sohoa's administrative phrases only")  # fmt: skip
        return administrative_phrases()
    return administrative_phrases() | frozenset(_read_words(_general_lines()))


@lru_cache(maxsize=1)
def syllables_in_use() -> frozenset[str]:
    """Every syllable that stands in a word known (pyvi's words of one syllable or more, sohoa's
    phrases), a name or a place's name: the closed set's syllables that a text may hold (lower case,
    NFC, traditional tones)."""
    found = {syllable for word in known_words() | place_names() for syllable in word} | name_syllables()
    found.update(syllable for line in _general_lines() for syllable in line.split())
    return frozenset(found & all_syllables("traditional"))


@lru_cache(maxsize=1)
def name_syllables() -> frozenset[str]:
    """Every syllable of the middle and given names known (lower case, NFC, traditional tones)."""
    found: set[str] = set()
    for name in ("female.name", "male.name"):
        source = _package_file("vn_fullname_generator", "data", name)
        if source is None:
            log.warning("vn-fullname-generator's names are missing (scripts/setup.sh installs them): "
                        "names' marks are left as read")  # fmt: skip
            return frozenset()
        found.update(normalize(source.read_text(encoding="utf-8").lower()).split())
    return frozenset(found)


def _letters(text: str) -> str | None:
    """The word's letters between the marks around it; None for a token with marks inside."""
    match = _LETTERS.match(text)
    return match.group(1) if match else None


def _key(letters: str | None) -> str | None:
    """What a word is looked up by: its letters, lower case, traditional tones; None for a token
    that is no syllable (a number, a code, a misreading), which no known word holds."""
    if letters is None:
        return None
    key = normalize(letters.lower())
    return key if is_syllable(key) else None


def _written_as_a_name(letters: str | None) -> bool:
    """A capital, then small letters ("Uyển"; not "UYỂN", a header's)."""
    return letters is not None and letters[0].isupper() and letters[1:].islower()


def _makes_a_word(keys: list[str | None], at: int, key: str, known: frozenset[tuple[str, ...]]) -> bool:
    """Whether ``key`` at position ``at`` of ``keys`` makes a known word with its neighbours."""
    read = _with_key(keys, at, key)  # a window holding a word that is no syllable (None) is no known word
    for length in range(2, LONGEST_WORD + 1):
        for start in range(max(0, at - length + 1), min(at, len(keys) - length) + 1):
            if tuple(read[start : start + length]) in known:
                return True
    return False


def _with_key(keys: list[str | None], at: int, key: str) -> list[str | None]:
    """``keys`` with ``key`` read at ``at``: the windows around it are slices of this copy (a
    third of the CPU of the marks' rule went into building them key by key)."""
    read = keys.copy()
    read[at] = key
    return read


# A unit's kind, which a place's name follows ("phường Nghi Thủy", "THỊ XÃ CỬA LÒ"): a person's name
# may be a place's too ("Xuân Yên", "Vân Đình", "Mỹ Phương"), and keeps its marks.
_KINDS = frozenset(tuple(kind.lower().split()) for kind in KINDS.values())
# The same, folded: a kind read a tone off before a place read a tone off ("TÍNH ĐÔNG THÁP": each
# is judged beside the other, and neither made the name of a unit with the other as read).
# A kind of one word only: "THANH PHÔ" before a merged motto's "CỘNG" made "QUẢNG CÔNG" a place.
_FOLDED_KINDS = frozenset(fold(kind[0]) for kind in _KINDS if len(kind) == 1)


def _a_kind(keys: list[str | None]) -> bool:
    """Whether ``keys`` are a unit's kind, as read or, one word, a tone off ("tính" for tỉnh)."""
    return tuple(keys) in _KINDS or (len(keys) == 1 and keys[0] is not None and fold(keys[0]) in _FOLDED_KINDS)


def _names_a_place(
    keys: list[str | None], at: int, key: str, places: frozenset[tuple[str, ...]], line_starts: frozenset[int] = frozenset({0})
) -> bool:
    """Whether ``key`` at ``at`` makes, with its neighbours, the name of an administrative unit
    written after the unit's kind, or opening a date line; or is that kind before such a name.
    ``line_starts``: the offsets at which a line of the paragraph begins."""
    read = _with_key(keys, at, key)
    for length in range(2, LONGEST_WORD + 1):
        for start in range(max(0, at - length + 1), min(at, len(keys) - length) + 1):
            window = tuple(read[start : start + length])
            if window in places and ((start >= 1 and _a_kind(keys[start - 1 : start])) or (start >= 2 and _a_kind(keys[start - 2 : start]))):
                return True
            # The place a document is dated at opens its date line ("Nghi Thủy, ngày 28 tháng 4"),
            # a line of the header's paragraph under the motto.
            if window in places and start in line_starts and keys[start + length : start + length + 1] == ["ngày"]:
                return True
    # The kind itself, before a place's name ("TÍNH QUẢNG NGÃI").
    for size in (1, 2):
        for start in range(max(0, at - size + 1), at + 1):
            kind = tuple(read[start : start + size])
            if kind in _KINDS and any(tuple(keys[start + size : start + size + length]) in places for length in range(2, LONGEST_WORD + 1)):
                return True
    return False


def _is_a_word_there(
    text: str,
    keys: list[str | None],
    at: int,
    known: frozenset[tuple[str, ...]],
    places: frozenset[tuple[str, ...]] | None,
    line_starts: frozenset[int] = frozenset({0}),
) -> bool:
    """Whether ``text`` read at ``at`` makes a known word with its neighbours, or (``places``: in a
    run of capitals) the name of a place with them (``_names_a_place``)."""
    other = _key(_letters(text))
    return other is not None and (
        _makes_a_word(keys, at, other, known) or (places is not None and _names_a_place(keys, at, other, places, line_starts))
    )


def _runs(words: list[OcrWord], key: Callable[[OcrWord], object]) -> list[tuple[int, int]]:
    """(start, end) of each run of consecutive words with the same ``key``."""
    spans, start = [], 0
    for end in range(1, len(words) + 1):
        if end == len(words) or key(words[end]) != key(words[start]):
            spans.append((start, end))
            start = end
    return spans


def _paragraphs(words: list[OcrWord]) -> list[tuple[int, int]]:
    """(start, end) of each run of words of the same block and paragraph: a word's neighbours."""
    return _runs(words, lambda w: (w.block, w.paragraph))


def _keyed_paragraphs(words: list[OcrWord]) -> Iterator[tuple[int, list[str | None], list[str | None]]]:
    """Each paragraph's start, and its words' letters and keys (``_letters``, ``_key``), in order."""
    for start, end in _paragraphs(words):
        letters = [_letters(w.text) for w in words[start:end]]
        yield start, letters, [_key(read) for read in letters]


def line_runs(words: list[OcrWord]) -> list[tuple[int, int]]:
    """(start, end) of each run of words read on the same line."""
    return _runs(words, lambda w: w.line_key)


def hesitant(words: list[OcrWord]) -> list[int]:
    """The indices of the words whose marks the rule may change: syllables that make no known word
    with their neighbours. Only these need the readings Tesseract weighed (``Engine``'s
    ``alternatives_for``): a third of the words on seed 9's pages."""
    known, found = known_words(), []
    for start, end in _paragraphs(words):
        keys = [_key(_letters(w.text)) for w in words[start:end]]
        found += [start + offset for offset, key in enumerate(keys)
                  if key is not None and not _makes_a_word(keys, offset, key, known)]  # fmt: skip
    return found


def with_marks_chosen(words: list[OcrWord]) -> list[OcrWord]:
    """The words, each read with alternatives given the one its neighbours make a word with
    (see the module's rule). Neighbours: the words of the same block and paragraph, in order. A
    paragraph where a word was read otherwise is judged once more: a word chosen changes what the
    words before it make words with ("hệ kinh đoanh": "hệ" was judged before "đoanh" was read
    "doanh", with which "hộ kinh doanh" is a word; seed 43's phone 012)."""
    once = _marks_chosen_once(words)
    changed = {(w.block, w.paragraph) for w, chosen in zip(words, once, strict=True) if w.text != chosen.text}
    return _marks_chosen_once(once, only=changed) if changed else once


# A tone over a hat, breve or horn lost: in Times New Roman, 12-14 pt, the tone stands small beside
# the hat and Tesseract reads it away without weighing it ("phát triên", "công ty cổ phân", "đê nghị":
# Word documents a province published, samples/real). A small word with such a vowel and
# no tone, which makes no known word with its neighbours, both of them read as syllables, takes
# the one tone that makes one ("chính công í*h" stays: "chính cống" is a word, "công ích" the one
# printed); a word in capitals or a name's keeps its marks.
_HATTED = re.compile("[\u0302\u0306\u031b]")  # circumflex, breve, horn (NFD)
# Small words whose reading without the tone is all but unknown in a result, where the toned word
# is among its commonest ("Quyết định sô 2269", "vê Chương trình", "một số điêu của", "miên núi":
# 8 of the tone losses on samples/real's Word pages): read so, making no known word with their
# neighbours, they are the toned word, whatever stands beside them (a figure, a code). Not "phân"
# (manure, and "phân công", "phân cấp"). "đê" is "để" (to, for: "đê đăng ký", "đê kịp thời", 10 words
# of samples/real's Word pages) but after a word that names a dike's part or side ("tuyến đê", "chân
# đê", "ngoài đê": no listed words; "đê điều", "hộ đê" are, and stay as read).
HAT_TONE_DEFAULTS = {"sô": "số", "vê": "về", "điêu": "điều", "miên": "miền", "đê": "để"}
DEFAULT_KEPT_AFTER = {"đê": frozenset({"tuyến", "chân", "mặt", "bờ", "thân", "mái", "đỉnh", "đắp", "vỡ", "ngoài", "trong",
                                       "sát", "dọc", "con", "kè", "cống", "bảo", "vệ"})}  # fmt: skip


def _toned_over_the_hat(key: str) -> list[str]:
    """``key`` (no tone) with each tone on its last hatted vowel, as syllables (traditional placement)."""
    decomposed = unicodedata.normalize("NFD", key)
    hats = [m.end() for m in _HATTED.finditer(decomposed)]
    if not hats or any(mark in decomposed for mark in TONE_MARKS):
        return []
    at = hats[-1]
    toned = (normalize(unicodedata.normalize("NFC", decomposed[:at] + mark + decomposed[at:])) for mark in TONE_MARKS)
    return [candidate for candidate in toned if is_syllable(candidate)]


def with_hat_tones_put_back(words: list[OcrWord]) -> list[OcrWord]:
    """The words with a small word's tone over a hat put back where it alone makes a known word
    (see above), or where it is one of ``HAT_TONE_DEFAULTS`` and makes none. Neighbours: the words
    of the same block and paragraph, in order."""
    known = known_words()
    out = list(words)
    for start, letters_read, keys in _keyed_paragraphs(words):
        for offset, (letters, key) in enumerate(zip(letters_read, keys, strict=True)):
            if key is None or letters is None or not letters.islower() or _makes_a_word(keys, offset, key, known):
                continue
            if offset and keys[offset - 1] in DEFAULT_KEPT_AFTER.get(key, ()):
                continue  # a dike's part or side before it (see HAT_TONE_DEFAULTS)
            if None in keys[max(0, offset - 1) : offset + 2]:
                # A neighbour misread: the word may make one with what it should read ("chính công í*h").
                making = [HAT_TONE_DEFAULTS[key]] if key in HAT_TONE_DEFAULTS else []
            else:
                making = [toned for toned in _toned_over_the_hat(key) if _makes_a_word(keys, offset, toned, known)]
                making = making or ([HAT_TONE_DEFAULTS[key]] if key in HAT_TONE_DEFAULTS else [])
            if len(making) == 1:
                word = words[start + offset]
                out[start + offset] = replace(word, text=_spelled_in_place(word.text, making[0]), alternatives=())
    return out


# A huyền read for the hỏi beside a hat ("đề kịp thời hướng dẫn", "của tỉnh đề tham mưu", "Đề đẩy
# nhanh": samples/real's Word pages at 200 dpi, 4 words): the two stand a few pixels apart there.
# "đề" stands in compounds ("đề nghị", "đề xuất", "vấn đề", "tiêu đề": pyvi's list has them) and in
# "đề ra" (to set out); "để" (to, for) stands alone before a verb. Read "đề" making no known word with
# its neighbours, before a syllable that is no word of ``DEFAULT_KEPT_BEFORE``, it is "để"; a word in
# capitals stays.
TONE_DEFAULTS = {"đề": "để"}
DEFAULT_KEPT_BEFORE = {"đề": frozenset({"ra", "ngày"})}


def with_tone_defaults(words: list[OcrWord]) -> list[OcrWord]:
    """The words read as one of ``TONE_DEFAULTS`` that make no known word, spelled as its default (see
    above). Neighbours: the words of the same block and paragraph, in order."""
    known = known_words()
    out = list(words)
    for start, letters_read, keys in _keyed_paragraphs(words):
        for offset, (letters, key) in enumerate(zip(letters_read, keys, strict=True)):
            if key not in TONE_DEFAULTS or letters is None or (len(letters) > 1 and letters.isupper()):
                continue
            after = keys[offset + 1] if offset + 1 < len(keys) else None
            # The word after it misread ("đề Rghị"): it may make one with what it should read.
            if after is None or after in DEFAULT_KEPT_BEFORE[key] or _makes_a_word(keys, offset, key, known):
                continue
            word = words[start + offset]
            out[start + offset] = replace(word, text=_spelled_in_place(word.text, TONE_DEFAULTS[key]), alternatives=())
    return out


# A hỏi and a ngã: a hook and a tilde over the vowel, a few pixels alike in a scan ("tại buỗi làm
# việc": samples/real's tb-660). A small word read with one that stands in no word, name or place
# known (``syllables_in_use``: "buỗi", "giửa"; so it makes no known word with its neighbours either)
# is read with the other where that one does stand in some ("buổi", "giữa"). A syllable in use is
# never changed here, nor a word in capitals or a name's.
_HOOK_AND_TILDE = {"\u0309": "\u0303", "\u0303": "\u0309"}


def with_hook_and_tilde_told_apart(words: list[OcrWord]) -> list[OcrWord]:
    """The words with a hỏi read for a ngã, or a ngã for a hỏi, put right (see above)."""
    in_use = syllables_in_use()
    out = list(words)
    for index, word in enumerate(words):
        letters = _letters(word.text)
        key = _key(letters)
        if key is None or letters is None or not letters.islower() or key in in_use:
            continue
        other = unicodedata.normalize("NFC", "".join(_HOOK_AND_TILDE.get(mark, mark) for mark in unicodedata.normalize("NFD", key)))
        if other != key and other in in_use:
            out[index] = replace(word, text=_spelled_in_place(word.text, other), alternatives=())
    return out


def _letters_looked_up(words: list[OcrWord]) -> list[str | None]:
    """Each word's letters as looked up (lower case, NFC, traditional tones), syllables or not ("Ket
    qua": a stop takes a sắc or a nặng); None for a word with anything but letters between its marks."""
    return [normalize(letters.lower()) if (letters := _letters(w.text)) and letters.isalpha() else None for w in words]


def _looked_up_and_folded(words: list[OcrWord]) -> tuple[list[str | None], list[str | None]]:
    """Each word's letters as looked up (``_letters_looked_up``), and those folded (marks off)."""
    keys = _letters_looked_up(words)
    return keys, [fold(key) if key is not None else None for key in keys]


def with_words_as_the_page_prints_them(words: list[OcrWord]) -> list[OcrWord]:
    """The words with two neighbours that make no known word spelled as the page prints them
    elsewhere: where the same letters, marks aside, stand as a known word in another place on the
    page (one way only), that is the word ("hố sơ" where "hồ sơ" is read, "chưng thực" where
    "chứng thực" is; a result repeats its formulas: the subject's words in the body, the agency's
    name in the decision's authority line). Each word keeps its case, the marks around it and its
    box; a word the two neighbours' words would each spell another way, or that makes a known word
    with its other neighbour as read and would not after, stays."""
    known = _KnownOrPlace(known_words(), place_names())
    keys = _letters_looked_up(words)
    pairs = [(i, (first, second)) for start, end in _paragraphs(words) for i in range(start, end - 1)
             if (first := keys[i]) is not None and (second := keys[i + 1]) is not None]  # fmt: skip
    printed: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for _, pair in pairs:
        if pair in known:
            printed.setdefault((fold(pair[0]), fold(pair[1])), set()).add(pair)
    spellings: dict[int, set[str]] = {}
    names, times = name_syllables(), Counter(pair for _, pair in pairs)
    for i, pair in pairs:
        elsewhere = set() if pair in known else printed.get((fold(pair[0]), fold(pair[1])), set())
        if len(elsewhere) == 1:
            as_printed = next(iter(elsewhere))
            # A place's name is a person's too ("Vân Đình", "Phương Tiến"): read as a person's name,
            # the pair is spelled as the place only where the page prints that more often (seed 37's
            # phone 005: the body's "Văn Đình Vỹ" right, the recipients' line read "Vân Đình Vỹ";
            # its photocopy 037: "La Phương Tiến" twice, "La Phương Tiển" once).
            if as_printed not in known.words and all(key in names for key in pair) and times[as_printed] <= times[pair]:
                continue
            for at, spelling in enumerate(as_printed, start=i):
                if spelling != keys[at]:
                    spellings.setdefault(at, set()).add(spelling)
    out = list(words)
    for at, found in spellings.items():
        if len(found) != 1:
            continue
        spelling = next(iter(found))
        if any(_pair_lost(keys, at, other, spelling, known) for other in (at - 1, at + 1)):
            continue
        out[at] = replace(words[at], text=_spelled_in_place(words[at].text, spelling), alternatives=())
    return out


PHRASE_MIN_SYLLABLES = 2  # a listed phrase this long, read with its marks off, is spelled as listed


@lru_cache(maxsize=1)
def _folded_phrases() -> dict[tuple[str, ...], tuple[str, ...] | None]:
    """sohoa's phrases of two syllables or more by their folded letters; None where their letters
    spell two ways: two phrases fold alike ("mười lăm", "mươi lăm"), or a phrase of two syllables
    and another known word ("căn cứ", "cần cù")."""
    folded: dict[tuple[str, ...], tuple[str, ...] | None] = {}
    for phrase in administrative_phrases():
        if len(phrase) >= PHRASE_MIN_SYLLABLES:
            key = tuple(fold(syllable) for syllable in phrase)
            folded[key] = None if key in folded and folded[key] != phrase else phrase
    for word in known_words():
        if len(word) == 2 and (key := (fold(word[0]), fold(word[1]))) in folded and folded[key] != word:
            folded[key] = None
    return folded


def with_phrases_spelled(words: list[OcrWord]) -> list[OcrWord]:
    """The words with a run of them that is one of sohoa's phrases (``ADMINISTRATIVE_PHRASES``), its
    letters read right and a mark off ("chuyến mục đích sứ đụng đất" for "chuyển mục đích sử dụng
    đất", "thấm quyến", "đê được": the marks Tesseract weighed not holding the right one), spelled as
    the phrase is listed. Neighbours: the words of the same block and paragraph, in order; each word
    keeps its case, the marks around it and its box. The folded letters of a phrase of three
    syllables or more spell nothing else; two syllables are spelled only when they make no known
    word as read, nor the second (read as listed) with the word after it ("đôi tên lửa"), and no
    other known word has their letters ("cần cù" stays, "căn cứ" folding alike)."""
    phrases = _folded_phrases()
    known = _KnownOrPlace(known_words(), place_names())
    lengths = sorted({len(key) for key in phrases}, reverse=True)
    keys, folded = _looked_up_and_folded(words)
    out = list(words)
    for start, end in _paragraphs(words):
        at = start
        while at < end:
            for length in lengths:
                run = folded[at : at + length]
                if at + length > end or None in run or (phrase := phrases.get(tuple(run))) is None:  # type: ignore[arg-type]
                    continue
                second_goes_on = keys[at + 1] == phrase[1] and tuple(keys[at + 1 : at + 3]) in known
                if length == 2 and (tuple(keys[at : at + 2]) in known or second_goes_on):
                    continue  # the pair stays as read
                for offset, spelling in enumerate(phrase):
                    if keys[at + offset] != spelling:
                        out[at + offset] = replace(words[at + offset], text=_spelled_in_place(words[at + offset].text, spelling), alternatives=())
                at += length - 1
                break
            at += 1
    return out


# A phrase of PHRASE_LETTER_OFF_SYLLABLES or more read with its letters but one letter of one
# syllable ("thủ tục pành chính", "Bộ phận Miột cửa", "Xót đề nghị của", "Số định danh eá nhân"),
# marks aside, is spelled as listed. Tuning seeds 63, 61, 67, 43, 59, 2004, 2001, 2002 and 79, words
# wrong: 447/586/359/463/498/415/575/380/631 → 444/580/354/462/496/413/574/379/623, no page worse
# (three folded reports' subjects among them). Three syllables are too few: "về thực hiện" is a
# letter off "để thực hiện" (a right word made wrong on every decision's page).
PHRASE_LETTER_OFF_SYLLABLES = 4


@lru_cache(maxsize=1)
def _phrases_but_one() -> dict[tuple[tuple[str | None, ...], int], frozenset[tuple[str, ...]]]:
    """sohoa's phrases of ``PHRASE_LETTER_OFF_SYLLABLES`` or more, by their folded letters with
    one syllable left out (None) and its place."""
    found: dict[tuple[tuple[str | None, ...], int], set[tuple[str, ...]]] = {}
    for phrase in administrative_phrases():
        if len(phrase) >= PHRASE_LETTER_OFF_SYLLABLES:
            folded: list[str | None] = [fold(syllable) for syllable in phrase]
            for at in range(len(phrase)):
                found.setdefault((tuple(folded[:at] + [None] + folded[at + 1 :]), at), set()).add(phrase)
    return {key: frozenset(phrases) for key, phrases in found.items()}


def with_phrases_a_letter_off_spelled(words: list[OcrWord]) -> list[OcrWord]:
    """The words with a run of them that is one of sohoa's phrases of ``PHRASE_LETTER_OFF_SYLLABLES``
    or more syllables, its letters read right but one letter of one syllable (marks aside: a letter
    changed, lost or added), spelled as the phrase is listed, when it is the one phrase so read.
    The syllable off is read with two letters or more: a signature block's "TM. ỦY BAN NHÂN DÂN" over
    a seal's scrap read "x" is no "ủy ban nhân dân xã". Case, marks around and boxes as
    ``with_phrases_spelled``."""
    from rapidfuzz.distance import Levenshtein

    phrases = _phrases_but_one()
    lengths = sorted({len(key) for key, _ in phrases}, reverse=True)
    keys, folded = _looked_up_and_folded(words)
    out = list(words)
    for start, end in _paragraphs(words):
        at = start
        while at < end:
            spelled = 0
            for length in lengths:
                run = folded[at : at + length]
                if at + length > end or None in run:
                    continue
                found = {
                    (phrase, off) for off in range(length)
                    for phrase in phrases.get((tuple(run[:off] + [None] + run[off + 1 :]), off), frozenset())
                    if Levenshtein.distance(run[off] or "", fold(phrase[off]), score_cutoff=1) == 1
                }  # fmt: skip
                if len(found) != 1:
                    continue
                phrase, off = found.pop()
                if len(run[off] or "") < 2:
                    continue  # a lone letter off: a scrap
                for offset, spelling in enumerate(phrase):
                    if keys[at + offset] != spelling:
                        out[at + offset] = replace(words[at + offset], text=_spelled_in_place(words[at + offset].text, spelling), alternatives=())
                spelled = length
                break
            at += max(1, spelled)
    return out


@dataclass(frozen=True, slots=True)
class _KnownOrPlace:
    """A known word or a place's name (``Container`` of tuples of syllables, looked up in both)."""

    words: frozenset[tuple[str, ...]]
    places: frozenset[tuple[str, ...]]

    def __contains__(self, syllables: object) -> bool:
        return syllables in self.words or syllables in self.places


def _pair_lost(keys: list[str | None], at: int, other: int, spelling: str, known: Container[tuple[str, ...]]) -> bool:
    """Whether the word at ``at`` makes a known word with its neighbour at ``other`` as read, and
    would not spelled ``spelling``."""
    if not 0 <= other < len(keys) or keys[other] is None:
        return False
    as_read = (keys[at], keys[other]) if at < other else (keys[other], keys[at])
    spelled = (spelling, keys[other]) if at < other else (keys[other], spelling)
    return as_read in known and spelled not in known


def _spelled_in_place(text: str, spelling: str) -> str:
    """``text`` with its letters (between the marks around them) spelled ``spelling``, in their case."""
    match = _LETTERS.match(text)
    assert match is not None  # the word had letters: it was looked up
    letters = match.group(1)
    cased = spelling.upper() if letters.isupper() else spelling[0].upper() + spelling[1:] if letters[0].isupper() else spelling
    return text[: match.start(1)] + cased + text[match.end(1) :]


def _marks_chosen_once(words: list[OcrWord], only: set[tuple[int, int]] | None = None) -> list[OcrWord]:
    """``with_marks_chosen``'s one pass, over the paragraphs ``only`` names (None: all)."""
    known, administrative, names, places = known_words(), administrative_phrases(), name_syllables(), place_names()
    out = list(words)
    for start, end in _paragraphs(words):
        if only is not None and (words[start].block, words[start].paragraph) not in only:
            continue
        letters = [_letters(w.text) for w in words[start:end]]
        keys = [_key(read) for read in letters]
        capitals = [read is not None and read[0].isupper() for read in letters]
        here = words[start:end]
        line_starts = frozenset(i for i, w in enumerate(here) if i == 0 or w.line != here[i - 1].line)
        for offset, word in enumerate(words[start:end]):
            key = keys[offset]
            if key is None:
                continue
            if _makes_a_word(keys, offset, key, known):
                # A word of one compound that, a stroke apart, makes two ("thay đối nội dung": "đối
                # nội"; "thay đổi", "nội dung"): the reading in more of the words around it.
                fuller = _in_more_words(word.text, keys, offset, known) if (letters[offset] or "").islower() else None
                if fuller is not None:
                    out[start + offset] = replace(word, text=fuller, alternatives=())
                    keys[offset] = _key(_letters(fuller))
                continue
            # In a run of capitalised words (a name: "XÃ PHONG THẠNH ĐÔNG", "Lê Văn Thạnh") only a
            # phrase of the forms makes a word ("THÀNH PHỐ", "ỦY BAN"): a name read as a common word
            # ("phong thanh") is still a name.
            beside = (offset > 0 and capitals[offset - 1]) or (offset + 1 < len(capitals) and capitals[offset + 1])
            in_capitals = capitals[offset] and beside
            words_here = administrative if in_capitals else known
            place_names_here = places if in_capitals else None
            making = [text for text, _ in word.alternatives if _is_a_word_there(text, keys, offset, words_here, place_names_here, line_starts)]
            # A person's given name ends the run (the surname, which the names known lack, begins it).
            given_name = offset > 0 and capitals[offset - 1] and not (offset + 1 < len(capitals) and capitals[offset + 1])
            if not making and given_name and _written_as_a_name(letters[offset]) and key not in names:
                making = [text for text, weight in word.alternatives if weight >= NAME_ALTERNATIVE_MIN and _key(_letters(text)) in names]
            if not making:  # no reading weighed makes a word: the mark's shape
                making = [text for text in _one_stroke_apart(word.text)
                          if _is_a_word_there(text, keys, offset, words_here, place_names_here, line_starts)]  # fmt: skip
            if not making and place_names_here is not None:  # an i's own dot read as a tone, in a place's name
                making = [text for text in dot_of_the_i(word.text)
                          if _names_a_place(keys, offset, _key(_letters(text)) or "", place_names_here, line_starts)]  # fmt: skip
            if not making and place_names_here is None and (letters[offset] or "").islower():
                # The same in a word of small letters, where it then makes a known word with its
                # neighbours ("hỗ trợ chỉ phí", "thí hành", "kính doanh", on fax, ink and phone pages).
                making = [text for text in dot_of_the_i(word.text) if _is_a_word_there(text, keys, offset, known, None, line_starts)]
            if not making and place_names_here is None and (letters[offset] or "").islower() and key not in FUNCTION_WORDS:
                # Marks a degraded print blurs into others ("hó sơ", "hợp đóng", "tiêu biều", "hệ
                # kinh doanh"), where one reading then brings more of the words around into known
                # words ("quyết định để trả" stays: "định đề" would take "định" from "quyết định").
                making = [text for text in _blurred_marks(word.text) if _more_words_made(text, keys, offset, known)]
            if not making and in_capitals and not _is_a_word_there(word.text, keys, offset, administrative, places, line_starts):
                # A header's formula, a tone lost or read for another ("THÀNH PHÔ"); a place's name
                # as read is one ("LÂM ĐỒNG", though "LÂM ĐỘNG" is a commune's too).
                making = [text for text in other_tones(word.text)
                          if _is_a_word_there(text, keys, offset, administrative, places, line_starts)]  # fmt: skip
            if not making and not word.alternatives and given_name and _written_as_a_name(letters[offset]) and key not in names:
                # A given name no one bears, Tesseract sure of it, the other stroke one many do
                # ("Uyến": "Uyển"). Where it weighed another reading, its weight decided above.
                making = [text for text in _one_stroke_apart(word.text) if _key(_letters(text)) in names]
            if len(making) == 1:
                out[start + offset] = replace(word, text=making[0], alternatives=())
                # The words after it are judged beside the reading chosen: "thạy đổi nội" read
                # "thay", then "đổi" makes a word with it, not "đối" with "nội" (seed 43's 046).
                keys[offset] = _key(_letters(making[0]))
    return out


# A reading of a word is taken over the one read when the syllables around it fall into known
# words this many more (one more compound of two syllables at least).
MORE_WORDS_MADE = 2


# Words that stand alone, between compounds: that one makes no known word with its neighbours says
# nothing of its marks ("để trả", "Giấy này được"; "đề", "nảy" would make "định đề", "giãy nảy").
FUNCTION_WORDS = frozenset({
    "để", "này", "từ", "đã", "và", "có", "là", "của", "cho", "với", "về", "do", "đến", "những", "các", "một",
    "hoặc", "nếu", "thì", "mà", "vì", "nên", "sẽ", "đều", "cũng", "vẫn", "đây", "đó", "kể", "theo", "tại",
    "trên", "dưới", "trong", "ngoài", "sau", "trước", "khi", "lại", "ra", "vào", "hay", "như", "bị", "được",
    "phải", "không", "chỉ", "ở", "ai", "gì", "nào", "đâu", "bao", "rằng", "tới", "qua", "đi",
})  # fmt: skip


def _more_words_made(text: str, keys: list[str | None], at: int, known: frozenset[tuple[str, ...]]) -> bool:
    """Whether ``text`` read at ``at`` brings more of the syllables around into known words than
    the reading it replaces."""
    key = _key(_letters(text))
    return key is not None and _words_gained(keys, at, key, known) > 0


def _words_gained(keys: list[str | None], at: int, key: str, known: frozenset[tuple[str, ...]]) -> int:
    """How many more of the syllables around ``at`` fall into known words (``_words_made``) with
    ``key`` read there than as read."""
    low, high = max(0, at - LONGEST_WORD + 1), min(len(keys), at + LONGEST_WORD)
    around = keys[low:high]
    trial = list(around)
    trial[at - low] = key
    return _words_made(trial, known) - _words_made(around, known)


def _words_made(keys: list[str | None], known: frozenset[tuple[str, ...]]) -> int:
    """How many of ``keys`` fall into known words of two syllables or more, the words chosen so that
    as many fall in as can (no syllable in two)."""
    best = [0] * (len(keys) + 1)
    for end in range(1, len(keys) + 1):
        best[end] = best[end - 1]
        for length in range(2, min(LONGEST_WORD, end) + 1):
            window = tuple(keys[end - length : end])
            if None not in window and window in known:
                best[end] = max(best[end], best[end - length] + length)
    return best[-1]


def _in_more_words(text: str, keys: list[str | None], at: int, known: frozenset[tuple[str, ...]]) -> str | None:
    """The word a stroke apart (``_one_stroke_apart``) with which ``MORE_WORDS_MADE`` more of the
    syllables around ``at`` fall into known words than as read; None when there is none, or more
    than one."""
    better = [other for other in _one_stroke_apart(text)
              if (key := _key(_letters(other))) is not None and _words_gained(keys, at, key, known) >= MORE_WORDS_MADE]  # fmt: skip
    return better[0] if len(better) == 1 else None


# A sắc and a hỏi: one stroke above the vowel, a slant or a curl, which a 60-120 dpi photo blurs
# alike (seed 9's phone pages: "kiếm tra", "có thấm quyền", "kế từ ngày", "Bán lé").
_SWAPPED_TONES = {"\u0301": "\u0309", "\u0309": "\u0301"}


def _one_stroke_apart(text: str) -> list[str]:
    """The word with its sắc read as a hỏi, or its hỏi as a sắc; and with its first letter's bar
    read or lost (d, đ: "kinh đoanh", "NHÂN ĐÂN"), the same tiny stroke."""
    decomposed = unicodedata.normalize("NFD", text)
    out = []
    for index, mark in enumerate(decomposed):
        for other in _SWAPPED_TONES.get(mark, ""):
            out.append(unicodedata.normalize("NFC", decomposed[:index] + other + decomposed[index + 1 :]))
    start = next((i for i, ch in enumerate(text) if ch.isalpha()), None)
    if start is not None and text[start] in _BARRED:
        out.append(text[:start] + _BARRED[text[start]] + text[start + 1 :])
    return out


_BARRED = {"d": "đ", "đ": "d", "D": "Đ", "Đ": "D"}


def _blurred_marks(text: str) -> list[str]:
    """The word with a mark a degraded print blurs into another read back (tuning seeds' pages of
    every profile, truth against reading): a hỏi read as a huyền or the reverse ("biều", "TRƯỜNG");
    a circumflex and its huyền merged into a sắc ("hó", "đóng" for hồ, đồng); a huyền or a hỏi over a
    hat that has no tone ("dần" for dân, "tiểu biểu": a speck); an ô's bowl read as an ê's or the reverse
    (``hat_on_the_other_bowl``)."""
    out = []
    for index, letter in enumerate(text):
        decomposed = unicodedata.normalize("NFD", letter)
        base, marks = decomposed[0], list(decomposed[1:])
        others = []
        if "\u0300" in marks or "\u0309" in marks:
            others.append([{"\u0300": "\u0309", "\u0309": "\u0300"}.get(mark, mark) for mark in marks])
        if marks == ["\u0301"] and base in "aeoAEO":
            others.append(["\u0302", "\u0300"])
        if marks in (["\u0302", "\u0300"], ["\u0302", "\u0309"]):  # a speck over the hat read as a tone ("người dần", "tiểu biểu")
            others.append(["\u0302"])
        out += [text[:index] + unicodedata.normalize("NFC", base + "".join(other)) + text[index + 1 :] for other in others]
    return out + hat_on_the_other_bowl(text)


def hat_on_the_other_bowl(text: str) -> list[str]:
    """The word with each ô read as an ê or the reverse, its tone kept ("hệ" for hộ, "Tên" for Tôn):
    the hat is read, the bowl under it taken for the other."""
    out = []
    for index, letter in enumerate(text):
        decomposed = unicodedata.normalize("NFD", letter)
        base, marks = decomposed[0], decomposed[1:]
        if "\u0302" in marks and base in "eoEO":
            other = {"e": "o", "o": "e", "E": "O", "O": "E"}[base]
            out.append(text[:index] + unicodedata.normalize("NFC", other + marks) + text[index + 1 :])
    return out


TONE_MARKS = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aeiouyăâêôơư")


def other_tones(text: str) -> list[str]:
    """The word with each other tone, or none, on its letters (its other marks kept): in capitals,
    where Tesseract drops a tone or reads one for another more than in small letters ("PHÔ", "PHO
    CHỦ TỊCH", "ỦY BẠN"), and where only the forms' phrases and places can make a word with it."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    own = _key(_letters(text))
    found: dict[str, str] = {}
    for index, ch in enumerate(bare):
        if ch.lower() not in _VOWELS:
            continue
        for tone in ("", *TONE_MARKS):
            other = unicodedata.normalize("NFC", bare[:index] + unicodedata.normalize("NFD", ch) + tone + bare[index + 1 :])
            key = _key(_letters(other))
            if key is not None and key != own:
                found.setdefault(key, other)
    return list(found.values())

# An i's own dot read as a hỏi or a sắc above it, in italics (the date line's "Nghi Thủy, ngày …"
# read "Nghỉ Thủy" on 10 pages of independent seeds 9, 13 and 15, print and fax alike, no other
# reading weighed): tried where the word then names a known place, or, in small letters, where it
# makes a known word with its neighbours and the word read made none.
_DOTTED_I = {"ỉ": "i", "í": "i", "Ỉ": "I", "Í": "I"}


def dot_of_the_i(text: str) -> list[str]:
    """The word with one i whose hỏi or sắc was its dot read plain."""
    return [text[:i] + _DOTTED_I[ch] + text[i + 1 :] for i, ch in enumerate(text) if ch in _DOTTED_I]


# Letters whose capital is the small letter drawn larger: Tesseract reads one in a word of capitals
# small now and then ("PHÁp", "pHÓ", "vĂN", "NĐ-Cp"), most under toner or a fold.
_SAME_SHAPE_CASES = frozenset("copsuvwxz")


def with_capitals_kept(words: list[OcrWord]) -> list[OcrWord]:
    """Each word written in capitals but for one small letter of the same shape as its capital
    (``_SAME_SHAPE_CASES``) with that letter a capital too. Two capitals besides it at least: "kV",
    "pH" and "mV" are units."""
    out = []
    for word in words:
        letters = [ch for ch in word.text if ch.isalpha()]
        small = [ch for ch in letters if ch.islower()]
        if (len(small) == 1 and len(letters) - 1 >= 2 and all(ch.isupper() for ch in letters if ch != small[0])
                and unicodedata.normalize("NFD", small[0])[0] in _SAME_SHAPE_CASES):  # fmt: skip
            word = replace(word, text=word.text.replace(small[0], small[0].upper()))
        out.append(word)
    return out


def with_small_letters_kept(words: list[OcrWord]) -> list[OcrWord]:
    """Each word of one vowel o, ô, ơ, u or ư read as a capital, its capital the same shape drawn
    larger, after a word in small letters of its paragraph with no stop between them, in small
    letters ("cải tạo nhà" / "Ở" wrapped alone onto a line of its own: seed 59's rotated 049, whose
    subject ended "nhà Ở"). So is a word ending its sentence with a colon, wrapped alone onto a
    line, its first letter of such a shape ("như" / "Sau:": the formula opening a list, tuning seeds
    63 and 67's rotated, fax, folded and 100 dpi reports). A letter after a stop, after a word in
    capitals ("NHÀ Ở"), or a letter of another shape ("hạng C") stays as read."""
    out = list(words)
    for start, end in _paragraphs(words):
        for index in range(start + 1, end):
            word, before = words[index], words[index - 1].text
            if not (before[-1:].isalpha() and before.islower()):
                continue
            letters = [ch for ch in word.text if ch.isalpha()]
            if (len(letters) == 1 and letters[0].isupper() and not any(ch.isdigit() for ch in word.text) and unicodedata.normalize("NFD", letters[0].lower())[0] in "ou"
                    and is_syllable(letters[0].lower())):  # fmt: skip
                out[index] = replace(word, text=word.text.replace(letters[0], letters[0].lower()), alternatives=())
            elif (words[index - 1].line != word.line and (index + 1 == end or words[index + 1].line != word.line) and re.fullmatch(r"\w+:", word.text) and word.text[0].isupper()
                  and word.text[1:-1].islower() and unicodedata.normalize("NFD", word.text[0].lower())[0] in _SAME_SHAPE_CASES
                  and is_syllable(word.text[:-1].lower())):  # fmt: skip
                out[index] = replace(word, text=word.text.lower(), alternatives=())
    return out


# A date is written "ngày 28 tháng 4 năm 2024" (Decree 30/2020, Art. 9): between its numbers its
# three words, whose marks a blurred photo or toner misreads ("ngùy", "thắng", "nắm", "nãm"; seeds
# 9 and 13). A word there whose letters are the date word's, or one letter off for "ngày", is it.
_DATE_WORDS = ("ngày", "tháng", "năm")
_LIMITS = (31, 12, None)  # the number after each: a day, a month, a year of four digits
DATE_FIGURE_MAX_LETTERS = 5  # a date's number misread: this long at most ("20.24")


def with_dates_spelled(words: list[OcrWord]) -> list[OcrWord]:
    """The words with each date's "ngày", "tháng" and "năm" spelled right, in the case read, where
    at least two of the three stand in their places with their numbers after them (a lone "Nam
    2019" is left alone)."""
    out = list(words)
    for start, end in _paragraphs(words):
        texts = [w.text for w in words[start:end]]
        letters = _letters_of(texts)
        for at in range(-2, len(texts)):  # where "ngày" stands, or would
            slots = _date_slots(texts, letters, at)
            if slots is None:
                continue
            for offset, index in enumerate(slots):
                if index is None:
                    continue
                word = out[start + index]
                fixed = _spelled_as(word.text, _DATE_WORDS[offset])
                if fixed != word.text:
                    out[start + index] = replace(word, text=fixed, alternatives=())
    return out


def with_slashes_plain(words: list[OcrWord]) -> list[OcrWord]:
    """The words with the fraction slash (U+2044), which Tesseract's Vietnamese model reads for a
    slash now and then ("V⁄v", "định.⁄.", "815⁄QĐ-UBND": 8 on the 504 pages of tuning seeds 63,
    61, 67, 43, 59, 81 and 83, none printed), written as the slash: a clerk searches "V/v", and
    the trích yếu is known by it. A fraction slash alone is a stray mark, dropped before."""
    return [replace(w, text=w.text.replace("\u2044", "/")) if "\u2044" in w.text else w for w in words]


# A dash standing alone between two words of a line ("giai đoạn 2021 – 2030", "Sở Lao động –
# Thương binh và Xã hội"): the en dash a word processor types there, which Tesseract's Vietnamese
# model reads as an em dash (4 of 4 on samples/real's Word pages). A run of dashes (a rule) and a
# dash at a line's end stay as read.
def with_dashes_as_typed(words: list[OcrWord]) -> list[OcrWord]:
    """The words with a lone em dash between two words of its line read as the en dash (see above)."""
    out = list(words)
    for index in range(1, len(words) - 1):
        before, word, after = words[index - 1], words[index], words[index + 1]
        same_line = len({(w.block, w.paragraph, w.line) for w in (before, word, after)}) == 1
        if word.text == "\u2014" and same_line and any(ch.isalnum() for ch in before.text) and any(ch.isalnum() for ch in after.text):
            out[index] = replace(word, text="\u2013", alternatives=())
    return out


# Marks no Vietnamese text writes against a word's letters ("¿Quách", "¡trả", "„để", "+Về", "lập~",
# "CAO@", "®nột"): a speck of toner or a fleck of a seal read as a mark and joined to the word
# beside it (tuning seeds 63 and 61's photocopies, 36 words). Dropped where the letters they stand
# against are a syllable; a number's or a code's ("+07:00", "100%", "abc@gov.vn") stay.
GLUED_MARKS = "¿¡§®©†‡„«»~^`@#+%&"
_GLUED = re.compile(rf"([{re.escape(GLUED_MARKS)}]*)(.*?)([{re.escape(GLUED_MARKS)}]*)")


# An apostrophe before a name's syllable (a serif T's bar read as one: "Ninh Phương 'Trinh" at 83 on
# fresh seed 125's print 043): Vietnamese writes no apostrophe, and quotes with “ ” or "; one
# before a capital and small letters that are a syllable, no quote after them, is dropped too.
_QUOTES = "'‘’"


def with_glued_marks_dropped(words: list[OcrWord]) -> list[OcrWord]:
    """The words without the marks joined to their letters that no text writes there (see above)."""
    out = list(words)
    for index, word in enumerate(words):
        name = word.text[1:]
        if word.text[:1] in _QUOTES and name[:1].isupper() and name[1:].islower() and name.isalpha() and _key(_letters(name)) is not None:
            out[index] = replace(word, text=name, left=word.left + word.letters_width(1), width=max(1, word.letters_width(len(name))),
                                 alternatives=())  # fmt: skip
            continue
        match = _GLUED.fullmatch(word.text)
        if match is None or not (match.group(1) or match.group(3)):
            continue
        rest = match.group(2)
        if _key(_letters(rest)) is None:
            continue
        lead, width = word.letters_width(len(match.group(1))), word.letters_width(len(rest))
        out[index] = replace(word, text=rest, left=word.left + lead, width=max(1, width), alternatives=())
    return out


# A speck read as a mark between two words, their space lost with it ("hô-sơ", "Chấp.thuận",
# "sơ;đã", "+Vê-việc": a photocopy's toner between them, tuning seeds 63 and 61): the two words
# apart, the mark dropped (the marks before the first and after the second stay with them). A stop,
# a semicolon, a colon or a quote mark between two syllables, small letters either side of it, is
# no writing's (an abbreviation's stop stands among capitals: "TP.HCM", "Q.NGÃI"); a hyphen only
# where the two spell a known word, their marks aside ("hô-sơ": hồ sơ), for a hyphen joins two
# words ("kinh tế-xã hội", "Bà Rịa-Vũng Tàu"). A comma stays as read (a space lost after it). The
# box is shared between the two by their letters.
_MARK_BETWEEN = re.compile(r"([^\w\s]*)([^\W\d_]+)([-.;:'’])([^\W\d_]+)([^\w\s]*)")


@lru_cache(maxsize=1)
def _known_pairs_folded() -> frozenset[tuple[str, str]]:
    """Every known word of two syllables by its folded letters."""
    return frozenset((fold(word[0]), fold(word[1])) for word in known_words() if len(word) == 2)


def with_marks_between_words_dropped(words: list[OcrWord]) -> list[OcrWord]:
    """Each word that is two syllables with a speck's mark between them, split in two (see above)."""
    out: list[OcrWord] = []
    for word in words:
        match = _MARK_BETWEEN.fullmatch(word.text)
        before, first, mark, second, end = match.groups() if match else ("", "", "", "", "")
        keys = (_key(first), _key(second)) if match else (None, None)
        apart = keys[0] is not None and keys[1] is not None and first[-1].islower() and second.islower()
        if apart and mark == "-":
            apart = (fold(first), fold(second)) in _known_pairs_folded()
        if not apart:
            out.append(word)
            continue
        width = word.letters_width(len(before + first))
        rest = width + word.letters_width(len(mark))
        out.append(replace(word, text=before + first, width=max(1, width), alternatives=()))
        out.append(replace(word, text=second + end, left=word.left + rest, width=max(1, word.width - rest), alternatives=()))
    return out


# A word of two syllables read as one, its space lost (a table's header set tight: "Tiếpnhận",
# "Đúnghạn"; "Giớitính"): split where both halves are syllables that make a known word, at one
# place only. Its box is shared between the halves by their letters.
def with_syllables_apart(words: list[OcrWord]) -> list[OcrWord]:
    """Each word that is no syllable but two run together, split in two (see above)."""
    known = known_words()
    out: list[OcrWord] = []
    for word in words:
        match = re.fullmatch(r"(\w+?)(\W*)", word.text)
        letters = match.group(1) if match else None
        if letters is None or not letters.isalpha() or _key(letters) is not None or len(letters) < 4:
            out.append(word)
            continue
        splits = []
        for cut in range(2, len(letters) - 1):
            first, second = _key(letters[:cut]), _key(letters[cut:])
            if first is not None and second is not None and (first, second) in known:
                splits.append(cut)
        if len(splits) != 1:
            out.append(word)
            continue
        cut, after = splits[0], match.group(2) if match else ""  # match: letters were found
        width = word.letters_width(cut)
        out.append(replace(word, text=letters[:cut], width=width, alternatives=()))
        out.append(replace(word, text=letters[cut:] + after, left=word.left + width, width=word.width - width, alternatives=()))
    return out


# A word read as no syllable at all, one letter off a syllable that makes a known word of two with
# its neighbour ("8iái quyết", "Cê nghị", "dân tộế:", "QUÁẢN LÝ", "THÀNH PHỔỐ"): spelled as that
# syllable, when exactly one does (on either side). A word read as a syllable is never changed
# here (one letter off a pair the page prints, tried on valid syllables, made right words wrong:
# "đã được" → "để được"); a Roman numeral, a code in plain capitals ("UBND", "TTr") and a word with
# more than one figure stay. Letters are compared folded (marks aside); the syllable brings its own.
# Tuning seeds 63, 61, 67, 43, 59: words wrong 457/594/367/469/508 → 447/586/359/463/498, no page
# worse (a subject, a signer's title and authority more).
MISREAD_LETTERS_OFF = 1
# A figure in a word misread, and the letter it stands for (the nearest of several syllables a
# letter off is the one with that letter there).
_LETTER_SHAPED_FIGURES = str.maketrans({"0": "o"})


_Pairs = tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]


def _by_syllable(pairs: list[tuple[str, ...]]) -> _Pairs:
    """The second syllables after each first, and the first syllables before each second."""
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for first, second in pairs:
        after.setdefault(first, set()).add(second)
        before.setdefault(second, set()).add(first)
    return ({k: frozenset(v) for k, v in after.items()}, {k: frozenset(v) for k, v in before.items()})


@lru_cache(maxsize=1)
def _word_pairs() -> _Pairs:
    """The known words of two syllables, by syllable."""
    return _by_syllable([word for word in known_words() if len(word) == 2])


_KIND_SYLLABLES = frozenset(syllable for kind in _KINDS for syllable in kind)


@lru_cache(maxsize=1)
def _place_pairs() -> _Pairs:
    """Two syllables side by side in a place's name, neither of them a unit's kind ("giá rai";
    not "phường tiền" of a name that holds its kind), by syllable."""
    return _by_syllable([pair for name in place_names() for pair in itertools.pairwise(name) if not _KIND_SYLLABLES.intersection(pair)])


def _paired_beside(pairs: _Pairs, keys: list[str | None], at: int) -> set[str]:
    """The syllables ``pairs`` hold after the word before ``keys[at]`` and before the word after it:
    what would make a pair with a neighbour in its place."""
    after, before = pairs
    near: set[str] = set()
    if at > 0 and (previous := keys[at - 1]) is not None:
        near |= after.get(previous, frozenset())
    if at + 1 < len(keys) and (following := keys[at + 1]) is not None:
        near |= before.get(following, frozenset())
    return near


@lru_cache(maxsize=1)
def _administrative_pairs() -> _Pairs:
    """Two syllables side by side in an administrative phrase, by syllable."""
    return _by_syllable([pair for phrase in administrative_phrases() for pair in itertools.pairwise(phrase)])


def words_a_letter_off(text: str) -> list[str]:
    """The words of ``text`` in small letters that make no known word with the word before or after
    them, where a syllable a letter off stands beside that word in an administrative phrase
    ("giải quyết bồ sơ": "hồ sơ"; tuning seed 133's phone 005, its subject stored as sure): a
    misreading the marks' rule cannot mend (it changes marks, not letters) and that no word here
    changes (a syllable read is never spelled as another: "đã được" is no "để được"), which a clerk
    is asked to see. A word that stands with a numeral ("quý II") is no misreading of one that
    does not ("chính quy"); nor is a word that stands alone (``FUNCTION_WORDS``). Pairs from the
    administrative phrases only: pyvi's words a letter off flagged 6 of samples/real's 30 subjects,
    right as read ("nhà tạm", "lần hai")."""
    from rapidfuzz.distance import Levenshtein

    known, pairs = known_words(), _administrative_pairs()
    tokens = text.split()
    keys = [_key(_letters(token)) for token in tokens]
    off = []
    for at, key in enumerate(keys):
        if key is None or not (_letters(tokens[at]) or "").islower() or key in FUNCTION_WORDS or _makes_a_word(keys, at, key, known):
            continue
        if at + 1 < len(tokens) and (_ROMAN.fullmatch(tokens[at + 1].strip(".,;:")) or tokens[at + 1][:1].isdigit()):
            continue
        if any(Levenshtein.distance(key, other, score_cutoff=1) == 1 for other in _paired_beside(pairs, keys, at)):
            off.append(tokens[at])
    return off


_ROMAN = re.compile(r"[IVXLCDM]+")


def _misread(letters: str) -> bool:
    """Letters read that may be a syllable misread: no syllable, two letters or more, at most one
    figure, no Roman numeral, no code in plain capitals."""
    return (
        sum(ch.isalpha() for ch in letters) >= 2 and sum(ch.isdigit() for ch in letters) <= 1
        and _key(letters) is None and not _ROMAN.fullmatch(letters)
        and not (letters.isupper() and letters.isascii())
    )  # fmt: skip


def with_misreadings_mended(words: list[OcrWord]) -> list[OcrWord]:
    """The words with each one read as no syllable spelled as the one syllable a letter off it
    (``MISREAD_LETTERS_OFF``, marks aside) that makes a known word of two, or two syllables of a
    place's name, with the word before or after it on its line, as read (across a line's end, a
    signature block's "KT." read "Kf" over "Hà …" made a place's "Kỳ Hà", and the signer was lost);
    where several do, the one nearest in letters if it alone is ("GÏÁ RAI": "giá", not "giao" of
    "xã giao"); its case, the marks around it and its box kept. A word written as a name beside
    another is left as read: a person's name, which no word list holds ("Văn Thúr", Thúc or Thúy
    misread, is no "Văn Thụ", a place's name)."""
    from rapidfuzz.distance import Levenshtein

    words_pairs, places_pairs = _word_pairs(), _place_pairs()
    out = list(words)
    for start, end in line_runs(words):
        run = words[start:end]
        keys = [_key(_letters(w.text)) for w in run]
        for offset, word in enumerate(run):
            letters = _letters(word.text)
            if letters is None or not _misread(letters):
                continue
            if _written_as_a_name(letters) and any(
                _written_as_a_name(_letters(run[other].text)) for other in (offset - 1, offset + 1) if 0 <= other < len(run)
            ):
                continue  # a name's syllable
            near = _paired_beside(words_pairs, keys, offset) | _paired_beside(places_pairs, keys, offset)
            folded = fold(letters.lower())
            off = {s: Levenshtein.distance(folded, fold(s), score_cutoff=MISREAD_LETTERS_OFF + 1) for s in near}
            least = min(off.values(), default=MISREAD_LETTERS_OFF + 1)
            nearest = [s for s, letters_off in off.items() if letters_off == least <= MISREAD_LETTERS_OFF]
            shaped = folded.translate(_LETTER_SHAPED_FIGURES)
            if len(nearest) > 1 and shaped != folded:  # a figure read for the letter it looks like ("bản sa0": sao, not sắc)
                nearest = [s for s in nearest if fold(s) == shaped]
            if len(nearest) == 1:
                out[start + offset] = replace(word, text=_spelled_in_place(word.text, nearest[0]), alternatives=())
    return out


# The recipients' last line names the copy kept, first at the clerical office: "Lưu: VT, …"
# (Decree 30/2020, Appendix I: "VT" for văn thư). Tesseract's vie model reads its "T." as one
# letter with a stem: "VL" (90 of 100 on a clean print), "VI", "VE", "VF", with no T weighed. On
# the non-photocopy pages of independent seeds 9, 13 and 15, 47 of 105 "Lưu: VT." came out wrong,
# 23 of them as a V and such letters, 13 without their full stop.
_CLERKS_COPY_MISREAD = re.compile(r"VT?[LIEF]{1,2}")  # "VTL": the T read, its full stop as an L


def with_clerks_copy_spelled(words: list[OcrWord]) -> list[OcrWord]:
    """The words with the clerical office's "VT" spelled right where it was read as a V and a
    letter of one stroke down (L, I, E, F: the T and its full stop read as one; or the T, then its
    full stop as such a letter), right after "Lưu:" on the recipients' last line. A full stop ends
    it where nothing follows on the line, a comma where more copies are named ("Lưu: VT, VP."). A
    "VT" read right but for its full stop, lost or read as a comma, gets it back where it ends the
    line, a comma where it ends the block (the recipients' list is over: a comma there is its full
    stop misread)."""
    out = list(words)
    for index in range(1, len(words)):
        before, word = words[index - 1], words[index]
        if before.line_key != word.line_key or not re.fullmatch(r"Lưu\W?", unicodedata.normalize("NFC", before.text)):
            continue
        following = index + 1 < len(words) and words[index + 1].line_key == word.line_key
        last = index + 1 == len(words) or words[index + 1].line_key[:2] != word.line_key[:2]
        if word.text in ("VT", "VT,") and (last or (word.text == "VT" and not following)):
            # Its full stop lost, or read as a comma where the list ends (the recipients' block).
            out[index] = replace(word, text="VT.", alternatives=())
            continue
        letters = "".join(ch for ch in fold(word.text).upper() if ch.isalpha())
        if not _CLERKS_COPY_MISREAD.fullmatch(letters) or not word.text.startswith("V"):
            continue
        out[index] = replace(word, text="VT," if following or word.text.endswith(",") else "VT.", alternatives=())
    return out


# The recipients' list (Decree 30/2020, Appendix I) is written in formulas every office repeats:
# "Nơi nhận:", then "- Như trên;" or "- Như Điều 4;" (those the decision's article names), the
# superiors informed, and "- Lưu: VT." last. Its small italic or plain lines under a phone's blur
# are read "nhàn,", "Như Liêu 4,", "Linh đạo LIND,", "~Lưưw VT." (tuning seeds 63 and 61: every
# phone decision's second page). A line of the list, word for word as many as a formula's, whose
# letters read as one formula's within RECIPIENTS_RATIO (the list's first line as "Nơi nhận:" within
# RECIPIENTS_OPENING_RATIO), is that formula; "{n}" stands for an article's number, kept as read.
# Only a line holding a word that is none (marks, "Lưưw", "‡eu"), or one of the formula's letters
# ("Nơi nhận.", "Như trên,"): one read as other syllables, numbers and capitals is a recipient the
# formulas do not hold ("UBND xã Tiên;", "Lưu: VP.", "Lãnh đạo Sở;").
RECIPIENT_FORMULAS = ("Như trên;", "Như Điều {n};", "Lãnh đạo UBND;", "UBND cấp trên;", "Văn phòng HĐND và UBND;", "Lưu: VT.")
RECIPIENTS_OPENING = "Nơi nhận:"
RECIPIENTS_RATIO = 75  # rapidfuzz's ratio of the line's folded letters to the formula's, at least
RECIPIENTS_OPENING_RATIO = 60
DASHES = ("-", "–", "—")  # a recipient's dash as read alone
_DASH_LIKE = "-–—~*+="  # a dash as read glued to the word after it


def with_recipients_spelled(words: list[OcrWord], recipients_region: Callable[[OcrWord], int | None]) -> list[OcrWord]:
    """The words with each line of a recipients' list (a line of the region ``recipients_region``
    gives, its dash apart) spelled as the formula (``RECIPIENT_FORMULAS``) it reads as closest, the
    only one within ``RECIPIENTS_RATIO`` with as many words; the region's first line as "Nơi nhận:".
    Each word keeps its box; an article's number keeps its figures; a dash read into the line's
    first word ("*Lưự") is a word of its own again; a line matching no formula, or read as one
    exactly, stays."""
    from rapidfuzz import fuzz

    out = list(words)
    dashes: dict[int, OcrWord] = {}
    seen: set[int] = set()
    for start, end in line_runs(words):
        region = recipients_region(words[start])
        if region is None:
            continue
        opening = region not in seen
        seen.add(region)
        first = start + 1 if words[start].text in DASHES else start
        line = words[first:end]
        read = folded_letters(" ".join(w.text for w in line))
        if not line or not read:
            continue
        # A line whose every word is a syllable, a number or capitals is a recipient the formulas may
        # not hold ("UBND xã Tiên;"): a formula only when its letters are the formula's ("Như trên,").
        junk = any(_no_word(w.text) for w in line)
        candidates = [(RECIPIENTS_OPENING, RECIPIENTS_OPENING_RATIO)] if opening else []
        candidates += [(formula, RECIPIENTS_RATIO) for formula in RECIPIENT_FORMULAS]
        near = [formula for formula, least in candidates
                if len(formula.split()) == len(line) and fuzz.ratio(read, folded_letters(formula)) >= (least if junk else 100)]  # fmt: skip
        if len(near) != 1:
            continue
        spelled = [_article_number(word.text, said) if "{n}" in said else said for word, said in zip(line, near[0].split(), strict=True)]
        if None in spelled:
            continue  # "Như Điều" without its article's figures
        for index, text in enumerate(spelled, start=first):
            if text is not None and text != words[index].text:
                out[index] = replace(words[index], text=text, alternatives=())
        opener = words[first]
        if first == start and near[0] != RECIPIENTS_OPENING and opener.text[:1] in _DASH_LIKE:
            # The dash read into the line's first word ("*Lưự", "~Lưưw"): its own again, its ink the
            # word's first letter's width.
            cut = max(1, opener.width // len(opener.text))
            dashes[first] = replace(opener, text="-", width=cut, alternatives=())
            out[first] = replace(out[first], left=opener.left + cut, width=max(1, opener.width - cut))
    return [w for index, word in enumerate(out) for w in ((dashes[index], word) if index in dashes else (word,))]


def _no_word(text: str) -> bool:
    """Marks only, or letters that are no syllable, number or abbreviation in capitals ("‡eu", "Lưưw")."""
    core = re.sub(r"^\W+|\W+$", "", text)
    if not core:
        return True
    return not (core.isdigit() or is_syllable(core.lower()) or (core.isalpha() and core.isupper()))


def _article_number(read: str, said: str) -> str | None:
    """An article's number as read ("4,") with the formula's mark after it ("{n};" → "4;"); None
    without figures."""
    figures = "".join(ch for ch in read if ch.isdigit())
    return said.replace("{n}", figures) if figures else None


# A text's body ends with "./." (Decree 30/2020, Appendix I), printed against its last word; read
# apart from it ("quy định ./.", "hướng dẫn ,/.": 5 on the non-photocopy pages of the tuning seeds).
_END_MARK = "./."
_END_MARK_MISREAD = re.compile(r"[.,]?/\.")


def with_end_mark_joined(words: list[OcrWord]) -> list[OcrWord]:
    """The words with the text's end mark "./." read as a word of its own ending its line after a
    word ("./.", ",/.", "/.") joined to that word, spelled "./."; the two boxes one."""
    out: list[OcrWord] = []
    for index, word in enumerate(words):
        before = out[-1] if out else None
        ends_line = index + 1 == len(words) or words[index + 1].line_key != word.line_key
        if (before is not None and before.line_key == word.line_key and ends_line and _END_MARK_MISREAD.fullmatch(word.text)
                and before.text[-1:].isalpha()):  # fmt: skip
            right = max(before.left + before.width, word.left + word.width)
            top, bottom = min(before.top, word.top), max(before.top + before.height, word.top + word.height)
            out[-1] = replace(before, text=before.text + _END_MARK, width=right - before.left, top=top, height=bottom - top, alternatives=())
            continue
        out.append(word)
    return out


# A signature block opens with the authority signed under (Decree 30/2020, Art. 13 and Appendix I):
# "TM." (thay mặt), "KT." (ký thay), "TL." (thừa lệnh), before the body or the head it stands for.
# Tesseract reads its T as a 1 ("K1.", "1M."), drops its full stop or reads it as a comma ("KT",
# "KT,", "TM"): 10 of them on the non-photocopy pages of independent seeds 9, 13 and 15.
_AUTHORITY_MISREAD = {"KT": "KT.", "K1": "KT.", "KI": "KT.", "TM": "TM.", "1M": "TM.", "IM": "TM.", "TL": "TL.", "T1": "TL."}
_AUTHORITY_HOLDERS = ("chu tich", "uy ban", "ubnd", "giam doc", "truong", "hoi dong", "ban ")


def with_authority_spelled(words: list[OcrWord]) -> list[OcrWord]:
    """The words with a signature block's "TM.", "KT." or "TL." spelled right where it opens its
    line before the body or head signed for ("KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"), read with a 1
    for its T or without its full stop (``_AUTHORITY_MISREAD``). The rest of the line in capitals
    tells it is one; elsewhere such letters are left alone."""
    out = list(words)
    for start, end in line_runs(words):
        word, rest = words[start], [w.text for w in words[start + 1 : end]]
        holder = fold(" ".join(rest)) + " "  # folded: lower case already
        if not rest or not all(t.isupper() for t in rest) or not holder.startswith(_AUTHORITY_HOLDERS):
            continue
        letters = "".join(ch for ch in word.text if ch.isalnum()).upper()
        spelled = _AUTHORITY_MISREAD.get(letters)
        if spelled is not None and spelled != word.text and re.fullmatch(r"\w+[.,]?", word.text):
            out[start] = replace(word, text=spelled, alternatives=())
    return out


# Positions that sign one-stop results (Decree 30/2020, Appendix I; Law on Civil Status forms).
SIGNER_TITLES = (
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG",
    "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHI CỤC TRƯỞNG",
    "PHÓ CHI CỤC TRƯỞNG", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "CÔNG CHỨC TƯ PHÁP - HỘ TỊCH",
    "NGƯỜI KÝ TRÍCH LỤC", "NGƯỜI KÝ GIẤY XÁC NHẬN", "NGƯỜI TIẾP NHẬN", "CÁN BỘ TIẾP NHẬN",
)  # fmt: skip
# A signature block's position line, smudged by the seal stamped over it or by a fax ("PHỐ ©xU TỊCH",
# "TRỨUNG PHÒNG", "CHẴN#' VĂN PHÒNG"), read as the known position it is within a letter or two
# (POSITION_RATIO), or within more where its last word was read whole and the rest is no Vietnamese
# (SMUDGED_POSITION_RATIO; as ``pipeline.extraction`` reads the signer's title). Only in the closing's
# regions, in capitals, as many words as the position: a name or a sentence is never one. On all
# 72 pages of tuning seeds 43, 37 and 33: 540, 587 and 638 words wrong → 529, 573 and 631 (fax 10
# fewer), no page worse; an authority misread before "CHỦ TỊCH" ("1T.", "#T.", "us7,") is no "PHÓ".
POSITION_RATIO = 88
SMUDGED_POSITION_RATIO = 78
POSITION_CAPITALS = 0.6  # share of a position line's letters in capitals, at least ("PitÕ CHỦ TỊCH")
_AUTHORITIES = ("KT.", "TM.", "TL.", "TUQ.", "Q.")
_AUTHORITY_LIKE = re.compile(r"\S{1,4}[.,]")  # an authority misread ("1T.", "#T.", "us7,"): a position's word ends in no stop
# A fax's seal over the position, its ring's letters through the line's space ("'TRƯỞỜNG/PHÒNG" at
# 29: fresh seed 125's fax 002, read so with the page and alone): one word, no position word for
# word, dropped as noise and the signer with it. A line in capitals whose letters run together, marks
# aside, are a known position's within RUN_POSITION_EDITS (POSITION_RUN_LETTERS letters or more)
# is text, and read as that position, its box shared out by letters, as sure as it was read.
RUN_POSITION_EDITS = 1
POSITION_RUN_LETTERS = 8


def position_run_together(texts: list[str]) -> str | None:
    """The known position (``SIGNER_TITLES``) that words in capitals spell run together, within
    ``RUN_POSITION_EDITS`` of its letters, marks and stops aside; None for a line of as many words
    as the position (read word for word, ``with_positions_spelled``) or of other letters."""
    from rapidfuzz.distance import Levenshtein

    letters = "".join(ch for text in texts for ch in text if ch.isalpha())
    if not letters.isupper() or len(letters) < POSITION_RUN_LETTERS:
        return None
    run = fold(letters)
    for folded, title in SIGNER_TITLES_FOLDED:
        if len(title.split()) > len(texts) and Levenshtein.distance(run, folded.replace(" ", "")) <= RUN_POSITION_EDITS:
            return title
    return None


def folded_letters(text: str) -> str:
    """Folded letters and single spaces: how positions are compared whatever OCR did to marks and dots."""
    return " ".join(re.sub(r"[^a-z ]", " ", fold(text)).split())


SIGNER_TITLES_FOLDED = tuple((folded_letters(title), title) for title in SIGNER_TITLES)  # (folded, as printed)


def with_positions_spelled(words: list[OcrWord], in_closing: Callable[[OcrWord], bool]) -> list[OcrWord]:
    """The words with each position line of a signature block (a line of the closing,
    ``in_closing``, after any "KT.", "TM.", "TL." opening it) spelled as the known position
    (``SIGNER_TITLES``) it reads as within ``POSITION_RATIO``, or ``SMUDGED_POSITION_RATIO`` when its
    last word is the position's and the rest reads as no Vietnamese. Each word keeps its box."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    out = list(words)
    for start, end in line_runs(words):
        if not in_closing(words[start]):
            continue
        # Scraps of a signature's stroke before it, and an authority opening it however read ("KT.",
        # "1T."), are no part of the position.
        first = start
        while first < end and not any(ch.isalpha() for ch in words[first].text):
            first += 1
        first = _past_scraps_apart(words, first, end)
        if first < end and (words[first].text in _AUTHORITIES or _AUTHORITY_LIKE.fullmatch(words[first].text)):
            first += 1
        while end > first and not any(ch.isalpha() for ch in words[end - 1].text):
            end -= 1
        line = words[first:end]
        if any(mark in w.text for w in line[:-1] for mark in ".,"):
            continue  # an authority run into the position ("ƒ1..CHỦ TỊCH"): no position alone
        if not line or len(line) > 6 or not _mostly_capitals(line):
            continue
        read = folded_letters(" ".join(w.text for w in line))
        ratio, folded, title = max(((fuzz.ratio(read, folded), folded, title) for folded, title in SIGNER_TITLES_FOLDED
                                    if len(title.split()) == len(line)), default=(0.0, "", ""))  # fmt: skip
        if not title or [w.text for w in line] == title.split():
            continue
        # Its first word read as the position's, within a letter or so: junk before "CHỦ TỊCH" is
        # an authority misread ("#T. CHỦ TỊCH", "KT." under the seal), no "PHÓ".
        head, wanted = folded_letters(line[0].text), folded.split(" ", 1)[0]
        if Levenshtein.distance(head, wanted) > max(2, len(wanted) // 2):
            continue
        as_read = [w.text.strip(".,;:") for w in line]  # a scrap of ink read in a word ("©xU") makes no syllable
        smudged = read.rsplit(" ", 1)[-1] == folded.rsplit(" ", 1)[-1] and not all(is_syllable(t) for t in as_read if t)
        if ratio >= POSITION_RATIO or (ratio >= SMUDGED_POSITION_RATIO and smudged):
            for index, spelled in zip(range(first, end), title.split(), strict=True):
                out[index] = replace(words[index], text=spelled, alternatives=())
    return out


def with_positions_run_together_spelled(words: list[OcrWord]) -> list[OcrWord]:
    """The words with each line that spells a known position run together
    (``position_run_together``) read as that position, its box shared out by letters. Anywhere on
    the page: a page without a recipients' list has no closing region found."""
    out: list[OcrWord] = []
    for start, end in line_runs(words):
        line = words[start:end]
        title = position_run_together([w.text for w in line])
        out += line if title is None else _shared_out(line, title.split())
    return out


def _shared_out(line: list[OcrWord], spelled: list[str]) -> list[OcrWord]:
    """``spelled``'s words where ``line``'s words stood, one word each: the line's box shared out by
    letters, each as sure as the line's least sure word (see ``RUN_POSITION_EDITS``)."""
    left, right = min(w.left for w in line), max(w.left + w.width for w in line)
    top, bottom = min(w.top for w in line), max(w.top + w.height for w in line)
    letters = sum(len(text) for text in spelled) + len(spelled) - 1
    confidence = min(w.confidence for w in line)
    words, at = [], left
    for text in spelled:
        width = max(1, round((right - left) * len(text) / letters))
        words.append(replace(line[0], text=text, left=at, top=top, width=width, height=bottom - top,
                             confidence=confidence, alternatives=()))  # fmt: skip
        at += width + round((right - left) / letters)
    return words


# A signature block as Decree 30/2020 (Appendix I) writes it, line by line: the authority signed under
# and the body or head it stands for ("TM. ỦY BAN NHÂN DÂN": thay mặt, for a collective body; "KT.
# CHỦ TỊCH": ký thay, signed by a deputy, "PHÓ CHỦ TỊCH"; "TL.", "TUQ. CHỦ TỊCH": by the head's leave,
# an office's head or a civil servant), then the position signing. The seal is stamped over the
# block's left end: on a fax, where it prints as black as the text, its ring's letters cross the
# first letters of both lines ("9W ứY BAN NHÂN DÂN", "PHỮ,CHỦ TỊCH", "T1. THỦ TỊCH"; 36 of 48 faxes of
# seed 2009). The lines are read together as the block they are closest to; a line read exactly as a
# line of some block is kept and the block must hold it, so a block the forms do not know is left as
# read. Seeds 43, 37, 33 and 47: 526, 564, 627 and 350 words wrong → 502, 533, 602 and 332; seed
# 2009's faxes 110 → 41, seed 2001's phone photos 386 → 345; no page worse.
_COLLECTIVES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
_HEADS = ("CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG PHÒNG", "CHÁNH VĂN PHÒNG", "TRƯỞNG BAN", "CHI CỤC TRƯỞNG", "CỤC TRƯỞNG")
BLOCK_RATIO = 75  # the block's lines together, folded, at least (rapidfuzz's ratio)
BLOCK_LINE_RATIO = 75  # each line, at least
SMUDGED_BLOCK_LINE_RATIO = 60  # ... a line holding a word that is no syllable ("CR.ỞNG", "Ủr,BAN")
SCRAP_GAP_HEIGHTS = 1.5  # a word standing apart before a line by more than this many heights is a scrap
SCRAP_LETTERS = 2  # a scrap before a block's line dropped with it: a mark or two of the seal's ring


@lru_cache(maxsize=1)
def signature_blocks() -> tuple[tuple[str, ...], ...]:
    """Every signature block the forms write, as its lines: a position alone; "KT. <head>" over
    "PHÓ <head>"; "TL." or "TUQ. <head>" over another position; "TM. <collective>" over its head
    "CHỦ TỊCH", alone or signed by a deputy ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")."""
    blocks: list[tuple[str, ...]] = [(title,) for title in SIGNER_TITLES]
    for head in _HEADS:
        blocks.append((f"KT. {head}", f"PHÓ {head}"))
        blocks += [(f"{by} {head}", title) for by in ("TL.", "TUQ.") for title in SIGNER_TITLES
                   if title not in (head, f"PHÓ {head}")]  # fmt: skip
    for collective in _COLLECTIVES:
        blocks += [(f"TM. {collective}", "CHỦ TỊCH"), (f"TM. {collective}", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")]
    return tuple(blocks)


@lru_cache(maxsize=1)
def _block_lines() -> frozenset[str]:
    """Every line of every signature block the forms write."""
    return frozenset(line for block in signature_blocks() for line in block)


@lru_cache(maxsize=1)
def _folded_blocks() -> tuple[tuple[tuple[str, ...], tuple[str, ...], str, tuple[list[str], ...]], ...]:
    """Each signature block with its lines' folded letters and the whole block's, as compared, and
    its lines' words."""
    return tuple((block, tuple(folded_letters(line) for line in block), folded_letters(" ".join(block)),
                  tuple(line.split() for line in block)) for block in signature_blocks())  # fmt: skip


def _mostly_capitals(words: list[OcrWord]) -> bool:
    """At least ``POSITION_CAPITALS`` of the words' letters are capitals (a position's line, a block's)."""
    letters = [ch for w in words for ch in w.text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= POSITION_CAPITALS * len(letters)


def with_signature_blocks_spelled(words: list[OcrWord], closing_region: Callable[[OcrWord], int | None]) -> list[OcrWord]:
    """The words with each signature block's lines spelled as the block of the forms they read as
    (``signature_blocks``): the one of most lines whose lines read within ``BLOCK_RATIO`` together
    and each within ``BLOCK_LINE_RATIO``, or ``SMUDGED_BLOCK_LINE_RATIO`` where it holds a word that is
    no syllable, the closest of those. A block's lines: from the first line of a closing region
    (``closing_region`` gives a word's region, None outside the closing) mostly in capitals, up to
    four; a long position may wrap to a line of its own ("CÔNG CHỨC TƯ PHÁP - HỘ" / "TỊCH"). A line
    read exactly as a line of some block stays, and the block must hold it, as does one whose last
    two words are a known word other than its line's ("THỦ TRƯỞNG"); "TUQ." is never guessed (a
    "TL." misread reads as it as much). A line whose last word is its line's and makes no known word
    with the one before is held to the smudged lines' ratio ("SẺ TỊCH"). Scraps without a letter
    count as nothing read (an authority lost under the seal as "—"), a scrap or two standing apart
    before a line is dropped; a line spelled takes the block's words in the span of those it had, a
    wrapped one word by word."""
    spelled: list[tuple[int, int, list[OcrWord]]] = []
    for lines in _signature_lines(words, closing_region):
        match = _closest_block(words, lines)
        if match is None:
            continue
        units, block = match
        for unit, line in zip(units, block, strict=False):  # the lines after the block's stay as read
            texts, parts = line.split(), [words[first:end] for _, first, end in unit]
            as_read = [w for part in parts for w in part]
            if [w.text for w in as_read] == texts:
                respelled = parts
            elif len(unit) == 1:
                respelled = [_spelled(parts[0], texts)]
            elif len(as_read) == len(texts):  # wrapped: word by word, each on its line
                spelling = iter(texts)
                respelled = [[replace(w, text=next(spelling), alternatives=()) for w in part] for part in parts]
            else:
                continue
            for (start, first, end), part in zip(unit, respelled, strict=True):
                scraps = words[start:first]
                # Scraps dropped; so are words standing apart that the line spelled begins with (its
                # authority read apart from the rest, a lost word between: "TM. BAN NHÂN DÂN" would
                # come out "TM. TM. ỦY BAN NHÂN DÂN", tuning seed 115's fax 052, page 2).
                dropped = all(len(w.text) <= SCRAP_LETTERS for w in scraps) or _spelled_begins_with(part, scraps)
                spelled.append((start, end, ([] if dropped else scraps) + part))
    out = list(words)
    for start, end, replacement in sorted(spelled, key=lambda item: item[0], reverse=True):  # from the last: counts may change
        out[start:end] = replacement
    return out


def _spelled_begins_with(part: list[OcrWord], scraps: list[OcrWord]) -> bool:
    """Whether the words of a line spelled (``part``) begin with what ``scraps`` read, word for word."""
    read = [folded_letters(w.text) for w in scraps]
    return bool(read) and [folded_letters(w.text) for w in part[: len(read)]] == read


def _closest_block(words: list[OcrWord], lines: list[tuple[int, int, int]]) -> tuple[list[list[tuple[int, int, int]]], tuple[str, ...]] | None:
    """The signature block (``with_signature_blocks_spelled``) the lines read closest to, and the
    lines as its units (a unit: one line, or a line and its wrapped end)."""
    from rapidfuzz import fuzz

    known_lines = _block_lines()
    alone = [folded_letters(" ".join(w.text for w in words[first:end])) for _, first, end in lines]
    best: tuple[int, float, list[list[tuple[int, int, int]]], tuple[str, ...]] | None = None
    for join in (None, *range(len(lines) - 1)):
        units = [[line] for line in lines] if join is None else (
            [[line] for line in lines[:join]] + [[lines[join], lines[join + 1]]] + [[line] for line in lines[join + 2:]])  # fmt: skip
        as_printed = [" ".join(w.text for _, first, end in unit for w in words[first:end]) for unit in units]
        read = alone if join is None else [folded_letters(text) for text in as_printed]
        smudged = [not all(is_syllable(t) for _, first, end in unit for w in words[first:end]
                           if (t := w.text.strip(".,;:")) and any(ch.isalpha() for ch in t)) for unit in units]  # fmt: skip
        # Each unit's words, and whether its last two make a known word ("THỦ TRƯỞNG"): once, for every block.
        unit_words = [text.split() for text in as_printed]
        known_ends = [len(read) > 1 and (read[-2].lower(), read[-1].lower()) in known_words() for read in unit_words]
        for block, folded, whole, printed in _folded_blocks():
            if len(block) > len(units) or (join is not None and join >= len(block)):
                continue
            if any((text in known_lines or line.startswith("TUQ.") or (known_end and read[-2:] != line_words[-2:])) and text != line
                   for text, line, read, line_words, known_end in zip(as_printed, block, unit_words, printed, known_ends, strict=False)):  # fmt: skip
                continue
            ratios = [fuzz.ratio(found, line) for found, line in zip(read, folded, strict=False)]
            together = fuzz.ratio(" ".join(read[: len(block)]), whole)
            # A line whose last word reads as its line's, with as many words, and makes no known word
            # with the one before, holds a smudge there ("SẺ TỊCH" for "CHỦ TỊCH" under the seal), as
            # a word that is no syllable does; "THỦ TRƯỞNG" is a position of its own, no "CỤC TRƯỞNG".
            anchored = [not known_end and len(read) == len(line_words) > 1 and read[-1] == line_words[-1]
                        for read, line_words, known_end in zip(unit_words, printed, known_ends, strict=False)]  # fmt: skip
            if together < BLOCK_RATIO or any(ratio < (SMUDGED_BLOCK_LINE_RATIO if smudge or anchor else BLOCK_LINE_RATIO)
                                             for ratio, smudge, anchor in zip(ratios, smudged, anchored, strict=False)):  # fmt: skip
                continue
            # A line joined to the next only where that reads closer: its wrapped end, no scrap under it.
            if join is not None and ratios[join] <= fuzz.ratio(alone[join], folded[join]):
                continue
            covered = sum(len(unit) for unit in units[: len(block)])
            if best is None or (covered, together) > best[:2]:
                best = (covered, together, units, block)
    return None if best is None else (best[2], best[3])


def _signature_lines(words: list[OcrWord], closing_region: Callable[[OcrWord], int | None]) -> list[list[tuple[int, int, int]]]:
    """Per region where a block may stand, its lines from the first one mostly in capitals on, up to
    four and up to the first that is not, as (start, first, end): ``start:first`` the scraps
    standing apart before the line (``_past_scraps_apart``), ``first:end`` the line."""
    found: dict[int, list[tuple[int, int, int]]] = {}
    ended: set[int] = set()
    for start, end in line_runs(words):
        first = _past_scraps_apart(words, start, end)
        region = closing_region(words[first])
        if region is None or region in ended or len(found.get(region, ())) >= 4:
            continue
        if _mostly_capitals(words[first:end]) and end - first <= 8:
            found.setdefault(region, []).append((start, first, end))
        elif region in found:
            ended.add(region)
    return list(found.values())


def _spelled(line: list[OcrWord], spelled: list[str]) -> list[OcrWord]:
    """The line's words as ``spelled``: each keeps a word's box where they are as many, else the
    line's span is shared by the words' lengths."""
    if len(line) == len(spelled):
        return [replace(word, text=text, alternatives=()) for word, text in zip(line, spelled, strict=True)]
    left, right = line[0].left, max(w.left + w.width for w in line)
    top, bottom = min(w.top for w in line), max(w.top + w.height for w in line)
    confidence = min(w.confidence for w in line)
    total, out, at = sum(len(text) + 1 for text in spelled), [], left
    for text in spelled:
        width = round((right - left) * (len(text) + 1) / total)
        out.append(replace(line[0], text=text, left=at, top=top, width=max(1, width - 1), height=bottom - top,
                           confidence=confidence, alternatives=()))  # fmt: skip
        at += width
    return out


def _past_scraps_apart(words: list[OcrWord], first: int, end: int) -> int:
    """The first of the line's words ``first:end`` past the scraps standing apart from the next by
    more than ``SCRAP_GAP_HEIGHTS`` of its height: a letter of the seal's ring left of a position
    ("ở" 4 heights before "CHỦ TỊCH" on seed 2009's fax 002 was spelled "PHÓ") is no word of it.
    A scrap: a word of ``SCRAP_LETTERS`` letters or fewer, or no syllable; a word the seal's
    removal left apart from the rest of its line ("CHÁNH" before "N PHÒNG", the "VĂN" between cut
    away: seed 63's fax 009, spelled "CHÁNH TRƯỞNG PHÒNG") is no scrap."""
    while (first + 1 < end and _scrap(words[first])
           and words[first + 1].left - (words[first].left + words[first].width) > SCRAP_GAP_HEIGHTS * words[first + 1].height):  # fmt: skip
        first += 1
    return first


def _scrap(word: OcrWord) -> bool:
    letters = word.text.strip(".,;:")
    return sum(ch.isalpha() for ch in letters) <= SCRAP_LETTERS or not is_syllable(letters)


# A header's fixed lines (Decree 30/2020, Appendix I): the motto's two lines, and the collective body
# the issuing agency is. Under a photocopier's streaks they come out a letter or a mark off ("CỘNG
# HÒA XÃ HỘI CHỦ NGHĨ VIỆT NAM", "Độc lập - Fự do - Hạnh phúc", "ỤY BẠN NHÂN DÂN"), the motto often
# wrapped after "VIỆT". A line of the header, or it and the next, read as one of them within
# ``HEADER_PHRASE_RATIO`` with as many words is spelled as printed, word by word; and a parent
# agency's "UBND" a letter off opening a line ("UBNID", "UBNI"). Seeds 43, 37, 33 and 47: 502, 533,
# 602 and 332 words wrong → 488, 522, 582 and 311 (photocopies most), seed 2001's phones 345 → 337;
# no page worse.
NATIONAL_NAME, MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"  # quốc hiệu, tiêu ngữ
HEADER_PHRASES = (NATIONAL_NAME, MOTTO, "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
HEADER_PHRASE_RATIO = 80


def with_header_phrases_spelled(words: list[OcrWord], header_region: Callable[[OcrWord], int | None]) -> list[OcrWord]:
    """The words with the header's fixed lines (``HEADER_PHRASES``) spelled as printed where a line
    of a header region (``header_region`` gives a word's, None outside the header), or a line and
    the next of the same region, reads as one within ``HEADER_PHRASE_RATIO`` and has as many words;
    and "UBND" opening a line read a letter off (no syllable: "UBNID", "UBNI", "UB*%D"). Each word
    keeps its box."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    out = list(words)
    runs = [(start, end) for start, end in line_runs(words) if header_region(words[start]) is not None]
    for number, (start, end) in enumerate(runs):
        first = words[start].text
        letters = "".join(ch for ch in first if ch.isalnum())
        if letters != "UBND" and len(letters) >= 3 and Levenshtein.distance(fold(letters), "ubnd") <= 1 and not is_syllable(letters):
            out[start] = replace(words[start], text="UBND", alternatives=())
        spans = [list(range(start, end))]
        if number + 1 < len(runs) and header_region(words[runs[number + 1][0]]) == header_region(words[start]):
            spans.append(list(range(start, end)) + list(range(*runs[number + 1])))
        for span in spans:
            read = [words[i].text for i in span]
            for phrase in HEADER_PHRASES:
                printed = phrase.split()
                if len(printed) != len(read) or read == printed:
                    continue
                if fuzz.ratio(folded_letters(" ".join(read)), folded_letters(phrase)) >= HEADER_PHRASE_RATIO:
                    for i, text in zip(span, printed, strict=True):
                        out[i] = replace(words[i], text=text, alternatives=())
    return out

# Type abbreviations of Decree 30, Appendix III (a công văn has none), in a number's symbol.
TYPE_ABBREVIATIONS = frozenset({
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr", "HĐ",
    "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS", "SL", "TLKS", "TLKH",
})  # fmt: skip
# Symbols of results that carry no issuing agency's part (no dash).
RESULT_SYMBOLS = frozenset({"ĐKKD", "XNTTHN", "TLKS", "TLKH", "TLKT", "GPXD", "HKD"})
KNOWN_SYMBOLS = TYPE_ABBREVIATIONS | RESULT_SYMBOLS  # a number's symbol, as a type's or a result's


# The documents' types (Decree 30/2020, Appendix III; the results of the one-stop shop), as their
# names are written in a sentence; a document's title prints its type in capitals ("THÔNG BÁO",
# "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH"). Read under a photocopier's streaks or in a phone's photo
# its marks slip ("THÔNG BẢO" on every phone's notice of seeds 43, 37 and 47; "TƠ TRÌNH", "QUYET
# ĐỊNH", "GIẤY CHƯNG NHÂN ĐĂNG KÝ HỘ KINH DOANH"): a line in capitals outside the closing, read as
# one title within ``TITLE_RATIO`` (folded letters) and no other as near, with as many words, is
# spelled as printed. Seeds 43, 37, 33 and 47: 16 of the 21 titles read wrong (of 224); the other
# five were lost, or read with scraps for words.
DOCUMENT_TYPES = (
    "Phiếu tiếp nhận hồ sơ và hẹn trả kết quả", "Giấy chứng nhận đăng ký hộ kinh doanh",
    "Giấy chứng nhận đăng ký doanh nghiệp", "Giấy chứng nhận quyền sử dụng đất", "Giấy xác nhận tình trạng hôn nhân",
    "Trích lục khai sinh", "Trích lục kết hôn", "Trích lục khai tử", "Giấy phép xây dựng", "Giấy chứng nhận",
    "Quyết định", "Nghị quyết", "Thông báo", "Báo cáo", "Tờ trình", "Kế hoạch", "Chỉ thị", "Hướng dẫn",
    "Biên bản", "Giấy mời", "Giấy ủy quyền",
)  # fmt: skip
TITLE_RATIO = 80


def with_titles_spelled(words: list[OcrWord], in_closing: Callable[[OcrWord], bool]) -> list[OcrWord]:
    """The words with a document's title (its type, ``DOCUMENT_TYPES``, in capitals) spelled as
    printed where a line in capitals outside the closing reads as one title within ``TITLE_RATIO``,
    nearer than to any other, and has as many words (a title of another length read nearer leaves
    the line as read: two of its words read as one, "GIẦY CHỨNG'NHẬN ĐĂNG KÝ HỘ KINH DOANH", are no
    "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", tuning seed 129's photocopy 058); a colon after a word stays (a decision's
    "QUYẾT ĐỊNH:"), any other mark around it goes ("'GIẤY"). Each word keeps its box."""
    from rapidfuzz import fuzz

    out = list(words)
    for start, end in line_runs(words):
        line = words[start:end]
        if in_closing(line[0]) or not _mostly_capitals(line):
            continue
        read = [word.text for word in line]
        letters = folded_letters(" ".join(read))
        every = sorted(((fuzz.ratio(letters, folded), title) for title, folded in _folded_titles()), reverse=True)
        scored = [(ratio, title) for ratio, title in every if len(title.split()) == len(read)]
        if not scored or scored[0][0] < TITLE_RATIO or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            continue
        if every[0][0] > scored[0][0]:  # nearer a title of another length: two words read as one
            continue
        for index, (word, text) in enumerate(zip(line, scored[0][1].split(), strict=True), start=start):
            spelled = text + (":" if word.text.endswith(":") else "")  # a decision's "QUYẾT ĐỊNH:"
            if word.text != spelled:
                out[index] = replace(word, text=spelled, alternatives=())
    return out


@lru_cache(maxsize=1)
def _folded_titles() -> tuple[tuple[str, str], ...]:
    """Each type's title as printed (capitals) and its folded letters."""
    return tuple((name.upper(), folded_letters(name)) for name in DOCUMENT_TYPES)


# A numbered item opens its line with its number and a full stop ("5. Chủ hộ kinh doanh", "Điều 3.
# Giao …"); Tesseract reads the full stop as a comma or a low stroke ("5,", "4,", "5_": 11 on the
# non-photocopy pages of independent seeds 9, 13, 15, 17 and 19), or loses it after "Điều".
_ITEM_NUMBER_MISREAD = re.compile(r"(\d{1,2})[,_]")
# "Điều" (an article) opening its line before its number is read a mark or a letter off: "Điêu 2",
# "Diều 1" (4 on the non-photocopy pages of tuning seeds 63, 61, 67 and 43); no word so spelled
# stands before a number and a sentence.
_ARTICLE = "Điều"
# An item's figure read as the letter it looks like ("o." and "S." for "5." after "4. Vốn kinh
# doanh": tuning seeds 61's, 67's, 59's and 83's rotated certificates 042), the item after one
# numbered in its block: that number's next. No list goes on after a figure with these letters.
_NUMBER_AS_LETTER = re.compile(r"[oOS]\.")
_ITEM_NUMBER = re.compile(r"\d{1,2}[.,_]?")


def with_item_numbers_spelled(words: list[OcrWord]) -> list[OcrWord]:
    """The words with a numbered item's full stop spelled right where the number opens its line (or
    follows "Điều" opening it) and a capitalised word follows: "5," and "5_" become "5."; after
    "Điều" a number without its stop gets it; a figure read as a letter (``_NUMBER_AS_LETTER``)
    after an item numbered in its block is the next number. A bare number opening a line (a
    table's row) stays. An article cited within a line is spelled "Điều" (``_articles_cited_spelled``)."""
    from rapidfuzz.distance import Levenshtein

    out = list(words)
    before: dict[int, int] = {}  # the last item's number opening a line, by block
    for start, end in line_runs(words):
        first = words[start]
        letters = _LETTERS.fullmatch(first.text)
        article = first.text == _ARTICLE or (
            letters is not None and start + 2 < end and _ITEM_NUMBER.fullmatch(words[start + 1].text) is not None
            and Levenshtein.distance(fold(letters.group(1)), fold(_ARTICLE), score_cutoff=2) <= 1)  # fmt: skip
        at = start + 1 if article else start  # the number's place on the line
        if at + 1 >= end or not words[at + 1].text[:1].isupper():
            continue
        if article and first.text != _ARTICLE:
            out[start] = replace(first, text=_spelled_in_place(first.text, "điều"), alternatives=())
        word = words[at]
        match = _ITEM_NUMBER_MISREAD.fullmatch(word.text)
        if match or (at > start and word.text.isdigit()):
            out[at] = replace(word, text=(match.group(1) if match else word.text) + ".", alternatives=())
        elif not article and _NUMBER_AS_LETTER.fullmatch(word.text) and before.get(word.block, 9) < 9:
            out[at] = replace(word, text=f"{before[word.block] + 1}.", alternatives=())
        item = re.fullmatch(r"(\d)\.", out[at].text)
        if item is not None and not article:
            before[word.block] = int(item.group(1))
    return _articles_cited_spelled(out)


# ... and an article cited within a line ("thực hiện đúng nội dung tại Điều 1,"): its "Điều" read a
# tone or a hat off ("Điếu", "Điêu": 5 on the pages of tuning seeds 143 to 135, phone, 100 dpi and
# photocopied decisions) before the article's number. Only a word opening with the barred Đ: a
# given name is written "Diệu".
_ARTICLE_NUMBER = re.compile(r"\d{1,2}[.,;]?")


def _articles_cited_spelled(words: list[OcrWord]) -> list[OcrWord]:
    out = list(words)
    for index, (word, after) in enumerate(itertools.pairwise(words)):
        if word.text[:1] == "Đ" and fold(word.text) == fold(_ARTICLE) and _ARTICLE_NUMBER.fullmatch(after.text):
            spelled = _spelled_in_place(word.text, "điều")  # in its case: "ĐIỀU" in capitals
            if spelled != word.text:
                out[index] = replace(word, text=spelled, alternatives=())
    return out


def _letters_of(texts: list[str]) -> list[str]:
    """Each word's folded letters, nothing else ("Ngày," → "ngay", "thủng" → "thung")."""
    return ["".join(ch for ch in fold(text) if ch.isalpha()) for text in texts]


def date_figure_places(texts: list[str]) -> list[tuple[int, int | None]]:
    """(index, limit) of each word of a line (``texts``) standing where a date's day, month or year
    stands: right after a word read as "ngày", "tháng" or "năm" (or one letter off: "thủng",
    "gam"), another of the three read in its place around, and ``DATE_FIGURE_MAX_LETTERS`` long at
    most ("ngày 17 thủng TT năng 2021": 17, TT and 2021; "tháng 01T năm"), whether or not it is a
    number fitting there (``date_figure_fits``). ``limit``: the day's 31, the month's 12, None for
    a year of four digits."""
    letters = _letters_of(texts)
    found: list[tuple[int, int | None]] = []
    for index in range(1, len(texts)):
        for offset, (wanted, limit) in enumerate(zip(_DATE_WORDS, _LIMITS, strict=True)):
            if not _like(letters[index - 1], wanted):
                continue
            at = index - 1 - 2 * offset  # where "ngày" stands, or would
            around = [at + 2 * other for other in range(3) if other != offset]
            in_a_date = any(0 <= place < len(texts) and _like(letters[place], _DATE_WORDS[(place - at) // 2]) for place in around)
            if in_a_date and len(texts[index]) <= DATE_FIGURE_MAX_LETTERS:
                found.append((index, limit))
            break
    return found


def date_figure_in(texts: list[str], limit: int | None) -> int | None:
    """The index of the one word of a line (``texts``) standing right after its date word for
    ``limit`` ("ngày" for 31, "tháng" for 12, "năm" for None, or one letter off them) that is a
    number fitting there (``date_figure_fits``); None when no word or several are."""
    wanted = _DATE_WORDS[_LIMITS.index(limit)]
    letters = _letters_of(texts)
    found = [i for i in range(1, len(texts)) if _like(letters[i - 1], wanted) and date_figure_fits(texts[i], limit)]
    return found[0] if len(found) == 1 else None


def _date_slots(texts: list[str], letters: list[str], at: int) -> tuple[int | None, int | None, int | None] | None:
    """Where a date's three words stand if one begins at ``at`` (None for a word not there), when
    at least two stand in place, each followed by its number; else None. ``letters``: each word's
    folded letters."""
    found: list[int | None] = []
    for offset, (wanted, limit) in enumerate(zip(_DATE_WORDS, _LIMITS, strict=True)):
        index = at + 2 * offset
        ok = index >= 0 and index + 1 < len(texts) and _like(letters[index], wanted) and date_figure_fits(texts[index + 1], limit)
        found.append(index if ok else None)
    return (found[0], found[1], found[2]) if sum(i is not None for i in found) >= 2 else None


def _like(letters: str, wanted: str) -> bool:
    """Folded ``letters`` are the date word's, or one letter off them ("ngùy", "thúng", "răm")."""
    target = fold(wanted)
    return letters == target or (len(letters) == len(target) and sum(a != b for a, b in zip(letters, target, strict=True)) == 1)


def date_figure_fits(text: str, limit: int | None) -> bool:
    """Whether ``text`` (its punctuation after it aside) is a date's number that fits ``limit``:
    a day's or a month's of two digits at most up to it, a year's of four digits (None)."""
    digits = text.rstrip(".,;:")
    if not digits.isdigit():
        return False
    return len(digits) == 4 if limit is None else len(digits) <= 2 and 1 <= int(digits) <= limit


def _spelled_as(text: str, wanted: str) -> str:
    """``text`` with its letters replaced by ``wanted`` in the same case, its marks around kept."""
    match = re.match(r"^(\W*)(\w+?)(\W*)$", text)
    if match is None:
        return text
    letters = match.group(2)
    spelled = wanted.upper() if letters.isupper() and len(letters) > 1 else (wanted.capitalize() if letters[0].isupper() else wanted)
    return match.group(1) + spelled + match.group(3)
