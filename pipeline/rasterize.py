"""Rasterize: one page of a stored original as an image array with its real resolution."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from pipeline import poppler, scanned_pdf
from pipeline.errors import CorruptFileError, TooLargeError
from pipeline.intake import PDF

# A4 long side in inches: used to guess the resolution of images that do not state one.
_A4_LONG_INCHES = 11.69
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True, slots=True)
class RasterPage:
    image: np.ndarray  # uint8, gray (H, W) or RGB (H, W, 3)
    dpi: int
    dpi_source: str  # rendered | embedded (a scanner's PDF page, its image as stored) | file | estimated


def rasterize_page(
    path: Path, media_type: str, page_number: int, dpi: int, max_pixels: int, colour: bool = False
) -> RasterPage:
    """PDF pages render in gray for OCR (colour ink is dropped later anyway) unless ``colour``; a
    scanner's page at ``dpi`` is its image as stored (``poppler.embedded_scan``)."""
    if media_type == PDF:
        # A scanner's page proved by its objects (a millisecond), else by poppler's coarse render.
        scan = None if colour else scanned_pdf.placed_scan(path, page_number, dpi)
        if scan is None and not colour:
            scan = poppler.embedded_scan(path, page_number, dpi)
        if scan is not None:
            return RasterPage(scan, dpi, "embedded")
        render = poppler.render_page_colour if colour else poppler.render_page_gray
        return RasterPage(render(path, page_number, dpi), dpi, "rendered")
    return _image_frame(path, page_number, max_pixels)


def _image_frame(path: Path, page_number: int, max_pixels: int) -> RasterPage:
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with Image.open(path) as image:
            image.seek(page_number - 1)
            stated = image.info.get("dpi")
            # Turned by its EXIF orientation (phone photos); no copy of the others (exif_transpose makes one).
            oriented = page_number == 1 and image.getexif().get(_EXIF_ORIENTATION, 1) != 1
            frame = ImageOps.exif_transpose(image) if oriented else image
            if frame.mode in ("1", "L", "I;16", "I", "F", "P", "LA") and not _palette_has_colour(frame):
                pixels = np.asarray(frame.convert("L"))
            else:
                pixels = np.asarray(frame.convert("RGB"))
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"Ảnh quá lớn (bom giải nén): {exc}") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise CorruptFileError(f"Ảnh trang {page_number} hỏng hoặc bị cắt cụt: {exc}") from exc
    height, width = pixels.shape[:2]
    if stated and float(stated[0]) >= 50:
        # Fax TIFFs state e.g. 204x98 dpi: the horizontal figure describes the glyph widths.
        return RasterPage(pixels, round(float(stated[0])), "file")
    estimated = round(max(height, width) / _A4_LONG_INCHES)
    return RasterPage(pixels, min(600, max(70, estimated)), "estimated")


def _palette_has_colour(image: Image.Image) -> bool:
    if image.mode != "P":
        return False
    rgb = image.convert("RGB")
    small = np.asarray(rgb.resize((64, 64)))
    return bool(np.ptp(small.astype(int), axis=2).max() > 30)
