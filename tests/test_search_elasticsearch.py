"""The Elasticsearch backend without a server: every body we send, checked against its documented shape.

No Elasticsearch can be installed on these machines. The mapping, bulk actions and search bodies
are pure functions checked here; the real ``elasticsearch`` client is then pointed at a small
recording HTTP server that answers as Elasticsearch does, so the requests it actually sends are
checked too. With ``SOHOA_ES_URL`` set, tests/test_search_embedded.py runs against a live server.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from indexing.elastic_backend import ElasticsearchBackend, index_body, page_actions, search_body
from indexing.query import SearchRequest, parse_query
from indexing.records import IndexedDocument, IndexedPage, analyze_page

STOCK_TOKENIZERS = {"whitespace", "standard", "keyword", "icu_tokenizer"}
STOCK_FILTERS = {"lowercase", "asciifolding", "icu_folding"}

DOCUMENT = IndexedDocument(
    "doc-1", "qd.pdf", "Lô 1", {"doc_type": "Quyết định", "number": "15/QĐ-UBND", "issued_date": "2023-01-05"},
    [IndexedPage(1, "Số: 15/QĐ-UBND cấp cho ông Nguyễn Văn An"), IndexedPage(2, "Điều 3. Thi hành")],
)  # fmt: skip


def test_mapping_needs_nothing_but_stock_analysis() -> None:
    body = index_body()
    analysis = body["settings"]["analysis"]
    for analyzer in analysis["analyzer"].values():
        assert analyzer["tokenizer"] in STOCK_TOKENIZERS
        assert set(analyzer["filter"]) <= STOCK_FILTERS
    properties = body["mappings"]["properties"]
    used = {p.get("analyzer") for p in properties.values()} - {None}
    assert used <= set(analysis["analyzer"])
    assert body["mappings"]["dynamic"] == "strict"
    for name in ("exact", "folded"):
        assert properties[name]["index_options"] == "positions"  # phrases need positions
    for name in ("doc_type", "agency", "place", "dossier", "batch", "doc_id"):
        assert properties[name]["type"] == "keyword"  # filters and facets on exact values
    assert properties["metadata"] == {"type": "object", "enabled": False}


def test_icu_folding_is_used_when_the_plugin_is_there() -> None:
    plain, icu = index_body(), index_body(icu=True)
    assert "sohoa_icu" not in plain["settings"]["analysis"]["analyzer"]
    assert icu["settings"]["analysis"]["analyzer"]["sohoa_icu"] == {"type": "custom", "tokenizer": "icu_tokenizer", "filter": ["icu_folding"]}
    assert icu["mappings"]["properties"]["text"]["fields"]["icu"]["analyzer"] == "sohoa_icu"
    assert {k: v for k, v in icu["mappings"]["properties"].items() if k != "text"} == {
        k: v for k, v in plain["mappings"]["properties"].items() if k != "text"
    }  # matching fields never depend on the plugin


def test_bulk_actions_carry_the_same_analysis_as_the_embedded_index() -> None:
    actions = list(page_actions([DOCUMENT], "sohoa-pages-v2"))
    assert [(a["_id"], a["_source"]["kind"]) for a in actions] == [("doc-1:1", "page"), ("doc-1:2", "page"), ("doc-1:0", "document")]
    assert "quyet dinh" in actions[2]["_source"]["folded"] and "15qdubnd" in actions[2]["_source"]["identifiers"]
    first = actions[0]["_source"]
    expected = analyze_page(DOCUMENT.pages[0].text, DOCUMENT.metadata)
    assert (first["exact"], first["folded"], first["identifiers"]) == (expected.exact, expected.folded, expected.identifiers)
    assert "15qdubnd" in first["identifiers"].split()
    assert "15qdubnd" not in actions[1]["_source"]["identifiers"].split()  # document identifiers on page 1 only
    assert (first["issued"], first["year"], first["doc_type"]) == (20230105, 2023, "Quyết định")
    assert set(first) == set(index_body()["mappings"]["properties"])  # strict mapping: every field declared


def test_search_body_shape() -> None:
    request = SearchRequest('"giấy phép" nguyen van OR thông báo -xây', limit=5, offset=10, doc_type="Quyết định",
                            date_from=date(2022, 1, 1), date_to=date(2023, 12, 31), sort="date")  # fmt: skip
    body = search_body(request, parse_query(request.text), fuzzy=False)
    bool_query = body["query"]["bool"]
    alternatives = bool_query["must"][0]["bool"]["should"]
    assert len(alternatives) == 2
    first = alternatives[0]["bool"]
    assert first["must"][0]["bool"]["should"][0] == {"match_phrase": {"folded": {"query": "giay phep", "boost": 1.0}}}
    assert first["must"][1]["bool"]["should"][0]["match"]["folded"] == {"query": "nguyen", "boost": 1.0, "operator": "and"}
    assert first["should"][0]["match_phrase"]["folded"]["query"] == "giay phep nguyen van"
    assert bool_query["must_not"][0]["bool"]["should"][0]["match"]["folded"]["query"] == "xay"
    assert bool_query["filter"] == [
        {"term": {"kind": "page"}}, {"term": {"doc_type": "Quyết định"}}, {"range": {"issued": {"gte": 20220101, "lte": 20231231}}},
    ]  # fmt: skip
    assert (body["from"], body["size"], body["sort"][0]) == (10, 5, {"issued": {"order": "desc"}})
    assert set(body["aggs"]) == {"doc_type", "agency", "year"}
    fuzzy = search_body(SearchRequest("phamm minh"), parse_query("phamm minh"), fuzzy=True)
    assert fuzzy["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]["must"][0]["bool"]["should"][0]["match"]["folded"]["fuzziness"] == "AUTO:4,100"
    identifier = search_body(SearchRequest("15 / QĐ - UBND"), parse_query("15 / QĐ - UBND"), fuzzy=False)
    assert {"term": {"identifiers": {"value": "15qdubnd", "boost": 4.0}}} in identifier["query"]["bool"]["must"][0]["bool"]["should"]


class _RecordingElasticsearch(BaseHTTPRequestHandler):
    """Answers the few endpoints the backend uses, as Elasticsearch 9 does, and records each request."""

    requests: list[tuple[str, str, Any]] = []
    indices: set[str] = set()
    aliases: dict[str, str] = {}

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _reply(self, status: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/vnd.elasticsearch+json;compatible-with=9")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> Any:
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0)).decode()
        if self.path.startswith("/_bulk"):
            return [json.loads(line) for line in raw.splitlines() if line.strip()]
        return json.loads(raw) if raw else None

    def do_GET(self) -> None:  # noqa: N802
        self.requests.append(("GET", self.path, None))
        if self.path.startswith("/_cat/plugins"):
            self._reply(200, [{"name": "node-1", "component": "analysis-icu", "version": "9.1.0"}])
        else:
            self._reply(404, {"error": f"unexpected {self.path}"})

    def do_HEAD(self) -> None:  # noqa: N802
        path = self.path.split("?")[0].strip("/").split("/")
        self.requests.append(("HEAD", self.path, None))
        if path[0] == "_alias":
            self._reply(200 if path[1] in self.aliases else 404)
        elif len(path) == 3 and path[1] == "_alias":
            self._reply(200 if self.aliases.get(path[2]) == path[0] else 404)
        else:
            self._reply(200 if path[0] in self.indices else 404)

    def do_PUT(self) -> None:  # noqa: N802
        if self.path.startswith("/_bulk"):  # the client sends bulk requests as PUT
            return self.do_POST()
        body = self._body()
        self.requests.append(("PUT", self.path, body))
        self.indices.add(self.path.split("?")[0].strip("/"))
        self._reply(200, {"acknowledged": True})

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        self.requests.append((self.command, self.path, body))
        path = self.path.split("?")[0]
        if path == "/_aliases":
            for action in body["actions"]:
                if "add" in action:
                    self.aliases[action["add"]["alias"]] = action["add"]["index"]
            self._reply(200, {"acknowledged": True})
        elif path == "/_bulk":
            items = [{"index": {"_id": line["index"]["_id"], "status": 201}} for line in body if "index" in line]
            self._reply(200, {"took": 1, "errors": False, "items": items})
        elif path.endswith("/_delete_by_query"):
            self._reply(200, {"deleted": 0, "failures": []})
        elif path.endswith("/_count"):
            self._reply(200, {"count": 2, "_shards": {"total": 1, "successful": 1, "failed": 0}})
        elif path.endswith("/_refresh"):
            self._reply(200, {"_shards": {"total": 1, "successful": 1, "failed": 0}})
        elif path.endswith("/_search"):
            hit = {"_id": "doc-1:1", "_score": 3.5, "_source": {"doc_id": "doc-1", "page": 1, "source": "qd.pdf",
                   "text": DOCUMENT.pages[0].text, "metadata": DOCUMENT.metadata}}  # fmt: skip
            self._reply(200, {"hits": {"total": {"value": 1, "relation": "eq"}, "hits": [hit]},
                              "aggregations": {"doc_type": {"buckets": [{"key": "Quyết định", "doc_count": 1}]},
                                               "agency": {"buckets": []}, "year": {"buckets": [{"key": 2023, "doc_count": 1}]}}})  # fmt: skip
        else:
            self._reply(404, {"error": f"unexpected {path}"})


@pytest.fixture
def recording_server():  # type: ignore[no-untyped-def]
    _RecordingElasticsearch.requests, _RecordingElasticsearch.indices, _RecordingElasticsearch.aliases = [], set(), {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordingElasticsearch)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _RecordingElasticsearch.requests
    server.shutdown()


def test_the_client_sends_our_bodies(recording_server) -> None:  # type: ignore[no-untyped-def]
    url, requests = recording_server
    backend = ElasticsearchBackend(url, prefix="sohoa")
    created = [r for r in requests if r[0] == "PUT"]
    assert created == [("PUT", "/sohoa-pages-v2", index_body(icu=True))]  # the server lists analysis-icu
    assert ("POST", "/_aliases", {"actions": [{"add": {"index": "sohoa-pages-v2", "alias": "sohoa-pages"}}]}) in requests

    backend.index_documents([DOCUMENT])
    deletes = [r for r in requests if r[1].startswith("/sohoa-pages-v2/_delete_by_query")]
    assert deletes and deletes[0][2] == {"query": {"terms": {"doc_id": ["doc-1"]}}}  # replaced, never doubled
    bulk = next(r[2] for r in requests if r[1].startswith("/_bulk"))  # NDJSON: action line, then source line
    expected = list(page_actions([DOCUMENT], "sohoa-pages-v2"))
    assert [line for line in bulk if "index" in line] == [{"index": {"_index": "sohoa-pages-v2", "_id": a["_id"]}} for a in expected]
    assert [line for line in bulk if "index" not in line] == [a["_source"] for a in expected]

    request = SearchRequest("nguyen van an", doc_type="Quyết định")
    results = backend.search(request)
    sent = next(r[2] for r in reversed(requests) if r[1].startswith("/sohoa-pages/_search"))
    assert sent == search_body(request, parse_query(request.text), fuzzy=False)
    assert (results.total, results.hits[0].id, results.hits[0].page) == (1, "doc-1", 1)
    assert results.facets == {"doc_type": {"Quyết định": 1}, "agency": {}, "year": {"2023": 1}}
    assert "Nguyễn Văn An" in results.hits[0].snippet

    assert backend.count() == 2
    assert next(r[2] for r in requests if r[1].startswith("/sohoa-pages/_count")) == {"query": {"term": {"kind": "page"}}}
    backend.clear()
    assert requests[-1][1].startswith("/sohoa-pages-v2/_delete_by_query") and requests[-1][2] == {"query": {"match_all": {}}}
    backend.close()
