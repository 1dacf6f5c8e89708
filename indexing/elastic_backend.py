"""Elasticsearch backend, for a province's archive shared by many machines (``SOHOA_ES_URL``).

Text arrives analysed by ``indexing.records.analyze_page`` exactly as for the embedded index, so
the mapping needs only what every node has, even Elastic's stripped test distribution (whitespace
tokenizer, lowercase; no analysis-common, no reindex module, no delete-by-query): both backends
match alike.

Indices and aliases, so that a rebuild never empties search and opening never writes::

    <prefix>-pages-v<mapping>-<000001>   one concrete index per generation
    <prefix>-pages                       alias searches read and writers write
    <prefix>-pages-building              alias on the generation a rebuild fills (its progress in
                                         the index's _meta); writers write there too meanwhile

Records have deterministic ids (``<doc id>:<page>``, ``:0`` for a document or dossier record):
writing a document again replaces its records and deletes by id those it no longer has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, cast

from indexing.errors import (
    IndexOutdatedError,
    IndexRejectedError,
    IndexTimeoutError,
    IndexUnavailableError,
    RebuildInProgressError,
    SearchIndexError,
)
from indexing.query import Clause, ParsedQuery, SearchRequest, parse_query
from indexing.records import (
    TIE_WINDOW,
    IndexCounts,
    IndexedDocument,
    IndexState,
    IndexWriteReport,
    SearchHit,
    SearchResults,
    analyze_query,
    fetch_window,
    fuzzy_term,
    hit_snippet,
    index_records,
    page_of,
    wider_window,
)
from indexing.tantivy_backend import BOOST_EXACT, BOOST_IDENTIFIER, BOOST_PHRASE, _filter_values

MAPPING_VERSION = 4  # 4: office; 3: derived fields kept out of _source, generations; 2: document and dossier records
FACET_FIELDS = ("doc_type", "agency", "year")
# sohoa's analyser already lowercased and split the text: the built-in whitespace analyzer (in
# every node, the stripped test distribution too, which has no whitespace *tokenizer*) only splits.
TOKENS_ANALYZER = "whitespace"
ICU_ANALYSIS = {"tokenizer": "icu_tokenizer", "filter": ["icu_folding"]}


# Derived from the text and metadata by sohoa's analyser, so never read back: out of _source.
DERIVED_FIELDS = ["exact", "folded", "identifiers"]


def index_body(icu: bool = False, shards: int = 1, replicas: int = 1) -> dict[str, Any]:
    """Settings and mapping of the pages index.

    Matching never depends on a plugin: sohoa analyses the text itself. With analysis-icu present,
    the original page text is also indexed with ICU folding (``text.icu``), for people querying the
    index with Kibana or other tools.
    """
    tokens = {"type": "text", "analyzer": TOKENS_ANALYZER, "index_options": "positions", "norms": True}
    settings: dict[str, Any] = {"number_of_shards": shards, "number_of_replicas": replicas}
    text: dict[str, Any] = {"type": "text", "index": False}
    if icu:
        settings["analysis"] = {"analyzer": {"sohoa_icu": {"type": "custom", **ICU_ANALYSIS}}}
        text = {"type": "text", "index": False, "fields": {"icu": {"type": "text", "analyzer": "sohoa_icu"}}}
    return {
        "settings": settings,
        "mappings": {
            "dynamic": "strict",
            "_source": {"excludes": DERIVED_FIELDS},
            "properties": {
                "key": {"type": "keyword"},
                "kind": {"type": "keyword"},
                "doc_id": {"type": "keyword"},
                "page": {"type": "integer"},
                "exact": tokens,
                "folded": tokens,
                "identifiers": {"type": "text", "analyzer": TOKENS_ANALYZER, "index_options": "docs", "norms": False},
                "batch": {"type": "keyword"},
                "source": {"type": "keyword", "index": False},
                "text": text,
                "metadata": {"type": "object", "enabled": False},
                "doc_type": {"type": "keyword"},
                "agency": {"type": "keyword"},
                "place": {"type": "keyword"},
                "dossier": {"type": "keyword"},
                "office": {"type": "keyword"},
                "issued": {"type": "integer"},
                "year": {"type": "integer"},
            },
        },
    }


def page_actions(documents: list[IndexedDocument], index: str) -> Iterator[dict[str, Any]]:
    """Bulk actions: every record of each document, keyed ``<doc id>:<page>`` (replacing, never doubling)."""
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


def record_keys(documents: list[IndexedDocument]) -> set[str]:
    """The ids ``page_actions`` gives these documents' records, without analysing any text."""
    keys = {f"{d.id}:0" for d in documents}
    keys.update(f"{d.id}:{p.number}" for d in documents if d.kind != "dossier" for p in d.pages)
    return keys


class _Prefetched:
    """Bulk actions for one target, analysed by a background thread while the previous chunk is on the
    wire (sohoa's analysis is the slow half of indexing; the GIL is free while we wait for the node).
    Kept after the first pass, so a second target (the building alias) costs no second analysis."""

    def __init__(self, documents: list[IndexedDocument]) -> None:
        self._documents = documents
        self._done: list[dict[str, Any]] | None = None

    def actions(self, target: str) -> Iterator[dict[str, Any]]:
        for action in self._done if self._done is not None else self._first_pass():
            yield {**action, "_index": target}

    def _first_pass(self) -> Iterator[dict[str, Any]]:
        import queue
        import threading

        ready: queue.Queue[Any] = queue.Queue(maxsize=2000)
        abandoned = threading.Event()  # the bulk stopped early (the node went away): stop analysing
        end = object()

        def hand_over(item: Any) -> bool:
            while not abandoned.is_set():
                try:
                    ready.put(item, timeout=0.2)
                    return True
                except queue.Full:
                    continue
            return False

        def produce() -> None:
            try:
                for action in page_actions(self._documents, ""):
                    if not hand_over(action):
                        return
                hand_over(end)
            except BaseException as exc:  # handed to the consumer, raised there
                hand_over(exc)

        threading.Thread(target=produce, name="sohoa-analyse", daemon=True).start()
        done = []
        try:
            while (item := ready.get()) is not end:
                if isinstance(item, BaseException):
                    raise item
                done.append(item)
                yield item
        finally:
            abandoned.set()
        self._done = done


def _clause(clause: Clause, fuzzy: bool) -> dict[str, Any]:
    """One clause, as ``tantivy_backend._clause`` builds it: folded words (or phrase), the words side by
    side boosted, exact spelling boosted, the identifier boosted; OCR-tolerant words when ``fuzzy``."""
    analyzed = clause.analyzed
    phrase = clause.phrase and len(analyzed.folded_terms) > 1

    def words(field: str, terms: list[str], boost: float = 1.0) -> dict[str, Any]:
        if phrase:
            return {"match_phrase": {field: {"query": " ".join(terms), "boost": boost}}}
        if fuzzy and field == "folded" and any(fuzzy_term(t) for t in terms):
            must = [{"fuzzy": {field: {"value": t, "fuzziness": 1, "transpositions": True, "max_expansions": 100}}}
                    if fuzzy_term(t) else {"term": {field: t}} for t in terms]  # fmt: skip
            return {"bool": {"must": must, "boost": boost}}
        return {"match": {field: {"query": " ".join(terms), "operator": "and", "boost": boost}}}

    should = [words("folded", analyzed.folded_terms)]
    if not clause.phrase and len(analyzed.folded_terms) > 1:
        should.append({"match_phrase": {"folded": {"query": " ".join(analyzed.folded_terms), "boost": BOOST_PHRASE}}})
    if analyzed.search_exact:
        should.append(words("exact", analyzed.exact_terms, BOOST_EXACT))
    if analyzed.identifier:
        should.append({"term": {"identifiers": {"value": analyzed.identifier, "boost": BOOST_IDENTIFIER}}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def search_body(request: SearchRequest, parsed: ParsedQuery, fuzzy: bool, extra: int = TIE_WINDOW) -> dict[str, Any]:
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
    if request.offices is not None:  # an office's user: its records and those shared with it, nothing else
        filters.append({"terms": {"office": sorted(request.offices)}})
    if request.date_from or request.date_to:
        bounds: dict[str, int] = {"gte": int(request.date_from.strftime("%Y%m%d")) if request.date_from else 1}
        if request.date_to:
            bounds["lte"] = int(request.date_to.strftime("%Y%m%d"))
        filters.append({"range": {"issued": bounds}})
    if filters:
        query["filter"] = filters
    offset, limit = fetch_window(request, extra)
    body: dict[str, Any] = {
        "query": {"bool": query},
        "from": offset,
        "size": limit,
        "track_total_hits": True,
        "_source": ["doc_id", "page", "source", "text", "metadata"],
        "aggs": {name: {"terms": {"field": name, "size": 20}} for name in FACET_FIELDS},
    }
    if request.sort == "date":
        body["sort"] = [{"issued": {"order": "desc"}}, "_score"]
    return body


_GENERATION = re.compile(r"-v(\d+)-(\d{6})$")


def _mapping_version(index: str) -> int | None:
    match = _GENERATION.search(index)
    return int(match[1]) if match else None


def _translated(exc: Exception) -> SearchIndexError:
    """The client's exception as one of our stable classes, with a message an admin can act on."""
    from elasticsearch import ApiError, ConnectionError, ConnectionTimeout

    if isinstance(exc, SearchIndexError):
        return exc
    if isinstance(exc, ConnectionTimeout):
        return IndexTimeoutError(f"Máy chủ tìm kiếm không trả lời kịp: {exc}")
    if isinstance(exc, ConnectionError):
        return IndexUnavailableError(f"Không kết nối được máy chủ tìm kiếm: {exc}")
    if isinstance(exc, ApiError):
        status = exc.meta.status if exc.meta else 0
        error = exc.body.get("error") if isinstance(exc.body, dict) else None
        reason = f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else str(exc.message)
        if status in (401, 403):
            return IndexUnavailableError(f"Máy chủ tìm kiếm từ chối quyền truy cập (HTTP {status}): {reason}")
        if status in (408, 429, 503, 504):
            return IndexTimeoutError(f"Máy chủ tìm kiếm đang quá tải (HTTP {status}): {reason}")
        return IndexRejectedError(f"Máy chủ tìm kiếm từ chối yêu cầu (HTTP {status}): {reason}")
    return SearchIndexError(f"{type(exc).__name__}: {exc}")


@contextmanager
def _translating() -> Iterator[None]:
    from elasticsearch import ApiError, TransportError

    try:
        yield
    except (ApiError, TransportError) as exc:
        raise _translated(exc) from exc


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str = "sohoa", shards: int = 1, replicas: int = 1,
                 timeout_s: float = 30.0, **client_options: Any) -> None:  # fmt: skip
        """Creates the client only: no request is sent until the first search or write."""
        from elasticsearch import Elasticsearch
        from elasticsearch.serializer import OrjsonSerializer

        options = {k: v for k, v in client_options.items() if v is not None}
        self.client = Elasticsearch(url, request_timeout=timeout_s, retry_on_timeout=True, max_retries=2,
                                    serializer=OrjsonSerializer(), **options)  # fmt: skip
        self.alias = f"{prefix}-pages"
        self.building_alias = f"{prefix}-pages-building"
        self.shards = shards
        self.replicas = replicas
        self._icu: bool | None = None

    # Reading -----------------------------------------------------------------------------------
    def _aliases(self) -> dict[str, str]:
        """Our two aliases -> the concrete index each names (absent when it does not exist)."""
        with _translating():
            found = self.client.indices.get_alias(name=f"{self.alias}*", ignore_unavailable=True).body
        return {alias: index for index, data in found.items() for alias in data.get("aliases", {})
                if alias in (self.alias, self.building_alias)}  # fmt: skip

    def _counts(self, target: str) -> IndexCounts:
        from elasticsearch import NotFoundError

        body: dict[str, Any] = {"size": 0, "track_total_hits": False,
                                "aggs": {"kinds": {"terms": {"field": "kind", "size": 10}}}}  # fmt: skip
        try:
            with _translating():
                response = self.client.search(index=target, **body)
        except IndexRejectedError as exc:
            if isinstance(exc.__cause__, NotFoundError):
                return IndexCounts()
            raise
        kinds = {b["key"]: int(b["doc_count"]) for b in response["aggregations"]["kinds"]["buckets"]}
        return IndexCounts(pages=kinds.get("page", 0), documents=kinds.get("document", 0), dossiers=kinds.get("dossier", 0))

    def counts(self) -> IndexCounts:
        return self._counts(self.alias)

    def size_bytes(self) -> int:
        from elasticsearch import NotFoundError

        try:  # the segments as searches see them (the store statistics lag by up to 10 s)
            with _translating():
                listed = self.client.cat.segments(index=self.alias, format="json", bytes="b").body
        except IndexRejectedError as exc:
            if isinstance(exc.__cause__, NotFoundError):
                return 0
            raise
        segments = cast("list[dict[str, Any]]", listed)  # format=json: rows, not the text table
        return sum(int(row["size"]) for row in segments if row.get("prirep") == "p")

    def count(self) -> int:
        """Pages in the index (document and dossier records aside)."""
        return self.counts().pages

    def state(self) -> IndexState:
        aliases = self._aliases()
        active = aliases.get(self.alias)
        return IndexState(
            backend=self.name, active=active, current=active is None or _mapping_version(active) == MAPPING_VERSION,
            building=aliases.get(self.building_alias), counts=self._counts(self.alias) if active else IndexCounts(),
        )  # fmt: skip

    def search(self, request: SearchRequest | str, limit: int = 10, offset: int = 0) -> SearchResults:
        from elasticsearch import NotFoundError

        if isinstance(request, str):
            request = SearchRequest(request, limit=limit, offset=offset)
        parsed = parse_query(request.text)
        if parsed.empty:
            return SearchResults(0, [])
        fuzzy = request.fuzzy
        try:
            with _translating():
                response = self.client.search(index=self.alias, **search_body(request, parsed, fuzzy))
                if not response["hits"]["total"]["value"] and not fuzzy:
                    fuzzy = True
                    response = self.client.search(index=self.alias, **search_body(request, parsed, fuzzy))
                extra = TIE_WINDOW
                while wider := wider_window([h["_score"] or 0.0 for h in response["hits"]["hits"]], request, extra):
                    extra = wider
                    response = self.client.search(index=self.alias, **search_body(request, parsed, fuzzy, extra))
        except IndexRejectedError as exc:
            if isinstance(exc.__cause__, NotFoundError):  # nothing indexed yet
                return SearchResults(0, [])
            raise
        terms = parsed.snippet_terms()
        chosen = page_of([(float(hit.get("_score") or 0.0), hit["_id"], hit) for hit in response["hits"]["hits"]], request)
        hits = [
            SearchHit(
                id=hit["_source"]["doc_id"], source=hit["_source"]["source"], page=int(hit["_source"]["page"]),
                score=float(hit.get("_score") or 0.0), snippet=hit_snippet(hit["_source"]["text"], hit["_source"].get("metadata") or {}, terms),
                metadata=hit["_source"].get("metadata") or {},
            )  # fmt: skip
            for hit in chosen
        ]
        total = int(response["hits"]["total"]["value"])
        facets = {
            name: {str(b["key"]): int(b["doc_count"]) for b in response.get("aggregations", {}).get(name, {}).get("buckets", [])
                   if b["key"] not in ("", 0)}  # fmt: skip
            for name in FACET_FIELDS
        } if total else {}  # fmt: skip
        return SearchResults(total, hits, facets, fuzzy and bool(total))

    # Writing -----------------------------------------------------------------------------------
    def _has_icu(self) -> bool:
        if self._icu is None:
            try:
                plugins: Any = self.client.cat.plugins(format="json").body
                self._icu = any(p.get("component") == "analysis-icu" for p in plugins)
            except Exception:  # a restricted API key may not read plugins: do without
                self._icu = False
        return self._icu

    def _generations(self) -> list[str]:
        with _translating():
            found = self.client.indices.get(index=f"{self.alias}-v*", ignore_unavailable=True, allow_no_indices=True)
        return sorted(name for name in found.body if _GENERATION.search(name))

    def _create(self, index: str, replicas: int, extra_settings: dict[str, Any] | None = None,
                meta: dict[str, Any] | None = None) -> bool:  # fmt: skip
        """Create a generation; False when it already exists (another process was first)."""
        from elasticsearch import BadRequestError

        body = index_body(icu=self._has_icu(), shards=self.shards, replicas=replicas)
        body["settings"].update(extra_settings or {})
        if meta:
            body["mappings"]["_meta"] = meta
        try:
            with _translating():
                self.client.indices.create(index=index, **body)
        except IndexRejectedError as exc:
            cause = exc.__cause__
            if isinstance(cause, BadRequestError) and cause.error == "resource_already_exists_exception":
                return False
            raise
        return True

    def _ensure_alias(self) -> dict[str, str]:
        """The aliases, after creating the first generation if this archive has none. Every process
        creates the same first name, so concurrent first writes meet on one index."""
        aliases = self._aliases()
        if self.alias not in aliases:
            first = f"{self.alias}-v{MAPPING_VERSION}-000001"
            self._create(first, self.replicas)
            with _translating():
                self.client.indices.update_aliases(actions=[{"add": {"index": first, "alias": self.alias}}])
            aliases = self._aliases()
        return aliases

    def _existing_keys(self, target: str, document_ids: list[str]) -> set[str]:
        """Record ids these documents have in ``target`` now (paged by key: a PDF may have 2,000 pages)."""
        keys: set[str] = set()
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {"query": {"terms": {"doc_id": document_ids}}, "_source": False, "size": 5000,
                                    "sort": [{"key": "asc"}], "track_total_hits": False}  # fmt: skip
            if after:
                body["search_after"] = after
            with _translating():
                hits = self.client.search(index=target, **body)["hits"]["hits"]
            keys.update(hit["_id"] for hit in hits)
            if len(hits) < 5000:
                return keys
            after = hits[-1]["sort"]

    def _bulk(self, target: str, documents: list[IndexedDocument], remove_stale: bool, require_alias: bool = False,
              prepared: _Prefetched | None = None) -> dict[str, SearchIndexError]:  # fmt: skip
        """Write these documents' records into ``target``; returns the documents it refused."""
        from itertools import chain

        from elasticsearch import helpers

        stale: set[str] = set()
        if remove_stale:
            stale = self._existing_keys(target, [d.id for d in documents]) - record_keys(documents)
        deletes = [{"_op_type": "delete", "_index": target, "_id": key} for key in sorted(stale)]
        actions = chain((prepared or _Prefetched(documents)).actions(target), deletes)
        refused: dict[str, SearchIndexError] = {}
        with _translating():
            for ok, item in helpers.streaming_bulk(
                self.client, actions, chunk_size=500, max_retries=3, initial_backoff=1, max_backoff=10,
                raise_on_error=False, raise_on_exception=True, require_alias=require_alias,
            ):  # fmt: skip
                if ok:
                    continue
                operation, result = next(iter(item.items()))
                if operation == "delete" and result.get("status") == 404:
                    continue  # already gone
                document_id = str(result.get("_id", "")).rsplit(":", 1)[0]
                error: Any = result.get("error") or {}
                reason = error.get("reason") if isinstance(error, dict) else str(error)
                status = int(result.get("status") or 0)
                kind = IndexTimeoutError if status in (429, 503) else IndexRejectedError
                refused.setdefault(document_id, kind(f"Elasticsearch từ chối bản ghi {result.get('_id')} (HTTP {status}): {reason}"))
        return refused

    def index_documents(self, documents: list[IndexedDocument]) -> IndexWriteReport:
        if not documents:
            return IndexWriteReport()
        before = self._ensure_alias()
        active = before[self.alias]
        if _mapping_version(active) != MAPPING_VERSION:
            raise IndexOutdatedError(
                f"Chỉ mục {active} được tạo bởi phiên bản cũ của sohoa; cần dựng lại (sohoa reindex) trước khi ghi."
            )
        prepared = _Prefetched(documents)
        refused = self._write_through(before, documents, prepared)
        after = self._aliases()
        if after != before:  # a rebuild began or was published meanwhile: write where searches will read
            refused = self._write_through(after, documents, prepared)
        return IndexWriteReport(refused)

    def _write_through(self, aliases: dict[str, str], documents: list[IndexedDocument],
                       prepared: _Prefetched) -> dict[str, SearchIndexError]:  # fmt: skip
        refused = self._bulk(self.alias, documents, remove_stale=True, require_alias=True, prepared=prepared)
        if self.building_alias in aliases:
            building = self._bulk(self.building_alias, documents, remove_stale=True, require_alias=True,
                                  prepared=prepared)  # fmt: skip
            if self.building_alias in self._aliases():  # still building: its refusals count too
                for document_id, error in building.items():
                    refused.setdefault(document_id, error)
        with _translating():
            self.client.indices.refresh(index=self.alias)
        return refused

    def delete_documents(self, document_ids: list[str]) -> None:
        aliases = self._aliases()
        for target in (a for a in (self.alias, self.building_alias) if a in aliases):
            self._delete(target, document_ids)

    def _delete(self, target: str, document_ids: list[str]) -> None:
        """Every record of these documents out of ``target``, by id (no delete-by-query on every node)."""
        from elasticsearch import helpers

        with _translating():
            self.client.indices.refresh(index=target)
        keys = self._existing_keys(target, document_ids)
        actions = [{"_op_type": "delete", "_index": target, "_id": key} for key in sorted(keys)]
        with _translating():
            helpers.bulk(self.client, actions, raise_on_error=False)
            self.client.indices.refresh(index=target)

    def start_rebuild(self, started_at: str) -> ElasticsearchRebuild:
        """A new generation behind the building alias, or the interrupted one resumed."""
        aliases = self._aliases()
        building = aliases.get(self.building_alias)
        if building is not None and _mapping_version(building) == MAPPING_VERSION:
            with _translating():
                mapping = self.client.indices.get_mapping(index=building).body[building]["mappings"]
            progress = mapping.get("_meta", {}).get("sohoa_build", {})
            return ElasticsearchRebuild(self, building, str(progress.get("started_at") or started_at),
                                        progress.get("resume_after"))  # fmt: skip
        if building is not None:  # filled by an older sohoa: start over
            with _translating():
                self.client.indices.delete(index=building, ignore_unavailable=True)
        numbers = [int(_GENERATION.search(name)[2]) for name in self._generations()]  # type: ignore[index]
        name = f"{self.alias}-v{MAPPING_VERSION}-{max(numbers, default=0) + 1:06d}"
        meta = {"sohoa_build": {"started_at": started_at, "resume_after": None}}
        # No replica and no periodic refresh while filling: publish() restores both.
        if not self._create(name, replicas=0, extra_settings={"refresh_interval": "-1"}, meta=meta):
            raise RebuildInProgressError(f"Một tiến trình khác vừa bắt đầu dựng lại chỉ mục ({name}).")
        with _translating():
            self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.building_alias}}])
        return ElasticsearchRebuild(self, name, started_at, None)

    def close(self) -> None:
        self.client.close()


class ElasticsearchRebuild:
    """A generation being filled from the catalog while the alias keeps serving the previous one."""

    def __init__(self, backend: ElasticsearchBackend, generation: str, started_at: str, resume_after: str | None) -> None:
        self.backend = backend
        self.generation = generation
        self.started_at = started_at
        self.resume_after = resume_after
        self._client = backend.client

    def __enter__(self) -> ElasticsearchRebuild:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def add(self, documents: list[IndexedDocument], progress: str | None = None) -> None:
        if progress is None:  # catch-up: these documents may already be here with other pages
            with _translating():
                self._client.indices.refresh(index=self.generation)
        refused = self.backend._bulk(self.generation, documents, remove_stale=progress is None)
        if refused:
            raise next(iter(refused.values()))
        if progress is not None:
            self.resume_after = progress
            with _translating():
                self._client.indices.put_mapping(index=self.generation, meta={
                    "sohoa_build": {"started_at": self.started_at, "resume_after": progress}})  # fmt: skip

    def remove(self, document_ids: list[str]) -> None:
        self.backend._delete(self.generation, document_ids)

    def counts(self) -> IndexCounts:
        with _translating():
            self._client.indices.refresh(index=self.generation)
        return self.backend._counts(self.generation)

    def exclusive(self) -> Any:
        """Nothing to hold: while the building alias exists every writer writes here too."""
        return nullcontext()

    def publish(self) -> None:
        """One atomic alias update moves searches to the new generation; the one it replaced is kept
        until the next publish, older ones are deleted."""
        backend = self.backend
        with _translating():
            self._client.indices.put_settings(index=self.generation, settings={
                "number_of_replicas": backend.replicas, "refresh_interval": None})  # fmt: skip
            self._client.indices.refresh(index=self.generation)
            replaced = backend._aliases().get(backend.alias)
            actions: list[dict[str, Any]] = [{"remove": {"index": replaced, "alias": backend.alias}}] if replaced else []
            actions += [
                {"add": {"index": self.generation, "alias": backend.alias}},
                {"remove": {"index": self.generation, "alias": backend.building_alias}},
            ]
            self._client.indices.update_aliases(actions=actions)
            for old in backend._generations():
                if old not in (self.generation, replaced):
                    self._client.indices.delete(index=old, ignore_unavailable=True)

