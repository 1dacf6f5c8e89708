"""The catalog's schema upgrades in place: an archive made by an older version keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline.catalog import Catalog, migrations


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
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrations.head()


@pytest.mark.sqlite_catalog  # catalogs older than v7 are SQLite files only
def test_text_stored_with_a_misplaced_nang_is_repaired_and_the_index_rebuilt(sohoa, home: Path) -> None:  # type: ignore[no-untyped-def]
    """An older normalize stored "Lụât" for "Luật": version 4 repairs every stored form (page text,
    OCR words, metadata, corrections, dossiers), asks for a rebuild, and the rebuild answers it."""
    import json

    from pipeline.catalog import PageRow
    from tests.archive_support import make_archive

    ids = make_archive(home, 2)
    path = home / "catalog.sqlite3"
    broken = "Căn cứ Lụât Tổ chức chính quyền địa phương; họăc theo đề nghị của ông Lê Thụân"
    with Catalog(path) as catalog:
        catalog.save_page(PageRow(ids[0], 1, 2480, 3508, 300, 0, 0.0, "ocr", broken, 0.9,
                                  [["Lụât", 10, 10, 40, 20, 91.0, 1, 1], ["họăc", 60, 10, 40, 20, 88.0, 1, 1]],
                                  None, "f", None, None))  # fmt: skip
        catalog.save_metadata(ids[0], {"subject": "Về việc thi hành Lụât", "people": ["Lê Thụân"]}, "e")
        catalog.correct_field(ids[1], "signer", "Nguyễn Văn Tụê", "vanthu")
    db = sqlite3.connect(path)
    db.execute("UPDATE alembic_version SET version_num = 'v3'")  # as a catalog of v3 upgraded now
    db.commit()
    db.close()
    with Catalog(path) as catalog:
        page = catalog.page(ids[0], 1)
        assert page is not None and page.text == broken.replace("Lụât", "Luật").replace("họăc", "hoặc").replace("Thụân", "Thuận")
        assert [w.text for w in page.words] == ["Luật", "hoặc"] and page.words[0][1:] == (10, 10, 40, 20, 91.0, 1, 1)
        assert catalog.metadata(ids[0]) == {"subject": "Về việc thi hành Luật", "people": ["Lê Thuận"]}
        assert catalog.corrections(ids[1]) == {"signer": "Nguyễn Văn Tuệ"}
        assert catalog.index_rebuild_requested() is not None
    index = json.loads(sohoa("status", "--json")[1])["index"]
    assert not index["in_step"] and "dấu nặng" in index["message"]
    assert sohoa("reindex")[0] == 0
    index = json.loads(sohoa("status", "--json")[1])["index"]
    assert index["in_step"] and index["counts"]["documents"] == 2
    assert json.loads(sohoa("search", "Luật tổ chức", "--json")[1])["total"] == 1


def _schema(path: Path) -> dict[str, set[str]]:
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: {str(r[1]) for r in db.execute(f"PRAGMA table_info({t})")} for t in tables}


def test_a_catalog_upgraded_from_version_1_has_the_schema_of_a_new_one(tmp_path: Path) -> None:
    """Alembic's revisions and the schema a new catalog gets agree: same tables, same columns."""
    test_version_1_catalog_is_migrated_without_losing_pages(tmp_path)
    Catalog(tmp_path / "new.sqlite3").close()
    assert _schema(tmp_path / "catalog.sqlite3") == _schema(tmp_path / "new.sqlite3")


def test_the_history_is_one_line_from_v1_to_head() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(Path(migrations.__file__).with_name("alembic")))
    walked = [s.revision for s in scripts.walk_revisions()]  # head first
    assert walked[-1] == "v1" and walked[0] == migrations.head() and len(scripts.get_heads()) == 1
    assert walked == [f"v{n}" for n in range(migrations.number(migrations.head()), 0, -1)]
    assert list(reversed(walked)) == list(migrations.REVISIONS)  # what an opening compares with, Alembic aside


def _heavy_modules_after(tmp_path: Path, statements: str) -> list[str]:
    """Which of Alembic and SQLAlchemy a new Python process has imported after ``statements`` run
    on an archive (``HOME``) whose catalog is at head."""
    import json
    import subprocess
    import sys

    from pipeline.settings import load_settings

    home = tmp_path / "kho"
    Catalog(load_settings(home=home).catalog_location).close()  # made, migrated to head
    probe = (f"import json, sys; HOME = {str(home)!r}; {statements}; "
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'sqlalchemy'})))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_opening_a_catalog_at_head_needs_no_alembic(tmp_path: Path) -> None:
    """Issue 12 ("no waiting"): every command opens the catalog; one at head is read without importing
    Alembic or reading its scripts (~0.2 s a command before)."""
    opening = ("from pipeline.catalog import Catalog; from pipeline.settings import load_settings; "
               "Catalog(load_settings(home=HOME).catalog_location).close()")  # fmt: skip
    assert "alembic" not in _heavy_modules_after(tmp_path, opening)


@pytest.mark.sqlite_catalog
def test_a_search_on_the_embedded_catalog_imports_no_sqlalchemy(tmp_path: Path) -> None:
    """Issue 12 ("sohoa search" ≤ 0.5 s): the SQLite catalog is read through the standard library's
    driver; SQLAlchemy (~0.2 s to import) is for PostgreSQL and migrations only."""
    search = "from pipeline.cli import main; assert main(['--home', HOME, 'search', 'Nguyễn Văn An']) == 0"
    assert _heavy_modules_after(tmp_path, search) == []


def test_a_catalog_written_by_a_newer_sohoa_is_refused_untouched(tmp_path: Path) -> None:
    from pipeline.catalog import CatalogUnavailableError

    path = tmp_path / "catalog.sqlite3"
    Catalog(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE alembic_version SET version_num = 'v99'")
    db.commit()
    db.close()
    before = _schema(path)
    with pytest.raises(CatalogUnavailableError, match="mới hơn"):
        Catalog(path)
    assert _schema(path) == before
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "v99"


def test_a_connection_to_a_new_file_waits_for_its_writer_before_turning_on_wal(tmp_path: Path) -> None:
    """SQLite refuses the switch to WAL at once, without its busy timeout, while another connection
    writes the new file: the eight-threads test below failed one run in fifteen so ("database is
    locked" from ``PRAGMA journal_mode=WAL``). Here the writer holds the file for 0.4 s."""
    import threading
    import time

    from pipeline.catalog.documents import connect

    path = tmp_path / "catalog.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE made_first(x)")
    done = threading.Timer(0.4, lambda: writer.execute("COMMIT"))
    done.start()
    started = time.monotonic()
    db = connect(path)
    waited = time.monotonic() - started
    done.join()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM made_first").fetchone()[0] == 0  # the writer's table, committed
    assert waited >= 0.3, waited  # it waited for the writer instead of failing or going around it
    db.close()
    writer.close()


def test_threads_opening_a_new_catalog_at_once_make_it_once(tmp_path: Path) -> None:
    """Eight requests at the first moment of a new archive: one makes the catalog, the others wait
    and find it made (Alembic's context is one per process; SQLite's writer lock covers processes)."""
    import threading

    path = tmp_path / "catalog.sqlite3"
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            Catalog(path).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchall() == [(migrations.head(),)]
