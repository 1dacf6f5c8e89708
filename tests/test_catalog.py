"""The catalog's schema upgrades in place: an archive made by an older version keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.catalog import SCHEMA_VERSION, Catalog


def test_version_1_catalog_is_migrated_without_losing_pages(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE documents (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, source_name TEXT NOT NULL,
            folder TEXT NOT NULL DEFAULT '', batch_id INTEGER, media_type TEXT, size_bytes INTEGER NOT NULL,
            page_count INTEGER, state TEXT NOT NULL, error_class TEXT, error_message TEXT, ocr_fingerprint TEXT,
            extract_fingerprint TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE pages (document_id TEXT NOT NULL, number INTEGER NOT NULL, width INTEGER, height INTEGER,
            dpi INTEGER, rotation INTEGER NOT NULL DEFAULT 0, skew_degrees REAL NOT NULL DEFAULT 0,
            text_source TEXT, text TEXT NOT NULL DEFAULT '', confidence REAL, words_json TEXT NOT NULL DEFAULT '[]',
            image_path TEXT, fingerprint TEXT, error_class TEXT, error_message TEXT, updated_at TEXT NOT NULL,
            PRIMARY KEY (document_id, number));
        INSERT INTO documents VALUES ('d1', 'abc', 'qd.pdf', '', NULL, 'application/pdf', 10, 1, 'indexed',
            NULL, NULL, 'f', 'e', 't', 't');
        INSERT INTO pages (document_id, number, text, updated_at) VALUES ('d1', 1, 'Quyết định', 't');
        PRAGMA user_version = 1;
        """
    )
    db.close()
    with Catalog(path) as catalog:
        pages = catalog.pages("d1")
        assert [(p.text, p.flattened, p.regions) for p in pages] == [("Quyết định", False, [])]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
