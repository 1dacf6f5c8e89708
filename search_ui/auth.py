"""Authentication and authorization for every route: sessions, API tokens, roles, CSRF.

Each route declares what it needs with ``Depends(Require("permission", ...))``. The dependency
finds the caller (session cookie, or ``Authorization: Bearer`` API token), refuses callers without
one of the permissions, and checks the CSRF token of every state-changing request made with a
session cookie (a hidden form field or the ``X-CSRF-Token`` header). API tokens are not sent by
browsers on their own, so token requests need no CSRF token.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from search_ui.accounts import PERMISSIONS, Session, User, WebStore

SESSION_COOKIE = "sohoa_session"
LOGIN_CSRF_COOKIE = "sohoa_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling, and how: through a browser session or an API token."""

    user: User
    session: Session | None  # None for API tokens
    # The offices whose documents this caller sees: its office's own and those shared with it; None
    # for every office's (admins, and users not tied to an office).
    offices: frozenset[str] | None = None

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session else ""

    def can(self, permission: str) -> bool:
        return self.user.can(permission)


class NotAuthenticated(Exception):
    """No valid session or token: HTML pages redirect to the login page, the API answers 401."""


class Forbidden(Exception):
    """Authenticated, but the roles do not allow this (403)."""

    def __init__(self, message: str = "Tài khoản của bạn không có quyền truy cập trang này.") -> None:
        super().__init__(message)
        self.message = message


class CsrfFailure(Forbidden):
    def __init__(self) -> None:
        super().__init__("Phiên làm việc của biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và thử lại.")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


def principal_of(request: Request) -> Principal | None:
    store: WebStore = request.app.state.store
    hours = request.app.state.settings.session_hours
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = store.token_user(header[7:].strip())
        return Principal(user, None, _offices(request, user)) if user else None
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    session = store.session(token, hours)
    return Principal(session.user, session, _offices(request, session.user)) if session else None


def _offices(request: Request, user: User) -> frozenset[str] | None:
    if not user.office or "admin" in user.roles:
        return None
    from pipeline.catalog import Catalog

    with Catalog(request.app.state.settings.catalog_location) as catalog:
        return catalog.visible_offices(user.office)


def require_visible(request: Request, principal: Principal, document_ids: list[str]) -> None:
    """404 (as for a document that does not exist) unless the caller's offices hold every one of
    these documents. Every route with a ``{document_id}`` runs this through ``Require``."""
    if principal.offices is None or not document_ids:
        return
    from fastapi import HTTPException

    from pipeline.catalog import Catalog

    with Catalog(request.app.state.settings.catalog_location) as catalog:
        visible = catalog.documents_of_offices(document_ids, principal.offices)
    if len(visible) != len(set(document_ids)):
        raise HTTPException(404, "Không có tài liệu đã xử lý với mã này.")


class Require:
    """A route dependency: the caller must hold at least one of ``permissions``."""

    def __init__(self, *permissions: str) -> None:
        unknown = set(permissions) - set(PERMISSIONS)
        if not permissions or unknown:
            raise ValueError(f"unknown permissions: {sorted(unknown)}")
        self.permissions = permissions

    async def __call__(self, request: Request) -> Principal:
        principal = principal_of(request)
        if principal is None:
            raise NotAuthenticated()
        request.state.principal = principal  # the refusal page still shows who is signed in
        if not any(principal.can(p) for p in self.permissions):
            raise Forbidden()
        if request.method not in SAFE_METHODS and principal.session is not None:
            await verify_csrf(request, principal.session.csrf_token)
        if "document_id" in request.path_params:  # another office's document is, for this caller, none
            require_visible(request, principal, [str(request.path_params["document_id"])])
        return principal


async def verify_csrf(request: Request, expected: str) -> None:
    supplied = request.headers.get(CSRF_HEADER)
    if supplied is None and _is_form(request):
        settings = request.app.state.settings
        form = await request.form(max_files=settings.upload_max_files, max_fields=2 * settings.upload_max_files + 50)
        value: Any = form.get(CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if not supplied or not expected or not hmac.compare_digest(supplied, expected):
        raise CsrfFailure()


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def cookie_secure(request: Request) -> bool:
    mode = request.app.state.settings.secure_cookies
    if mode == "auto":  # behind a reverse proxy, `sohoa serve --proxy-headers` makes the scheme https
        return request.url.scheme == "https"
    return mode == "always"
