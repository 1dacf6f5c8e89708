"""The one wrapper around poppler-utils (pdfinfo, pdftoppm, pdfimages, pdftotext). Nothing else spawns them."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from pipeline.errors import CorruptFileError, EncryptedFileError, ToolCrashError, ToolMissingError, ended_by

_TIMEOUT_INFO = 60
_TIMEOUT_PAGE = 120
# A scanner's PDF page is one JPEG image at the scan's resolution: taken as it is stored (a JPEG
# decode, ~0.05 s a page) instead of rendered (0.2-0.25 s at 300 dpi), when its resolution is the one
# asked for within SCAN_PPI_TOLERANCE and a coarse render of the page (CHECK_DPI) shows the same
# picture: nothing drawn over it, no turn or crop the image alone would miss. A coarse pixel differs
# by what it lies outside the range of the shrunk image's 3 x 3 pixels around it (the two shrink by
# different filters): the scanned pages of independent seeds 9 and 13 and the samples (59) by 0.8 on
# average and 16 at most, a sharp drawn test page by 57; a page placed upside down by 7 and 185, a
# mark 4 mm wide drawn over a page by 255.
SCAN_PPI_TOLERANCE = 0.01
CHECK_DPI = 18
CHECK_MEAN_DIFFERENCE = 3.0
CHECK_MAX_DIFFERENCE = 100
# The image as stored is smoothed by half a pixel, as a renderer's resampling smooths it: read raw, its
# JPEG ringing cost Tesseract digits in tables ("150" read "1LỚU"). Words wrong on the scanned PDF
# pages of independent seed 13, rendered 149, raw 163, smoothed 148; seed 9's, 44, 45, 43.
SCAN_SMOOTHING = 0.5


@dataclass(frozen=True, slots=True)
class PdfInfo:
    page_count: int
    encrypted: bool
    # Size of the largest page in PDF points (1/72 inch).
    max_width_pt: float
    max_height_pt: float


@dataclass(frozen=True, slots=True)
class LayerWord:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise ToolMissingError(f"Không tìm thấy '{tool}' (cài gói poppler-utils).")
    return path


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    try:
        proc = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CorruptFileError(f"{Path(args[0]).name} quá thời gian ({timeout:.0f} s): PDF có thể hỏng.") from exc
    if proc.returncode < 0:  # killed by a signal: the tool broke, the file may be fine
        raise ToolCrashError(f"{Path(args[0]).name} bị dừng ({ended_by(proc.returncode)}) khi đọc tệp.")
    return proc


def _stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stderr.decode("utf-8", "replace").strip()


def pdf_info(path: Path) -> PdfInfo:
    proc = _run([_require("pdfinfo"), "-l", "-1", str(path)], _TIMEOUT_INFO)
    err = _stderr(proc)
    if proc.returncode != 0:
        if "password" in err.lower() or "encrypt" in err.lower():
            raise EncryptedFileError("PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi nạp lại.")
        raise CorruptFileError(f"Không đọc được PDF: {err.splitlines()[-1] if err else 'pdfinfo lỗi'}")
    text = proc.stdout.decode("utf-8", "replace")
    fields: dict[str, str] = {}
    widths: list[float] = []
    heights: list[float] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
        size = re.match(r"Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)", line)
        if size:
            widths.append(float(size.group(1)))
            heights.append(float(size.group(2)))
    try:
        pages = int(fields.get("Pages", "0"))
    except ValueError:
        pages = 0
    if pages <= 0:
        raise CorruptFileError("PDF không có trang nào đọc được.")
    if not widths:
        match = re.match(r"([\d.]+)\s+x\s+([\d.]+)", fields.get("Page size", ""))
        if match:
            widths, heights = [float(match.group(1))], [float(match.group(2))]
    return PdfInfo(
        page_count=pages,
        encrypted=fields.get("Encrypted", "no").startswith("yes"),
        max_width_pt=max(widths, default=595.0),
        max_height_pt=max(heights, default=842.0),
    )


def render_page_gray(path: Path, page_number: int, dpi: int) -> np.ndarray:
    """One page (1-based) as an 8-bit grayscale array; page by page keeps memory at one page."""
    proc = _run(
        [_require("pdftoppm"), "-f", str(page_number), "-l", str(page_number), "-r", str(dpi), "-gray", str(path)],
        _TIMEOUT_PAGE,
    )
    if proc.returncode != 0 or not proc.stdout:
        raise CorruptFileError(f"Không dựng được trang {page_number}: {_stderr(proc) or 'pdftoppm lỗi'}")
    return _parse_pgm(proc.stdout)


def embedded_scan(path: Path, page_number: int, dpi: int) -> np.ndarray | None:
    """The page's one embedded image as 8-bit grayscale, smoothed as a render would be, when the
    page is a scan at ``dpi`` and nothing else (see ``SCAN_PPI_TOLERANCE``); None when it must be
    rendered."""
    if not _one_jpeg_at(path, page_number, dpi):
        return None
    with tempfile.TemporaryDirectory(prefix="sohoa-pdfimages-") as directory:
        extracted = _run([_require("pdfimages"), "-f", str(page_number), "-l", str(page_number), "-j", str(path),
                          f"{directory}/image"], _TIMEOUT_PAGE)  # fmt: skip
        files = sorted(Path(directory).glob("image-*.jpg"))
        if extracted.returncode != 0 or len(files) != 1:
            return None
        image = cv2.imread(str(files[0]), cv2.IMREAD_GRAYSCALE)
    if image is None or not _same_picture(image, render_page_gray(path, page_number, CHECK_DPI), dpi):
        return None
    return cv2.GaussianBlur(image, (0, 0), SCAN_SMOOTHING)


def _one_jpeg_at(path: Path, page_number: int, dpi: int) -> bool:
    """The page holds one image, an 8-bit gray or RGB JPEG placed at ``dpi`` (``pdfimages -list``)."""
    listing = _run([_require("pdfimages"), "-f", str(page_number), "-l", str(page_number), "-list", str(path)], _TIMEOUT_INFO)
    rows = [line.split() for line in listing.stdout.decode("utf-8", "replace").splitlines()[2:] if line.strip()]
    if listing.returncode != 0 or len(rows) != 1 or len(rows[0]) < 14:
        return False
    # page num type width height color comp bpc enc interp object-id generation x-ppi y-ppi size ratio
    kind, colour, components, bits, encoding = rows[0][2], rows[0][5], rows[0][6], rows[0][7], rows[0][8]
    try:
        x_ppi, y_ppi = float(rows[0][12]), float(rows[0][13])
    except ValueError:
        return False
    return (kind == "image" and encoding == "jpeg" and bits == "8" and components in ("1", "3")
            and colour in ("gray", "rgb", "icc") and abs(x_ppi - dpi) <= SCAN_PPI_TOLERANCE * dpi
            and abs(y_ppi - dpi) <= SCAN_PPI_TOLERANCE * dpi)  # fmt: skip


def _same_picture(image: np.ndarray, coarse: np.ndarray, dpi: int) -> bool:
    """The image, shrunk to the coarse render's size, shows what the render shows (see
    ``CHECK_MEAN_DIFFERENCE``): the page's size, and no pixel off the range of the 3 x 3 around it."""
    if abs(image.shape[0] * CHECK_DPI / dpi - coarse.shape[0]) > 2 or abs(image.shape[1] * CHECK_DPI / dpi - coarse.shape[1]) > 2:
        return False
    shrunk = cv2.resize(image, (coarse.shape[1], coarse.shape[0]), interpolation=cv2.INTER_AREA)
    around = np.ones((3, 3), np.uint8)
    difference = np.maximum(cv2.subtract(cv2.erode(shrunk, around), coarse), cv2.subtract(coarse, cv2.dilate(shrunk, around)))
    return float(difference.mean()) <= CHECK_MEAN_DIFFERENCE and int(difference.max()) <= CHECK_MAX_DIFFERENCE


def render_page_colour(path: Path, page_number: int, dpi: int) -> np.ndarray:
    """One page as RGB (for the searchable PDF, which keeps seals and colours as scanned)."""
    proc = _run([_require("pdftoppm"), "-f", str(page_number), "-l", str(page_number), "-r", str(dpi), str(path)],
                _TIMEOUT_PAGE)  # fmt: skip
    if proc.returncode != 0 or not proc.stdout:
        raise CorruptFileError(f"Không dựng được trang {page_number}: {_stderr(proc) or 'pdftoppm lỗi'}")
    return _parse_pgm(proc.stdout)


def _parse_pgm(data: bytes) -> np.ndarray:
    # Binary PGM/PPM: "P5|P6\n<w> <h>\n<maxval>\n" then raster. pdftoppm writes no comments.
    match = re.match(rb"P([56])\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not match:
        raise CorruptFileError("pdftoppm trả về ảnh không hợp lệ.")
    channels = 3 if match.group(1) == b"6" else 1
    width, height = int(match.group(2)), int(match.group(3))
    raster = np.frombuffer(data, dtype=np.uint8, count=width * height * channels, offset=match.end())
    return raster.reshape(height, width, channels) if channels == 3 else raster.reshape(height, width)


def text_layer_words(path: Path, page_number: int) -> tuple[list[LayerWord], float, float]:
    """Words of a page's text layer with boxes in PDF points, and the page size in points."""
    proc = _run(
        [_require("pdftotext"), "-f", str(page_number), "-l", str(page_number), "-bbox", str(path), "-"],
        _TIMEOUT_PAGE,
    )
    if proc.returncode != 0:
        return [], 0.0, 0.0
    out = proc.stdout.decode("utf-8", "replace")
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    words = [
        LayerWord(html.unescape(m.group(5)), float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out
        )
    ]
    if not page:
        return words, 0.0, 0.0
    return words, float(page.group(1)), float(page.group(2))


def version() -> str:
    proc = _run([_require("pdftoppm"), "-v"], 10)
    match = re.search(r"version\s+([\d.]+)", _stderr(proc) + proc.stdout.decode("utf-8", "replace"))
    return match.group(1) if match else "unknown"
