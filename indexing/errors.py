"""Why a search index could not be written or read: one class each, stable names, Vietnamese messages.

The pipeline records ``error_class`` on the document that waits (state ``extracted``); admins filter
and retry on it (``sohoa retry --class index_timeout``). Every class here is retryable: the catalog
keeps the document, the next index pass writes it.
"""

from __future__ import annotations


class SearchIndexError(Exception):
    """Base: the index refused or could not be reached."""

    error_class = "index_failed"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IndexUnavailableError(SearchIndexError):
    """No answer at all: the server is stopped, unreachable, or refuses our credentials."""

    error_class = "index_unavailable"


class IndexTimeoutError(SearchIndexError):
    """The server answered too slowly (overloaded, long garbage collection, a frozen node)."""

    error_class = "index_timeout"


class IndexRejectedError(SearchIndexError):
    """The server took the request but refused a record (mapping conflict, queue full after retries)."""

    error_class = "index_rejected"


class IndexOutdatedError(SearchIndexError):
    """The index serving searches was built by an older schema: it must be rebuilt before writes."""

    error_class = "index_outdated"


class RebuildInProgressError(SearchIndexError):
    """Another process is rebuilding this index right now."""

    error_class = "index_busy"


class RebuildIncompleteError(SearchIndexError):
    """A rebuild's counts do not match the catalog: it was not published, the old index still serves."""

    error_class = "index_incomplete"


#: Labels for admins, next to the pipeline's own classes (pipeline.errors.ERROR_CLASSES).
INDEX_ERROR_CLASSES: dict[str, str] = {
    "index_failed": "Không ghi được vào chỉ mục tìm kiếm",
    "index_unavailable": "Không kết nối được máy chủ tìm kiếm",
    "index_timeout": "Máy chủ tìm kiếm trả lời quá chậm",
    "index_rejected": "Máy chủ tìm kiếm từ chối bản ghi",
    "index_outdated": "Chỉ mục tìm kiếm cần được dựng lại",
    "index_busy": "Đang có một lần dựng lại chỉ mục khác",
    "index_incomplete": "Chỉ mục dựng lại chưa khớp danh mục",
}
