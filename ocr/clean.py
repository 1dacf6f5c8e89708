"""First cleaning pass before recognition: grayscale, blank check, orientation, deskew.

Everything returns a new array; the original image is never changed. No global binarization:
Tesseract's LSTM reads grayscale better than a thresholded page (see ENVIRONMENT.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.tesseract import Engine

# OSD confidence below which we keep the page as it is: a wrong turn costs the whole page.
MIN_ORIENTATION_CONFIDENCE = 2.0
MAX_SKEW_DEGREES = 15.0


@dataclass(frozen=True, slots=True)
class CleanedPage:
    image: np.ndarray  # 8-bit grayscale, upright and deskewed
    rotation: int  # degrees counter-clockwise applied to make the page upright
    skew_degrees: float  # rotation applied to remove skew
    blank: bool


def to_gray(image: np.ndarray) -> np.ndarray:
    """Grayscale that drops coloured ink: a red seal or blue signature becomes light, black text stays.

    The brightest channel of a red or blue stroke is high, of black toner low.
    """
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        image = image[:, :, :3]
    return image.max(axis=2)


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark strokes on a small copy, against a local background (robust to uneven lighting)."""
    background = cv2.medianBlur(gray, 31) if min(gray.shape) > 31 else gray
    diff = cv2.subtract(background, gray)
    return (diff > 40).astype(np.uint8)


def _small(gray: np.ndarray, target_width: int = 1000) -> tuple[np.ndarray, float]:
    scale = min(1.0, target_width / gray.shape[1])
    if scale == 1.0:
        return gray, 1.0
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), scale


def is_blank(gray: np.ndarray) -> bool:
    small, _ = _small(gray, 800)
    mask = ink_mask(small)
    # Scanner edges are not content: look inside a 5% margin.
    h, w = mask.shape
    inner = mask[h // 20 : h - h // 20, w // 20 : w - w // 20]
    return float(inner.mean()) < 0.0015


def rotate_upright(gray: np.ndarray, degrees_ccw: int) -> np.ndarray:
    turns = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    return cv2.rotate(gray, turns[degrees_ccw]) if degrees_ccw in turns else gray


def estimate_skew(gray: np.ndarray) -> float:
    """Skew in degrees (positive: text rises to the right) from horizontal projection profiles.

    The angle that makes text lines sharpest maximises the variance of the row sums of ink.
    """
    small, _ = _small(gray, 1000)
    mask = ink_mask(small)
    ys, xs = np.nonzero(mask)
    if len(xs) < 200:
        return 0.0
    if len(xs) > 60000:  # subsample: the profile needs shape, not every pixel
        pick = np.random.default_rng(0).choice(len(xs), 60000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float64) - small.shape[1] / 2
    ys = ys.astype(np.float64)

    def sharpness(angle: float) -> float:
        theta = np.deg2rad(angle)
        projected = ys * np.cos(theta) + xs * np.sin(theta)
        hist = np.bincount((projected - projected.min()).astype(np.int64))
        return float(np.var(hist))

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.5, best + 0.51, 0.05)
    best = max(fine, key=sharpness)
    return float(round(best, 2))


def rotate_by(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate about the centre, growing the canvas so no text is cut; new area is paper-white."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    paper = int(np.percentile(gray[:: max(1, h // 200), :: max(1, w // 200)], 90))
    return cv2.warpAffine(
        gray, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=paper
    )


def detect_orientation(gray: np.ndarray, dpi: int, engine: Engine) -> int:
    """Counter-clockwise turn (0/90/180/270) that makes the page upright; 0 on weak evidence."""
    small = gray
    osd_dpi = dpi
    if dpi > 200:  # OSD at half resolution: same answer, ~25% cheaper
        small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        osd_dpi = dpi // 2
    found = engine.orientation(small, osd_dpi)
    if found is None or found.degrees == 0 or found.confidence < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return found.degrees


def clean_page(image: np.ndarray, dpi: int, engine: Engine) -> CleanedPage:
    gray = to_gray(image)
    if is_blank(gray):
        return CleanedPage(gray, 0, 0.0, True)
    rotation = detect_orientation(gray, dpi, engine)
    upright = rotate_upright(gray, rotation)
    skew = estimate_skew(upright)
    if abs(skew) >= 0.15:
        upright = rotate_by(upright, -skew)
    else:
        skew = 0.0
    return CleanedPage(upright, rotation, skew, False)
