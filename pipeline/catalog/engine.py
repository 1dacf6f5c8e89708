"""The catalog's two engines behind one connection: SQLite (the embedded default, a file in
SOHOA_HOME) and PostgreSQL (a province's server, ``SOHOA_DATABASE_URL=postgresql://…``).

A SQLite catalog is read and written through the standard library's driver, one new connection per
catalog opened (no SQLAlchemy: a command that only reads, ``sohoa search``, would pay ~0.2 s to
import it); PostgreSQL connections come from SQLAlchemy 2 engines (one per database and process,
pooled). Both in driver-level autocommit; the catalog opens its own transactions (``BEGIN
IMMEDIATE`` on SQLite, so a writer takes the lock before it reads; ``BEGIN`` on PostgreSQL, whose
row locks and constraints do the same work). The catalog writes one SQL text for both engines, with ``?`` placeholders; what
differs (placeholders, DDL types, JSON access, the schema version) is settled here and nowhere else.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlalchemy as sa

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
    """One catalog connection: statements in the catalog's portable SQL, transactions opened here.
    Underneath, a SQLite driver connection (autocommit, ``isolation_level=None``) or a SQLAlchemy
    connection to PostgreSQL."""

    def __init__(self, connection: sa.Connection | sqlite3.Connection, dialect: str) -> None:
        self._connection = connection
        self.dialect = dialect
        self._sa: sa.Connection | None = None  # SQLite seen through SQLAlchemy, made for Alembic

    def _sql(self, sql: str) -> str:
        return _for_postgresql(sql) if self.dialect == POSTGRESQL else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        if isinstance(self._connection, sqlite3.Connection):
            cursor = self._connection.execute(sql, _bound(params))
            if cursor.description is None:
                return Result([], cursor.rowcount)
            names = tuple(column[0] for column in cursor.description)
            return Result([Record(names, row) for row in cursor.fetchall()], cursor.rowcount)
        result = self._connection.exec_driver_sql(self._sql(sql), _bound(params))
        if not result.returns_rows:
            return Result([], result.rowcount)
        keys = tuple(result.keys())
        return Result([Record(keys, row) for row in result.fetchall()], result.rowcount)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if isinstance(self._connection, sqlite3.Connection):
            self._connection.executemany(sql, [_bound(row) for row in rows])
        else:
            self._connection.exec_driver_sql(self._sql(sql), [_bound(row) for row in rows])

    def begin(self) -> None:
        self.execute("BEGIN IMMEDIATE" if self.dialect == SQLITE else "BEGIN")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        self.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        if isinstance(self._connection, sqlite3.Connection):
            return self._connection.in_transaction
        return bool(self._connection.connection.dbapi_connection.info.transaction_status)  # type: ignore[union-attr]

    @property
    def sa_connection(self) -> sa.Connection:
        """A SQLAlchemy connection on the same database session (for Alembic): PostgreSQL's own;
        for SQLite, one made on demand around this driver connection, so a transaction begun here
        is the one Alembic works in."""
        if not isinstance(self._connection, sqlite3.Connection):
            return self._connection
        if self._sa is None:
            import sqlalchemy as sa
            from sqlalchemy.pool import StaticPool

            driver = self._connection
            engine = sa.create_engine("sqlite://", creator=lambda: driver, poolclass=StaticPool)
            self._sa = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._sa

    def close(self) -> None:
        if self._sa is not None:
            self._sa.detach()  # the driver connection is closed below, once
            self._sa = None
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


_ENGINES: dict[str, sa.Engine] = {}
_ENGINES_LOCK = threading.Lock()


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and "://" in location


def shown(location: str | Path) -> str:
    """Where the catalog is, fit to print: a server URL without its password."""
    if not is_url(location):
        return str(location)
    import sqlalchemy as sa

    return sa.make_url(str(location)).render_as_string(hide_password=True)


def dialect_of(location: str | Path) -> str:
    return POSTGRESQL if is_url(location) and str(location).startswith("postgresql") else SQLITE


def violates_constraint(exc: BaseException) -> bool:
    """A unique or foreign key constraint refused a write, on either engine."""
    if isinstance(exc, sqlite3.IntegrityError):
        return True
    if "sqlalchemy" in sys.modules:
        import sqlalchemy as sa

        return isinstance(exc, sa.exc.IntegrityError)
    return False


def engine_for(location: str) -> sa.Engine:
    """The process's engine for a PostgreSQL catalog (pooled; a SQLite file has none)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(location)
        if engine is None:
            import sqlalchemy as sa

            url = sa.make_url(location)
            if url.drivername == "postgresql":
                url = url.set(drivername="postgresql+psycopg")  # psycopg 3, not the default psycopg2
            engine = sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
            _ensure_schema(engine, url)
            _ENGINES[location] = engine
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
        except Exception as exc:
            if not violates_constraint(exc):
                raise  # made meanwhile by another process (IF NOT EXISTS is not atomic on PostgreSQL)


def connect(location: str | Path, creator: Callable[[], sqlite3.Connection] | None = None) -> Connection:
    """A connection to a catalog: a PostgreSQL URL, or a SQLite file opened by ``creator`` (sohoa's
    own connect functions: WAL, foreign keys, busy timeout; read-only media), a new one each time:
    cheap, and none outlives the process's fork into OCR workers."""
    if dialect_of(location) == POSTGRESQL:
        connection = engine_for(str(location)).connect().execution_options(isolation_level="AUTOCOMMIT")
        return Connection(connection, POSTGRESQL)
    assert creator is not None
    return Connection(creator(), SQLITE)


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
