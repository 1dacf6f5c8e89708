"""The catalog's two engines behind one connection: SQLite (the embedded default, a file in
SOHOA_HOME) and PostgreSQL (a province's server, ``SOHOA_DATABASE_URL=postgresql://…``).

Connections come from SQLAlchemy 2 engines (one per database and process, pooled) in driver-level
autocommit; the catalog opens its own transactions (``BEGIN IMMEDIATE`` on SQLite, so a writer
takes the lock before it reads; ``BEGIN`` on PostgreSQL, whose row locks and constraints do the
same work). The catalog writes one SQL text for both engines, with ``?`` placeholders; what
differs (placeholders, DDL types, JSON access, the schema version) is settled here and nowhere else.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


class Record:
    """One result row, read by column name (``row["state"]``) or position (``row[0]``), and
    ``dict(row)``: what sqlite3.Row offered, for either engine."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: tuple[str, ...], values: Sequence[Any]) -> None:
        self._keys = keys
        self._values = tuple(values)

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, int):
            return self._values[key]
        try:
            return self._values[self._keys.index(key)]
        except ValueError:
            raise IndexError(f"no column {key!r}") from None

    def keys(self) -> list[str]:
        return list(self._keys)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Record({dict(zip(self._keys, self._values, strict=True))!r})"


@dataclass(slots=True)
class Result:
    rows: list[Record]
    rowcount: int

    def fetchone(self) -> Record | None:
        return self.rows[0] if self.rows else None

    def one(self) -> Record:
        """The first row of a query that always returns one (count, a row just written)."""
        if not self.rows:
            raise LookupError("the query returned no row")
        return self.rows[0]

    def fetchall(self) -> list[Record]:
        return self.rows

    def __iter__(self) -> Iterator[Record]:
        return iter(self.rows)


def _bound(params: Sequence[Any]) -> tuple[Any, ...]:
    """Parameters as the drivers take them: an enum member (a document state) as its value."""
    return tuple(p.value if isinstance(p, Enum) else p for p in params)


@lru_cache(maxsize=512)
def _for_postgresql(sql: str) -> str:
    """qmark placeholders to psycopg's format style (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Connection:
    """One catalog connection: statements in the catalog's portable SQL, transactions opened here."""

    def __init__(self, connection: sa.Connection, dialect: str) -> None:
        self._connection = connection
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        return _for_postgresql(sql) if self.dialect == POSTGRESQL else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        result = self._connection.exec_driver_sql(self._sql(sql), _bound(params))
        if not result.returns_rows:
            return Result([], result.rowcount)
        keys = tuple(result.keys())
        return Result([Record(keys, row) for row in result.fetchall()], result.rowcount)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._connection.exec_driver_sql(self._sql(sql), [_bound(row) for row in rows])

    def begin(self) -> None:
        self._connection.exec_driver_sql("BEGIN IMMEDIATE" if self.dialect == SQLITE else "BEGIN")

    def commit(self) -> None:
        self._connection.exec_driver_sql("COMMIT")

    def rollback(self) -> None:
        self._connection.exec_driver_sql("ROLLBACK")

    @property
    def sa_connection(self) -> sa.Connection:
        """The SQLAlchemy connection underneath (for Alembic)."""
        return self._connection

    def close(self) -> None:
        self._connection.close()

    # What differs between the engines ----------------------------------------------------------
    def json_field(self, column: str) -> str:
        """SQL for the text of a top-level key (a ``?`` parameter) of a JSON text column."""
        return f"({column}::jsonb ->> ?)" if self.dialect == POSTGRESQL else f"json_extract({column}, '$.' || ?)"

    def ddl(self, script: str) -> list[str]:
        """The statements of a schema script written for SQLite, as this engine spells them."""
        if self.dialect == POSTGRESQL:
            script = re.sub(r"\bINTEGER PRIMARY KEY\b", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", script)
            script = re.sub(r"\bREAL\b", "DOUBLE PRECISION", script)
            script = script.replace("CREATE VIEW IF NOT EXISTS", "CREATE OR REPLACE VIEW")
        statements = [s.strip() for s in re.split(r";\s*(?:--[^\n]*)?\n", script + "\n")]
        return [s for s in statements if s and not all(line.strip().startswith("--") for line in s.splitlines())]

    def has_table(self, name: str) -> bool:
        if self.dialect == POSTGRESQL:
            sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
        else:
            sql = "SELECT count(*) FROM sqlite_master WHERE name = ?"
        row = self.execute(sql, (name,)).fetchone()
        return bool(row and row[0])

    def has_column(self, table: str, column: str) -> bool:
        if self.dialect == POSTGRESQL:
            sql = ("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                   " AND table_name = ? AND column_name = ?")  # fmt: skip
            row = self.execute(sql, (table, column)).fetchone()
            return bool(row and row[0])
        return any(row[1] == column for row in self.execute(f"PRAGMA table_info({table})").fetchall())

    def schema_version(self) -> int:
        """The version a catalog made before Alembic recorded (0 if none): see ``migrations``."""
        if self.dialect == SQLITE:
            row = self.execute("PRAGMA user_version").fetchone()
            return int(row[0]) if row else 0
        if not self.has_table("catalog_version"):
            return 0
        row = self.execute("SELECT version FROM catalog_version").fetchone()
        return int(row[0]) if row else 0


_ENGINES: dict[tuple[str, bool], sa.Engine] = {}
_ENGINES_LOCK = threading.Lock()


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and "://" in location


def shown(location: str | Path) -> str:
    """Where the catalog is, fit to print: a server URL without its password."""
    if not is_url(location):
        return str(location)
    return sa.make_url(str(location)).render_as_string(hide_password=True)


def dialect_of(location: str | Path) -> str:
    return POSTGRESQL if is_url(location) and str(location).startswith("postgresql") else SQLITE


def engine_for(location: str | Path, creator: Callable[[], sqlite3.Connection] | None = None, read_only: bool = False) -> sa.Engine:
    """The process's engine for a catalog: a PostgreSQL URL, or a SQLite file opened by ``creator``
    (sohoa's own connect functions: WAL, foreign keys, busy timeout; read-only media)."""
    key = (str(location), read_only)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            if dialect_of(location) == POSTGRESQL:
                url = sa.make_url(str(location))
                if url.drivername == "postgresql":
                    url = url.set(drivername="postgresql+psycopg")  # psycopg 3, not the default psycopg2
                engine = sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
                _ensure_schema(engine, url)
            else:
                assert creator is not None
                # A new sqlite3 connection per catalog opened (as before): cheap, and no connection
                # outlives the process's fork into OCR workers.
                engine = sa.create_engine("sqlite://", creator=creator, poolclass=NullPool)
            _ENGINES[key] = engine
        return engine


def _ensure_schema(engine: sa.Engine, url: sa.URL) -> None:
    """The schema a URL's ``options=-csearch_path=NAME`` names (SOHOA_DATABASE_SCHEMA: several
    archives on one server), made if missing; two processes making it at once both go on."""
    options = url.query.get("options", "")
    found = re.search(r"-csearch_path=([a-z_][a-z0-9_]*)", options if isinstance(options, str) else " ".join(options))
    if not found:
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        try:
            connection.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {found.group(1)}")
        except sa.exc.IntegrityError:
            pass  # made meanwhile by another process (IF NOT EXISTS is not atomic on PostgreSQL)


def connect(location: str | Path, creator: Callable[[], sqlite3.Connection] | None = None, read_only: bool = False) -> Connection:
    engine = engine_for(location, creator, read_only)
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    return Connection(connection, engine.dialect.name)


def _forget_pools_in_child() -> None:
    """A forked process (OCR workers, Prefect's subprocesses) must not use its parent's pooled
    connections: its engines start new ones (SQLAlchemy's advice: dispose without closing)."""
    for engine in list(_ENGINES.values()):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_pools_in_child)


def dispose_engines() -> None:
    """Close every pooled connection (tests, and a process about to fork)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()
