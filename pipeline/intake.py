"""Intake: find files, tell their type from the bytes, check limits before any heavy work."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from pipeline import poppler
from pipeline.errors import (
    CorruptFileError,
    EmptyFileError,
    ImageTooSmallError,
    SohoaError,
    TooLargeError,
    UnsupportedFormatError,
)
from pipeline.settings import Settings

PDF = "application/pdf"
TIFF = "image/tiff"
JPEG = "image/jpeg"
PNG = "image/png"
BMP = "image/bmp"
WEBP = "image/webp"

# Formats we recognise only to name them in the error message.
_KNOWN_UNSUPPORTED = [
    (b"PK\x03\x04", "tệp ZIP/Office (docx, xlsx, odt…)"),
    (b"\xd0\xcf\x11\xe0", "tệp Office cũ (doc, xls)"),
    (b"Rar!", "tệp RAR"),
    (b"\x1f\x8b", "tệp gzip"),
    (b"GIF8", "ảnh GIF"),
    (b"{\\rtf", "tệp RTF"),
]


@dataclass(frozen=True, slots=True)
class ProbedFile:
    media_type: str
    page_count: int


def sniff_media_type(head: bytes) -> str:
    """Media type from the first bytes; raises for anything we do not process."""
    if not head:
        raise EmptyFileError("Tệp rỗng (0 byte).")
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"BM"):
        return BMP
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    for magic, name in _KNOWN_UNSUPPORTED:
        if head.startswith(magic):
            raise UnsupportedFormatError(f"Không hỗ trợ {name}; chỉ nhận PDF, TIFF, JPEG, PNG.")
    if _looks_like_text(head):
        raise UnsupportedFormatError("Tệp văn bản thuần, không phải bản quét (PDF, TIFF, JPEG, PNG).")
    raise UnsupportedFormatError("Định dạng không nhận ra; chỉ nhận PDF, TIFF, JPEG, PNG.")


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def probe(path: Path, settings: Settings) -> ProbedFile:
    """Validate a stored original cheaply: type, encryption, page count, pixel count."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFileError("Tệp rỗng (0 byte).")
    if size > settings.max_file_bytes:
        raise TooLargeError(
            f"Tệp {size / 1e6:.0f} MB vượt giới hạn {settings.max_file_bytes / 1e6:.0f} MB (SOHOA_MAX_FILE_BYTES)."
        )
    with path.open("rb") as handle:
        head = handle.read(2048)
    media_type = sniff_media_type(head)
    if media_type == PDF:
        return ProbedFile(PDF, _probe_pdf(path, settings))
    return ProbedFile(media_type, _probe_image(path, settings))


def _probe_pdf(path: Path, settings: Settings) -> int:
    info = poppler.pdf_info(path)
    if info.page_count > settings.max_pages:
        raise TooLargeError(f"PDF có {info.page_count} trang, vượt giới hạn {settings.max_pages} (SOHOA_MAX_PAGES).")
    pixels = (info.max_width_pt * settings.dpi / 72) * (info.max_height_pt * settings.dpi / 72)
    if pixels > settings.max_pixels:
        raise TooLargeError(
            f"Trang PDF khổ {info.max_width_pt:.0f}×{info.max_height_pt:.0f} pt quá lớn ở {settings.dpi} dpi "
            f"({pixels / 1e6:.0f} triệu điểm ảnh > {settings.max_pixels / 1e6:.0f} triệu)."
        )
    return info.page_count


def _probe_image(path: Path, settings: Settings) -> int:
    # Header only: Pillow reads the size without decoding, so a bomb is refused before it costs memory.
    try:
        with Image.open(path) as image:
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFileError(f"Ảnh hỏng hoặc không đọc được: {exc}") from exc
    except Image.DecompressionBombError as exc:
        raise TooLargeError(f"Ảnh quá lớn (bom giải nén): {exc}") from exc
    if width * height > settings.max_pixels:
        raise TooLargeError(
            f"Ảnh {width}×{height} ({width * height / 1e6:.0f} triệu điểm ảnh) vượt giới hạn "
            f"{settings.max_pixels / 1e6:.0f} triệu (SOHOA_MAX_PIXELS)."
        )
    if min(width, height) < settings.min_pixels_side:
        raise ImageTooSmallError(f"Ảnh {width}×{height} điểm ảnh quá nhỏ để nhận dạng.")
    if frames > settings.max_pages:
        raise TooLargeError(f"TIFF có {frames} trang, vượt giới hạn {settings.max_pages} (SOHOA_MAX_PAGES).")
    return frames


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: Path
    # Path relative to the argument it was found under, NFC: what clerks see as the file name.
    display_name: str
    # Folder inside the batch (NFC, relative); documents of one folder form a dossier later.
    folder: str


def discover(paths: Iterable[Path | FoundFile]) -> Iterator[FoundFile | tuple[Path, SohoaError]]:
    """Files under the given paths, recursively, in a stable order. Hidden files are skipped.
    A FoundFile (a caller that already knows a file's name and folder, as the watch folder does)
    passes through as it is."""
    for root in paths:
        if isinstance(root, FoundFile):
            yield root
            continue
        if root.is_file():
            yield FoundFile(root, _nfc(root.name), "")
            continue
        if not root.exists():
            yield root, CorruptFileError(f"Không tìm thấy đường dẫn: {root}")
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                full = Path(dirpath) / name
                if not full.is_file():
                    continue
                yield found_under(root, full)


def found_under(root: Path, path: Path) -> FoundFile:
    """A file named by its path under ``root`` (``root``'s own name first), as discover names it;
    its folder inside ``root`` groups it into a dossier."""
    rel = path.relative_to(root)
    folder = _nfc(str(rel.parent)) if str(rel.parent) != "." else ""
    return FoundFile(path, _nfc(str(Path(root.name) / rel)), folder)


def _nfc(name: str) -> str:
    # File names from macOS arrive in NFD, and some carry bytes that are not UTF-8.
    return unicodedata.normalize("NFC", name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
