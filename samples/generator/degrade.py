"""Degradations that imitate how pages reach the archive: scanners, phones, fax machines."""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np

PROFILES = ("clean", "office", "skewed", "faded", "lowdpi", "phone", "phone_low", "fax", "rotated")


@dataclass(frozen=True, slots=True)
class DegradedPage:
    image: np.ndarray  # uint8 gray (H, W), or RGB (H, W, 3), or bool-like 0/255 gray for fax
    dpi: int | None  # None: the file states no resolution (phone photos)
    bilevel: bool = False
    # Ground-truth geometry for tests: the turn applied (counter-clockwise degrees) and skew.
    rotation: int = 0
    skew: float = 0.0


def _gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def _noise(image: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    noisy = image.astype(np.float32) + rng.normal(0, sigma, image.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _rotate(image: np.ndarray, degrees: float, fill: int | tuple[int, int, int]) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    border = fill if isinstance(fill, tuple) else (fill, fill, fill)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=border)  # fmt: skip


def _scanner_edge(gray: np.ndarray, rng: random.Random) -> np.ndarray:
    """A dark strip at one edge, as a lid left open or a misplaced sheet leaves."""
    out = gray.copy()
    _h, w = out.shape
    width = rng.randint(15, 60)
    side = rng.choice(["left", "right", "top"])
    if side == "left":
        out[:, :width] = np.minimum(out[:, :width], rng.randint(20, 70))
    elif side == "right":
        out[:, w - width :] = np.minimum(out[:, w - width :], rng.randint(20, 70))
    else:
        out[:width, :] = np.minimum(out[:width, :], rng.randint(20, 70))
    return out


def degrade(page_rgb: np.ndarray, profile: str, rng: random.Random) -> DegradedPage:
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    if profile == "clean":
        return DegradedPage(_gray(page_rgb), 300)
    if profile == "office":
        skew = rng.uniform(-1.5, 1.5)
        rgb = _rotate(page_rgb, skew, (250, 250, 248))
        rgb = cv2.GaussianBlur(rgb, (3, 3), 0.6)
        rgb = _noise(rgb, nrng, 5)
        return DegradedPage(rgb, 300, skew=skew)  # colour scan: the seal stays red
    if profile == "skewed":
        skew = rng.choice([-1, 1]) * rng.uniform(3, 9)
        gray = _rotate(_gray(page_rgb), skew, 245)
        gray = _scanner_edge(_noise(cv2.GaussianBlur(gray, (3, 3), 0.7), nrng, 6), rng)
        return DegradedPage(gray, 300, skew=skew)
    if profile == "faded":
        gray = _gray(page_rgb).astype(np.float32)
        toner = rng.uniform(0.45, 0.6)  # ink only reaches 40-55% black
        paper = rng.uniform(215, 235)
        faded = paper - (paper - gray) * toner * (paper / 255)
        faded = _noise(np.clip(faded, 0, 255).astype(np.uint8), nrng, 7)
        return DegradedPage(cv2.GaussianBlur(faded, (3, 3), 0.8), 300, skew=0.0)
    if profile == "lowdpi":
        gray = _gray(page_rgb)
        small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        return DegradedPage(_noise(small, nrng, 4), 150)
    if profile == "phone":
        return DegradedPage(_phone(page_rgb, rng, nrng), None)
    if profile == "phone_low":
        # An older phone, or the whole sheet in a small photo: 60-120 dpi on the paper, JPEG-soft.
        photo = _phone(page_rgb, rng, nrng)
        scale = rng.uniform(60, 120) / 300
        small = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        return DegradedPage(cv2.GaussianBlur(small, (3, 3), 0.5), None)
    if profile == "fax":
        gray = _gray(page_rgb)
        skew = rng.uniform(-1.0, 1.0)
        gray = _rotate(gray, skew, 255)
        # Fax standard fine mode: ~200 dpi, thresholded, with specks.
        small = cv2.resize(gray, None, fx=200 / 300, fy=200 / 300, interpolation=cv2.INTER_AREA)
        bilevel = np.where(small < rng.randint(120, 160), 0, 255).astype(np.uint8)
        specks = nrng.random(bilevel.shape) < 0.0015
        bilevel[specks] = 0
        return DegradedPage(bilevel, 200, bilevel=True, skew=skew)
    if profile == "rotated":
        turn = rng.choice([90, 180, 270])
        base = degrade(page_rgb, "office", rng)
        turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
        # The page was fed turned clockwise by `turn`: making it upright needs `turn` counter-clockwise.
        return DegradedPage(cv2.rotate(base.image, turns[turn]), 300, rotation=turn, skew=base.skew)
    raise ValueError(f"unknown profile {profile!r}")


def _phone(page_rgb: np.ndarray, rng: random.Random, nrng: np.random.Generator) -> np.ndarray:
    """A page photographed on a desk: perspective, uneven light, a shadow, colour cast, JPEG softness."""
    h, w = page_rgb.shape[:2]
    scale = rng.uniform(0.85, 0.95)
    out_w, out_h = int(w * scale * 1.08), int(h * scale * 1.06)
    margin_x, margin_y = out_w * 0.04, out_h * 0.03

    def jitter(value: float) -> float:
        return value + rng.uniform(-1, 1) * out_w * 0.025

    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32(
        [
            [jitter(margin_x), jitter(margin_y)],
            [jitter(out_w - margin_x), jitter(margin_y)],
            [jitter(out_w - margin_x), jitter(out_h - margin_y)],
            [jitter(margin_x), jitter(out_h - margin_y)],
        ]
    )
    matrix = cv2.getPerspectiveTransform(src, dst)
    desk = (rng.randint(60, 110), rng.randint(50, 90), rng.randint(40, 80))
    photo = cv2.warpPerspective(page_rgb, matrix, (out_w, out_h), flags=cv2.INTER_AREA,
                                borderMode=cv2.BORDER_CONSTANT, borderValue=desk).astype(np.float32)  # fmt: skip
    # Light falls off across the page, and a hand or phone casts a soft shadow.
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * xx / out_w + np.sin(angle) * yy / out_h)
    light = 1.0 - 0.25 * (ramp - ramp.min()) / (ramp.max() - ramp.min() + 1e-6)
    cx, cy = rng.uniform(0.2, 0.8) * out_w, rng.uniform(0.2, 0.8) * out_h
    shadow = 1.0 - 0.3 * np.exp(-(((xx - cx) / (out_w * 0.3)) ** 2 + ((yy - cy) / (out_h * 0.25)) ** 2))
    cast = np.array([1.0, rng.uniform(0.93, 0.99), rng.uniform(0.82, 0.92)], dtype=np.float32)
    photo = photo * (light * shadow)[:, :, None] * cast[None, None, :]
    photo = cv2.GaussianBlur(photo, (3, 3), 0.9)
    photo = photo + nrng.normal(0, 4, photo.shape)
    return np.clip(photo, 0, 255).astype(np.uint8)
