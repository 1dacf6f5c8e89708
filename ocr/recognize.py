"""Recognition with an orientation check: never turn a page on weak evidence.

The page is read as it comes out of cleaning. Upright text reads at ~95 mean confidence, turned
text at ~40 (measured on every sample profile), so a confident first reading settles it and OSD
is not run at all. Otherwise OSD proposes a turn, the turned page is read too, and the turn is
kept only when its reading is clearly better.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.clean import rotate_upright
from ocr.layout import Region, find_regions
from ocr.tesseract import PSM_SINGLE_BLOCK, Engine, OcrWord, mean_confidence

CONFIDENT_READING = 75.0  # mean word confidence above which the orientation is taken as right
TURN_MARGIN = 10.0  # a turned reading must beat the first one by this much to be kept
# A line read below this mean confidence is noise (toner dust, a photocopier's grey field, a fold),
# not text: on the tuning set (samples/generator seed 101, 40 pages) dropping lines under 40 loses
# no true word and removes every junk line; at 50 true words start to go.
NOISE_LINE_CONFIDENCE = 40.0


@dataclass(frozen=True, slots=True)
class Recognition:
    image: np.ndarray  # the page as read (after any turn): word boxes refer to it
    words: list[OcrWord]  # block // REGION_BLOCKS is the index of the word's region
    extra_rotation: int  # counter-clockwise turn added here (0, 90, 180, 270)
    regions: list[Region]


REGION_BLOCKS = 1000  # word.block = region index * REGION_BLOCKS + Tesseract's block number


# Page segmentation per region kind: regions are single blocks once the layout is split.
REGION_PSM = {
    "header_left": PSM_SINGLE_BLOCK, "header_right": PSM_SINGLE_BLOCK, "body": PSM_SINGLE_BLOCK,
    "closing_left": PSM_SINGLE_BLOCK, "closing_right": PSM_SINGLE_BLOCK, "page": 3,
}  # fmt: skip


def _score(words: list[OcrWord]) -> float:
    return mean_confidence(words) or 0.0


def read_in_order(gray: np.ndarray, dpi: int, engine: Engine) -> tuple[list[OcrWord], list[Region]]:
    """Words of the page in reading order: each layout region read on its own."""
    regions = find_regions(gray, dpi)
    requests = [((r.box.x, r.box.y, r.box.w, r.box.h), REGION_PSM[r.kind]) for r in regions]
    words: list[OcrWord] = []
    for index, region_words in enumerate(engine.recognize_regions(gray, dpi, requests)):
        # Blocks numbered per region keep regions apart as paragraphs in the text.
        words += [
            OcrWord(w.text, w.left, w.top, w.width, w.height, w.confidence, index * REGION_BLOCKS + w.block,
                    w.paragraph, w.line)  # fmt: skip
            for w in region_words
        ]
    return words, regions


def without_noise_lines(words: list[OcrWord]) -> list[OcrWord]:
    """The words of every line read with a mean confidence of at least ``NOISE_LINE_CONFIDENCE``."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for word in words:
        lines.setdefault((word.block, word.paragraph, word.line), []).append(word)
    kept = {key for key, members in lines.items() if (mean_confidence(members) or 0.0) >= NOISE_LINE_CONFIDENCE}
    return [w for w in words if (w.block, w.paragraph, w.line) in kept]


def recognize_page(gray: np.ndarray, dpi: int, engine: Engine, turned: bool = False) -> Recognition:
    """Read the page; ``turned``: cleaning already turned it on a cheap hint, so 180 is worth a try.
    Noise lines are dropped from the reading kept (the orientation is judged on everything read)."""
    best = _oriented(gray, dpi, engine, turned)
    return Recognition(best.image, without_noise_lines(best.words), best.extra_rotation, best.regions)


def _oriented(gray: np.ndarray, dpi: int, engine: Engine, turned: bool) -> Recognition:
    words, regions = read_in_order(gray, dpi, engine)
    best = Recognition(gray, words, 0, regions)
    best_score = _score(words)
    if best_score >= CONFIDENT_READING or not words:
        return best
    candidates: list[int] = []
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA) if dpi > 200 else gray
    proposed = engine.orientation(small, dpi // 2 if dpi > 200 else dpi)
    if proposed is not None and proposed.degrees != 0:
        candidates.append(proposed.degrees)
    if 180 not in candidates and (turned or best_score < 60):
        candidates.append(180)  # the commonest mistake left: upside down, or a wrong hint undone
    first_score = best_score
    for turn in candidates:
        turned = np.ascontiguousarray(rotate_upright(gray, turn))
        turned_words, turned_regions = read_in_order(turned, dpi, engine)
        score = _score(turned_words)
        if score >= first_score + TURN_MARGIN and score > best_score:
            best, best_score = Recognition(turned, turned_words, turn, turned_regions), score
    return best
