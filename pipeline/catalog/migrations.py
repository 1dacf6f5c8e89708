"""The catalog's schema history, run by Alembic (revisions in ``alembic/versions``, ``v1`` … head).

A new catalog gets the current schema at once and is stamped head; an existing one is upgraded
from its revision. Catalogs made before Alembic (SQLite files recording ``PRAGMA user_version``,
PostgreSQL databases a ``catalog_version`` table) are stamped with that version first, so every
step runs exactly once. Steps are safe to run again if interrupted: a column is added only when
missing, and the revision is written only after its step. Data steps (``repair_nang``,
``backfill_document_keys``) are given the SQLite driver connection and commit in chunks: only
SQLite catalogs are older than v7.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indexing.vietnamese import undo_misplaced_nang
from pipeline.catalog.engine import SQLITE, Connection

if TYPE_CHECKING:
    import sqlalchemy as sa

_SCRIPTS = Path(__file__).with_name("alembic")
# The revisions in alembic/versions, oldest first. Opening a catalog compares its revision with
# these, without Alembic (importing it and reading its scripts cost every command ~0.2 s); a test
# checks them against Alembic's own history. A new revision is added here too.
REVISIONS = ("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10")

_CHUNK = 2000


def _repaired(value: Any) -> Any:
    """Every string inside a JSON value with its nặng put back."""
    if isinstance(value, str):
        return undo_misplaced_nang(value)
    if isinstance(value, list):
        return [_repaired(v) for v in value]
    if isinstance(value, dict):
        return {k: _repaired(v) for k, v in value.items()}
    return value


def _rewrite(db: sqlite3.Connection, table: str, key: str, columns: list[str], kinds: list[str]) -> int:
    """Repair ``columns`` (``text`` or ``json``) of every row of ``table``, in chunks by ``key``."""
    changed, last = 0, None
    while True:
        where = f"WHERE {key} > ?" if last is not None else ""
        rows = db.execute(f"SELECT {key} AS k, {', '.join(columns)} FROM {table} {where} ORDER BY {key} LIMIT ?",
                          ((last,) if last is not None else ()) + (_CHUNK,)).fetchall()  # fmt: skip
        if not rows:
            return changed
        db.execute("BEGIN IMMEDIATE")
        for row in rows:
            values: list[str | None] = []
            differs = False
            for column, kind in zip(columns, kinds, strict=True):
                stored = row[column]
                if stored is None:
                    values.append(None)
                elif kind == "json":
                    original = json.loads(stored)
                    fixed = _repaired(original)
                    differs |= fixed != original
                    compact = (",", ":") if column == "words_json" else None  # as the catalog writes each
                    values.append(json.dumps(fixed, ensure_ascii=False, separators=compact) if fixed != original else stored)
                else:
                    values.append(undo_misplaced_nang(stored))
                    differs |= values[-1] != stored
            if differs:
                assignments = ", ".join(f"{c} = ?" for c in columns)
                db.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?", (*values, row["k"]))
                changed += 1
        db.execute("COMMIT")
        last = rows[-1]["k"]


def repair_nang(db: sqlite3.Connection) -> None:
    """An older normalize stored "Lụât" for "Luật", "họăc" for "hoặc": repair the text, the OCR
    words, metadata, clerks' corrections and dossiers, then ask for a rebuild of the search index
    (its text was made from the broken form). No OCR again."""
    changed = _rewrite(db, "pages", "rowid", ["text", "words_json"], ["text", "json"])
    changed += _rewrite(db, "metadata", "rowid", ["fields_json"], ["json"])
    changed += _rewrite(db, "field_corrections", "id", ["value_json", "previous_json"], ["json", "json"])
    changed += _rewrite(db, "dossiers", "rowid", ["record_json"], ["json"])
    if changed:
        db.execute(
            "INSERT OR REPLACE INTO flags(name, value, set_at) VALUES ('index_rebuild', ?, ?)",
            ("Văn bản đã lưu được sửa lỗi dấu nặng (Lụât → Luật): cần dựng lại chỉ mục tìm kiếm.",
             datetime.now(UTC).isoformat(timespec="microseconds")),
        )  # fmt: skip


def backfill_document_keys(db: sqlite3.Connection) -> None:
    """v5: the keys near-duplicate detection looks up (document_keys), for documents extracted before
    it existed, so that a new scan of an old paper is flagged. Earlier pairs are not searched for."""
    from pipeline.extraction.identifiers import document_keys

    corrected: dict[str, dict[str, Any]] = {}
    for row in db.execute("SELECT document_id, field, value_json FROM field_corrections ORDER BY id"):
        corrected.setdefault(row[0], {})[row[1]] = json.loads(row[2])
    rows = db.execute("SELECT document_id, fields_json FROM metadata").fetchall()
    db.execute("BEGIN")
    for document_id, fields_json in rows:
        fields = {**json.loads(fields_json), **corrected.get(document_id, {})}
        db.executemany("INSERT OR IGNORE INTO document_keys(document_id, kind, value) VALUES (?, ?, ?)",
                       [(document_id, kind, value) for kind, value in document_keys(fields)])  # fmt: skip
    db.execute("COMMIT")


def add_column(bind: sa.Connection, table: str, column: str, kind: str) -> None:
    """A column a table lacks, on either engine (a table created by a later schema has it already)."""
    db = Connection(bind, bind.dialect.name)
    if not db.has_column(table, column):
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def on_sqlite(bind: sa.Connection, step: Callable[[sqlite3.Connection], None]) -> None:
    """A data step over the SQLite driver connection (catalogs before v7 are SQLite files only)."""
    if bind.dialect.name == SQLITE:
        raw = bind.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        if raw.in_transaction:
            raw.commit()  # the step commits in chunks of its own (and is safe to run again)
        step(raw)


# Running them ----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _scripts() -> Any:
    """Alembic's view of alembic/versions (an ``alembic.script.ScriptDirectory``)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(_SCRIPTS))


def _config(db: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["connection"] = db.sa_connection
    return config


def head() -> str:
    """The revision this sohoa writes and reads."""
    return REVISIONS[-1]


def known(revision: str) -> bool:
    """Whether this sohoa has the revision (one it does not comes from a newer sohoa)."""
    return revision in REVISIONS


def _stamped(db: Connection) -> str | None:
    """Alembic's revision of the catalog (its ``alembic_version`` table, read at every opening of
    a SQLite file: two queries, no Alembic machinery)."""
    if not db.has_table("alembic_version"):
        return None
    row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def current_revision(db: Connection) -> str | None:
    """The catalog's revision: Alembic's, or the version a catalog made before Alembic recorded;
    None for an empty database."""
    revision = _stamped(db)
    if revision is not None:
        return revision
    legacy = db.schema_version()
    return f"v{legacy}" if legacy else None


def number(revision: str | None) -> int:
    """A revision's place in the history (v7 → 7), for messages."""
    return int(revision[1:]) if revision and revision[1:].isdigit() else 0


_MIGRATING = threading.Lock()  # Alembic's context is one per process: one migration at a time


def upgrade(db: Connection, create: Callable[[], None]) -> None:
    """Bring the catalog on ``db`` to head. ``create`` runs the current schema script (``CREATE …
    IF NOT EXISTS``): in an empty database it makes the whole catalog, then stamped head; in an
    older one it adds the tables and indexes that came after it, and the revisions it lacks then
    add columns and change data (so a table a revision fills exists before it runs).

    One at a time: threads of a process wait on a lock; processes on SQLite's writer lock (taken
    here) or PostgreSQL's advisory lock (taken by the catalog before it calls this)."""
    if _stamped(db) == head():
        return
    with _MIGRATING:
        if db.dialect == SQLITE:
            db.begin()  # BEGIN IMMEDIATE: another process making the same new file waits here
        try:
            _upgrade(db, create)
        except BaseException:
            if db.dialect == SQLITE:
                db.rollback()
            raise
        if db.dialect == SQLITE and db.in_transaction:
            db.commit()


def _upgrade(db: Connection, create: Callable[[], None]) -> None:
    stamped = _stamped(db)  # again: another thread or process may have done it meanwhile
    if stamped == head():
        return
    from alembic import command

    legacy = db.schema_version() if stamped is None else 0  # made before Alembic: the version it recorded
    config = _config(db)
    create()
    if stamped is None:
        command.stamp(config, f"v{legacy}" if legacy else "head")
        if not legacy:
            return
    command.upgrade(config, "head")
