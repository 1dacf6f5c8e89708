"""The web app's tables: users, sessions, API tokens, the audit log and background jobs.

Kept in their own SQLite file (``web.sqlite3`` in SOHOA_HOME) beside the catalog, or in the
catalog's PostgreSQL database when SOHOA_DATABASE_URL is set (their own tables, so every web server
of a province shares users, sessions, the audit log and the job queue). The catalog is the
archive's record; this is the web app's. Only SQL and rows live here: what a password, a role or a
job means is ``search_ui``'s business (``accounts.WebStore`` builds on this class).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.catalog.documents import connect
from pipeline.catalog.engine import Record, Result, is_url, violates_constraint
from pipeline.catalog.engine import connect as open_connection

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL,                 -- comma-separated role keys
    password_hash TEXT NOT NULL,         -- scrypt$N$r$p$salt$hash (base64)
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    office TEXT NOT NULL DEFAULT ''      -- the office (đơn vị) whose documents the user sees; '' : every office's
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
    kind TEXT NOT NULL,                  -- ingest | retry | reindex
    batch_name TEXT NOT NULL,
    upload_dir TEXT,                     -- for ingest: where the uploaded files wait
    arguments_json TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL,                 -- uploading | queued | running | done | failed
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    exit_code INTEGER,
    summary_json TEXT,
    message TEXT,
    office TEXT NOT NULL DEFAULT ''      -- the office of whoever made it (its batch is that office's)
);
"""

WAITING_STATES = ("queued", "running")


class NameTakenError(ValueError):
    """A user name that is already someone's."""


class WebTables:
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
            for table in ("users", "jobs"):  # a web store made before offices
                if not self._db.has_column(table, "office"):
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN office TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        self._db.close()

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Result:
        values = tuple(params)
        with self._lock:
            try:
                return self._db.execute(sql, values)
            except Exception as exc:
                # The server restarted or dropped this connection while the web app kept it: one
                # new connection, the statement once more (nothing was run on the dead one).
                if self._server is None or not getattr(exc, "connection_invalidated", False):
                    raise
                self._db.close()
                self._db = open_connection(self._server)
                return self._db.execute(sql, values)

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[Record]:
        return self._execute(sql, params).fetchall()

    # Users -------------------------------------------------------------------------------------
    def insert_user(self, username: str, full_name: str, roles: str, password_hash: str, created_at: str) -> None:
        try:
            self._execute(
                "INSERT INTO users(username, full_name, roles, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                (username, full_name, roles, password_hash, created_at),
            )
        except Exception as exc:
            if not violates_constraint(exc):
                raise
            raise NameTakenError(username) from exc

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        """A new password; every session of the user ends."""
        self._execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))
        self._execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))

    def set_roles(self, user_id: int, roles: str) -> None:
        self._execute("UPDATE users SET roles = ? WHERE id = ?", (roles, user_id))

    def set_office(self, user_id: int, office: str) -> None:
        self._execute("UPDATE users SET office = ? WHERE id = ?", (office, user_id))

    def set_full_name(self, user_id: int, full_name: str) -> None:
        self._execute("UPDATE users SET full_name = ? WHERE id = ?", (full_name, user_id))

    def set_active(self, user_id: int, active: bool) -> None:
        """A disabled user is signed out everywhere (and loses API access: see ``token_user_row``)."""
        self._execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
        if not active:
            self._execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))

    def user_row(self, username: str) -> Record | None:
        rows = self._query("SELECT * FROM users WHERE username = ?", (username,))
        return rows[0] if rows else None

    def user_rows(self) -> list[Record]:
        return self._query("SELECT * FROM users ORDER BY username")

    def failed_logins(self, username: str, since: str) -> int:
        """Failed logins under this name since ``since`` and after its last successful one."""
        last_success = self._query(
            "SELECT max(at) AS at FROM audit_log WHERE action = 'login' AND username = ?", (username,)
        )[0]["at"] or ""
        return int(self._query(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'login_failed' AND username = ? AND at >= ? AND at > ?",
            (username, since, last_success),
        )[0]["n"])  # fmt: skip

    # Sessions ----------------------------------------------------------------------------------
    def insert_session(self, token_sha256: str, user_id: int, csrf_token: str, created_at: str, expires_at: str) -> None:
        """A new session; ended ones (never used again) go at the same time."""
        self._execute("DELETE FROM sessions WHERE expires_at <= ?", (created_at,))
        self._execute(
            "INSERT INTO sessions(token_sha256, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            (token_sha256, user_id, csrf_token, created_at, expires_at),
        )

    def session_row(self, token_sha256: str) -> Record | None:
        """The session's csrf_token and expires_at, with every column of its user."""
        rows = self._query(
            "SELECT s.csrf_token, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_sha256 = ?",
            (token_sha256,),
        )
        return rows[0] if rows else None

    def set_session_expiry(self, token_sha256: str, expires_at: str) -> None:
        self._execute("UPDATE sessions SET expires_at = ? WHERE token_sha256 = ?", (expires_at, token_sha256))

    def delete_session(self, token_sha256: str) -> None:
        self._execute("DELETE FROM sessions WHERE token_sha256 = ?", (token_sha256,))

    # API tokens --------------------------------------------------------------------------------
    def insert_token(self, user_id: int, label: str, token_sha256: str, created_at: str) -> None:
        self._execute(
            "INSERT INTO api_tokens(user_id, label, token_sha256, created_at) VALUES (?, ?, ?, ?)",
            (user_id, label, token_sha256, created_at),
        )

    def token_user_row(self, token_sha256: str, used_at: str) -> Record | None:
        """The active user of a live token (its last use recorded), or None."""
        rows = self._query(
            "SELECT t.id AS token_id, u.* FROM api_tokens t JOIN users u ON u.id = t.user_id"
            " WHERE t.token_sha256 = ? AND t.revoked = 0 AND u.active = 1",
            (token_sha256,),
        )
        if not rows:
            return None
        self._execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", (used_at, rows[0]["token_id"]))
        return rows[0]

    def token_rows(self) -> list[Record]:
        return self._query(
            "SELECT t.id, t.label, t.created_at, t.last_used_at, t.revoked, u.username FROM api_tokens t"
            " JOIN users u ON u.id = t.user_id ORDER BY t.id DESC"
        )

    def revoke_token(self, token_id: int) -> None:
        self._execute("UPDATE api_tokens SET revoked = 1 WHERE id = ?", (token_id,))

    # Audit log ---------------------------------------------------------------------------------
    def insert_audit(self, at: str, username: str | None, action: str, target: str | None, detail_json: str,
                     client: str | None) -> None:  # fmt: skip
        self._execute(
            "INSERT INTO audit_log(at, username, action, target, detail_json, client) VALUES (?, ?, ?, ?, ?, ?)",
            (at, username, action, target, detail_json, client),
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
        return self._query(sql + " ORDER BY id DESC LIMIT ?", (*params, limit))

    # Jobs --------------------------------------------------------------------------------------
    def insert_job(self, kind: str, batch_name: str, state: str, created_by: str, created_at: str,
                   arguments_json: str = "{}", office: str = "") -> int:  # fmt: skip
        return int(self._execute(
            "INSERT INTO jobs(kind, batch_name, arguments_json, state, created_by, created_at, office)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (kind, batch_name, arguments_json, state, created_by, created_at, office),
        ).one()[0])  # fmt: skip

    def set_job_upload(self, job_id: int, upload_dir: str, arguments_json: str, state: str, at: str) -> None:
        """An upload fully received: where its files wait, what was accepted; ``done`` ends it."""
        self._execute(
            "UPDATE jobs SET upload_dir = ?, arguments_json = ?, state = ?, finished_at = CASE WHEN ? = 'done'"
            " THEN ? END WHERE id = ?",
            (upload_dir, arguments_json, state, state, at, job_id),
        )

    def start_job(self, job_id: int, at: str) -> None:
        self._execute("UPDATE jobs SET state = 'running', started_at = ? WHERE id = ?", (at, job_id))

    def finish_job(self, job_id: int, state: str, at: str, exit_code: int | None = None,
                   summary_json: str | None = None, message: str | None = None) -> None:  # fmt: skip
        self._execute(
            "UPDATE jobs SET state = ?, finished_at = ?, exit_code = ?, summary_json = ?, message = ? WHERE id = ?",
            (state, at, exit_code, summary_json, message, job_id),
        )

    def job_row(self, job_id: int) -> Record | None:
        rows = self._query("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return rows[0] if rows else None

    def job_rows(self, limit: int = 100, offices: frozenset[str] | None = None) -> list[Record]:
        """The latest jobs; of these offices only, when given."""
        if offices is None:
            return self._query("SELECT * FROM jobs ORDER BY id DESC LIMIT ?", (limit,))
        marks = ",".join("?" * len(offices))
        return self._query(f"SELECT * FROM jobs WHERE office IN ({marks}) ORDER BY id DESC LIMIT ?", (*sorted(offices), limit))

    def waiting_job_id(self, kind: str) -> int | None:
        """A job of this kind already queued or running."""
        rows = self._query("SELECT id FROM jobs WHERE kind = ? AND state IN (?, ?) LIMIT 1", (kind, *WAITING_STATES))
        return int(rows[0]["id"]) if rows else None

    def waiting_job_ids(self) -> set[int]:
        return {int(r["id"]) for r in self._query("SELECT id FROM jobs WHERE state IN (?, ?)", WAITING_STATES)}

    def next_queued_job(self) -> Record | None:
        rows = self._query("SELECT * FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1")
        return rows[0] if rows else None

    def requeue_running_jobs(self) -> None:
        """Jobs a stop or a crash interrupted go back to the queue."""
        self._execute("UPDATE jobs SET state = 'queued' WHERE state = 'running'")

    def fail_unfinished_uploads(self, at: str, message: str) -> None:
        self._execute("UPDATE jobs SET state = 'failed', finished_at = ?, message = ? WHERE state = 'uploading'",
                      (at, message))  # fmt: skip

    def job_arguments(self, kind: str) -> list[str]:
        """The arguments_json of every job of a kind (refused uploads are counted from them)."""
        return [str(r["arguments_json"] or "{}") for r in self._query("SELECT arguments_json FROM jobs WHERE kind = ?", (kind,))]
