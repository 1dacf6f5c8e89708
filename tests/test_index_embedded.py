"""The embedded index as an office uses it: many searches at once, another process writing and
rebuilding, a rebuild killed with SIGKILL, an index left by an older sohoa.

Opening and searching never create, migrate or delete anything (an older sohoa deleted the whole
index when two requests raced on its schema marker).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import tantivy

from indexing.errors import IndexOutdatedError
from indexing.query import SearchRequest
from indexing.records import IndexedDocument, IndexedPage
from indexing.tantivy_backend import LEGACY, TantivyBackend, _schema, _write, _writer
from pipeline.catalog import Catalog
from pipeline.stages import index as index_stage
from tests.archive_support import add_document, cccd, make_archive
from tests.conftest import REPO, catalog_of


def _snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(directory)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(directory.rglob("*")) if p.is_file()}  # fmt: skip


def _legacy_index(directory: Path, schema_marker: str) -> None:
    """An index as sohoa wrote it before generations: Tantivy files and SOHOA_SCHEMA in index/."""
    directory.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(directory))
    writer = _writer(index)
    _write(writer, [IndexedDocument("old-1", "cu.pdf", "Lô cũ", {},
                                           [IndexedPage(1, "Giấy chứng nhận cấp cho bà Ngô Ngọc Nga")])])  # fmt: skip
    writer.wait_merging_threads()
    (directory / "SOHOA_SCHEMA").write_text(schema_marker)


def test_opening_and_searching_write_nothing(tmp_path: Path) -> None:
    fresh = TantivyBackend(tmp_path / "none")
    assert fresh.search("ngo ngoc nga").total == 0 and fresh.state().active is None
    assert not (tmp_path / "none").exists()  # not even the folder

    _legacy_index(tmp_path / "old", schema_marker="2")  # older schema: this code may not write it
    before = _snapshot(tmp_path / "old")
    backend = TantivyBackend(tmp_path / "old")
    assert [h.id for h in backend.search("ngo ngoc nga").hits] == ["old-1"]  # still answers
    state = backend.state()
    assert (state.active, state.current, state.counts.pages) == (LEGACY, False, 1)
    with pytest.raises(IndexOutdatedError):
        backend.index_documents([IndexedDocument("new-1", "moi.pdf", "Lô", {}, [IndexedPage(1, "Thông báo")])])
    assert _snapshot(tmp_path / "old") == before  # nothing deleted, nothing rewritten


def test_an_older_index_is_rebuilt_by_the_next_index_pass_not_emptied(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = make_archive(home, 5)
    _legacy_index(home / "index", schema_marker="2")
    backend = TantivyBackend(home / "index")
    with Catalog(catalog_of(home)) as catalog:
        taken = index_stage.index(catalog, backend, ids)  # IndexOutdatedError inside: a rebuild instead
        states = {catalog.document(i).state for i in ids}  # type: ignore[union-attr]
    state = backend.state()
    assert taken == 5 and states == {"indexed"}
    assert state.active != LEGACY and state.current and state.counts.documents == 5
    assert [h.id for h in backend.search(cccd(2)).hits] == [ids[2]]
    assert (home / "index" / "meta.json").exists()  # the replaced index stays until the next rebuild
    with Catalog(catalog_of(home)) as catalog:
        index_stage.rebuild(catalog, backend)
    assert not (home / "index" / "meta.json").exists()
    assert len(list((home / "index" / "generations").iterdir())) == 2  # the serving one and the previous


_WRITER_SCRIPT = """
import sys
from pathlib import Path
from indexing.tantivy_backend import TantivyBackend
from pipeline.stages import index as index_stage
from pipeline.catalog import Catalog
from pipeline.settings import load_settings
home = Path(sys.argv[1])
backend = TantivyBackend(home / "index")
index_stage.REBUILD_CHUNK = int(sys.argv[3])
with Catalog(load_settings(home=home).catalog_location) as catalog:
    ids = catalog.indexable_document_ids(None, 100000)
    for round in range(int(sys.argv[2])):
        index_stage.index(catalog, backend, ids[round * 20 : round * 20 + 20], force=True)
        index_stage.rebuild(catalog, backend)
        print("round", round, flush=True)
"""


@pytest.mark.catalog_agnostic  # the embedded index under concurrent use; the catalog only seeds it
def test_many_searches_at_once_while_another_process_writes_and_rebuilds(tmp_path: Path) -> None:
    """Sixteen officers search (half through one shared backend, half opening their own as every
    CLI call does) while a batch writes and an admin rebuilds three times: no error, no empty answer."""
    home = tmp_path / "home"
    ids = make_archive(home, 300, backend=TantivyBackend(home / "index"))
    shared = TantivyBackend(home / "index")
    writer = subprocess.Popen([sys.executable, "-c", _WRITER_SCRIPT, str(home), "3", "50"], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    failures: list[str] = []
    searches = [0]

    def officer(number: int) -> None:
        while writer.poll() is None:
            backend = shared if number % 2 else TantivyBackend(home / "index")
            i = (number * 37 + searches[0]) % len(ids)
            try:
                found = [h.id for h in backend.search(SearchRequest(cccd(i), limit=3)).hits]
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            searches[0] += 1
            if found != [ids[i]]:
                failures.append(f"{cccd(i)} -> {found}")

    officers = [threading.Thread(target=officer, args=(n,)) for n in range(16)]
    for thread in officers:
        thread.start()
    for thread in officers:
        thread.join()
    out, err = writer.communicate()
    assert writer.returncode == 0, err
    assert out.count("round") == 3
    assert failures == [] and searches[0] > 100
    with Catalog(catalog_of(home)) as catalog:
        expected = catalog.index_expectation()
    assert TantivyBackend(home / "index").counts().as_json() == expected


_REBUILD_SCRIPT = """
import sys
from pathlib import Path
from indexing.tantivy_backend import TantivyBackend
from pipeline.stages import index as index_stage
from pipeline.catalog import Catalog
from pipeline.settings import load_settings
index_stage.REBUILD_CHUNK = 50
home = Path(sys.argv[1])
with Catalog(load_settings(home=home).catalog_location) as catalog:
    index_stage.rebuild(catalog, TantivyBackend(home / "index"))
"""


@pytest.mark.catalog_agnostic  # the index's own generations and locks
def test_a_rebuild_killed_with_sigkill_leaves_search_whole_and_resumes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = make_archive(home, 1500, pages=1, backend=TantivyBackend(home / "index"))
    backend = TantivyBackend(home / "index")
    serving = backend.state()
    rebuild = subprocess.Popen([sys.executable, "-c", _REBUILD_SCRIPT, str(home)], cwd=REPO, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and rebuild.poll() is None:
        building = backend._building()
        if building and building.get("resume_after"):
            break
        time.sleep(0.005)
    assert rebuild.poll() is None, "the rebuild ended before it could be killed"
    os.kill(rebuild.pid, signal.SIGKILL)
    rebuild.wait()
    state = backend.state()
    assert state.active == serving.active and state.counts == serving.counts and state.building
    assert [h.id for h in backend.search(cccd(1234)).hits] == [ids[1234]]
    with Catalog(catalog_of(home)) as catalog:
        report = index_stage.rebuild(catalog, backend)  # the killed process's locks went with it
    assert report.resumed and report.generation == state.building and 0 < report.documents < 1500
    assert backend.state().counts == serving.counts
    assert [h.id for h in backend.search(cccd(77)).hits] == [ids[77]]


def test_status_says_when_the_index_and_the_catalog_differ(sohoa, home: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    ids = make_archive(home, 5, backend=TantivyBackend(home / "index"))
    index = json.loads(sohoa("status", "--json")[1])["index"]
    assert index["in_step"] and index["counts"] == index["catalog"] == {"pages": 10, "documents": 5, "dossiers": 0}
    TantivyBackend(home / "index").delete_documents(ids[:1])  # lost from the index, as after a bad restore
    index = json.loads(sohoa("status", "--json")[1])["index"]
    assert not index["in_step"] and index["counts"]["documents"] == 4 and "sohoa reindex" in index["message"]
    code, out = sohoa("status")
    assert code == 0 and "Chỉ mục lệch so với danh mục" in out
    assert sohoa("reindex")[0] == 0
    after = json.loads(sohoa("status", "--json")[1])["index"]
    assert after["in_step"] and after["active"] != index["active"] and after["counts"]["documents"] == 5


def test_index_records_carry_their_batch_name_read_batch_by_batch(tmp_path: Path) -> None:
    """The index stage reads a batch's name when it meets one of its documents (not the list of
    every batch); searches filter on it."""
    from pipeline.stages.index import index

    home = tmp_path / "home"
    backend = TantivyBackend(home / "index")
    ids = make_archive(home, 3)
    with Catalog(catalog_of(home)) as catalog:
        later = add_document(catalog, catalog.ensure_batch("Lô thứ hai"), 3)
        assert index(catalog, backend, [*ids, later]) == 4
    found = {b: sorted({h.id for h in backend.search(SearchRequest("quyết định", batch=b, limit=50)).hits})
             for b in ("Lô thử", "Lô thứ hai", "Lô khác")}  # fmt: skip
    assert found == {"Lô thử": sorted(ids), "Lô thứ hai": [later], "Lô khác": []}
