"""Stable failure classes recorded per document.

Every failure that reaches the catalog carries one of these classes (a short, stable string that
admins filter and retry on) and a human message in Vietnamese. Code raises the subclass; the
catalog stores ``error_class`` and ``str(exc)``.
"""

from __future__ import annotations

from enum import IntEnum

from indexing.errors import INDEX_ERROR_CLASSES


class SohoaError(Exception):
    """Base of every failure we record against a document or page."""

    error_class: str = "internal"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EmptyFileError(SohoaError):
    error_class = "empty"


class UnsupportedFormatError(SohoaError):
    error_class = "unsupported"


class CorruptFileError(SohoaError):
    error_class = "corrupt"


class EncryptedFileError(SohoaError):
    error_class = "encrypted"


class TooLargeError(SohoaError):
    """File size, page count or pixel count above the configured limit."""

    error_class = "too_large"


class ImageTooSmallError(SohoaError):
    error_class = "too_small"


class OcrTimeoutError(SohoaError):
    error_class = "ocr_timeout"


class OcrCrashError(SohoaError):
    error_class = "ocr_crash"


class ToolMissingError(SohoaError):
    error_class = "tool_missing"


class DiskFullError(SohoaError):
    """No room left where sohoa writes (originals, page images, the catalog): nothing half-written is
    kept, and running the same command again once there is room finishes the batch."""

    error_class = "disk_full"


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC from the OS, SQLite's own "database or disk is full", PostgreSQL's disk_full (53100);
    database errors also as SQLAlchemy wraps them (the driver's error in ``orig``)."""
    import errno
    import sqlite3

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    driver_error = getattr(exc, "orig", None) or exc
    if getattr(driver_error, "sqlstate", None) == "53100":
        return True
    return isinstance(driver_error, sqlite3.OperationalError) and "full" in str(driver_error).lower()


class ToolCrashError(SohoaError):
    """A system tool (poppler) was killed by a signal while reading a file: a tool's bug or the
    machine's memory, not necessarily a bad file; worth a retry after an upgrade."""

    error_class = "tool_crash"


def ended_by(returncode: int) -> str:
    """How a child process ended, for a message: the signal when one killed it."""
    import signal

    if returncode >= 0:
        return f"mã {returncode}"
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = f"tín hiệu {-returncode}"
    if -returncode == signal.SIGKILL:
        return f"{name}: bị hệ thống dừng, thường do hết bộ nhớ"
    return name


#: Every class a document can be recorded with, for `sohoa retry --class` and the admin screens.
ERROR_CLASSES: dict[str, str] = {
    "empty": "Tệp rỗng (0 byte)",
    "unsupported": "Định dạng không được hỗ trợ",
    "corrupt": "Tệp hỏng hoặc không đọc được",
    "encrypted": "PDF có mật khẩu",
    "too_large": "Vượt giới hạn kích thước, số trang hoặc số điểm ảnh",
    "too_small": "Ảnh quá nhỏ để nhận dạng",
    "ocr_timeout": "Nhận dạng quá thời gian cho phép",
    "ocr_crash": "Tesseract bị lỗi khi nhận dạng",
    "tool_missing": "Thiếu công cụ hệ thống (tesseract, poppler)",
    "tool_crash": "Công cụ hệ thống (poppler) bị lỗi khi đọc tệp",
    "disk_full": "Hết chỗ trên đĩa",
    "storage_unavailable": "Không truy cập được kho lưu trữ đối tượng (S3)",
    **INDEX_ERROR_CLASSES,
    "internal": "Lỗi nội bộ",
}


class ExitCode(IntEnum):
    ok = 0
    some_files_failed = 1
    usage = 2
