"""Page layout for reading order: header columns, body, closing columns.

Decree 30 pages put the agency block beside the national motto at the top, and the recipients
list beside the signer at the bottom. A full-page Tesseract pass reads those side by side, line
by line, mixing both. Here we find text segments on a ~150 dpi copy, group them into rows, and
split the top and bottom zones at a vertical whitespace channel; each region is then recognised
on its own, in reading order: header left, header right, body, closing left, closing right.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.clean import TONER_SPECKS, ink_mask, labelled, specks_per_square_inch
from ocr.components import pieces
from ocr.levels import percentile

ANALYSIS_DPI = 150
COLUMN_GAP_MM = 3.2  # narrowest channel between columns that must cross every row of the zone; measured 3.9 mm between a long agency name and the motto
# Between smeared segments (every gap under WORD_JOIN_MM already closed), a channel this narrow is
# enough once two rows or more have text on both sides of it: a wide agency name beside the motto
# leaves 2.7 mm (Chromium, DejaVu Serif 12.5 pt), and chance gaps in justified text never line up.
TIGHT_COLUMN_GAP_MM = 1.0
# Segments are smeared: a header's italic date line may begin a fraction of a millimetre left of
# where the agency's longest line ends, in segments, with paper between them in the ink
# (independent seed 1005's rotated report 016, DejaVu Serif 13 pt: 0.3 mm; "Số:" and the date were
# read across the page as one line). Columns overlapping this little are apart if the ink says so:
# 1.4 mm under a 13 pt bold agency's longest line (tuning seed 137's rotated certificate 042, "Số:
# 83/ĐKKD" and "Phong Thạnh Đông, ngày 09 tháng" read as one line, with 1 mm allowed).
SMEAR_OVERLAP_MM = 2.0
# A header's columns each hold an agency's name or the motto, as wide as this at least (the
# narrowest on samples/real's headers, 38.9 mm; "BỘ Y TẾ" at 13 pt is ~20 mm, with its "Số:" line
# under it ~30 mm): a photocopier's grey field down the page's edge, its grain smeared into a few
# "lines" of 13-18 mm beside the text, is no column of it (tuning seed 109's photocopy 008: its
# channel was taken between the grain and the text, the header, then the title and the body's
# first lines with it, read as one column, the agency into the motto line by line).
HEADER_COLUMN_MIN_MM = 25.0
# ... and no line of it wider than this (the motto in one line at 14 pt, ~105 mm; the widest header
# line on samples/real and the tuning seeds, 101 mm): a paragraph of the body, 130-165 mm, is no
# header's column (the slice's photocopy 001, page 2, a decision's last page: with the grain down
# its left side taken for a column, its first paragraph stood as the other).
HEADER_COLUMN_MAX_MM = 120.0
WORD_JOIN_MM = 2.5  # horizontal smear that joins the words of a line (spaces are ~1.2 mm), not two columns
HEADER_LIMIT = 0.45  # the header zone lies within the top 45% of the page
# The closing zone starts below 30% of the text's height (from the first line to the last): on a
# continuation page the text may end a quarter of the way down, the recipients and signer with it.
CLOSING_LIMIT = 0.30
# Rows this far below the text (the gap above them; a signature leaves ~25 mm) are not of it.
FAR_BELOW_MM = 60.0
FAR_BELOW_ROWS = 3
# How far past the header's channel a row may reach: a first row running across it is cut at a
# word gap this near it (a long agency name set against the motto), and a row on one side only
# stays in the header reaching this far into the other column (the trích yếu's second line).
BRIDGE_REACH_MM = 8.0
# A row under a header's columns, running across their channel, is cut there when each part stands
# centred on its column within this (``_cut_at_the_channel``; tuning seed 135's 032 and 054: 0.4 and
# 0.8 mm off).
CENTRED_CUT_MM = 2.0
WORD_GAP_MM = 0.6  # narrowest gap between words (spaces are ~1.2 mm; letters stand 0.1-0.3 mm apart)
BLURRED_WORD_GAP_MM = 0.4  # ... on a blurred photo (seed 37's phone 005, ~70 dpi: "QUẢNG CỘNG" 0.5 mm apart)
STROKE_MIN_MM = 7.0  # taller than a line of 14 pt text with its marks (~6 mm)
# A photographed sheet's edge may come out as dashes: pieces at most this wide (a letter pair
# joined is wider), their centres this near one another's down the side.
EDGE_DASH_MM = 3.5
EDGE_ALIGN_MM = 4.0
# A stroke longer than 15 mm is a seal or a signature's loop, unless it is a line of text whose
# letters ran together (ink spread, a blurred photo): as high as a line (LINE_MIN_MM to LINE_MAX_MM),
# with at least LINE_INK_MM of ink down each column, at most LINE_RUN_MAX_MM long. Measured on seed
# 9: such lines 1.4-2.7 mm of ink per column, underlines and a photographed sheet's edge 0.3-0.75 mm;
# the sheet's edge along a whole side 170 mm long.
LINE_MIN_MM = 1.2
LINE_MAX_MM = 6.0
# ... though letters run together in a bold title's capitals may stand higher with their marks, blurred
# ("NHẬN ĐĂ" of seed 43's phone 026 flattened: 6.1 mm; dropped as a stroke, the title was read in two).
RUN_TOGETHER_MAX_MM = 7.0
LINE_INK_MM = 0.9
LINE_RUN_MAX_MM = 60.0
# A line of text (``_text_line``) is at least 10 mm long and this high: 10 mm of text hold a
# capital or a mark (12 pt capitals stand 3 mm); a photographed sheet's edge stands 1-1.5 mm.
TEXT_LINE_MIN_MM = 2.0
# A line found again in ink dropped with a grain field (``text_segments``) is at least this long:
# the grain left after opening makes blobs of 10-17 mm (seed 9's photocopy 001), lines run longer.
RECOVERED_LINE_MIN_MM = 20.0
# ... and a piece found so as high as two lines, that no row of little ink cuts, is one line still
# when it is this many times as long as it is high: a streak's blot welded above a line's letters
# (tuning seed 115's photocopy 044, page 2: its first line, 41 px high against 24, was read nowhere);
# a seal or a signature's loops are no longer than a few times their height.
LINE_SHAPE = 6
BESIDE_LINES_MM = 5.0  # a column's text reaches no farther beside its lines of text
FAINT_SHARE = 0.6  # a mark whose darkest ink is lighter than this share of the way to the paper is grain
FAINT_MIN_MARKS = 100  # ... on a page with this many such marks (mottled pages 534-596; others 0-11)
# Whatever the page holds of it, a segment with nothing dark enough in its box (``FAINT_SHARE``) and
# no piece as tall as GRAIN_PIECE_MAX_MM is grain (``_without_grain``): a photocopier's grey
# field over one corner of a page of text (seed 127's photocopy 058: 60 such segments in its top left
# margin, their darkest ink 165-206 against the text's 18-20, their pieces 3-8 px at 150 dpi, made a
# column of their own, and the header's two columns were read as one). Not on a page speckled with
# toner (``ocr.clean.TONER_SPECKS``): its pale marks lie among dark ones, and the layout is found
# through them (the slice's photocopy 001, page 2: 20 pale segments at its toner field's fading
# edge left out opened a channel there, and the body's first lines were left out of every region).
GRAIN_PIECE_MAX_MM = 1.6
# ... nor ink as dark as text for this share of its own: a grey field's dots, a few of them darker
# than the rest, smeared into segments beside a page's lines (tuning seed 131's photocopy 037: dark
# in 1-7 of their 20-60 pixels of ink, made "lines of text" in the left margin, and the header's
# two columns were read as one, line by line); a line of text is dark in most of its ink.
GRAIN_DARK_SHARE = 0.5
# A line of text's segment is at least this share of the lines' typical height in ``_text_extent``.
EXTENT_LINE_SHARE = 0.6
MARK_MAX_MM = 1.5  # a segment lower than this is a mark or a speck, never a line
BLOT_MAX_MM = 2.5  # ... and short pieces lower than this, a row of their own, are specks or blots (12 pt digits stand 3 mm)
PIECE_SHARE = 0.6  # a segment lower than this share of its row's lines is no word of theirs (a signature's piece)
# Two lines of a header set close (a bold agency's tone marks reaching the line above) smear into
# one piece: one this many times as high as the page's lines of text (up to TWO_LINES_MAX), with
# another piece within its box (the motto level with the agency, under a first line running across
# the page), is cut at its row of least ink, when that row holds at most TWO_LINES_VALLEY of the
# piece's typical row of ink (seed 25's print 043: 21 words read out of order, 0 after).
TWO_LINES_MIN = 1.6
TWO_LINES_MAX = 2.6
TWO_LINES_VALLEY = 0.15
# Specks in the margins left out of the layout, at most, and the lines of text a page must show
# for its margins to be known: more specks are a grainy page's, and a page of fewer lines is one
# whose text is hidden (a coarse grey field's six rows, one "speck" of its text in them: without it
# the page was read as three scraps, CER 93%, and not read again from its darkest ink).
MARGIN_SPECKS = 2
MARGIN_MIN_LINES = 8
REGION_PAD_MM = 2.0  # margin around each region read, so no glyph touching its edge is cut


@dataclass(frozen=True, slots=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def centre_x(self) -> float:
        return self.x + self.w / 2

    def scaled(self, factor: float) -> Box:
        return Box(int(self.x * factor), int(self.y * factor), int(np.ceil(self.w * factor)), int(np.ceil(self.h * factor)))

    def overlaps(self, other: Box) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom

    def padded(self, pad: int, width: int, height: int) -> Box:
        x, y = max(0, self.x - pad), max(0, self.y - pad)
        return Box(x, y, min(width, self.right + pad) - x, min(height, self.bottom + pad) - y)


def union(boxes: list[Box]) -> Box:
    x, y = min(b.x for b in boxes), min(b.y for b in boxes)
    return Box(x, y, max(b.right for b in boxes) - x, max(b.bottom for b in boxes) - y)


@dataclass(frozen=True, slots=True)
class Region:
    kind: str  # header_left | header_right | body | closing_left | closing_right | page
    box: Box  # in page pixels


def _mm(mm: float) -> int:
    return max(1, round(mm / 25.4 * ANALYSIS_DPI))


def _interpolation(scale: float) -> int:
    return cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR


def text_segments(gray: np.ndarray, dpi: int) -> tuple[list[Box], float]:
    """Line segments (words joined, columns not) on the analysis copy, and its scale to the page.
    The copy is at ``ANALYSIS_DPI`` whatever the page's resolution (a coarser page is enlarged), so
    every measure below is in millimetres."""
    scale = ANALYSIS_DPI / max(dpi, 1)
    small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=_interpolation(scale))
    dark = _dark_enough(small)  # once: the specks' grain and the grey field's segments both read it
    mask = _without_specks(ink_mask(small), dark)
    # Rules (underlines, table lines) would bridge columns: drop long thin horizontals first.
    rules = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (_mm(25), 1)))
    mask = cv2.subtract(mask, rules)
    # Seals and signature loops are single strokes far bigger than any glyph: drop them before the
    # smear, or they weld the signer's lines into one blob. Not a line whose letters ran together.
    count, labels, stats = pieces(mask)
    wide, high = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    line = ((high >= _mm(LINE_MIN_MM)) & (high <= _mm(RUN_TOGETHER_MAX_MM)) & (wide <= _mm(LINE_RUN_MAX_MM))
            & (stats[1:, cv2.CC_STAT_AREA] >= wide * _mm(LINE_INK_MM)))  # fmt: skip
    big = np.nonzero((np.maximum(wide, high) > _mm(15)) & ~line)[0] + 1
    if len(big):
        mask[labelled(labels, count, big)] = 0
    segments, dropped = _smeared_segments(mask)
    if dropped.any():
        # Lines of text welded by a grain field to the sheet's edge or to one another (a
        # photocopier's toner over a page's corner: seed 13's photocopy 044, page 2, lost its
        # body), or set so close that their marks touch (a Word document's column of single-spaced
        # lines, agency, number and subject, taller than a seal): the ink of what was dropped, its
        # single-pixel grain opened away, segmented again, a piece of lines still touching cut
        # into them (``_lines_apart``); what comes out as long lines of text is kept
        # (``RECOVERED_LINE_MIN_MM``).
        grainless = cv2.morphologyEx(np.where(dropped, mask, 0).astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
        line_height = _text_line_height(segments)
        # A line cut from a column set close holds the marks of the lines either side of it: as
        # high as a line and less than two (``_lines_apart`` cuts no further), it is one.
        highest = max(_mm(LINE_MAX_MM), TWO_LINES_MIN * line_height)
        segments += [b for b in _smeared_segments(grainless, line_height)[0]
                     if b.w >= _mm(RECOVERED_LINE_MIN_MM) and _mm(TEXT_LINE_MIN_MM) <= b.h
                     and (b.h < highest or (b.h < TWO_LINES_MAX * line_height and b.w >= LINE_SHAPE * b.h))]  # fmt: skip
    segments = _without_stray_marks(_without_margin_strokes(segments))
    if specks_per_square_inch(gray, dpi) < TONER_SPECKS:  # a toner's pale marks stay with its dark ones
        segments = _without_grain(segments, mask, dark)
    return segments, scale


def _smeared_segments(mask: np.ndarray, stacked_line_height: float = 0.0) -> tuple[list[Box], np.ndarray]:
    """The line segments of an ink mask (words joined along the line, tone marks and circumflexes
    to the letters under them), and where the smeared pieces dropped as no line lie: touching the
    page's edge (a scanner's edge, the desk around a photographed page) or taller than 25 mm
    (seals, photos, a signature's big loops). Two lines smeared into one piece around another are
    cut apart (``_two_lines``); with ``stacked_line_height``, the height of the page's lines of
    text, so is every piece two lines high or more (``_lines_apart``), however tall: a column of
    lines set close is no seal."""
    smear = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (_mm(WORD_JOIN_MM), _mm(0.5))))
    _count, labels, stats = pieces(smear)
    height, width = mask.shape
    min_side = _mm(1.0)
    x, y, w, h, area = (stats[:, i].astype(np.int64) for i in range(5))
    sizeable = (h >= min_side) & (w >= min_side) & (area >= min_side * min_side)  # no specks
    sizeable[0] = False  # the background
    # Touching the page's edge, or taller than 25 mm: dropped, no line. Again (the page's line height
    # given), a piece that tall is cut into its lines: a Word document's column of five single-spaced
    # lines is (samples/real's cv-507-2025 at 200 dpi: its subject, 28 mm high, was read nowhere).
    too_tall = h > _mm(25) if not stacked_line_height else np.zeros_like(h, dtype=bool)
    dropped = sizeable & ((x == 0) | (y == 0) | (x + w >= width) | (y + h >= height) | too_tall)
    smeared = [(int(index), Box(int(x[index]), int(y[index]), int(w[index]), int(h[index])))
               for index in np.flatnonzero(sizeable & ~dropped)]  # fmt: skip
    segments: list[Box] = []
    if stacked_line_height:  # the page's own line height given: every piece as high as two cut
        for index, box in smeared:
            segments += _lines_apart(labels, mask, index, box, stacked_line_height)
        return segments, dropped[labels]
    line_height = _text_line_height([box for _, box in smeared])
    edges = _edges([box for _, box in smeared])
    for at, (index, box) in enumerate(smeared):
        tall = line_height and TWO_LINES_MIN * line_height <= box.h <= TWO_LINES_MAX * line_height
        apart = _two_lines(labels, mask, index, box) if tall and _overlapping(edges, box, besides=at) else None
        segments += apart or [box]
    return segments, dropped[labels]


def _text_line_height(segments: list[Box]) -> float:
    """The median height of the segments that are lines of text (0 for fewer than five)."""
    lines = [b.h for b in segments if b.w >= 3 * b.h and _mm(TEXT_LINE_MIN_MM) <= b.h <= _mm(LINE_MAX_MM)]
    return statistics.median(lines) if len(lines) >= 5 else 0.0


def _lines_apart(labels: np.ndarray, mask: np.ndarray, index: int, box: Box, line_height: float) -> list[Box]:
    """A smeared piece as high as two lines of ``line_height`` or more cut into its lines, each
    part at its row of least ink (``_two_lines``) again while it is that high; as it is when no
    such row holds so little ink."""
    if box.h < TWO_LINES_MIN * line_height:
        return [box]
    parts = _two_lines(labels, mask, index, box)
    if parts is None:
        return [box]
    return [line for part in parts for line in _lines_apart(labels, mask, index, part, line_height)]


def _edges(boxes: list[Box]) -> np.ndarray:
    """The boxes' left, top, right and bottom edges, a row each: tested against a box all at once."""
    return np.array([(b.x, b.y, b.right, b.bottom) for b in boxes], dtype=np.int64).reshape(-1, 4)


def _overlapping(edges: np.ndarray, box: Box, besides: int) -> bool:
    """Whether a box of ``edges`` other than its row ``besides`` overlaps ``box`` (``Box.overlaps``)."""
    hits = (edges[:, 0] < box.right) & (box.x < edges[:, 2]) & (edges[:, 1] < box.bottom) & (box.y < edges[:, 3])
    hits[besides] = False
    return bool(hits.any())


def _two_lines(labels: np.ndarray, mask: np.ndarray, index: int, box: Box) -> list[Box] | None:
    """A smeared piece (``index`` of ``labels``) cut into its two lines at its row of least ink in
    its middle, each line's box as the smear draws it around its own ink; None when no row there is
    nearly empty (``TWO_LINES_VALLEY``)."""
    own = (labels[box.y : box.bottom, box.x : box.right] == index) & (mask[box.y : box.bottom, box.x : box.right] > 0)
    profile = own.sum(axis=1)
    low, high = int(0.3 * box.h), int(0.7 * box.h) + 1
    cut = low + int(np.argmin(profile[low:high]))
    inked = profile[profile > 0]
    if not len(inked) or profile[cut] > TWO_LINES_VALLEY * float(np.median(inked)):
        return None
    grow_x, grow_y = _mm(WORD_JOIN_MM) // 2, _mm(0.5) // 2
    lines = []
    for top, bottom in ((0, cut), (cut, box.h)):
        columns, rows = np.nonzero(own[top:bottom].any(axis=0))[0], np.nonzero(own[top:bottom].any(axis=1))[0]
        if not len(columns):
            return None
        x0, x1 = max(0, int(columns[0]) - grow_x), min(box.w, int(columns[-1]) + 1 + grow_x)
        y0, y1 = max(0, top + int(rows[0]) - grow_y), min(box.h, top + int(rows[-1]) + 1 + grow_y)
        lines.append(Box(box.x + x0, box.y + y0, x1 - x0, y1 - y0))
    return lines


def _without_margin_strokes(segments: list[Box]) -> list[Box]:
    """Segments less the edge of a photographed sheet lying wholly beside every line of text, whose
    pieces made a "column" of their own and split the header between the text and the edge: its
    strokes (taller than a line of text, narrower than tall), and its dashes where the edge came
    out broken (seed 9's phone page 019: 15 pieces 2-3 mm wide, 1-6 mm high, down the right side),
    narrow pieces three or more of which stand one under another (beside every ``_text_line``)."""
    extent = _text_extent(segments)
    if extent is None:
        return segments
    _, first, last = extent
    beside = [b for b in segments if b.x >= last or b.right <= first]
    dashes = [b for b in beside if b.w <= _mm(EDGE_DASH_MM)]
    edge = {b for b in beside if _stroke(b)} | {
        dash for dash in dashes
        if sum(1 for other in dashes if abs(other.centre_x - dash.centre_x) <= _mm(EDGE_ALIGN_MM)) >= 3
    }  # fmt: skip
    return [b for b in segments if b not in edge]


def _text_extent(boxes: list[Box]) -> tuple[int, int, int] | None:
    """(how many, left edge, right edge) of the lines of text (``_text_line``) among ``boxes``: what
    lies wholly beside them is in a margin; None when there is no line. A "line" lower than
    ``EXTENT_LINE_SHARE`` of the lines' typical height is none: a photographed sheet's top edge
    as high as a line's least (seed 33's phone 040: 2.2 mm against lines of 5 mm) reached past the
    right edge's pieces, which were kept, and made a "closing" of the body's table."""
    lines = [b for b in boxes if _text_line(b)]
    if not lines:
        return None
    typical = statistics.median(b.h for b in lines)
    lines = [b for b in lines if b.h >= EXTENT_LINE_SHARE * typical]
    return len(lines), min(b.x for b in lines), max(b.right for b in lines)


def _stroke(box: Box) -> bool:
    return box.h > _mm(STROKE_MIN_MM) and box.w < box.h


def _without_stray_marks(segments: list[Box]) -> list[Box]:
    """Segments less a mark (a segment shorter than a letter) with no letters beside it: a tone
    mark or a dot sits within a couple of millimetres of the line it belongs to; a speck of paper
    texture or toner far from any line would otherwise make rows and columns of its own."""
    mark_height, reach = _mm(MARK_MAX_MM), _mm(2.0)
    lines = _edges([b for b in segments if b.h >= mark_height])

    def beside_a_line(mark: Box) -> bool:
        return bool((
            (lines[:, 0] - reach <= mark.right) & (mark.x <= lines[:, 2] + reach)
            & (lines[:, 1] - reach <= mark.bottom) & (mark.y <= lines[:, 3] + reach)
        ).any())  # fmt: skip

    return [b for b in segments if b.h >= mark_height or beside_a_line(b)]


def _dark_enough(gray: np.ndarray) -> np.ndarray:
    """Where the page is as dark as text, as 0/1: nearer its darkest ink than its paper
    (``FAINT_SHARE`` of the way from ink to paper)."""
    sample = gray[::3, ::3]  # a ninth of the pixels: the same levels, a ninth of the sorting
    ink, paper = percentile(sample, 0.5), percentile(sample, 50)
    _, dark = cv2.threshold(gray, ink + FAINT_SHARE * (paper - ink), 1, cv2.THRESH_BINARY_INV)
    return dark


def _without_grain(segments: list[Box], mask: np.ndarray, dark: np.ndarray) -> list[Box]:
    """Segments less those of a grey field: none of their pieces as tall as ``GRAIN_PIECE_MAX_MM``
    (a letter's x-height is more) and less ink as dark as text in their box (``dark``, from
    ``_dark_enough``) than ``GRAIN_DARK_SHARE`` of their ink. A faint line of text has letters that
    tall; a mark is dark all through; grain around a rule welded to it and dropped with it stays
    (a mottled paper's agency underline, dark in ``dark``: the segment stands for the rule, the
    header's left column ends there). Not on a page speckled with toner (``text_segments``)."""
    tallest = _mm(GRAIN_PIECE_MAX_MM)
    kept = []
    for segment in segments:
        ink = mask[segment.y : segment.bottom, segment.x : segment.right]
        if np.count_nonzero(dark[segment.y : segment.bottom, segment.x : segment.right]) >= GRAIN_DARK_SHARE * np.count_nonzero(ink):
            kept.append(segment)
            continue
        if segment.h >= tallest:
            _count, _labels, stats = pieces(ink)
            if (stats[1:, cv2.CC_STAT_HEIGHT] >= tallest).any():
                kept.append(segment)
    return kept


def _without_specks(mask: np.ndarray, dark: np.ndarray | None = None) -> np.ndarray:
    """Drop isolated dots far smaller than a full stop (fax and scanner noise); given where the page
    is ``dark`` enough (``_dark_enough``), a mottled paper's grain too: marks none of whose ink is as dark as text (seed 17's ink
    004, page 2: 596 marks at their darkest 180 or lighter, against text at 60 or darker, made rows
    and rows of specks, and the page's layout was lost). Dark enough is nearer the page's darkest
    ink than its paper (``FAINT_SHARE`` of the way from ink to paper); a faded page's text is its
    darkest ink, and stays. Grain only on a page of ``FAINT_MIN_MARKS`` such marks or more, more of
    them than of marks of ink. One labelling of the mask for both."""
    count, labels, stats = pieces(mask)
    kept = stats[:, cv2.CC_STAT_AREA] > 4
    kept[0] = False
    if dark is not None:
        inked = np.zeros(count, dtype=bool)
        inked[labels[cv2.bitwise_and(mask, dark) > 0]] = True
        faint, dark_marks = int((kept & ~inked).sum()), int((kept & inked).sum())
        # A faint mark or two (a seal's edge, a phone photo's pale stroke) is no grain; nor are the
        # pale marks among a photocopier's toner, darker marks outnumbering them (the slice's
        # photocopy 001, page 2: 1,935 pale among 4,866 dark; mottled pages: 596 among 181).
        if faint >= FAINT_MIN_MARKS and faint > dark_marks:
            kept &= inked
    if kept[1:].all():
        return mask
    return kept[labels].astype(np.uint8)


def rows_of(segments: list[Box]) -> list[list[Box]]:
    """Segments grouped into rows by vertical overlap, top to bottom.

    A row of nothing but marks (accents floating above capitals) joins the row below it.
    """
    rows = _overlap_rows(segments)
    mark_height = _mm(MARK_MAX_MM)
    merged: list[list[Box]] = []
    pending: list[Box] = []
    for row in rows:
        if all(b.h < mark_height for b in row):
            pending += row
            continue
        merged.append(pending + row)
        pending = []
    if pending:
        merged.append(pending)
    return merged


def _overlap_rows(segments: list[Box]) -> list[list[Box]]:
    rows: list[list[Box]] = []
    for segment in sorted(segments, key=lambda b: b.y + b.h / 2):
        centre = segment.y + segment.h / 2
        if rows:
            last = union(rows[-1])
            if last.y <= centre <= last.bottom or segment.y <= last.y + last.h / 2 <= segment.bottom:
                rows[-1].append(segment)
                continue
        rows.append([segment])
    return rows


def column_split(rows: list[list[Box]], lines_on_both_sides: bool = False) -> int | None:
    """x of the widest whitespace channel crossing all these rows, if one is wide enough: 3.2 mm,
    or 1 mm when two rows or more hold text on both sides of it. ``lines_on_both_sides``: only a
    channel with a line of text on each side (a header's; see ``_channel``)."""
    boxes = [b for row in rows for b in row]
    if len(boxes) < 2:
        return None
    # A speck between a header's columns (an ink-bled paper's grain) blocks no channel.
    lines_and_words = [b for b in boxes if not _specks_only([b])] if lines_on_both_sides else boxes
    centre, width = _channel(lines_and_words or boxes, lines_on_both_sides)
    if centre is None:
        return None
    both_sides = sum(1 for row in rows if _either_side(row, centre))
    needed = TIGHT_COLUMN_GAP_MM if both_sides >= 2 else COLUMN_GAP_MM
    return centre if width >= _mm(needed) else None


def _channel(boxes: list[Box], lines_on_both_sides: bool = False) -> tuple[int | None, int]:
    """(centre, width) of the widest vertical gap between these boxes' horizontal extents; with
    ``lines_on_both_sides``, the widest with a line of text on each side: toner grain or a sheet's
    edge beside a header is no column of it (seed 9's photocopy 001: a channel between the grain
    down the left side and the header made the grain the header's left column, and the agency and
    the motto one column read line into line); and, with it, a header's columns only, each
    ``HEADER_COLUMN_MIN_MM`` wide at least, no line of them wider than ``HEADER_COLUMN_MAX_MM``.
    A closing's channel is found as before: there a seal's lettering makes the split that keeps a
    signature block without recipients out of the body (the slice's fax 002, whose signer is lost
    without it)."""
    left, right = min(b.x for b in boxes), max(b.right for b in boxes)
    covered = np.zeros(right - left + 1, dtype=bool)
    for b in boxes:
        covered[b.x - left : b.right - left] = True
    gaps, run_start = [], None
    for offset, filled in enumerate(covered):
        if not filled and run_start is None:
            run_start = offset
        elif filled and run_start is not None:
            gaps.append((offset - run_start, left + (run_start + offset) // 2))
            run_start = None
    if lines_on_both_sides and any(b.w > _mm(HEADER_COLUMN_MAX_MM) for b in boxes):
        return None, 0  # a body's paragraph among them: no header's columns
    lines = [b for b in boxes if _text_line(b)]
    for width, centre in sorted(gaps, key=lambda gap: -gap[0]):
        if not lines_on_both_sides or (
            any(b.right <= centre for b in lines) and any(b.x >= centre for b in lines) and _columns_wide_enough(boxes, centre)
        ):
            return centre, width
    return None, 0


def _columns_wide_enough(boxes: list[Box], centre: int) -> bool:
    """The boxes on each side of a channel at ``centre`` (none crosses it) span
    ``HEADER_COLUMN_MIN_MM`` or more: a header's columns."""
    sides = ([b for b in boxes if b.right <= centre], [b for b in boxes if b.x >= centre])
    return all(side and max(b.right for b in side) - min(b.x for b in side) >= _mm(HEADER_COLUMN_MIN_MM) for side in sides)


def _text_line(box: Box) -> bool:
    """At least 10 mm long and as high as a line of text with its marks (a sheet's edge, 1-1.5 mm
    high, is none)."""
    return box.w >= _mm(10) and box.h >= _mm(TEXT_LINE_MIN_MM)


def _centred(row: list[Box], centre: float, width: float) -> bool:
    """One segment centred on the page, specks beside it aside: a title, never one of two columns."""
    row = [b for b in row if not _specks_only([b])] or row
    return len(row) == 1 and abs(row[0].x + row[0].w / 2 - centre) < 0.06 * width


def _zone_from_top(
    rows: list[list[Box]], height: int, centre: float, width: float, gaps: Callable[[Box], list[tuple[int, int]]] | None = None
) -> tuple[int, int | None, int, list[list[Box]]]:
    """(number of top rows that form a two-column header, x of its channel, first row of its
    tail, the rows with those cut at the channel), or (0, None, 0, the rows).

    A centred row (the title) ends the zone even when a narrow channel could be found beside it.
    A row whose columns' smeared segments overlap those above by a little (``_columns_apart``) stays
    in it under one row channelled as under two (tuning seed 135's rotated 014: the agency's second
    line reaching 2 mm short of the motto's first, the header ended after its first row).
    Below two rows or more split by the channel, rows on one side of it only (the trích yếu's
    second line under the agency, where the motto's column has ended) stay in the zone though they
    reach up to ``BRIDGE_REACH_MM`` past the channel: the zone's tail, read as a region of its own
    after the rows above it on that side. Before, such a line ended the header and was read with
    the body, after the motto and the date. The tail may hold rows of both sides, one after the
    other (the agency's last line reaching past the channel, the date under the motto below it,
    then "Số:" under the agency: seed 9's fax 016 and folded 053, whose date and number were read
    with the body), while each side's rows stand clear of the other's (``_tails_apart``).
    ``gaps``: the runs of columns without ink across a box (``_columns_apart``); with them, a row
    under the channelled rows that runs across the channel is cut there (``_cut_at_the_channel``)
    and begins the tail: its parts are wider than their columns above, and read as a region each.
    """
    rows = list(rows)
    found, split, tail, cut_once = 0, None, 0, False  # one row at most is cut at the channel
    channelled: list[list[Box]] = []  # the rows the channel must cross
    for count in range(1, len(rows) + 1):
        row = rows[count - 1]
        # A row right under the channelled rows with a segment across their channel may be cut
        # there, though one line across the page stands centred as a title would.
        cut = None
        if tail == found >= 2 and split is not None and gaps is not None and not cut_once and any(b.x < split < b.right for b in row):
            cut = _cut_at_the_channel(channelled, row, rows[count] if count < len(rows) else None, split, gaps)
        if union(row).bottom > HEADER_LIMIT * height or (found and _centred(row, centre, width) and cut is None):
            break
        crossing = column_split([*channelled, row], lines_on_both_sides=True) if tail == found else None
        if crossing is not None:
            channelled.append(row)
            found, split, tail = count, crossing, count
        elif tail == found >= 1 and split is not None and _columns_apart([*channelled, row], split, gaps):
            channelled.append(row)
            found, tail = count, count
        elif found >= 2 and split is not None and (_one_sided(marks := _without_marks(row), split) or _sides_apart(marks, split)) and (
                _tails_apart(rows[tail:count], split)):  # fmt: skip
            found = count
        elif cut is not None:  # the zone's tail from here: each part read under its column, as wide as it
            rows[count - 1], cut_once = cut, True
            found = count
        elif found:
            break
        else:
            channelled.append(row)
    if tail < found < len(rows) and split is not None and _the_other_column_goes_on(rows[found], split):
        return tail, split, tail, rows  # the other column goes on below the tail (a wrapped date, then "Số:" beside it): no tail
    return found, split, tail, rows


def _without_marks(row: list[Box]) -> list[Box]:
    """The row without its marks (segments lower than ``MARK_MAX_MM``: what the motto's rule left
    beside a line of the other column), or the row where it is nothing else. A scrap of the rule,
    4 mm long under "Độc lập", level with the agency's last line, stood on the motto's side of the
    channel, the agency's line across it by 3 mm: the row was neither one-sided nor apart, the header
    ended above it and was read with the body (tuning seed 141's 100 dpi letter 041: "XÃ PHONG
    THẠNH ĐÔNG" read after the date, 169 of 708 characters wrong)."""
    return [b for b in row if b.h >= _mm(MARK_MAX_MM)] or row


def _the_other_column_goes_on(row: list[Box], split: int) -> bool:
    """The row under a header's tail stands in its columns (on one side of the channel, or apart
    across it) and not all on the tail's side: the header goes on beside the tail. A line across
    the channel (a title, though smeared into two segments) ends the header under its tail."""
    return not _same_side([row], split) and (_one_sided(row, split) or _sides_apart(row, split))


def _cut_at_the_channel(
    channelled: list[list[Box]], row: list[Box], below: list[Box] | None, split: int, gaps: Callable[[Box], list[tuple[int, int]]]
) -> list[Box] | None:
    """The row's segments cut at the channel of the header's rows above it, when the row is one
    line that runs across it: the left column's last line longer than those above it, set against
    the date line under the motto (a long "PHƯỜNG NGHĨA CHÁNH" beside "Nghĩa Chánh, ngày 18 tháng
    9 năm" at 14 pt on ink-bled paper, tuning seed 135's reports 032 and 054: 0.9 and 3 mm apart,
    joined into one segment or too near for a column's gap; the row was read across the page as
    one line, the number under the agency with the date's wrapped year, 81 and 72 characters
    wrong). The cut is a gap between words (``WORD_GAP_MM``) within ``BRIDGE_REACH_MM`` of the
    channel that leaves a line of text each side, each centred on its column within
    ``CENTRED_CUT_MM``, as Decree 30 centres the agency's lines and the date; and the row ``below``
    it (if any) stands on one side of the channel, or apart across it: a paragraph's line cut there
    would have the next line run across it too. Else None."""
    line = union(row)
    if line.h > TWO_LINES_MIN * statistics.median(_line_height(above) for above in channelled):
        return None  # not one line
    if below is not None and not (_one_sided(below, split) or _sides_apart(below, split)):
        return None
    left_column, right_column = map(union, _tail_sides(channelled, split))

    def off_centre(gap: tuple[int, int]) -> float:
        return max(_parts_off_centre(line, gap, left_column, right_column))

    near = _word_gaps(_by_the_channel(gaps(line), split))
    if not near or off_centre(gap := min(near, key=off_centre)) > _mm(CENTRED_CUT_MM):
        return None
    cut = sum(gap) // 2
    left = [Box(b.x, b.y, min(b.right, cut) - b.x, b.h) for b in row if b.x < cut]
    right = [Box(max(b.x, cut), b.y, b.right - max(b.x, cut), b.h) for b in row if b.right > cut]
    if not any(_text_line(b) for b in left) or not any(_text_line(b) for b in right):
        return None
    return left + right


def _by_the_channel(gaps: list[tuple[int, int]], split: int) -> list[tuple[int, int]]:
    """The gaps whose middles lie within ``BRIDGE_REACH_MM`` of the channel at ``split``."""
    return [gap for gap in gaps if abs(sum(gap) / 2 - split) <= _mm(BRIDGE_REACH_MM)]


def _word_gaps(gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The gaps as wide as a gap between words at least (``WORD_GAP_MM``)."""
    return [gap for gap in gaps if gap[1] - gap[0] >= _mm(WORD_GAP_MM)]


def _parts_off_centre(line: Box, gap: tuple[int, int], left: Box, right: Box) -> tuple[float, float]:
    """How far the parts of ``line`` either side of ``gap`` stand from the middles of the columns
    ``left`` and ``right`` (Decree 30 centres the agency's lines and the motto's)."""
    return abs((line.x + gap[0]) / 2 - (left.x + left.right) / 2), abs((gap[1] + line.right) / 2 - (right.x + right.right) / 2)


def _columns_apart(rows: list[list[Box]], split: int, gaps: Callable[[Box], list[tuple[int, int]]] | None = None) -> bool:
    """The last of these rows, below a header's columns, holds a line of text each side of their
    channel, apart by a column's gap (``COLUMN_GAP_MM``) around it, though the channel across the
    rows above narrows under ``TIGHT_COLUMN_GAP_MM``: a long date line under the motto reaching to
    within a fraction of a millimetre of the agency's longest line ("Số: 3695/UBND-VP" beside "Sông
    Công, ngày 13 tháng 12 năm 2024", seed 43's ink 025; the row was read across the page as one
    line, and the columns' order lost: 102 characters wrong). The columns' segments must still stand apart, each
    side's wholly before the other's (``find_regions`` cuts their margins between them), or overlap
    by ``SMEAR_OVERLAP_MM`` at most where ``gaps`` finds a run of paper across all the rows."""
    if not _sides_apart(rows[-1], split):
        return False
    boxes = [b for each in rows for b in each if _text_line(b)]  # a speck or a dash beside a line stands nowhere
    left_end, right_start = max(b.right for b in boxes if b.x + b.w / 2 < split), min(b.x for b in boxes if b.x + b.w / 2 >= split)
    if left_end <= right_start:
        return True
    if gaps is None or left_end - right_start > _mm(SMEAR_OVERLAP_MM):
        return False
    every, reach = union(boxes), _mm(BRIDGE_REACH_MM)  # the window holds ink each side of the overlap
    window = Box(right_start - reach, every.y, left_end - right_start + 2 * reach, every.h)
    return any(start < left_end and right_start < end for start, end in gaps(window))


def _tail_sides(rows: list[list[Box]], split: int) -> tuple[list[Box], list[Box]]:
    """The boxes of a header's tail rows, left's and right's of the channel (a row on one side, or
    its two sides apart: ``_sides_apart``)."""
    left = [b for row in rows for b in row if b.x + b.w / 2 < split]
    return left, [b for row in rows for b in row if b.x + b.w / 2 >= split]


def _sides_apart(row: list[Box], split: int) -> bool:
    """A header's row with a line of text each side of the channel, the two a column's gap apart
    (``COLUMN_GAP_MM``) within ``BRIDGE_REACH_MM`` of it (``_columns_apart`` asks it of the row
    under the channelled rows). Below those rows and their tail, though the channel no longer
    crosses the rows above and it, such a row is the header's tail: the left column's last line
    longer than those above it, reaching under the start of the motto ("PHƯỜNG NGHĨA CHÁNH" beside
    the date line, tuning seed 83's fax 038: the row was read across the page as one line, "Nghĩ"
    lost between them); each side is read after the rows above it on that side."""
    left = [b for b in row if b.x + b.w / 2 < split]
    right = [b for b in row if b.x + b.w / 2 >= split]
    if not any(_text_line(b) for b in left) or not any(_text_line(b) for b in right):
        return False
    gap_start, gap_end = max(b.right for b in left), min(b.x for b in right)
    reach = _mm(BRIDGE_REACH_MM)
    return gap_end - gap_start >= _mm(COLUMN_GAP_MM) and gap_start - reach <= split <= gap_end + reach


def _tails_apart(rows: list[list[Box]], split: int) -> bool:
    """The tail rows of each side, read as a region per side, leave the other side's clear."""
    left, right = _tail_sides(rows, split)
    return not (left and right and union(left).overlaps(union(right)))


def _same_side(rows: list[list[Box]], split: int) -> bool:
    return len({b.x + b.w / 2 < split for row in rows for b in row}) == 1


def _one_sided(row: list[Box], split: int) -> bool:
    """The row lies on one side of the channel, overreaching it by ``BRIDGE_REACH_MM`` at most."""
    reach = _mm(BRIDGE_REACH_MM)
    left = {b.x + b.w / 2 < split for b in row}
    if left == {True}:
        return max(b.right for b in row) <= split + reach
    return left == {False} and min(b.x for b in row) >= split - reach


def _zone_from_bottom(rows: list[list[Box]], first_allowed: int) -> tuple[int, int | None]:
    """(index of the first row of a two-column closing zone, x of its channel), or (len(rows),
    None) when there is none. Failing a channel between all the closing's segments, one between
    its lines of text and their short words (``_without_pieces``): a signature photographed at ~70
    dpi comes apart into pieces lying between the recipients and the signer's block (seed 43's
    phone 005: its closing was read with the body, line into line, "Nơi nhận: 1. CHỦ TỊCH"); the
    pieces are read with the column their middle lies in."""
    found, split = _closing_of(rows, rows, first_allowed)
    if found == len(rows):
        found, split = _closing_of(rows, [_without_pieces(row) for row in rows], first_allowed)
    return found, split


def _without_pieces(row: list[Box]) -> list[Box]:
    """The row's lines of text and the segments as high as they nearly (short words); none in a
    row without a line of text. What is left out is a signature's or a seal's pieces."""
    lines = [b for b in row if _text_line(b)]
    height = max((b.h for b in lines), default=0)
    return [b for b in row if _text_line(b) or (lines and b.h >= PIECE_SHARE * height)]


def _closing_of(rows: list[list[Box]], channelled: list[list[Box]], first_allowed: int) -> tuple[int, int | None]:
    """``_zone_from_bottom`` with the channel found between ``channelled``: for each of the rows,
    the segments of it that count (all of them, or its lines of text and their short words). A
    closing of the last row alone does not end the look upwards at the row above it: a piece of the
    signature's stroke beside the signer's name makes a channel there, the stroke's other piece
    above blocks one (samples/real's cv-507-2025, its seal taken off through the stroke: the
    recipients and the signer's block were read with the body, line into line). A closing found
    above stands when a row of it holds lines of text either side of its channel ("Nơi nhận:"
    beside the signer's authority); else the last row's (a photocopy's streaks make channels in a
    body: the committed slice's photocopy 001, page 2)."""
    text = union([b for row in rows for b in row])
    found, alone = len(rows), None
    for start in range(len(rows) - 1, first_allowed - 1, -1):
        if union(rows[start]).y < text.y + CLOSING_LIMIT * text.h:
            break
        if column_split(channelled[start:]) is not None:
            found = start
        elif found == len(rows) - 1 and alone is None:
            alone = found
        elif found < len(rows):
            break
    if found == len(rows):
        return found, None
    split = column_split(channelled[found:])
    assert split is not None
    if alone is not None and found < alone and not any(_either_side([b for b in row if _text_line(b)], split) for row in rows[found:]):
        found, split = alone, column_split(channelled[alone:])
        assert split is not None
    # The closing starts where both columns start ("Nơi nhận:" beside the signer's authority);
    # left-only rows above it are the end of the body.
    for start in range(found, len(rows)):
        if _either_side(channelled[start], split):
            return start, column_split(channelled[start:])
    return len(rows), None


def _either_side(boxes: list[Box], split: float) -> bool:
    """Whether boxes lie on each side of the channel at ``split`` (by their middles)."""
    return {b.x + b.w / 2 < split for b in boxes} == {True, False}


def _end_of_the_text(rows: list[list[Box]]) -> int:
    """The number of rows above a gap of ``FAR_BELOW_MM`` or more that only the last
    ``FAR_BELOW_ROWS`` rows lie under (all the rows when there is none): what lies that far below
    the text (a photographed sheet's bottom edge in pieces, seed 13's phone 012 page 2) is not of
    it, and neither stretches the text the closing is found in nor crosses its channel."""
    for start in range(len(rows) - 1, max(0, len(rows) - 1 - FAR_BELOW_ROWS), -1):
        if union(rows[start]).y - union(rows[start - 1]).bottom > _mm(FAR_BELOW_MM):
            return start
    return len(rows)


def _columns(rows: list[list[Box]], names: tuple[str, str], split: int, first_cut: int | None = None) -> list[tuple[str, Box]]:
    """The rows' two columns, either side of ``split``; ``first_cut``: the first row bridges the
    channel, and is cut there instead (see ``_bridged_first_row``)."""
    boxes = [b for row in (rows[1:] if first_cut is not None else rows) for b in row]
    left = _along_the_lines([b for b in boxes if b.x + b.w / 2 < split])
    right = _along_the_lines([b for b in boxes if b.x + b.w / 2 >= split])
    if first_cut is None:
        return [(name, union(side)) for name, side in zip(names, (left, right), strict=True) if side]
    # The first row's parts meet at the cut: each column's box stops where its padding (added by
    # find_regions) reaches the cut, unless the rows below reach further, so neither column's
    # reading takes a letter of the other's first word.
    pad = _mm(REGION_PAD_MM)
    left_end = max(first_cut - pad, max((b.right for b in left), default=0))
    right_start = min(first_cut + pad, min((b.x for b in right), default=first_cut + pad))
    for b in rows[0]:
        if b.x < first_cut:
            left.append(Box(b.x, b.y, min(b.right, left_end) - b.x, b.h))
        if b.right > first_cut:
            right.append(Box(max(b.x, right_start), b.y, b.right - max(b.x, right_start), b.h))
    return [(name, union(side)) for name, side in zip(names, (left, right), strict=True) if side]


def _along_the_lines(column: list[Box]) -> list[Box]:
    """A column's segments but those wholly beside its lines of text, farther than
    ``BESIDE_LINES_MM`` from all of them: toner grain down a photocopy's side (seed 9's 001) is
    not read with the agency under it."""
    lines = [b for b in column if _text_line(b)]
    if not lines:
        return column
    start, end = min(b.x for b in lines) - _mm(BESIDE_LINES_MM), max(b.right for b in lines) + _mm(BESIDE_LINES_MM)
    return [b for b in column if b.right > start and b.x < end]


def _bridged_first_row(rows: list[list[Box]], small_height: int, centre: float, width: float,
                       gaps: Callable[[Box], list[tuple[int, int]]]) -> tuple[int, int | None, int | None, int, list[list[Box]]]:
    """A header whose first row runs across its channel: a long agency name set almost against the
    motto ("UBND THÀNH PHỐ SÔNG CỘNG HÒA XÃ HỘI…", one segment once words are joined) hides the
    channel every row below shows. When the rows below form a header of two rows or more, the
    first row is cut at one of its word gaps (``WORD_GAP_MM`` or wider, within ``BRIDGE_REACH_MM``
    of their channel): the one that leaves each part best centred on its column, as Decree 30
    centres the agency and the motto. The rows below may end in a tail (``_zone_from_top``: a
    phone photo's "Số:" under the agency, below the date), and a row of them cut at their channel
    (``_cut_at_the_channel``). (rows in the header, x of the channel, x of the cut, first row of
    the tail, the rows with those below cut), or (0, None, None, 0, the rows)."""
    if len(rows) < 3:
        return 0, None, None, 0, rows
    below, split, tail, cut_below = _zone_from_top(rows[1:], small_height, centre, width, gaps)
    if tail < 2 or split is None:
        return 0, None, None, 0, rows
    # One line at least: the agency's first two lines may run together in a fax's blur, not the motto's.
    first_line = min((b.h for b in rows[0] if _text_line(b)), default=_line_height(rows[0]))
    if first_line > 1.5 * statistics.median(_line_height(row) for row in rows[1 : 1 + tail]):
        return 0, None, None, 0, rows  # not one line: ink or noise joining lines, not an agency beside the motto
    left, right = map(union, _tail_sides(cut_below[:tail], split))
    first = union(rows[0])

    def off_centre(gap: tuple[int, int]) -> float:
        return sum(_parts_off_centre(first, gap, left, right))

    reached = _by_the_channel(gaps(first), split)
    near = _word_gaps(reached)
    if not near:  # a blurred photo's word gaps close up: its widest gap there, if wider than letters stand apart
        near = [max(reached, key=lambda gap: gap[1] - gap[0])] if reached else []
        if not near or near[0][1] - near[0][0] < _mm(BLURRED_WORD_GAP_MM):
            return 0, None, None, 0, rows
    cut = min(near, key=off_centre)
    return 1 + below, split, sum(cut) // 2, 1 + tail, [rows[0], *cut_below]


def _line_height(row: list[Box]) -> int:
    """The row's height without its specks and floating marks (a grainy paper's specks beside a
    line made it one and a half lines high: seed 13's ink 025)."""
    return union(_without_marks(row)).h


def _zones(rows: list[list[Box]], small_height: int, gaps: Callable[[Box], list[tuple[int, int]]]) -> list[tuple[str, Box]]:
    """Header columns, body and closing columns of the rows below any leading marks. ``gaps``:
    the runs of columns without ink across a box (analysis pixels), for a first row that bridges
    the header's channel. What lies far below the text is read last, as a region of its own."""
    parts: list[tuple[str, Box]] = []
    end = _end_of_the_text(rows)
    rows, far_below = rows[:end], rows[end:]
    # Centred on the lines of text, not on what lies in the margins beside them (a speck there
    # moved the centre of seed 33's phone 040 by 4 mm, and its title was read as the motto's tail).
    boxes = [b for row in rows for b in row]
    every = union(boxes)
    _, left, right = _text_extent(boxes) or (0, every.x, every.right)
    centre, width = (left + right) / 2, right - left
    header_rows, split, tail, rows = _zone_from_top(rows, small_height, centre, width, gaps)
    first_cut = None
    if not header_rows:
        header_rows, split, first_cut, tail, rows = _bridged_first_row(rows, small_height, centre, width, gaps)
    closing_start, closing_split = _zone_from_bottom(rows, header_rows)
    if header_rows:
        assert split is not None
        columns = _columns(rows[:tail], ("header_left", "header_right"), split, first_cut)
        # Each side's tail is read after the rows above it on its side, as wide as they are at least.
        for kind, side in zip(("header_left", "header_right"), _tail_sides(rows[tail:header_rows], split), strict=True):
            if not side:
                continue
            below = union(side)
            above = next((index for index, (name, _) in enumerate(columns) if name == kind), None)
            if above is not None:  # a word the segments missed (a rule's neighbour) is still inside
                column = columns[above][1]
                x0, x1 = (min(below.x, column.x), below.right) if kind == "header_left" else (below.x, max(below.right, column.right))
                below = Box(x0, below.y, x1 - x0, below.h)
            columns.insert(len(columns) if above is None else above + 1, (kind, below))
        parts += columns
    body_rows = rows[header_rows:closing_start]
    if body_rows:
        parts.append(("body", union([b for row in body_rows for b in row])))
    if closing_start < len(rows):
        assert closing_split is not None
        parts += _columns(rows[closing_start:], ("closing_left", "closing_right"), closing_split)
    if far_below:
        parts.append(("body", union([b for row in far_below for b in row])))
    return parts


def find_regions(gray: np.ndarray, dpi: int, segmented: tuple[list[Box], float] | None = None) -> list[Region]:
    """Regions in reading order, boxes in page pixels; one 'page' region when no layout is found.
    ``segmented``: ``text_segments(gray, dpi)`` when the caller has it already (it is the costly part)."""
    height, width = gray.shape[:2]
    segments, scale = segmented if segmented is not None else text_segments(gray, dpi)
    if not segments:
        return [Region("page", Box(0, 0, width, height))]
    rows = rows_of(segments)
    small_height = int(height * scale)
    parts: list[tuple[str, Box]] = []
    # A page number (or other lone mark) above everything is its own region, not part of a column;
    # so is a row of specks lower than any line of text (a grainy paper's, seed 13's ink 025: taken
    # for the header's first row, it blocked the channel between the header's columns).
    leading = 0
    while leading < len(rows) and (_lone_marks(rows[leading]) or _edge_above(rows, leading)):
        leading += 1
    leading = max(leading, _toner_band_rows(rows, int(width * scale)))
    if leading:
        parts.append(("body", union([b for row in rows[:leading] for b in row])))
        rows = rows[leading:]
    # Specks out in the margin, beside every line of text (the paper's grain: seed 15's ink 025, one
    # below the signer, and 032, one level with the body's last line, each made a channel of the
    # whole margin, and the closing's columns were read as one) are no part of the layout: read
    # last, each margin's as a region of its own, so no ink goes unread.
    rows, margins = _without_margin_specks(rows)
    if rows:  # else nothing but lone marks (a page number alone): the region above holds them
        parts += _zones(rows, small_height, lambda box: _ink_gaps(gray, scale, box))
    parts += [("body", margin) for margin in margins]
    pad = _mm(REGION_PAD_MM)
    small_width = int(width * scale)
    regions = []
    for kind, box in _margins_between_columns(parts, pad, small_width, small_height):
        page_box = box.scaled(1 / scale)
        page_box = Box(page_box.x, page_box.y, min(page_box.w, width - page_box.x), min(page_box.h, height - page_box.y))
        regions.append(Region(kind, page_box))
    return regions


_BESIDE = {"header_left": "header_right", "closing_left": "closing_right"}


def _margins_between_columns(parts: list[tuple[str, Box]], pad: int, width: int, height: int) -> list[tuple[str, Box]]:
    """The parts padded by ``pad``, but a column's margin stops halfway to the column beside it
    when the two are closer than two margins: neither column's reading takes the other's letters
    (the segments are smeared along their lines, so halfway still leaves each more than a
    millimetre of paper round its ink). Columns whose smeared segments overlap by
    ``SMEAR_OVERLAP_MM`` at most (``_columns_apart``) are cut halfway across the overlap. A part
    and one of its kind under it (a column's tail) likewise stop their margins halfway between them."""
    padded = [box.padded(pad, width, height) for _, box in parts]
    for i, (kind, box) in enumerate(parts):
        for j, (other_kind, other) in enumerate(parts):
            if _BESIDE.get(kind) != other_kind or not (box.y < other.bottom and other.y < box.bottom):
                continue
            if box.right - other.x <= _mm(SMEAR_OVERLAP_MM) and box.x < other.x and padded[i].right > padded[j].x:
                cut = (box.right + other.x) // 2
                left, right = padded[i], padded[j]
                padded[i] = Box(left.x, left.y, cut - left.x, left.h)
                padded[j] = Box(cut, right.y, right.right - cut, right.h)
    for i, (kind, box) in enumerate(parts):
        for j, (other_kind, below) in enumerate(parts):
            if other_kind != kind or not (box.x < below.right and below.x < box.right and box.bottom <= below.y):
                continue
            # One part above the other, closer than two margins (a column's tail under its last
            # line): each margin stops halfway, so neither reading takes the edge of the other's
            # letters (seed 63's fax 059: the date's wrapped "2024" read with the accents cut off
            # the line above it as one line, at confidence 0, and dropped as noise).
            upper, lower = padded[i], padded[j]
            if upper.bottom > below.y or lower.y < box.bottom:
                cut = (box.bottom + below.y) // 2  # box.bottom <= cut <= below.y
                top = max(lower.y, cut)
                padded[i] = Box(upper.x, upper.y, upper.w, min(upper.bottom, cut) - upper.y)
                padded[j] = Box(lower.x, top, lower.w, lower.bottom - top)
    return [(kind, box) for (kind, _), box in zip(parts, padded, strict=True)]


# A photographed sheet's top edge, its shadow drawn as one long thin segment (independent seed 31's
# phone 033: 94 mm long, 2 mm high, 19 mm above the header), stood as the header's first row across
# both columns, and the header was read as one block, its columns' lines run together; so did an
# edge in five pieces 1.2-1.7 mm high, 17 mm above the header (seed 43's phone 005). A row of
# segments all lower than EDGE_ROW_MAX_MM, more than EDGE_ROW_GAP_MM above the next row, is no line
# of the header: read as a region of its own above it.
EDGE_ROW_MAX_MM = 2.5
EDGE_ROW_GAP_MM = 8.0
# ... or of pieces all shorter than this: a photocopier's streaks down the page, in pieces 12-14 mm
# long and 3 mm high where they cross the top margin, 17 mm above the motto (tuning seed 43's
# photocopy 001: taken for the header's first row, they made its channel, the motto was cut in two
# and the agency read with the body). A header's first line is longer ("BỘ Y TẾ" ~20 mm at 13 pt;
# "UBND" alone has its next line close under it); a page's number alone is read apart either way.
STREAK_PIECE_MAX_MM = 15.0
# A row may hold both: a sheet's edge beside a corner of its shadow 3 mm high and 3 mm wide (tuning
# seed 115's phone 033, another sheet lying under the one photographed: the header read as one block).


def _edge_above(rows: list[list[Box]], index: int) -> bool:
    """Row ``index`` is segments each thin (a sheet's edge, whole or in pieces) or short (a
    photocopier's streaks in pieces, a shadow's corner) standing far above the next row (``EDGE_ROW_MAX_MM``,
    ``STREAK_PIECE_MAX_MM``, ``EDGE_ROW_GAP_MM``)."""
    row = rows[index]
    below = rows[index + 1] if index + 1 < len(rows) else None
    thin_or_short = all(b.h < _mm(EDGE_ROW_MAX_MM) or b.w < _mm(STREAK_PIECE_MAX_MM) for b in row)
    return (thin_or_short and below is not None
            and min(b.y for b in below) - max(b.bottom for b in row) > _mm(EDGE_ROW_GAP_MM))  # fmt: skip


# A photocopier's band of toner along the sheet's top edge (tuning seed 141's photocopy 037: a smear
# 19 mm high across the page with specks above it) stood as the header's first rows: the header's
# columns, under it, were read as one body region, the agency into the motto line by line (113 of
# 884 characters wrong, every word read right). A top row (of the first TONER_BAND_ROWS) holding a
# segment TONER_BAND_MM high or more across TONER_BAND_WIDTH of the page and wider than any header's
# column (HEADER_COLUMN_MAX_MM), from within the sheet's top margin (TONER_BAND_TOP_MM; Decree
# 30/2020 leaves 20-25 mm), is no line of text: it and the rows above it are read first, as a
# region of their own. Lower down, such a segment is lines of text smeared together by a streak
# (seed 141's 044, page 2: 11 mm high, 26 mm from the top); narrower, a header column's line smeared
# with its specks (tests/data/photocopy-header-toner-specks.png, the motto 88 mm wide, 12 mm high).
TONER_BAND_MM = 10.0
TONER_BAND_WIDTH = 0.6
TONER_BAND_TOP_MM = 15.0
TONER_BAND_ROWS = 3


def _toner_band_rows(rows: list[list[Box]], page_width: int) -> int:
    """How many top rows a band of toner along the sheet's top ends (see above); 0 where none."""
    wide = max(TONER_BAND_WIDTH * page_width, _mm(HEADER_COLUMN_MAX_MM))
    for index, row in enumerate(rows[:TONER_BAND_ROWS]):
        if any(b.h >= _mm(TONER_BAND_MM) and b.w >= wide and b.y < _mm(TONER_BAND_TOP_MM) for b in row):
            return index + 1
    return 0


def _lone_marks(row: list[Box]) -> bool:
    """One short segment (a page number), or short pieces lower than any line of text (specks, a
    grainy paper's blots: one 5 mm long and 2 mm high smeared, above seed 37's ink 061, stood as its header's
    first row, and the header's columns were read as one)."""
    return (len(row) == 1 and row[0].w < _mm(15)) or all(b.w < _mm(15) and b.h < _mm(BLOT_MAX_MM) for b in row)


def _without_margin_specks(rows: list[list[Box]]) -> tuple[list[list[Box]], list[Box]]:
    """The rows without the specks (``_specks_only``) lying wholly left or right of every line of
    text, and the union of those specks in each margin, the left's then the right's; the rows as
    they are when there are more than ``MARGIN_SPECKS``."""
    extent = _text_extent([b for row in rows for b in row])
    if extent is None or extent[0] < MARGIN_MIN_LINES:
        return rows, []
    # Clear of the lines by more than the regions' padding: no letter is read in a margin's region.
    first, last = extent[1] - 2 * _mm(REGION_PAD_MM), extent[2] + 2 * _mm(REGION_PAD_MM)
    left = [b for row in rows for b in row if b.right < first and _specks_only([b])]
    right = [b for row in rows for b in row if b.x > last and _specks_only([b])]
    if not (left or right) or len(left) + len(right) > MARGIN_SPECKS:
        return rows, []
    out = {id(b) for b in left + right}
    kept = [[b for b in row if id(b) not in out] for row in rows]
    return [row for row in kept if row], [union(side) for side in (left, right) if side]


def _specks_only(row: list[Box]) -> bool:
    return all(b.w < _mm(15) and b.h < _mm(TEXT_LINE_MIN_MM) for b in row)


def _ink_gaps(gray: np.ndarray, scale: float, box: Box) -> list[tuple[int, int]]:
    """Runs of columns with no ink across ``box`` (analysis pixels), from the page itself: inside
    a segment, words are joined, so its gaps are read again from the ink."""
    pad = _mm(5.0)  # ink_mask's paper estimate needs room around the band
    top, bottom = max(0, int((box.y - pad) / scale)), int((box.bottom + pad) / scale)
    band = gray[top:bottom, int(box.x / scale) : int(np.ceil(box.right / scale))]
    if not band.size:
        return []
    small = band if scale == 1.0 else cv2.resize(band, None, fx=scale, fy=scale, interpolation=_interpolation(scale))
    mask = _without_specks(ink_mask(small))
    inner = mask[box.y - int(top * scale) : box.y - int(top * scale) + box.h]
    inked = np.flatnonzero(inner.any(axis=0))
    if len(inked) < 2:
        return []
    breaks = np.flatnonzero(np.diff(inked) > 1)
    return [(box.x + int(inked[i]) + 1, box.x + int(inked[i + 1])) for i in breaks]
