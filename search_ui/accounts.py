"""Who may do what: users and roles, hashed passwords, sessions, API tokens and the audit log.

Stored in the web app's tables (``pipeline.catalog.web``: web.sqlite3 beside the catalog, or the
catalog's PostgreSQL database for a province). Secrets are never stored: passwords as scrypt hashes,
session and API tokens as SHA-256 digests of random 256-bit values.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pipeline.catalog.engine import Record
from pipeline.catalog.web import NameTakenError, WebTables

ROLES: dict[str, str] = {
    "clerk": "Văn thư lưu trữ",
    "officer": "Cán bộ tra cứu",
    "admin": "Quản trị hệ thống",
}

# What each permission allows, and which roles hold it. Admins run the system but do not handle
# citizens' papers: they see documents with ID numbers masked and cannot open scans or downloads.
PERMISSIONS: dict[str, frozenset[str]] = {
    "search": frozenset({"clerk", "officer", "admin"}),  # search, document metadata and text
    "read_scans": frozenset({"clerk", "officer"}),  # page images, originals, PDF/JSON/ALTO downloads
    "see_ids": frozenset({"clerk", "officer"}),  # CCCD/CMND numbers unmasked
    "upload": frozenset({"clerk"}),  # upload batches, follow their progress
    "review": frozenset({"clerk"}),  # review queue, field corrections
    "admin": frozenset({"admin"}),  # dashboard, retries, users, tokens, audit log
}

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_LENGTH = 10
LOCKOUT_FAILURES = 5
LOCKOUT_MINUTES = 15



def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encode(salt).decode()}${encode(key).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        key = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=32)  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(key, base64.b64decode(expected))


# A real hash to compare against when the user does not exist, so timing does not tell names apart.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A user operation refused, with a Vietnamese message for the screen or the terminal."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    full_name: str
    roles: frozenset[str]
    active: bool
    office: str = ""  # '' : not tied to an office (sees every office's documents)

    def can(self, permission: str) -> bool:
        return bool(self.roles & PERMISSIONS[permission])

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def role_labels(self) -> str:
        return ", ".join(ROLES[r] for r in ROLES if r in self.roles)


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    csrf_token: str
    expires_at: datetime


def login_name(username: str) -> str:
    """A name as typed at the login form, in the one form it is stored, locked out and audited
    under: NFC, trimmed, lower case (``hu\u0300ng`` and ``hùng`` are one name)."""
    return unicodedata.normalize("NFC", username).strip().lower()


def normalize_username(username: str) -> str:
    name = login_name(username)
    if not name or len(name) > 64 or not all(ch.isalnum() or ch in "._-@" for ch in name):
        raise AccountError("Tên đăng nhập chỉ gồm chữ, số và . _ - @ (tối đa 64 ký tự).")
    return name


def check_roles(roles: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(r.strip() for r in roles if r.strip())
    unknown = chosen - set(ROLES)
    if not chosen or unknown:
        raise AccountError(f"Vai trò phải thuộc: {', '.join(ROLES)}.")
    return chosen


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")


class WebStore(WebTables):
    """Users, sessions, API tokens and the audit log as the web app and ``sohoa user`` see them
    (the tables and their SQL: ``pipeline.catalog.web``)."""

    def __enter__(self) -> WebStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Users -------------------------------------------------------------------------------------
    def add_user(self, username: str, password: str, roles: Iterable[str], full_name: str = "",
                 office: str = "") -> User:  # fmt: skip
        name = normalize_username(username)
        chosen = check_roles(roles)
        check_password(password)
        try:
            self.insert_user(name, unicodedata.normalize("NFC", full_name).strip(), ",".join(sorted(chosen)),
                             hash_password(password), _iso(_now()))  # fmt: skip
        except NameTakenError as exc:
            raise AccountError(f"Đã có người dùng '{name}'.") from exc
        user = self.user_by_name(name)
        assert user is not None
        if office:
            self.set_office(user.id, office)
            user = self.user_by_name(name)
            assert user is not None
        return user

    def move_user(self, username: str, office: str) -> User:
        """The user's office ('' : none); the caller checks the office exists."""
        user = self._existing(username)
        self.set_office(user.id, office)
        moved = self.user_by_name(user.username)
        assert moved is not None
        return moved

    def set_password(self, username: str, password: str) -> None:
        check_password(password)
        user = self._existing(username)
        self.set_password_hash(user.id, hash_password(password))

    def update_user(self, username: str, roles: Iterable[str] | None = None, active: bool | None = None,
                    full_name: str | None = None) -> User:  # fmt: skip
        user = self._existing(username)
        new_roles = check_roles(roles) if roles is not None else user.roles
        still_admin = "admin" in new_roles and (user.active if active is None else active)
        if "admin" in user.roles and user.active and not still_admin and not self._other_active_admin(user.id):
            raise AccountError("Phải còn ít nhất một quản trị đang hoạt động.")
        if roles is not None:
            self.set_roles(user.id, ",".join(sorted(new_roles)))
        if full_name is not None:
            self.set_full_name(user.id, unicodedata.normalize("NFC", full_name).strip())
        if active is not None:
            self.set_active(user.id, active)
        updated = self.user_by_name(user.username)
        assert updated is not None
        return updated

    def _other_active_admin(self, user_id: int) -> bool:
        return any("admin" in u.roles and u.active and u.id != user_id for u in self.users())

    def _existing(self, username: str) -> User:
        user = self.user_by_name(username)
        if user is None:
            raise AccountError(f"Không có người dùng '{username}'.")
        return user

    def user_by_name(self, username: str) -> User | None:
        try:
            name = normalize_username(username)
        except AccountError:
            return None
        row = self.user_row(name)
        return _user(row) if row else None

    def users(self) -> list[User]:
        return [_user(r) for r in self.user_rows()]

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user with this password, or None (same work whether or not the name exists)."""
        try:
            name = normalize_username(username)
        except AccountError:
            name = ""
        row = self.user_row(name) if name else None
        stored = row["password_hash"] if row else _DUMMY_HASH
        valid = verify_password(password, stored)
        if row is None or not valid or not row["active"]:
            return None
        return _user(row)

    def recent_failures(self, username: str, minutes: int = LOCKOUT_MINUTES) -> int:
        return self.failed_logins(username, _iso(_now() - timedelta(minutes=minutes)))

    # Sessions ----------------------------------------------------------------------------------
    def open_session(self, user: User, hours: float) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = _now()
        expires = now + timedelta(hours=hours)
        self.insert_session(_digest(token), user.id, csrf, _iso(now), _iso(expires))
        return token, Session(user, csrf, expires)

    def session(self, token: str, hours: float) -> Session | None:
        """The live session for this cookie value, its expiry pushed forward (idle timeout)."""
        row = self.session_row(_digest(token))
        if row is None:
            return None
        now = _now()
        if datetime.fromisoformat(row["expires_at"]) <= now or not row["active"]:
            self.delete_session(_digest(token))
            return None
        expires = now + timedelta(hours=hours)
        self.set_session_expiry(_digest(token), _iso(expires))
        return Session(_user(row), row["csrf_token"], expires)

    def close_session(self, token: str) -> None:
        self.delete_session(_digest(token))

    # API tokens --------------------------------------------------------------------------------
    def create_token(self, username: str, label: str) -> str:
        """A new API token for this user (acts with the user's roles); shown once, stored as a digest."""
        user = self._existing(username)
        token = "sohoa_" + secrets.token_urlsafe(32)
        self.insert_token(user.id, unicodedata.normalize("NFC", label).strip() or "API", _digest(token), _iso(_now()))
        return token

    def token_user(self, token: str) -> User | None:
        row = self.token_user_row(_digest(token), _iso(_now()))
        return _user(row) if row else None

    def tokens(self) -> list[Record]:
        return self.token_rows()

    # Audit log ---------------------------------------------------------------------------------
    def audit(self, username: str | None, action: str, target: str | None = None,
              detail: dict[str, Any] | None = None, client: str | None = None) -> None:  # fmt: skip
        self.insert_audit(_iso(_now()), username, action, target, json.dumps(detail or {}, ensure_ascii=False), client)


def _user(row: Record) -> User:
    return User(
        id=int(row["id"]), username=row["username"], full_name=row["full_name"],
        roles=frozenset(r for r in row["roles"].split(",") if r), active=bool(row["active"]),
        office=str(row["office"] or ""),
    )  # fmt: skip
