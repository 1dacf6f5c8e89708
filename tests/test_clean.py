"""Orientation and deskew on generated pages, with the real Tesseract OSD."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from ocr.clean import clean_page, estimate_skew, is_blank, rotate_by, to_gray
from ocr.tesseract import create_engine
from samples.generator.content import AGENCIES, quyet_dinh
from samples.generator.render import render


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    rng = random.Random(5)
    return render(quyet_dinh(rng, AGENCIES[0]), rng).pages[0]


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    return create_engine("auto", "vie", 60)


@pytest.mark.parametrize("angle", [-9.0, -2.5, 1.2, 6.0, 13.0])
def test_skew_is_measured_within_a_fifth_of_a_degree(page: np.ndarray, angle: float) -> None:
    tilted = rotate_by(to_gray(page), angle)
    assert estimate_skew(tilted) == pytest.approx(angle, abs=0.2)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_pages_are_set_upright(page: np.ndarray, engine, turn: int) -> None:  # type: ignore[no-untyped-def]
    # np.rot90 turns counter-clockwise; making it upright again needs the opposite turn.
    turned = np.ascontiguousarray(np.rot90(to_gray(page), k=turn // 90))
    cleaned = clean_page(turned, 300, engine)
    assert cleaned.rotation == (360 - turn) % 360
    assert cleaned.image.shape == to_gray(page).shape


def test_upright_page_is_left_alone(page: np.ndarray, engine) -> None:  # type: ignore[no-untyped-def]
    cleaned = clean_page(page, 300, engine)
    assert (cleaned.rotation, cleaned.skew_degrees, cleaned.blank) == (0, 0.0, False)


def test_red_seal_is_dropped_by_the_grayscale_conversion(page: np.ndarray) -> None:
    red = np.array([210, 40, 50], dtype=np.uint8)
    is_red = np.all(np.abs(page.astype(int) - red) < 60, axis=2)
    assert is_red.sum() > 1000  # the generated page carries a seal
    assert to_gray(page)[is_red].min() > 150  # ... which becomes light paper, not black ink


def test_blank_and_nearly_blank_pages() -> None:
    paper = np.full((3508, 2480), 245, dtype=np.uint8)
    assert is_blank(paper)
    noisy = np.clip(paper + np.random.default_rng(1).normal(0, 6, paper.shape), 0, 255).astype(np.uint8)
    assert is_blank(noisy)
    edged = noisy.copy()
    edged[:, :40] = 30  # a scanner edge is not content
    assert is_blank(edged)
    written = noisy.copy()
    cv2.putText(written, "Ghi chu", (600, 1500), cv2.FONT_HERSHEY_SIMPLEX, 4, 0, 8)
    assert not is_blank(written)
