"""Changes to a catalog that already exists, by the schema version that introduced them.

A step is SQL, a column to add (``AddColumn``: skipped when the table has it, as a table created
by this version's schema does; on both engines), or a function given the SQLite connection (inside
no transaction: it commits in chunks, and is safe to run again if interrupted, since the version is
written only after every step; only SQLite catalogs are older than v7).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from indexing.vietnamese import undo_misplaced_nang

SCHEMA_VERSION = 7

_CHUNK = 2000


class AddColumn(NamedTuple):
    table: str
    column: str
    kind: str


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


def _repair_nang(db: sqlite3.Connection) -> None:
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


def _backfill_document_keys(db: sqlite3.Connection) -> None:
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


def _add_split_columns(db: sqlite3.Connection) -> None:
    """Multi-document scans: a result split out of a file is a document over a range of its pages.
    Columns a catalog already has are left as they are (the step may run again after a crash)."""
    have = {str(row[1]) for row in db.execute("PRAGMA table_info(documents)")}
    for name, kind in (("parent_id", "TEXT REFERENCES documents(id)"), ("first_page", "INTEGER"),
                       ("last_page", "INTEGER"), ("split_by", "TEXT")):  # fmt: skip
        if name not in have:
            db.execute(f"ALTER TABLE documents ADD COLUMN {name} {kind}")


MIGRATIONS: dict[int, list[str | AddColumn | Callable[[sqlite3.Connection], None]]] = {
    2: ["ALTER TABLE pages ADD COLUMN flattened INTEGER NOT NULL DEFAULT 0"],
    3: ["ALTER TABLE pages ADD COLUMN regions_json TEXT NOT NULL DEFAULT '[]'"],
    4: [_repair_nang],
    5: [_backfill_document_keys],
    6: [_add_split_columns],
    7: [AddColumn("pages", "worker", "TEXT"), AddColumn("stage_runs", "worker", "TEXT")],  # pool workers
}
