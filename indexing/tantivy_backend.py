"""The embedded default backend: a Tantivy index in ``$SOHOA_HOME/index``, no server.

Text arrives pre-analysed (``indexing.records.analyze_page``) and is split on whitespace here, so
matching is exactly what the shared analyser decided. One record per page.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import tantivy

from indexing.query import Clause, ParsedQuery, SearchRequest, parse_query
from indexing.records import (
    IndexedDocument,
    SearchHit,
    SearchResults,
    analyze_query,
    index_records,
    snippet_for,
)

SCHEMA_VERSION = "3"  # 3: document and dossier records; 2: filter, facet and sort fields
_WRITER_HEAP = 64 * 1024 * 1024

# Relative weights: exact diacritics above folded, an identifier hit above free text.
BOOST_EXACT = 2.0
BOOST_PHRASE = 6.0  # syllables side by side: a name or a term, not scattered words
BOOST_IDENTIFIER = 4.0


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("kind", stored=False, tokenizer_name="raw")
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    builder.add_integer_field("page", stored=True, indexed=True)
    builder.add_text_field("exact", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("folded", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("identifiers", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("batch", stored=True, tokenizer_name="raw")
    builder.add_text_field("source", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", stored=True, tokenizer_name="raw", index_option="basic")
    # Filters, facets and sort (exact values, fast columns).
    for name in ("doc_type", "agency", "place", "dossier"):
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    builder.add_integer_field("issued", stored=False, indexed=True, fast=True)  # yyyymmdd, 0 when unknown
    builder.add_integer_field("year", stored=False, indexed=True, fast=True)
    builder.add_text_field("metadata", stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


def _filter_values(document: IndexedDocument) -> dict[str, object]:
    metadata = document.metadata
    issued = str(metadata.get("issued_date") or "")
    number = int(issued.replace("-", "")) if len(issued) == 10 else 0
    return {
        "doc_type": metadata.get("doc_type") or "",
        "agency": metadata.get("agency") or "",
        "place": metadata.get("place") or "",
        "dossier": metadata.get("dossier") or "",
        "issued": number,
        "year": number // 10000,
    }


class TantivyBackend:
    name = "tantivy"

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._schema = _schema()
        self._index = self._open()

    def _open(self) -> tantivy.Index:
        self.directory.mkdir(parents=True, exist_ok=True)
        marker = self.directory / "SOHOA_SCHEMA"
        if marker.exists() and marker.read_text().strip() != SCHEMA_VERSION:
            # Schema changed: the catalog is the system of record, so start empty; `sohoa reindex` refills.
            shutil.rmtree(self.directory)
            self.directory.mkdir(parents=True)
        index = tantivy.Index(self._schema, path=str(self.directory), reuse=True)
        marker.write_text(SCHEMA_VERSION)
        return index

    def _writer(self, patience_s: float = 30.0) -> tantivy.IndexWriter:
        """The index's one writer. Another process (the web app, a batch run by it) may hold it for
        a moment: wait for it rather than fail, up to ``patience_s``."""
        deadline = time.monotonic() + patience_s
        delay = 0.05
        while True:
            try:
                return self._index.writer(_WRITER_HEAP, 1)
            except ValueError as exc:
                if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(1.0, delay * 2)

    def index_documents(self, documents: list[IndexedDocument]) -> None:
        if not documents:
            return
        writer = self._writer()
        try:
            for document in documents:
                writer.delete_documents_by_term("doc_id", document.id)
                metadata_json = json.dumps(document.metadata, ensure_ascii=False)
                for record in index_records(document):
                    writer.add_document(
                        tantivy.Document(
                            **_filter_values(document),
                            key=record.key,
                            kind=record.kind,
                            doc_id=record.doc_id,
                            page=record.page,
                            exact=record.analyzed.exact,
                            folded=record.analyzed.folded,
                            identifiers=record.analyzed.identifiers,
                            batch=document.batch,
                            source=document.source,
                            text=record.text,
                            metadata=metadata_json,
                        )
                    )
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        self._index.reload()

    def delete_documents(self, document_ids: list[str]) -> None:
        writer = self._writer()
        for document_id in document_ids:
            writer.delete_documents_by_term("doc_id", document_id)
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()

    def clear(self) -> None:
        writer = self._writer()
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()

    def count(self) -> int:
        """Pages in the index (document and dossier records aside)."""
        query = tantivy.Query.term_query(self._schema, "kind", "page")
        return int(self._index.searcher().search(query, limit=1, count=True).count or 0)

    def _clause(self, clause: Clause, fuzzy: bool) -> tantivy.Query:
        """One clause: its words (or phrase) folded, exact spelling boosted, identifiers boosted."""
        schema, analyzed = self._schema, clause.analyzed
        Occur, Query = tantivy.Occur, tantivy.Query  # noqa: N806

        def words(field: str, terms: list[str]) -> tantivy.Query:
            if clause.phrase and len(terms) > 1:
                return Query.phrase_query(schema, field, terms)
            return Query.boolean_query([(Occur.Must, word(field, t)) for t in terms])

        def word(field: str, term: str) -> tantivy.Query:
            if fuzzy and field == "folded" and len(term) >= 4 and not term.isdigit():
                return Query.fuzzy_term_query(schema, field, term, distance=1, transposition_cost_one=True)
            return Query.term_query(schema, field, term)

        should = [(Occur.Should, words("folded", analyzed.folded_terms))]
        if not clause.phrase and len(analyzed.folded_terms) > 1:
            phrase = Query.phrase_query(schema, "folded", analyzed.folded_terms)
            should.append((Occur.Should, Query.boost_query(phrase, BOOST_PHRASE)))
        if analyzed.search_exact:
            should.append((Occur.Should, Query.boost_query(words("exact", analyzed.exact_terms), BOOST_EXACT)))
        if analyzed.identifier:
            identifier = Query.term_query(schema, "identifiers", analyzed.identifier)
            should.append((Occur.Should, Query.boost_query(identifier, BOOST_IDENTIFIER)))
        return Query.boolean_query(should)

    def _query(self, request: SearchRequest, parsed: ParsedQuery, fuzzy: bool) -> tantivy.Query:
        Occur, Query = tantivy.Occur, tantivy.Query  # noqa: N806
        schema = self._schema
        alternatives: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for alternative in parsed.alternatives:
            required: list[tuple[tantivy.Occur, tantivy.Query]] = [(Occur.Must, self._clause(c, fuzzy)) for c in alternative]
            words = [t for c in alternative for t in c.analyzed.folded_terms]
            if len(words) > 1:
                # The words side by side (a name, a term) rank far above the same words scattered.
                adjacent = Query.phrase_query(schema, "folded", words)
                required.append((Occur.Should, Query.boost_query(adjacent, BOOST_PHRASE)))
                exact = [t for c in alternative for t in c.analyzed.exact_terms]
                if any(c.analyzed.search_exact for c in alternative):
                    phrase = Query.boost_query(Query.phrase_query(schema, "exact", exact), BOOST_PHRASE * BOOST_EXACT)
                    required.append((Occur.Should, phrase))
            alternatives.append((Occur.Should, Query.boolean_query(required)))
        whole = analyze_query(request.text)
        if whole.identifier and len(parsed.all_clauses()) > 1:
            # "15 / QĐ - UBND" typed with spaces: the whole query is one identifier too.
            identifier = Query.term_query(schema, "identifiers", whole.identifier)
            alternatives.append((Occur.Should, Query.boost_query(identifier, BOOST_IDENTIFIER)))
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = [(Occur.Must, Query.boolean_query(alternatives))]
        for clause in parsed.excluded:
            parts.append((Occur.MustNot, self._clause(clause, False)))
        parts.append((Occur.Must, Query.term_query(schema, "kind", request.records)))
        for name in ("doc_type", "agency", "place", "batch", "dossier"):
            value = getattr(request, name)
            if value:
                parts.append((Occur.Must, Query.term_query(schema, name, value)))
        if request.date_from or request.date_to:
            low = int(request.date_from.strftime("%Y%m%d")) if request.date_from else None
            high = int(request.date_to.strftime("%Y%m%d")) if request.date_to else None
            parts.append((Occur.Must, Query.range_query(schema, "issued", tantivy.FieldType.Integer, low or 1, high)))
        return Query.boolean_query(parts)

    def _facets(self, searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, dict[str, int]]:
        spec = {name: {"terms": {"field": name, "size": 20}} for name in ("doc_type", "agency", "year")}
        result = searcher.aggregate(query, spec)
        facets: dict[str, dict[str, int]] = {}
        for name in spec:
            buckets = result.get(name, {}).get("buckets", [])
            facets[name] = {str(b["key"]).removesuffix(".0"): int(b["doc_count"]) for b in buckets
                            if b["key"] not in ("", 0, 0.0)}  # fmt: skip
        return facets

    def search(self, request: SearchRequest | str, limit: int = 10, offset: int = 0) -> SearchResults:
        if isinstance(request, str):
            request = SearchRequest(request, limit=limit, offset=offset)
        parsed = parse_query(request.text)
        if parsed.empty:
            return SearchResults(0, [])
        searcher = self._index.searcher()
        fuzzy = request.fuzzy
        query = self._query(request, parsed, fuzzy)
        result = self._run(searcher, query, request)
        if not result.count and not fuzzy:  # nothing exact: OCR may have garbled the words
            fuzzy = True
            query = self._query(request, parsed, fuzzy)
            result = self._run(searcher, query, request)
        terms = parsed.snippet_terms()
        hits = []
        for score, address in result.hits:
            stored = searcher.doc(address)
            text = stored.get_first("text") or ""
            hits.append(
                SearchHit(
                    id=stored.get_first("doc_id"),
                    source=stored.get_first("source"),
                    page=int(stored.get_first("page")),
                    score=float(score) if request.sort == "relevance" else 0.0,
                    snippet=snippet_for(text, terms),
                    metadata=json.loads(stored.get_first("metadata") or "{}"),
                )
            )
        facets = self._facets(searcher, query) if result.count else {}
        return SearchResults(total=int(result.count or 0), hits=hits, facets=facets, fuzzy=fuzzy and bool(result.count))

    def _run(self, searcher: tantivy.Searcher, query: tantivy.Query, request: SearchRequest) -> tantivy.SearchResult:
        if request.sort == "date":
            return searcher.search(query, limit=request.limit, count=True, offset=request.offset,
                                   order_by_field="issued", order=tantivy.Order.Desc)  # fmt: skip
        return searcher.search(query, limit=request.limit, count=True, offset=request.offset)

    def close(self) -> None:
        pass
