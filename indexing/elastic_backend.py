"""Elasticsearch backend, for installations that outgrow one machine (``SOHOA_ES_URL``).

Text arrives analysed by ``indexing.records.analyze_page`` exactly as for the embedded index, so
the mapping needs only analysers that ship with a stock Elasticsearch (whitespace tokenizer,
lowercase): both backends match alike. Pages live in a versioned index behind an alias; a mapping
change builds the next version from the catalog (``sohoa reindex``) and swaps the alias at once.
The request bodies are built by pure functions below, which the tests check without a server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from indexing.query import Clause, ParsedQuery, SearchRequest, parse_query
from indexing.records import (
    IndexedDocument,
    SearchHit,
    SearchResults,
    analyze_query,
    index_records,
    snippet_for,
)
from indexing.tantivy_backend import BOOST_EXACT, BOOST_IDENTIFIER, BOOST_PHRASE, _filter_values

MAPPING_VERSION = 2  # 2: document and dossier records
FACET_FIELDS = ("doc_type", "agency", "year")
STOCK_ANALYSIS = {
    "analyzer": {"sohoa_tokens": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}},
}


ICU_ANALYSIS = {"tokenizer": "icu_tokenizer", "filter": ["icu_folding"]}


def index_body(icu: bool = False) -> dict[str, Any]:
    """Settings and mapping of the pages index.

    Matching never depends on a plugin: sohoa analyses the text itself. With analysis-icu present,
    the original page text is also indexed with ICU folding (``text.icu``), for people querying the
    index with Kibana or other tools.
    """
    tokens = {"type": "text", "analyzer": "sohoa_tokens", "index_options": "positions", "norms": True}
    analysis: dict[str, Any] = {"analyzer": dict(STOCK_ANALYSIS["analyzer"])}
    text: dict[str, Any] = {"type": "text", "index": False}
    if icu:
        analysis["analyzer"]["sohoa_icu"] = {"type": "custom", **ICU_ANALYSIS}
        text = {"type": "text", "index": False, "fields": {"icu": {"type": "text", "analyzer": "sohoa_icu"}}}
    return {
        "settings": {"analysis": analysis, "number_of_shards": 1},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "key": {"type": "keyword"},
                "kind": {"type": "keyword"},
                "doc_id": {"type": "keyword"},
                "page": {"type": "integer"},
                "exact": tokens,
                "folded": tokens,
                "identifiers": {"type": "text", "analyzer": "sohoa_tokens", "index_options": "docs", "norms": False},
                "batch": {"type": "keyword"},
                "source": {"type": "keyword", "index": False},
                "text": text,
                "metadata": {"type": "object", "enabled": False},
                "doc_type": {"type": "keyword"},
                "agency": {"type": "keyword"},
                "place": {"type": "keyword"},
                "dossier": {"type": "keyword"},
                "issued": {"type": "integer"},
                "year": {"type": "integer"},
            },
        },
    }


def page_actions(documents: list[IndexedDocument], index: str) -> Iterator[dict[str, Any]]:
    """Bulk actions: every page of each document, keyed ``<doc id>:<page>`` (replacing, never doubling)."""
    for document in documents:
        filters = _filter_values(document)
        for record in index_records(document):
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": record.key,
                "_source": {
                    **filters,
                    "key": record.key,
                    "kind": record.kind,
                    "doc_id": record.doc_id,
                    "page": record.page,
                    "exact": record.analyzed.exact,
                    "folded": record.analyzed.folded,
                    "identifiers": record.analyzed.identifiers,
                    "batch": document.batch,
                    "source": document.source,
                    "text": record.text,
                    "metadata": document.metadata,
                },
            }


def _clause(clause: Clause, fuzzy: bool) -> dict[str, Any]:
    analyzed = clause.analyzed
    kind = "match_phrase" if clause.phrase and len(analyzed.folded_terms) > 1 else "match"

    def words(field: str, terms: list[str], boost: float = 1.0) -> dict[str, Any]:
        body: dict[str, Any] = {"query": " ".join(terms), "boost": boost}
        if kind == "match":
            body["operator"] = "and"
            if fuzzy and field == "folded":
                body["fuzziness"] = "AUTO:4,100"  # one edit for words of 4 letters or more
        return {kind: {field: body}}

    should = [words("folded", analyzed.folded_terms)]
    if analyzed.search_exact:
        should.append(words("exact", analyzed.exact_terms, BOOST_EXACT))
    if analyzed.identifier:
        should.append({"term": {"identifiers": {"value": analyzed.identifier, "boost": BOOST_IDENTIFIER}}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def search_body(request: SearchRequest, parsed: ParsedQuery, fuzzy: bool) -> dict[str, Any]:
    """The _search body for a request: the same logic as the embedded backend's query."""
    alternatives = []
    for alternative in parsed.alternatives:
        part: dict[str, Any] = {"must": [_clause(c, fuzzy) for c in alternative]}
        words = [t for c in alternative for t in c.analyzed.folded_terms]
        if len(words) > 1:
            part["should"] = [{"match_phrase": {"folded": {"query": " ".join(words), "boost": BOOST_PHRASE}}}]
            if any(c.analyzed.search_exact for c in alternative):
                exact = " ".join(t for c in alternative for t in c.analyzed.exact_terms)
                part["should"].append({"match_phrase": {"exact": {"query": exact, "boost": BOOST_PHRASE * BOOST_EXACT}}})
        alternatives.append({"bool": part})
    whole = analyze_query(request.text)
    if whole.identifier and len(parsed.all_clauses()) > 1:
        alternatives.append({"term": {"identifiers": {"value": whole.identifier, "boost": BOOST_IDENTIFIER}}})
    query: dict[str, Any] = {"must": [{"bool": {"should": alternatives, "minimum_should_match": 1}}]}
    if parsed.excluded:
        query["must_not"] = [_clause(c, False) for c in parsed.excluded]
    filters: list[dict[str, Any]] = [{"term": {"kind": request.records}}] + [
        {"term": {name: getattr(request, name)}}
        for name in ("doc_type", "agency", "place", "batch", "dossier")
        if getattr(request, name)
    ]
    if request.date_from or request.date_to:
        bounds: dict[str, int] = {"gte": int(request.date_from.strftime("%Y%m%d")) if request.date_from else 1}
        if request.date_to:
            bounds["lte"] = int(request.date_to.strftime("%Y%m%d"))
        filters.append({"range": {"issued": bounds}})
    if filters:
        query["filter"] = filters
    body: dict[str, Any] = {
        "query": {"bool": query},
        "from": request.offset,
        "size": request.limit,
        "track_total_hits": True,
        "_source": ["doc_id", "page", "source", "text", "metadata"],
        "aggs": {name: {"terms": {"field": name, "size": 20}} for name in FACET_FIELDS},
    }
    if request.sort == "date":
        body["sort"] = [{"issued": {"order": "desc"}}, "_score"]
    return body


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str = "sohoa", **client_options: Any) -> None:
        from elasticsearch import Elasticsearch

        options = {k: v for k, v in client_options.items() if v is not None}
        self.client = Elasticsearch(url, request_timeout=30, retry_on_timeout=True, max_retries=3, **options)
        self.alias = f"{prefix}-pages"
        self.index = f"{self.alias}-v{MAPPING_VERSION}"
        self._ensure_index()

    def _has_icu(self) -> bool:
        try:
            plugins = self.client.cat.plugins(format="json")
        except Exception:  # a restricted API key may not read plugins: do without
            return False
        return any(p.get("component") == "analysis-icu" for p in plugins)

    def _ensure_index(self) -> None:
        if not self.client.indices.exists(index=self.index):
            self.client.indices.create(index=self.index, **index_body(icu=self._has_icu()))
        if not self.client.indices.exists_alias(name=self.alias, index=self.index):
            # One atomic swap: searches move from the previous version to this one.
            actions: list[dict[str, Any]] = [{"add": {"index": self.index, "alias": self.alias}}]
            if self.client.indices.exists_alias(name=self.alias):
                old = list(self.client.indices.get_alias(name=self.alias).body)
                actions = [{"remove": {"index": name, "alias": self.alias}} for name in old] + actions
            self.client.indices.update_aliases(actions=actions)

    def index_documents(self, documents: list[IndexedDocument]) -> None:
        from elasticsearch import helpers

        if not documents:
            return
        self.delete_documents([d.id for d in documents], refresh=False)
        for ok, item in helpers.streaming_bulk(
            self.client, page_actions(documents, self.index), chunk_size=500, max_retries=5,
            initial_backoff=1, max_backoff=30, raise_on_error=True,
        ):  # fmt: skip
            if not ok:
                raise RuntimeError(f"Elasticsearch từ chối trang: {json.dumps(item, ensure_ascii=False)}")
        self.client.indices.refresh(index=self.index)

    def delete_documents(self, document_ids: list[str], refresh: bool = True) -> None:
        self.client.delete_by_query(index=self.index, query={"terms": {"doc_id": document_ids}},
                                    refresh=refresh, conflicts="proceed")  # fmt: skip

    def clear(self) -> None:
        self.client.delete_by_query(index=self.index, query={"match_all": {}}, refresh=True, conflicts="proceed")

    def search(self, request: SearchRequest | str, limit: int = 10, offset: int = 0) -> SearchResults:
        if isinstance(request, str):
            request = SearchRequest(request, limit=limit, offset=offset)
        parsed = parse_query(request.text)
        if parsed.empty:
            return SearchResults(0, [])
        fuzzy = request.fuzzy
        response = self.client.search(index=self.alias, **search_body(request, parsed, fuzzy))
        if not response["hits"]["total"]["value"] and not fuzzy:
            fuzzy = True
            response = self.client.search(index=self.alias, **search_body(request, parsed, fuzzy))
        terms = parsed.snippet_terms()
        hits = [
            SearchHit(
                id=hit["_source"]["doc_id"], source=hit["_source"]["source"], page=int(hit["_source"]["page"]),
                score=float(hit.get("_score") or 0.0), snippet=snippet_for(hit["_source"]["text"], terms),
                metadata=hit["_source"].get("metadata") or {},
            )  # fmt: skip
            for hit in response["hits"]["hits"]
        ]
        total = int(response["hits"]["total"]["value"])
        facets = {
            name: {str(b["key"]): int(b["doc_count"]) for b in response.get("aggregations", {}).get(name, {}).get("buckets", [])
                   if b["key"] not in ("", 0)}  # fmt: skip
            for name in FACET_FIELDS
        } if total else {}  # fmt: skip
        return SearchResults(total, hits, facets, fuzzy and bool(total))

    def count(self) -> int:
        """Pages in the index (document and dossier records aside)."""
        return int(self.client.count(index=self.alias, query={"term": {"kind": "page"}})["count"])

    def close(self) -> None:
        self.client.close()
