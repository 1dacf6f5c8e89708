"""Recognition with an orientation check: never turn a page on weak evidence.

The page is read as it comes out of cleaning. Upright text reads at ~95 mean confidence, turned
text at ~40 (measured on every sample profile), so a confident first reading settles it and OSD
is not run at all. Otherwise OSD proposes a turn, the turned page is read too, and the turn is
kept only when its reading is clearly better.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

import cv2
import numpy as np

from indexing.syllables import is_syllable
from indexing.vietnamese import fold
from ocr.clean import (
    GRAINY,
    SOMEWHAT_GRAINY,
    TONER_SPECKS,
    black_without_specks,
    dark_ink_only,
    grain,
    rotate_upright,
    rules_apart,
    solid_pieces_only,
    specks_per_square_inch,
    text_lines_only,
)
from ocr.components import pieces
from ocr.language import (
    DASHES,
    DOCUMENT_TYPES,
    HEADER_PHRASE_RATIO,
    KNOWN_SYMBOLS,
    MOTTO,
    NATIONAL_NAME,
    date_figure_fits,
    date_figure_in,
    date_figure_places,
    folded_letters,
    hesitant,
    line_runs,
    name_syllables,
    position_run_together,
    with_authority_spelled,
    with_capitals_kept,
    with_clerks_copy_spelled,
    with_dashes_as_typed,
    with_dates_spelled,
    with_end_mark_joined,
    with_glued_marks_dropped,
    with_hat_tones_put_back,
    with_header_phrases_spelled,
    with_hook_and_tilde_told_apart,
    with_item_numbers_spelled,
    with_marks_between_words_dropped,
    with_marks_chosen,
    with_misreadings_mended,
    with_phrases_a_letter_off_spelled,
    with_phrases_spelled,
    with_positions_run_together_spelled,
    with_positions_spelled,
    with_recipients_spelled,
    with_signature_blocks_spelled,
    with_slashes_plain,
    with_small_letters_kept,
    with_syllables_apart,
    with_titles_spelled,
    with_tone_defaults,
    with_words_as_the_page_prints_them,
)
from ocr.layout import Box, Region, find_regions, text_segments, union
from ocr.levels import percentile
from ocr.tesseract import (
    PSM_RAW_LINE,
    PSM_SINGLE_BLOCK,
    PSM_SINGLE_CHAR,
    PSM_SINGLE_LINE,
    PSM_SINGLE_WORD,
    PSM_SPARSE_TEXT,
    Engine,
    OcrWord,
    mean_confidence,
)

CONFIDENT_READING = 75.0  # mean word confidence above which the orientation is taken as right
TURN_MARGIN = 10.0  # a turned reading must beat the first one by this much to be kept
# A line read below this mean confidence is noise (toner dust, a photocopier's grey field, a fold),
# not text: on the tuning set (samples/generator seed 101, 40 pages) dropping lines under 40 loses
# no true word and removes every junk line; at 50 true words start to go.
NOISE_LINE_CONFIDENCE = 40.0
# ... unless it holds a word read surely: a syllable of two letters or more read at SURE_SYLLABLE,
# or a label ("Số:", "Nơi nhận:") read at SURE_LABEL at its start. A photocopy's line of a few
# true words among junk, and a photo's "Số: 1950/IH-UWND" (88 and 3: seed 43's phone 005, where
# the number's line went whole), are text; on the tuning seeds 9, 37 and 43 such lines brought
# back 6 words more than their junk cost (at 85 for every syllable, 8 words more wrong: junk read surely).
SURE_SYLLABLE = 90.0
SURE_LABEL = 80.0
# ... or it is a short line whose every word is a syllable, one of three letters or more, read at
# SHORT_LINE_CONFIDENCE or more: a 70 dpi photo's paragraph ending "định." at 38 (seed 61's phone
# 062). Junk reads as syllables of two letters ("ve", "re") or as no syllable. Seeds 63, 61, 67, 43,
# 59: 488/601/390/456/535 words wrong → 488/599/389/456/532, no page worse.
SHORT_LINE_WORDS = 4
SHORT_LINE_CONFIDENCE = 20.0
PAGE_NUMBER_FIGURES = 3  # a short line read alone as a number this long at most, surely, is kept
# A somewhat grainy page is read again from its darkest ink when this share of its first reading's
# confidence went to non-words (see ocr.clean.GRAINY); any page when twice this share did: on seeds
# 9 and 13 clean prints, faxes and photos spend up to 7%, photocopies whose toner the grain measure
# misses (dashes, a coarse field) 10-19% (the slice's photocopy 001, page 2: 16%, grain 0.9).
JUNK_SHARE = 0.05
# Any page whose reading is this unsure (mean word confidence) is read again from its darkest ink:
# a photocopier's coarse grey field escapes the grain measure (seed 13's photocopy 044: grain 1.25,
# half its lines lost to the field at 49; its darkest ink proved 4.7 times more). Every page under
# 60 on seeds 9 and 13 is a photocopy; the others read at 78 or more.
UNSURE_READING = 60.0
# A page's darkest ink is read whole, with what lies between its lines, only when the reading of its
# lines of text alone is this sure: where it is less, the ink between the lines is the photocopier's
# and its reading never proved more (on the tuning seeds' photocopies, the whole ink proved more on
# four pages, their lines read at 92-95, and never where they read at 87 or less). Issue 11: a
# reading saved on most photocopies (seed 11's: 31 readings 21, their CPU 13.1-13.8 s 9.6-9.7), words
# wrong 2418 -> 2405 on five tuning seeds.
SURE_LINES = 90.0
# A grainy page whose reading kept proves less than this (``proof``: a dozen words read at 80) is
# read again from its solid pieces of ink alone (``ocr.clean.solid_pieces_only``). On the tuning
# seeds 63 and 61's eighteen photocopies every reading kept proved 5,190 or more but one: 61's
# report 008, 161 (its page lost to grain up to each letter's halo; read so, 5,375, 181 -> 100 words
# wrong). Read so on every photocopy, that reading proved less on all the others.
LOST_READING_PROOF = 1000.0
# A first reading this sure is not read again from the darkest ink for the junk it holds: a report's
# table at 100 dpi or in a phone photo, its rules making the page somewhat grainy (the tuning seeds'
# six such pages, read at 94-95, 6% of their confidence on non-words: the darkest ink never proved
# more, two readings each); a photocopy's first reading, if any, is under it (85.6 at most there).
SURE_READING = 90.0
# A body region is read again as sparse text when this share of its reading's confidence went to
# junk (seed 13's folded 060, page 2: 0.145; most bodies under 0.05).
PIECES_JUNK_SHARE = 0.1
PIECES_MIN_WORDS = 10
# Text whose lines stand under this many pixels (a sheet photographed whole, a 100 dpi scan) is
# read enlarged, and only so: read at its size as well, the enlarged reading proved more on 29 of
# seeds 9 and 13's 32 such pages, within 1% on the other three, and read 6 words fewer wrong in all
# (a third of those pages' time). Tuned on samples/generator's phone_low profile.
SMALL_LINE_PX = 30
TARGET_LINE_PX = 40
MAX_ENLARGED_PIXELS = 9_000_000


@dataclass(frozen=True, slots=True)
class Recognition:
    image: np.ndarray  # the page as read (after any turn): word boxes refer to it
    words: list[OcrWord]  # block // REGION_BLOCKS is the index of the word's region
    extra_rotation: int  # counter-clockwise turn added here (0, 90, 180, 270)
    regions: list[Region]
    denoised: bool = False  # the words were read from the page's darkest ink only (``dark_ink_only``)


# A table's figure read again alone (``with_figures_read_alone``): a word read under this sure,
# and a number read alone at it or more; a cell apart from the number before it by this many times
# the line's height.
FIGURE_SURE = 80.0
FIGURE_GAP = 2.0
FIGURE_MAX_LETTERS = 6  # a table's word read again as a figure: this long at most (``with_tables_figures``)
_FIGURE = re.compile(r"\d+")
_LONE_FIGURE = re.compile(r"\d+[.,;:]?")
# A run of figures: an identity number, a year, a date written in figures ("040205529863,", "28/09/1989").
_FIGURE_RUN = re.compile(r"\W?(?=(?:\D*\d){4})[\d./]*\d[\d./]*[.,;:)]?")
# A result's number typed into its symbol, after its "Số:" label ("57/QĐ-UBND").
_SYMBOL_NUMBER = re.compile(r"(\d{1,5})([/⁄]\w.*)")
FIGURE_RUN_SURE = 70.0  # such a run read again by the English model: this sure at least ...
FIGURE_RUN_GAIN = 10.0  # ... and this much surer than the Vietnamese model's reading
LONE_FIGURE_WORDS = 2  # a line of this many words at most: a figure on it stands alone
DATE_FIGURE_SURE = 50.0  # a date's figure misread: the English model's reading that fits, this sure
DATE_FIGURE_DOUBT = 93.0  # a date's day or month that fits, read under this sure, is read again ...
DATE_FIGURE_GAIN = 5.0  # ... and replaced by another the English model reads this much surer, at DATE_FIGURE_DOUBT at least
# A day or month that fits read under DATE_FIGURE_AGREE (an italic "08" read "06" at 94.5 on a rotated
# print, the date wrong and stored as sure: fresh seed 125's 021) is read again too, and replaced by
# another number that fits where the English model reads it alike both ways (as a line and as a raw
# line: "08" at 89.4 and 96.3, the Vietnamese model's "06" at 93.6), each at FIGURE_SURE or more and
# one of them surer than the Vietnamese model's reading.
DATE_FIGURE_AGREE = 96.0
FIRST_YEAR = 1945  # the first year a paper of the Republic bears
# ... a year read again so is as sure as this at most: under the review threshold (0.70), a date
# holding it goes to a clerk (seed 11's dates wrong but sure went 3 -> 4 with ocr-111, the year so
# mended read at the English model's confidence).
YEAR_GUESS_SURE = 60.0
REGION_BLOCKS = 1000  # word.block = region index * REGION_BLOCKS + Tesseract's block number
MISSED_LINE_PARAGRAPH = 10_000  # paragraph numbers of lines read again on their own (``read_in_order``)
NOISE_ROWS_LINE = 5_000  # ... past it, of lines read where Tesseract took the rows for noise (``_with_noise_rows_read``)


HEADER_KINDS = ("header_left", "header_right")  # the header's two columns, as ``find_regions`` names them

# Page segmentation per region kind: regions are single blocks once the layout is split.
REGION_PSM = {
    "header_left": PSM_SINGLE_BLOCK, "header_right": PSM_SINGLE_BLOCK, "body": PSM_SINGLE_BLOCK,
    "closing_left": PSM_SINGLE_BLOCK, "closing_right": PSM_SINGLE_BLOCK, "page": 3,
}  # fmt: skip


def _score(words: list[OcrWord]) -> float:
    return mean_confidence(words) or 0.0


def read_in_order(
    gray: np.ndarray,
    dpi: int,
    engine: Engine,
    segmented: tuple[list[Box], float] | None = None,
    sparse_again: bool = False,
    noise_rows_again: bool = False,
) -> tuple[list[OcrWord], list[Region]]:
    """Words of the page in reading order: each layout region read on its own. ``segmented``: the
    page's ``text_segments`` when already found. A line of the layout that a region's reading left
    without a word is read again on its own, keeping the rows Tesseract takes for noise, and its
    words put in their place when they are mostly syllables or numbers. The words ``ocr.language``
    may correct come with the other marks Tesseract weighed. ``sparse_again``: a body region read
    in pieces (its lines bent by a fold, cut into scraps by the line finding of a block) is read
    again as sparse text, which follows each line where it goes, and the reading that proves more
    kept (not on a grainy page: toner read as sparse text proves more than it is). A region read as
    nothing at all, Tesseract taking every row of it for noise, or a header region read as junk
    only (every line of it would go as noise), is read again black on white without its specks
    (``ocr.clean.black_without_specks``), its words kept when they are mostly syllables or numbers
    (and, read as junk before, prove something). Not any region read as junk: a photocopied
    report's table, its toner up to each letter's halo, read worse so (tuning seed 61's 008: 98 →
    159 words wrong). ``noise_rows_again``: the regions are read a second time with the rows
    Tesseract takes for noise kept, and what that reading finds where the first read nothing is put
    in its place (``_with_noise_rows_read``): on a photocopy's darkest ink, libtesseract 5.5 takes
    whole lines of text crossed by streaks for noise (tuning seed 59's 058, "Mã số hộ kinh doanh:
    …"; its program, 5.3, reads them); read so everywhere, a page's streaks come back as junk (tuning
    seed 59's 044, page 2: 27.3% -> 36.7% of its characters wrong). The second reading costs seed
    11's photocopies 0.3 s a page (1.07-1.11 -> 1.38-1.41 s of CPU). Asked only of the regions
    holding a line of the layout that went unread, it cost as much (every photocopied region holds
    one); asked only across those lines' stretches, 67's 044, page 2, read 19.8% wrong again (6.7%
    with its whole region read again)."""
    segments, scale = segmented if segmented is not None else text_segments(gray, dpi)
    regions = find_regions(gray, dpi, (segments, scale))
    requests = [((r.box.x, r.box.y, r.box.w, r.box.h), REGION_PSM[r.kind]) for r in regions]
    readings = engine.recognize_regions(gray, dpi, requests, alternatives_for=hesitant)
    if noise_rows_again:
        again = engine.recognize_regions(gray, dpi, requests, keep_noise_rows=True, alternatives_for=hesitant)
        readings = [_with_noise_rows_read(words, found) for words, found in zip(readings, again, strict=True)]
    pieces = [i for i, (region, words) in enumerate(zip(regions, readings, strict=True))
              if sparse_again and region.kind == "body" and _in_pieces(words)]  # fmt: skip
    if pieces:
        again = engine.recognize_regions(gray, dpi, [(requests[i][0], PSM_SPARSE_TEXT) for i in pieces], alternatives_for=hesitant)
        for i, found in zip(pieces, again, strict=True):
            if proof(found) > proof(readings[i]):
                readings[i] = _in_rows(without_noise_lines(found))  # its noise dropped piece by piece first
    unread = [i for i, (region, words) in enumerate(zip(regions, readings, strict=True))
              if not words or (region.kind in HEADER_KINDS and not without_noise_lines(words))]  # fmt: skip
    if unread:  # rows all taken for noise, or read as junk: read again black on white without the specks
        plain = black_without_specks(gray, dpi)
        again = engine.recognize_regions(plain, dpi, [requests[i] for i in unread], alternatives_for=hesitant)
        for i, found in zip(unread, again, strict=True):
            # Read as junk before: its new reading proves something (``proof``): a mottled margin
            # the layout took for a header column reads as short syllables again, proving nothing.
            if _mostly_words(found) and (not readings[i] or proof(found) > 0):
                readings[i] = found
    lines = [b.scaled(1 / scale) for b in segments if b.w >= 3 * b.h]
    # Only in a region read mostly as words: on toner or a grey field the "lines" are mostly noise.
    missed = [(index, line) for index, (region, words) in enumerate(zip(regions, readings, strict=True))
              if _mostly_words(words) for line in _missed_lines(region.box, words, lines)]  # fmt: skip
    if missed:
        bands = [_band(line, regions[index].box) for index, line in missed]
        again = engine.recognize_regions(gray, dpi, [(band, PSM_SINGLE_BLOCK) for band in bands], keep_noise_rows=True,
                                         alternatives_for=hesitant)  # fmt: skip
        for number, ((index, line), found) in enumerate(zip(missed, again, strict=True)):
            readings[index] = _with_line(readings[index], without_noise_lines(found), line, number)
    words: list[OcrWord] = []
    for index, region_words in enumerate(readings):
        # Blocks numbered per region keep regions apart as paragraphs in the text.
        words += [replace(w, block=index * REGION_BLOCKS + w.block) for w in region_words]
    return with_lone_figures_read(gray, dpi, engine, words), regions


def _in_rows(words: list[OcrWord]) -> list[OcrWord]:
    """Words read as sparse text, which stand apart at every wide gap ("Họ, chữ đệm, tên:" and
    "YÊN DIỆU THUẬN" as two blocks), put back in lines: a word joins a row when its middle lies
    within the row's typical height and it overlaps none of the row's words side by side (two lines
    a bend brings level keep apart); rows top to bottom, words left to right, one paragraph."""
    rows: list[list[OcrWord]] = []
    for word in sorted(words, key=lambda w: w.top + w.height / 2):
        middle = word.top + word.height / 2
        for row in reversed(rows[-3:]):
            top = statistics.median(w.top for w in row)
            bottom = statistics.median(w.top + w.height for w in row)
            side_by_side = any(w.left < word.left + word.width and word.left < w.left + w.width for w in row)
            if top <= middle <= bottom and not side_by_side:
                row.append(word)
                break
        else:
            rows.append([word])
    rows.sort(key=lambda row: statistics.median(w.top + w.height / 2 for w in row))
    block = words[0].block if words else 1
    return [replace(w, block=block, paragraph=1, line=number)
            for number, row in enumerate(rows, start=1) for w in sorted(row, key=lambda w: w.left)]  # fmt: skip


def _in_pieces(words: list[OcrWord]) -> bool:
    proved, junk = _confidence_split(words, strict=True)
    # Mostly junk is no text in pieces but a page read the wrong way up (the turn is tried next).
    return len(words) >= PIECES_MIN_WORDS and PIECES_JUNK_SHARE * (proved + junk) <= junk < proved


def _word_counts(words: list[OcrWord]) -> tuple[int, int]:
    """(words that are Vietnamese syllables or numbers, other words, stray marks included)."""
    good = sum(1 for word in words if _kind(word))
    return good, len(words) - good


def _with_noise_rows_read(words: list[OcrWord], again: list[OcrWord]) -> list[OcrWord]:
    """A region's words with each line of its reading with noise rows kept (``again``) that overlaps
    no word of them put in its place (``_with_line``: mostly syllables or numbers), when
    ``without_noise_lines`` would keep it."""
    for number, line in enumerate(_by_line(again).values()):
        if _kept(line) and not any(_same_place(_box(w), _box(old)) for w in line for old in words):
            words = _with_line(words, line, union([_box(w) for w in line]), NOISE_ROWS_LINE + number)
    return words


def _mostly_words(words: list[OcrWord]) -> bool:
    good, junk = _word_counts(words)
    return good > junk


def _missed_lines(region: Box, words: list[OcrWord], lines: list[Box]) -> list[Box]:
    """The lines of the layout lying in this region that no word of its reading touches."""
    missed = []
    boxes = np.array([(w.left, w.top, w.width, w.height) for w in words], dtype=np.float64).reshape(-1, 4)
    left, top, width, height = boxes.T
    middle = top + height / 2
    for line in lines:
        centre_x, centre_y = line.x + line.w / 2, line.y + line.h / 2
        if not (region.x <= centre_x < region.right and region.y <= centre_y < region.bottom):
            continue
        touching = (left < line.right) & (line.x < left + width) & (top < line.bottom) & (line.y < top + height)
        if not (touching & (line.y <= middle) & (middle <= line.bottom)).any():  # no word's middle on the line
            missed.append(line)
    return missed


def _band(line: Box, region: Box) -> tuple[int, int, int, int]:
    """The line with a margin of a third of its height around it, inside its region."""
    pad = max(2, line.h // 3)
    x, y = max(region.x, line.x - pad), max(region.y, line.y - pad)
    return x, y, min(region.right, line.right + pad) - x, min(region.bottom, line.bottom + pad) - y


OFFICE_ABBREVIATIONS = KNOWN_SYMBOLS | {"VT", "UBND", "HĐND"}  # a number's symbols, the clerical office's, an agency's


def _with_line(words: list[OcrWord], found: list[OcrWord], line: Box, number: int) -> list[OcrWord]:
    """A region's words with those read again on one of its missed lines, in reading order (before
    the first word below the line's middle), when they are mostly syllables or numbers and overlap
    no word already read; numbered as their own paragraph so they stand as a line of their own."""
    found = [w for w in found if not any(_same_place(_box(w), _box(old)) for old in words)]
    # Marks alone count half a word of junk: a line's own dashes ("Độc lập - Tự do - Hạnh phúc",
    # under a folded sheet's bent rule: seed 67's 024 lost its motto) are punctuation as often.
    # An office's abbreviation is a word: the recipients' "- Lưu: VT." (tuning seed 143's phone 033
    # and 012, its last line left out of its region's reading and read alone so) is a line.
    kinds = [True if _core(w) in OFFICE_ABBREVIATIONS else _kind(w) for w in found]
    if not found or kinds.count(True) <= 2 * kinds.count(False) + kinds.count(None):
        return words
    middle = line.y + line.h / 2
    at = next((i for i, w in enumerate(words) if w.top > middle), len(words))
    block = words[at - 1].block if at else (words[0].block if words else 1)
    placed = [replace(w, block=block, paragraph=MISSED_LINE_PARAGRAPH + number, line=1) for w in found]
    return words[:at] + placed + words[at:]


def _same_place(a: Box, b: Box) -> bool:
    """The boxes share more than half of the smaller one: the same word read twice. Less is a
    letter's mark reaching into the line above (a bent line's "Độc" under "HÒA", seed 13's 046)."""
    width = min(a.right, b.right) - max(a.x, b.x)
    height = min(a.bottom, b.bottom) - max(a.y, b.y)
    return width > 0 and height > 0 and width * height > 0.5 * min(a.w * a.h, b.w * b.h)


def _read_again_beside(found: Box, beside: Box) -> bool:
    """A word read alone is a word of the line beside (``beside``, read with the page) read again:
    at its place (``_same_place``), and level with it over more than half of the taller box. A box
    Tesseract stretched down into the line below ("TỊCH" alone 90 px high, over the next line's
    "PHAP" by 23 of its 40: tuning seed 123's print 015, "TL. CHỦ TỊCH" above a position wrapped
    under a seal's cut) is this line's word."""
    level = min(found.bottom, beside.bottom) - max(found.y, beside.y)
    return _same_place(found, beside) and level > 0.5 * max(found.h, beside.h)


def _box(word: OcrWord) -> Box:
    return Box(word.left, word.top, word.width, word.height)


# Marks that stand in no Vietnamese administrative text as a word of their own: a word made of
# marks only, one of them among these, is an edge, a seal or toner read as text (a photographed
# sheet's edge as "|" at the end of every line; "©" and "@" from a seal).
STRAY_MARKS = frozenset("|¦\\`^~¬‡†¿¡§¢£¥©®@•„‹›«»#*+$%&⁄<>=_")


def _by_line(words: list[OcrWord]) -> dict[tuple[int, int, int], list[OcrWord]]:
    """The words grouped by the line they were read on, in reading order."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line_key, []).append(word)
    return lines


def without_stray_marks(words: list[OcrWord], tables: tuple[Box, ...] = ()) -> list[OcrWord]:
    """The words but those made only of marks, one of them a ``STRAY_MARKS`` (a dash, "./." or a
    bracket stay: they are text); those in one of ``tables`` stay (``with_tables_figures`` reads
    them again)."""
    return [w for w in words if any(c.isalnum() for c in w.text) or not STRAY_MARKS.intersection(w.text)
            or _in_a_table(w, tables)]  # fmt: skip


def _in_a_table(word: OcrWord, tables: tuple[Box, ...]) -> bool:
    """The word's middle lies in one of ``tables``."""
    middle_x, middle_y = word.left + word.width / 2, word.top + word.height / 2
    return any(t.x <= middle_x < t.right and t.y <= middle_y < t.bottom for t in tables)


# A photographed sheet's edge, a thin upright stroke beside the text, read as a letter of one
# stroke at the start or end of the lines level with it ("Ị", "I": seed 15's phone 005, where one
# before the subject under "THÔNG BÁO" hid it from extraction).
EDGE_LETTERS = frozenset("IỊÌÍỈĨlı|!]1")
EDGE_ALIGN_MM = 2.0  # such letters one under another, their centres this close across
EDGE_MIN_LETTERS = 3  # ... this many of them
EDGE_GAP_MM = 8.0  # ... each this far from the line's next word, if any


def without_sheet_edge(words: list[OcrWord], dpi: int) -> list[OcrWord]:
    """The words but the letters of one stroke (``EDGE_LETTERS``) that stand one under another,
    ``EDGE_MIN_LETTERS`` or more, each alone on its line or ``EDGE_GAP_MM`` from the line's nearest
    word: a sheet's edge. A Roman numeral ("I.", "II"), a letter in a line of text, or a 1 beside
    other numbers on its line (a table's last column) stays."""
    px_per_mm = dpi / 25.4
    lines = _by_line(words)

    def apart(word: OcrWord) -> bool:
        others = [w for w in lines[word.line_key] if w is not word]
        gap = min((max(w.left - (word.left + word.width), word.left - (w.left + w.width)) for w in others), default=None)
        return gap is None or gap >= EDGE_GAP_MM * px_per_mm

    def figures_beside(word: OcrWord) -> bool:  # a table's row: its 1 is a figure
        return word.text.isdigit() and any(w is not word and w.text.isdigit() for w in lines[word.line_key])

    candidates = [w for w in words if w.text in EDGE_LETTERS and apart(w) and not figures_beside(w)]
    centre = {id(w): w.left + w.width / 2 for w in candidates}
    edge = {
        id(w) for w in candidates
        if sum(1 for o in candidates if abs(centre[id(o)] - centre[id(w)]) <= EDGE_ALIGN_MM * px_per_mm) >= EDGE_MIN_LETTERS
    }  # fmt: skip
    return [w for w in words if id(w) not in edge]


# What a noisy margin reads as: a run of words out beside the page's text (a photocopier's mottled
# field down the left edge read as "ko ca", "Mà Ơn NA" level with the body's lines, seed 13's
# photocopy 044), apart from the line's words by a gap no space between words makes.
MARGIN_RUN_GAP_MM = 5.0  # a run of a line's words ends at a gap this wide
MARGIN_NOISE_CONFIDENCE = 50.0  # a run out in the margin read under this (character-weighted) is noise
MARGIN_SURE_WORD = 80.0  # the page's text spans where words read at this confidence lie ...
MARGIN_SURE_WORDS = 20  # ... when there are this many of them
MARGIN_SPAN_SHARE = 2.0  # ... less this percentile of their left ends and right ends at each side


def without_margin_noise(words: list[OcrWord], dpi: int) -> list[OcrWord]:
    """The words but the runs of a line that lie wholly left or right of the span of the page's
    surely read words and read under ``MARGIN_NOISE_CONFIDENCE``: noise in a margin. A run is the
    words of one line between gaps of ``MARGIN_RUN_GAP_MM`` or more. A table's column, a header's,
    the signer's lie within the text's span however low they read (a lone "5" in a report's table at
    30); a page with few sure words keeps all its words."""
    sure = [w for w in words if w.confidence >= MARGIN_SURE_WORD]
    if len(sure) < MARGIN_SURE_WORDS:
        return words
    text_left = float(np.percentile([w.left for w in sure], MARGIN_SPAN_SHARE))
    text_right = float(np.percentile([w.left + w.width for w in sure], 100 - MARGIN_SPAN_SHARE))
    gap = MARGIN_RUN_GAP_MM * dpi / 25.4
    lines = _by_line(words)
    noise: set[int] = set()
    for members in lines.values():
        members = sorted(members, key=lambda w: w.left)
        runs = [[members[0]]]
        for before, word in itertools.pairwise(members):
            if word.left - (before.left + before.width) >= gap:
                runs.append([])
            runs[-1].append(word)
        for run in runs:
            outside = run[-1].left + run[-1].width <= text_left or run[0].left >= text_right
            if outside and (mean_confidence(run) or 0.0) < MARGIN_NOISE_CONFIDENCE:
                noise.update(id(w) for w in run)
    return [w for w in words if id(w) not in noise]


def without_noise_lines(words: list[OcrWord]) -> list[OcrWord]:
    """The words of every line read with a mean confidence of at least ``NOISE_LINE_CONFIDENCE``,
    or holding a word read surely (``SURE_SYLLABLE``, ``SURE_LABEL``), or spelling a document's
    title or reading as its number (``_a_title``, ``_a_number``)."""
    lines = _by_line(words)
    kept = {key for key, members in lines.items() if _kept(members)}
    return [w for w in words if w.line_key in kept]


def with_short_lines_read_alone(page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord]) -> list[OcrWord]:
    """A short line the noise filter would drop, read again on its own: its words replaced by the
    second reading when that holds a syllable of three letters or more read surely
    (``SURE_SYLLABLE``), or is a page's number read surely (``_page_number_read_surely``). A
    signature block's title cut by the seal's removal ("CHỦ TỊCH" with the ring's arc through its C
    and H) is read with its neighbours' rows as "CWÚ 7ỊCH" at 36 and dropped, the signer with it;
    read alone, "CEỦ TỊCH" (seed 61's fax 059). ``page``: the image the words' boxes refer to."""
    lines = _by_line(words)
    unsure = [key for key, members in lines.items()
              if len(members) <= SHORT_LINE_WORDS and any(ch.isalpha() for w in members for ch in w.text)
              and not _kept(members)]  # fmt: skip
    if not unsure:
        return words
    again = _lines_read_alone(page, dpi, engine, [lines[key] for key in unsure])
    read = {key: _without_trailing_scraps(found) for key, found in zip(unsure, again, strict=True) if _short_line_proved(found)}
    # A speck read as a word of the line (a letter's hook of the line below: "và" 8 px high beside
    # "TÃNH" 50 px high, a 100 dpi header's wrapped "LÃNH" enlarged) stretches its band; and a short
    # line's band, a third of its height over and under it, holds the lines' letters around, where
    # the band read as one line finds nothing: read again without the specks, as a block, its words
    # where the line stands kept. So is a line without specks the band read as one line still reads
    # as junk: a subject's wrapped "năm 2020" over its underline at 100 dpi, read "£ nắm2020 5" with
    # its block and nothing as one line, is "năm 2020" at 97 in its band read as a block (fresh seed
    # 125's lowres 048, the subject cut short); such a line is kept only when read as syllables and
    # numbers alone (an e-signature stamp's lettering read so, "Z To Th VÀ TIN HỌC d moọc …", added
    # 16 characters wrong to samples/real's tb-11-2025).
    specked = {key: [w for w in lines[key] if not _a_speck_beside(w, lines[key])] for key in unsure if key not in read}
    specked = {key: kept for key, kept in specked.items() if kept}
    if specked:
        bands = [(_line_band(page, kept), PSM_SINGLE_BLOCK) for kept in specked.values()]
        again = engine.recognize_regions(page, dpi, bands, alternatives_for=hesitant)
        for (key, kept), found in zip(specked.items(), again, strict=True):
            span = union([_box(w) for w in kept])
            found = [w for w in found if span.y <= w.top + w.height / 2 <= span.bottom]
            if _short_line_proved(found) and (len(kept) < len(lines[key]) or _word_counts(found)[1] == 0):
                read[key] = found
    return _with_lines_replaced(words, lines, read)


def _without_trailing_scraps(found: list[OcrWord]) -> list[OcrWord]:
    """A short line read alone without what it read after its last syllable read surely
    (``_long_syllable_read_surely``) as marks alone or under ``NOISE_LINE_CONFIDENCE``: its band
    reaches the marks of the line under it. A header's wrapped "LỘC", read garbled with the
    circumflexes of "NHÂN DÂN" below, read alone "LỘC - ^^ Â-" (tuning seed 143's print 029)."""
    last = max((i for i, word in enumerate(found) if _long_syllable_read_surely(word)), default=len(found))
    tail = found[last + 1 :]
    while tail and (_kind(tail[-1]) is None or tail[-1].confidence < NOISE_LINE_CONFIDENCE):
        tail.pop()
    return found[: last + 1] + tail


SPECK_HEIGHT_SHARE = 1 / 3  # a word this much of its line's tallest word's height or less, both ways: a speck


def _a_speck_beside(word: OcrWord, line: list[OcrWord]) -> bool:
    """Whether ``word`` is a speck beside the line's letters: its height and width each
    ``SPECK_HEIGHT_SHARE`` of its line's tallest word's height or less."""
    tallest = max(w.height for w in line)
    return max(word.height, word.width) <= SPECK_HEIGHT_SHARE * tallest


def _short_line_proved(found: list[OcrWord]) -> bool:
    """A short line read alone proves itself (``with_short_lines_read_alone``)."""
    return any(map(_long_syllable_read_surely, found)) or _page_number_read_surely(found) or _a_title(found)


def _page_number_read_surely(found: list[OcrWord]) -> bool:
    """A line read alone as one number of a figure or a few at ``SURE_SYLLABLE`` or more: a page's
    number (Decree 30/2020, Art. 15: from the second page, at the top's middle), which its block read
    as a letter ("z", "ễ" at 0: tuning seeds 63's and 85's printed decisions 036, page 2)."""
    return len(found) == 1 and found[0].text.isdigit() and len(found[0].text) <= PAGE_NUMBER_FIGURES and found[0].confidence >= SURE_SYLLABLE


def _lines_read_alone(page: np.ndarray, dpi: int, engine: Engine, lines: list[list[OcrWord]]) -> list[list[OcrWord]]:
    """Each line's band (``_band``) read on its own, as one line."""
    bands = [(_line_band(page, line), PSM_SINGLE_LINE) for line in lines]
    return engine.recognize_regions(page, dpi, bands, alternatives_for=hesitant)


def _with_lines_replaced(
    words: list[OcrWord], lines: dict[tuple[int, int, int], list[OcrWord]], read: dict[tuple[int, int, int], list[OcrWord]]
) -> list[OcrWord]:
    """The words with each line ``read`` names replaced by the words read again on it, numbered as
    that line, where its first word stood."""
    if not read:
        return words
    out: list[OcrWord] = []
    for word in words:
        if word.line_key not in read:
            out.append(word)
        elif word is lines[word.line_key][0]:
            out += [replace(w, block=word.block, paragraph=word.paragraph, line=word.line) for w in read[word.line_key]]
    return out


# A line read mostly as no syllables within its block ("nươC n\"go0aI" for a clean print's "nước
# ngoài" centred under a header's capitals: independent seed 2004's 057), which Tesseract reads
# right alone ("nước ngoài" at 89 and 91): GARBLED_LINE_WORDS or more of its words no syllable nor
# number, and more than half of those with letters or figures. Tuning seeds 63, 61, 67, 43, 59: no
# page changed; 2004, 2001, 2002, 79: 417 → 415, 578 → 575, 380, 631 words wrong (a folded report's
# table header "_STT Linhvực", "|Đúnghạn" read "STT Lĩnh vực", "Đúng hạn"), no page worse. Kept only
# when the reading alone proves something and holds as many syllables: read alone, a signer's "KT.
# CHỦ TỊCH" beside a fax's seal came out as nothing, and "- Lưu: VT. b;" as less.
GARBLED_LINE_WORDS = 2
# So is a line of one word of letters read unsure as no syllable: a header's wrapped "NGÃI" alone
# under "UBND THÀNH PHỐ QUẢNG", read "NÑNGÃI" at 40 within its column (tuning seed 143's print 000:
# its parent agency wrong).
GARBLED_WORD_SURE = 60.0


def _garbled(line: list[OcrWord]) -> bool:
    kinds = [kind for kind in map(_kind, line) if kind is not None]
    if len(line) == 1 and kinds == [False]:
        return sum(ch.isalpha() for ch in line[0].text) >= LETTERED_WORD and line[0].confidence < GARBLED_WORD_SURE
    return kinds.count(False) >= GARBLED_LINE_WORDS and 2 * kinds.count(False) > len(kinds)


def _proving(words: list[OcrWord]) -> int:
    """How many of the words are syllables of two letters or more, or numbers."""
    return sum(1 for w in words if _kind(w) and not _lone_letter(w))


def with_garbled_lines_read_alone(page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord]) -> list[OcrWord]:
    """The words with each line read mostly as no syllables (``_garbled``) read again on its own:
    replaced by that reading, but for the words it read where another line's stand, when that
    proves something and more than the first (``proof``: a lone letter proves nothing) and holds as
    many syllables and numbers at least (``_proving``). ``page``: the image the words' boxes refer to."""
    lines = _by_line(words)
    garbled = all_garbled = [key for key, members in lines.items() if _garbled(members)]
    if not garbled:
        return words
    read: dict[tuple[int, int, int], list[OcrWord]] = {}

    def keep_if_better(key: tuple[int, int, int], found: list[OcrWord]) -> None:
        # A band reaching into a line beside reads that line's words too: they are not this line's.
        found = [w for w in found if not any(_read_again_beside(_box(w), _box(old)) for old in words if old.line_key != key)]
        if _reads_better(found, lines[key]):
            read[key] = found

    for black_on_white in (False, True):  # then each band black on white, where its grey read no better
        # (a band already black on white, as a photocopy's darkest ink is, would read the same)
        garbled = [key for key in garbled if key not in read and not (black_on_white and _black_on_white(page, lines[key]))]
        if not garbled:
            break
        bands = [lines[key] for key in garbled]
        image = _bands_black_on_white(page, bands) if black_on_white else page
        for key, found in zip(garbled, _lines_read_alone(image, dpi, engine, bands), strict=True):
            keep_if_better(key, found)
    # A seal's arc or a stroke at one end of the line, in its band, spoils its reading alone ("x —
    # ⁄e.CHỦTỊCH" for "KT. CHỦ TỊCH" beside a seal's edge: nothing read): its words of letters alone,
    # when what they leave out is scraps.
    lettered = {key: [w for w in lines[key] if sum(ch.isalpha() for ch in w.text) >= LETTERED_WORD]
                for key in all_garbled if key not in read}  # fmt: skip
    # Only marks and lone letters left out: an abbreviation ("- CT, các PCT UBND tỉnh;") is no scrap.
    lettered = {key: found for key, found in lettered.items() if found and len(found) < len(lines[key])
                and all(sum(ch.isalnum() for ch in w.text) <= 1 for w in lines[key] if w not in found)}  # fmt: skip
    if lettered:
        for key, found in zip(lettered, _lines_read_alone(page, dpi, engine, list(lettered.values())), strict=True):
            keep_if_better(key, found)
    return _with_lines_replaced(words, lines, read)


LETTERED_WORD = 3  # a garbled line's word with this many letters is read again without the rest


def _reads_better(found: list[OcrWord], garbled: list[OcrWord]) -> bool:
    """A garbled line's reading alone is kept when it proves something and more than the first
    (``proof``) and holds as many syllables and numbers (``_proving``), or, a line's dash and an
    abbreviation counting against it ("- Lưu: VT."), when it is no longer garbled, read at
    ``NOISE_LINE_CONFIDENCE`` or more, and holds more syllables and numbers."""
    if proof(found) > max(0.0, proof(garbled)) and _proving(found) >= _proving(garbled):
        return True
    return not _garbled(found) and (mean_confidence(found) or 0.0) >= NOISE_LINE_CONFIDENCE and _proving(found) > _proving(garbled)


def _line_band(page: np.ndarray, line: list[OcrWord]) -> tuple[int, int, int, int]:
    """The line's band (``_band``) on the page."""
    return _band(union([_box(w) for w in line]), Box(0, 0, page.shape[1], page.shape[0]))


def _black_on_white(page: np.ndarray, line: list[OcrWord]) -> bool:
    """The line's band holds two levels at most."""
    x, y, w, h = _line_band(page, line)
    return len(np.unique(page[y : y + h, x : x + w])) <= 2


def _bands_black_on_white(page: np.ndarray, lines: list[list[OcrWord]]) -> np.ndarray:
    """The page with each line's band (``_band``) black on white by its own Otsu threshold."""
    out = page.copy()
    for line in lines:
        x, y, w, h = _line_band(page, line)
        _, out[y : y + h, x : x + w] = cv2.threshold(page[y : y + h, x : x + w], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return out


# A form's label wrapped in its column ("Họ, chữ đệm, tên người" over "mẹ:"), its value level with
# the label's first line ("Tạ Nhật Xoan"): Tesseract reads the rows as they lie, the label's end
# after the value. Tuning seeds 63's and 61's faxed extracts 031: 3.2% CER on pages whose every
# word was read. The value stands a gap of LABEL_GAP_HEIGHTS of the line's height or more after
# the label's first part, which holds no colon yet; the label's end, LABEL_END_WORDS words at most
# ending in a colon, lies under that part alone, within a line's height of it.
LABEL_GAP_HEIGHTS = 2.0
LABEL_END_WORDS = 3


def with_wrapped_labels_joined(words: list[OcrWord]) -> list[OcrWord]:
    """The words with each form's label wrapped in its column read before its value, on one line:
    "Họ, chữ đệm, tên người Tạ Nhật Xoan" over "mẹ:" as "Họ, chữ đệm, tên người mẹ: Tạ Nhật Xoan"."""
    lines = _by_line(words)
    joined: dict[tuple[int, int, int], list[OcrWord]] = {}  # a row's key -> its words with the label's end
    ends: set[tuple[int, int, int]] = set()
    for key, below in itertools.pairwise(lines):
        if key in ends or key[0] != below[0]:
            continue
        row = sorted(lines[key], key=lambda w: w.left)
        label_end = sorted(lines[below], key=lambda w: w.left)
        height = statistics.median(w.height for w in row)
        gaps = [(b.left - (a.left + a.width), i) for i, (a, b) in enumerate(itertools.pairwise(row))]
        widest, at = max(gaps, default=(0, 0))
        if widest < LABEL_GAP_HEIGHTS * height or len(label_end) > LABEL_END_WORDS:
            continue
        label, value = row[: at + 1], row[at + 1 :]
        left, right = label[0].left, label[-1].left + label[-1].width
        row_bottom = max(w.top + w.height for w in row)
        if (any(":" in w.text for w in label) or not label_end[-1].text.endswith(":")
                or not all(left - height <= w.left and w.left + w.width <= right + height for w in label_end)
                or not 0 <= min(w.top for w in label_end) - row_bottom <= height):  # fmt: skip
            continue
        joined[key] = label + label_end + value
        ends.add(below)
    return _with_lines_replaced(words, lines, {**joined, **{end: [] for end in ends}})


def without_lines_read_twice(words: list[OcrWord]) -> list[OcrWord]:
    """The words less each line Tesseract read twice: a line of its block whose every word stands
    where a word of the line before stands, as that word (a folded report's motto under its rule,
    "Độc lập - Tự do - Hạnh phúc" given twice at the same place: tuning seed 81's 024)."""
    lines = _by_line(words)
    twice = {
        below for key, below in itertools.pairwise(lines)
        if key[0] == below[0] and all(
            any(w.text == old.text and _same_place(_box(w), _box(old)) for old in lines[key]) for w in lines[below])
    }  # fmt: skip
    return [w for w in words if w.line_key not in twice] if twice else words


def _kept(line: list[OcrWord]) -> bool:
    """What ``without_noise_lines`` keeps of a line."""
    return ((mean_confidence(line) or 0.0) >= NOISE_LINE_CONFIDENCE or _surely_text(line) or _a_title(line) or _a_number(line)
            or _a_dated_line(line) or _the_national_lines(line) or position_run_together([w.text for w in line]) is not None)


# The motto or the country's name a photocopy's streak ran along (".Dôclâg-Tựdoy Hạnhnhúc." between
# dashes and scraps, at 25: tuning seed 137's photocopied certificate 051) went as noise. A line
# whose letters, twelve or more, spell one of them within ``HEADER_PHRASE_RATIO`` is text (spelled
# as printed where its words are as many, ``with_header_phrases_spelled``).
_NATIONAL_LINES = tuple(folded_letters(phrase).replace(" ", "") for phrase in (NATIONAL_NAME, MOTTO))
NATIONAL_LINE_LETTERS = 12


def _the_national_lines(line: list[OcrWord]) -> bool:
    """Whether the line's letters spell the motto or the country's name (see above)."""
    from rapidfuzz import fuzz

    letters = folded_letters("".join(w.text for w in line)).replace(" ", "")
    return len(letters) >= NATIONAL_LINE_LETTERS and any(fuzz.ratio(letters, phrase) >= HEADER_PHRASE_RATIO for phrase in _NATIONAL_LINES)


# A date line a photocopy's streaks crossed, read unsure ("$ SÔNG Công, ®# 26tháng02nam 2022" at 35:
# tuning seed 137's tờ trình 030, its "ngày" and spaces lost) went as noise, and the document's date
# with it. A line holding the month's word (run together with its figures or not) and a year of four
# figures read surely (``SURE_SYLLABLE``), alone as a word, is text.
_MONTH_WORD = re.compile(r"(?:^|[^a-z])th[a-z]ng(?:[^a-z]|$)")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d\W?")


def _a_dated_line(line: list[OcrWord]) -> bool:
    """Whether the line holds a month's word and a year read surely (see above)."""
    return any(w.confidence >= SURE_SYLLABLE and _YEAR_WORD.fullmatch(w.text) for w in line) and any(
        _MONTH_WORD.search(fold(w.text)) for w in line)


# The number label "Số" as read: its vowel with its marks, or without them, in either case.
_LABEL_VOWELS = "ốôoóồỐÔO"


# A result's number read unsure from a photocopy's darkest ink (".. Sốx3687/QĐÐ-U ND" at 35, 32 and
# 55: tuning seed 61's decision 044) went as noise, and the document's number with it. A line that
# opens, a scrap or two aside, with the number's label (its colon read as anything or lost), its
# figures, a slash and a symbol's capitals is text. On the photocopies of tuning seeds 63, 61, 67
# and 43 (36 pages) that one line changed. So is a symbol whose first capital was read as a figure
# or a stroke, an agency's part after it ("Số 4329/1B-UĐBND" at 66 and 25: tuning seed 139's phone
# photo 005, 72 dpi).
_NUMBER_LINE = re.compile(rf"^\W{{0,3}}S[{_LABEL_VOWELS}]\S{{0,2}}?\s*\d{{1,5}}\s*[/⁄]\s*"
                          r"(?:[A-ZĐÐ][A-Za-zĐđÐ]{1,5}|[1Il|][A-ZĐÐ][A-Za-zĐđÐ]{0,4}-[A-ZĐÐ])")


def _a_number(line: list[OcrWord]) -> bool:
    """Whether the line reads as a result's number (see above)."""
    return _NUMBER_LINE.match(" ".join(w.text for w in line)) is not None


# A document's title in capitals, read with a scrap beside it ("_ TỜ TRÌNH l": its words at 8) or its
# words run together ("CHỈTHỊ"): scanned results a province published (samples/real), whose
# type was lost with the line as noise. A line whose words of two letters or more, in capitals,
# spell a type's name (``DOCUMENT_TYPES``), their marks and spaces aside, is text; so is one whose
# letters, six or more, are a letter off one (one changed, lost or added): a photocopy's streaks
# across the title ("TC TRÌNH" at 67 and 0, ":›QUYELĐỊNH::" at 7: tuning seed 137's 030 and 044)
# took it as noise; kept, it is spelled as printed where ``with_titles_spelled`` knows it.
_TITLES = frozenset(fold(title).replace(" ", "") for title in DOCUMENT_TYPES)
TITLE_NEAR_LETTERS = 6


def _a_title(line: list[OcrWord]) -> bool:
    """Whether the line's words in capitals spell a document's title (see above)."""
    from rapidfuzz.distance import Levenshtein

    words = [letters for w in line if len(letters := "".join(ch for ch in w.text if ch.isalpha())) >= 2]
    if not words or not all(word.isupper() for word in words):
        return False
    spelled = fold("".join(words))
    return spelled in _TITLES or (len(spelled) >= TITLE_NEAR_LETTERS and any(Levenshtein.distance(spelled, title) <= 1 for title in _TITLES))


def _long_syllable_read_surely(word: OcrWord) -> bool:
    return word.confidence >= SURE_SYLLABLE and _syllable(word.text.strip(":,.;"), 3)


def _syllable(letters: str, shortest: int = 2) -> bool:
    """``letters`` (a word without the stops around it) are a Vietnamese syllable of ``shortest`` letters or more."""
    return len(letters) >= shortest and letters.isalpha() and is_syllable(letters)


def _surely_text(line: list[OcrWord]) -> bool:
    """The line holds a syllable read at ``SURE_SYLLABLE`` or starts with a label (a syllable and
    a colon) read at ``SURE_LABEL``, or is a short line of syllables (``SHORT_LINE_WORDS`` at most,
    one of three letters or more) read at ``SHORT_LINE_CONFIDENCE`` or more."""

    def syllable(word: OcrWord) -> bool:  # a text's end mark too ("quy định./.", Decree 30/2020)
        return _syllable(word.text.removesuffix("./.").rstrip(":,."))

    first = line[0]
    lettered = [w for w in line if any(ch.isalpha() for ch in w.text)]
    short_words = (0 < len(lettered) <= SHORT_LINE_WORDS and all(syllable(w) for w in lettered)
                   and any(len(w.text.strip(":,.;")) >= 3 for w in lettered) and (mean_confidence(line) or 0.0) >= SHORT_LINE_CONFIDENCE)  # fmt: skip
    return short_words or any(w.confidence >= SURE_SYLLABLE and syllable(w) for w in line) or (
        first.text.endswith(":") and first.confidence >= SURE_LABEL and syllable(first))


def recognize_page(gray: np.ndarray, dpi: int, engine: Engine, turned: bool = False, halos: bool = False) -> Recognition:
    """Read the page; ``turned``: cleaning already turned it on a cheap hint, so 180 is worth a try.
    Small text is read enlarged instead (boxes always refer to ``gray``). Noise lines are dropped
    from the reading kept (the orientation is judged on everything read; a short one is first read
    again alone, ``with_short_lines_read_alone``). A page read unsure or with much junk is read
    again from its darkest ink's lines of text alone, and from that ink whole when those read surely
    (``_from_darkest_ink``); a page speckled with toner is read only those ways, a grainy page from
    that ink's lines of text only; a grainy page whose readings all proved almost nothing, from its
    solid pieces of ink (``LOST_READING_PROOF``). The reading that proves most is kept, without a
    line read twice at one place, its stray marks and the noise read out in a margin, the marks
    Tesseract hesitated over chosen by the words around them, a word in capitals kept in capitals
    (``ocr.language``), a form's label wrapped in its column read before its value
    (``with_wrapped_labels_joined``). Tesseract reads the page without its ruled lines; the image
    kept is ``gray`` as given. ``halos``: cleaning made a photocopy's dark field with white halos
    paper (``ocr.clean.without_halos``): its thin letters are grey inside, which its darkest ink
    breaks, so it is read as it came too, however speckled."""
    apart = rules_apart(gray, dpi)
    page, tables = apart.page, tuple(Box(*table) for table in apart.tables)
    segmented = text_segments(gray, dpi)  # once: the layout and the enlargement both read it
    factor = enlargement(gray, dpi, segmented)
    page_grain = grain(gray)
    sparse_again = page_grain < SOMEWHAT_GRAINY
    toner = factor == 1 and page_grain >= GRAINY
    # A photocopier's specks, however faint its grain: the page as it came is not worth a reading.
    # Not a halo page's (tuning seed 127's photocopy 037, its rows of toner dots 48 specks a square
    # inch: read from its darkest ink, whose threshold broke its letters, 146 of 893 characters
    # wrong; as it came 87, its header whole).
    speckled = factor == 1 and not toner and not halos and specks_per_square_inch(gray, dpi) >= TONER_SPECKS
    if factor > 1:
        big = cv2.resize(page, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        enlarged = _oriented(big, int(dpi * factor), engine, turned, sparse_again=sparse_again)
        enlarged = replace(enlarged, words=with_short_lines_read_alone(enlarged.image, int(dpi * factor), engine, enlarged.words))
        (words, regions), turn = _shrunk(enlarged, factor), enlarged.extra_rotation
    elif toner or speckled:
        words, regions, turn = [], [], 0  # read from the darkest ink (below)
    else:
        best = _oriented(page, dpi, engine, turned, segmented, sparse_again=sparse_again)
        words, regions, turn = with_short_lines_read_alone(best.image, dpi, engine, best.words), best.regions, best.extra_rotation
        words = with_garbled_lines_read_alone(best.image, dpi, engine, words)
    unsure = _score(words) < UNSURE_READING
    words, denoised = without_noise_lines(words), False
    if toner:
        stark = dark_ink_only(page)
        lines = _oriented(text_lines_only(stark, dpi), dpi, engine, turned, noise_rows_again=True)
        stark, plain = _turned(stark, lines.extra_rotation), _turned(page, lines.extra_rotation)
        words = with_dropped_number_line_read_alone(stark, dpi, engine, lines.words, without_noise_lines(lines.words), plain)
        regions, turn, denoised = lines.regions, lines.extra_rotation, True
    elif _worth_denoising(page_grain, words, unsure):
        read = _from_darkest_ink(page, dpi, engine, turned, words, turn)
        if read is not None:
            words, regions, turn, denoised = read.words, read.regions, read.extra_rotation, True
    if (toner or speckled or denoised) and proof(words) < LOST_READING_PROOF:
        # Every reading of a grainy page proved almost nothing: its grain runs to each letter's
        # halo, where only the letters are solid ink (``solid_pieces_only``).
        solid = _oriented(solid_pieces_only(page, dpi), dpi, engine, turned)
        solid_words = without_noise_lines(solid.words)
        if proof(solid_words) > proof(words):
            words, regions, turn, denoised = solid_words, solid.regions, solid.extra_rotation, True
    upright = _turned(page, turn)
    if turn and tables:  # the tables' boxes as read: found again on the page turned
        tables = tuple(Box(*table) for table in rules_apart(np.ascontiguousarray(rotate_upright(gray, turn)), dpi).tables)
    # A table's marks are dropped once its figures were read again: a cell's "5" read "„" is a figure.
    words = without_margin_noise(without_sheet_edge(without_stray_marks(without_lines_read_twice(words), tables), dpi), dpi)
    words = without_stray_marks(with_tables_figures(upright, dpi, engine, words, tables, factor))
    words = with_figures_read_alone(upright, dpi, engine, words)
    words = with_filled_in_figures_read(upright, dpi, engine, words, factor)
    darkest = partial(_darkest_ink, page, turn) if denoised else None  # found only where a date line needs it
    words = with_number_and_date_read_alone(upright, dpi, engine, words, factor, darkest)
    recipients = _region_of(regions, ("closing_left",))
    words = with_quarters_counted(upright, with_recipients_dashes(upright, with_recipients_spelled(words, recipients)))
    words = with_phrases_spelled(with_marks_chosen(with_syllables_apart(with_marks_between_words_dropped(with_slashes_plain(with_dashes_as_typed(words))))))
    words = with_capitals_kept(with_words_as_the_page_prints_them(with_tone_defaults(with_hat_tones_put_back(with_hook_and_tilde_told_apart(words)))))
    words = with_phrases_a_letter_off_spelled(with_misreadings_mended(words))
    words = with_end_mark_joined(with_clerks_copy_spelled(with_dates_spelled(with_small_letters_kept(words))))
    words = with_item_numbers_spelled(with_authority_spelled(words))
    closing = _region_of(regions, ("closing_left", "closing_right"))
    words = with_positions_spelled(with_positions_run_together_spelled(words), lambda word: closing(word) is not None)
    signature_place = partial(_signature_place, regions=regions, closing=closing)  # where a signature block may stand
    words = with_signature_blocks_spelled(words, signature_place)
    words = with_header_phrases_spelled(words, _region_of(regions, HEADER_KINDS))
    words = with_titles_spelled(words, lambda word: closing(word) is not None)
    words = with_signers_name_read_alone(upright, dpi, engine, words, signature_place, factor)
    words = with_names_doubted(upright, dpi, engine, words, signature_place, factor)
    words = with_glued_marks_dropped(with_wrapped_labels_joined(words))
    # Boxes are the same on every copy read: the page kept is the cleaned one, turned as read.
    image = _turned(gray, turn)
    return Recognition(image, words, turn, regions, denoised=denoised)


def _from_darkest_ink(page: np.ndarray, dpi: int, engine: Engine, turned: bool, words: list[OcrWord], turn: int) -> Recognition | None:
    """The page (read as ``words`` in ``turn``) read from its darkest ink's lines of text alone and,
    when those read surely (``SURE_LINES``), from that ink whole, both laid out on those lines and
    taken region by region; the reading that proves more than ``words``, or None. The first
    reading proved words: its turn stands; else the lines are read in the turn they prove most, and
    where they prove nothing (a page turned the wrong way has no lines of text: turned, they read as
    streaks), the ink whole is, then its lines in that turn."""
    stark_page = dark_ink_only(page)
    proved_turn = proof(words) > 0  # the first reading proved words: its turn stands (no second OSD)
    if proved_turn and turn:
        stark_page = np.ascontiguousarray(rotate_upright(stark_page, turn))
    lines_page, layout = lines_and_layout(stark_page, dpi)
    if proved_turn:
        lines = _read_laid_out(lines_page, dpi, engine, layout, turn, noise_rows_again=True)
    else:
        lines = _oriented(lines_page, dpi, engine, turned, layout, noise_rows_again=True)
    lines_words = without_noise_lines(lines.words)
    stark: Recognition | None = None
    if not proved_turn and proof(lines_words) <= 0:
        stark = _oriented(stark_page, dpi, engine, turned, layout)
        if stark.image is not stark_page:  # turned as read: its lines found again
            lines_page, layout = lines_and_layout(stark.image, dpi)
            lines = _read_laid_out(lines_page, dpi, engine, layout, stark.extra_rotation, noise_rows_again=True)
            lines_words = without_noise_lines(lines.words)
    elif _score(lines_words) >= SURE_LINES:
        if lines.image is not lines_page:  # turned as read: the whole ink in that turn, laid out again
            stark_page = np.ascontiguousarray(rotate_upright(stark_page, lines.extra_rotation))
            layout = lines_and_layout(stark_page, dpi)[1]
        stark = _read_laid_out(stark_page, dpi, engine, layout, lines.extra_rotation)
    best: Recognition | None = None
    if stark is not None:
        stark_words = without_noise_lines(stark.words)
        if proof(stark_words) > proof(words):
            best, words = replace(stark, words=stark_words), stark_words
        if stark.regions == lines.regions:  # one layout read twice: each region as it proves more
            lines_words = region_by_region(stark_words, lines_words, len(lines.regions))
    if proof(lines_words) > proof(words):
        best = replace(lines, words=lines_words)
    return best


def _turned(page: np.ndarray, turn: int) -> np.ndarray:
    """The page turned as read (itself when not turned)."""
    return np.ascontiguousarray(rotate_upright(page, turn)) if turn else page


def _darkest_ink(page: np.ndarray, turn: int) -> np.ndarray:
    """The page's darkest ink (``dark_ink_only``), turned as read."""
    return _turned(dark_ink_only(page), turn)


def _read_laid_out(image: np.ndarray, dpi: int, engine: Engine, layout: tuple[list[Box], float], turn: int,
                   noise_rows_again: bool = False) -> Recognition:
    words, regions = read_in_order(image, dpi, engine, layout, noise_rows_again=noise_rows_again)
    return Recognition(image, words, turn, regions)


def _region_of(regions: list[Region], kinds: tuple[str, ...]) -> Callable[[OcrWord], int | None]:
    """A word's region (its index in ``regions``, from its block) where that region is of one of
    ``kinds``, else None."""
    chosen = {index for index, region in enumerate(regions) if region.kind in kinds}
    return lambda word: word.block // REGION_BLOCKS if word.block // REGION_BLOCKS in chosen else None


def _signature_place(word: OcrWord, regions: list[Region], closing: Callable[[OcrWord], int | None]) -> int | None:
    """Where a signature block may stand, by the region holding the word: a closing region, or a
    body region's right half (a certificate or a civil status extract has no recipients: its block
    closes the body, and a seal beside it may be taken for a closing of its own)."""
    index = word.block // REGION_BLOCKS
    if closing(word) is not None or index >= len(regions) or regions[index].kind != "body":
        return closing(word)
    box = regions[index].box
    return index if word.left >= box.x + box.w / 2 else None


# A name's marks are what a page's reading gets wrong most surely: a signer's "Lục Kim Vỹ" read with its
# page "Vy" at 97 (alone, "Vỹ" at 71), "Đoàn Đình Lực" read "Lục" at 93 (alone, "Lực" at 97): seeds
# 119's and 115's photocopies, stored as sure. Vy and Vỹ, Lục and Lực are both names: no word list
# tells them apart. A name standing alone on its line where a signature block stands is read again
# alone (its line's band, NAME_LINE_MARGIN of its height around); a name's syllable that reading gives
# with other marks, as another name's syllable, is as sure as NAME_MARK_DOUBT at most, its text as read
# with the page: which the paper bears is for a clerk to say. On tuning seeds 119, 117 and 115's
# signers, the readings alone differed from the page's by marks on 19 names; as two names' syllables
# on the two above, each wrong, and on none read right ("Uyển" alone "Uyến", "Trinh" "Trỉnh": no
# names; "Kiêu", no name, alone "Kiều": extraction spells a surname so).
NAME_MARK_DOUBT = 50.0
NAME_LINE_MARGIN = 0.5
NAME_WORDS = (2, 4)  # a Vietnamese name's words: a surname, a given name, a middle name or two between


def with_names_doubted(
    page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord], in_signature: Callable[[OcrWord], int | None], factor: float = 1.0
) -> list[OcrWord]:
    """The words, a name's syllable whose marks its line read alone gives otherwise, as another
    name's syllable, as sure as ``NAME_MARK_DOUBT`` at most (see above). ``in_signature``: where a
    signature block may stand; ``page``: the image the words' boxes refer to; ``factor``: the
    enlargement the page was read at, each line's crop read as much enlarged."""
    names = name_syllables()
    lines = [(start, end) for start, end in line_runs(words)
             if in_signature(words[start]) is not None and _a_name(words[start:end], names)]  # fmt: skip
    if not lines:
        return words
    out = list(words)
    for start, end in lines:
        line = words[start:end]
        margin = round(NAME_LINE_MARGIN * max(w.height for w in line))
        x0, y0 = max(0, min(w.left for w in line) - margin), max(0, min(w.top for w in line) - margin)
        x1 = min(page.shape[1], max(w.left + w.width for w in line) + margin)
        y1 = min(page.shape[0], max(w.top + w.height for w in line) + margin)
        box = (x0, y0, x1 - x0, y1 - y0)
        if factor > 1:  # its crop enlarged as the page was
            crop = _crop(page, box, factor)
            alone = engine.recognize_regions(crop, round(dpi * factor), [((0, 0, crop.shape[1], crop.shape[0]), PSM_SINGLE_LINE)])[0]
        else:
            alone = engine.recognize_regions(page, dpi, [(box, PSM_SINGLE_LINE)])[0]
        found = [text for text in (_core(w) for w in alone) if text]
        if len(found) != len(line):
            continue
        for index, (word, again) in enumerate(zip(line, found, strict=True), start):
            read = _core(word)
            if again != read and fold(again) == fold(read) and again.lower() in names and read.lower() in names:
                out[index] = replace(word, confidence=min(word.confidence, NAME_MARK_DOUBT))
    return out


# A signer's name read as no name with the page, a streak across it ("TạM Ngoạn": tuning seed 129's
# photocopy 058), which its line read alone gives whole ("Tạ Mỹ Ngoạn"). The last line where a
# signature block stands of NAME_WORDS words or one fewer, each opening on a capital and not all
# capitals (a position), that reads as no name (each word a capital and small letters, a
# Vietnamese syllable, NAME_WORDS of them: ``_a_name_read``; the list of names lacks many given
# names, "Ngoạn" among them), is read alone as a number's line is (``_with_line_read_alone``); the
# first reading that is a name is taken.
def with_signers_name_read_alone(
    page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord], in_signature: Callable[[OcrWord], int | None], factor: float = 1.0
) -> list[OcrWord]:
    """The words with a name in a signature block read as no name read again alone (see above)."""
    candidates = [
        words[start:end] for start, end in line_runs(words)
        if in_signature(words[start]) is not None and NAME_WORDS[0] - 1 <= end - start <= NAME_WORDS[1]
        and all(w.text[:1].isupper() for w in words[start:end]) and not all(w.text.isupper() for w in words[start:end])
    ]  # fmt: skip
    return _with_line_read_alone(page, dpi, engine, words, candidates[-1], _a_name_read, factor) if candidates else words


def _a_name_read(text: str, whole: bool = True) -> bool:
    """``text`` reads as a name: NAME_WORDS words, each a capital and small letters and a syllable
    (its marks off); ``whole``: no other test for a name."""
    bare = [_without_marks(part) for part in text.split()]
    return NAME_WORDS[0] <= len(bare) <= NAME_WORDS[1] and all(
        b[:1].isupper() and b[1:].islower() and b.isalpha() and is_syllable(b) for b in bare)  # fmt: skip


def _a_name(line: list[OcrWord], names: frozenset[str]) -> bool:
    """Whether the line reads as a name alone: its words (``NAME_WORDS``) each a capital and small
    letters, all but the first (a surname) names' syllables."""
    bare = [_core(w) for w in line]
    return (NAME_WORDS[0] <= len(bare) <= NAME_WORDS[1] and all(b[:1].isupper() and b[1:].islower() and b.isalpha() for b in bare)
            and all(b.lower() in names for b in bare[1:]))  # fmt: skip


def with_figures_read_alone(page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord]) -> list[OcrWord]:
    """A table's figure read as a letter or a mark, read again alone. In a report's table a cell
    holding one digit stands far from its neighbours, and Tesseract reading the row as a line takes
    it for a letter ("250 245 ở", "885 880 Đ", "489 487 z"); read alone, as a word and as a
    character, it reads as the digit at 88-97 (independent seeds 9, 13 and 15's reports). A word
    is read again when it is one or two letters or marks read unsure (under ``FIGURE_SURE``),
    right of a number on its line that holds two numbers or more, and farther from it than
    ``FIGURE_GAP`` times the line's height (a cell apart, never a word of a sentence: "năm 2023
    ở …"). Its text is replaced only by a number read alone at ``FIGURE_SURE`` or more. ``page``:
    the image the words' boxes refer to, without its ruled lines."""
    numbers = Counter(w.line_key for w in words if _FIGURE.fullmatch(w.text))
    candidates = []
    for index in range(1, len(words)):
        before, word = words[index - 1], words[index]
        if before.line_key != word.line_key or not _FIGURE.fullmatch(before.text):
            continue
        if _FIGURE.fullmatch(word.text) or len(word.text) > 2 or word.confidence >= FIGURE_SURE:
            continue
        if word.left - (before.left + before.width) < FIGURE_GAP * max(word.height, before.height):
            continue
        if numbers[word.line_key] >= 2:
            candidates.append(index)
    if not candidates:
        return words
    boxes = _around(page, dpi, [words[index] for index in candidates])
    readings = [engine.recognize_regions(page, dpi, [(box, psm) for box in boxes]) for psm in (PSM_SINGLE_WORD, PSM_SINGLE_CHAR)]
    return _with_surest_figures(words, candidates, readings)


def with_lone_figures_read(page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord]) -> list[OcrWord]:
    """A figure Tesseract's Vietnamese model misread where its context says it is one, read again
    by the English model (``Engine.recognize_figures``, as a line and as a raw line):

    - a word with a digit standing alone on its line (``LONE_FIGURE_WORDS`` words at most) read
      under ``FIGURE_SURE``, such as a date's year or a citation's "2015;" wrapped to a line of
      their own ("U10;" at 17, the line then dropped as noise; "202.2" at 78; read alone by the
      English model, "2015;" at 90, "2023" at 97), is replaced by a number read at
      ``FIGURE_SURE`` or more;
    - a run of figures (four digits or more, with their stops and slashes) read under
      ``FIGURE_SURE``, such as an identity number or a year ("0402055298653," at 62: a digit read
      twice on a rotated scan; "2032" at 57 on a photocopy), is replaced by a run the English model
      read at ``FIGURE_RUN_SURE`` or more and ``FIGURE_RUN_GAIN`` surer ("040205529863," at 96,
      "2022" at 97; on seeds 43, 37, 59 and 61, 5 of the 23 such runs read wrong mended, none of
      the 735 read right changed);
    - a result's number typed into its symbol after "Số:" ("577/QĐ-UBND" at 0 on a clean print: its
      figures are "57"), read under ``FIGURE_SURE``, takes the figures of a reading of the same
      symbol (the English model has no Đ) at ``FIGURE_RUN_SURE`` or more and ``FIGURE_RUN_GAIN``
      surer ("57/QD-UBND" at 89), the symbol as the Vietnamese model read it;
    - a word where a date's day, month or year stands that is no number fitting there
      (``ocr.language.date_figure_places``: "tháng (15" in a phone photo, read at 94; "thủng
      TT", "tháng 01T" on photocopies' streaks) is replaced by a number that fits, read at
      ``DATE_FIGURE_SURE`` or more (that "05" read by the English model at 60-66, a speck taken
      for a full stop), its punctuation after it as the word had it; one its crop does not mend,
      by its whole line read alone (``_date_figures_read_in_their_line``);
    - a date's day or month that fits but read under ``DATE_FIGURE_DOUBT`` (an italic "18" read
      "16" at 78-90 on a print, the English model's "18" at 97) is replaced by a number that fits,
      read ``DATE_FIGURE_GAIN`` surer and at ``DATE_FIGURE_DOUBT`` at least;
    - a date's day or month that fits read under ``DATE_FIGURE_AGREE`` is replaced by another that
      fits where the English model reads it alike as a line and as a raw line, at ``FIGURE_SURE``
      or more both ways, one of them surer than the Vietnamese model;
    - a date's year no paper of ours bears (before 1945 or after next year: "2032", "3022" on
      photocopies) is replaced by a year that it may, read at ``DATE_FIGURE_SURE`` or more.

    ``page``: the image the words' boxes refer to."""
    candidates: dict[int, tuple[str, int | None]] = {}  # index -> ("date", "doubt", "year", "alone" or "run"; a date's limit there)
    for start, end in line_runs(words):
        line = words[start:end]
        for index, limit in date_figure_places([w.text for w in line]):
            word = line[index]
            if not date_figure_fits(word.text, limit):
                candidates[start + index] = ("date", limit)
            elif limit is not None and word.confidence < DATE_FIGURE_DOUBT:
                candidates[start + index] = ("doubt", limit)
            elif limit is not None and word.confidence < DATE_FIGURE_AGREE:
                candidates[start + index] = ("agree", limit)
            elif limit is None and not _a_years_date(word.text):
                candidates[start + index] = ("year", limit)
        for index, word in enumerate(line, start):
            if word.confidence >= FIGURE_SURE:
                continue
            if index > start and words[index - 1].text.rstrip(":;.") in _NUMBER_LABEL_WORDS and _SYMBOL_NUMBER.fullmatch(word.text):
                candidates.setdefault(index, ("symbol", None))
            elif len(line) <= LONE_FIGURE_WORDS and len(word.text) <= FIGURE_MAX_LETTERS and any(ch.isdigit() for ch in word.text):
                candidates.setdefault(index, ("alone", None))
            elif _FIGURE_RUN.fullmatch(word.text):
                candidates.setdefault(index, ("run", None))
    if not candidates:
        return words
    order = sorted(candidates)
    readings = _read_as_figures(page, dpi, engine, _around(page, dpi, [words[index] for index in order]))
    out = list(words)
    for number, index in enumerate(order):
        (kind, limit), word = candidates[index], words[index]
        found = [reading[number][0] for reading in readings if len(reading[number]) == 1]
        if kind == "date":
            fitting = [w for w in found if w.confidence >= DATE_FIGURE_SURE and date_figure_fits(w.text, limit)]
        elif kind == "doubt":
            fitting = [w for w in found if w.confidence >= max(DATE_FIGURE_DOUBT, word.confidence + DATE_FIGURE_GAIN)
                       and date_figure_fits(w.text, limit) and _figures(w.text) != _figures(word.text)]  # fmt: skip
        elif kind == "agree":  # read alike both ways, surely, one of them surer than the Vietnamese model
            fitting = [w for w in found if w.confidence >= FIGURE_SURE and date_figure_fits(w.text, limit)
                       and _figures(w.text) != _figures(word.text)]  # fmt: skip
            if len(fitting) < len(readings) or len({_figures(w.text) for w in fitting}) != 1 or max(w.confidence for w in fitting) <= word.confidence:
                fitting = []
        elif kind == "year":
            fitting = [w for w in found if w.confidence >= DATE_FIGURE_SURE and date_figure_fits(w.text, limit) and _a_years_date(w.text)]
        elif kind == "run":  # other figures: a punctuation mark the English model reads alone proves nothing
            fitting = [w for w in found if w.confidence >= max(FIGURE_RUN_SURE, word.confidence + FIGURE_RUN_GAIN)
                       and _FIGURE_RUN.fullmatch(w.text) and _figures(w.text) != _figures(word.text)]  # fmt: skip
        elif kind == "symbol":  # its symbol read alike by both models (the English one has no Đ), its figures not
            typed = _SYMBOL_NUMBER.fullmatch(word.text)
            assert typed is not None
            fitting = [w for w in found if w.confidence >= max(FIGURE_RUN_SURE, word.confidence + FIGURE_RUN_GAIN)
                       and (read := _SYMBOL_NUMBER.fullmatch(w.text)) is not None
                       and fold(read.group(2)) == fold(typed.group(2)) and read.group(1) != typed.group(1)]  # fmt: skip
        else:
            fitting = [w for w in found if w.confidence >= FIGURE_SURE and _LONE_FIGURE.fullmatch(w.text)]
        if fitting:
            best = max(fitting, key=lambda w: w.confidence)
            # A date's or a run's punctuation after it as the word had it.
            if kind in ("date", "doubt", "agree", "year"):
                text = best.text.rstrip(".,;:") + word.text[len(word.text.rstrip(".,;:")) :]
            elif kind == "run":
                text = best.text.strip("(.,;:)") + word.text[len(word.text.rstrip(".,;:)")) :]
            elif kind == "symbol":  # the English model's figures, the Vietnamese model's symbol (its Đ)
                english, vietnamese = _SYMBOL_NUMBER.fullmatch(best.text), _SYMBOL_NUMBER.fullmatch(word.text)
                assert english is not None and vietnamese is not None  # both fit it (above)
                text = english.group(1) + vietnamese.group(2)
            else:
                text = best.text
            # A year no paper bears, read again, is a guess at what it bears: for a clerk to confirm.
            confidence = min(best.confidence, YEAR_GUESS_SURE) if kind == "year" else best.confidence
            out[index] = replace(word, text=text, confidence=confidence, alternatives=())
    unmended = [index for index in order if candidates[index][0] == "date" and out[index] is words[index]]
    return _date_figures_read_in_their_line(page, dpi, engine, out, {index: candidates[index][1] for index in unmended})


# A result's number and its day are written in by hand when it is issued: the clerk who registers
# it fills the blanks Decree 30 leaves ("Số:  /TTr-UBND", "ngày  tháng 01 năm 2025"), in pen, taller
# and thicker than the type and often above its line. Read with the line, Tesseract's Vietnamese
# model makes them marks or letters ("Số: 0) /TIr-UBND", "ngày0tháng", "6§0", "@39_"): samples/real
# had 19 of its 30 numbers and 21 of its days lost or wrong so. A blank is read again with its label
# by the English model, allowed only the label's letters and figures (``Engine.recognize_figures``),
# FILLED_IN_REACH line heights above and below the line: a number from a little left of "Số:" to
# short of the symbol's slash (SLASH_CLEAR: a stroke of the slash cut at the crop's edge leaves the
# line unread), a day from "ngày" to short of "tháng", then, read as nothing there, through "tháng"
# (a day run into it); read as nothing or no figure that fits there either way, alone, from just
# past its label (a day typed in above its line after the result was drafted, tb-565-2024 at 300
# dpi: "ngày 7Š" with the line, nothing with "ngày", "45" through "tháng", "15" alone; ct-16-2021's
# number: samples/real's numbers 22 -> 23 and days 18 -> 19 of 30, cv-507-2025's day at 200 dpi
# read "22" for 24 where it was none, under the review threshold). The figures after the label
# replace what the blank was read as, as sure as that reading and FILLED_IN_SURE at most: a clerk
# confirms what was written by hand. A blank read surely (``FIGURE_SURE``) as a number that fits
# there stays, as does one read again as nothing.
# Only in the page's top FILLED_IN_TOP (the header; the body's citations are typed).
FILLED_IN_REACH = 0.7
FILLED_IN_SURE = 60.0
FILLED_IN_TOP = 0.4
SLASH_CLEAR = 0.15
# A 1 written in with a long flag from its top reads as a 4 to the English model (samples/real:
# ct-01-2021's and ttr-01-2025's "01" read "04", ct-11-2024's "11" read "44"). A 4 has its crossbar:
# below its top third (FOUR_BAR_ROWS of its height), a row of ink across FOUR_BAR_MIN of its width
# or more (typed, all of it; written in, 0.86: ttr-24-2025's "24"); a 1's widest row there is its
# flag's slant, 0.44-0.62 of its width. A figure read as a 4 without one is a 1, where the tall
# pieces of ink of the figures' word (FIGURE_PIECE of the tallest: no dot or dash of the blank) are
# as many as its figures, in order.
FOUR_BAR_ROWS = (0.35, 0.9)
FOUR_BAR_MIN = 0.75
FIGURE_PIECE = 0.5
_NUMBER_LABEL = re.compile(rf"^S[{_LABEL_VOWELS}0-9]?[:;.]?")  # "Số:" opens its line in capital; "số 15/2020/TT-…" cites
_NUMBER_LABEL_WORDS = ("Số", "So", "Sô", "Só", "Sồ", "SỐ", "SO")
_SYMBOL_START = re.compile(r"[/⁄][A-Za-zĐđ]")
FILLED_NUMBER = ("So:0123456789 ", re.compile(r"[:;]\s*(\d{1,5})\s*$"))
FILLED_DAY = ("ngayN0123456789 ", re.compile(r"y\s*(\d{1,2})\s*$"))
FILLED_DAY_AND_MONTH = ("ngaythNg0123456789 ", re.compile(r"y\s*(\d{1,2})\s*t"))
FILLED_ALONE = ("0123456789 ", re.compile(r"^\s*(\d{1,5})\s*$"))


@dataclass(frozen=True, slots=True)
class _Blank:
    """A blank of a line: the words from its label's to its next label's (``first``, ``last``), the
    label's letters in the first (``label``) and the letters before the next label in the last
    (``head``), the largest figure it may hold (``limit``), and the ways to read it again, in turn:
    (box, letters allowed, the figures' pattern in the reading)."""

    first: int
    last: int
    label: int
    head: int
    limit: int
    ways: tuple[tuple[tuple[int, int, int, int], tuple[str, re.Pattern[str]]], ...] = ()


# A result's number or date read garbled with the page where a photocopier's streak or its darkest
# ink's threshold crossed it ("Số: 471771B-UBND", "Số: 1044;B3C-UB3ND", "Giá Rai, ngày 14 tháng 4
# năm 20"), which its line read alone gives whole ("Số: 4747/TB-UBND", "Số: 1044/BC-UBND", "… năm
# 2023": tuning seeds 123's photocopies 037 and 008, 119's photocopy 037). The number's line (its
# label and figures opening a line of HEADER_LINE_WORDS at most in the page's top HEADER_LINE_TOP,
# left half) and the date's (its words "ngày" or "tháng" and a figure), where the page's reading
# holds no number (figures, a slash, a type's or a result's symbol or an agency's parts) or no day
# that exists, are read alone at each of LINE_ALONE_SCALES, the first reading whole taken (the
# number's label and the number alone; a place, a comma and the day alone). A number or a day
# read on the page stands, however its line was read around it: read alone, a halo page's date
# line "Phong, Thạnh Đồng. ngày 22 tháng 5 năm 2023" came out "… năm 2033" at both scales (tuning
# seed 127's 037, tests/data/photocopy-dark-field-halos-toner-dots.jpg). Where no line opens as a
# number's, a header line in the left half holding the number's shape (figures, a mark, a symbol
# and an agency's part: ``_NUMBER_SHAPED``) is taken for it: the darkest ink's threshold broke a
# clean "Số: 285/QĐ-UBND" between two streaks into "õ: 285'Q1-UBND" (tuning seed 139's photocopy
# 044); read alone from the page it is whole. A page read from its darkest ink whose date line's
# year was cut short ("… năm 20", its broken "21" left out with the toner's specks beside it: tuning
# seed 141's photocopy 044) and which read alone from the page as cleaned gives nothing (its
# toner) has it read alone from that ink too, only to complete the year (``_with_year_completed``):
# read so, its line opened on a scrap ("Ỷ Phong Thạnh Đông, …"), which taken whole would have made
# the place. Tuning seeds' photocopies: 141 642 -> 640, 133 388 -> 386 characters wrong, 139, 137
# and 135 the same.
HEADER_LINE_WORDS = 10
HEADER_LINE_TOP = 0.4
LINE_ALONE_SCALES = (1.0, 1.5)
LINE_ALONE_BORDER_MM = 1.7  # white around the cut line (20 px at 300 dpi)
LINE_ALONE_REACH_HEIGHTS = 3  # the line cut this many of its heights wider each way: figures lost at its end
_NUMBER_LINE_OPENING = re.compile(r"^\W{0,3}[Ss$5][^\s\d]{0,2}\s*[:;.,]*\s*\d")
_NUMBER_SHAPED = re.compile(r"\d{1,5}\W{1,2}[A-ZĐ0-9]{1,6}-[A-ZĐ]{2,}")
_NUMBER_PARTS = r"(?P<figures>\d{1,5})/(?P<symbol>[A-ZĐ][A-Za-zĐ]*)(?P<parts>(?:-[A-ZĐ][A-Za-zĐ]*)*)"
_WHOLE_NUMBER = re.compile(rf"^\W{{0,3}}S[{_LABEL_VOWELS}]:?\s*{_NUMBER_PARTS}\.?$")
_NUMBER_HELD = re.compile(rf"{_NUMBER_PARTS}(?![\w/-])")
_DATE_LINE_WORDS = re.compile(r"\b(?:ng[a-z]y|th[a-z]ng)\b")
_DAY_PARTS = r"ngày (?P<day>\d{1,2}) tháng (?P<month>\d{1,2}) năm (?P<year>\d{4})"
_WHOLE_DATE = re.compile(rf"^[^\W\d_][^\d,]{{1,40}}, {_DAY_PARTS}\.?$")
_DATE_HELD = re.compile(rf"(?i:{_DAY_PARTS})\b")


def _a_header_line(line: list[OcrWord], height: int) -> bool:
    """``line`` may be a line of the header: HEADER_LINE_WORDS words at most, in the page's top
    HEADER_LINE_TOP (``height``: the page's)."""
    return len(line) <= HEADER_LINE_WORDS and line[0].top <= HEADER_LINE_TOP * height


def _a_number_line(line: list[OcrWord], width: int) -> bool:
    """``line`` (a header line) opens as a result's number line, in the page's left half."""
    return line[0].left < width / 2 and _NUMBER_LINE_OPENING.match(" ".join(w.text for w in line)) is not None


def _a_number_in(text: str, whole: bool = True) -> bool:
    """``text`` reads as a whole number line (``whole``: its label, figures, a slash, and a type's or
    a result's symbol or an agency's parts, nothing else), or holds such a number."""
    number = (_WHOLE_NUMBER.match if whole else _NUMBER_HELD.search)(text)
    return number is not None and (number.group("symbol") in KNOWN_SYMBOLS or bool(number.group("parts")))


def _a_date_in(text: str, whole: bool = True) -> bool:
    """``text`` reads as a whole date line (``whole``: a place, a comma and a day that exists,
    nothing else), or holds such a day."""
    match = (_WHOLE_DATE.match if whole else _DATE_HELD.search)(text)
    if match is None:
        return False
    day, month, year = (int(match.group(part)) for part in ("day", "month", "year"))
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 < year < 2100


def with_number_and_date_read_alone(
    page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord], factor: float = 1.0, ink: Callable[[], np.ndarray] | None = None
) -> list[OcrWord]:
    """The words with the result's number line and date line read again alone where that reads
    them whole (see above). ``page``: the image the words' boxes refer to; ``factor``: the
    enlargement its text was read at (a phone's small text); ``ink``: gives the page's darkest ink,
    where it was read from that: its lines alone complete a year ``page``'s do not."""
    lines = _by_line(words)
    height, width = page.shape[:2]
    number: tuple[int, int, int] | None = None
    shaped: tuple[int, int, int] | None = None  # the first line of a number's shape, where none opens as one
    date_line: tuple[int, int, int] | None = None
    for key, line in lines.items():
        if not _a_header_line(line, height):
            continue
        text = " ".join(w.text for w in line)
        if number is None and _a_number_line(line, width):
            number = key
        elif date_line is None and _DATE_LINE_WORDS.search(fold(text).lower()) and re.search(r"\d", text):
            date_line = key
        if shaped is None and line[0].left < width / 2 and _NUMBER_SHAPED.search(text):
            shaped = key
    number = number or shaped
    for chosen, whole, mend in ((number, _a_number_in, None), (date_line, _a_date_in, _with_year_completed)):
        if chosen is not None:
            words = _with_line_read_alone(page, dpi, engine, words, lines[chosen], whole, factor, mend, ink)
    return words


# A number's line a photocopy's darkest ink reads too faintly to keep: its label lost, its figures
# and symbol read at 12 ("1770/KKD"), the line dropped as noise and the result left without its
# number (seed 133's photocopy 058, a photocopier's grey field behind a normal-weight "Số:
# 1770/ĐKKD"). Where no number line was kept, a dropped line in the page's top HEADER_LINE_TOP, left
# half, holding figures, a slash and a capital, a mark between them or not ("4576/)KIể)",
# ``_NUMBER_DROPPED``), is read alone from that ink whole (its lines of text alone had lost the
# "Số:"), as it stands, then enlarged, then from the page as cleaned (``plain``); kept where a
# reading is a whole number line ("Số: 1770/ĐKKD"), or else where one is a number whose slash was
# lost before a known symbol ("Số:3678ĐKKD", which extraction reads as 3678/ĐKKD). The photocopied
# certificate 058 of tuning seeds 143, 141, 139 and 137 lost its number so, each of them: streaks
# beside its normal-weight line; 141's read "Số:3678ĐKKD" from the page as cleaned at 1.5.
_NUMBER_DROPPED = re.compile(r"\d{2,5}\s*/\W?\s*[A-ZĐÐ]")
_WHOLE_NUMBER_SLASH_LOST = re.compile(rf"^\W{{0,3}}S[{_LABEL_VOWELS}]\S?[:;.,]?\s*\d{{1,5}}\s*[.,'’:;]?\s*(?P<symbol>[A-ZĐÐ][A-Za-zĐÐ]{{1,5}})"
                                      r"(?P<parts>(?:-[A-ZĐ][A-Za-zĐ]*)*)\.?$")
DROPPED_NUMBER_INK_SCALES = (1.0, 1.5, 2.0)
DROPPED_NUMBER_PLAIN_SCALES = (1.0, 1.5)


def _a_number_its_slash_lost(text: str) -> bool:
    """``text`` is a number line whose slash was lost before a known symbol, nothing else."""
    number = _WHOLE_NUMBER_SLASH_LOST.match(text)
    return number is not None and number.group("symbol").replace("Ð", "Đ") in KNOWN_SYMBOLS


def with_dropped_number_line_read_alone(
    page: np.ndarray, dpi: int, engine: Engine, read: list[OcrWord], kept: list[OcrWord], plain: np.ndarray | None = None
) -> list[OcrWord]:
    """``kept`` (``read`` without its noise lines, ``without_noise_lines``) with a number's line
    dropped from ``read`` read alone on ``page`` (the darkest ink, turned as the words were read)
    or on ``plain`` (the page as cleaned, turned so), see above."""
    height, width = page.shape[:2]
    if any(_a_header_line(line, height) and _a_number_line(line, width) for line in _by_line(kept).values()):
        return kept
    held = {id(word) for word in kept}
    for key, line in _by_line([w for w in read if id(w) not in held]).items():
        if not _a_header_line(line, height) or line[0].left >= width / 2 or not _NUMBER_DROPPED.search(" ".join(w.text for w in line)):
            continue
        chosen: list[OcrWord] | None = None  # a whole number's reading, else the first whose slash was lost
        readings = [(page, scale) for scale in DROPPED_NUMBER_INK_SCALES]
        readings += [(plain, scale) for scale in DROPPED_NUMBER_PLAIN_SCALES] if plain is not None else []
        for image, scale in readings:
            found = _line_read_alone_at(image, dpi, engine, line, scale)
            text = " ".join(w.text for w in found)
            if _a_number_in(text):
                chosen = found
                break
            if chosen is None and _a_number_its_slash_lost(text):
                chosen = found
        if chosen is not None:
            restored = [w for w in read if id(w) in held or w.line_key == key]
            return _with_lines_replaced(restored, _by_line(restored), {key: chosen})
    return kept


# ... and where no reading alone is whole, a year the page's reading cut short ("… năm 20": its
# last figures lost where a photocopier's toner dots cross them) takes its four figures from a
# reading alone whose year begins with what the page read ("năm 2025..." beside a place read
# garbled: tuning seed 131's photocopy 008, its date lost). Only the year's word changes.
_CUT_YEAR = re.compile(r"\d{1,3}")
_YEAR_READ_ALONE = re.compile(r"(\d{4})\W*")


def _with_year_completed(line: list[OcrWord], readings: list[list[OcrWord]]) -> list[OcrWord] | None:
    """``line`` with its year cut short (``_CUT_YEAR`` after its "năm") read whole from the first of
    ``readings`` whose "năm" is followed by a year of four figures beginning with it, or None."""
    at = next((i for i in range(len(line) - 1) if fold(line[i].text) == "nam" and _CUT_YEAR.fullmatch(line[i + 1].text)), None)
    if at is None:
        return None
    cut = line[at + 1]
    for found in readings:
        for word, after in itertools.pairwise(found):
            year = _YEAR_READ_ALONE.fullmatch(after.text) if fold(word.text) == "nam" else None
            if year and year.group(1).startswith(cut.text) and 1900 < int(year.group(1)) < 2100:
                whole = replace(cut, text=year.group(1), width=max(cut.width, after.left + after.width - cut.left), alternatives=())
                return [*line[: at + 1], whole, *line[at + 2 :]]
    return None


def _with_line_read_alone(
    page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord], line: list[OcrWord],
    whole: Callable[..., bool], factor: float,
    mend: Callable[[list[OcrWord], list[list[OcrWord]]], list[OcrWord] | None] | None = None,
    ink: Callable[[], np.ndarray] | None = None,
) -> list[OcrWord]:  # fmt: skip
    """The words with ``line``, holding nothing ``whole`` as read, replaced by its first reading
    alone that is ``whole``; where none is, by ``line`` as ``mend`` mends it from those readings,
    and from ``ink``'s (it gives the page's darkest ink) where they give no mending."""
    if whole(" ".join(w.text for w in line), whole=False):
        return words
    readings = []
    for scale in LINE_ALONE_SCALES:
        found = _line_read_alone_at(page, dpi, engine, line, scale * factor)
        if whole(" ".join(w.text for w in found)):
            return _with_lines_replaced(words, _by_line(words), {line[0].line_key: found})
        readings.append(found)
    mended = mend(line, readings) if mend is not None else None
    if mended is None and mend is not None and ink is not None:
        darkest = ink()
        mended = mend(line, [_line_read_alone_at(darkest, dpi, engine, line, scale * factor) for scale in LINE_ALONE_SCALES])
    return words if mended is None else _with_lines_replaced(words, _by_line(words), {line[0].line_key: mended})


def _line_read_alone_at(page: np.ndarray, dpi: int, engine: Engine, line: list[OcrWord], scale: float) -> list[OcrWord]:
    """The line cut out with a margin (``LINE_ALONE_REACH_HEIGHTS`` of its height each way along it,
    a third above and below), enlarged ``scale`` times on white, read as one line; its words' boxes
    on ``page``, its stray marks left out (``without_stray_marks``)."""
    box = union([_box(w) for w in line])
    pad, reach = int(0.3 * box.h) + 4, LINE_ALONE_REACH_HEIGHTS * box.h
    x, y = max(0, box.x - reach), max(0, box.y - pad)
    right, bottom = min(page.shape[1], box.right + reach), min(page.shape[0], box.bottom + pad)
    cut = page[y:bottom, x:right]
    if scale != 1.0:
        cut = cv2.resize(cut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    border = round(LINE_ALONE_BORDER_MM * dpi * scale / 25.4)
    cut = cv2.copyMakeBorder(cut, border, border, border, border, cv2.BORDER_CONSTANT, value=255)
    read = engine.recognize(np.ascontiguousarray(cut), int(dpi * scale), psm=PSM_SINGLE_LINE, alternatives_for=hesitant)
    return [replace(w, left=x + round((w.left - border) / scale), top=y + round((w.top - border) / scale),
                    width=max(1, round(w.width / scale)), height=max(1, round(w.height / scale)))
            for w in without_stray_marks(read)]  # fmt: skip


def with_filled_in_figures_read(page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord], factor: float = 1.0) -> list[OcrWord]:
    """The words with a result's number and day written in by hand read again (see above);
    ``page``: the image their boxes refer to; ``factor``: the enlargement the page was read at
    (``enlargement``), each blank's crop read as much enlarged."""
    blanks = [blank for blank in (_number_blank(page, words), _day_blank(page, words)) if blank is not None]
    out = list(words)
    for blank in sorted(blanks, key=lambda b: -b.first):  # from the end: the indices before stay
        for box, (allowed, pattern) in blank.ways:
            crop = _crop(page, box, factor)
            found = engine.recognize_figures(crop, round(dpi * max(1.0, factor)), [(0, 0, crop.shape[1], crop.shape[0])],
                                             PSM_SINGLE_LINE, allowed=allowed)[0]  # fmt: skip
            match = pattern.search(" ".join(word.text for word in found))
            if match is None or not 1 <= int(match.group(1)) <= blank.limit:
                continue
            confidence = min([FILLED_IN_SURE, *(word.confidence for word in found if match.group(1) in word.text)])
            # The figures' own word ("04", not "So:04"): its tall pieces are theirs (FOUR_BAR_MIN).
            alone = next((word for word in found if word.text == match.group(1)), None)
            figures = match.group(1) if alone is None else _fours_without_a_bar(crop, alone, match.group(1))
            out[blank.first : blank.last + 1] = _filled_in(words[blank.first : blank.last + 1], blank, figures, confidence)
            break
        else:  # read again as nothing: its figures as read with the line, a 4 without a crossbar a 1
            for index in range(blank.first + 1, blank.last):
                word = out[index]
                read = re.fullmatch(r"(\W*)(\d{1,5})(\W*)", word.text)
                if read is None or "4" not in read.group(2):
                    continue
                x0, y0 = max(0, word.left - word.height), max(0, word.top - word.height)
                crop = page[y0 : word.top + 2 * word.height, x0 : word.left + word.width + word.height]
                figures = _fours_without_a_bar(crop, replace(word, left=word.left - x0, top=word.top - y0), read.group(2))
                if figures != read.group(2):
                    out[index] = replace(word, text=read.group(1) + figures + read.group(3), alternatives=())
    return out


def _fours_without_a_bar(crop: np.ndarray, word: OcrWord, figures: str) -> str:
    """``figures``, read as ``word`` in a blank's ``crop``, each 4 whose piece of ink has no crossbar
    read as a 1 (see FOUR_BAR_MIN); as read where its pieces cannot be told apart: the word's tall
    pieces (their middles within its box) more or fewer than its figures (a 4 run into the 6 after it)."""
    if "4" not in figures:
        return figures
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, labels, stats = pieces(ink)
    middles = stats[:, cv2.CC_STAT_LEFT] + stats[:, cv2.CC_STAT_WIDTH] // 2
    within = [i for i in range(1, count) if word.left <= middles[i] < word.left + word.width]
    if not within:
        return figures
    tallest = max(stats[i, cv2.CC_STAT_HEIGHT] for i in within)
    glyphs = sorted((i for i in within if stats[i, cv2.CC_STAT_HEIGHT] >= FIGURE_PIECE * tallest), key=lambda i: middles[i])
    if len(glyphs) != len(figures):
        return figures
    read = list(figures)
    for at, (figure, index) in enumerate(zip(figures, glyphs, strict=True)):
        if figure != "4":
            continue
        x, y, w, h = (int(v) for v in stats[index, :4])
        glyph = (labels[y : y + h, x : x + w] == index).astype(np.uint8)
        rows = glyph[round(FOUR_BAR_ROWS[0] * h) : round(FOUR_BAR_ROWS[1] * h)]
        if rows.size and _widest_run(rows) < FOUR_BAR_MIN * w:
            read[at] = "1"
    return "".join(read)


def _widest_run(rows: np.ndarray) -> int:
    """The longest run of ink (1) along any of ``rows``."""
    edges = np.diff(np.pad(rows, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    widest = 0
    for row in edges:
        starts, ends = np.flatnonzero(row == 1), np.flatnonzero(row == -1)
        if len(starts):
            widest = max(widest, int((ends - starts).max()))
    return widest


def _filled_in(span: list[OcrWord], blank: _Blank, figures: str, confidence: float) -> list[OcrWord]:
    """The span's words as three: its label, the figures written in, and the next label with what
    follows it in the span's last word, boxes shared out by letters where the words ran together;
    as two where the blank was read run into the symbol, the figures then before it."""
    first, last = span[0], span[-1]
    label_right, next_left = _at_letter(first, blank.label), _at_letter(last, blank.head)
    if len(span) == 2 and blank.label == len(first.text) and blank.head > 0:  # read run into the symbol: "Số: †4/UBND-KTTH"
        return [first, replace(last, text=figures + last.text[blank.head :], confidence=min(confidence, last.confidence), alternatives=())]
    return [
        replace(first, text=first.text[: blank.label], width=max(1, label_right - first.left), alternatives=()),
        replace(first, text=figures, left=label_right, width=max(1, next_left - label_right), confidence=confidence, alternatives=()),
        replace(last, text=last.text[blank.head :], left=next_left, width=max(1, last.left + last.width - next_left), alternatives=()),
    ]


def _at_letter(word: OcrWord, index: int) -> int:
    """Where the word's letter at ``index`` starts, its box shared out by letters."""
    return word.left + word.letters_width(index)


def _number_blank(page: np.ndarray, words: list[OcrWord]) -> _Blank | None:
    """The blank between a line's leading "Số:" and its symbol's slash, in the page's top, unless
    read surely as a number."""
    for start, end in line_runs(words):
        first = words[start].text
        label = _NUMBER_LABEL.match(first)
        if label is None or not _in_the_top(page, words[start]):
            continue
        if label.end() == len(first) and not first.rstrip(":;.").startswith(_NUMBER_LABEL_WORDS):
            continue  # "S" alone, or another word: no label
        if label.end() < len(first) and first[label.end() - 1] not in ":;." and first[label.end()].isalpha():
            continue  # a word that starts so ("Sở"), no label
        for last in range(start, end):
            slash = _SYMBOL_START.search(words[last].text, label.end() if last == start else 0)
            if slash is None:
                continue
            blank = _Blank(start, last, label.end(), slash.start(), 99999)
            if _read_surely(words, blank) or _typed_into_the_symbol(words[last].text[: slash.start()]):
                return None
            line = words[start : last + 1]
            clear = round(SLASH_CLEAR * max(w.height for w in line))
            right = _at_letter(words[last], slash.start()) - clear
            alone = _blank_box(page, line, _at_letter(words[start], label.end()) + clear, right, lead=0.0)
            return replace(blank, ways=((_blank_box(page, line, words[start].left, right), FILLED_NUMBER), (alone, FILLED_ALONE)))
        # No symbol on this line (a gazette's stamp read "S¬/“ +07:00" above the header): the next.
    return None


def _day_blank(page: np.ndarray, words: list[OcrWord]) -> _Blank | None:
    """The blank between "ngày" and "tháng" of the first date line in the page's top ("… ngày …
    tháng … năm …"), unless read surely as a day."""
    for start, end in line_runs(words):
        folded = [fold(w.text) for w in words[start:end]]
        day_at = next((i for i, f in enumerate(folded) if "ngay" in f[:6]), None)
        if day_at is None or not _in_the_top(page, words[start]) or not any("nam" in f for f in folded[day_at:]):
            continue
        label_end = folded[day_at].index("ngay") + 4
        month_at = next((i for i in range(day_at, len(folded)) if "thang" in folded[i][(label_end if i == day_at else 0) :]), None)
        if month_at is None:
            continue
        first, last = start + day_at, start + month_at
        head = folded[month_at].index("thang", label_end if first == last else 0)
        blank = _Blank(first, last, label_end, head, 31)
        if _read_surely(words, blank) or re.fullmatch(r"(0[1-9]|[12]\d|3[01])", _blank_text(words, blank)):
            return None
        line, month = words[first : last + 1], words[last]
        clear = round(SLASH_CLEAR * max(w.height for w in line))
        before = _blank_box(page, line, words[first].left, _at_letter(month, head) - clear)
        through = _blank_box(page, line, words[first].left, _at_letter(month, head + 5) + clear)
        alone = _blank_box(page, line, _at_letter(words[first], label_end) + clear, _at_letter(month, head) - clear, lead=0.0)
        return replace(blank, ways=((before, FILLED_DAY), (through, FILLED_DAY_AND_MONTH), (alone, FILLED_ALONE)))
    return None


def _blank_text(words: list[OcrWord], blank: _Blank) -> str:
    """What the blank was read as, marks around aside."""
    span = words[blank.first : blank.last + 1]
    if len(span) == 1:
        text = span[0].text[blank.label : blank.head]
    else:
        text = span[0].text[blank.label :] + " " + " ".join(w.text for w in span[1:-1]) + " " + span[-1].text[: blank.head]
    return text.strip(" _.,;:`'")


def _read_surely(words: list[OcrWord], blank: _Blank) -> bool:
    """Whether the blank was read as a number up to its limit, every word holding it at
    ``FIGURE_SURE`` or more."""
    figures = _blank_text(words, blank)
    span = words[blank.first : blank.last + 1]
    holding = [w for w in span if any(ch.isdigit() for ch in w.text)] or span
    return figures.isdigit() and 1 <= int(figures) <= blank.limit and min(w.confidence for w in holding) >= FIGURE_SURE


def _typed_into_the_symbol(before_the_slash: str) -> bool:
    """Whether figures run into the symbol's slash, nothing else with them ("2535/QĐ-UBND", a
    citation's "15/2020/TT-…"): typed with the result, not written into a blank left before the
    slash ("46 /TB-UBND")."""
    return re.fullmatch(r"\d[\d/.]*", before_the_slash) is not None


def _in_the_top(page: np.ndarray, word: OcrWord) -> bool:
    return word.top < FILLED_IN_TOP * page.shape[0]


def _blank_box(page: np.ndarray, line: list[OcrWord], left: int, right: int, lead: float = 0.2) -> tuple[int, int, int, int]:
    """The line's band from ``left`` to ``right``, ``lead`` of its height more to the left, and
    ``FILLED_IN_REACH`` of it above and below, inside the page."""
    height = max(w.height for w in line)
    top, bottom = min(w.top for w in line), max(w.top + w.height for w in line)
    x0, y0 = max(0, round(left - lead * height)), max(0, round(top - FILLED_IN_REACH * height))
    x1, y1 = min(page.shape[1], right), min(page.shape[0], round(bottom + FILLED_IN_REACH * height))
    return (x0, y0, max(1, x1 - x0), max(1, y1 - y0))


def _date_figures_read_in_their_line(
    page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord], limits: dict[int, int | None]
) -> list[OcrWord]:
    """The words with each date figure misread that its word's crop did not mend (``limits``: its
    index and the limit there) read again with its whole line, alone, by the Vietnamese model, then
    the English one: the figure after the same date word in the first reading where it fits there,
    read at ``DATE_FIGURE_SURE`` or more, replaces it, its punctuation after it as the word had it.
    An italic date line's word boxes lie askew of their glyphs: "ngày 27" read in its block as
    "ngày 37" at 79, its crop holding the "7" and the "th" after it (read "af" by the English
    model); the line alone reads "27" (tuning seed 81's print 057). An italic 8 read "§" by both
    models alone and by the Vietnamese one in its line is an 8 to the English one there (seed 83's
    100 dpi 020)."""
    if not limits:
        return words
    by_line: dict[tuple[int, ...], list[int]] = {}
    for index in limits:
        by_line.setdefault(words[index].line_key, []).append(index)
    pad = round(dpi / 25.4)  # a millimetre of paper around the line's glyphs, as ``_around``
    boxes = {key: union([_box(w) for w in words if w.line_key == key]).padded(pad, page.shape[1], page.shape[0]) for key in by_line}
    ways: tuple[Callable[[list[tuple[int, int, int, int]]], list[list[OcrWord]]], ...] = (
        lambda lines: engine.recognize_regions(page, dpi, [(line, PSM_SINGLE_LINE) for line in lines]),
        lambda lines: engine.recognize_figures(page, dpi, lines, PSM_SINGLE_LINE),
    )
    out = list(words)
    for read in ways:  # the English model only for the lines the Vietnamese one left as they were
        keys = [key for key in by_line if any(out[index] is words[index] for index in by_line[key])]
        if not keys:
            break
        readings = read([(b.x, b.y, b.w, b.h) for b in (boxes[key] for key in keys)])
        for key, found in zip(keys, readings, strict=True):
            for index in by_line[key]:
                at = date_figure_in([w.text for w in found], limits[index])
                if out[index] is words[index] and at is not None and found[at].confidence >= DATE_FIGURE_SURE:
                    word = words[index]
                    text = found[at].text.rstrip(".,;:") + word.text[len(word.text.rstrip(".,;:")) :]
                    out[index] = replace(word, text=text, confidence=found[at].confidence, alternatives=())
    return out


def _a_years_date(text: str) -> bool:
    """Whether a date's year (four figures, its punctuation after it aside) is one a paper of ours
    may bear: from 1945 to next year ("2032", "3022", "2049" on photocopies are misread)."""
    return FIRST_YEAR <= int(text.rstrip(".,;:")) <= date.today().year + 1


def _figures(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _around(page: np.ndarray, dpi: int, words: list[OcrWord]) -> list[tuple[int, int, int, int]]:
    """Each word's box with a millimetre of paper around its glyphs, inside ``page``."""
    height, width = page.shape[:2]
    pad = round(dpi / 25.4)
    boxes = []
    for word in words:
        x, y = max(0, word.left - pad), max(0, word.top - pad)
        boxes.append((x, y, min(width, word.left + word.width + pad) - x, min(height, word.top + word.height + pad) - y))
    return boxes


def _with_surest_figures(words: list[OcrWord], candidates: list[int], readings: list[list[list[OcrWord]]]) -> list[OcrWord]:
    """The words with each candidate (an index into ``words``) replaced by the surest of its
    readings (one per way it was read, in the candidates' order) that is one number read at
    ``FIGURE_SURE`` or more; a candidate no reading gives such a number stays as read."""
    out = list(words)
    for number, index in enumerate(candidates):
        figures = [found[0] for found in (reading[number] for reading in readings)
                   if len(found) == 1 and _FIGURE.fullmatch(found[0].text) and found[0].confidence >= FIGURE_SURE]  # fmt: skip
        if figures:
            best = max(figures, key=lambda w: w.confidence)
            out[index] = replace(words[index], text=best.text, confidence=best.confidence, alternatives=())
    return out


def with_tables_figures(
    page: np.ndarray, dpi: int, engine: Engine, words: list[OcrWord], tables: tuple[Box, ...], factor: float = 1.0
) -> list[OcrWord]:
    """A ruled table's figures read again by the English model (``Engine.recognize_figures``): each
    word of ``FIGURE_MAX_LETTERS`` or fewer in a table that holds a digit, or was read under
    ``FIGURE_SURE``, or is neither a syllable nor a number, is read again alone, as a line and as a
    raw line, and the surer number read at ``FIGURE_SURE`` or more replaces it. Tesseract's
    Vietnamese model reads a cell's figures in some serif faces as letters or other figures ("82"
    as "ö32", "2" as "“", "13" as "lổi", and sure of it, "527" as "927"); the English model reads
    them as printed, though as a line it misjudges the size of a line of figures alone now and then
    ("575" read "oto"; as a raw line, Tesseract's line finding left out, "575"). A table's headings
    and labels stay as read (no number is read there). Measured on the reports of independent
    seeds 1001 and 1003 (72 pages, rotated): 204 words wrong → 96 read as lines (with the quarters
    counted, 85), → 62 as lines and raw lines; seeds 43, 37 and 33: 8, 8 and 3 words fewer read as
    lines, 3, 0 and 1 fewer again as both, one page worse by a word (read again only where unsure,
    8 more wrong). ``page``: the image the words' boxes refer to, without its ruled lines;
    ``factor``: the enlargement it was read at (``enlargement``), each word's crop read as much
    enlarged (at its own size, a phone photo's "56" read "6")."""
    if not tables:
        return words
    candidates = []
    for index, word in enumerate(words):
        if not _in_a_table(word, tables):
            continue
        if len(word.text) > FIGURE_MAX_LETTERS:
            continue
        if word.confidence >= FIGURE_SURE and _kind(word) and not any(ch.isdigit() for ch in word.text):
            continue
        candidates.append(index)
    if not candidates:
        return words
    readings = _read_as_figures(page, dpi, engine, _around(page, dpi, [words[index] for index in candidates]), factor)
    return _with_surest_figures(words, candidates, readings)


def _crop(page: np.ndarray, box: tuple[int, int, int, int], factor: float = 1.0) -> np.ndarray:
    """The box's pixels of ``page``, enlarged ``factor`` times (cubic) when it is over 1."""
    x, y, w, h = box
    crop = np.ascontiguousarray(page[y : y + h, x : x + w])
    return cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC) if factor > 1 else crop


def _read_as_figures(
    page: np.ndarray, dpi: int, engine: Engine, boxes: list[tuple[int, int, int, int]], factor: float = 1.0
) -> list[list[list[OcrWord]]]:
    """Each box read by the English model (``Engine.recognize_figures``) as a line, then as a raw
    line: one reading per way, each a list per box. ``factor``: each box's crop enlarged as much
    first (once for both ways)."""
    if factor <= 1:
        return [engine.recognize_figures(page, dpi, boxes, psm) for psm in (PSM_SINGLE_LINE, PSM_RAW_LINE)]
    crops = [_crop(page, box, factor) for box in boxes]
    return [[found for crop in crops
             for found in engine.recognize_figures(crop, int(dpi * factor), [(0, 0, crop.shape[1], crop.shape[0])], psm)]
            for psm in (PSM_SINGLE_LINE, PSM_RAW_LINE)]  # fmt: skip


# A report's quarter ("quý I" to "quý IV": a one-stop shop reports its dossiers quarter by
# quarter): Tesseract reads a serif face's "III" as "HII", "TII", "HI" or "II", and "IV" as "TV"
# (15 of 48 quarters on the reports of tuning seeds 43, 37 and 33, 10 of 150 on seeds 1001 and
# 1003's; 2 left, on a photocopy: 23 words fewer wrong on those pages, none more). The numeral is
# counted in the image instead: its strokes across the middle of its height, and for three,
# whether they are two near its foot (a V's arms meet there).
QUARTER_LETTERS = frozenset("IHTLVEFlïíìÍÌ1|!")  # what a quarter's numeral is read as
# A phone photo's V (its letters 12-22 px high) blurs its arms into one stroke at mid-height: a
# numeral read "IV" is never counted "II" (tuning seeds 143's and 145's phone 040: "quý IV" read at
# 95, counted "II", the report's subject wrong but sure). Other readings are counted whatever their
# size: at 14 px Tesseract read 145's 100 dpi "quý III" as "II", and counting mended it.
QUARTER_NUMERALS = {1: "I", 2: "II", 3: "III"}


def with_quarters_counted(page: np.ndarray, words: list[OcrWord]) -> list[OcrWord]:
    """The words with each quarter's numeral (the word after "quý", read in ``QUARTER_LETTERS``,
    four letters or fewer, a stop or comma after it kept) spelled as its strokes count in ``page``
    (the image the boxes refer to): one, two or three strokes across the middle of the letters'
    height are I, II, III, and three that are two at their foot IV; any other count leaves the
    word as read, and so does a count of "II" for a word read "IV" (a V's arms blurred into one)."""
    out = list(words)
    for index in range(1, len(words)):
        word = words[index]
        numeral = word.text.rstrip(".,;:")
        if words[index - 1].text.lower() != "quý" or not 0 < len(numeral) <= 4 or not set(numeral) <= QUARTER_LETTERS:
            continue
        counted = _numeral_counted(page, word)
        if counted is not None and counted != numeral and not (numeral == "IV" and counted == "II"):
            out[index] = replace(word, text=counted + word.text[len(numeral) :], alternatives=())
    return out


def _numeral_counted(page: np.ndarray, word: OcrWord) -> str | None:
    pad = max(2, word.height // 4)
    crop = page[max(0, word.top - pad) : word.top + word.height + pad, max(0, word.left - pad) : word.left + word.width + pad]
    if crop.size == 0:
        return None
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = np.flatnonzero(ink.any(axis=1))
    if len(rows) < 4:
        return None
    top, height = int(rows[0]), int(rows[-1] - rows[0] + 1)

    def strokes(share: float) -> int:
        row = ink[top + int(height * share)].astype(np.int8)
        return int(row[0]) + int(np.count_nonzero(np.diff(row) == 1))

    across = int(np.median([strokes(share) for share in (0.4, 0.5, 0.6)]))
    if across == 3 and min(strokes(0.8), strokes(0.85)) == 2:
        return "IV"
    return QUARTER_NUMERALS.get(across)


# The recipients' list (Decree 30/2020, Appendix I): "Nơi nhận:", then one line per recipient, each
# opened by a dash ("- Như trên;", "- Lưu: VT."). On phone photos and 100 dpi pages Tesseract drops
# the dash, small and apart from the word after it (27 lines on the non-photocopy pages of
# independent seeds 9 to 19; 20 put back). A dash is put back where the page holds one: a short
# level stroke left of the line's first word.
DASH_REACH = 3.0  # how far left of the first word a dash is looked for, in the word's heights
DASH_MIN_LENGTH = 0.15  # a dash's length, at least, in the word's height (blurred at 100 dpi: 4-5 px)
DASH_MAX_THICKNESS = 0.3  # its thickness, at most, in the word's height
DASH_INK = 0.35  # its ink darker than the paper by this share of the way to the word's darkest ink
DASH_BLURRED_PX = 2  # a dash this thick or less may be as long as thick (tuning seed 63's phone 012, p. 2)


def with_recipients_dashes(page: np.ndarray, words: list[OcrWord]) -> list[OcrWord]:
    """The words with a dash put back before each line of the recipients' list that was read without
    one, where ``page`` (the image the boxes refer to) holds a short level stroke of ink left of the
    line's first word, at the middle of its letters (``_dash_before``)."""
    start = next((i for i in range(len(words) - 1) if fold(words[i].text).startswith("noi")
                  and fold(words[i + 1].text).startswith("nhan") and words[i].line_key == words[i + 1].line_key), None)  # fmt: skip
    if start is None:
        return words
    region = words[start].block // REGION_BLOCKS
    out: list[OcrWord] = []
    for index, word in enumerate(words):
        opens_line = index > start + 1 and word.block // REGION_BLOCKS == region and words[index - 1].line_key != word.line_key
        if opens_line and word.text not in DASHES and not word.text.startswith("-"):
            dash = _dash_before(page, word)
            if dash is not None:
                out.append(dash)
        out.append(word)
    return out


def _dash_before(page: np.ndarray, word: OcrWord) -> OcrWord | None:
    """A dash read from ``page`` (grey) left of ``word``: ink there (darker than the paper by ``DASH_INK``
    of the way to the word's ink: a blurred dash is grey) in one short level stroke, longer than
    thick by half again, at the middle of the word's height (a full stop sits on the baseline)."""
    h = word.height
    x0, x1 = max(0, word.left - round(DASH_REACH * h)), max(0, word.left - 1)
    y0, y1 = word.top, word.top + h
    if x1 - x0 < h // 2 or y1 > page.shape[0]:
        return None
    paper, ink = percentile(page[y0:y1, x0 : word.left + word.width], 90), float(page[y0:y1, word.left : word.left + word.width].min())
    if paper - ink < 40:
        return None
    mask = (page[y0:y1, x0:x1] < paper - DASH_INK * (paper - ink)).astype(np.uint8)
    count, _, stats = pieces(mask)
    for label in range(1, count):
        x, y, w, hh = (int(v) for v in stats[label, :4])
        middle = y + hh / 2
        # Longer than thick by half again; at a 70 dpi photo's blur a dash is two pixels square.
        level = w >= 1.5 * hh or (hh <= DASH_BLURRED_PX and w >= hh)
        if (w >= DASH_MIN_LENGTH * h and hh <= DASH_MAX_THICKNESS * h and level
                and 0.3 * h <= middle <= 0.8 * h and x + w < x1 - x0):  # fmt: skip
            return OcrWord("-", x0 + x, y0 + y, w, hh, word.confidence, word.block, word.paragraph, word.line)
    return None


def enlargement(gray: np.ndarray, dpi: int, segmented: tuple[list[Box], float] | None = None) -> float:
    """How much to enlarge the page so its typical text line stands ~44 px high (1 when it does)."""
    segments, scale = segmented if segmented is not None else text_segments(gray, dpi)
    lines = [b.h for b in segments if b.w >= 4 * b.h]  # text lines are long; specks and noise are not
    if len(lines) < 5:
        return 1.0
    line = statistics.median(lines) / scale
    if line >= SMALL_LINE_PX:
        return 1.0
    factor = min(3.0, max(1.5, round(TARGET_LINE_PX / max(line, 1.0) * 2) / 2))
    # Never past an A4 page at 300 dpi: a page that large with lines this small is not a photo.
    return float(factor) if gray.size * factor * factor <= MAX_ENLARGED_PIXELS else 1.0


def _core(word: OcrWord) -> str:
    """The word's letters and digits, its marks off."""
    return _without_marks(word.text)


def _without_marks(text: str) -> str:
    return re.sub(r"[^\w]", "", text)


def _lone_letter(word: OcrWord) -> bool:
    """The word is one letter (its marks off): it proves nothing, a syllable or not."""
    core = _core(word)
    return len(core) == 1 and not core.isdigit()


def _kind(word: OcrWord) -> bool | None:
    """True for a Vietnamese syllable or a number, False for other letters, None for marks only."""
    core = _core(word)
    return (core.isdigit() or is_syllable(core)) if core else None


def _confidence_split(words: list[OcrWord], strict: bool = False) -> tuple[float, float]:
    """(confidence on words that are Vietnamese syllables or numbers, confidence on the other words).
    ``strict``: a lone letter proves nothing and marks alone are junk (see ``proof``)."""
    proved = junk = 0.0
    for word in words:
        kind = _kind(word)
        if kind and not (strict and _lone_letter(word)):
            proved += word.confidence
        elif kind is False or (strict and kind is None):
            junk += word.confidence
    return proved, junk


def lines_and_layout(stark: np.ndarray, dpi: int) -> tuple[np.ndarray, tuple[list[Box], float]]:
    """A page's darkest ink (``dark_ink_only``, upright) with only its lines of text
    (``text_lines_only``), and the segments of those lines (``text_segments``): the layout both
    copies are read in. A mottled margin's darkest specks stay in the darkest ink and stood there
    as a column of their own (seed 13's photocopy 044: the header's two columns were read as one
    block and its motto lost, and the margin read as words; 46 -> 14 words wrong)."""
    lines = text_lines_only(stark, dpi)
    return lines, text_segments(lines, dpi)


def region_by_region(first: list[OcrWord], second: list[OcrWord], regions: int) -> list[OcrWord]:
    """Two readings of one layout's ``regions`` (a page's darkest ink, and its lines of text only)
    taken region by region, each from the reading that proves more there (``proof``; the second on
    a tie): a streak of toner crossing the agency's column spoils one copy there, another the body
    of the other. On the photocopies of tuning seeds 37, 43 and 33, words wrong 503 → 500, 449 →
    444, 543 → 535 (line by line instead: 499, 444, 537)."""
    ones, others = _by_region(first), _by_region(second)
    chosen: list[OcrWord] = []
    for index in range(regions):
        one, other = ones.get(index, []), others.get(index, [])
        chosen += one if proof(one) > proof(other) else other
    return chosen


def _by_region(words: list[OcrWord]) -> dict[int, list[OcrWord]]:
    """The words grouped by the index of the layout region they were read in, in reading order."""
    regions: dict[int, list[OcrWord]] = {}
    for word in words:
        regions.setdefault(word.block // REGION_BLOCKS, []).append(word)
    return regions


def proof(words: list[OcrWord]) -> float:
    """What a reading proves less the junk it adds: two readings of a noisy page are compared on it.
    Toner read as text gives lone letters that are syllables ("ì", "ý", "a") and marks ("‡ + #"):
    here a lone letter proves nothing and marks alone are junk (seed 9's photocopy 044, page 2: its
    reading with the toner's streaks outscored the one without them, 70% of its characters wrong
    against 21%, on syllables of one letter)."""
    proved, junk = _confidence_split(words, strict=True)
    return proved - junk


def _worth_denoising(page_grain: float, words: list[OcrWord], unsure: bool) -> bool:
    if page_grain >= GRAINY or unsure:
        return True
    if _score(words) >= SURE_READING:
        return False
    proved, junk = _confidence_split(words)
    if proved + junk == 0:
        return False
    share = junk / (proved + junk)
    return share >= (JUNK_SHARE if page_grain >= SOMEWHAT_GRAINY else 2 * JUNK_SHARE)


def _shrunk(reading: Recognition, factor: float) -> tuple[list[OcrWord], list[Region]]:
    """The words and regions of a reading of the enlarged page, brought back to the page as given."""
    words = [
        replace(w, left=int(w.left / factor), top=int(w.top / factor), width=max(1, round(w.width / factor)),
                height=max(1, round(w.height / factor)))  # fmt: skip
        for w in reading.words
    ]
    return words, [Region(r.kind, r.box.scaled(1 / factor)) for r in reading.regions]


def _oriented(
    gray: np.ndarray,
    dpi: int,
    engine: Engine,
    turned: bool,
    segmented: tuple[list[Box], float] | None = None,
    sparse_again: bool = False,
    noise_rows_again: bool = False,
) -> Recognition:
    words, regions = read_in_order(gray, dpi, engine, segmented, sparse_again, noise_rows_again)
    best = Recognition(gray, words, 0, regions)
    best_score = _score(words)
    if best_score >= CONFIDENT_READING or not words:
        return best
    candidates: list[int] = []
    first_proves = proof(words) > 0
    # A reading that proves words, however unsure, is of an upright page: OSD is not asked (on seeds
    # 9 and 13 it proposed no turn for any of the 15 such pages, photocopies read under their toner,
    # and a turn for every page whose reading proved nothing but junk).
    if not first_proves:
        small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA) if dpi > 200 else gray
        proposed = engine.orientation(small, dpi // 2 if dpi > 200 else dpi)
        if proposed is not None and proposed.degrees != 0:
            candidates.append(proposed.degrees)
    # A reading that proves nothing (no more confidence on syllables and numbers than on the rest)
    # may be upside down: such readings give 11-25% of it to syllables on seed 9, a photocopy read
    # upright under its toner 72-90%, and is then not worth reading upside down.
    proved, junk = _confidence_split(words)
    if 180 not in candidates and (turned or (best_score < 60 and proved <= junk)):
        candidates.append(180)  # upside down, or a sideways page turned the wrong way round
    first_score = best_score
    # Cleaning turned the page, and neither it nor a turn tried proves words: the turn may be the
    # photocopier's streaks', run down an upright sheet; a quarter turn either way is tried last
    # (seed 27's photocopy 058 came out empty, seed 25's 044 page 2 half read: 133 and 89 words
    # wrong, 80 and 37 read a quarter turn back).
    quarters = [turn for turn in (90, 270) if turn not in candidates] if turned and not first_proves else []
    for turn in candidates + quarters:
        if turn in quarters and best.extra_rotation:
            break  # a turn above proved words: its reading stands
        turned_page = np.ascontiguousarray(rotate_upright(gray, turn))
        turned_words, turned_regions = read_in_order(turned_page, dpi, engine, sparse_again=sparse_again, noise_rows_again=noise_rows_again)
        score = _score(turned_words)
        # Clearly more confident, or words where the first reading proved none: a page under toner
        # reads at low confidence either way (the slice's 001, page 2: 14.5 turned by cleaning on
        # its streaks, 20.5 as it came, and only the latter read words).
        if score > best_score and (score >= first_score + TURN_MARGIN or (not first_proves and proof(turned_words) > 0)):
            best, best_score = Recognition(turned_page, turned_words, turn, turned_regions), score
    return best
