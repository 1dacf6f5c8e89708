"""ocr.components: the pieces of a mask, labelled 16-bit when they fit and 32-bit when not."""

from __future__ import annotations

import cv2
import numpy as np

from ocr.components import pieces


def _as_opencv_labels(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)
    return count, labels, stats


def test_a_pages_pieces_are_labelled_as_opencv_labels_them_in_half_the_bits() -> None:
    draw = np.random.default_rng(3)
    mask = (draw.random((700, 500)) < 0.3).astype(np.uint8)  # grain: thousands of pieces, some touching
    cv2.line(mask, (10, 10), (490, 690), 1, 3)
    count, labels, stats = pieces(mask)
    expected_count, expected_labels, expected_stats = _as_opencv_labels(mask)
    assert labels.dtype == np.uint16 and 1000 < count < 65536
    assert count == expected_count
    assert np.array_equal(labels, expected_labels) and np.array_equal(stats, expected_stats)


def test_more_pieces_than_sixteen_bits_hold_are_labelled_in_thirty_two() -> None:
    """A photocopy's toner may leave more specks than a 16-bit label counts: labelled again in 32 bits,
    none lost or merged."""
    mask = np.zeros((1200, 1200), np.uint8)
    mask[::3, ::3] = 1  # 160,000 specks apart
    count, labels, stats = pieces(mask)
    assert labels.dtype == np.int32 and count == 160_001
    assert int(labels.max()) == 160_000 and np.all(stats[1:, cv2.CC_STAT_AREA] == 1)
