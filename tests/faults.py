"""Bad inputs, made for real: each function writes a file that exercises one failure class."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pikepdf
from PIL import Image


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated_pdf(source_pdf: Path, path: Path) -> Path:
    data = source_pdf.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def encrypted_pdf(source_pdf: Path, path: Path) -> Path:
    with pikepdf.open(source_pdf) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="chu-so-huu", user="mat-khau", R=6))
    return path


def text_named_pdf(path: Path) -> Path:
    path.write_text("Đây là một tệp văn bản, không phải PDF.\n", encoding="utf-8")
    return path


def docx_file(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


def tiny_image(path: Path) -> Path:
    Image.new("L", (1, 1), 255).save(path)
    return path


def blank_page(path: Path) -> Path:
    Image.new("L", (2480, 3508), 250).save(path, dpi=(300, 300))
    return path


def huge_png(path: Path, side: int = 30000) -> Path:
    """A real, valid 1-bit PNG of side x side pixels, streamed so writing it costs no memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\xff" * ((side + 7) // 8)  # filter byte + white pixels
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path
