"""Who may do what: users and roles, hashed passwords, sessions, API tokens and the audit log.

Kept in its own SQLite file (``web.sqlite3`` in SOHOA_HOME) beside the catalog, or in the catalog's
PostgreSQL database when SOHOA_DATABASE_URL is set (its own tables, so every web server of a
province shares users, sessions and the audit log): the catalog is the archive's record; this is
the web app's. Secrets are never stored: passwords as scrypt hashes,
session and API tokens as SHA-256 digests of random 256-bit values.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from pipeline.catalog import connect
from pipeline.catalog_engine import Record, Result, is_url
from pipeline.catalog_engine import connect as open_connection

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

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL,                 -- comma-separated keys of ROLES
    password_hash TEXT NOT NULL,         -- scrypt$N$r$p$salt$hash (base64)
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    label TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    username TEXT,
    action TEXT NOT NULL,                -- login | login_failed | logout | search | view | download | edit | upload | retry | user | token
    target TEXT,
    detail_json TEXT NOT NULL DEFAULT '{}',
    client TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log(at);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                  -- ingest | retry
    batch_name TEXT NOT NULL,
    upload_dir TEXT,                     -- for ingest: where the uploaded files wait
    arguments_json TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL,                 -- queued | running | done | failed
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    exit_code INTEGER,
    summary_json TEXT,
    message TEXT
);
"""


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


class WebStore:
    """The web app's database. Thread-safe: one connection behind a lock (requests are short)."""

    def __init__(self, location: Path | str) -> None:
        """``location``: the SQLite file, or the PostgreSQL URL of the catalog's database."""
        self._lock = threading.RLock()
        self._server = location if is_url(location) else None
        if is_url(location):
            self._db = open_connection(location)
        else:
            path = Path(location)
            self._db = open_connection(path, lambda: connect(path))
        with self._lock:
            for statement in self._db.ddl(_SCHEMA):
                self._db.execute(statement)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> WebStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Result:
        values = tuple(params)
        with self._lock:
            try:
                return self._db.execute(sql, values)
            except sa.exc.DBAPIError as exc:
                # The server restarted or dropped this connection while the web app kept it: one
                # new connection, the statement once more (nothing was run on the dead one).
                if self._server is None or not exc.connection_invalidated:
                    raise
                self._db.close()
                self._db = open_connection(self._server)
                return self._db.execute(sql, values)

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[Record]:
        return self.execute(sql, params).fetchall()

    # Users -------------------------------------------------------------------------------------
    def add_user(self, username: str, password: str, roles: Iterable[str], full_name: str = "") -> User:
        name = normalize_username(username)
        chosen = check_roles(roles)
        check_password(password)
        try:
            self.execute(
                "INSERT INTO users(username, full_name, roles, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (name, unicodedata.normalize("NFC", full_name).strip(), ",".join(sorted(chosen)),
                 hash_password(password), _iso(_now())),
            )  # fmt: skip
        except sa.exc.IntegrityError as exc:
            raise AccountError(f"Đã có người dùng '{name}'.") from exc
        user = self.user_by_name(name)
        assert user is not None
        return user

    def set_password(self, username: str, password: str) -> None:
        check_password(password)
        user = self._existing(username)
        self.execute("UPDATE users SET password_hash = ? WHERE id = ?", (hash_password(password), user.id))
        self.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))

    def update_user(self, username: str, roles: Iterable[str] | None = None, active: bool | None = None,
                    full_name: str | None = None) -> User:  # fmt: skip
        user = self._existing(username)
        new_roles = check_roles(roles) if roles is not None else user.roles
        still_admin = "admin" in new_roles and (user.active if active is None else active)
        if "admin" in user.roles and user.active and not still_admin and not self._other_active_admin(user.id):
            raise AccountError("Phải còn ít nhất một quản trị đang hoạt động.")
        if roles is not None:
            self.execute("UPDATE users SET roles = ? WHERE id = ?", (",".join(sorted(new_roles)), user.id))
        if full_name is not None:
            self.execute("UPDATE users SET full_name = ? WHERE id = ?",
                         (unicodedata.normalize("NFC", full_name).strip(), user.id))  # fmt: skip
        if active is not None:
            self.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user.id))
            if not active:  # a disabled user is signed out everywhere and loses API access
                self.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))
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
        rows = self.query("SELECT * FROM users WHERE username = ?", (name,))
        return _user(rows[0]) if rows else None

    def users(self) -> list[User]:
        return [_user(r) for r in self.query("SELECT * FROM users ORDER BY username")]

    def authenticate(self, username: str, password: str) -> User | None:
        """The active user with this password, or None (same work whether or not the name exists)."""
        try:
            name = normalize_username(username)
        except AccountError:
            name = ""
        rows = self.query("SELECT * FROM users WHERE username = ?", (name,)) if name else []
        stored = rows[0]["password_hash"] if rows else _DUMMY_HASH
        valid = verify_password(password, stored)
        if not rows or not valid or not rows[0]["active"]:
            return None
        return _user(rows[0])

    def recent_failures(self, username: str, minutes: int = LOCKOUT_MINUTES) -> int:
        since = _iso(_now() - timedelta(minutes=minutes))
        last_success = self.query(
            "SELECT max(at) AS at FROM audit_log WHERE action = 'login' AND username = ?", (username,)
        )[0]["at"] or ""
        return int(self.query(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'login_failed' AND username = ? AND at >= ? AND at > ?",
            (username, since, last_success),
        )[0]["n"])  # fmt: skip

    # Sessions ----------------------------------------------------------------------------------
    def open_session(self, user: User, hours: float) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = _now()
        expires = now + timedelta(hours=hours)
        self.execute("DELETE FROM sessions WHERE expires_at <= ?", (_iso(now),))  # ended ones, never used again
        self.execute(
            "INSERT INTO sessions(token_sha256, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            (_digest(token), user.id, csrf, _iso(now), _iso(expires)),
        )
        return token, Session(user, csrf, expires)

    def session(self, token: str, hours: float) -> Session | None:
        """The live session for this cookie value, its expiry pushed forward (idle timeout)."""
        rows = self.query(
            "SELECT s.csrf_token, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_sha256 = ?",
            (_digest(token),),
        )
        if not rows:
            return None
        row = rows[0]
        now = _now()
        if datetime.fromisoformat(row["expires_at"]) <= now or not row["active"]:
            self.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_digest(token),))
            return None
        expires = now + timedelta(hours=hours)
        self.execute("UPDATE sessions SET expires_at = ? WHERE token_sha256 = ?", (_iso(expires), _digest(token)))
        return Session(_user(row), row["csrf_token"], expires)

    def close_session(self, token: str) -> None:
        self.execute("DELETE FROM sessions WHERE token_sha256 = ?", (_digest(token),))

    # API tokens --------------------------------------------------------------------------------
    def create_token(self, username: str, label: str) -> str:
        """A new API token for this user (acts with the user's roles); shown once, stored as a digest."""
        user = self._existing(username)
        token = "sohoa_" + secrets.token_urlsafe(32)
        self.execute(
            "INSERT INTO api_tokens(user_id, label, token_sha256, created_at) VALUES (?, ?, ?, ?)",
            (user.id, unicodedata.normalize("NFC", label).strip() or "API", _digest(token), _iso(_now())),
        )
        return token

    def token_user(self, token: str) -> User | None:
        rows = self.query(
            "SELECT t.id AS token_id, u.* FROM api_tokens t JOIN users u ON u.id = t.user_id"
            " WHERE t.token_sha256 = ? AND t.revoked = 0 AND u.active = 1",
            (_digest(token),),
        )
        if not rows:
            return None
        self.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (_iso(_now()), rows[0]["token_id"]))
        return _user(rows[0])

    def tokens(self) -> list[Record]:
        return self.query(
            "SELECT t.id, t.label, t.created_at, t.last_used_at, t.revoked, u.username FROM api_tokens t"
            " JOIN users u ON u.id = t.user_id ORDER BY t.id DESC"
        )

    def revoke_token(self, token_id: int) -> None:
        self.execute("UPDATE api_tokens SET revoked = 1 WHERE id = ?", (token_id,))

    # Audit log ---------------------------------------------------------------------------------
    def audit(self, username: str | None, action: str, target: str | None = None,
              detail: dict[str, Any] | None = None, client: str | None = None) -> None:  # fmt: skip
        self.execute(
            "INSERT INTO audit_log(at, username, action, target, detail_json, client) VALUES (?, ?, ?, ?, ?, ?)",
            (_iso(_now()), username, action, target, json.dumps(detail or {}, ensure_ascii=False), client),
        )

    def audit_entries(self, limit: int = 200, action: str | None = None, username: str | None = None) -> list[Record]:
        sql = "SELECT * FROM audit_log WHERE 1=1"
        params: list[Any] = []
        if action:
            sql += " AND action = ?"
            params.append(action)
        if username:
            sql += " AND username = ?"
            params.append(username)
        return self.query(sql + " ORDER BY id DESC LIMIT ?", (*params, limit))


def _user(row: Record) -> User:
    return User(
        id=int(row["id"]), username=row["username"], full_name=row["full_name"],
        roles=frozenset(r for r in row["roles"].split(",") if r), active=bool(row["active"]),
    )  # fmt: skip
