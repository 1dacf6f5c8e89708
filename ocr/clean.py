"""First cleaning pass before recognition: grayscale, blank check, sideways pages, deskew.

Everything returns a new array; the original image is never changed. No global binarization:
Tesseract's LSTM reads grayscale better than a thresholded page (see ENVIRONMENT.md).
Upside-down pages are settled in ``ocr.recognize``, where recognition confidence can check them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.components import ink_points, pieces
from ocr.levels import histogram, percentile, percentile_of
from ocr.seal import suppress_seals

MAX_SKEW_DEGREES = 15.0
# Text lines make row profiles far sharper than column profiles; a sideways page the reverse. A
# photocopier's streaks of toner down an upright page drew sharper column profiles than its lines
# of text (seed 13's photocopies 023, 030, 037, seed 9's 044 and the slice's 001 turned sideways,
# 2.5-17 times sharper; then read over and over by recognition to turn them back): a page found
# sideways is turned only when its darkest ink's letters agree. They stand side by side on one
# baseline along a line of text; a streak's dots lie anywhere across it (``_letters_in_line``).
# The letters' profiles, asked the same before, told too little: seed 37's photocopy 001, upright
# under streaks down the whole sheet, drew 4.1 times sharper columns (sideways pages from 5.3).
# Letters in line, down the columns against along the rows, on pages the profiles found sideways:
# upright photocopies of tuning seeds 9, 33 and 37 at most 0.65, sideways pages from 6.8.
SIDEWAYS_RATIO = 2.0
LETTERS_SIDEWAYS_RATIO = 2.0
LINE_LETTER_PX = 5  # a letter counted on its baseline is this high or more in the ink sample
# A letter in the ~1000 px wide ink sample (an A4 page at ~120 dpi): 3 to 30 px high, no more than
# three times as long as it is wide (a toner streak's dash is), and filling 15% of its box or more.
LETTER_PX = (3, 30)
LETTER_ASPECT = 3
LETTER_FILL = 0.15
# A page upside down: its letters' ink above each line's x-height (ascenders, capitals and the
# marks over Vietnamese vowels) against the ink below it (descenders, the dot below), in the letters
# of the ink sample (``_letters``: no seal, rule or speck) along the page's skew, on lines at least
# LINE_MIN_PX high. On independent seeds 9 and 13, the slice and the bundled scans: upside-down
# pages 0.18-0.67, more lines below than above on each (all 13); upright pages 0.90 and more,
# more lines above on each; photocopies from 0.18 (their toner in and between the lines: a page of
# toner, grainy or speckled, is left to recognition, which turns a page its reading proves wrong,
# ``ocr.recognize``; it had read each upside-down page once, junk, asked OSD, and read it again).
# A page of fewer than UPSIDE_DOWN_MIN_LINES lines is left too: the bundled two-page decision's
# last page, a signature block beside its recipients, drew 0.56. An earlier measure on all the
# sample's ink, not its letters', told nothing (upright pages 0.32-3.5).
UPSIDE_DOWN_RATIO = 0.75
UPSIDE_DOWN_MIN_LINES = 8
LINE_MIN_PX = 8
LINE_GAP_SHARE = 0.02  # rows of the profile under this share of its peak lie between lines
# A sheet found in a photograph is flattened only when it holds the page's text: measured 0.0% of
# the ink outside the sheet on every phone page of both corpora, 17% when a shadow split the sheet.
INK_OUTSIDE_SHEET = 0.02
# ... and when its lines come out level: a sheet's true corners undo the photo's perspective, and
# the lines then lie within 1 degree of level (phone pages of seeds 9, 13 and 15, the slice, the
# bundled photo: 22 pages); a corner taken from the background beside the sheet (a lighter band of
# table, the sheet's own shadow) shears them by 4-5 degrees (7 pages of those 29), and deskewing
# the sheared page left the sheet's edge across its header and its lines askew. Such a quad is
# refused when the lines lean by more than FLAT_MAX_TILT_DEGREES after it, and by a degree more
# than before.
FLAT_MAX_TILT_DEGREES = 2.0
SHEET_FIRMNESS = 0.33
# A sheet's side is moved onto a straight edge of the image (``_along_the_sheets_edges``) found by
# Hough with SHEET_EDGE_VOTES of the copy's shorter side in votes (the SHEET_EDGE_LINES strongest),
# turned SHEET_EDGE_TURN_DEGREES at most from the side and within SHEET_EDGE_REACH of the shorter
# side from its middle, when more of it brightens towards the sheet by SHEET_EDGE_STEP or more, and
# SHEET_EDGE_HELD of it at least.
SHEET_EDGE_VOTES = 0.12
SHEET_EDGE_LINES = 300
SHEET_EDGE_TURN_DEGREES = 20.0
SHEET_EDGE_REACH = 0.2
SHEET_EDGE_STEP = 40.0
SHEET_EDGE_HELD = 0.5
SHEET_EDGE_SIDE_PX = (4, 8, 12)  # where either side of an edge is looked at, on the ~600 px copy
# A photocopy's grey field may come out darker than its letters' surroundings: dark grey (40-100)
# everywhere but in a white halo around each letter, the letters a little darker than the field
# (strokes 7-35 against 45-55; Augraphy's photocopy: tuning seeds 119's 030, 123's 058, 127's 037).
# Divided by its paper's level as any page is (``normalize_contrast``), the halos weighed in: the
# field beside the letters came out grey, Tesseract's threshold joined it to them, and headers and
# numbers were read as junk (182, 85, 152 of 579, 631, 893 characters wrong; 93, 5, 145 after).
# Such a page (``without_halos``): its median level (its field) under HALO_FIELD_MAX, HALO_SHARE of
# it or more brighter than HALO_BRIGHT, its darkest 1% at most HALO_INK_SHARE of the field's level
# (letters darker than the field: no negative); the field's level is measured over HALO_FIELD_MM.
# Every other page of tuning seeds 115, 117, 119, 123, 125, 127 and samples/real has its median at
# 135 or more, or nothing that bright.
HALO_FIELD_MAX = 128
HALO_BRIGHT = 200
HALO_SHARE = 0.02
HALO_INK_SHARE = 0.5
HALO_FIELD_MM = 10.0
# How grainy a page is (``grain``: mean difference to its 3 px median) decides whether it is read a
# second time with only its darkest ink kept (``dark_ink_only``; the better reading is kept).
# Measured after cleaning on the tuning corpus (independent seed 9): clean prints 0.2-0.6, phone
# photos and 100 dpi scans up to 3.0, the photocopies the second reading rescued 2.0-6.6. Above
# GRAINY always; above SOMEWHAT_GRAINY only when the first reading spent 5% or more of its
# confidence on non-words (photocopies 5-8%, photos and 100 dpi scans 1-3% but one at 5%): trying
# every page above 1.8 cost a quarter of the corpus's throughput for no better text on photos. A
# page above GRAINY at its size (small text is enlarged: its grain is its letters' edges) is read
# from the lines of text of its darkest ink only (``text_lines_only``): read as it came too, that
# reading lost on every such page of seeds 9 and 13 (5 photocopies, 1.8 to 15 times less proved),
# and the whole darkest ink lost to its lines on 4 of them (the fifth within 1%).
GRAINY = 3.5
SOMEWHAT_GRAINY = 1.8
# A photocopier's toner leaves specks of ink smaller than a tone mark by the hundred where a print
# has none, but its grain (above) may be no more than a phone photo's. On seeds 9, 13 and 15, after
# cleaning, in the bands ``specks_per_square_inch`` counts: 24 of the 27 photocopy pages held 13-530
# specks a square inch, and on all but one the reading of the darkest ink beat the page's as it
# came or tied; that one, the most lightly speckled (13), read 2 words wrong as it came, 3 from its
# darkest ink. The three others, barely speckled (under 4), read well either way; every page of
# another kind held at most 5 (phone photos and 100 dpi scans: their JPEG's specks). From
# TONER_SPECKS a page is not read as it came (``ocr.recognize``): that reading cost 1-5 s of CPU on
# a page of toner (the slice's 001, page 2, at 13: 8.9 → 3.3 s), Tesseract taking specks for text.
TONER_SPECKS = 10.0
SPECK_BANDS = 4
DARK_INK_MARGIN = 40
# A photocopy whose grey field came out as a dark mottled network between white halos, its letters
# darker still (tuning seed 129's 001: its letters 0-25, its field 35-75, a fifth of the page): the
# margin took the field with the letters and the page read as junk (194 of 668 characters wrong).
# Where the levels from the darkest ink to the margin hold a valley (smoothed over
# DARK_INK_VALLEY_LEVELS, under DARK_INK_VALLEY_DEPTH of the peaks on both sides) and the levels
# between the valley and the margin hold DARK_INK_FIELD_SHARE times the ink below it at least, the
# valley is where paper begins (46 of 668 wrong). A photocopy's thin strokes in a light field
# (seed 129's 030: a valley 12 levels over its ink, its field no more than its ink) keep the margin.
DARK_INK_VALLEY_LEVELS = 5
DARK_INK_VALLEY_DEPTH = 0.5
DARK_INK_FIELD_SHARE = 2.0
# A piece of ink is solid (``solid_pieces_only``) when SOLID_SHARE of it lies in squares of
# SOLID_STROKE_MM all ink (3 px at 300 dpi: a 12 pt letter's strokes are 4-6 px, a photocopier's
# grain dots 1-2 px), SOLID_MIN_PX of them at least. Tuning seed 61's photocopy 008, its whole page
# grain to each letter's halo, read so at 0.5: 50% of its characters wrong, 0.6 37%, 0.7 37%, 0.8
# 37% (fewer words); a 2 px square kept the grain.
SOLID_STROKE_MM = 0.25
SOLID_SHARE = 0.6
SOLID_MIN_PX = 4
# A region Tesseract read as nothing at all, its rows taken for noise, is read again black on white
# without the pieces of ink under UNREAD_SPECK_MM2 (``black_without_specks``): a photocopy's header
# in a ring of toner specks (tuning seed 67's 001: its header and motto read as nothing, 91 → 83
# words wrong), a page number standing alone ("2" atop seeds 63's and 67's second pages). Measured
# on all 360 pages of tuning seeds 63, 61, 67, 43, 59 (only those three changed, none worse): 0.09
# mm² (12 px at 300 dpi) read the page numbers but not that header; 0.21 mm² read the header a
# word better and takes more of the tone marks and dots (a 12 pt i's dot is about 0.1 mm²).
UNREAD_SPECK_MM2 = 0.14
# Ink kept by ``text_lines_only``: what a horizontal closing over LINE_JOIN_MM joins into a run at
# least LINE_RUN_MM long is a line of text (a word gap is ~1.5 mm; "Điều 3." alone ~8 mm), and what
# touches such a run or lies within LINE_REACH_MM above or below it (tone marks) belongs to it.
# Before that, blots thicker than BLOT_MM go (a drum's toner; a bold 14 pt stem is ~0.7 mm).
LINE_JOIN_MM = 3.0
LINE_RUN_MM = 9.0
LINE_REACH_MM = 1.5
# ... and a shorter run, SHORT_RUN_MM or more, whose lower half lies on the rows of such a run for
# SHORT_RUN_LEVEL of its height: a table's figures ("469") and a short word in line with its row's
# text, standing on its baseline. Without it every figure of seed 63's photocopied report 008 went
# with the toner around it. On the photocopies of tuning seeds 63, 61, 67, 43, 59: CER 16.92/25.40/
# 11.25/17.15/17.25% → 14.95/24.12/10.89/16.56/16.95%, words wrong 425/571/273/403/433 → 400/521/
# 271/397/441, recall no lower (any run from 5 mm instead of 9: 59's CER 18.02%, 43's recall down;
# from 2 mm: 59 18.50%; the whole run's height on those rows instead of its lower half: 2038 words
# wrong against 2030, and a figure's top above the x-height kept it off). The fresh seeds then read
# worse (69: CER 21.19 → 22.72%; 65: 631 → 684 words wrong): a streak of toner down the sheet left
# scraps level with the lines, kept as short runs and read with them ("ca ca ca"). A short run is
# as high as a letter or a line, SHORT_RUN_HEIGHT_MM: photocopies of seeds 69, 65, 63, 61, 67, 43,
# 59, CER 21.19/26.36/16.92/25.40/11.25/17.15/17.25% (without short runs) → 21.09/25.85/14.01/
# 25.18/10.94/16.51/17.27%, words wrong 3195 → 3095 in all.
SHORT_RUN_MM = 3.0
SHORT_RUN_LEVEL = 0.8
SHORT_RUN_HEIGHT_MM = (1.2, 6.0)
# ... and a short run as high as a letter or a line, apart from the lines' runs, with one less than
# SHORT_RUN_UNDER_MM above it, centred under that run or starting where it starts (within
# SHORT_RUN_ALIGN_MM): a wrapped line's last word on a line of its own ("tịch" under "V/v cấp bản
# sao trích lục hộ": tuning seed 63's photocopy 001, its trích yếu read cut short), not a streak's
# scrap under a line, which lies anywhere along it. On the photocopies of tuning seeds 63, 61, 67,
# 43, 59, 109 (54 pages): 4 pages read otherwise, CER 1.5 → 0.8% (63's 001), 2.0 → 0.7% (43's 044,
# page 2), 3.6 → 3.1% (109's 044), 45.2 → 45.8% (59's 058: a scrap under a line of its body, the
# line below read worse); every other page of those seeds (378) read the same. Reaching 4 mm
# without the alignment, 59's 044, page 2 read 27.3 → 38.5%.
SHORT_RUN_UNDER_MM = 4.0
SHORT_RUN_ALIGN_MM = 3.0
BLOT_MM = 1.1
BORDER_BLOT_MM = 1.5  # a solid shape at the page's edge: this thick at least (``without_border_blots``)
BORDER_BLOT_LEVEL = 80  # ... and this dark
BORDER_BAND_MM = 10.0  # such a shape is painted whole when it lies this near the edge
BORDER_BLOT_DPI = 75  # they are found on a copy of about this resolution
# Then a streak of toner across a line's band (a dirty drum's, along the lines) leaves dots the runs
# took for text, and Tesseract read the line and its dots as one tall line of junk (independent seed
# 33's trích lục 023: "Giới tính: Nam" read "Ệ Xi: + €ñ†tRiv” ¿' #. Na § x#…"). Letters stand side by
# side on one baseline (``_in_line``), a streak's dots anywhere: only ink within LINE_LETTERS_REACH_MM
# of a letter in line with neighbours on LINE_LETTER_PAIRS sides (LINE_LETTER_MIN_MM high or more,
# baselines within BASELINE_SLACK_MM) is kept, so its marks, punctuation and a lone figure beside it
# stay (a dot in a dense streak stands in line with one other by chance far more often than with
# two). Words wrong on the photocopies of tuning seeds 9, 31, 33 and 37: 404 → 375, 466 → 457,
# 559 → 568, 574 → 525 (with one side: 391, 460, 575, 507). A page with fewer than
# LINE_LETTERS_MIN such letters (turned, a scrap) is kept as it is.
LINE_LETTERS_REACH_MM = 5.0
LINE_LETTER_MIN_MM = 0.7
BASELINE_SLACK_MM = 0.35
# ... or their tops within TOPLINE_SLACK_MM: a streak's dots along a title's feet, merged with its
# capitals, left them no common baseline, and the title went as a streak (independent seed 43's
# photocopy 051: "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN" cut to "Y XÁC NHẬN T"); capitals' tops stand
# level. Half the baseline's slack: a dense streak's dots then stand in line by chance as rarely as
# before (with the same slack, seed 43's photocopy 044 page 2 lost its closing's columns to them).
# Words wrong on the photocopies of tuning seeds 43, 33 and 37: 495 → 449, 563 → 543, 524 → 503.
TOPLINE_SLACK_MM = 0.2
LINE_LETTER_PAIRS = 2
LINE_LETTERS_MIN = 20
# Ruled lines removed before recognition (``without_rules``): at least this long, at most this thick.
RULE_MIN_MM = 10.0
RULE_MAX_THICKNESS_MM = 0.8
TABLE_MIN_MM = 10.0
# A straightened fold leaves a rule in steps (``unbend`` moves columns, not pixels within a stroke):
# a horizontal rule is looked for in its ink grown this much up and down. Measured: the slice's
# folded table kept pieces of its rules beside the figures without it (7 words wrong against 5);
# seeds 9 and 13 read the same but one phone page (10 against 12 words wrong).
RULE_STEP_MM = 0.2
# Lines bent by a fold or a curled sheet (``unbend``): a crease down the page lifts every line by the
# same height at the same column. That height is found column by column, matching the row profiles
# of strips BEND_STRIP_STEPS steps of BEND_STEP_MM wide (12 mm), one step apart, neighbour to
# neighbour (at most BEND_MAX_DEGREES of slope between two); the page is straightened when the
# heights, beyond a straight tilt, span BEND_MIN_MM or more and its lines then stand out sharper by
# BEND_GAIN (the step proves itself). Measured after deskew on seeds 9 and 13: folded pages 1.1-2.2
# mm and 1.07-1.36 sharper (one folded table 1.003), every other page 0.1-0.9 mm, but a phone
# photo's few lines and seal 2.2 mm (1.002 sharper) and an ink page's 2.6 mm (0.99). A rotated page
# straightened at 0.3 mm (1.04 sharper) lost two words. Strips of 8 or 16 mm, or every 2 mm, read
# the folded pages no better (46-52 words wrong against 48).
BEND_STEP_MM = 4.0
BEND_STRIP_STEPS = 3
BEND_MAX_DEGREES = 10.0
BEND_MIN_MM = 0.6
BEND_GAIN = 1.03
BEND_SAMPLE_PX = 1000  # the page is sampled about this wide
SHIFT_SLICE_PX = 256  # columns moved at a time (``_shifted_columns``)
# A fold's crease lifts the lines of a band of columns, each column by its own height, and lets them
# fall back within a few millimetres (Augraphy's Folding: a band 10-20% of the sheet wide, lifted up
# to 5 mm): matched neighbour to neighbour (above), a strip over the fall is half lifted and the
# heights found drift (fresh seed 125's folded 024: a lift of 4.9 mm found as a bump of 3 mm that
# never came down, straightening it 0.90 as sharp, refused; its title and first paragraph read out
# of order, 179 of its 821 characters wrong). So the heights are found a second way too: each
# narrower strip (FOLD_STRIP_STEPS of FOLD_STEP_MM) matched against the row profile of the whole
# page (its strips moved by their heights found, FOLD_ROUNDS times), within FOLD_REACH_MM up or
# down, a strip of little ink having little say; from one strip to the next the height changes at a
# cost of FOLD_SLOPE_COST of the best match's score a pixel, by FOLD_MAX_SLOPE of their distance at
# most, and the page's first and last strips lie as a flat sheet's would (a page's edge strips hold
# a few words of some lines, which also match the page a line lower: seed 119's folded 060, its
# left edge lifted a whole line, 18 -> 133 characters wrong before they were pinned); the cheapest
# run of heights is kept (a Viterbi path). Of the two ways, the one that makes the lines sharper is
# kept, both proving themselves as above. Seed 125's folded pages: 210 -> 4 characters wrong.
FOLD_STEP_MM = 2.0
FOLD_STRIP_STEPS = 4
FOLD_REACH_MM = 5.0
FOLD_SLOPE_COST = 0.02
FOLD_MAX_SLOPE = 0.5
FOLD_ROUNDS = 3
FOLD_PAGE_MIN_MM = 100.0  # an image at least this tall (a page, not a band of a few lines) is matched against


@dataclass(frozen=True, slots=True)
class CleanedPage:
    image: np.ndarray  # 8-bit grayscale, upright and deskewed
    rotation: int  # turn applied counter-clockwise (0, or 90 for a sideways page), a hint recognition verifies
    skew_degrees: float  # rotation applied to remove skew
    blank: bool
    flattened: bool = False  # a photographed sheet was cut out and its perspective corrected
    unbent_mm: float = 0.0  # the lines' bend straightened (``unbend``), in mm on the paper; 0.0: none
    notes: tuple[tuple[str, str], ...] = ()  # steps refused, and why: (step, reason in Vietnamese)
    halos: bool = False  # a photocopy's dark field with white halos around its letters made paper (``without_halos``)


def to_gray(image: np.ndarray) -> np.ndarray:
    """Grayscale that drops coloured ink: a red seal or blue signature becomes light, black text stays.

    The brightest channel of a red or blue stroke is high, of black toner low.
    """
    if image.ndim == 2:
        return image
    channels = cv2.split(image[:, :, :3])
    return cv2.max(cv2.max(channels[0], channels[1]), channels[2])  # numpy's max(axis=2) is 10x slower


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark strokes against a local background (robust to uneven lighting), as 0/1.

    The background is a grayscale closing (max, then min, over 15 px): strokes thinner than
    that vanish from it. Measured: same page results as a 31 px median, a sixth of the time.
    """
    if min(gray.shape) <= 31:
        return np.zeros(gray.shape, dtype=np.uint8)
    return _ink_against(_paper(gray), gray)


def _paper(gray: np.ndarray) -> np.ndarray:
    """The paper under the ink: a grayscale closing over 15 px."""
    return cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))


def _ink_against(paper: np.ndarray, gray: np.ndarray) -> np.ndarray:
    # One pass to 0/1 (numpy's comparison writes a boolean page, then converts it).
    return cv2.threshold(cv2.subtract(paper, gray), 40, 1, cv2.THRESH_BINARY)[1]


def _without_border_ink(mask: np.ndarray) -> np.ndarray:
    """Drop ink touching the image border: scanner edges and desk, straight lines that would
    otherwise decide the skew and the orientation."""
    _count, labels, stats = pieces(mask)
    touching = _touching_the_edge(stats, mask.shape)
    if len(touching):
        mask = mask.copy()
        mask[labelled(labels, _count, touching)] = 0
    return mask


def _touching_the_edge(stats: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The labels of the pieces (``pieces``' statistics, the background's first) that touch the
    edge of an image of ``shape``."""
    height, width = shape[:2]
    x, y, w, h = stats[1:, 0], stats[1:, 1], stats[1:, 2], stats[1:, 3]
    return np.nonzero((x == 0) | (y == 0) | (x + w >= width) | (y + h >= height))[0] + 1


def without_border_blots(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The page with solid dark shapes at its edge painted as paper: a scanner's lid or glass seen
    where a folded sheet's edge dips away from it (black wedges along the top of independent seed
    2003's folded 013), which the layout took for a row of the header, two "columns" with a gap,
    and read the real header across as body. What stays of the dark ink touching the page's edge
    after an opening of ``BORDER_BLOT_MM`` (no stroke of text is that thick) is painted, with the
    dark ink within as much again of it (a wedge's tips), and the whole shape when it lies within
    ``BORDER_BAND_MM`` of the edge: letters crossed by it farther off (a photocopy's streak down the
    page), or touching the edge alone, stay. Found on a copy at ``BORDER_BLOT_DPI``."""
    border = np.concatenate((gray[0], gray[-1], gray[:, 0], gray[:, -1]))
    if np.count_nonzero(border < BORDER_BLOT_LEVEL) < 2:
        return gray
    factor = max(1, dpi // BORDER_BLOT_DPI)
    small = gray if factor == 1 else cv2.resize(gray, None, fx=1 / factor, fy=1 / factor, interpolation=cv2.INTER_AREA)
    height, width = small.shape[:2]
    small_dpi = dpi / factor
    dark = (small < BORDER_BLOT_LEVEL).astype(np.uint8)
    size = max(3, round(BORDER_BLOT_MM / 25.4 * small_dpi) | 1)
    solid = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    count, labels, stats = pieces(solid)
    touching = _touching_the_edge(stats, small.shape)
    if not len(touching):
        return gray
    cores = labelled(labels, count, touching).astype(np.uint8)
    reach = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * size + 1, 2 * size + 1))
    blots = cv2.bitwise_and(cv2.dilate(cores, reach), dark)
    # Whole, a dark shape along the edge holding such a core, within ``BORDER_BAND_MM`` of it.
    count, labels, stats = pieces(dark)
    band = BORDER_BAND_MM / 25.4 * small_dpi
    x, y, w, h = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    along = ((y == 0) | (y + h >= height)) & (h <= band) | ((x == 0) | (x + w >= width)) & (w <= band)
    holding = np.zeros(count, dtype=bool)
    holding[labels[cores > 0]] = True
    shapes = np.flatnonzero(along & holding)
    if len(shapes := shapes[shapes > 0]):
        blots = cv2.bitwise_or(blots, labelled(labels, count, shapes).astype(np.uint8))
    # Back at full size, a pixel of the copy's margin around: the shape's grey rim goes too.
    blots = cv2.resize(cv2.dilate(blots, np.ones((3, 3), np.uint8)), (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST)
    out = gray.copy()
    out[blots > 0] = int(percentile(gray[::8, ::8], 90))
    return out


def labelled(labels: np.ndarray, count: int, chosen: np.ndarray) -> np.ndarray:
    """Where a label map holds one of the ``chosen`` labels (of ``count``), through a lookup table:
    ``np.isin`` compares the whole map once per chosen label, or sorts it (a 300 dpi page's
    speckled margin: tens of passes over 8.7 million pixels)."""
    table = np.zeros(count, dtype=bool)
    table[chosen] = True
    return table[labels]


@dataclass(frozen=True, slots=True)
class InkSample:
    """The ink of a ~1000 px wide copy of the page: computed once, used by every check below."""

    mask: np.ndarray
    xs: np.ndarray  # ink coordinates relative to the centre, subsampled
    ys: np.ndarray

    @classmethod
    def of(cls, gray: np.ndarray, letters_only: bool = False) -> InkSample:
        """``letters_only``: only the ink of pieces the size and shape of letters (``_letters``)."""
        scale = min(1.0, 1000 / gray.shape[1])
        small = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        mask = _without_border_ink(ink_mask(small))
        if letters_only:
            mask = _letters(mask)
        ys, xs = ink_points(mask)
        if len(xs) > 30000:  # the profiles need shape, not every pixel
            pick = np.random.default_rng(0).choice(len(xs), 30000, replace=False)
            xs, ys = xs[pick], ys[pick]
        return cls(mask, xs.astype(np.float64) - mask.shape[1] / 2, ys.astype(np.float64) - mask.shape[0] / 2)

    def turned_quarter(self) -> InkSample:
        """The same ink after a 90-degree counter-clockwise turn of the page."""
        return InkSample(np.ascontiguousarray(np.rot90(self.mask)), self.ys.copy(), -self.xs)


def _letters(mask: np.ndarray) -> np.ndarray:
    """The pieces of ink the size and shape of letters (``LETTER_PX``, ``LETTER_ASPECT``, ``LETTER_FILL``):
    no specks, no blots, no dashes of a toner streak."""
    _count, labels, stats = pieces(mask)
    w, h, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_AREA]
    low, high = LETTER_PX
    letter = (h >= low) & (h <= high) & (np.maximum(w, h) <= LETTER_ASPECT * np.minimum(w, h))
    letter &= (area >= 2 * low) & (area >= LETTER_FILL * w * h)
    letter[0] = False
    return letter[labels].astype(mask.dtype)


def _blank(ink: InkSample) -> bool:
    # Scanner edges are not content: look inside a 5% margin.
    h, w = ink.mask.shape
    inner = ink.mask[h // 20 : h - h // 20, w // 20 : w - w // 20]
    return float(inner.mean()) < 0.0015


def is_blank(gray: np.ndarray) -> bool:
    return _blank(InkSample.of(gray))


def rotate_upright(gray: np.ndarray, degrees_ccw: int) -> np.ndarray:
    turns = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    return cv2.rotate(gray, turns[degrees_ccw]) if degrees_ccw in turns else gray


def _profile(xs: np.ndarray, ys: np.ndarray, angle: float) -> np.ndarray:
    """Ink per row across lines tilted by ``angle`` degrees, from the top of the ink down."""
    theta = np.deg2rad(angle)
    projected = ys * np.cos(theta) + xs * np.sin(theta)
    return np.bincount((projected - projected.min()).astype(np.int64))


def _sharpness(xs: np.ndarray, ys: np.ndarray, angle: float) -> float:
    """Variance of the ink profile across lines tilted by ``angle``: peaks when lines are level."""
    return float(np.var(_profile(xs, ys, angle)))


def is_sideways(gray: np.ndarray) -> bool:
    """True when text lines run vertically (page turned by 90 or 270 degrees)."""
    return _sideways(InkSample.of(gray), gray)


def _sideways(ink: InkSample, gray: np.ndarray, stark: np.ndarray | None = None) -> bool:
    """``ink``'s profiles say sideways, and the letters of ``gray``'s darkest ink (``stark``: that
    ink, when the caller has it already) stand in line down its columns rather than along its rows."""
    if not _profiles_sideways(ink, SIDEWAYS_RATIO):
        return False
    letters = InkSample.of(dark_ink_only(gray) if stark is None else stark, letters_only=True).mask
    along_columns = _letters_in_line(np.ascontiguousarray(np.rot90(letters)))
    return along_columns > LETTERS_SIDEWAYS_RATIO * _letters_in_line(letters)


def _letters_in_line(letters: np.ndarray) -> int:
    """How many of the pieces of ``letters`` (``_letters``; ``LINE_LETTER_PX`` high or more) stand in
    line with a neighbour along the rows (``_in_line``, baselines within a pixel)."""
    _count, _labels, stats = pieces(letters)
    return int(_in_line(stats[1:][stats[1:, cv2.CC_STAT_HEIGHT] >= LINE_LETTER_PX], 1, 1).sum())


def _in_line(stats: np.ndarray, slack: int, pairs: int, tops: bool = False) -> np.ndarray:
    """Which pieces (rows of ``cv2.connectedComponentsWithStats``'s stats) stand in line with
    neighbours along the row, in ``pairs`` pairs or more. A pair: another piece of about the same
    height (two thirds to three halves) starting within 1.2 times the first's height after its right
    edge, baselines within ``slack`` pixels; the first three pieces after the edge on each baseline
    are tried. ``tops``: their tops in line instead of their baselines."""
    count = len(stats)
    paired = np.zeros(count, dtype=np.int64)
    if count < 2:
        return paired >= max(pairs, 1)
    left, height = stats[:, cv2.CC_STAT_LEFT].astype(np.int64), stats[:, cv2.CC_STAT_HEIGHT].astype(np.int64)
    right = left + stats[:, cv2.CC_STAT_WIDTH]
    level = stats[:, cv2.CC_STAT_TOP] + (0 if tops else height)  # the line they stand on (or hang from)
    row = int(right.max()) + 1  # sort key: level, then left edge
    order = np.lexsort((left, level))
    keys = level[order] * row + left[order]
    for shift in range(-slack, slack + 1):
        first = np.searchsorted(keys, (level + shift) * row + right)  # not itself: its left lies before its right
        for step in range(3):
            other = order[np.minimum(first + step, count - 1)]
            near = (first + step < count) & (level[other] == level + shift) & (left[other] <= right + 1.2 * height)
            near &= (3 * height[other] >= 2 * height) & (2 * height[other] <= 3 * height)
            paired += near
            np.add.at(paired, other[near], 1)
    return paired >= pairs


def _profiles_sideways(ink: InkSample, ratio: float) -> bool:
    xs, ys = ink.xs, ink.ys
    if len(xs) < 200:
        return False
    angles = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 1.5)
    rows = max(_sharpness(xs, ys, a) for a in angles)
    columns = max(_sharpness(ys, xs, a) for a in angles)
    return columns > ratio * rows


def _upside_down(ink: InkSample, skew: float) -> bool:
    """The ink of ``ink``'s letters lies mostly below the x-height of their lines (``UPSIDE_DOWN_RATIO``),
    and below it on more lines than above."""
    ys, xs = ink_points(_letters(ink.mask))
    if not len(ys):
        return False
    profile = _profile(xs - ink.mask.shape[1] / 2, ys, skew).astype(np.float64)
    on = np.concatenate(([0], (profile > LINE_GAP_SHARE * profile.max()).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(on))
    above = below = 0.0
    lines = up = down = 0
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        line = profile[start:end]
        if len(line) < LINE_MIN_PX:
            continue  # a rule, a speck, a dash: no line of text
        core = np.flatnonzero(line >= 0.5 * line.max())  # the x-height: rows half as inked as the line's most
        over, under = line[: core[0]].sum(), line[core[-1] + 1 :].sum()
        above, below, lines = above + over, below + under, lines + 1
        up, down = up + int(over > under), down + int(under > over)
    return lines >= UPSIDE_DOWN_MIN_LINES and down > up and above < UPSIDE_DOWN_RATIO * below


def estimate_skew(gray: np.ndarray) -> float:
    """Skew in degrees (positive: text rises to the right) from horizontal projection profiles.

    The angle that makes text lines sharpest maximises the variance of the row sums of ink.
    """
    return _skew(InkSample.of(gray))


def _skew(ink: InkSample) -> float:
    xs, ys = ink.xs, ink.ys
    if len(xs) < 200:
        return 0.0
    best = 0.0
    for step, span in ((1.0, MAX_SKEW_DEGREES), (0.2, 1.0), (0.05, 0.2)):  # coarse to fine
        angles = np.arange(best - span, best + span + step / 2, step)
        best = float(max(angles, key=lambda a: _sharpness(xs, ys, a)))
        if span == MAX_SKEW_DEGREES and abs(best) >= MAX_SKEW_DEGREES - step / 2:
            # Sharpest at the edge of the search: no line angle was found (noise, not text, drew the
            # profile; measured on a photocopy whose grey field made a level page read as -16°).
            return 0.0
    return round(best, 2)


def rotation_matrix(width: int, height: int, degrees: float) -> tuple[np.ndarray, int, int]:
    """Affine matrix of a rotation about the centre onto a canvas grown to hold it, and its size."""
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos), int(height * cos + width * sin)
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    return matrix, new_w, new_h


def rotate_by(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate about the centre, growing the canvas so no text is cut; new area is paper-white."""
    h, w = gray.shape
    matrix, new_w, new_h = rotation_matrix(w, h, degrees)
    paper = int(percentile(gray[:: max(1, h // 200), :: max(1, w // 200)], 90))
    return cv2.warpAffine(
        gray, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=paper
    )


def is_bilevel(gray: np.ndarray) -> bool:
    """Fax and 1-bit scans: (almost) only black and white pixels."""
    sample = gray[:: max(1, gray.shape[0] // 600), :: max(1, gray.shape[1] // 600)]
    inked = sample[sample < 235]
    if inked.size == 0:
        return False
    # Among inked pixels, a gray scan has anti-aliased edges; a 1-bit page has none.
    return float(np.mean(inked > 20)) < 0.05


def despeckle(gray: np.ndarray, dpi: int) -> np.ndarray:
    """White out isolated black dots smaller than a tone mark (a dot-below is ~9 px at 200 dpi)."""
    dark = (gray < 128).astype(np.uint8)
    count, labels, stats = pieces(dark)
    specks = np.nonzero(stats[1:, cv2.CC_STAT_AREA] <= _speck_px(dpi))[0] + 1
    if not len(specks):
        return gray
    out = gray.copy()
    out[labelled(labels, count, specks)] = 255
    return out


def _speck_px(dpi: int) -> int:
    """The most pixels a speck holds: less than a tone mark's (a dot-below is ~9 px at 200 dpi)."""
    return max(2, int(3 * (dpi / 200) ** 2))


def specks_per_square_inch(gray: np.ndarray, dpi: int) -> float:
    """Specks of ink smaller than a tone mark (as ``despeckle`` finds them) per square inch, counted
    in ``SPECK_BANDS`` bands across the page, a quarter of it: a photocopier's streaks of toner run
    down the page (or across it, and down too) and cross every band."""
    height, limit = gray.shape[0], _speck_px(dpi)
    specks = area = 0
    for band in range(SPECK_BANDS):
        top = (2 * band + 1) * height // (2 * SPECK_BANDS) - height // (8 * SPECK_BANDS)
        rows = gray[max(0, top) : top + height // (4 * SPECK_BANDS)]
        dark = (rows < 128).astype(np.uint8)
        _count, _labels, stats = pieces(dark)
        specks += int(np.count_nonzero(stats[1:, cv2.CC_STAT_AREA] <= limit))
        area += rows.size
    return specks / max(1.0, area / dpi / dpi)


def grain(gray: np.ndarray) -> float:
    """A photocopier's grey field or toner noise over the page: the mean difference to a 3 px median.
    Its sum is OpenCV's, exact (whole levels), divided as ``np.mean`` divides it: the same value, a
    tenth of the time (numpy adds a page's 8.7 million levels as 64-bit floats)."""
    difference = cv2.absdiff(gray, cv2.medianBlur(gray, 3))
    return float(cv2.sumElems(difference)[0] / difference.size)


def dark_ink_only(gray: np.ndarray) -> np.ndarray:
    """Black text kept, a noisy grey field dropped: a 3 px median, then everything lighter than the
    darkest ink by more than ``DARK_INK_MARGIN`` levels becomes paper. For heavy photocopies, where
    the text is far darker than the speckle around it."""
    smooth = cv2.medianBlur(gray, 3)
    counts = histogram(smooth[::2, ::2])
    ink = percentile_of(counts, 1)
    # Paper where ``smooth >= ink + DARK_INK_MARGIN``: above the integer below that, for 8-bit levels.
    _, stark = cv2.threshold(smooth, _below_a_dark_field(counts, ink, math.ceil(ink + DARK_INK_MARGIN) - 1), 255, cv2.THRESH_BINARY)
    return stark


def _below_a_dark_field(counts: np.ndarray, ink: float, level: int) -> int:
    """``level``, or the valley between the darkest ink and a dark field as much again as that ink
    and more (``DARK_INK_VALLEY_DEPTH`` and the rest, above), from the page's ``counts`` of levels."""
    low, high = int(ink), min(level, 255)
    if high - low <= 3:
        return level
    smoothed = np.convolve(counts.astype(np.float64), np.ones(DARK_INK_VALLEY_LEVELS) / DARK_INK_VALLEY_LEVELS, mode="same")
    valley = low + 3 + int(np.argmin(smoothed[low + 3 : high + 1]))
    deep = smoothed[valley] < DARK_INK_VALLEY_DEPTH * min(smoothed[valley : high + 1].max(), smoothed[max(0, low - 2) : valley + 1].max())
    if deep and counts[valley + 1 : high + 1].sum() >= DARK_INK_FIELD_SHARE * counts[: valley + 1].sum():
        return valley
    return level


def solid_pieces_only(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The page black on white (its ink darker than mid-grey) with only its solid pieces of ink: a
    piece is kept whole when ``SOLID_SHARE`` of it or more lies in a square ``SOLID_STROKE_MM`` wide
    all ink (an opening by that square), as a printed letter's strokes and marks do; a
    photocopier's dotted grain, its dots one or two pixels, does not, however far its network
    spreads. For a page whose grain runs to the halo around each letter (``ocr.recognize``: read so
    when every other reading of it proved almost nothing)."""
    _, ink = cv2.threshold(gray, 127, 1, cv2.THRESH_BINARY_INV)
    side = max(2, round(SOLID_STROKE_MM * dpi / 25.4))
    core = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((side, side), np.uint8))
    count, labels, stats = pieces(ink)
    cored = np.bincount(labels.ravel(), weights=core.ravel(), minlength=count)
    kept = (cored >= SOLID_SHARE * stats[:, cv2.CC_STAT_AREA]) & (cored >= SOLID_MIN_PX)
    kept[0] = False  # the paper
    return np.where(kept, 0, 255).astype(np.uint8)[labels]


def black_without_specks(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The page black on white (its ink darker than mid-grey), without the pieces of ink smaller
    than ``UNREAD_SPECK_MM2``."""
    _, ink = cv2.threshold(gray, 127, 1, cv2.THRESH_BINARY_INV)
    _count, labels, stats = pieces(ink)
    kept = stats[:, cv2.CC_STAT_AREA] >= UNREAD_SPECK_MM2 * (dpi / 25.4) ** 2
    kept[0] = False  # the paper
    return np.where(kept, 0, 255).astype(np.uint8)[labels]


def text_lines_only(stark: np.ndarray, dpi: int) -> np.ndarray:
    """A black-on-white page (``dark_ink_only``) with only the ink of its lines of text: blots
    thicker than any stroke of text, then a photocopier's streaks of toner down the page and the
    specks between lines, are dropped; what remains of a streak where it crosses a line stays. For
    an upright page: turned text reads as streaks."""
    _, ink = cv2.threshold(stark, 127, 1, cv2.THRESH_BINARY_INV)
    px_per_mm = dpi / 25.4
    blot = max(3, round(BLOT_MM * px_per_mm) | 1)
    blots = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (blot, blot)))
    blots = cv2.dilate(blots, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (blot, blot)))
    ink = cv2.subtract(ink, blots)  # both 0 or 1
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, round(LINE_JOIN_MM * px_per_mm)), 1)))
    runs = cv2.morphologyEx(joined, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (round(LINE_RUN_MM * px_per_mm), 1)))
    short = cv2.morphologyEx(joined, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, round(SHORT_RUN_MM * px_per_mm)), 1)))
    short_runs = pieces(short)
    runs = cv2.bitwise_or(runs, _short_runs_level_with(short_runs, runs, px_per_mm))
    runs = cv2.bitwise_or(runs, _short_runs_under(short_runs, runs, px_per_mm))
    reach = 2 * round(LINE_REACH_MM * px_per_mm) + 1
    near = cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, (3, reach)))
    count, labels, stats = pieces(ink)
    kept = np.zeros(count, dtype=bool)
    kept[labels[near > 0]] = True
    kept[0] = False
    kept &= _near_letters_in_line(labels, stats, kept, dpi)
    level = np.where(kept, 0, 255).astype(np.uint8)
    return level[labels]


def _short_runs_level_with(short_runs: tuple[int, np.ndarray, np.ndarray], runs: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The short runs (``SHORT_RUN_MM`` long or more: ``pieces`` of them) as high as a letter or a
    line (``SHORT_RUN_HEIGHT_MM``), whose lower half lies on rows of the page holding a line's run
    (``runs``, 0 or 1) for ``SHORT_RUN_LEVEL`` of its height: a table's figures and short words in
    line with the text of their row, not a streak's scraps beside it."""
    count, labels, stats = short_runs
    on_text_rows = np.concatenate(([0], np.cumsum(runs.any(axis=1))))
    height = stats[:, cv2.CC_STAT_HEIGHT]
    bottom = stats[:, cv2.CC_STAT_TOP] + height
    middle = bottom - np.maximum(height // 2, 1)  # the lower half: figures stand on the baseline
    level = (on_text_rows[bottom] - on_text_rows[middle]) >= SHORT_RUN_LEVEL * (bottom - middle)
    level &= (height >= SHORT_RUN_HEIGHT_MM[0] * px_per_mm) & (height <= SHORT_RUN_HEIGHT_MM[1] * px_per_mm)
    level[0] = False
    return level[labels].astype(runs.dtype) if count > 1 else np.zeros_like(runs)


def _short_runs_under(short_runs: tuple[int, np.ndarray, np.ndarray], runs: np.ndarray, px_per_mm: float) -> np.ndarray:
    """The short runs (``pieces`` of them) as high as a letter or a line whose box holds no ink of
    ``runs`` (0 or 1), with a run less than ``SHORT_RUN_UNDER_MM`` above, centred under it or
    starting where it starts (``SHORT_RUN_ALIGN_MM``): a wrapped line's last word."""
    count, labels, stats = short_runs
    if count <= 1:
        return np.zeros_like(runs)
    x, y, w, h = (stats[:, column] for column in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
    top = np.maximum(y - max(1, round(SHORT_RUN_UNDER_MM * px_per_mm)), 0)
    summed = cv2.integral(runs)  # ink of the runs in a box from four corners

    def inked(y0: np.ndarray, y1: np.ndarray) -> np.ndarray:
        return summed[y1, x + w] - summed[y1, x] - summed[y0, x + w] + summed[y0, x]

    under = (inked(top, y) > 0) & (inked(y, y + h) == 0)
    under &= (h >= SHORT_RUN_HEIGHT_MM[0] * px_per_mm) & (h <= SHORT_RUN_HEIGHT_MM[1] * px_per_mm)
    under[0] = False
    if under.any():
        align = SHORT_RUN_ALIGN_MM * px_per_mm
        _, run_labels, run_stats = pieces(runs)
        run_left, run_centre = run_stats[:, cv2.CC_STAT_LEFT], run_stats[:, cv2.CC_STAT_LEFT] + run_stats[:, cv2.CC_STAT_WIDTH] / 2
        for index in np.flatnonzero(under):
            band = run_labels[top[index] : y[index], x[index] : x[index] + w[index]]
            above = np.unique(band[band > 0])
            centre = x[index] + w[index] / 2
            under[index] = bool(((np.abs(run_centre[above] - centre) <= align) | (np.abs(run_left[above] - x[index]) <= align)).any())
    return under[labels].astype(runs.dtype)


def _near_letters_in_line(labels: np.ndarray, stats: np.ndarray, kept: np.ndarray, dpi: int) -> np.ndarray:
    """Which pieces (by label) lie within ``LINE_LETTERS_REACH_MM`` of a ``kept`` letter standing in
    line with neighbours on ``LINE_LETTER_PAIRS`` sides (``_in_line``), on their baseline or under
    their tops; all of them when there are fewer than ``LINE_LETTERS_MIN`` such letters."""
    px_per_mm = dpi / 25.4
    tall = np.flatnonzero(kept & (stats[:, cv2.CC_STAT_HEIGHT] >= LINE_LETTER_MIN_MM * px_per_mm))
    on_baseline = _in_line(stats[tall], max(1, round(BASELINE_SLACK_MM * px_per_mm)), LINE_LETTER_PAIRS)
    under_tops = _in_line(stats[tall], max(1, round(TOPLINE_SLACK_MM * px_per_mm)), LINE_LETTER_PAIRS, tops=True)
    letters = tall[on_baseline | under_tops]
    if len(letters) < LINE_LETTERS_MIN:
        return np.ones(len(stats), dtype=bool)
    anchor = np.zeros(len(stats), dtype=np.uint8)
    anchor[letters] = 1
    reach = 2 * round(LINE_LETTERS_REACH_MM * px_per_mm) + 1
    near = cv2.dilate(anchor[labels], cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
    touching = np.zeros(len(stats), dtype=bool)
    touching[labels[near > 0]] = True
    return touching


@dataclass(frozen=True, slots=True)
class RulesApart:
    page: np.ndarray  # the page without its ruled tables' lines
    tables: tuple[tuple[int, int, int, int], ...]  # each ruled table's box (x, y, w, h), rules included


def without_rules(gray: np.ndarray, dpi: int) -> np.ndarray:
    """The page with its ruled tables' lines painted over (``rules_apart``)."""
    return rules_apart(gray, dpi).page


def rules_apart(gray: np.ndarray, dpi: int) -> RulesApart:
    """The page with its ruled tables' lines painted over with the paper around them, for
    recognition only: Tesseract reading a block that holds a ruled table drops the table's text
    (a report's five-row table, every cell lost). A rule is ink at least ``RULE_MIN_MM`` long along
    one axis and thinner than ``RULE_MAX_THICKNESS_MM`` across it, and it crosses or meets a rule
    of the other axis: a lone horizontal run is left alone, since in a blurred 80 dpi photo a word's
    letters run together into one (every such word was lost when they were taken for rules). Each
    set of rules that meet, ``TABLE_MIN_MM`` or more both ways, is a table: its box is given."""
    if min(gray.shape) <= 31:
        return RulesApart(gray, ())
    paper = _paper(gray)
    mask = _ink_against(paper, gray)
    length = max(2, round(RULE_MIN_MM / 25.4 * dpi))
    thickness = max(1.0, RULE_MAX_THICKNESS_MM / 25.4 * dpi)
    # Per axis: the long runs' labels, and the boxes (x0, y0, x1, y1) of those thin enough for a rule.
    runs = []
    for kernel, along in (((1, length), cv2.CC_STAT_HEIGHT), ((length, 1), cv2.CC_STAT_WIDTH)):  # vertical first
        # A horizontal rule may step by a pixel or two where a fold was straightened: a band grown
        # RULE_STEP_MM up and down joins its pieces (it is as much thicker).
        grow = 0 if along == cv2.CC_STAT_HEIGHT else 2 * int(RULE_STEP_MM / 25.4 * dpi)
        band = cv2.dilate(mask, np.ones((grow + 1, 1), np.uint8)) if grow else mask
        # An opening, its erosion first: where that leaves nothing, there is no rule along this
        # axis, so no grid (most pages: no vertical run), and the dilation is spared.
        element = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        cores = cv2.erode(band, element)
        if not cv2.countNonZero(cores):
            return RulesApart(gray, ())
        lines = cv2.dilate(cores, element)
        _count, labels, stats = pieces(lines)
        thin = np.nonzero(stats[1:, cv2.CC_STAT_AREA] / np.maximum(stats[1:, along], 1) <= thickness + grow)[0] + 1
        x, y, w, h = (stats[thin, i] for i in range(4))
        runs.append((labels, thin, np.stack([x, y, x + w, y + h], axis=1)))
    (down, down_ids, down_boxes), (across, across_ids, across_boxes) = runs
    # A grid's lines meet: the boxes of a horizontal and a vertical rule overlap (within 2 px).
    meet = (
        (across_boxes[:, None, 0] <= down_boxes[None, :, 2] + 2) & (down_boxes[None, :, 0] <= across_boxes[:, None, 2] + 2)
        & (across_boxes[:, None, 1] <= down_boxes[None, :, 3] + 2) & (down_boxes[None, :, 1] <= across_boxes[:, None, 3] + 2)
    )  # fmt: skip
    rules = np.zeros(mask.shape, dtype=bool)
    for labels, ids, boxes, kept in ((across, across_ids, across_boxes, meet.any(axis=1)), (down, down_ids, down_boxes, meet.any(axis=0))):
        for label, (x0, y0, x1, y1) in zip(ids[kept], boxes[kept], strict=True):
            rules[y0:y1, x0:x1] |= labels[y0:y1, x0:x1] == label
    if not rules.any():
        return RulesApart(gray, ())
    grown = cv2.dilate(rules.astype(np.uint8), np.ones((3, 3), np.uint8))  # the grey edge of each stroke too
    out = gray.copy()
    out[grown > 0] = paper[grown > 0]
    _count, _labels, stats = pieces(grown)
    least = TABLE_MIN_MM / 25.4 * dpi
    tables = tuple((int(x), int(y), int(w), int(h)) for x, y, w, h in stats[1:, :4] if w >= least and h >= least)
    return RulesApart(out, tables)


def find_page_quad(gray: np.ndarray, firmness: float = 0.0) -> np.ndarray | None:
    """Corners of a sheet photographed on a darker surface (TL, TR, BR, BL, page pixels), if any.

    Only when the image border is clearly darker than the sheet: scans that fill the frame are
    left alone. The sheet is what is lighter than Otsu's threshold, raised by ``firmness`` of the
    way to the sheet's median (a lighter band of the surface beside the sheet then stays out).
    """
    photo = _photographed(gray)
    return None if photo is None else _sheet_quad(*photo, firmness)


def _photographed(gray: np.ndarray) -> tuple[np.ndarray, float] | None:
    """A ~600 px copy of the image and its scale, when its border is clearly darker than its centre
    (a sheet on a surface); None for a scan that fills the frame."""
    scale = 600 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    border = np.concatenate([small[:4].ravel(), small[-4:].ravel(), small[:, :4].ravel(), small[:, -4:].ravel()])
    centre = small[small.shape[0] // 4 : 3 * small.shape[0] // 4, small.shape[1] // 4 : 3 * small.shape[1] // 4]
    if np.median(border) > percentile(centre, 60) - 40:
        return None
    return small, scale


def _sheet_quad(small: np.ndarray, scale: float, firmness: float) -> np.ndarray | None:
    """``find_page_quad`` on the copy ``_photographed`` made."""
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    threshold, sheet = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if firmness:
        threshold += firmness * (float(np.median(blurred[sheet > 0])) - threshold)
        sheet = np.where(blurred > threshold, 255, 0).astype(np.uint8)
    sheet = cv2.morphologyEx(sheet, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(largest)
    if not 0.3 * small.size <= area <= 0.98 * small.size:
        return None
    hull = cv2.convexHull(largest)
    outline = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(largest, True), True).reshape(-1, 2)
    if len(outline) == 4:
        quad, _ = _along_the_sheets_edges(_clockwise(outline.astype(np.float64)), blurred)
    else:
        # No four corners in the outline (a shadow across the sheet's foot and a surface as light as
        # its head: seed 47's phone 033, whose outline ran off the photo's top and stopped above the
        # foot): the outline's least rectangle, its sides moved onto the sheet's edges, when each
        # finds one along SHEET_EDGE_HELD of its length.
        box = cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float64)
        quad, held = _along_the_sheets_edges(_clockwise(box), blurred)
        if min(held) < SHEET_EDGE_HELD:
            return None
    quad /= scale
    ordered = np.zeros((4, 2), dtype=np.float32)
    sums, diffs = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    ordered[0], ordered[2] = quad[np.argmin(sums)], quad[np.argmax(sums)]
    ordered[1], ordered[3] = quad[np.argmin(diffs)], quad[np.argmax(diffs)]
    return ordered


def _clockwise(quad: np.ndarray) -> np.ndarray:
    """The quad's corners in order round its centre (clockwise on the image, from its left)."""
    centre = quad.mean(axis=0)
    angles = np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0])
    return quad[np.argsort(angles)]


def _along_the_sheets_edges(quad: np.ndarray, blurred: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """The quad (corners in order round it, on the copy) with each side moved onto the straight
    edge nearest it where the image brightens towards the sheet all along (``_edge_support``), when
    one holds more of the side than the side itself, and ``SHEET_EDGE_HELD`` of it: a surface
    lighter at one end than the sheet's shaded corner puts the threshold's outline on the surface
    there, and the flattening sheared the page by a few degrees, its edge left across the text (seed
    33's phone 033: the right side 0.06 of its length on an edge before, 0.97 after). Candidates
    are the image's straight edges (Hough's, on Canny's), within ``SHEET_EDGE_TURN_DEGREES`` of the
    side's direction and ``SHEET_EDGE_REACH`` of the copy's shorter side from its middle. The
    corners are where the sides chosen meet; with them, the share of each side's length on an edge."""
    height, width = blurred.shape
    smooth = blurred.astype(np.float32)
    gx, gy = cv2.Sobel(smooth, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3)
    reach = SHEET_EDGE_REACH * min(height, width)
    found = cv2.HoughLines(cv2.Canny(blurred, 20, 60), 1, np.pi / 360, int(SHEET_EDGE_VOTES * min(height, width)))
    straight = [] if found is None else [(float(rho), float(theta)) for rho, theta in found[:SHEET_EDGE_LINES, 0]]
    centre = quad.mean(axis=0)
    sides, held = [], []
    for index in range(4):
        start, end = quad[index], quad[(index + 1) % 4]
        along = (end - start) / max(float(np.linalg.norm(end - start)), 1e-9)
        inward = np.array([-along[1], along[0]])
        if np.dot(centre - (start + end) / 2, inward) < 0:
            inward = -inward
        best = (_edge_support(blurred, gx, gy, start, end, inward), start, end)
        for rho, theta in straight:
            normal = np.array([np.cos(theta), np.sin(theta)])
            if abs(np.dot(normal, along)) > np.sin(np.deg2rad(SHEET_EDGE_TURN_DEGREES)):
                continue
            if abs(np.dot((start + end) / 2, normal) - rho) > reach:
                continue
            a, b = start - (np.dot(start, normal) - rho) * normal, end - (np.dot(end, normal) - rho) * normal
            support = _edge_support(blurred, gx, gy, a, b, inward)
            if support > best[0] and support >= SHEET_EDGE_HELD:
                best = (support, a, b)
        sides.append(best[1:])
        held.append(best[0])
    corners = []
    for index in range(4):
        (p1, p2), (p3, p4) = sides[index - 1], sides[index]
        system = np.array([p2 - p1, p3 - p4]).T
        if abs(np.linalg.det(system)) < 1e-6:
            return quad, [0.0] * 4
        corners.append(p1 + np.linalg.solve(system, p3 - p1)[0] * (p2 - p1))
    out = np.array(corners)
    if (out < -reach).any() or (out[:, 0] > width + reach).any() or (out[:, 1] > height + reach).any():
        return quad, [0.0] * 4  # sides meeting far off the image are no sheet's
    return out, held


def _edge_support(blurred: np.ndarray, gx: np.ndarray, gy: np.ndarray, start: np.ndarray, end: np.ndarray,
                  inward: np.ndarray) -> float:
    """Share of the segment's points (within a pixel across it) where the image brightens towards
    ``inward`` by a step of ``SHEET_EDGE_STEP`` or more (Sobel's scale), and stays darker outward
    than inward a few pixels on (``SHEET_EDGE_SIDE_PX``): a sheet's edge holds all of its length,
    a side drawn across the surface beside it a few points, and a line of text's foot none (the
    paper above its letters is as light as below)."""
    height, width = gx.shape
    points = start[None] + np.linspace(0.03, 0.97, 100)[:, None] * (end - start)[None]
    within = (points[:, 0] >= 1) & (points[:, 0] < width - 1) & (points[:, 1] >= 1) & (points[:, 1] < height - 1)

    def at(moved: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (np.clip(np.round(moved[:, 1]).astype(int), 0, height - 1),
                np.clip(np.round(moved[:, 0]).astype(int), 0, width - 1))  # fmt: skip

    held = np.zeros(len(points), dtype=bool)
    for offset in (-1.0, 0.0, 1.0):
        ys, xs = at(points + offset * inward[None])
        held |= gx[ys, xs] * inward[0] + gy[ys, xs] * inward[1] > SHEET_EDGE_STEP
    outside = np.max([blurred[at(points - step * inward[None])] for step in SHEET_EDGE_SIDE_PX], axis=0)
    inside = np.median([blurred[at(points + step * inward[None])] for step in SHEET_EDGE_SIDE_PX], axis=0)
    held &= outside.astype(np.int32) < inside.astype(np.int32)
    return float(np.mean(held & within))


def _flattened(gray: np.ndarray) -> tuple[np.ndarray, bool, list[str]]:
    """The photographed sheet flattened onto its corners, when a quad found proves itself (it holds
    the page's text, and the lines lie level on it): Otsu's first, then a firmer one. Returns the
    page, whether it was flattened, and why each quad tried was refused."""
    refused: list[str] = []
    photo = _photographed(gray)  # once: a scan is no photo, however firm the threshold
    if photo is None:
        return gray, False, refused
    small, scale = photo
    for firmness in (0.0, SHEET_FIRMNESS):
        quad = _sheet_quad(small, scale, firmness)
        if quad is None:
            continue
        outside = ink_outside(gray, quad)
        if outside > INK_OUTSIDE_SHEET:
            refused.append(f"không nắn phối cảnh: {outside:.0%} nét chữ nằm ngoài tờ giấy tìm được")
            continue
        flat = flatten_page(gray, quad)
        tilt = estimate_skew(flat)
        if abs(tilt) > FLAT_MAX_TILT_DEGREES and abs(tilt) > abs(estimate_skew(gray)) + 1.0:
            refused.append(f"không nắn phối cảnh: dòng chữ nghiêng {abs(tilt):.1f}° sau khi nắn")
            continue
        return flat, True, refused
    return gray, False, refused


def ink_outside(gray: np.ndarray, quad: np.ndarray) -> float:
    """Share of the image's text ink lying outside ``quad`` (a sheet found with the wrong corners
    cuts text off). Ink touching the image border is the desk or a table edge, not text."""
    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    mask = _without_border_ink(ink_mask(small))
    total = int(mask.sum())
    if total == 0:
        return 0.0
    inside = np.zeros_like(mask)
    cv2.fillConvexPoly(inside, np.round(quad * scale).astype(np.int32), 1)
    inside = cv2.dilate(inside, np.ones((9, 9), np.uint8))  # the sheet's own edge, a little blur
    return int((mask & (1 - inside)).sum()) / total


def flatten_page(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The sheet inside ``quad`` as a flat rectangle (perspective corrected)."""
    top, right, bottom, left = (np.linalg.norm(quad[i] - quad[(i + 1) % 4]) for i in range(4))
    width, height = int(max(top, bottom)), int(max(left, right))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def without_halos(gray: np.ndarray, dpi: int) -> np.ndarray:
    """A photocopy whose grey field came out dark around letters in white halos (``HALO_FIELD_MAX``
    and the rest, above) as black on white: each pixel divided by its field's level (the mean of the
    pixels darker than halfway from the page's median to white, over ``HALO_FIELD_MM``), the halos
    white. Any other page comes back as it was."""
    sample = np.ascontiguousarray(gray[::4, ::4])  # one copy for the three tests, not one a test
    field = percentile(sample, 50)
    if field >= HALO_FIELD_MAX:  # most pages: their paper is their median, and light
        return gray
    if percentile(sample, 1) > HALO_INK_SHARE * field or np.mean(sample > HALO_BRIGHT) < HALO_SHARE:
        return gray
    split = (field + 255) / 2
    in_field = gray < split
    values = cv2.resize(np.where(in_field, gray, 0).astype(np.float32), None, fx=1 / 8, fy=1 / 8, interpolation=cv2.INTER_AREA)
    weights = cv2.resize(in_field.astype(np.float32), None, fx=1 / 8, fy=1 / 8, interpolation=cv2.INTER_AREA)
    side = max(3, round(HALO_FIELD_MM * dpi / 25.4 / 8))
    small_level = (cv2.blur(values, (side, side)) / np.maximum(cv2.blur(weights, (side, side)), 1e-3)).astype(np.float32)
    level = cv2.resize(small_level, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    out = np.clip(gray.astype(np.float32) * (245 / np.maximum(level, 1)), 0, 255).astype(np.uint8)
    out[~in_field] = 255
    return out


def normalize_contrast(gray: np.ndarray) -> np.ndarray:
    """Even paper and full-strength ink, decided from the image: shadows, yellowed paper, faded toner.

    The paper background (a blurred copy where text is gone) divides the page when it varies or
    is dim; then ink is stretched towards black when it is weak. Clean pages come back unchanged.
    """
    small = cv2.resize(gray, None, fx=1 / 8, fy=1 / 8, interpolation=cv2.INTER_AREA)
    background = cv2.medianBlur(small, 9)
    low, high = percentile(background, 5), percentile(background, 95)
    out = gray
    if high - low > 25 or high < 200:
        full = cv2.resize(background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
        out = cv2.divide(gray, np.maximum(full, 1), scale=245)
    sample = out[::4, ::4]
    paper = percentile(sample, 90)
    inked = sample[sample < paper - 50]
    if inked.size < 0.001 * sample.size:
        return out
    # The darkest of the inked pixels: text, even where a gray seal outweighs it on a sparse page.
    ink = percentile(inked, 5)
    if ink > 60 and paper - ink > 40:
        lut = np.clip((np.arange(256) - ink) * 235.0 / (paper - ink) + 10, 0, 255).astype(np.uint8)
        out = cv2.LUT(out, lut)
    return out


def unbend(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, float]:
    """The upright, deskewed page with lines bent by a fold straightened, and the bend in mm (see
    ``BEND_MIN_MM``); the page as it came and 0.0 when its lines are straight, or when straightening
    would not make them sharper. Each column moves up or down, never sideways: nothing leaves the
    page but what lay within the bend's height of its top or bottom edge."""
    factor = max(1, round(gray.shape[1] / BEND_SAMPLE_PX))  # a whole factor: OpenCV's fast path, 30x faster
    scale = 1.0 / factor
    small = gray if factor == 1 else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mask = _without_border_ink(ink_mask(small))
    neighbours = _bend(mask, dpi * scale)
    if neighbours is None or _bend_mm(*neighbours, dpi * scale) < BEND_MIN_MM:
        return gray, 0.0  # lines straight strip to strip: no fold to look for against the page (most pages)
    sharpness = _row_sharpness(mask)
    best: tuple[float, np.ndarray, np.ndarray, float] | None = None  # (sharpness, centres, shifts, bend in mm)
    for found in (neighbours, _bend_against_the_page(mask, dpi * scale)):
        if found is None:
            continue
        centres, shifts = found
        bend_mm = _bend_mm(centres, shifts, dpi * scale)
        if bend_mm < BEND_MIN_MM:
            continue
        shifts = shifts - np.median(shifts)
        straightened = _row_sharpness(_shifted_columns(mask, np.interp(np.arange(mask.shape[1]), centres, shifts), cv2.INTER_NEAREST))
        if straightened >= BEND_GAIN * sharpness and (best is None or straightened > best[0]):
            best = (straightened, centres, shifts, bend_mm)
    if best is None:
        return gray, 0.0
    _, centres, shifts, bend_mm = best
    columns = (np.arange(gray.shape[1]) + 0.5) * scale - 0.5
    return _shifted_columns(gray, np.interp(columns, centres, shifts) / scale, cv2.INTER_LINEAR), round(bend_mm, 2)


def _bend_mm(centres: np.ndarray, shifts: np.ndarray, dpi: float) -> float:
    """How far the strips' heights spread beyond a straight tilt, in mm."""
    beyond_tilt = shifts - np.polyval(np.polyfit(centres, shifts, 1), centres)
    return float(beyond_tilt.max() - beyond_tilt.min()) / dpi * 25.4


def _strip_profiles(mask: np.ndarray, px_per_mm: float, step_mm: float, strip_steps: int) -> tuple[np.ndarray, int, int] | None:
    """The row profile of each strip of ``strip_steps`` steps of ``step_mm`` (one step apart),
    blurred 0.4 mm down the rows, with the step and the strip's width in pixels; None when the
    image is narrower than one strip."""
    height, width = mask.shape
    step = max(2, round(step_mm * px_per_mm))
    blocks = width // step
    if blocks < strip_steps:
        return None
    per_block = mask[:, : blocks * step].reshape(height, blocks, step).sum(axis=2, dtype=np.int32)
    per_strip = sum(per_block[:, i : blocks - strip_steps + 1 + i] for i in range(strip_steps))
    ink_per_row = np.ascontiguousarray(np.asarray(per_strip, dtype=np.float32).T)  # one row profile per strip
    sigma = max(1.0, 0.4 * px_per_mm)
    profiles = cv2.GaussianBlur(ink_per_row, (2 * int(np.ceil(3 * sigma)) + 1, 1), sigmaX=sigma, sigmaY=0)
    return profiles, step, strip_steps * step


def _bend(mask: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Centres of the strips holding ink and how far down each one's lines lie against the first's,
    in pixels of ``mask``; None when fewer than four strips hold ink. Neighbouring strips are matched
    by the cross-correlation of their row profiles (sub-pixel: a parabola through its peak)."""
    px_per_mm = dpi / 25.4
    height = mask.shape[0]
    found = _strip_profiles(mask, px_per_mm, BEND_STEP_MM, BEND_STRIP_STEPS)
    if found is None:
        return None
    profiles, step, strip = found
    starts = np.arange(profiles.shape[0]) * step
    inked = profiles.sum(axis=1) > 0.001 * strip * height
    centres: list[float] = []
    shifts: list[float] = []
    for index in np.nonzero(inked)[0]:
        centre = float(starts[index] + strip / 2)
        if not centres:
            centres.append(centre)
            shifts.append(0.0)
            previous = profiles[index] - profiles[index].mean()
            continue
        current = profiles[index] - profiles[index].mean()
        reach = int(np.ceil((centre - centres[-1]) * np.tan(np.deg2rad(BEND_MAX_DEGREES)))) + 1
        scores = np.array([
            float(np.dot(previous[: height - d], current[d:])) if d >= 0 else float(np.dot(previous[-d:], current[: height + d]))
            for d in range(-reach, reach + 1)
        ])  # fmt: skip
        best = int(np.argmax(scores))
        offset = float(best - reach)
        if 0 < best < 2 * reach:
            left, peak, right = scores[best - 1 : best + 2]
            curvature = left - 2 * peak + right
            if curvature < 0:
                offset += 0.5 * (left - right) / curvature
        centres.append(centre)
        shifts.append(shifts[-1] + offset)
        previous = current
    if len(centres) < 4:
        return None
    return np.array(centres), np.array(shifts)


def _bend_against_the_page(mask: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Centres of the strips holding ink and how far down each one's lines lie, in pixels of
    ``mask``, each strip matched against the whole page's row profile (see ``FOLD_STEP_MM``), the
    first and the last aside; None when fewer than six strips hold ink, or for an image shorter than
    ``FOLD_PAGE_MIN_MM``."""
    px_per_mm = dpi / 25.4
    height = mask.shape[0]
    if height < FOLD_PAGE_MIN_MM * px_per_mm:
        return None  # a band of a few lines: too few to stand for a page's
    found = _strip_profiles(mask, px_per_mm, FOLD_STEP_MM, FOLD_STRIP_STEPS)
    if found is None:
        return None
    profiles, step, strip = found
    inked = np.nonzero(profiles.sum(axis=1) > 0.001 * strip * height)[0]
    if len(inked) < 6:
        return None
    strips = profiles[inked].astype(np.float64)
    strips -= strips.mean(axis=1, keepdims=True)
    reach = int(np.ceil(FOLD_REACH_MM * px_per_mm))
    offsets = np.arange(reach, -reach - 1, -1)  # window j of the padded page profile: a strip lying offsets[j] lower
    moves = np.abs(offsets[:, None] - offsets[None, :])
    costs = np.where(moves <= FOLD_MAX_SLOPE * step, FOLD_SLOPE_COST * moves, np.inf)
    # The page's first and last strips lie as a flat sheet's would, or a slope's step off.
    edge = np.where(np.abs(offsets) <= FOLD_MAX_SLOPE * step, 0.0, -np.inf)
    shifts = np.zeros(len(inked), dtype=np.int64)
    for _ in range(FOLD_ROUNDS):
        page = np.zeros(height + 2 * reach)
        for row, shift in zip(strips, shifts, strict=True):  # each strip moved by its height: the page's lines
            page[reach : reach + height] += np.roll(row, -int(shift))
        page[reach : reach + height] -= page[reach : reach + height].mean()
        windows = np.lib.stride_tricks.sliding_window_view(page, height)  # (offsets, height)
        scores = strips @ windows.T
        scores /= max(float(np.abs(scores).max()), 1e-9)  # a strip of little ink has little say
        total, back = scores[0] + edge, np.zeros(scores.shape, dtype=np.int64)
        for index in range(1, len(strips)):
            moved = total[:, None] - costs
            back[index] = moved.argmax(axis=0)
            total = moved.max(axis=0) + scores[index]
        path = np.empty(len(strips), dtype=np.int64)
        path[-1] = int((total + edge).argmax())
        for index in range(len(strips) - 1, 0, -1):
            path[index - 1] = back[index][path[index]]
        shifts = offsets[path]
    # Each height to a fraction of a pixel (a parabola through the match's peak), the path smoothed
    # over three strips: heights in whole pixels of the sample step the letters they cross.
    rows = np.arange(len(path))
    inner = (path > 0) & (path < len(offsets) - 1)
    left, peak, right = (scores[rows, np.clip(path + d, 0, len(offsets) - 1)] for d in (-1, 0, 1))
    curvature = left - 2 * peak + right
    fine = np.where(inner & (curvature < 0), 0.5 * (left - right) / np.where(curvature < 0, curvature, -1.0), 0.0)
    exact = offsets[path] - fine  # offsets fall as the window index rises
    heights = np.convolve(np.pad(exact, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    # The edge strips pinned as a flat sheet's: their heights are no measure of the page's (a page a
    # little tilted would have its edges taken for a bend); the columns there go as their neighbours.
    return (inked * step + strip / 2)[1:-1], heights[1:-1]


def _shifted_columns(image: np.ndarray, shifts: np.ndarray, interpolation: int) -> np.ndarray:
    """``image`` with column x read from ``shifts[x]`` pixels lower (a line lying low moves up).
    In slices of ``SHIFT_SLICE_PX`` columns: the maps of a whole 300 dpi page would take 70 MB."""
    height, width = image.shape
    out = np.empty_like(image)
    rows = np.arange(height, dtype=np.float32)[:, None]
    for x0 in range(0, width, SHIFT_SLICE_PX):
        x1 = min(width, x0 + SHIFT_SLICE_PX)
        map_x = np.ascontiguousarray(np.broadcast_to(np.arange(x1 - x0, dtype=np.float32), (height, x1 - x0)))
        map_y = rows + shifts[x0:x1].astype(np.float32)[None, :]
        out[:, x0:x1] = cv2.remap(image[:, x0:x1], map_x, map_y, interpolation, borderMode=cv2.BORDER_REPLICATE)
    return out


def _row_sharpness(mask: np.ndarray) -> float:
    """How sharply the lines of text stand out of the row profile: its variance."""
    return float(np.var(mask.sum(axis=1, dtype=np.float64)))


def clean_page(image: np.ndarray, dpi: int = 300) -> CleanedPage:
    gray = to_gray(image)
    flattened = halos = False
    notes: list[tuple[str, str]] = []
    bilevel = is_bilevel(gray)
    if bilevel:
        gray = despeckle(gray, dpi)
    else:
        gray, flattened, refused = _flattened(gray)
        notes += [] if flattened else [("flatten", why) for why in refused[-1:]]
        paper = without_halos(gray, dpi)
        gray, halos = normalize_contrast(paper), paper is not gray
    # A photocopier's grey field draws streaks down the page that the profiles would take for text
    # lines (a sheet turned sideways): on a grainy page the turn and skew are judged on its darkest
    # ink, and no page is turned unless the letters of its darkest ink agree (``_sideways``).
    stark = dark_ink_only(gray) if grain(gray) >= GRAINY else None
    ink = InkSample.of(gray if stark is None else stark)
    if _blank(ink):
        return CleanedPage(gray, 0, 0.0, True, flattened, notes=tuple(notes), halos=halos)
    rotation = 0
    if _sideways(ink, gray, stark):
        gray, rotation, ink = rotate_upright(gray, 90), 90, ink.turned_quarter()
    skew = _skew(ink)
    if abs(skew) >= 0.15:
        gray = rotate_by(gray, -skew)
    else:
        skew = 0.0
    gray, unbent_mm = unbend(gray, dpi)
    gray = without_border_blots(gray, dpi)
    # Up or down is judged on lines as they run: a bent line's profile shows no x-height.
    straight, along = (InkSample.of(gray), 0.0) if unbent_mm else (ink, skew)
    if stark is None and _upside_down(straight, along) and specks_per_square_inch(gray, dpi) < TONER_SPECKS:
        gray, rotation = rotate_upright(gray, 180), rotation + 180
    gray, _ = suppress_seals(gray, dpi, bilevel)
    return CleanedPage(gray, rotation, skew, False, flattened, unbent_mm, tuple(notes), halos)
