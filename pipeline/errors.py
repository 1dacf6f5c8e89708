"""Stable failure classes recorded per document.

Every failure that reaches the catalog carries one of these classes (``ErrorClass``: a short,
stable string that admins filter and retry on) and a human message in Vietnamese. Code raises the
subclass; the catalog stores ``error_class`` and ``str(exc)``.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import ClassVar

from indexing.errors import INDEX_ERROR_CLASSES


class ErrorClass(StrEnum):
    """Every class a file, document or page can be recorded with. The values are stored in the
    catalog and typed by admins (``sohoa retry --class``): never renamed."""

    EMPTY = "empty"
    UNSUPPORTED = "unsupported"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    TOO_LARGE = "too_large"
    TOO_SMALL = "too_small"
    OCR_TIMEOUT = "ocr_timeout"
    OCR_CRASH = "ocr_crash"
    TOOL_MISSING = "tool_missing"
    TOOL_CRASH = "tool_crash"
    DISK_FULL = "disk_full"
    STORAGE_UNAVAILABLE = "storage_unavailable"
    CATALOG_UNAVAILABLE = "catalog_unavailable"
    WORK_POOL_UNAVAILABLE = "work_pool_unavailable"
    WATCH_BUSY = "watch_busy"
    SIGNING_FAILED = "signing_failed"
    FIXITY_FAILED = "fixity_failed"
    OFFICE_REFUSED = "office_refused"
    # The search index's own (indexing/errors.py, which stays free of the pipeline): same values.
    INDEX_FAILED = "index_failed"
    INDEX_UNAVAILABLE = "index_unavailable"
    INDEX_TIMEOUT = "index_timeout"
    INDEX_REJECTED = "index_rejected"
    INDEX_OUTDATED = "index_outdated"
    INDEX_BUSY = "index_busy"
    INDEX_INCOMPLETE = "index_incomplete"
    INTERNAL = "internal"

    @property
    def label(self) -> str:
        """What it means, in Vietnamese, for the admin screens and ``sohoa retry --help``."""
        return ERROR_CLASSES[self.value]


class SohoaError(Exception):
    """Base of every failure we record against a document or page."""

    error_class: ClassVar[ErrorClass] = ErrorClass.INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EmptyFileError(SohoaError):
    error_class = ErrorClass.EMPTY


class UnsupportedFormatError(SohoaError):
    error_class = ErrorClass.UNSUPPORTED


class CorruptFileError(SohoaError):
    error_class = ErrorClass.CORRUPT


class EncryptedFileError(SohoaError):
    error_class = ErrorClass.ENCRYPTED


class TooLargeError(SohoaError):
    """File size, page count or pixel count above the configured limit."""

    error_class = ErrorClass.TOO_LARGE


class ImageTooSmallError(SohoaError):
    error_class = ErrorClass.TOO_SMALL


class OcrTimeoutError(SohoaError):
    error_class = ErrorClass.OCR_TIMEOUT


class OcrCrashError(SohoaError):
    error_class = ErrorClass.OCR_CRASH


class ToolMissingError(SohoaError):
    error_class = ErrorClass.TOOL_MISSING


class DiskFullError(SohoaError):
    """No room left where sohoa writes (originals, page images, the catalog): nothing half-written is
    kept, and running the same command again once there is room finishes the batch."""

    error_class = ErrorClass.DISK_FULL


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

    error_class = ErrorClass.TOOL_CRASH


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


#: Every class with its label, in the order admins see them (`sohoa retry --class`, the admin screens).
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
    "catalog_unavailable": "Không mở được danh mục (cơ sở dữ liệu)",
    "work_pool_unavailable": "Nhóm máy xử lý (Prefect) chưa sẵn sàng",
    "watch_busy": "Thư mục theo dõi đang được một tiến trình khác theo dõi",
    "signing_failed": "Không ký hoặc không kiểm tra được bản sao điện tử (chứng thư số, mật khẩu, tệp PDF)",
    "fixity_failed": "Bản gốc đã lưu bị thay đổi hoặc bị mất (SHA-256 không khớp)",
    "office_refused": "Đơn vị không có trong danh mục, hoặc tên lô đã thuộc đơn vị khác",
    **INDEX_ERROR_CLASSES,
    "internal": "Lỗi nội bộ",
}


class ExitCode(IntEnum):
    ok = 0
    some_files_failed = 1
    usage = 2
