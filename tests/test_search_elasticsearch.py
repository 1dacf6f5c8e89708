"""The Elasticsearch backend against the live node of the test run, beyond the shared contract:
what only a real server shows.

A stripped node accepts the mapping; opening writes nothing; derived fields stay out of _source;
concurrent first writes meet on one index; a record the node refuses fails its document only; a
frozen node is a timeout and a node gone mid-batch is "unavailable", and in both cases nothing is
lost; an index of an older mapping keeps serving until the rebuild replaces it.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from indexing.elastic_backend import MAPPING_VERSION, ElasticsearchBackend, index_body, page_actions
from indexing.errors import IndexOutdatedError
from indexing.records import IndexedDocument, IndexedPage, analyze_page
from pipeline.catalog import Catalog
from pipeline.progress import reporting_to
from pipeline.stages import index as index_stage
from tests.archive_support import add_document, cccd, make_archive
from tests.conftest import SAMPLE_SCANS, catalog_of, es_settings
from tests.network_faults import TcpRelay

pytestmark = pytest.mark.elasticsearch

DOCUMENT = IndexedDocument(
    "doc-1", "qd.pdf", "Lô 1", {"doc_type": "Quyết định", "number": "15/QĐ-UBND", "issued_date": "2023-01-05"},
    [IndexedPage(1, "Số: 15/QĐ-UBND cấp cho ông Nguyễn Văn An"), IndexedPage(2, "Điều 3. Thi hành")],
)  # fmt: skip


@pytest.fixture
def client(es_url: str) -> Iterator[Elasticsearch]:
    es = Elasticsearch(es_url)
    yield es
    es.close()


@pytest.fixture
def backend(es_url: str, es_prefix: str) -> Iterator[ElasticsearchBackend]:
    opened = ElasticsearchBackend(es_url, prefix=es_prefix, replicas=0)
    yield opened
    opened.close()


def _indices(client: Elasticsearch, prefix: str) -> list[str]:
    return sorted(client.indices.get(index=f"{prefix}-*", allow_no_indices=True, ignore_unavailable=True).body)


def test_bulk_actions_carry_the_same_analysis_as_the_embedded_index() -> None:
    actions = list(page_actions([DOCUMENT], "sohoa-pages"))
    assert [(a["_id"], a["_source"]["kind"]) for a in actions] == [("doc-1:1", "page"), ("doc-1:2", "page"), ("doc-1:0", "document")]
    first = actions[0]["_source"]
    expected = analyze_page(DOCUMENT.pages[0].text, DOCUMENT.metadata)
    assert (first["exact"], first["folded"], first["identifiers"]) == (expected.exact, expected.folded, expected.identifiers)
    assert "15qdubnd" in first["identifiers"].split()
    assert "15qdubnd" not in actions[1]["_source"]["identifiers"].split()  # document identifiers on page 1 only
    assert set(first) == set(index_body()["mappings"]["properties"])  # strict mapping: every field declared


def test_opening_and_searching_write_nothing(backend: ElasticsearchBackend, client: Elasticsearch, es_prefix: str) -> None:
    assert backend.search("nguyen van an").total == 0
    state = backend.state()
    assert (state.active, state.building, state.counts.pages) == (None, None, 0)
    assert _indices(client, es_prefix) == []  # an older sohoa created (and re-aliased) indices on open


def test_records_have_fixed_ids_and_no_derived_fields_in_source(backend: ElasticsearchBackend, client: Elasticsearch,
                                                                 es_prefix: str) -> None:  # fmt: skip
    backend.index_documents([DOCUMENT])
    assert _indices(client, es_prefix) == [f"{es_prefix}-pages-v{MAPPING_VERSION}-000001"]
    stored = client.get(index=f"{es_prefix}-pages", id="doc-1:1")["_source"]
    assert stored["text"] == DOCUMENT.pages[0].text and not {"exact", "folded", "identifiers"} & set(stored)
    assert [h.page for h in backend.search("nguyen van an").hits] == [1]  # still matched: the index has them
    assert backend.search("15 / qd - ubnd").hits[0].id == "doc-1"
    backend.index_documents([IndexedDocument("doc-1", "qd.pdf", "Lô 1", {}, [IndexedPage(1, "Bản đã sửa")])])
    assert sorted(h["_id"] for h in client.search(index=f"{es_prefix}-pages", size=10)["hits"]["hits"]) == ["doc-1:0", "doc-1:1"]


def test_concurrent_first_writes_meet_on_one_index(es_url: str, es_prefix: str, client: Elasticsearch) -> None:
    """Four processes' first writes at once (four backends, four threads): one index, one alias."""
    errors: list[Exception] = []

    def write(number: int) -> None:
        backend = ElasticsearchBackend(es_url, prefix=es_prefix, replicas=0)
        try:
            backend.index_documents([IndexedDocument(f"d{number}", "a.pdf", "Lô", {}, [IndexedPage(1, f"văn bản {number}")])])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _indices(client, es_prefix) == [f"{es_prefix}-pages-v{MAPPING_VERSION}-000001"]
    assert ElasticsearchBackend(es_url, prefix=es_prefix).counts().documents == 4


def _catalog_backend(tmp_path: Path, url: str, prefix: str, count: int, **options: float) -> tuple[Path, ElasticsearchBackend, list[str]]:
    home = tmp_path / "home"
    ids = make_archive(home, count)  # extracted, not yet indexed
    return home, ElasticsearchBackend(url, prefix=prefix, replicas=0, **options), ids  # type: ignore[arg-type]


def _states(home: Path, ids: list[str]) -> list[tuple[str, str | None]]:
    with Catalog(catalog_of(home)) as catalog:
        return [(d.state, d.error_class) for d in (catalog.document(i) for i in ids) if d is not None]


def test_a_record_the_node_refuses_fails_its_document_only(tmp_path: Path, es_url: str, es_prefix: str) -> None:
    home, backend, ids = _catalog_backend(tmp_path, es_url, es_prefix, 3)
    with Catalog(catalog_of(home)) as catalog:
        garbled = add_document(catalog, catalog.ensure_batch("Lô thử"), 99)
        metadata = catalog.metadata(garbled)
        catalog.save_metadata(garbled, {**metadata, "doc_type": "Ư" * 20000}, "test")  # 40 KB: too long for a keyword
        index_stage.index(catalog, backend, [*ids, garbled])
        failed = catalog.document(garbled)
    assert failed is not None and (failed.state, failed.error_class) == ("extracted", "index_rejected")
    assert "HTTP 400" in (failed.error_message or "")
    assert _states(home, ids) == [("indexed", None)] * 3
    assert [h.id for h in backend.search(cccd(1)).hits] == [ids[1]]


def test_a_frozen_node_is_a_timeout_and_nothing_is_lost(tmp_path: Path, es_url: str, es_prefix: str,
                                                        es_node_pid: int) -> None:  # fmt: skip
    home, backend, ids = _catalog_backend(tmp_path, es_url, es_prefix, 4, timeout_s=0.5)
    with Catalog(catalog_of(home)) as catalog:
        index_stage.index(catalog, backend, ids[:1])  # the index exists and answers
        os.kill(es_node_pid, signal.SIGSTOP)  # a node in a long GC pause, or swapping: it answers nothing
        try:
            index_stage.index(catalog, backend, ids[1:])
        finally:
            os.kill(es_node_pid, signal.SIGCONT)
    states = _states(home, ids)
    assert states[0] == ("indexed", None) and states[1:] == [("extracted", "index_timeout")] * 3
    with Catalog(catalog_of(home)) as catalog:
        assert sorted(catalog.reset_failed("index_timeout")) == sorted(ids[1:])  # `sohoa retry --class index_timeout`
        assert [d.state for d in map(catalog.document, ids[1:])] == ["extracted"] * 3  # type: ignore[union-attr]
        index_stage.index(catalog, backend, ids[1:])
    assert _states(home, ids) == [("indexed", None)] * 4
    assert backend.counts().documents == 4


class _CutAfterFirstChunk:
    """A progress reporter that cuts the network path once the first chunk is written."""

    def __init__(self, relay: TcpRelay) -> None:
        self.relay = relay
        self.advanced = 0

    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, stage: str, amount: int = 1) -> None:
        self.advanced += 1
        if self.advanced == 1:
            self.relay.cut()


def test_a_node_gone_mid_batch_loses_nothing_and_the_next_run_catches_up(
    tmp_path: Path, es_url: str, es_prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    host, port = es_url.removeprefix("http://").split(":")
    relay = TcpRelay(host, int(port))
    home, _, ids = _catalog_backend(tmp_path, es_url, es_prefix, 6)
    backend = ElasticsearchBackend(relay.url, prefix=es_prefix, replicas=0, timeout_s=2)
    monkeypatch.setattr(index_stage, "CHUNK", 2)
    with Catalog(catalog_of(home)) as catalog, reporting_to(_CutAfterFirstChunk(relay)):
        taken = index_stage.index(catalog, backend, ids)
    assert taken == 6
    assert _states(home, ids) == [("indexed", None)] * 2 + [("extracted", "index_unavailable")] * 4
    with Catalog(catalog_of(home)) as catalog:
        message = catalog.document(ids[5]).error_message  # type: ignore[union-attr]
    assert message and message.startswith("Không kết nối được máy chủ tìm kiếm")
    relay.restore()
    with Catalog(catalog_of(home)) as catalog:  # the next run's index pass: every waiting document
        waiting = [d.id for d in catalog.documents(states=["extracted"])]
        index_stage.index(catalog, backend, waiting)
        expected = catalog.index_expectation()
    assert _states(home, ids) == [("indexed", None)] * 6
    assert backend.counts().as_json() == expected
    assert [h.id for h in backend.search(cccd(5)).hits] == [ids[5]]


def test_an_index_of_an_older_mapping_serves_until_the_rebuild_replaces_it(
    tmp_path: Path, es_url: str, es_prefix: str, client: Elasticsearch
) -> None:
    home, backend, ids = _catalog_backend(tmp_path, es_url, es_prefix, 5)
    old = f"{es_prefix}-pages-v2-000001"  # as an older sohoa left it
    body = index_body(replicas=0)
    del body["mappings"]["_source"]
    client.indices.create(index=old, **body)
    client.indices.put_alias(index=old, name=f"{es_prefix}-pages")
    for action in page_actions([DOCUMENT], old):
        client.index(index=old, id=action["_id"], document=action["_source"], refresh=True)
    state = backend.state()
    assert (state.active, state.current) == (old, False)
    assert [h.id for h in backend.search("nguyen van an").hits] == ["doc-1"]  # it still answers
    with pytest.raises(IndexOutdatedError):
        backend.index_documents([DOCUMENT])
    with Catalog(catalog_of(home)) as catalog:
        assert index_stage.index(catalog, backend, ids) == 5  # a rebuild instead, these documents in it
    state = backend.state()
    assert state.current and state.active == f"{es_prefix}-pages-v{MAPPING_VERSION}-000002"
    assert state.counts.documents == 5 and [h.id for h in backend.search(cccd(3)).hits] == [ids[3]]
    assert old in _indices(client, es_prefix)  # the replaced index stays until the next rebuild


@pytest.mark.slow
def test_ingest_search_status_and_reindex_on_elasticsearch(sohoa, es_url: str, es_prefix: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The whole pipeline from the command line with SOHOA_ES_URL set, as a province runs it."""
    import shutil

    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLE_SCANS / "ho-so-mot-cua" / "phieu-tiep-nhan-150dpi.jpg", source)
    env = es_settings(es_url, es_prefix)
    code, out = sohoa("ingest", str(source), "--json", env=env)
    assert code == 0 and json.loads(out)["files_detail"][0]["state"] == "indexed"
    assert json.loads(sohoa("search", "phieu tiep nhan", "--json", env=env)[1])["total"] == 1
    index = json.loads(sohoa("status", "--json", env=env)[1])["index"]
    assert (index["backend"], index["in_step"], index["counts"]) == ("elasticsearch", True, index["catalog"])
    assert sohoa("reindex", env=env)[0] == 0
    after = json.loads(sohoa("status", "--json", env=env)[1])["index"]
    assert after["active"] != index["active"] and after["in_step"] and after["counts"] == index["counts"]
    assert json.loads(sohoa("search", "phieu tiep nhan", "--json", env=env)[1])["total"] == 1
