"""Rasterizing PDF pages: a scanner's page is its image as stored, anything else is rendered (real poppler)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.intake import PDF
from pipeline.rasterize import rasterize_page

pytestmark = pytest.mark.catalog_agnostic  # the same outcome on either catalog engine: SQLite pass only


def _scan() -> np.ndarray:
    """A 4 x 5.33 inch sheet at 300 dpi: lines of text on its top half only (so a turn shows)."""
    page = np.full((1600, 1200), 255, np.uint8)
    for row in range(8):
        cv2.putText(page, f"Dong {row + 1}: so 123/QD-UBND ngay 02", (60, 120 + 80 * row), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    return page


def _pdf(path: Path, jpeg: bytes, width: int, height: int, dpi: int, drawing: str) -> Path:
    """A one-page PDF holding one JPEG image (DCTDecode, gray) and ``drawing`` as its content,
    written object by object with a correct cross-reference table."""
    points_w, points_h = width * 72 / dpi, height * 72 / dpi
    content = drawing.format(w=points_w, h=points_h).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {points_w:.2f} {points_h:.2f}] "
        f"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /DCTDecode /Length %d >>\nstream\n" % (width, height, len(jpeg)) + jpeg + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_a_scanners_pdf_page_is_taken_as_its_image_as_stored(tmp_path: Path) -> None:
    """Issue 11 (throughput): a scanner's PDF page (one JPEG at the resolution asked for) was
    rendered by pdftoppm, 0.2-0.25 s a page at 300 dpi, resampling the scan it holds; its image is
    now decoded as stored (~0.1 s with the checks), smoothed by half a pixel as a render is."""
    page = _scan()
    jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
    pdf = _pdf(tmp_path / "scan.pdf", jpeg, 1200, 1600, 300, "q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q")
    raster = rasterize_page(pdf, PDF, 1, 300, 10**9)
    assert raster.dpi_source == "embedded" and raster.dpi == 300
    stored = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert np.array_equal(raster.image, cv2.GaussianBlur(stored, (0, 0), 0.5))
    # Asked for another resolution, the page is rendered at it.
    other = rasterize_page(pdf, PDF, 1, 150, 10**9)
    assert other.dpi_source == "rendered" and other.image.shape == (800, 600)


@pytest.mark.parametrize(
    "drawing",
    [
        "q -{w:.2f} 0 0 -{h:.2f} {w:.2f} {h:.2f} cm /Im0 Do Q",  # the scan placed upside down
        "q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q 0 g 0 0 {w:.2f} 100 re f",  # a black band drawn over its foot
        "q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q 0 g 200 30 12 12 re f",  # a mark 4 mm wide on its blank foot
    ],
)
def test_a_page_whose_image_is_not_the_whole_picture_is_rendered(tmp_path: Path, drawing: str) -> None:
    """The stored image alone would miss a turn of the page or what is drawn over it: such a page is
    rendered, as every PDF page was."""
    page = _scan()
    jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
    raster = rasterize_page(_pdf(tmp_path / "drawn.pdf", jpeg, 1200, 1600, 300, drawing), PDF, 1, 300, 10**9)
    assert raster.dpi_source == "rendered" and raster.image.shape == (1600, 1200)
    if "100 re f" in drawing:
        assert float(raster.image[-300:].mean()) < 150  # the band is in the picture
    elif "re f" in drawing:
        assert int(raster.image[-150:-110, 830:880].min()) < 50  # the mark is in the picture
    else:
        assert float(raster.image[-800:].mean()) < float(raster.image[:800].mean())  # the text stands at the foot


def test_a_scanners_page_is_proved_its_image_by_its_objects_and_anything_else_left_to_poppler(tmp_path: Path) -> None:
    """Issue 11 (throughput): proving a scanner's page by a coarse render took three poppler
    processes, ~0.1 s a page (independent seeds 43 and 2003's 32 scanned PDFs: 0.092 s, their
    pages read from their objects 0.018 s, the same pixels). A page whose content draws its one JPEG
    over the whole page and nothing else is that image; any other page is left to poppler's path,
    which still takes what shows only the image (a colour set and nothing drawn with it)."""
    from pipeline.scanned_pdf import placed_scan

    page = _scan()
    jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
    stored = cv2.GaussianBlur(cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE), (0, 0), 0.5)
    scan = _pdf(tmp_path / "scan.pdf", jpeg, 1200, 1600, 300, "q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q")
    proved = placed_scan(scan, 1, 300)
    assert proved is not None and np.array_equal(proved, stored)
    assert placed_scan(scan, 1, 150) is None  # another resolution: rendered at it
    assert placed_scan(scan, 2, 300) is None  # no such page
    for drawing in [
        "q -{w:.2f} 0 0 -{h:.2f} {w:.2f} {h:.2f} cm /Im0 Do Q",  # upside down
        "q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q 0 g 200 30 12 12 re f",  # a mark drawn over it
        "q {w:.2f} 0 0 {h:.2f} 36 0 cm /Im0 Do Q",  # shifted half an inch off the page
        "q 0 g {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q",  # a colour set: nothing proved, poppler's path takes it
    ]:
        pdf = _pdf(tmp_path / "other.pdf", jpeg, 1200, 1600, 300, drawing)
        assert placed_scan(pdf, 1, 300) is None, drawing
    colour_set = rasterize_page(pdf, PDF, 1, 300, 10**9)
    assert colour_set.dpi_source == "embedded" and np.array_equal(colour_set.image, stored)
    # A page turned by its /Rotate, and a damaged file: left to poppler.
    turned = tmp_path / "turned.pdf"
    turned.write_bytes(scan.read_bytes().replace(b"/Contents 4 0 R", b"/Rotate 90 /Contents 4 0 R"))
    assert placed_scan(turned, 1, 300) is None
    (tmp_path / "cut.pdf").write_bytes(scan.read_bytes()[:300])
    assert placed_scan(tmp_path / "cut.pdf", 1, 300) is None
