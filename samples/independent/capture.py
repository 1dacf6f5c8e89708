"""How a printed page reaches the archive, by Augraphy (a maintained third-party degradation
library) and by a phone camera: none of this is ``samples/generator/degrade.py``.

Each profile turns a 300 dpi RGB rendering into what a clerk would hand in, and says how it is
stored (file format, resolution written in the file). Rotation applied is part of the truth.
"""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass

import cv2
import numpy as np

warnings.filterwarnings("ignore")  # Augraphy's numba warnings

PROFILES = ("print", "photocopy", "fax", "folded", "ink", "phone", "lowres", "rotated")


@dataclass(frozen=True, slots=True)
class Capture:
    image: np.ndarray  # uint8, gray (H, W) or RGB (H, W, 3); 0/255 when bilevel
    dpi: int | None  # written in the file; None: a phone photo states none
    file_format: str  # pdf | tiff | jpg | png
    bilevel: bool = False
    rotation: int = 0  # counter-clockwise degrees the page was turned


def _seeded(rng: random.Random) -> None:
    # Augraphy draws from numpy's and Python's global generators.
    seed = rng.randint(0, 2**31 - 1)
    random.seed(seed)
    np.random.seed(seed % (2**32 - 1))


def _bgr(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def _rgb(bgr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB) if bgr.ndim == 3 else bgr


def _gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def _resample(image: np.ndarray, dpi: int) -> np.ndarray:
    scale = dpi / 300
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _tilt(image: np.ndarray, degrees: float, fill: int = 255) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    value = (fill,) * (3 if image.ndim == 3 else 1)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=value)


def _run(augmentations: list, image: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
    for augmentation in augmentations:
        result = augmentation(image)  # None when the augmentation's own dice said no
        if result is not None:
            image = result[0] if isinstance(result, tuple) else result
    return image


def capture(rendered: np.ndarray, profile: str, rng: random.Random) -> Capture:
    """One 300 dpi RGB page, as this profile hands it in."""
    from augraphy import (
        BadPhotoCopy,
        BleedThrough,
        Brightness,
        DirtyDrum,
        Faxify,
        Folding,
        InkBleed,
        Jpeg,
        LightingGradient,
        LowInkRandomLines,
        NoiseTexturize,
        ShadowCast,
        SubtleNoise,
    )  # fmt: skip

    _seeded(rng)
    page = _bgr(rendered)
    if profile == "print":
        out = _run([InkBleed(intensity_range=(0.1, 0.3), p=1), SubtleNoise(subtle_range=6, p=1)], page)
        return Capture(_gray(out), 300, "pdf")
    if profile == "rotated":
        out = _gray(_run([SubtleNoise(subtle_range=5, p=1)], page))
        turn = rng.choice([90, 180, 270])
        return Capture(np.ascontiguousarray(np.rot90(out, turn // 90)), 300, "pdf", rotation=turn)
    if profile == "photocopy":
        out = _run([BadPhotoCopy(noise_type=rng.choice([1, 2, 3]), noise_value=(40, 70), noise_iteration=(1, 2), p=1),
                    DirtyDrum(line_width_range=(1, 3), p=0.6), Brightness(brightness_range=(0.9, 1.1), p=1)], page)  # fmt: skip
        out = _tilt(_gray(out), rng.uniform(-2.5, 2.5))
        return Capture(out, 300, "tiff")
    if profile == "fax":
        gray = _gray(_resample(page, 200))
        out = _gray(_run([Faxify(scale_range=(1.0, 1.0), monochrome=1, monochrome_method="threshold_otsu",
                                 halftone=0, p=1)], gray))  # fmt: skip
        out = np.where(out > 127, 255, 0).astype(np.uint8)
        return Capture(out, 200, "tiff", bilevel=True)
    if profile == "folded":
        out = _run([Folding(fold_count=rng.randint(1, 3), fold_noise=0.0, gradient_width=(0.1, 0.2),
                            gradient_height=(0.005, 0.01), p=1),
                    LightingGradient(max_brightness=255, min_brightness=150, p=1)], page)  # fmt: skip
        out = _resample(out, 200)
        return Capture(_rgb(out), 200, "jpg")
    if profile == "ink":
        out = _run([InkBleed(intensity_range=(0.4, 0.7), p=1), BleedThrough(alpha=0.15, p=1),
                    LowInkRandomLines(count_range=(5, 15), p=1), NoiseTexturize(sigma_range=(3, 6), p=1)], page)  # fmt: skip
        return Capture(_gray(out), 300, "pdf")
    if profile == "lowres":
        out = _gray(_resample(_run([SubtleNoise(subtle_range=8, p=1)], page), 100))
        out = _run([Jpeg(quality_range=(55, 70), p=1)], out)
        return Capture(out, 100, "jpg")
    if profile == "phone":
        return _phone(page, rng, ShadowCast, LightingGradient, Jpeg)
    raise ValueError(f"unknown profile {profile}")


def _phone(page: np.ndarray, rng: random.Random, shadow_cast, lighting, jpeg) -> Capture:  # type: ignore[no-untyped-def]
    """A sheet photographed on a desk: a table edge and a gradient behind it, seen at an angle, an
    effective 60-120 dpi on the paper, a hand's shadow, JPEG. No resolution in the file."""
    dpi = rng.randint(60, 120)
    sheet = _resample(page, dpi)
    h, w = sheet.shape[:2]
    photo_w, photo_h = int(w * rng.uniform(1.15, 1.3)), int(h * rng.uniform(1.1, 1.2))
    # Background: a light-to-dark gradient (wall, floor) and a dark table edge on one side.
    ramp = np.linspace(rng.randint(150, 200), rng.randint(70, 120), photo_h, dtype=np.float32)[:, None]
    background = np.repeat(np.repeat(ramp, photo_w, axis=1)[:, :, None], 3, axis=2)
    edge = rng.randint(photo_w // 12, photo_w // 7)
    background[:, :edge] = np.array([40, 55, 75], np.float32)  # wood, BGR
    background = background.astype(np.uint8)
    # Where the sheet's corners land: roughly centred, each corner pulled by a few percent.
    margin_x, margin_y = (photo_w - w) / 2, (photo_h - h) / 2
    jitter = lambda limit: rng.uniform(-limit, limit)  # noqa: E731
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    target = np.float32([
        [margin_x + jitter(0.04 * w), margin_y + jitter(0.03 * h)],
        [margin_x + w + jitter(0.04 * w), margin_y + jitter(0.03 * h)],
        [margin_x + w + jitter(0.05 * w), margin_y + h + jitter(0.02 * h)],
        [margin_x + jitter(0.05 * w), margin_y + h + jitter(0.02 * h)],
    ])  # fmt: skip
    matrix = cv2.getPerspectiveTransform(corners, target)
    warped = cv2.warpPerspective(sheet, matrix, (photo_w, photo_h), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (photo_w, photo_h)) > 0
    photo = background.copy()
    photo[mask] = warped[mask]
    photo = _run([lighting(max_brightness=255, min_brightness=120, p=1),
                  shadow_cast(shadow_opacity_range=(0.3, 0.6), p=0.7)], photo)  # fmt: skip
    photo = cv2.GaussianBlur(photo, (3, 3), rng.uniform(0.3, 0.8))
    photo = _run([jpeg(quality_range=(70, 88), p=1)], photo)
    return Capture(_rgb(photo), None, "jpg")
