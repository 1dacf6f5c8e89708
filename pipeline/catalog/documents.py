"""The archive's record: batches, documents, pages, metadata, stage runs, claims.

SQLite in WAL mode by default (a file in SOHOA_HOME); PostgreSQL for a province
(``SOHOA_DATABASE_URL``): one SQL text for both, run through ``pipeline.catalog.engine``.

The files of each batch, documents (one per distinct SHA-256), pages with their text,
word boxes and confidences, metadata, stage timings and errors. Every derived result carries the
fingerprint of the code and settings that produced it. The search index is rebuilt from here.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from ocr.words import StoredWord
from pipeline.catalog import migrations
from pipeline.catalog.engine import POSTGRESQL, Connection, Record, is_url
from pipeline.catalog.engine import connect as open_connection
from pipeline.errors import ErrorClass, SohoaError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    office TEXT NOT NULL DEFAULT ''      -- the office (đơn vị) that sent it: its documents are that office's
);
CREATE TABLE IF NOT EXISTS offices (    -- wards, city centres, the province's departments
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent TEXT,                         -- the office above it, if any (a ward's city)
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS office_shares (  -- an office's documents seen by another's users too
    office TEXT NOT NULL REFERENCES offices(code),
    shared_with TEXT NOT NULL REFERENCES offices(code),
    shared_by TEXT NOT NULL,
    shared_at TEXT NOT NULL,
    PRIMARY KEY (office, shared_with)
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,                 -- first 16 hex digits of the SHA-256: stable across installations
    sha256 TEXT NOT NULL UNIQUE,
    source_name TEXT NOT NULL,           -- file name as first uploaded (NFC)
    folder TEXT NOT NULL DEFAULT '',     -- folder inside the batch, for dossiers
    batch_id INTEGER REFERENCES batches(id),
    media_type TEXT,
    size_bytes INTEGER NOT NULL,
    page_count INTEGER,
    state TEXT NOT NULL,                 -- stored | recognized | extracted | indexed | failed | split | superseded
    error_class TEXT,
    error_message TEXT,
    ocr_fingerprint TEXT,
    extract_fingerprint TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    parent_id TEXT REFERENCES documents(id),  -- a result split out of a file holding several
    first_page INTEGER,                  -- its pages in that file
    last_page INTEGER,
    split_by TEXT                        -- on a split file: auto, or the clerk who set the split points
);
CREATE INDEX IF NOT EXISTS documents_state ON documents(state);
CREATE TABLE IF NOT EXISTS batch_files (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    source_path TEXT NOT NULL,
    display_name TEXT NOT NULL,
    document_id TEXT REFERENCES documents(id),
    outcome TEXT NOT NULL,               -- new | duplicate | failed
    error_class TEXT,
    error_message TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (batch_id, source_path)
);
CREATE TABLE IF NOT EXISTS pages (
    document_id TEXT NOT NULL REFERENCES documents(id),
    number INTEGER NOT NULL,
    width INTEGER, height INTEGER, dpi INTEGER,
    rotation INTEGER NOT NULL DEFAULT 0,
    skew_degrees REAL NOT NULL DEFAULT 0,
    flattened INTEGER NOT NULL DEFAULT 0,  -- perspective corrected: the stored image is the reference
    text_source TEXT,                    -- ocr | text_layer | blank
    text TEXT NOT NULL DEFAULT '',
    confidence REAL,
    words_json TEXT NOT NULL DEFAULT '[]',  -- [[text, x, y, w, h, conf, block, line], ...] in stored-image pixels
    regions_json TEXT NOT NULL DEFAULT '[]',  -- [{"kind", "box": [x, y, w, h], "lines": [first, last]}, ...]
    image_path TEXT,
    fingerprint TEXT,
    error_class TEXT,
    error_message TEXT,
    updated_at TEXT NOT NULL,
    worker TEXT,                         -- the machine that read it (SOHOA_WORKER_NAME)
    PRIMARY KEY (document_id, number)
);
CREATE TABLE IF NOT EXISTS metadata (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    fields_json TEXT NOT NULL,
    fingerprint TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS field_corrections (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    field TEXT NOT NULL,
    value_json TEXT NOT NULL,            -- the clerk's value; wins over extraction, forever
    previous_json TEXT,                  -- what the document showed before (audit)
    corrected_by TEXT NOT NULL,
    corrected_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS field_corrections_document ON field_corrections(document_id);
CREATE TABLE IF NOT EXISTS dossiers (
    id TEXT PRIMARY KEY,                 -- "code:<dossier code>" or "folder:<batch id>:<folder>"
    record_json TEXT NOT NULL,           -- code, title, procedure, applicant, received_date, due_date
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dossier_corrections (  -- a clerk's file-level (hồ sơ) description: wins over what is derived
    id INTEGER PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value_json TEXT NOT NULL,
    previous_json TEXT,
    corrected_by TEXT NOT NULL,
    corrected_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dossier_corrections_dossier ON dossier_corrections(dossier_id);
CREATE TABLE IF NOT EXISTS dossier_documents (
    dossier_id TEXT NOT NULL REFERENCES dossiers(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    PRIMARY KEY (dossier_id, document_id)
);
CREATE TABLE IF NOT EXISTS stage_runs (
    id INTEGER PRIMARY KEY,
    document_id TEXT,
    page_number INTEGER,
    stage TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_s REAL NOT NULL,
    outcome TEXT NOT NULL,               -- ok | failed | skipped
    error_class TEXT,
    message TEXT,
    fingerprint TEXT,
    worker TEXT,
    version TEXT                         -- the stage's version (pipeline/stages: STAGE.version)
);
CREATE INDEX IF NOT EXISTS stage_runs_document ON stage_runs(document_id);
CREATE TABLE IF NOT EXISTS document_keys (   -- what another scan of the same paper would share
    document_id TEXT NOT NULL REFERENCES documents(id),
    kind TEXT NOT NULL,                  -- number (normalized) | id_number (digits)
    value TEXT NOT NULL,
    PRIMARY KEY (kind, value, document_id)
);
CREATE INDEX IF NOT EXISTS document_keys_document ON document_keys(document_id);
CREATE TABLE IF NOT EXISTS near_duplicates (  -- a question for the clerk, never a merge
    document_id TEXT NOT NULL REFERENCES documents(id),   -- the later scan
    earlier_id TEXT NOT NULL REFERENCES documents(id),
    similarity REAL NOT NULL,
    reasons TEXT NOT NULL,               -- Vietnamese: why they look like one paper
    found_at TEXT NOT NULL,
    decision TEXT,                       -- NULL: waiting; same | different
    decided_by TEXT,
    decided_at TEXT,
    PRIMARY KEY (document_id, earlier_id)
);
CREATE INDEX IF NOT EXISTS near_duplicates_earlier ON near_duplicates(earlier_id);
CREATE TABLE IF NOT EXISTS claims (   -- documents a worker is carrying through the stages now
    document_id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,                 -- the run holding it ("<worker>:<run>"), or "queued:<ticket>" before it starts
    worker TEXT NOT NULL DEFAULT '',     -- the machine of that run ('' while queued)
    claimed_at TEXT NOT NULL,
    expires_at TEXT NOT NULL             -- renewed by each page saved; past it, another worker takes over
);
CREATE INDEX IF NOT EXISTS claims_expiry ON claims(expires_at);
CREATE TABLE IF NOT EXISTS retention_rules (  -- an admin's retention schedule (pipeline/retention.py)
    kind TEXT NOT NULL,                  -- doc_type | procedure_code
    value TEXT NOT NULL,                 -- the type name or procedure code (NFC)
    years INTEGER,                       -- NULL: permanent
    basis TEXT NOT NULL,                 -- the rule's legal basis, in Vietnamese
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);
CREATE TABLE IF NOT EXISTS disposals (  -- what was disposed of, by whose decision: kept forever
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    decision TEXT NOT NULL,              -- the disposal decision (số, ngày quyết định hủy)
    decided_by TEXT NOT NULL,
    disposed_at TEXT NOT NULL,
    description_json TEXT NOT NULL       -- the document's archival description at disposal
);
CREATE TABLE IF NOT EXISTS flags (
    name TEXT PRIMARY KEY,               -- e.g. index_rebuild: the search index must be rebuilt
    value TEXT NOT NULL,                 -- why, in Vietnamese
    set_at TEXT NOT NULL
);
"""

# After the migrations: it reads columns an old catalog gains in them.
_VIEWS = """
CREATE VIEW IF NOT EXISTS document_pages AS  -- pages as each document sees them: a part sees its range of the file
SELECT d.id AS document_id, p.number, p.width, p.height, p.dpi, p.rotation, p.skew_degrees, p.flattened,
       p.text_source, p.text, p.confidence, p.words_json, p.regions_json, p.image_path, p.fingerprint,
       p.error_class, p.error_message, p.updated_at
FROM documents d JOIN pages p ON p.document_id = coalesce(d.parent_id, d.id)
WHERE d.parent_id IS NULL OR p.number BETWEEN d.first_page AND d.last_page;
"""


_PAGE_COLUMNS = (
    "width", "height", "dpi", "rotation", "skew_degrees", "flattened", "text_source", "text", "confidence",
    "words_json", "regions_json", "image_path", "fingerprint", "error_class", "error_message", "updated_at", "worker",
)  # fmt: skip
_EXCLUDED_PAGE_COLUMNS = ", ".join(f"{c} = excluded.{c}" for c in _PAGE_COLUMNS)

# Catalogs whose schema this process has created or checked: opening one again (each web request,
# each task) skips the DDL.
_SCHEMA_READY: set[str] = set()


def _schema_ready(location: str) -> bool:
    """Only for servers: a SQLite file is checked at every opening (cheap, and the file may have been
    replaced or deleted meanwhile)."""
    return is_url(location) and location in _SCHEMA_READY


BUSY_SECONDS = 30  # a connection waits this long for another writer before "database is locked"


def connect(path: Path) -> sqlite3.Connection:
    """A SQLite connection as sohoa uses them: WAL (readers never wait for the writer), rows by
    name, foreign keys on, explicit transactions, shared across threads behind the caller's lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None)
    db.row_factory = sqlite3.Row
    _in_wal_mode(db)
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    return db


def _in_wal_mode(db: sqlite3.Connection) -> None:
    """Put the file in WAL mode (it stays so; later connections find it). SQLite answers the switch
    "database is locked" at once, without its busy timeout, while another connection writes the
    new file (eight requests at a new archive's first moment): then it is asked again until the
    writer is done, within the same timeout as any other write."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes, for an archive on read-only media (a DVD, a read-only share,
    a snapshot). SQLite in WAL mode still wants to create ``-shm`` beside the file: where it cannot,
    and no ``-wal`` holds unmerged pages, the file is opened ``immutable`` (nothing is locked)."""
    if not path.is_file():
        raise CatalogUnavailableError(f"Không có danh mục (kho dữ liệu) tại {path}.")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"
    db = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, check_same_thread=False, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    return db


def writable(directory: Path) -> bool:
    """Whether sohoa may write in this data directory (it need not exist yet)."""
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    return os.access(directory, os.W_OK)


def _after(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="microseconds")


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """``items`` in lists short enough for one ``IN (...)`` (both engines cap the bound values)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ClaimLostError(Exception):
    """Another worker took over a document this one was carrying (its claim had lapsed): this worker
    stores nothing more for it. Not a failure of the document, so not a ``SohoaError``."""

    def __init__(self, document_id: str, owner: str) -> None:
        super().__init__(f"{owner} no longer holds {document_id}")
        self.document_id = document_id


class CatalogUnavailableError(SohoaError):
    """A read-only archive whose catalog is missing or of another version."""

    error_class = ErrorClass.CATALOG_UNAVAILABLE


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def utc_stamp() -> str:
    """UTC time to the microsecond, for ``updated_at`` of documents and dossiers: a rebuild of the
    search index asks what changed since it began."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


#: The most rows a review list returns (the worst first); the count says how many there are in all.
REVIEW_LIMIT = 500
_CHUNK = 500
_PAGES_TO_REVIEW = (
    "FROM document_pages p JOIN documents d ON d.id = p.document_id WHERE p.text_source = 'ocr'"
    " AND p.error_class IS NULL AND d.state NOT IN ('split', 'superseded', 'disposed') AND p.confidence < ?"
)


def _of_offices(column: str, offices: frozenset[str] | None) -> tuple[str, list[Any]]:
    """`` AND <column> IN (documents of these offices)`` and its parameters; nothing for None."""
    if offices is None:
        return "", []
    marks = ",".join("?" * len(offices))
    return (f" AND {column} IN (SELECT od.id FROM documents od JOIN batches ob ON ob.id = od.batch_id"
            f" WHERE ob.office IN ({marks}))", sorted(offices))  # fmt: skip


class DocumentState(StrEnum):
    """Where a document is. The way through: stored → recognized → extracted → indexed (a corrected
    or re-read document goes back to extracted). Aside: failed (waits for ``sohoa retry``), split
    (a file holding several results: its parts carry on), superseded (a part a later split left)."""

    STORED = "stored"
    RECOGNIZED = "recognized"
    EXTRACTED = "extracted"
    INDEXED = "indexed"
    FAILED = "failed"
    SPLIT = "split"
    SUPERSEDED = "superseded"
    DISPOSED = "disposed"


#: States of a document whose records belong in the search index (``extracted``: waiting to be written).
INDEXABLE_STATES = (DocumentState.EXTRACTED.value, DocumentState.INDEXED.value)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: str
    sha256: str
    source_name: str
    folder: str
    batch_id: int | None
    media_type: str | None
    size_bytes: int
    page_count: int | None
    state: DocumentState
    error_class: str | None
    error_message: str | None
    ocr_fingerprint: str | None
    extract_fingerprint: str | None
    # A result split out of a scan holding several (pipeline/stages/split.py): the file's document, and
    # the pages of it this one is (numbered as in the file). None for a document that is a whole file.
    parent_id: str | None = None
    first_page: int | None = None
    last_page: int | None = None
    split_by: str | None = None  # on a split file: "auto", or the clerk who set its split points

    @property
    def part_of(self) -> dict[str, Any] | None:
        """For a result split out of a file: the file's document and this one's pages in it."""
        if self.parent_id is None:
            return None
        return {"document_id": self.parent_id, "first_page": self.first_page, "last_page": self.last_page}

    @property
    def file_sha256(self) -> str:
        """The SHA-256 of the file holding this document (a part's own key is "<file>#<first page>")."""
        return self.sha256.split("#", 1)[0]


@dataclass(frozen=True, slots=True)
class PageRow:
    document_id: str
    number: int
    width: int | None
    height: int | None
    dpi: int | None
    rotation: int
    skew_degrees: float
    text_source: str | None
    text: str
    confidence: float | None
    words: list[StoredWord]
    image_path: str | None
    fingerprint: str | None
    error_class: str | None
    error_message: str | None
    flattened: bool = False
    regions: list[dict[str, Any]] = field(default_factory=list)


class OfficeMismatchError(SohoaError):
    """A batch name already used by another office."""

    error_class = ErrorClass.OFFICE_REFUSED


class StageRun(NamedTuple):
    """One run of a stage (or a step inside it), as ``stage_runs`` keeps it."""

    stage: str
    started_at: str
    duration_s: float
    outcome: str  # ok | failed | skipped
    error_class: str | None = None
    message: str | None = None
    fingerprint: str | None = None
    version: str | None = None  # the stage's version (pipeline/stages: STAGE.version)


class Catalog:
    def __init__(self, location: Path | str, *, read_only: bool = False) -> None:
        """``location``: the SQLite file, or a PostgreSQL URL (``postgresql://user@host/db``).
        ``read_only``: never write (and never migrate); for commands that only read, on an archive
        this process cannot write (see ``for_reading``)."""
        self.location = location
        self.path = Path(location) if not is_url(location) else None
        self.read_only = read_only
        self._lock = threading.RLock()
        if read_only:
            assert self.path is not None, "read-only mode is for SQLite files on read-only media"
            path = self.path
            self._db = open_connection(path, lambda: connect_read_only(path))
            revision = migrations.current_revision(self._db)
            if revision != migrations.head():
                self._db.close()
                newer = "mới hơn" if revision and not migrations.known(revision) else "cũ hơn"
                raise CatalogUnavailableError(
                    f"Danh mục {path} ở định dạng {newer} ({revision or 'trống'}, sohoa này đọc {migrations.head()}) và"
                    " không ghi được để nâng cấp: mở nó một lần ở nơi ghi được (sohoa status) hoặc dùng đúng phiên bản sohoa."
                )
            return
        if self.path is not None:
            path = self.path
            self._db = open_connection(path, lambda: connect(path))
        else:
            self._db = open_connection(location)
        with self._lock:
            if _schema_ready(str(location)):
                return
            revision = migrations.current_revision(self._db)
            if revision is not None and not migrations.known(revision):
                self._db.close()
                raise CatalogUnavailableError(
                    f"Danh mục {location} ở định dạng mới hơn ({revision}, sohoa này đọc {migrations.head()}):"
                    " dùng phiên bản sohoa mới hơn."
                )
            if self._db.dialect == POSTGRESQL:  # one process creates or upgrades the schema; the others wait
                self._db.begin()
                self._db.execute("SELECT pg_advisory_xact_lock(770612)")

            def create() -> None:
                for statement in self._db.ddl(_SCHEMA):
                    self._db.execute(statement)

            if revision != migrations.head():  # at head (read above) there is nothing to upgrade: no second read
                migrations.upgrade(self._db, create)
            for statement in self._db.ddl(_VIEWS):
                self._db.execute(statement)
            if self._db.dialect == POSTGRESQL:
                self._db.commit()
            _SCHEMA_READY.add(str(location))

    @classmethod
    def for_reading(cls, location: Path | str) -> Catalog:
        """For commands that only read: the usual catalog (migrated if need be) where this process may
        write, a read-only one on read-only media or without the rights to write."""
        if is_url(location):
            return cls(location)
        return cls(location, read_only=not writable(Path(location).parent))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self._lock:
            self._db.begin()
            try:
                yield self._db
            except BaseException:
                self._db.rollback()
                raise
            else:
                self._db.commit()

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Record]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # Offices -----------------------------------------------------------------------------------
    def add_office(self, code: str, name: str, parent: str | None = None) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO offices(code, name, parent, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(code)"
                       " DO UPDATE SET name = excluded.name, parent = excluded.parent", (code, name, parent, utc_now()))  # fmt: skip

    def offices(self) -> list[Record]:
        return self._query("SELECT code, name, parent, created_at FROM offices ORDER BY code")

    def share_office(self, office: str, shared_with: str, shared_by: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO office_shares(office, shared_with, shared_by, shared_at) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT DO NOTHING", (office, shared_with, shared_by, utc_now()))  # fmt: skip

    def unshare_office(self, office: str, shared_with: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM office_shares WHERE office = ? AND shared_with = ?", (office, shared_with))

    def office_shares(self) -> list[Record]:
        return self._query("SELECT office, shared_with, shared_by, shared_at FROM office_shares ORDER BY office, shared_with")

    def visible_offices(self, office: str) -> frozenset[str]:
        """The offices whose documents an office's users see: its own and those shared with it."""
        rows = self._query("SELECT office FROM office_shares WHERE shared_with = ?", (office,))
        return frozenset({office, *(str(r["office"]) for r in rows)})

    def document_office(self, document_id: str) -> str | None:
        """The office a document belongs to (its first batch's); None for no such document."""
        rows = self._query("SELECT coalesce(b.office, '') AS office FROM documents d LEFT JOIN batches b"
                           " ON b.id = d.batch_id WHERE d.id = ?", (document_id,))  # fmt: skip
        return str(rows[0]["office"]) if rows else None

    def documents_of_offices(self, document_ids: Sequence[str], offices: frozenset[str] | None) -> list[str]:
        """Those of these documents that belong to one of ``offices`` (all of them when None)."""
        if offices is None:
            return list(document_ids)
        kept: list[str] = []
        for part in _chunks(list(dict.fromkeys(document_ids))):
            rows = self._query(
                f"SELECT d.id FROM documents d LEFT JOIN batches b ON b.id = d.batch_id WHERE d.id IN"
                f" ({','.join('?' * len(part))}) AND coalesce(b.office, '') IN ({','.join('?' * len(offices))})",
                [*part, *sorted(offices)],
            )
            found = {str(r["id"]) for r in rows}
            kept += [d for d in part if d in found]
        return kept

    # Batches -----------------------------------------------------------------------------------
    def ensure_batch(self, name: str, office: str = "") -> int:
        """The batch of this name (made if new). A name another office's batch holds is refused:
        ``OfficeMismatchError``."""
        now = utc_now()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO batches(name, created_at, updated_at, office) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET updated_at = excluded.updated_at",
                (name, now, now, office),
            )
            row = db.execute("SELECT id, office FROM batches WHERE name = ?", (name,)).one()
        if str(row[1]) != office:
            raise OfficeMismatchError(f"Tên lô “{name}” đã được đơn vị khác dùng: chọn tên khác.")
        return int(row[0])

    def record_batch_file(
        self,
        batch_id: int,
        source_path: str,
        display_name: str,
        document_id: str | None,
        outcome: str,
        error_class: str | None = None,
        error_message: str | None = None,
    ) -> str:
        """Record one file of a batch; returns this run's outcome: ``again`` when the batch already had it."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT outcome FROM batch_files WHERE batch_id = ? AND source_path = ?", (batch_id, source_path)
            ).fetchone()
            if row is not None:
                # A file that failed before (no room, a tool broken) and is stored now takes this run's outcome.
                db.execute(
                    "UPDATE batch_files SET document_id = coalesce(?, document_id), error_class = ?, error_message = ?,"
                    " outcome = CASE WHEN outcome = 'failed' AND CAST(? AS TEXT) IS NOT NULL THEN ? ELSE outcome END"
                    " WHERE batch_id = ? AND source_path = ?",
                    (document_id, error_class, error_message, document_id, outcome, batch_id, source_path),
                )
                return "again"
            db.execute(
                "INSERT INTO batch_files(batch_id, source_path, display_name, document_id, outcome, error_class,"
                " error_message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (batch_id, source_path, display_name, document_id, outcome, error_class, error_message, utc_now()),
            )
            return outcome

    def batch_files(self, batch_id: int) -> list[Record]:
        return self._query(
            "SELECT bf.*, d.state AS document_state, d.error_class AS document_error_class,"
            " d.error_message AS document_error_message, d.page_count AS document_page_count FROM batch_files bf"
            " LEFT JOIN documents d ON d.id = bf.document_id WHERE bf.batch_id = ? ORDER BY bf.id",
            (batch_id,),
        )

    def batch_named(self, name: str) -> Record | None:
        rows = self._query("SELECT * FROM batches WHERE name = ?", (name,))
        return rows[0] if rows else None

    def batch_names(self, batch_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """(name, office) of each of these batches."""
        names: dict[int, tuple[str, str]] = {}
        for chunk in _chunks([str(i) for i in dict.fromkeys(batch_ids)]):
            marks = ", ".join("?" * len(chunk))
            for row in self._query(f"SELECT id, name, office FROM batches WHERE id IN ({marks})", [int(i) for i in chunk]):
                names[int(row["id"])] = (str(row["name"]), str(row["office"] or ""))
        return names

    _FILE_FAILED = "(bf.outcome = 'failed' OR d.error_class IS NOT NULL)"

    def batch_summaries(self, limit: int = 200, offices: frozenset[str] | None = None) -> tuple[list[Record], int]:
        """The latest ``limit`` batches (oldest of them first) with their counts of files, new,
        duplicates and failed files, counted by the database; and how many batches there are. Of
        these offices only, when given."""
        where, params = "", list[Any]()
        if offices is not None:
            where = f" WHERE b.office IN ({','.join('?' * len(offices))})"
            params = sorted(offices)
        rows = self._query(
            "SELECT * FROM (SELECT b.id, b.name, b.created_at, b.updated_at, count(bf.id) AS files,"
            " sum(CASE WHEN bf.outcome = 'new' THEN 1 ELSE 0 END) AS new,"
            " sum(CASE WHEN bf.outcome = 'duplicate' THEN 1 ELSE 0 END) AS duplicates,"
            f" sum(CASE WHEN bf.id IS NOT NULL AND {self._FILE_FAILED} THEN 1 ELSE 0 END) AS failed"
            " FROM batches b LEFT JOIN batch_files bf ON bf.batch_id = b.id"
            f" LEFT JOIN documents d ON d.id = bf.document_id{where}"
            " GROUP BY b.id, b.name, b.created_at, b.updated_at ORDER BY b.id DESC LIMIT ?) latest ORDER BY id",
            (*params, limit),
        )
        return rows, int(self._query(f"SELECT count(*) AS n FROM batches b{where}", params)[0]["n"])

    def failed_files(self, limit: int = REVIEW_LIMIT) -> tuple[list[Record], int]:
        """The latest ``limit`` files that failed (at intake, or their document later), oldest of them
        first, with their batch, class and message; and how many there are in all."""
        where = f"FROM batch_files bf LEFT JOIN documents d ON d.id = bf.document_id WHERE {self._FILE_FAILED}"
        rows = self._query(
            "SELECT * FROM (SELECT bf.id, b.name AS batch, bf.document_id, bf.display_name AS source,"
            " CASE WHEN bf.outcome = 'failed' THEN bf.error_class ELSE d.error_class END AS error_class,"
            " CASE WHEN bf.outcome = 'failed' THEN bf.error_message ELSE d.error_message END AS error_message"
            f" {where.replace('FROM batch_files bf', 'FROM batch_files bf JOIN batches b ON b.id = bf.batch_id')}"
            " ORDER BY bf.id DESC LIMIT ?) latest ORDER BY id",
            (limit,),
        )
        return rows, int(self._query(f"SELECT count(*) AS n {where}")[0]["n"])

    # Documents ---------------------------------------------------------------------------------
    def add_document(
        self, sha256: str, source_name: str, folder: str, batch_id: int, size_bytes: int
    ) -> tuple[DocumentRow, bool]:
        """Insert a document for a new SHA-256; returns (row, created). An existing one is untouched."""
        now = utc_stamp()
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO documents(id, sha256, source_name, folder, batch_id, size_bytes, state,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'stored', ?, ?) ON CONFLICT DO NOTHING",
                (sha256[:16], sha256, source_name, folder, batch_id, size_bytes, now, now),
            )
            created = cursor.rowcount == 1
        document = self.document(sha256[:16])
        assert document is not None
        return document, created

    def document(self, document_id: str) -> DocumentRow | None:
        rows = self._query("SELECT * FROM documents WHERE id = ?", (document_id,))
        return _document(rows[0]) if rows else None

    def documents(self, states: Sequence[str] | None = None, error_class: str | None = None) -> list[DocumentRow]:
        return list(self.iter_documents(states, error_class))

    def iter_documents(self, states: Sequence[str] | None = None, error_class: str | None = None,
                       chunk: int = _CHUNK) -> Iterator[DocumentRow]:  # fmt: skip
        """Documents in the order they came (a file's parts by page), read ``chunk`` at a time: an
        export or a scan of the whole archive holds one chunk in memory, never the archive."""
        where, params = "", list[Any]()
        if states:
            where += f" AND state IN ({','.join('?' * len(states))})"
            params.extend(states)
        if error_class:
            where += " AND error_class = ?"
            params.append(error_class)
        order = "created_at, coalesce(parent_id, id), coalesce(first_page, 0)"
        after: tuple[Any, ...] | None = None
        while True:
            page_sql = f"SELECT * FROM documents WHERE 1=1{where}"
            page_params = list(params)
            if after is not None:
                page_sql += f" AND ({order}) > (?, ?, ?)"
                page_params.extend(after)
            rows = self._query(f"{page_sql} ORDER BY {order} LIMIT ?", (*page_params, chunk))
            for row in rows:
                yield _document(row)
            if len(rows) < chunk:
                return
            last = rows[-1]
            after = (last["created_at"], last["parent_id"] or last["id"], last["first_page"] or 0)

    # Multi-document scans (pipeline/stages/split.py finds the first pages; this stores the parts) -----
    def parts(self, document_id: str) -> list[DocumentRow]:
        """The documents split out of this file, in page order (none for a file holding one)."""
        rows = self._query("SELECT * FROM documents WHERE parent_id = ? AND state != 'superseded' ORDER BY first_page",
                           (document_id,))  # fmt: skip
        return [_document(r) for r in rows]

    def files_split_by_machine(self, limit: int = 200, offices: frozenset[str] | None = None) -> list[dict[str, Any]]:
        """Files split automatically that no clerk has looked at yet (saving the split form, even
        unchanged, confirms it), newest first, with how many results each became; of these offices
        only, when given."""
        mine, params = _of_offices("f.id", offices)
        rows = self._query(
            "SELECT f.id, f.source_name, f.page_count, f.updated_at, count(p.id) AS parts FROM documents f"
            " JOIN documents p ON p.parent_id = f.id AND p.state != 'superseded'"
            f" WHERE f.state = 'split' AND f.split_by = 'auto'{mine} GROUP BY f.id ORDER BY f.updated_at DESC LIMIT ?",
            (*params, limit),
        )
        return [dict(r) for r in rows]

    def parts_superseded(self, document_id: str) -> list[DocumentRow]:
        """Parts of this file that a later split left behind (their index records must go)."""
        rows = self._query("SELECT * FROM documents WHERE parent_id = ? AND state = 'superseded'", (document_id,))
        return [_document(r) for r in rows]

    def split_document(self, parent_id: str, ranges: Sequence[tuple[int, int]], split_by: str) -> tuple[list[str], list[str]]:
        """Make this file the container of one document per page range (two or more), or, with one
        range, a single document again. Returns (the parts now, the parts gone). A part keeps its id
        (and so its corrections) while its first page stays a first page; parts are 'recognized',
        ready for extraction; parts gone become 'superseded' and leave their dossiers and flags."""
        parent = self.document(parent_id)
        if parent is None or parent.parent_id is not None:
            raise ValueError(f"not a file's document: {parent_id}")
        now = utc_stamp()
        kept: list[str] = []
        with self.transaction() as db:
            before = [str(r["id"]) for r in db.execute(
                "SELECT id FROM documents WHERE parent_id = ? AND state != 'superseded'", (parent_id,))]  # fmt: skip
            if len(ranges) > 1:
                for first, last in ranges:
                    part_id = hashlib.sha256(f"{parent_id}#{first}".encode()).hexdigest()[:16]
                    failed = db.execute(
                        "SELECT number, error_class, error_message FROM pages WHERE document_id = ? AND number"
                        " BETWEEN ? AND ? AND error_class IS NOT NULL ORDER BY number", (parent_id, first, last),
                    ).fetchall()  # fmt: skip
                    error_class = failed[0]["error_class"] if failed else None
                    message = "; ".join(f"trang {r['number']}: {r['error_message']}" for r in failed) or None
                    pages = f"trang {first}" if first == last else f"trang {first}–{last}"
                    db.execute(
                        "INSERT INTO documents(id, sha256, source_name, folder, batch_id, media_type, size_bytes,"
                        " page_count, state, error_class, error_message, ocr_fingerprint, created_at, updated_at,"
                        " parent_id, first_page, last_page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'recognized', ?, ?, ?, ?,"
                        " ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET page_count = excluded.page_count, last_page ="
                        " excluded.last_page, source_name = excluded.source_name, state = 'recognized', error_class ="
                        " excluded.error_class, error_message = excluded.error_message, ocr_fingerprint ="
                        " excluded.ocr_fingerprint, updated_at = excluded.updated_at",
                        (part_id, f"{parent.sha256}#{first}", f"{parent.source_name} ({pages})", parent.folder,
                         parent.batch_id, parent.media_type, 0, last - first + 1, error_class, message,
                         parent.ocr_fingerprint, self._created_at(db, parent_id), now, parent_id, first, last),
                    )  # fmt: skip
                    kept.append(part_id)
            gone = [i for i in before if i not in kept]
            leaving = gone + ([parent_id] if kept else [])
            for document_id in leaving:
                db.execute("DELETE FROM dossier_documents WHERE document_id = ?", (document_id,))
                db.execute("DELETE FROM document_keys WHERE document_id = ?", (document_id,))
                db.execute("DELETE FROM near_duplicates WHERE decision IS NULL AND (document_id = ? OR earlier_id = ?)",
                           (document_id, document_id))  # fmt: skip
            if gone:
                db.execute(f"UPDATE documents SET state = 'superseded', updated_at = ? WHERE id IN"
                           f" ({','.join('?' * len(gone))})", (now, *gone))  # fmt: skip
            db.execute(
                "UPDATE documents SET state = ?, split_by = ?, updated_at = ? WHERE id = ?",
                (DocumentState.SPLIT if kept else DocumentState.RECOGNIZED, split_by, now, parent_id),
            )
        return kept, gone

    @staticmethod
    def _created_at(db: Connection, document_id: str) -> str:
        return str(db.execute("SELECT created_at FROM documents WHERE id = ?", (document_id,)).one()[0])

    def created_at(self, document_id: str) -> str:
        """When the document entered the archive (ISO 8601, UTC)."""
        rows = self._query("SELECT created_at FROM documents WHERE id = ?", (document_id,))
        return str(rows[0]["created_at"]) if rows else ""

    def update_document(self, document_id: str, **fields: Any) -> None:
        allowed = {
            "media_type", "page_count", "state", "error_class", "error_message",
            "ocr_fingerprint", "extract_fingerprint",
        }  # fmt: skip
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        assignments = ", ".join(f"{key} = ?" for key in fields)
        with self.transaction() as db:
            db.execute(
                f"UPDATE documents SET {assignments}, updated_at = ? WHERE id = ?",
                (*fields.values(), utc_stamp(), document_id),
            )

    def fail_document(self, document_id: str, error_class: str, message: str) -> None:
        self.update_document(document_id, state=DocumentState.FAILED, error_class=error_class, error_message=message)

    def reset_failed(self, error_class: str | None = None) -> list[str]:
        """Put failed documents (whole or some pages) back to 'stored'; returns their ids.

        Intake failures lose their media type so the file is probed again (limits may have changed).
        Pages that succeeded keep their results; failed pages are redone. A document that only
        waits for the search index (an ``index_*`` class) keeps its state: it is written again.
        """
        sql = "SELECT id, media_type, state FROM documents WHERE error_class IS NOT NULL"
        params: list[Any] = []
        if error_class:
            sql += " AND error_class = ?"
            params.append(error_class)
        with self.transaction() as db:
            rows = db.execute(sql, params).fetchall()
            for row in rows:
                intake_failure = row["state"] == DocumentState.FAILED and not db.execute(
                    "SELECT 1 FROM pages WHERE document_id = ? LIMIT 1", (row["id"],)
                ).fetchone()
                db.execute(
                    "UPDATE documents SET state = CASE WHEN error_class LIKE 'index\\_%' ESCAPE '\\' THEN state"
                    " ELSE 'stored' END, error_class = NULL, error_message = NULL,"
                    " media_type = CASE WHEN ? THEN NULL ELSE media_type END, updated_at = ? WHERE id = ?",
                    (intake_failure, utc_stamp(), row["id"]),
                )
                db.execute("DELETE FROM pages WHERE document_id = ? AND error_class IS NOT NULL", (row["id"],))
        return [str(r["id"]) for r in rows]

    # Flags ---------------------------------------------------------------------------------------
    def index_rebuild_requested(self) -> tuple[str, str] | None:
        """(why, since when) the search index must be rebuilt from the catalog, if it must."""
        rows = self._query("SELECT value, set_at FROM flags WHERE name = 'index_rebuild'")
        return (str(rows[0]["value"]), str(rows[0]["set_at"])) if rows else None

    def request_index_rebuild(self, why: str) -> None:
        """The search index must be rebuilt from the catalog (``sohoa reindex``); ``why`` in Vietnamese."""
        with self.transaction() as db:
            db.execute("INSERT INTO flags(name, value, set_at) VALUES ('index_rebuild', ?, ?) ON CONFLICT(name)"
                       " DO UPDATE SET value = excluded.value, set_at = excluded.set_at", (why, utc_stamp()))  # fmt: skip

    def clear_index_rebuild(self, built_since: str) -> None:
        """A rebuild that began at ``built_since`` answers every request made before it."""
        with self.transaction() as db:
            db.execute("DELETE FROM flags WHERE name = 'index_rebuild' AND set_at <= ?", (built_since,))

    def count_originals(self) -> int:
        """Distinct files kept (a file split in several results counts once; one disposed of, not)."""
        return int(self._query("SELECT count(*) AS n FROM documents WHERE parent_id IS NULL AND state <> 'disposed'")[0]["n"])

    def state_counts(self) -> dict[str, int]:
        return {r["state"]: r["n"] for r in self._query("SELECT state, count(*) AS n FROM documents GROUP BY state")}

    # The search index's view ---------------------------------------------------------------------
    def indexable_document_ids(self, after: str | None, limit: int) -> list[str]:
        """The next ``limit`` documents that belong in the index, in id order, after ``after``."""
        rows = self._query(
            f"SELECT id FROM documents WHERE state IN ({','.join('?' * len(INDEXABLE_STATES))}) AND id > ?"
            " ORDER BY id LIMIT ?",
            (*INDEXABLE_STATES, after or "", limit),
        )
        return [str(r["id"]) for r in rows]

    def count_indexable(self, after: str | None = None) -> int:
        rows = self._query(
            f"SELECT count(*) AS n FROM documents WHERE state IN ({','.join('?' * len(INDEXABLE_STATES))}) AND id > ?",
            (*INDEXABLE_STATES, after or ""),
        )
        return int(rows[0]["n"])

    def documents_changed_since(self, since: str) -> list[str]:
        """Documents changed at or after ``since`` (an ISO time), whatever their state now."""
        rows = self._query("SELECT id FROM documents WHERE updated_at >= ? ORDER BY id", (since,))
        return [str(r["id"]) for r in rows]

    def dossier_ids_changed_since(self, since: str) -> list[str]:
        return [str(r["id"]) for r in self._query("SELECT id FROM dossiers WHERE updated_at >= ? ORDER BY id", (since,))]

    def index_expectation(self, states: Sequence[str] = INDEXABLE_STATES) -> dict[str, int]:
        """Records the search index holds for documents in ``states``: pages (failed ones aside),
        documents, and dossiers with at least one such member."""
        marks = ",".join("?" * len(states))
        row = self._query(
            f"SELECT (SELECT count(*) FROM documents WHERE state IN ({marks})) AS documents,"
            f" (SELECT count(*) FROM document_pages p JOIN documents d ON d.id = p.document_id WHERE d.state IN ({marks})"
            "  AND p.error_class IS NULL) AS pages,"
            f" (SELECT count(DISTINCT m.dossier_id) FROM dossier_documents m JOIN documents d ON d.id = m.document_id"
            f"  WHERE d.state IN ({marks})) AS dossiers",
            (*states, *states, *states),
        )[0]
        return {"pages": int(row["pages"]), "documents": int(row["documents"]), "dossiers": int(row["dossiers"])}

    def mark_indexed(self, document_ids: Sequence[str], read_before: str | None = None) -> None:
        """Documents written to the index: 'indexed', an index failure class cleared (a page failure
        stays). With ``read_before``, a document changed since that time is left waiting."""
        if not document_ids:
            return
        with self.transaction() as db:
            for part in _chunks(list(document_ids)):
                db.execute(
                    "UPDATE documents SET state = 'indexed', error_class = CASE WHEN error_class LIKE 'index\\_%'"
                    " ESCAPE '\\' THEN NULL ELSE error_class END, error_message = CASE WHEN error_class LIKE"
                    " 'index\\_%' ESCAPE '\\' THEN NULL ELSE error_message END, updated_at = ?"
                    f" WHERE state = 'extracted' AND id IN ({','.join('?' * len(part))})"
                    + (" AND updated_at < ?" if read_before else ""),
                    (utc_stamp(), *part, *([read_before] if read_before else [])),
                )

    def record_index_failure(self, document_ids: Sequence[str], error_class: str, message: str) -> None:
        """These documents wait for the index (state stays 'extracted') with the reason; a page
        failure class already on a document is kept (the stage run records the index failure)."""
        with self.transaction() as db:
            for document_id in document_ids:
                db.execute(
                    "UPDATE documents SET error_class = ?, error_message = ? WHERE id = ? AND state = 'extracted'"
                    " AND (error_class IS NULL OR error_class LIKE 'index\\_%' ESCAPE '\\')",
                    (error_class, message[:500], document_id),
                )

    # Pages -------------------------------------------------------------------------------------
    def save_page(self, page: PageRow, runs: Sequence[StageRun] = (), *, worker: str | None = None,
                  claim: str | None = None, claim_seconds: float = 0.0) -> None:
        """Store a page's result and the stage runs that made it, in one transaction. ``worker``: the
        machine that read it. ``claim``: the owner holding the document (see ``claim``): the page is
        saved only while that claim holds, and saving renews it for ``claim_seconds``; a claim taken
        over by another worker raises ``ClaimLostError`` and saves nothing, so a page is never stored
        by two workers."""
        with self.transaction() as db:
            if claim is not None:
                renewed = db.execute(
                    "UPDATE claims SET expires_at = ? WHERE document_id = ? AND owner = ?",
                    (_after(claim_seconds), page.document_id, claim),
                ).rowcount
                if renewed != 1:
                    raise ClaimLostError(page.document_id, claim)
            db.execute(
                "INSERT INTO pages(document_id, number, width, height, dpi, rotation, skew_degrees,"
                " flattened, text_source, text, confidence, words_json, regions_json, image_path, fingerprint,"
                " error_class, error_message, updated_at, worker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                f" ?, ?, ?, ?) ON CONFLICT(document_id, number) DO UPDATE SET {_EXCLUDED_PAGE_COLUMNS}",
                (
                    page.document_id, page.number, page.width, page.height, page.dpi, page.rotation,
                    page.skew_degrees, int(page.flattened), page.text_source, page.text, page.confidence,
                    json.dumps(page.words, ensure_ascii=False, separators=(",", ":")),
                    json.dumps(page.regions, separators=(",", ":")), page.image_path,
                    page.fingerprint, page.error_class, page.error_message, utc_now(), worker,
                ),
            )  # fmt: skip
            for run in runs:
                self._insert_stage_run(db, run, page.document_id, page.number, worker)

    def page(self, document_id: str, number: int) -> PageRow | None:
        rows = self._query("SELECT * FROM document_pages WHERE document_id = ? AND number = ?", (document_id, number))
        return _page(rows[0]) if rows else None

    def pages(self, document_id: str) -> list[PageRow]:
        rows = self._query("SELECT * FROM document_pages WHERE document_id = ? ORDER BY number", (document_id,))
        return [_page(r) for r in rows]

    def pages_to_review(self, below: float, limit: int = REVIEW_LIMIT, offices: frozenset[str] | None = None) -> list[Record]:
        """OCR pages whose confidence is under the threshold, worst first (the ``limit`` worst); of
        these offices' documents only, when given."""
        mine, params = _of_offices("d.id", offices)
        return self._query(
            f"SELECT p.document_id, d.source_name, p.number, p.confidence {_PAGES_TO_REVIEW}{mine} ORDER BY"
            " p.confidence, p.document_id, p.number LIMIT ?",
            (below, *params, limit),
        )

    def count_pages_to_review(self, below: float, offices: frozenset[str] | None = None) -> int:
        mine, params = _of_offices("d.id", offices)
        return int(self._query(f"SELECT count(*) AS n {_PAGES_TO_REVIEW}{mine}", (below, *params))[0]["n"])

    def pages_done(self, document_ids: Sequence[str]) -> dict[str, int]:
        """Pages recognised so far (failed ones excluded) per document, in one query."""
        if not document_ids:
            return {}
        rows = self._query(
            f"SELECT document_id, count(*) AS n FROM pages WHERE error_class IS NULL AND document_id IN"
            f" ({','.join('?' * len(document_ids))}) GROUP BY document_id",
            list(document_ids),
        )
        return {r["document_id"]: int(r["n"]) for r in rows}

    def page_fingerprints(self, document_id: str) -> dict[int, str | None]:
        rows = self._query(
            "SELECT number, fingerprint FROM pages WHERE document_id = ? AND error_class IS NULL", (document_id,)
        )
        return {int(r["number"]): r["fingerprint"] for r in rows}

    # Metadata ----------------------------------------------------------------------------------
    def save_metadata(self, document_id: str, fields: dict[str, Any], fingerprint: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO metadata(document_id, fields_json, fingerprint, updated_at) VALUES (?,?,?,?) ON CONFLICT"
                "(document_id) DO UPDATE SET fields_json = excluded.fields_json, fingerprint = excluded.fingerprint,"
                " updated_at = excluded.updated_at",
                (document_id, json.dumps(fields, ensure_ascii=False), fingerprint, utc_now()),
            )

    # Near-duplicates (pipeline/near_duplicates.py decides; this stores) -------------------------
    def replace_document_keys(self, document_id: str, keys: Sequence[tuple[str, str]]) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM document_keys WHERE document_id = ?", (document_id,))
            db.executemany("INSERT INTO document_keys(document_id, kind, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           [(document_id, kind, value) for kind, value in keys])  # fmt: skip

    def documents_with_id_number(self, digits: str, limit: int = 500) -> list[DocumentRow]:
        """The processed documents that name this citizen's identification number (in their
        metadata, a clerk's correction included), oldest first: one indexed lookup."""
        marks = ",".join("?" * len(INDEXABLE_STATES))
        rows = self._query(
            "SELECT d.* FROM document_keys k JOIN documents d ON d.id = k.document_id"
            f" WHERE k.kind = 'id_number' AND k.value = ? AND d.state IN ({marks}) ORDER BY d.created_at, d.id LIMIT ?",
            (digits, *INDEXABLE_STATES, limit),
        )
        return [_document(r) for r in rows]

    def documents_sharing_keys(self, document_id: str) -> list[str]:
        """Other processed documents sharing a key with this one, oldest first."""
        rows = self._query(
            "SELECT DISTINCT d.id, d.created_at, coalesce(d.parent_id, d.id) AS file, coalesce(d.first_page, 0) AS first"
            " FROM document_keys mine"
            " JOIN document_keys other ON other.kind = mine.kind AND other.value = mine.value"
            " AND other.document_id != mine.document_id"
            " JOIN documents d ON d.id = other.document_id"
            f" WHERE mine.document_id = ? AND d.state IN {INDEXABLE_STATES!r} ORDER BY d.created_at, file, first, d.id",
            (document_id,),
        )
        return [str(r["id"]) for r in rows]

    def replace_near_duplicates(self, document_id: str, found: Sequence[tuple[str, float, str]]) -> None:
        """This document's unanswered flags become ``found`` (other id, similarity, reasons); a clerk's
        answer about a pair is kept whatever extraction says later. Each pair is stored later → earlier."""
        with self.transaction() as db:
            db.execute("DELETE FROM near_duplicates WHERE decision IS NULL AND (document_id = ? OR earlier_id = ?)",
                       (document_id, document_id))  # fmt: skip
            for other_id, alike, reasons in found:
                order = db.execute(
                    "SELECT id FROM documents WHERE id IN (?, ?) ORDER BY created_at, coalesce(parent_id, id),"
                    " coalesce(first_page, 0), id", (document_id, other_id)
                ).fetchall()
                earlier, later = str(order[0]["id"]), str(order[-1]["id"])
                db.execute(
                    "INSERT INTO near_duplicates(document_id, earlier_id, similarity, reasons, found_at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (later, earlier, alike, reasons, utc_now()),
                )

    def near_duplicates(self, document_id: str | None = None, waiting_only: bool = False,
                        offices: frozenset[str] | None = None) -> list[dict[str, Any]]:  # fmt: skip
        """Flagged pairs (all, or those a document is part of), newest first, with both file names;
        only pairs whose two documents are of these offices, when given."""
        where, params = [], []
        if offices is not None:
            for column in ("n.document_id", "n.earlier_id"):
                clause, values = _of_offices(column, offices)
                where.append(clause.removeprefix(" AND "))
                params += values
        if document_id is not None:
            where.append("(n.document_id = ? OR n.earlier_id = ?)")
            params += [document_id, document_id]
        if waiting_only:
            where.append("n.decision IS NULL")
        rows = self._query(
            "SELECT n.*, later.source_name AS source_name, earlier.source_name AS earlier_source_name"
            " FROM near_duplicates n JOIN documents later ON later.id = n.document_id"
            " JOIN documents earlier ON earlier.id = n.earlier_id"
            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY n.found_at DESC, n.document_id",
            params,
        )
        return [dict(r) for r in rows]

    def decide_near_duplicate(self, document_id: str, earlier_id: str, decision: str, decided_by: str) -> bool:
        """A clerk's answer: ``same`` (one paper, scanned twice) or ``different``. False if no such pair."""
        if decision not in ("same", "different"):
            raise ValueError(decision)
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE near_duplicates SET decision = ?, decided_by = ?, decided_at = ?"
                " WHERE document_id = ? AND earlier_id = ?",
                (decision, decided_by, utc_now(), document_id, earlier_id),
            )
            return cursor.rowcount > 0

    def metadata(self, document_id: str) -> dict[str, Any]:
        """What extraction found (with its "evidence"), before clerks' corrections."""
        rows = self._query("SELECT fields_json FROM metadata WHERE document_id = ?", (document_id,))
        return dict(json.loads(rows[0]["fields_json"])) if rows else {}

    def corrections(self, document_id: str) -> dict[str, Any]:
        """The latest corrected value of each field."""
        rows = self._query(
            "SELECT field, value_json FROM field_corrections WHERE document_id = ? ORDER BY id", (document_id,)
        )
        return {r["field"]: json.loads(r["value_json"]) for r in rows}

    def effective_metadata(self, document_id: str) -> dict[str, Any]:
        """Extracted fields with clerks' corrections applied: what is shown, exported and indexed."""
        return self.metadata_record(document_id)[0]

    def metadata_record(self, document_id: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """(effective fields, extraction evidence per field, latest corrections), each read once."""
        fields = self.metadata(document_id)
        evidence = fields.pop("evidence", None) or {}
        corrections = self.corrections(document_id)
        return {**fields, **corrections}, evidence, corrections

    @staticmethod
    def _insert_correction(db: Connection, table: str, key: str, owner: str, field: str, value: Any, previous: Any,
                           corrected_by: str) -> None:  # fmt: skip
        """One audited correction row (``field_corrections`` by document, ``dossier_corrections`` by dossier)."""
        db.execute(
            f"INSERT INTO {table}({key}, field, value_json, previous_json, corrected_by, corrected_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (owner, field, json.dumps(value, ensure_ascii=False), json.dumps(previous, ensure_ascii=False),
             corrected_by, utc_now()),
        )  # fmt: skip

    def correct_field(self, document_id: str, field: str, value: Any, corrected_by: str) -> None:
        previous = self.effective_metadata(document_id).get(field)
        with self.transaction() as db:
            self._insert_correction(db, "field_corrections", "document_id", document_id, field, value, previous,
                                    corrected_by)  # fmt: skip
            # Indexed again with the correction on the next index pass.
            db.execute("UPDATE documents SET state = 'extracted', updated_at = ? WHERE id = ? AND state = 'indexed'",
                       (utc_stamp(), document_id))  # fmt: skip

    def documents_with_field(self, field: str, value: str) -> set[str]:
        """Documents whose extracted or corrected field equals ``value`` (dossier codes)."""
        found = set()
        for row in self._query(f"SELECT document_id FROM metadata WHERE {self._db.json_field('fields_json')} = ?",
                               (field, value)):  # fmt: skip
            found.add(str(row["document_id"]))
        for row in self._query("SELECT DISTINCT document_id FROM field_corrections WHERE field = ?", (field,)):
            if self.effective_metadata(row["document_id"]).get(field) == value:
                found.add(str(row["document_id"]))
        return found

    def dossiers(self, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Dossier records with their member ids: all of them, or those named."""
        if ids is not None and not ids:
            return []
        sql, params = "SELECT id, record_json FROM dossiers", list(ids or [])
        if ids is not None:
            sql += f" WHERE id IN ({','.join('?' * len(params))})"
        out = []
        for row in self._query(sql + " ORDER BY updated_at, id", params):
            record = json.loads(row["record_json"])
            record["documents"] = [
                str(r["document_id"]) for r in self._query(
                    "SELECT document_id FROM dossier_documents WHERE dossier_id = ? ORDER BY document_id", (row["id"],)
                )
            ]  # fmt: skip
            out.append(record)
        return out

    def save_dossier(self, dossier_id: str, record: dict[str, Any], members: Sequence[str]) -> None:
        """A dossier's record and exactly these member documents."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO dossiers(id, record_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                " record_json = excluded.record_json, updated_at = excluded.updated_at",
                (dossier_id, json.dumps(record, ensure_ascii=False), utc_stamp()),
            )
            db.execute("DELETE FROM dossier_documents WHERE dossier_id = ?", (dossier_id,))
            db.executemany(
                "INSERT INTO dossier_documents(dossier_id, document_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(dossier_id, document_id) for document_id in members],
            )

    def correct_dossier_field(self, dossier_id: str, field: str, value: Any, previous: Any, corrected_by: str) -> None:
        with self.transaction() as db:
            self._insert_correction(db, "dossier_corrections", "dossier_id", dossier_id, field, value, previous,
                                    corrected_by)  # fmt: skip

    def dossier_corrections(self, dossier_id: str) -> dict[str, Any]:
        """The latest corrected value of each file-level field of a dossier."""
        rows = self._query("SELECT field, value_json FROM dossier_corrections WHERE dossier_id = ? ORDER BY id",
                           (dossier_id,))  # fmt: skip
        return {r["field"]: json.loads(r["value_json"]) for r in rows}

    def dossier_correction_history(self, dossier_id: str) -> list[Record]:
        return self._query("SELECT * FROM dossier_corrections WHERE dossier_id = ? ORDER BY id", (dossier_id,))

    def index_dossier_members_again(self, dossier_id: str) -> None:
        """Members indexed before their dossier formed wait to be indexed again (with its code)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET state = 'extracted', updated_at = ? WHERE state = 'indexed' AND id IN"
                " (SELECT document_id FROM dossier_documents WHERE dossier_id = ?)",
                (utc_stamp(), dossier_id),
            )

    def dossier_ids_holding(self, document_ids: Sequence[str]) -> list[str]:
        """Dossiers with any of these documents among their members."""
        found: set[str] = set()
        for part in _chunks(list(document_ids)):
            rows = self._query(f"SELECT DISTINCT dossier_id FROM dossier_documents WHERE document_id IN"
                               f" ({','.join('?' * len(part))})", part)  # fmt: skip
            found.update(str(r["dossier_id"]) for r in rows)
        return sorted(found)

    def dossier_of(self, document_id: str) -> dict[str, Any] | None:
        rows = self._query(
            "SELECT d.record_json FROM dossiers d JOIN dossier_documents m ON m.dossier_id = d.id"
            " WHERE m.document_id = ? ORDER BY d.id LIMIT 1",
            (document_id,),
        )
        return dict(json.loads(rows[0]["record_json"])) if rows else None

    def dossier_members(self, document_id: str) -> list[str]:
        """Every document of the dossier this document belongs to (itself included), or []."""
        rows = self._query(
            "SELECT m.document_id FROM dossier_documents m WHERE m.dossier_id = (SELECT dossier_id FROM"
            " dossier_documents WHERE document_id = ? ORDER BY dossier_id LIMIT 1) ORDER BY m.document_id",
            (document_id,),
        )
        return [str(r["document_id"]) for r in rows]

    def correction_history(self, document_id: str) -> list[Record]:
        return self._query("SELECT * FROM field_corrections WHERE document_id = ? ORDER BY id", (document_id,))

    def fields_to_review(self, below: float, limit: int = REVIEW_LIMIT,
                         offices: frozenset[str] | None = None) -> tuple[list[dict[str, Any]], int]:  # fmt: skip
        """(the ``limit`` least certain extracted fields under the threshold that no clerk has corrected,
        how many there are in all), of these offices' documents only when given. Read in chunks of
        documents: memory stays bounded however large the archive."""
        heap: list[tuple[float, int, dict[str, Any]]] = []
        total = 0
        after = ""
        mine, office_params = _of_offices("d.id", offices)
        while True:
            rows = self._query(
                "SELECT m.document_id, d.source_name, m.fields_json FROM metadata m JOIN documents d ON d.id ="
                f" m.document_id WHERE m.document_id > ? AND d.state <> 'disposed'{mine} ORDER BY m.document_id"
                " LIMIT ?", (after, *office_params, _CHUNK),
            )  # fmt: skip
            if not rows:
                break
            after = str(rows[-1]["document_id"])
            corrected: dict[str, set[str]] = {}
            marks = ",".join("?" * len(rows))
            for row in self._query(f"SELECT DISTINCT document_id, field FROM field_corrections WHERE document_id IN"
                                   f" ({marks})", [r["document_id"] for r in rows]):  # fmt: skip
                corrected.setdefault(str(row["document_id"]), set()).add(str(row["field"]))
            for row in rows:
                fields = json.loads(row["fields_json"])
                done = corrected.get(str(row["document_id"]), set())
                for name, evidence in (fields.get("evidence") or {}).items():
                    confidence = evidence.get("confidence", 1.0)
                    if name in done or confidence >= below:
                        continue
                    total += 1
                    item = {"document_id": row["document_id"], "source": row["source_name"], "field": name,
                            "value": fields.get(name), "confidence": confidence, "page": evidence.get("page")}  # fmt: skip
                    entry = (-confidence, -total, item)  # the least certain kept; among equals the first found
                    if len(heap) < limit:
                        heapq.heappush(heap, entry)
                    elif entry > heap[0]:
                        heapq.heapreplace(heap, entry)
        return [item for _, _, item in sorted(heap, key=lambda e: (-e[0], -e[1]))], total

    def provenance(self, document_ids: Sequence[str]) -> list[Record]:
        """What the stages did to these documents, one row per stage and outcome: first and last run,
        runs, pages, the latest version and machine (for PREMIS events)."""
        marks = ",".join("?" * len(document_ids))
        return self._query(
            "SELECT stage, outcome, MIN(started_at) AS first_at, MAX(started_at) AS last_at, COUNT(*) AS runs,"
            f" COUNT(DISTINCT page_number) AS pages, MAX(version) AS version, MAX(worker) AS worker FROM stage_runs"
            f" WHERE document_id IN ({marks}) GROUP BY stage, outcome ORDER BY MIN(started_at)",
            list(document_ids),
        )

    # Retention and disposal ---------------------------------------------------------------------
    def retention_rules(self) -> list[Record]:
        return self._query("SELECT kind, value, years, basis, set_by, set_at FROM retention_rules ORDER BY kind, value")

    def set_retention_rule(self, kind: str, value: str, years: int | None, basis: str, set_by: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO retention_rules(kind, value, years, basis, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(kind, value) DO UPDATE SET years = excluded.years, basis = excluded.basis,"
                " set_by = excluded.set_by, set_at = excluded.set_at",
                (kind, value, years, basis, set_by, utc_now()),
            )

    def record_disposal(self, document_id: str, decision: str, decided_by: str, description: dict[str, Any],
                        drop_pages: bool) -> None:  # fmt: skip
        """The document is disposed of: its record and decision are kept, its text and words go
        (``drop_pages``: the whole file's pages, when no other result of the file remains)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO disposals(document_id, decision, decided_by, disposed_at, description_json)"
                " VALUES (?, ?, ?, ?, ?)",
                (document_id, decision, decided_by, utc_now(), json.dumps(description, ensure_ascii=False)),
            )
            db.execute("UPDATE documents SET state = 'disposed', updated_at = ? WHERE id = ?", (utc_stamp(), document_id))
            if drop_pages:
                db.execute("UPDATE pages SET text = '', words_json = '[]', regions_json = '[]', image_path = NULL,"
                           " updated_at = ? WHERE document_id = ?", (utc_stamp(), document_id))  # fmt: skip
            db.execute("DELETE FROM document_keys WHERE document_id = ?", (document_id,))

    def disposals(self) -> list[Record]:
        return self._query("SELECT * FROM disposals ORDER BY id")

    # Stage runs --------------------------------------------------------------------------------
    def record_stage(
        self,
        stage: str,
        started_at: str,
        duration_s: float,
        outcome: str,
        document_id: str | None = None,
        page_number: int | None = None,
        error_class: str | None = None,
        message: str | None = None,
        fingerprint: str | None = None,
        worker: str | None = None,
        version: str | None = None,
    ) -> None:
        run = StageRun(stage, started_at, duration_s, outcome, error_class, message, fingerprint, version)
        with self.transaction() as db:
            self._insert_stage_run(db, run, document_id, page_number, worker)

    @staticmethod
    def _insert_stage_run(db: Connection, run: StageRun, document_id: str | None, page_number: int | None,
                          worker: str | None) -> None:  # fmt: skip
        db.execute(
            "INSERT INTO stage_runs(document_id, page_number, stage, started_at, duration_s, outcome,"
            " error_class, message, fingerprint, worker, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, page_number, run.stage, run.started_at, run.duration_s, run.outcome, run.error_class,
             run.message, run.fingerprint, worker, run.version),
        )  # fmt: skip

    # Claims: which worker carries which document now -------------------------------------------
    def claim(self, document_ids: Sequence[str], owner: str, seconds: float, worker: str = "") -> list[str]:
        """Take these documents for ``owner`` for ``seconds``; returns those it now holds: every one no
        one holds, whose claim has lapsed (its worker died or hangs), that waits for a run not yet
        started (``queued:``), or that ``owner`` holds already. Atomic per document on both engines."""
        now, until = utc_stamp(), _after(seconds)
        for chunk in _chunks(list(dict.fromkeys(document_ids))):
            with self.transaction() as db:
                for document_id in chunk:
                    db.execute(
                        "INSERT INTO claims(document_id, owner, worker, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?)"
                        " ON CONFLICT(document_id) DO UPDATE SET owner = excluded.owner, worker = excluded.worker,"
                        " claimed_at = excluded.claimed_at, expires_at = excluded.expires_at"
                        " WHERE claims.expires_at < excluded.claimed_at OR claims.owner = excluded.owner"
                        " OR claims.owner LIKE 'queued:%'",
                        (document_id, owner, worker, now, until),
                    )  # fmt: skip
        return self.held_by(owner, document_ids)

    def held_by(self, owner: str, document_ids: Sequence[str]) -> list[str]:
        """Which of these documents ``owner`` holds (lapsed or not), in the order given."""
        held: set[str] = set()
        for chunk in _chunks(list(document_ids)):
            marks = ", ".join("?" * len(chunk))
            held |= {r["document_id"] for r in self._query(
                f"SELECT document_id FROM claims WHERE owner = ? AND document_id IN ({marks})", (owner, *chunk))}  # fmt: skip
        return [d for d in dict.fromkeys(document_ids) if d in held]

    def renew(self, document_ids: Sequence[str], owner: str, seconds: float) -> list[str]:
        """Extend ``owner``'s claims that still hold; returns the documents it still holds."""
        until = _after(seconds)
        for chunk in _chunks(list(document_ids)):
            marks = ", ".join("?" * len(chunk))
            with self.transaction() as db:
                db.execute(f"UPDATE claims SET expires_at = ? WHERE owner = ? AND document_id IN ({marks})",
                           (until, owner, *chunk))  # fmt: skip
        return self.held_by(owner, document_ids)

    def release(self, document_ids: Sequence[str], owner: str) -> None:
        """The documents are done (or given back): ``owner``'s claims on them end."""
        for chunk in _chunks(list(document_ids)):
            marks = ", ".join("?" * len(chunk))
            with self.transaction() as db:
                db.execute(f"DELETE FROM claims WHERE owner = ? AND document_id IN ({marks})", (owner, *chunk))

    def queue_lapsed_claims(self, ticket: str, seconds: float, limit: int = _CHUNK) -> list[str]:
        """Documents whose worker stopped renewing its claim, now held by ``queued:<ticket>`` for
        ``seconds`` so that one new run is submitted for them: when two machines ask at once, each
        document goes to one of them (the UPDATE re-checks the lapse)."""
        now, owner = utc_stamp(), f"queued:{ticket}"
        lapsed = [r["document_id"] for r in self._query(
            "SELECT document_id FROM claims WHERE expires_at < ? ORDER BY expires_at LIMIT ?", (now, limit))]  # fmt: skip
        if not lapsed:
            return []
        until = _after(seconds)
        with self.transaction() as db:
            for document_id in lapsed:
                db.execute("UPDATE claims SET owner = ?, worker = '', claimed_at = ?, expires_at = ? WHERE document_id = ?"
                           " AND expires_at < ?", (owner, now, until, document_id, now))  # fmt: skip
        return self.held_by(owner, lapsed)

    def claims(self) -> list[Record]:
        """Every claim now, the oldest first (few: only documents in flight)."""
        return self._query("SELECT * FROM claims ORDER BY claimed_at, document_id")

    def pages_by_worker(self, since: str) -> list[Record]:
        """Per worker (pages read before workers were named: ''), the pages read since an ISO
        timestamp, the first and last of them, and the documents it holds now."""
        return self._query(
            "SELECT w.worker, coalesce(p.n, 0) AS pages, p.first_at, p.last_at, coalesce(c.n, 0) AS holding FROM"
            " (SELECT DISTINCT coalesce(worker, '') AS worker FROM pages WHERE updated_at >= ?"
            "  UNION SELECT worker FROM claims WHERE worker <> '') AS w"
            " LEFT JOIN (SELECT coalesce(worker, '') AS worker, count(*) AS n, min(updated_at) AS first_at,"
            "  max(updated_at) AS last_at FROM pages WHERE error_class IS NULL AND updated_at >= ?"
            "  GROUP BY coalesce(worker, '')) AS p ON p.worker = w.worker"
            " LEFT JOIN (SELECT worker, count(*) AS n FROM claims WHERE worker <> '' GROUP BY worker) AS c"
            "  ON c.worker = w.worker"
            " ORDER BY pages DESC, w.worker",
            (since, since),
        )  # fmt: skip

    def size_bytes(self) -> int:
        """Bytes the catalog's rows take: its tables in PostgreSQL (with their indexes and TOAST, not
        the empty database's own few MB), or the SQLite file with its journal."""
        if self.path is None:
            return int(self._query("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN"
                                   " pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                                   " AND n.nspname = current_schema()")[0][0])  # fmt: skip
        return sum(p.stat().st_size for p in (self.path, self.path.with_name(self.path.name + "-wal")) if p.exists())

    def page_seconds(self) -> dict[str, float]:
        """Seconds of work per stage over every page and document recorded, and the pages read:
        {"rasterize": s, "clean": s, "ocr": s, "extract": s, "index": s, ..., "pages": n}."""
        totals = {str(r["stage"]): float(r["total_s"] or 0.0) for r in self.stage_summary()}
        pages = self._query("SELECT count(*) FROM pages WHERE error_class IS NULL")[0][0]
        return {**totals, "pages": float(pages)}

    def pages_per_hour(self, since: str) -> dict[str, int]:
        """Pages recognised per hour ("YYYY-MM-DDTHH", UTC) since an ISO timestamp."""
        rows = self._query(
            "SELECT substr(updated_at, 1, 13) AS hour, count(*) AS n FROM pages WHERE error_class IS NULL"
            " AND updated_at >= ? GROUP BY hour ORDER BY hour",
            (since,),
        )
        return {r["hour"]: r["n"] for r in rows}

    def confidence_histogram(self, buckets: int = 10) -> list[int]:
        """Counts of OCR pages per confidence bucket [0, 1/buckets), ... [1 - 1/buckets, 1], counted by
        the database (one row back, however many pages)."""
        edges = [i / buckets for i in range(1, buckets)]
        sums = [f"sum(CASE WHEN confidence < {edges[0]!r} THEN 1 ELSE 0 END)"]
        sums += [f"sum(CASE WHEN confidence >= {low!r} AND confidence < {high!r} THEN 1 ELSE 0 END)"
                 for low, high in itertools.pairwise(edges)]  # fmt: skip
        sums.append(f"sum(CASE WHEN confidence >= {edges[-1]!r} THEN 1 ELSE 0 END)")
        row = self._query(f"SELECT {', '.join(sums)} FROM pages WHERE text_source = 'ocr' AND error_class IS NULL"
                          " AND confidence IS NOT NULL")[0]  # fmt: skip
        return [int(value or 0) for value in row]

    def failures_by_class(self) -> dict[str, int]:
        """Failed documents, failed pages and files refused at intake, per error class."""
        rows = self._query(
            "SELECT error_class, count(*) AS n FROM ("
            " SELECT error_class FROM documents WHERE error_class IS NOT NULL"
            " UNION ALL SELECT error_class FROM batch_files WHERE outcome = 'failed' AND error_class IS NOT NULL"
            ") AS failures GROUP BY error_class ORDER BY n DESC"
        )
        return {r["error_class"]: r["n"] for r in rows}

    def stage_summary(self) -> list[Record]:
        return self._query(
            "SELECT stage, count(*) AS runs, sum(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END) AS failed,"
            " avg(duration_s) AS mean_s,"
            " sum(duration_s) AS total_s FROM stage_runs GROUP BY stage ORDER BY min(id)"
        )


def _document(row: Record) -> DocumentRow:
    values = {field: row[field] for field in DocumentRow.__slots__}  # type: ignore[attr-defined]
    values["state"] = DocumentState(values["state"])
    return DocumentRow(**values)


def _page(row: Record) -> PageRow:
    return PageRow(
        document_id=row["document_id"],
        number=row["number"],
        width=row["width"],
        height=row["height"],
        dpi=row["dpi"],
        rotation=row["rotation"],
        skew_degrees=row["skew_degrees"],
        text_source=row["text_source"],
        text=row["text"],
        confidence=row["confidence"],
        words=[StoredWord.of(w) for w in json.loads(row["words_json"])],
        image_path=row["image_path"],
        fingerprint=row["fingerprint"],
        error_class=row["error_class"],
        error_message=row["error_message"],
        flattened=bool(row["flattened"]),
        regions=json.loads(row["regions_json"]),
    )
