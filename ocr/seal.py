"""Round seals over the signer's block: found by their ring, removed before recognition.

Colour scans lose red and blue ink in ``clean.to_gray``. On grayscale scans a red seal turns
mid-gray: inside the ring, pixels lighter than text ink (halfway to the ring's ink, or to its
strokes' cores where those are much darker, then out to the ring's faint edge) and not touching a
text stroke become paper. On fax and 1-bit scans seal and text are equally black: only the rings (but where a
stroke goes through them), the lettering between them (but letters level with a line of text) and
the central star are removed. The stored original is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.components import pieces
from ocr.levels import percentile

SEARCH_DPI = 100
MIN_RADIUS_MM, MAX_RADIUS_MM = 10.0, 28.0  # round seals of Vietnamese agencies: 30-50 mm across
MIN_RING_COVERAGE = 0.6  # share of the circumference that must carry ink
MIN_INK_GAP = 35  # gray levels between text ink and seal ink needed to tell them apart
# A grey seal whose strokes have cores darker than their ink by CORE_SPREAD grey levels or more (the
# ring's RING_CORE_PERCENTILE against its median: a stamp's ink pooled, scanned in 8 bits; 45-49 on
# samples/real's scans, 11-37 on the generated corpora's printed and photographed seals) is taken
# off where lighter than halfway from the text's ink to those cores, not to its median: the cores
# were left as dots and arcs (samples/real's tb-565). Text's stroke cores are its 10th percentile too.
RING_CORE_PERCENTILE = 10
CORE_SPREAD = 40
# A seal's reach, in radii of its outer ring: text ink is sampled beyond it, and a grey seal whose
# strokes have darker cores (a scanned stamp's, above) taken off within it, its ring's faint outer
# edge with it (tb-565's, a thin arc left between the recipients and the signer's block); a grey
# seal of even ink within EVEN_INK_REACH (further cut signatures on the generated corpora).
SEAL_REACH = 1.1
EVEN_INK_REACH = 1.06
INNER_RING_DEFAULT_MM = 4.5  # inner ring inside the outer one, when none is found
# A letter of a line is level with its neighbours: tops and bottoms within this share of a capital's height.
LINE_LEVEL = 0.12
LETTERING_SHARE = 0.9  # share of a piece's ink between the rings that makes it the seal's lettering


@dataclass(frozen=True, slots=True)
class Seal:
    x: float
    y: float
    radius: float  # page pixels, outer ring


def _mm(mm: float, dpi: float) -> float:
    return mm / 25.4 * dpi


def _ring_candidates(small: np.ndarray, search_dpi: float, paper: float) -> list[tuple[int, int, int, int]]:
    """Boxes of ring-like ink blobs (seal-sized, roughly square, mostly hollow) to search for circles;
    ``paper``: the copy's paper level."""
    ink = (small < paper - 25).astype(np.uint8)  # a red seal on a colour scan is faint after to_gray
    _count, _, stats = pieces(ink)
    low, high = _mm(2 * MIN_RADIUS_MM * 0.8, search_dpi), _mm(2 * MAX_RADIUS_MM * 1.6, search_dpi)
    x, y, w, h, area = (stats[1:, i].astype(np.int64) for i in range(5))
    # Not only seal-shaped blobs: a ring that touches the signature's stroke or the title above it
    # is one blob with them, wider or taller than the seal (the circle search and the ring's
    # coverage below decide). A photocopy's toner leaves thousands of pieces: tested all at once.
    ring_like = (low <= np.minimum(w, h)) & (np.maximum(w, h) <= high) & (area < 0.45 * w * h)
    return [(int(x[i]), int(y[i]), int(w[i]), int(h[i])) for i in np.flatnonzero(ring_like)]


def find_seals(gray: np.ndarray, dpi: int) -> list[Seal]:
    scale = min(1.0, SEARCH_DPI / dpi)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    search_dpi = dpi * scale
    found: list[tuple[float, float, float]] = []
    pad = int(_mm(8, search_dpi))
    paper = percentile(small, 90)
    # Hough only around ring-shaped blobs: most pages have none (colour scans lost the red seal).
    for bx, by, bw, bh in _ring_candidates(small, search_dpi, paper):
        x0, y0 = max(0, bx - pad), max(0, by - pad)
        roi = small[y0 : by + bh + pad, x0 : bx + bw + pad]
        circles = cv2.HoughCircles(
            cv2.GaussianBlur(roi, (5, 5), 1.2), cv2.HOUGH_GRADIENT_ALT, dp=1.5,
            minDist=_mm(15, search_dpi), param1=200, param2=0.6,
            minRadius=int(_mm(MIN_RADIUS_MM, search_dpi)), maxRadius=int(_mm(MAX_RADIUS_MM, search_dpi)),
        )  # fmt: skip
        if circles is not None:
            found += [(cx + x0, cy + y0, r) for cx, cy, r in circles.reshape(-1, 3).tolist()]
    if not found:
        return []
    circles = np.array(found, dtype=np.float32)
    seals: list[Seal] = []
    for x, y, radius in sorted(circles.reshape(-1, 3).tolist(), key=lambda c: -c[2]):
        if any(np.hypot(x - s.x * scale, y - s.y * scale) < s.radius * scale for s in seals):
            continue  # the inner ring of a seal already found
        angles = np.linspace(0, 2 * np.pi, 180, endpoint=False)
        xs = np.clip((x + radius * np.cos(angles)).astype(int), 0, small.shape[1] - 1)
        ys = np.clip((y + radius * np.sin(angles)).astype(int), 0, small.shape[0] - 1)
        # Ink within a pixel of the ring, anywhere along it.
        window = np.minimum.reduce([small[np.clip(ys + dy, 0, small.shape[0] - 1), np.clip(xs + dx, 0, small.shape[1] - 1)]
                                    for dy in (-1, 0, 1) for dx in (-1, 0, 1)])  # fmt: skip
        if float(np.mean(window < paper - 40)) >= MIN_RING_COVERAGE:
            seals.append(Seal(x / scale, y / scale, radius / scale))
    return seals


def suppress_seals(gray: np.ndarray, dpi: int, bilevel: bool) -> tuple[np.ndarray, int]:
    """The page with seals removed, and how many were found.

    A grayscale seal as dark as the text is left alone: only on 1-bit pages is the ring cut out.
    """
    seals = find_seals(gray, dpi)
    if not seals:
        return gray, 0
    out = gray.copy()
    paper = int(percentile(gray[::8, ::8], 90))
    # Text ink: inked pixels away from every seal (a seal on a sparse page outweighs the text).
    sample = gray[::4, ::4]
    yy, xx = np.mgrid[0 : sample.shape[0], 0 : sample.shape[1]] * 4
    away = np.ones(sample.shape, dtype=bool)
    for seal in seals:
        away &= np.hypot(xx - seal.x, yy - seal.y) > seal.radius * SEAL_REACH
    inked = sample[away & (sample < paper - 50)]
    if inked.size < 50:
        return gray, len(seals)
    text_ink = percentile(inked, 10)  # stroke cores; blurred edges would raise a median
    for seal in seals:
        reach = seal.radius * SEAL_REACH
        x0, y0 = int(max(0, seal.x - reach)), int(max(0, seal.y - reach))
        x1, y1 = int(min(gray.shape[1], seal.x + reach)), int(min(gray.shape[0], seal.y + reach))
        patch = out[y0:y1, x0:x1]
        yy, xx = np.mgrid[y0:y1, x0:x1]
        distance = np.hypot(xx - seal.x, yy - seal.y)
        ring_band = np.abs(distance - seal.radius) <= _mm(0.8, dpi)
        ring_pixels = patch[ring_band]
        ring_pixels = ring_pixels[ring_pixels < paper - 50]
        ring_ink = float(np.median(ring_pixels)) if ring_pixels.size else float(paper)
        ring_core = percentile(ring_pixels, RING_CORE_PERCENTILE) if ring_pixels.size else float(paper)
        if not bilevel and ring_ink - text_ink >= MIN_INK_GAP:
            pooled = ring_ink - ring_core >= CORE_SPREAD
            threshold = (text_ink + (ring_core if pooled else ring_ink)) / 2
            inside = distance <= (reach if pooled else seal.radius * EVEN_INK_REACH)
            text_core = (patch < threshold).astype(np.uint8)
            near_text = cv2.dilate(text_core, np.ones((5, 5), np.uint8)).astype(bool)
            patch[inside & ~near_text & (patch >= threshold)] = paper
        elif bilevel:
            _remove_bilevel_seal(patch, distance, seal, dpi, paper)
    return out, len(seals)


def _polar(dark: np.ndarray, distance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The inked pixels of a seal's patch about its centre: their distance, and their direction in
    steps of 2 degrees (0-179)."""
    ys, xs = np.nonzero(dark)
    angles = ((np.arctan2(ys - dark.shape[0] / 2, xs - dark.shape[1] / 2) + np.pi) / (2 * np.pi) * 180).astype(int) % 180
    return distance[ys, xs], angles


def _inner_ring_radius(radii: np.ndarray, angles: np.ndarray, seal: Seal, dpi: int) -> float:
    """The radius of a seal's inner ring: the circle inside the outer one that ink covers most of
    its way round (seals differ: 3 to 6 mm inside the outer ring), ``INNER_RING_DEFAULT_MM`` inside
    it when no circle is covered ``MIN_RING_COVERAGE`` round."""
    best, best_cover = seal.radius - _mm(INNER_RING_DEFAULT_MM, dpi), 0.0
    for radius in np.arange(seal.radius * 0.5, seal.radius - _mm(2.0, dpi), 1.0):
        on = np.abs(radii - radius) <= 1.5
        cover = len(np.unique(angles[on])) / 180
        if cover > best_cover:
            best, best_cover = float(radius), cover
    return best if best_cover >= MIN_RING_COVERAGE else seal.radius - _mm(INNER_RING_DEFAULT_MM, dpi)


def _remove_bilevel_seal(patch: np.ndarray, distance: np.ndarray, seal: Seal, dpi: int, paper: int) -> None:
    """Seal and text both black: drop the rings, the lettering between them and the star. A piece
    of ink is lettering when it lies all but wholly between the rings: a title's letters the seal
    covers reach inside the inner ring, or are welded to letters that do."""
    ring_width = _mm(1.0, dpi)
    dark = (patch < 128).astype(np.uint8)
    radii, angles = _polar(dark, distance)
    inner_radius = _inner_ring_radius(radii, angles, seal, dpi)
    between = (distance >= inner_radius - ring_width) & (distance <= seal.radius + ring_width)
    count, labels, stats = pieces(dark)
    text_height = _mm(2.2, dpi)  # capital height at 13 pt; seal lettering is about half of it to as much
    inked = np.bincount(labels.ravel(), minlength=count)
    inked_between = np.bincount(labels[between], minlength=count)
    remove = np.zeros(count, dtype=bool)
    centre_x, centre_y = patch.shape[1] / 2, patch.shape[0] / 2
    for index in range(1, count):
        x, y, w, h = (int(v) for v in stats[index, :4])
        if inked_between[index] >= LETTERING_SHARE * inked[index] and h < text_height * 1.2:
            remove[index] = True  # lettering around the ring
        elif h > text_height * 2 and max(
            np.hypot(px - centre_x, py - centre_y) for px in (x, x + w) for py in (y, y + h)
        ) < seal.radius * 0.6:
            remove[index] = True  # the star, whole inside the seal's centre (not the ring with text welded on)
    _keep_letters_of_lines(remove, stats, text_height)
    patch[remove[labels]] = paper
    for radius in (seal.radius, inner_radius):
        _erase_ring(patch, dark, distance, radius, _ring_half_width(radii, angles, radius, ring_width), paper)


def _keep_letters_of_lines(remove: np.ndarray, stats: np.ndarray, text_height: float) -> None:
    """A title's letters between the rings stay: a piece standing on the same line as a letter
    kept beside it (top and bottom level within ``LINE_LEVEL``, at most a letter's height apart)
    is a letter of that line ("TRƯỞNG PHÒNG" under a fax's seal); the ring's lettering turns round
    the seal and stands level with none. Run until no piece is added (a word's letters in a row)."""
    level, reach = max(2.0, LINE_LEVEL * text_height), text_height
    boxes = stats[:, :4].astype(float)
    kept = [i for i in range(1, len(remove)) if not remove[i] and text_height * 0.6 <= boxes[i, 3] <= text_height * 1.2]
    added = True
    while added:
        added = False
        for index in np.nonzero(remove)[0]:
            x, y, w, h = boxes[index]
            if h > text_height * 1.2 or h < text_height * 0.6:
                continue
            for other in kept:
                ox, oy, ow, oh = boxes[other]
                gap = max(ox - (x + w), x - (ox + ow))
                if abs(oy - y) <= level and abs((oy + oh) - (y + h)) <= level and gap <= reach:
                    remove[index] = False
                    kept.append(int(index))
                    added = True
                    break


def _ring_half_width(radii: np.ndarray, angles: np.ndarray, radius: float, most: float) -> float:
    """How far a ring's ink reaches either side of its radius: the offsets (up to ``most``) at
    which ink covers at least half as much of the way round as at the ring's heaviest."""
    offsets = radii - radius
    near = np.abs(offsets) <= most + 1
    steps = np.arange(-int(most), int(most) + 1)
    cover = np.array([len(np.unique(angles[near][np.abs(offsets[near] - step) <= 0.5])) for step in steps])
    if not cover.max():
        return 1.0
    heavy = steps[cover >= cover.max() / 2]
    return float(max(1, np.abs(heavy).max()))


def _erase_ring(patch: np.ndarray, dark: np.ndarray, distance: np.ndarray, radius: float, half_width: float, paper: int) -> None:
    """A ring's ink made paper, but where a stroke crosses it: ink on both sides of the ring along
    the radius (just inside and just outside it) is a letter going through, and stays."""
    ys, xs = np.nonzero((np.abs(distance - radius) <= half_width + 1.5) & (dark > 0))
    if not len(ys):
        return
    centre_y, centre_x = dark.shape[0] / 2, dark.shape[1] / 2
    length = np.maximum(distance[ys, xs], 1.0)
    unit_y, unit_x = (ys - centre_y) / length, (xs - centre_x) / length
    reach = (radius - distance[ys, xs]) + half_width + 3  # from the pixel to just past the ring, each way

    def inked(step: np.ndarray) -> np.ndarray:
        py = np.clip(np.round(ys + unit_y * step).astype(int), 0, dark.shape[0] - 1)
        px = np.clip(np.round(xs + unit_x * step).astype(int), 0, dark.shape[1] - 1)
        return dark[py, px] > 0

    through = inked(reach) & inked(reach - 2 * half_width - 6)
    patch[ys[~through], xs[~through]] = paper
