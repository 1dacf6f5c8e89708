"""The HTML pages: login, search, document, upload and batches, review, admin.

Server-rendered with Jinja2 (autoescape on). Forms post back with a CSRF token; every route
declares its permission with ``Require``. Scripts only enhance (drag and drop, live progress):
every page works without them.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from indexing.backends import shared_backend
from pipeline.archive import (
    EDITABLE_FIELDS,
    InvalidFieldValue,
    parse_field_value,
    processed_document,
    resplit,
    save_corrections,
    search_json,
)
from pipeline.catalog import Catalog, DocumentState
from pipeline.catalog.engine import shown
from pipeline.errors import ERROR_CLASSES
from pipeline.extraction.names import LIST_FIELDS
from pipeline.report import VIETNAM, batch_rows, index_report, status_report
from pipeline.stages.split import InvalidSplit, current_starts, file_of
from search_ui import jobs
from search_ui.accounts import LOCKOUT_FAILURES, ROLES, AccountError, WebStore, login_name
from search_ui.api import audit, queue_reindex, queue_retry, receive_upload, send_download
from search_ui.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Principal,
    Require,
    client_address,
    cookie_secure,
    require_visible,
)
from search_ui.charts import bar_chart, horizontal_bars
from search_ui.views import (
    DOWNLOADS,
    FACET_LABELS,
    FIELD_LABELS,
    PageNumber,
    RowId,
    SearchForm,
    document_view,
    field_value_text,
    mask_ids,
    mask_value,
    masked_search,
    page_image_path,
    thumbnail,
)  # fmt: skip

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    principal: Principal | None = getattr(request.state, "principal", None)
    context.setdefault("principal", principal)
    context.setdefault("csrf_token", principal.csrf_token if principal else "")
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never '//host' or 'http://host' (no open redirect after login)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


# Login -----------------------------------------------------------------------------------------
def _login_form(request: Request, next_path: str, error: str | None = None, status_code: int = 200) -> Response:
    """The login page with a fresh login-form token, also set as a cookie (double submit: a
    cross-site page can make a browser post the form, but cannot read the cookie to fill it in)."""
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", status_code, next=_safe_next(next_path), login_csrf=token, error=error)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=cookie_secure(request),
                        max_age=3600)  # fmt: skip
    return response


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return _login_form(request, next)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    login_csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    store: WebStore = request.app.state.store
    settings = request.app.state.settings
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    name = login_name(username)

    def refuse(message: str, status: int) -> Response:
        return _login_form(request, next, message, status)

    if not expected or not secrets.compare_digest(expected, login_csrf):
        return refuse("Biểu mẫu đăng nhập đã hết hạn. Hãy thử lại.", 400)
    if store.recent_failures(name) >= LOCKOUT_FAILURES:
        store.audit(name, "login_failed", None, {"reason": "locked"}, client_address(request))
        return refuse("Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.", 429)
    user = store.authenticate(name, password)
    if user is None:
        store.audit(name, "login_failed", None, {}, client_address(request))
        return refuse("Sai tên đăng nhập hoặc mật khẩu.", 401)
    token, _session = store.open_session(user, settings.session_hours)
    store.audit(user.username, "login", None, {}, client_address(request))
    target = _safe_next(next)
    if target == "/":
        target = home_for(user)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=cookie_secure(request),
                        max_age=int(settings.session_hours * 3600), path="/")  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


def home_for(user: Any) -> str:
    """Clerks and officers start at the search; admins (only) at the dashboard."""
    return "/search" if user.roles & {"officer", "clerk"} else "/admin"


@router.post("/logout")
def logout(request: Request, principal: Annotated[Principal, Depends(Require("search", "upload", "review", "admin"))]) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        request.app.state.store.close_session(token)
    audit(request, principal, "logout")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(principal: Annotated[Principal, Depends(Require("search", "upload", "review", "admin"))]) -> Response:
    return RedirectResponse(home_for(principal.user), status_code=303)


# Search and documents ----------------------------------------------------------------------
@router.get("/search")
def search_page(request: Request, principal: Annotated[Principal, Depends(Require("search"))]) -> Response:
    form = SearchForm.from_query(request.query_params)
    results: dict[str, Any] | None = None
    if form.q and not form.error:
        wanted = replace(form.request(), offices=principal.offices)
        results = masked_search(search_json(request.app.state.settings, wanted), principal.can("see_ids"))
        audit(request, principal, "search", None, q=form.q, total=results["total"])
    pages = 0
    if results:
        pages = min(100, (results["total"] + form.per_page - 1) // form.per_page)
    return render(request, "search.html", form=form, results=results, pages=pages, facet_labels=FACET_LABELS,
                  title=f"Tìm kiếm: {form.q}" if form.q else "Tìm kiếm")  # fmt: skip


@router.get("/documents/{document_id}")
def document_page(request: Request, principal: Annotated[Principal, Depends(Require("search"))],
                  document_id: str, q: str = "") -> Response:  # fmt: skip
    settings = request.app.state.settings
    with Catalog(settings.catalog_location) as catalog:
        view = document_view(catalog, document_id, q[:500], principal.can("see_ids"), principal.offices)
        parts = catalog.parts(document_id) if view is None else []
    if view is None and parts:  # a file split into its results: they are the documents
        return RedirectResponse(f"/documents/{parts[0].id}", status_code=303)
    if view is None:
        raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")
    audit(request, principal, "view", document_id, q=q[:500] or None)
    title = " ".join(str(v) for v in (view["metadata"].get("doc_type"), view["metadata"].get("number")) if v)
    return render(request, "document.html", view=view, q=q[:500], field_labels=FIELD_LABELS,
                  downloads={k: v for k, v in DOWNLOADS.items() if k != "signed" or request.app.state.settings.signing_p12},
                  title=title or view["document"].source_name)  # fmt: skip


def _page_file(request: Request, document_id: str, number: int) -> tuple[Any, Any]:
    settings = request.app.state.settings
    with Catalog(settings.catalog_location) as catalog:
        document = catalog.document(document_id)  # a split file's pages are shown where it is split
        if processed_document(catalog, document_id) is None and (document is None or document.state != DocumentState.SPLIT):
            raise HTTPException(404)
        page = catalog.page(document_id, number)
    path = page_image_path(settings, page) if page else None
    if page is None or path is None:
        raise HTTPException(404, "Không có ảnh trang này.")
    return page, path


@router.get("/documents/{document_id}/pages/{number}/image")
def page_image(request: Request, principal: Annotated[Principal, Depends(Require("read_scans"))],
               document_id: str, number: PageNumber) -> Response:  # fmt: skip
    _page, path = _page_file(request, document_id, number)
    return FileResponse(path, media_type="image/jpeg", headers={"cache-control": "private, max-age=3600"})


@router.get("/documents/{document_id}/pages/{number}/thumbnail")
def page_thumbnail(request: Request, principal: Annotated[Principal, Depends(Require("read_scans"))],
                   document_id: str, number: PageNumber) -> Response:  # fmt: skip
    page, path = _page_file(request, document_id, number)
    small = thumbnail(request.app.state.settings, page, path)
    return FileResponse(small, media_type="image/jpeg", headers={"cache-control": "private, max-age=3600"})


@router.get("/documents/{document_id}/download/{kind}")
def document_download(request: Request, principal: Annotated[Principal, Depends(Require("read_scans"))],
                      document_id: str, kind: str) -> Response:  # fmt: skip
    return send_download(request, principal, document_id, kind)


# Upload and batches --------------------------------------------------------------------------
@router.get("/upload")
def upload_page(request: Request, principal: Annotated[Principal, Depends(Require("upload"))]) -> Response:
    settings = request.app.state.settings
    return render(request, "upload.html", title="Tải lên lô bản quét", max_mb=settings.max_file_bytes // 2**20,
                  max_files=settings.upload_max_files)  # fmt: skip


@router.post("/upload")
async def upload_form(request: Request, principal: Annotated[Principal, Depends(Require("upload"))]) -> Response:
    job_id = await receive_upload(request, principal)
    return RedirectResponse(f"/batches/{job_id}", status_code=303)


@router.get("/batches")
def batches_page(request: Request, principal: Annotated[Principal, Depends(Require("upload", "admin"))]) -> Response:
    listed = jobs.jobs(request.app.state.store, principal.offices)
    with Catalog(request.app.state.settings.catalog_location) as catalog:
        from_jobs = {j["batch_name"] for j in listed}
        others = [b for b in batch_rows(catalog, principal.offices) if b["name"] not in from_jobs]  # from the command line
    return render(request, "batches.html", title="Các lô", jobs=listed, other_batches=others)


def _progress(request: Request, job_id: int) -> dict[str, Any]:
    record = jobs.job(request.app.state.store, job_id, request.state.principal.offices)
    if record is None:
        raise HTTPException(404, "Không có lô này.")
    return jobs.job_progress(request.app.state.settings, record)


@router.get("/batches/{job_id}")
def batch_page(request: Request, principal: Annotated[Principal, Depends(Require("upload", "admin"))],
               job_id: RowId) -> Response:  # fmt: skip
    progress = _progress(request, job_id)
    return render(request, "batch.html", title=f"Lô {progress['job']['batch_name']}", progress=progress,
                  error_classes=ERROR_CLASSES)  # fmt: skip


@router.get("/batches/{job_id}/progress")
def batch_progress_fragment(request: Request, principal: Annotated[Principal, Depends(Require("upload", "admin"))],
                            job_id: RowId) -> Response:  # fmt: skip
    return render(request, "_batch_progress.html", progress=_progress(request, job_id), error_classes=ERROR_CLASSES)


# Review ----------------------------------------------------------------------------------------
@router.get("/review")
def review_queue(request: Request, principal: Annotated[Principal, Depends(Require("review"))]) -> Response:
    settings = request.app.state.settings
    mine = principal.offices
    with Catalog(settings.catalog_location) as catalog:
        fields, fields_count = catalog.fields_to_review(settings.review_field_confidence, offices=mine)
        pages = [dict(r) for r in catalog.pages_to_review(settings.review_confidence, offices=mine)]
        pages_count = catalog.count_pages_to_review(settings.review_confidence, mine)
        pairs = catalog.near_duplicates(waiting_only=True, offices=mine)
        split_files = catalog.files_split_by_machine(offices=mine)
    return render(request, "review_list.html", title="Cần kiểm tra", fields=fields, pages=pages, pairs=pairs,
                  fields_count=fields_count, pages_count=pages_count, split_files=split_files,
                  field_labels=FIELD_LABELS, settings=settings)  # fmt: skip


@router.post("/review/near-duplicates")
async def near_duplicate_decision(request: Request, principal: Annotated[Principal, Depends(Require("review"))]
                                  ) -> Response:  # fmt: skip
    """A clerk's answer about a flagged pair: one paper scanned twice, or two papers. Nothing is merged
    or deleted either way; the answer is kept (and audited) and the pair leaves the queue."""
    form = await request.form()
    later, earlier, decision = (str(form.get(k) or "") for k in ("document_id", "earlier_id", "decision"))
    if decision not in ("same", "different"):
        raise HTTPException(422, "Chọn «cùng một giấy tờ» hoặc «khác nhau».")
    require_visible(request, principal, [later, earlier])
    with Catalog(request.app.state.settings.catalog_location) as catalog:
        if not catalog.decide_near_duplicate(later, earlier, decision, principal.user.username):
            raise HTTPException(404, "Không có cặp tài liệu này trong danh sách.")
    audit(request, principal, "near_duplicate", later, earlier=earlier, decision=decision)
    back = str(form.get("back") or "")
    return RedirectResponse(back if back.startswith("/documents/") else "/review#co-the-trung", status_code=303)


@router.get("/review/{document_id}")
def review_page(request: Request, principal: Annotated[Principal, Depends(Require("review"))], document_id: str,
                field: str = "", saved: int = 0, page: int = 0) -> Response:  # fmt: skip
    return _review(request, document_id, field, saved=bool(saved), page_number=page)


def _review(request: Request, document_id: str, focus: str, saved: bool = False, error: str = "",
            status_code: int = 200, page_number: int = 0) -> Response:  # fmt: skip
    settings = request.app.state.settings
    with Catalog(settings.catalog_location) as catalog:
        view = document_view(catalog, document_id, "", True, request.state.principal.offices)
    if view is None:
        raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")
    evidence, corrected = view["evidence"], view["corrected"]
    below = settings.review_field_confidence
    flagged = {name for name, e in evidence.items() if name not in corrected and e.get("confidence", 1.0) < below}
    focus_page = page_number or (evidence.get(focus) or {}).get("page") or (view["pages"][0].number if view["pages"] else 1)
    # The field's box is drawn only on the page it was read from.
    focus_box = (evidence.get(focus) or {}).get("box") if focus_page == (evidence.get(focus) or {}).get("page") else None
    rows = [
        {"name": name, "label": FIELD_LABELS.get(name, name), "value": field_value_text(name, view["metadata"].get(name)),
         "confidence": view["confidence"].get(name), "flagged": name in flagged, "corrected": name in corrected}
        for name in EDITABLE_FIELDS
    ]  # fmt: skip
    page = next((p for p in view["pages"] if p.number == focus_page), view["pages"][0] if view["pages"] else None)
    return render(request, "review.html", status_code, title=f"Kiểm tra: {view['document'].source_name}", view=view,
                  rows=rows, page=page, focus=focus, focus_box=focus_box, saved=saved, error=error)  # fmt: skip


@router.post("/review/{document_id}")
async def review_save(request: Request, principal: Annotated[Principal, Depends(Require("review"))],
                      document_id: str) -> Response:  # fmt: skip
    settings = request.app.state.settings
    form = await request.form()
    with Catalog(settings.catalog_location) as catalog:
        if processed_document(catalog, document_id) is None:
            raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")
        current, evidence, corrected = catalog.metadata_record(document_id)
    confirm = set(form.getlist("confirm"))
    changes: dict[str, Any] = {}
    try:
        for name in EDITABLE_FIELDS:
            raw = form.get(f"field_{name}")
            if not isinstance(raw, str):
                continue
            value = parse_field_value(name, raw)
            before = current.get(name) or ([] if name in LIST_FIELDS else None)
            if value != before or (name in confirm and name in evidence and name not in corrected):
                changes[name] = value  # a change, or a low-confidence reading the clerk confirmed as right
    except InvalidFieldValue as exc:
        return _review(request, document_id, str(form.get("focus") or ""), error=str(exc), status_code=422)
    if changes:
        save_corrections(settings, document_id, changes, principal.user.username)
        audit(request, principal, "edit", document_id, fields=sorted(changes))
    focus = form.get("focus")
    query = urlencode({"saved": 1, **({"field": focus} if isinstance(focus, str) and focus else {})})
    return RedirectResponse(f"/review/{document_id}?{query}", status_code=303)


# Multi-document scans: where each result of a file starts ---------------------------------------
def _split_form(request: Request, document_id: str, saved: bool = False, error: str = "",
                status_code: int = 200) -> Response:  # fmt: skip
    settings = request.app.state.settings
    with Catalog(settings.catalog_location) as catalog:
        file = file_of(catalog, document_id)
        if file is None or file.state not in (DocumentState.SPLIT, DocumentState.EXTRACTED, DocumentState.INDEXED):
            raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")
        starts = current_starts(catalog, file)
        parts = [{"id": p.id, "first": p.first_page, "last": p.last_page, "state": p.state,
                  "metadata": catalog.effective_metadata(p.id)} for p in catalog.parts(file.id)]  # fmt: skip
        pages = [{"number": p.number, "has_image": bool(p.image_path), "failed": bool(p.error_class),
                  "first_line": next((line for line in p.text.splitlines() if line.strip()), "")[:80]}
                 for p in catalog.pages(file.id)]  # fmt: skip
    return render(request, "split.html", status_code, title=f"Tách văn bản: {file.source_name}", file=file,
                  starts=starts, parts=parts, pages=pages, saved=saved, error=error)  # fmt: skip


@router.get("/documents/{document_id}/split")
def split_page(request: Request, principal: Annotated[Principal, Depends(Require("review"))], document_id: str,
               saved: int = 0) -> Response:  # fmt: skip
    """A file holding several results (a stack fed to the scanner): the clerk sees every page and
    marks the pages that start a result; the machine's split points come ticked."""
    return _split_form(request, document_id, saved=bool(saved))


@router.post("/documents/{document_id}/split")
async def split_save(request: Request, principal: Annotated[Principal, Depends(Require("review"))],
                     document_id: str) -> Response:  # fmt: skip
    form = await request.form()
    try:
        starts = [int(str(n)) for n in form.getlist("start")]
    except ValueError:
        return _split_form(request, document_id, error="Số trang không hợp lệ.", status_code=422)
    settings = request.app.state.settings
    with Catalog(settings.catalog_location) as catalog:
        file = file_of(catalog, document_id)
    if file is None:
        raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")
    try:
        now = resplit(settings, file.id, starts, principal.user.username)
    except InvalidSplit as exc:
        return _split_form(request, document_id, error=str(exc), status_code=422)
    audit(request, principal, "split", file.id, starts=sorted(set(starts) | {1}), documents=now)
    return RedirectResponse(f"/documents/{file.id}/split?saved=1", status_code=303)


# Admin -----------------------------------------------------------------------------------------
@router.get("/admin")
def dashboard(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> Response:
    settings = request.app.state.settings
    store: WebStore = request.app.state.store
    since = (datetime.now(UTC) - timedelta(hours=23)).replace(minute=0, second=0, microsecond=0)
    with Catalog(settings.catalog_location) as catalog:
        per_hour = catalog.pages_per_hour(since.isoformat(timespec="seconds"))
        histogram = catalog.confidence_histogram(10)
        failures = catalog.failures_by_class()
        report = status_report(catalog, settings.review_confidence, settings.review_field_confidence)
        index = index_report(catalog, shared_backend(settings))
    refused = jobs.refused_by_class(store)
    hours = [since + timedelta(hours=i) for i in range(24)]
    hour_keys = [h.strftime("%Y-%m-%dT%H") for h in hours]
    hour_labels = [h.astimezone(VIETNAM).strftime("%Hh") for h in hours]
    states = report["documents_by_state"]
    waiting = sum(states.get(s, 0) for s in ("stored", "recognized", "extracted"))
    charts = {
        "per_hour": bar_chart(hour_labels, [per_hour.get(k, 0) for k in hour_keys], "Số trang xử lý mỗi giờ (24 giờ qua)",
                              label_every=3),
        "confidence": bar_chart([f"{i * 10}–{i * 10 + 10}%" for i in range(10)], histogram,
                                "Phân bố độ tin cậy OCR theo trang", label_every=2),
        "failures": horizontal_bars(
            [(f"{ERROR_CLASSES.get(k, k)} ({k})", v) for k, v in failures.items()]
            + [(f"Từ chối khi tải lên: {ERROR_CLASSES.get(k, k)}", v) for k, v in refused.items()],
            "Lỗi theo lớp",
        ),
    }  # fmt: skip
    for failure in report["failures"]:
        failure["error_message"] = mask_ids(failure["error_message"])
    prefect_ui = settings.prefect_ui_url or _prefect_ui_from_env()
    return render(request, "admin.html", title="Quản trị", charts=charts, report=report, failures=failures,
                  waiting=waiting, queue=jobs.queue_length(store), jobs=jobs.jobs(store, limit=10), prefect_ui=prefect_ui,
                  error_classes=ERROR_CLASSES, pages_today=sum(per_hour.values()),
                  refused=sum(refused.values()), index=index,
                  where={"catalog": shown(settings.catalog_location), "storage": settings.storage_url or str(settings.home)})  # fmt: skip


def _prefect_ui_from_env() -> str:
    import os

    api = os.environ.get("PREFECT_API_URL", "")
    return api.removesuffix("/").removesuffix("/api") if api else "http://127.0.0.1:4200"


@router.post("/admin/retry")
async def admin_retry(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> Response:
    form = await request.form()
    chosen = form.get("error_class")
    error_class = chosen if isinstance(chosen, str) and chosen in ERROR_CLASSES else None
    job_id = queue_retry(request, principal, error_class)
    return RedirectResponse(f"/batches/{job_id}", status_code=303)


@router.post("/admin/reindex")
def admin_reindex(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> Response:
    job_id = queue_reindex(request, principal)
    return RedirectResponse(f"/batches/{job_id}", status_code=303)


@router.get("/admin/users")
def users_page(request: Request, principal: Annotated[Principal, Depends(Require("admin"))], message: str = "",
               error: str = "") -> Response:  # fmt: skip
    return _users(request, message=message[:200], error=error[:300])


def _users(request: Request, message: str = "", error: str = "", new_token: str = "") -> Response:
    store: WebStore = request.app.state.store
    return render(request, "users.html", title="Người dùng", users=store.users(), roles=ROLES, tokens=store.tokens(),
                  new_token=new_token, message=message, error=error, offices=_offices(request))  # fmt: skip


def _offices(request: Request) -> list[dict[str, Any]]:
    with Catalog(request.app.state.settings.catalog_location) as catalog:
        return [dict(o) for o in catalog.offices()]


def _office_choice(request: Request, chosen: Any) -> str:
    """An office picked in a form: one the catalog knows, or '' (none); AccountError otherwise."""
    code = str(chosen or "")
    if code and code not in {o["code"] for o in _offices(request)}:
        raise AccountError("Không có đơn vị này.")
    return code


def _back_to(path: str, message: str = "", error: str = "") -> Response:
    """303 to an admin page, with what happened (``message``) or went wrong (``error``) to show."""
    query = urlencode({k: v for k, v in {"message": message, "error": error}.items() if v})
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)


def _users_redirect(message: str = "", error: str = "") -> Response:
    return _back_to("/admin/users", message, error)


@router.post("/admin/users")
async def user_add(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> Response:
    form = await request.form()
    store: WebStore = request.app.state.store
    username, password, full_name = (str(form.get(k) or "") for k in ("username", "password", "full_name"))
    try:
        office = _office_choice(request, form.get("office"))
        user = store.add_user(username, password, [str(r) for r in form.getlist("roles")], full_name, office)
    except AccountError as exc:
        return _users_redirect(error=str(exc))
    audit(request, principal, "user", user.username, change="add", roles=sorted(user.roles), office=office)
    return _users_redirect(message=f"Đã tạo người dùng {user.username}.")


@router.post("/admin/users/{username}")
async def user_update(request: Request, principal: Annotated[Principal, Depends(Require("admin"))],
                      username: str) -> Response:  # fmt: skip
    form = await request.form()
    store: WebStore = request.app.state.store
    action = form.get("action")
    try:
        if action == "roles":
            store.update_user(username, roles=[str(r) for r in form.getlist("roles")])
        elif action in ("disable", "enable"):
            store.update_user(username, active=action == "enable")
        elif action == "password":
            store.set_password(username, str(form.get("password") or ""))
        elif action == "office":
            store.move_user(username, _office_choice(request, form.get("office")))
        else:
            return _users_redirect(error="Thao tác không hợp lệ.")
    except AccountError as exc:
        return _users_redirect(error=str(exc))
    audit(request, principal, "user", username, change=action)
    return _users_redirect(message=f"Đã cập nhật {username}.")


@router.post("/admin/tokens")
async def token_create(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> Response:
    form = await request.form()
    store: WebStore = request.app.state.store
    username = str(form.get("username") or "")
    try:
        token = store.create_token(username, str(form.get("label") or "API"))
    except AccountError as exc:
        return _users_redirect(error=str(exc))
    audit(request, principal, "token", username, change="create")
    # Shown in this response only (not in a URL, a cookie or the database): copy it now.
    return _users(request, message=f"Đã tạo mã API cho {username}. Hãy chép ngay: mã chỉ hiện một lần.",
                  new_token=token)


@router.post("/admin/tokens/{token_id}/revoke")
def token_revoke(request: Request, principal: Annotated[Principal, Depends(Require("admin"))], token_id: RowId) -> Response:
    request.app.state.store.revoke_token(token_id)
    audit(request, principal, "token", str(token_id), change="revoke")
    return _users_redirect(message="Đã thu hồi mã API.")


# Retention ------------------------------------------------------------------------------------
@router.get("/admin/retention")
def retention_page(request: Request, principal: Annotated[Principal, Depends(Require("admin"))], message: str = "",
                   error: str = "") -> Response:  # fmt: skip
    from pipeline.disposal import due_for_disposal
    from pipeline.retention import Schedule

    today = datetime.now(VIETNAM).date()
    with Catalog(request.app.state.settings.catalog_location) as catalog:
        rules = Schedule.of(catalog).rules
        due, due_count = due_for_disposal(catalog, today)
    # Admins see citizens' numbers masked (in a subject, say); ids are links, never masked.
    rows = [{**mask_value(r.description.as_json()), "identifier": r.description.identifier, "due": r.due,
             "dossier_code": r.dossier_code} for r in due]  # fmt: skip
    return render(request, "retention.html", title="Thời hạn bảo quản", rules=rules, due=rows, due_count=due_count,
                  today=today, message=message[:300], error=error[:300])  # fmt: skip


def _retention_redirect(message: str = "", error: str = "") -> Response:
    return _back_to("/admin/retention", message, error)


@router.post("/admin/retention/rules")
async def retention_rule(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> Response:
    from pipeline.retention import Retention, parse_retention, set_rule

    form = await request.form()
    kind, value, period, basis = (str(form.get(k) or "") for k in ("kind", "value", "period", "basis"))
    if kind not in ("doc_type", "procedure_code"):
        return _retention_redirect(error="Chọn loại văn bản hoặc mã thủ tục.")
    try:
        years = parse_retention(period).years
        with Catalog(request.app.state.settings.catalog_location) as catalog:
            rule = set_rule(catalog, kind, value, Retention(years, basis), principal.user.username)
    except ValueError as exc:
        return _retention_redirect(error=str(exc))
    audit(request, principal, "retention_rule", rule.value, **rule.as_json())
    return _retention_redirect(message=f"Đã đặt thời hạn: {rule.value} → {rule.retention.label}.")


@router.post("/admin/retention/dispose")
async def retention_dispose(request: Request, principal: Annotated[Principal, Depends(Require("admin"))]) -> Response:
    """An admin's disposal decision: the documents ticked on the list, the decision's number and
    date, and an explicit confirmation; only what is due today goes (pipeline/disposal.py)."""
    from pipeline.disposal import dispose_and_unindex

    form = await request.form()
    chosen = [str(d) for d in form.getlist("documents")][:500]
    decision = str(form.get("decision") or "").strip()
    if not chosen:
        return _retention_redirect(error="Chưa chọn tài liệu nào.")
    if form.get("confirm") != "yes":
        return _retention_redirect(error="Chưa xác nhận: đánh dấu ô xác nhận hủy theo quyết định.")
    try:
        report = dispose_and_unindex(request.app.state.settings, chosen, decision, principal.user.username,
                                     datetime.now(VIETNAM).date())  # fmt: skip
    except ValueError as exc:
        return _retention_redirect(error=str(exc))
    for document_id in report.disposed:
        audit(request, principal, "dispose", document_id, decision=decision)
    refused = "; ".join(f"{d}: {why}" for d, why in report.refused.items())
    return _retention_redirect(message=f"Đã hủy {len(report.disposed)} tài liệu theo {decision}.",
                               error=f"Không hủy: {refused}" if refused else "")  # fmt: skip


@router.get("/admin/audit")
def audit_page(request: Request, principal: Annotated[Principal, Depends(Require("admin"))], action: str = "",
               user: str = "") -> Response:  # fmt: skip
    import json

    entries = [
        {**dict(r), "target": mask_ids(r["target"] or ""),  # a citizen lookup's target is a CCCD
         "detail": mask_ids(json.dumps(json.loads(r["detail_json"]), ensure_ascii=False))}
        for r in request.app.state.store.audit_entries(300, action or None, user or None)
    ]
    return render(request, "audit.html", title="Nhật ký truy cập", entries=entries, action=action, user=user)

