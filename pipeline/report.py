"""``sohoa status``: batches, counts per state, stage timings and failures, as one dictionary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from indexing.errors import SearchIndexError
from indexing.records import SearchBackend
from pipeline.catalog import REVIEW_LIMIT, Catalog, DocumentState

VIETNAM = timezone(timedelta(hours=7))  # no daylight saving: a fixed offset is exact

# Every stage name the catalog records, as clerks and admins read it.
STAGE_LABELS = {
    "intake": "Tiếp nhận tệp", "rasterize": "Dựng ảnh trang", "clean": "Làm sạch ảnh", "ocr": "Nhận dạng (OCR)",
    "recognize": "Nhận dạng trang (OCR)", "split": "Tách tệp nhiều văn bản", "extract": "Trích xuất siêu dữ liệu",
    "index": "Lập chỉ mục",
    "text_layer": "Lớp chữ của PDF", "flatten": "Nắn phối cảnh ảnh chụp",
    "unbend": "Nắn thẳng dòng chữ cong", "denoise": "Lọc nhiễu nền (photocopy)", "page": "Trang", "fixity": "Kiểm tra toàn vẹn bản gốc",
    "halos": "Đưa nền photocopy sẫm về nền trắng",
}  # fmt: skip


def local_time(value: Any) -> str:
    """ISO date or timestamp → dd/mm/yyyy (timestamps also HH:MM, Vietnam time): how every screen
    and the command line show a time (the catalog stores UTC)."""
    if not value:
        return ""
    text = str(value)
    try:
        if len(text) == 10:
            return date.fromisoformat(text).strftime("%d/%m/%Y")
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            moment = moment.astimezone(VIETNAM)
        return moment.strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return text


def batch_rows(catalog: Catalog, offices: frozenset[str] | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """The latest batches with their file counts, newest first (web uploads and command-line batches
    alike); of these offices only, when given."""
    return list(reversed(_batches(catalog, limit, offices)[0]))


def _batches(catalog: Catalog, limit: int = 200, offices: frozenset[str] | None = None) -> tuple[list[dict[str, Any]], int]:
    rows, total = catalog.batch_summaries(limit, offices)
    return [
        {"name": r["name"], "files": int(r["files"]), "new": int(r["new"] or 0), "duplicates": int(r["duplicates"] or 0),
         "failed": int(r["failed"] or 0), "created_at": r["created_at"], "updated_at": r["updated_at"]}
        for r in rows
    ], total  # fmt: skip


def status_report(catalog: Catalog, review_below: float = 0.8, review_fields_below: float = 0.7,
                  review_limit: int = REVIEW_LIMIT) -> dict[str, Any]:  # fmt: skip
    """What an admin checks: documents per state, batches, stages, failures, and the review queue
    (its ``review_limit`` worst pages and fields, with how many there are in all)."""
    batches, batches_count = _batches(catalog, review_limit)
    failed, failures_count = catalog.failed_files(review_limit)
    failures = [
        {"batch": r["batch"], "document_id": r["document_id"], "source": r["source"], "error_class": r["error_class"],
         "error_message": r["error_message"] or ""}
        for r in failed
    ]  # fmt: skip
    fields, fields_count = catalog.fields_to_review(review_fields_below, review_limit)
    stages = [
        {"stage": r["stage"], "runs": r["runs"], "failed": r["failed"] or 0, "mean_s": r["mean_s"] or 0.0,
         "total_s": r["total_s"] or 0.0}  # fmt: skip
        for r in catalog.stage_summary()
    ]
    return {
        "documents_by_state": catalog.state_counts(),
        "batches": batches,  # the latest review_limit, oldest of them first
        "batches_count": batches_count,
        "stages": stages,
        "failures": failures,  # the latest review_limit files that failed
        "failures_count": failures_count,
        "review": [
            {"document_id": r["document_id"], "source": r["source_name"], "page": r["number"],
             "confidence": round(r["confidence"], 3)}  # fmt: skip
            for r in catalog.pages_to_review(review_below, review_limit)
        ],
        "review_count": catalog.count_pages_to_review(review_below),
        "review_fields": fields,
        "review_fields_count": fields_count,
        "near_duplicates": [near_duplicate_json(n) for n in catalog.near_duplicates(waiting_only=True)],
        "workers": workers_report(catalog),
    }


def workers_report(catalog: Catalog, hours: float = 1.0) -> list[dict[str, Any]]:
    """Each machine's pages in the last ``hours`` and its pace while it read them (pages per minute
    from its first to its last page), with the documents it holds now."""
    since = (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="seconds")
    shown = []
    for row in catalog.pages_by_worker(since):
        pace = None
        if row["pages"] and row["first_at"] and row["last_at"]:
            span = (datetime.fromisoformat(row["last_at"]) - datetime.fromisoformat(row["first_at"])).total_seconds()
            pace = round(row["pages"] / max(span / 60, 1.0), 1)
        shown.append({"worker": row["worker"] or "(không tên)", "pages_last_hour": int(row["pages"]),
                      "pages_per_minute": pace, "documents_in_hand": int(row["holding"])})  # fmt: skip
    return shown


def near_duplicate_json(row: dict[str, Any]) -> dict[str, Any]:
    """One flagged pair as the CLI and the API show it."""
    return {
        "document_id": row["document_id"], "source": row["source_name"], "earlier_id": row["earlier_id"],
        "earlier_source": row["earlier_source_name"], "similarity": row["similarity"], "reasons": row["reasons"],
        "decision": row["decision"], "decided_by": row["decided_by"],
    }  # fmt: skip


def index_report(catalog: Catalog, backend: SearchBackend) -> dict[str, Any]:
    """The search index beside the catalog: which index serves, what it holds, whether they agree.

    Documents waiting to be (re)written (state ``extracted``) may or may not be in the index yet,
    so the index must hold at least what ``indexed`` documents need and at most what all need."""
    least = catalog.index_expectation(states=(DocumentState.INDEXED,))
    most = catalog.index_expectation()
    try:
        state = backend.state()
    except SearchIndexError as exc:
        return {"backend": backend.name, "reachable": False, "in_step": False, "error_class": exc.error_class,
                "message": exc.message, "catalog": most}  # fmt: skip
    held = state.counts.as_json()
    requested = catalog.index_rebuild_requested()
    in_step = state.current and not requested and all(least[kind] <= held[kind] <= most[kind] for kind in held)
    if requested:
        message = f"{requested[0]} Chạy sohoa reindex (tìm kiếm vẫn dùng chỉ mục hiện có)."
    elif not state.current:
        message = "Chỉ mục được tạo bởi phiên bản cũ: chạy sohoa reindex (tìm kiếm vẫn dùng chỉ mục cũ)."
    elif not in_step:
        message = "Chỉ mục lệch so với danh mục: chạy sohoa reindex để dựng lại (tìm kiếm không bị gián đoạn)."
    else:
        message = "Chỉ mục khớp danh mục."
    if state.building:
        message += f" Đang dựng (hoặc dựng dở) {state.building}: sohoa reindex sẽ làm tiếp."
    return {**state.as_json(), "reachable": True, "in_step": in_step, "catalog": most,
            "waiting": catalog.state_counts().get(DocumentState.EXTRACTED, 0), "message": message}  # fmt: skip
