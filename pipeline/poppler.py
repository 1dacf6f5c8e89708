"""The one wrapper around poppler-utils (pdfinfo, pdftoppm, pdftotext). Nothing else spawns them."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.errors import CorruptFileError, EncryptedFileError, ToolCrashError, ToolMissingError, ended_by

_TIMEOUT_INFO = 60
_TIMEOUT_PAGE = 120


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
