"""The catalog: the system of record, and the only package that holds SQL.

``documents``: batches, documents, pages, metadata, stage runs, claims (the archive's record);
``web``: the web app's users, sessions, API tokens, audit log and jobs; ``engine``: the two
engines (SQLite by default, PostgreSQL for a province) behind one connection; ``migrations``:
the schema's history, run by Alembic.
"""

from pipeline.catalog.documents import (
    INDEXABLE_STATES,
    REVIEW_LIMIT,
    Catalog,
    CatalogUnavailableError,
    ClaimLostError,
    DocumentRow,
    DocumentState,
    OfficeMismatchError,
    PageRow,
    StageRun,
    connect,
    connect_read_only,
    utc_now,
    utc_stamp,
    writable,
)

__all__ = [
    "INDEXABLE_STATES",
    "REVIEW_LIMIT",
    "Catalog",
    "CatalogUnavailableError",
    "ClaimLostError",
    "DocumentRow",
    "DocumentState",
    "OfficeMismatchError",
    "PageRow",
    "StageRun",
    "connect",
    "connect_read_only",
    "utc_now",
    "utc_stamp",
    "writable",
]
