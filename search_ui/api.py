"""The JSON API under /api/, for one-stop-shop systems (API token) and the app's own scripts.

``GET /api/search`` answers exactly as ``sohoa search --json`` does. Every route declares the
permission it needs; ID numbers are masked for callers without ``see_ids``; reads of documents and
files, searches, uploads and edits are written to the audit log.
"""

from __future__ import annotations

import shutil
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from indexing.backends import shared_backend
from indexing.query import SearchRequest
from pipeline.archive import InvalidFieldValue, parse_field_value, processed_document, save_corrections, search_json
from pipeline.catalog import Catalog
from pipeline.errors import ERROR_CLASSES, SohoaError, is_disk_full
from pipeline.report import index_report, status_report
from search_ui import jobs
from search_ui.accounts import WebStore
from search_ui.auth import Principal, Require, client_address
from search_ui.uploads import form_files, save_uploads
from search_ui.views import DOWNLOADS, RowId, document_json, document_view, download, mask_ids, masked_search

router = APIRouter(prefix="/api", tags=["API"])


def audit(request: Request, principal: Principal, action: str, target: str | None = None, **detail: Any) -> None:
    store: WebStore = request.app.state.store
    store.audit(principal.user.username, action, target, detail, client_address(request))


@router.get("/citizens/{id_number}", summary="Kết quả đã số hóa của một công dân (theo CCCD/CMND), có ghi mục đích")
def citizen_results(
    request: Request,
    principal: Annotated[Principal, Depends(Require("see_ids"))],
    id_number: str,
    purpose: Annotated[str, Query(min_length=3, max_length=300, description="mục đích tra cứu (ghi vào nhật ký)")],
    procedure: Annotated[str | None, Query(max_length=60)] = None,
) -> dict[str, Any]:
    from pipeline.citizen import InvalidIdNumber, id_number_digits, results_of

    try:
        digits = id_number_digits(id_number)
    except InvalidIdNumber as exc:
        raise HTTPException(422, str(exc)) from exc
    with Catalog(request.app.state.settings.catalog_location) as catalog:
        found = results_of(catalog, digits, procedure)
        if principal.offices is not None:  # another office's results are not this officer's to hand out
            kept = set(catalog.documents_of_offices([r.document_id for r in found], principal.offices))
            found = [r for r in found if r.document_id in kept]
    audit(request, principal, "citizen_lookup", digits, purpose=purpose.strip(), procedure=procedure, results=len(found))
    return {"id_number": digits, "procedure": procedure, "results": [r.as_json() for r in found]}


@router.get("/me", summary="Người đang gọi và quyền của họ")
def me(principal: Annotated[Principal, Depends(Require("search", "upload", "review", "admin"))]) -> dict[str, Any]:
    from search_ui.accounts import PERMISSIONS

    user = principal.user
    return {"username": user.username, "full_name": user.full_name, "roles": sorted(user.roles),
            "permissions": sorted(p for p in PERMISSIONS if user.can(p)), "office": user.office or None,
            "offices": sorted(principal.offices) if principal.offices is not None else None}  # fmt: skip


@router.get("/search", summary="Tìm kiếm (như `sohoa search --json`)")
def search(
    request: Request,
    principal: Annotated[Principal, Depends(Require("search"))],
    q: Annotated[str, Query(min_length=1, max_length=500, description="câu tìm: tên, CCCD, số ký hiệu, cụm từ")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0, le=10000)] = 0,
    type: Annotated[str | None, Query(description='loại văn bản, vd. "Quyết định"')] = None,
    agency: str | None = None,
    place: str | None = None,
    batch: str | None = None,
    dossier: str | None = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    sort: Literal["relevance", "date"] = "relevance",
    fuzzy: bool = False,
    per_document: bool = False,
    records: Literal["page", "document", "dossier"] = "page",
) -> dict[str, Any]:
    settings = request.app.state.settings
    search_request = SearchRequest(
        q, limit=limit, offset=offset, doc_type=type, agency=agency, place=place, batch=batch, dossier=dossier,
        date_from=date_from, date_to=date_to, sort=sort, fuzzy=fuzzy, per_document=per_document, records=records,
        offices=principal.offices,
    )  # fmt: skip
    data = search_json(settings, search_request)
    audit(request, principal, "search", None, q=q, total=data["total"], via="api")
    return masked_search(data, principal.can("see_ids"))


@router.get("/documents/{document_id}", summary="Một tài liệu: siêu dữ liệu, văn bản từng trang, hồ sơ")
def document(
    request: Request,
    principal: Annotated[Principal, Depends(Require("search"))],
    document_id: str,
    q: Annotated[str, Query(max_length=500, description="đánh dấu các từ khớp (highlights)")] = "",
) -> dict[str, Any]:
    settings = request.app.state.settings
    with Catalog(settings.catalog_location) as catalog:
        view = document_view(catalog, document_id, q, principal.can("see_ids"), principal.offices)
    if view is None:
        raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")
    audit(request, principal, "view", document_id, via="api")
    return document_json(view)


@router.get("/documents/{document_id}/files/{kind}", summary="Tải tệp: original, pdf, json, alto, signed (bản sao điện tử)",
            response_class=Response)  # fmt: skip
def document_file(
    request: Request,
    principal: Annotated[Principal, Depends(Require("read_scans"))],
    document_id: str,
    kind: Literal["original", "pdf", "json", "alto", "signed"],
) -> Response:
    return send_download(request, principal, document_id, kind)


def send_download(request: Request, principal: Principal, document_id: str, kind: str) -> Response:
    settings = request.app.state.settings
    if kind not in DOWNLOADS:
        raise HTTPException(404)
    with Catalog(settings.catalog_location) as catalog:
        found = processed_document(catalog, document_id)
        if found is None:
            raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")
        try:
            result = download(catalog, settings, found, kind)
        except SohoaError as exc:
            raise HTTPException(409, exc.message) from exc
    audit(request, principal, "download", document_id, kind=kind)
    if result.path is not None:
        return FileResponse(result.path, media_type=result.media_type, filename=result.filename)
    disposition = f"attachment; filename*=UTF-8''{_quote(result.filename)}"
    return Response(result.content, media_type=result.media_type, headers={"content-disposition": disposition})


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


@router.put("/documents/{document_id}/fields", summary="Sửa trường siêu dữ liệu (có lưu vết, lập lại chỉ mục)")
def correct_fields(
    request: Request,
    principal: Annotated[Principal, Depends(Require("review"))],
    document_id: str,
    values: Annotated[dict[str, str], Body(description='{"number": "15/QĐ-UBND", "people": "A, B", ...}')],
) -> dict[str, Any]:
    settings = request.app.state.settings
    try:
        parsed = {field: parse_field_value(field, raw) for field, raw in values.items()}
    except InvalidFieldValue as exc:
        raise HTTPException(422, str(exc)) from exc
    with Catalog(settings.catalog_location) as catalog:
        if processed_document(catalog, document_id) is None:
            raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")
    save_corrections(settings, document_id, parsed, principal.user.username)
    audit(request, principal, "edit", document_id, fields=sorted(parsed), via="api")
    return {"document_id": document_id, "corrected": parsed}


@router.post("/uploads", status_code=202, summary="Tải lên một lô (multipart: files[], paths[], batch)")
async def upload(request: Request, principal: Annotated[Principal, Depends(Require("upload"))]) -> dict[str, Any]:
    job_id = await receive_upload(request, principal)
    return {"job_id": job_id, "status_url": f"/api/batches/{job_id}"}


async def receive_upload(request: Request, principal: Principal) -> int:
    """Store an upload's files and queue its ingest job; returns the job id."""
    settings = request.app.state.settings
    store: WebStore = request.app.state.store
    form = await request.form(max_files=settings.upload_max_files, max_fields=2 * settings.upload_max_files + 50)
    files, paths = form_files(form)
    if not files:
        raise HTTPException(422, "Chưa chọn tệp nào.")
    if len(files) > settings.upload_max_files:
        raise HTTPException(413, f"Mỗi lần tải lên tối đa {settings.upload_max_files} tệp.")
    name = form.get("batch")
    batch_name = default_batch_name(principal) if not isinstance(name, str) or not name.strip() else name.strip()[:120]
    job_id = jobs.create_ingest_job(store, batch_name, principal.user.username, principal.user.office)
    root = jobs.job_root(settings, job_id, batch_name)
    try:
        accepted, refused = await save_uploads(settings, root, files, paths)
    except BaseException as exc:
        shutil.rmtree(root.parent, ignore_errors=True)  # first: it frees the room a full disk needs below
        full = is_disk_full(exc)
        try:
            jobs.abandon_job(store, job_id, "Hết chỗ trên đĩa khi nhận tệp." if full else
                             f"Tải lên bị gián đoạn: {type(exc).__name__}")  # fmt: skip
        except Exception:
            pass
        if full:
            raise HTTPException(507, "Máy chủ hết chỗ trên đĩa; tệp chưa được nhận. Hãy báo quản trị.") from exc
        raise
    jobs.queue_ingest_job(store, job_id, root, accepted, refused)
    request.app.state.runner.wake()
    audit(request, principal, "upload", str(job_id), batch=batch_name, files=len(accepted), refused=len(refused))
    return job_id


def default_batch_name(principal: Principal) -> str:
    from datetime import datetime

    from pipeline.report import VIETNAM

    return f"Lô {datetime.now(VIETNAM).strftime('%d-%m-%Y %H%M%S')} {principal.user.username}"


@router.get("/batches", summary="Các lô tải lên và lượt xử lý lại")
def batch_list(request: Request, principal: Annotated[Principal, Depends(Require("upload", "admin"))]) -> list[dict[str, Any]]:
    return [_public_job(j) for j in jobs.jobs(request.app.state.store, principal.offices)]


@router.get("/batches/{job_id}", summary="Tiến độ một lô: từng tệp, trạng thái, lỗi")
def batch_status(request: Request, principal: Annotated[Principal, Depends(Require("upload", "admin"))],
                 job_id: RowId) -> dict[str, Any]:  # fmt: skip
    record = jobs.job(request.app.state.store, job_id, principal.offices)
    if record is None:
        raise HTTPException(404, "Không có lô này.")
    return jobs.job_progress(request.app.state.settings, record)


def _public_job(record: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "kind", "batch_name", "state", "state_label", "created_by", "created_at", "started_at",
            "finished_at", "exit_code", "message")  # fmt: skip
    return {k: record[k] for k in keys}


@router.get("/status", summary="Tình trạng kho (như `sohoa status --json`)")
def status(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> dict[str, Any]:
    settings = request.app.state.settings
    with Catalog(settings.catalog_location) as catalog:
        report = status_report(catalog, settings.review_confidence, settings.review_field_confidence)
        report["index"] = index_report(catalog, shared_backend(settings))
    for row in report["review_fields"]:  # admins do not see citizens' numbers
        row["value"] = mask_ids(str(row["value"])) if row["value"] is not None else None
    for pair in report["near_duplicates"]:
        pair["reasons"] = mask_ids(pair["reasons"])
    report["queue"] = jobs.queue_length(request.app.state.store)
    return report


@router.post("/retry", status_code=202, summary="Xử lý lại các tài liệu lỗi (theo lớp lỗi)")
def retry(
    request: Request,
    principal: Annotated[Principal, Depends(Require("admin"))],
    error_class: Annotated[str | None, Body(embed=True)] = None,
) -> JSONResponse:
    if error_class is not None and error_class not in ERROR_CLASSES:
        raise HTTPException(422, f"Lớp lỗi phải thuộc: {', '.join(ERROR_CLASSES)}")
    job_id = queue_retry(request, principal, error_class)
    return JSONResponse({"job_id": job_id, "status_url": f"/api/batches/{job_id}"}, status_code=202)


@router.post("/reindex", status_code=202, summary="Dựng lại chỉ mục tìm kiếm (tìm kiếm không bị gián đoạn)")
def reindex(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> JSONResponse:
    job_id = queue_reindex(request, principal)
    return JSONResponse({"job_id": job_id, "status_url": f"/api/batches/{job_id}"}, status_code=202)


def queue_reindex(request: Request, principal: Principal) -> int:
    job_id = jobs.queue_reindex_job(request.app.state.store, principal.user.username)
    request.app.state.runner.wake()
    audit(request, principal, "reindex", str(job_id))
    return job_id


def queue_retry(request: Request, principal: Principal, error_class: str | None) -> int:
    job_id = jobs.queue_retry_job(request.app.state.store, error_class, principal.user.username)
    request.app.state.runner.wake()
    audit(request, principal, "retry", str(job_id), error_class=error_class)
    return job_id

