"""Rebuilds that never empty search, on both backends (Tantivy in a directory, the live
Elasticsearch node under a prefix of the test's own), from a real catalog.

Search answers during a rebuild; a rebuild interrupted after some chunks leaves the old index
serving and resumes where it stopped; what changes in the catalog meanwhile is in the published
index; counts that do not match the catalog are never published; an index built by an older
schema is rebuilt, not emptied, by the next index pass.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from indexing.errors import RebuildIncompleteError
from indexing.query import SearchRequest
from indexing.records import SearchBackend
from pipeline.catalog import Catalog
from pipeline.stages import index as index_stage
from tests.archive_support import add_document, cccd, make_archive, person
from tests.conftest import catalog_of
from tests.test_search_contract import BACKENDS, open_backend_for_test

COUNT = 60


@pytest.fixture(params=BACKENDS)
def indexed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, SearchBackend, list[str]]:
    """A catalog of COUNT documents, all of them indexed."""
    backend = open_backend_for_test(request.param, request, tmp_path / "home" / "index")
    ids = make_archive(tmp_path / "home", COUNT, backend=backend)
    return tmp_path / "home", backend, ids


def _found(backend: SearchBackend, query: str, records: str = "page") -> list[str]:
    return [h.id for h in backend.search(SearchRequest(query, limit=5, records=records)).hits]


def test_search_answers_throughout_a_rebuild(indexed, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    home, backend, ids = indexed
    monkeypatch.setattr(index_stage, "REBUILD_CHUNK", 7)  # many small steps, so searches land between them
    before = backend.state()
    answers: list[list[str]] = []
    stop = threading.Event()

    def search_all_the_time() -> None:
        while not stop.is_set():
            answers.append(_found(backend, cccd(13)))

    searcher = threading.Thread(target=search_all_the_time)
    searcher.start()
    try:
        with Catalog(catalog_of(home)) as catalog:
            report = index_stage.rebuild(catalog, backend)
    finally:
        stop.set()
        searcher.join()
    assert len(answers) > 3 and all(found == [ids[13]] for found in answers)  # never empty, never doubled
    after = backend.state()
    assert after.active == report.generation != before.active and after.building is None
    assert (report.documents, report.counts.documents, report.counts.pages) == (COUNT, COUNT, 2 * COUNT)
    assert after.counts == before.counts


def test_an_interrupted_rebuild_leaves_the_old_index_serving_and_resumes(indexed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home, backend, ids = indexed
    monkeypatch.setattr(index_stage, "REBUILD_CHUNK", 10)
    real_write = index_stage._write_documents
    calls = []

    def dies_on_the_third_chunk(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # what an operator's Ctrl+C or a kill leaves: two chunks committed
        return real_write(*args, **kwargs)

    monkeypatch.setattr(index_stage, "_write_documents", dies_on_the_third_chunk)
    serving = backend.state().active
    with Catalog(catalog_of(home)) as catalog, pytest.raises(KeyboardInterrupt):
        index_stage.rebuild(catalog, backend)
    state = backend.state()
    assert state.active == serving and state.building is not None  # old index serves, new one waits
    assert _found(backend, cccd(59)) == [ids[59]] and state.counts.documents == COUNT

    monkeypatch.setattr(index_stage, "_write_documents", real_write)
    with Catalog(catalog_of(home)) as catalog:
        report = index_stage.rebuild(catalog, backend)
    assert report.resumed and report.generation == state.building
    assert report.documents == COUNT - 20  # the two committed chunks are not written again
    assert backend.state().counts == state.counts and _found(backend, cccd(5)) == [ids[5]]


def test_what_changes_during_a_rebuild_is_in_the_published_index(indexed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A clerk corrects a name, a batch adds a document and a retry takes one out of the index's
    states while the rebuild reads the catalog: the published index has all three changes."""
    home, backend, ids = indexed
    monkeypatch.setattr(index_stage, "REBUILD_CHUNK", 20)
    real_write = index_stage._write_documents
    calls = []
    added: list[str] = []

    def meanwhile(catalog: Catalog, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:  # documents 0-19 are written already
            with Catalog(catalog_of(home)) as other:
                other.correct_field(ids[3], "people", ["Đinh Công Tráng"], "vanthu")
                added.append(add_document(other, other.ensure_batch("Lô mới"), 500))
                index_stage.index(other, backend, [ids[3], added[0]])  # the clerk's and the batch's own pass
                other.update_document(ids[4], state="stored")  # sent back to OCR by a retry
        return real_write(catalog, *args, **kwargs)

    monkeypatch.setattr(index_stage, "_write_documents", meanwhile)
    with Catalog(catalog_of(home)) as catalog:
        report = index_stage.rebuild(catalog, backend)
        states = {i: catalog.document(i).state for i in (ids[3], added[0])}  # type: ignore[union-attr]
    assert report.caught_up >= 2
    # The correction is in the document's record (its page still shows what was printed).
    assert _found(backend, "dinh cong trang", "document") == [ids[3]]
    assert ids[3] not in _found(backend, f'"{person(3)}"', "document")
    assert _found(backend, cccd(500)) == [added[0]]
    assert _found(backend, cccd(4)) == []
    assert states == {ids[3]: "indexed", added[0]: "indexed"}
    assert backend.state().counts.documents == COUNT  # 60 - 1 sent back + 1 added


def test_a_rebuild_whose_counts_differ_from_the_catalog_is_not_published(indexed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home, backend, ids = indexed
    serving = backend.state().active

    def one_more_page(self: Catalog, states=("extracted", "indexed")):  # type: ignore[no-untyped-def]
        expected = real(self, states)
        return {**expected, "pages": expected["pages"] + 1}

    real = Catalog.index_expectation
    monkeypatch.setattr(Catalog, "index_expectation", one_more_page)
    with Catalog(catalog_of(home)) as catalog, pytest.raises(RebuildIncompleteError, match="chưa đưa vào sử dụng"):
        index_stage.rebuild(catalog, backend)
    state = backend.state()
    assert state.active == serving and state.building is not None
    assert _found(backend, cccd(7)) == [ids[7]]


def test_documents_waiting_for_the_index_are_written_by_a_rebuild(indexed) -> None:  # type: ignore[no-untyped-def]
    home, backend, _ids = indexed
    with Catalog(catalog_of(home)) as catalog:
        waiting = add_document(catalog, catalog.ensure_batch("Lô chờ"), 777)
        catalog.record_index_failure([waiting], "index_timeout", "Máy chủ tìm kiếm không trả lời kịp")
        index_stage.rebuild(catalog, backend)
        document = catalog.document(waiting)
    assert document is not None and (document.state, document.error_class) == ("indexed", None)
    assert _found(backend, cccd(777)) == [waiting]
