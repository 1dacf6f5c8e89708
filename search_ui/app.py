"""The web app: ``create_app(settings)`` builds it; ``sohoa serve`` runs it with uvicorn."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from indexing.errors import SearchIndexError
from pipeline import __version__
from pipeline.errors import ERROR_CLASSES
from pipeline.report import STAGE_LABELS
from pipeline.settings import Settings
from search_ui import api, pages
from search_ui.accounts import ROLES, WebStore
from search_ui.auth import Forbidden, NotAuthenticated
from search_ui.jobs import JobRunner
from search_ui.views import FIELD_LABELS, marked, vn_date

HERE = Path(__file__).parent

# No inline scripts or styles, nothing from other sites, never framed.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
    " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BodyLimit:
    """Refuses request bodies above ``limit`` bytes (413), by Content-Length and while streaming."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(scope, receive, send, self.limit)
            return
        received = 0

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise _BodyTooLarge()
            return message

        try:
            await self.app(scope, counting, send)
        except _BodyTooLarge:
            await _too_large(scope, receive, send, self.limit)
        except BaseExceptionGroup as group:  # raised inside a middleware's task group (a chunked upload)
            if group.subgroup(_BodyTooLarge) is None:
                raise
            await _too_large(scope, receive, send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    size = f"{limit / 2**20:.0f} MB" if limit >= 2**20 else f"{limit // 1024} KB"
    response = JSONResponse({"detail": f"Dữ liệu tải lên vượt giới hạn {size} mỗi lần."}, status_code=413)
    await response(scope, receive, send)


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.autoescape = True
    env.filters["vn_date"] = vn_date
    env.filters["marked"] = marked
    env.filters["percent"] = lambda v: "" if v is None else f"{float(v):.0%}"
    env.globals["ROLES"] = ROLES
    env.globals["FIELD_LABELS"] = FIELD_LABELS
    env.globals["STAGE_LABELS"] = STAGE_LABELS
    env.globals["version"] = __version__
    return templates


def create_app(settings: Settings, run_jobs: bool = True) -> FastAPI:
    """The app for this archive. ``run_jobs=False`` leaves uploads queued (no background runner)."""
    store = WebStore(settings.web_store_location)
    runner = JobRunner(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if run_jobs:
            runner.start()
        yield
        runner.stop()

    app = FastAPI(
        title="sohoa", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        openapi_url="/openapi.json",
        description="Kho lưu trữ số hóa hồ sơ một cửa: tìm kiếm, tài liệu, tải lên. "
        "Xác thực: `Authorization: Bearer <mã API>` (quản trị tạo mã ở trang Người dùng).",
    )  # fmt: skip
    app.state.settings = settings
    app.state.store = store
    app.state.runner = runner
    app.state.templates = _templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "cache-control" and request.url.path.startswith("/static/"):
                continue
            response.headers.setdefault(name, value)
        return response

    app.add_middleware(BodyLimit, limit=settings.upload_max_request_bytes)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(NotAuthenticated)
    async def not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "Cần đăng nhập hoặc mã API (Authorization: Bearer)."}, status_code=401,
                                headers={"www-authenticate": "Bearer"})  # fmt: skip
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.message}, status_code=403)
        return pages.render(request, "error.html", 403, title="Không có quyền", message=exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "Không tìm thấy trang này."
        return pages.render(request, "error.html", exc.status_code, title=f"Lỗi {exc.status_code}", message=message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Sent by Starlette's outermost layer, past the security-headers middleware: set them here.
        logging.getLogger("sohoa.web").exception("%s %s", request.method, request.url.path)
        message = "Đã có lỗi trong máy chủ; lỗi đã được ghi lại. Hãy thử lại hoặc báo quản trị."
        if wants_json(request):
            response: Response = JSONResponse({"detail": message}, status_code=500)
        else:
            response = HTMLResponse(f"<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Lỗi 500</title>"
                                    f"<h1>Lỗi 500</h1><p>{message}</p></html>", status_code=500)  # fmt: skip
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(SearchIndexError)
    async def index_unavailable(request: Request, exc: SearchIndexError) -> Response:
        # The index is down, slow or being rebuilt: say so; the archive itself is intact.
        message = f"{ERROR_CLASSES.get(exc.error_class, exc.error_class)}. Hãy thử lại sau ít phút."
        if wants_json(request):
            return JSONResponse({"detail": message, "error_class": exc.error_class}, status_code=503,
                                headers={"retry-after": "30"})  # fmt: skip
        return pages.render(request, "error.html", 503, title="Tìm kiếm tạm thời gián đoạn", message=message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": jsonable_errors(exc)}, status_code=422)
        return pages.render(request, "error.html", 422, title="Dữ liệu không hợp lệ",
                            message="Yêu cầu thiếu hoặc sai dữ liệu. Hãy quay lại và thử lại.")  # fmt: skip

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "Mã API do quản trị tạo"}
        }
        schema["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", [])), "msg": str(e.get("msg", ""))} for e in exc.errors()]


def serve(settings: Settings, host: str, port: int, proxy_headers: bool = False) -> None:
    import uvicorn

    app = create_app(settings)
    uvicorn.run(app, host=host, port=port, proxy_headers=proxy_headers, log_level="warning",
                server_header=False, timeout_graceful_shutdown=5)  # fmt: skip
