"""The embedded default backend: a Tantivy index in ``$SOHOA_HOME/index``, no server.

Text arrives pre-analysed (``indexing.records.analyze_page``) and is split on whitespace here, so
matching is exactly what the shared analyser decided. One record per page.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import tantivy

from indexing.records import (
    AnalyzedQuery,
    IndexedDocument,
    SearchHit,
    SearchResults,
    analyze_page,
    analyze_query,
    snippet_for,
)

SCHEMA_VERSION = "1"
_WRITER_HEAP = 64 * 1024 * 1024

# Relative weights: exact diacritics above folded, an identifier hit above free text.
BOOST_EXACT = 2.0
BOOST_PHRASE = 1.5
BOOST_IDENTIFIER = 4.0


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    builder.add_integer_field("page", stored=True, indexed=True)
    builder.add_text_field("exact", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("folded", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("identifiers", stored=False, tokenizer_name="whitespace")
    builder.add_text_field("batch", stored=True, tokenizer_name="raw")
    builder.add_text_field("source", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("metadata", stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


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

    def index_documents(self, documents: list[IndexedDocument]) -> None:
        if not documents:
            return
        writer = self._index.writer(_WRITER_HEAP, 1)
        try:
            for document in documents:
                writer.delete_documents_by_term("doc_id", document.id)
                metadata_json = json.dumps(document.metadata, ensure_ascii=False)
                for page in document.pages:
                    # Document identifiers (number, CCCD) belong to its first page, not to every page.
                    analyzed = analyze_page(page.text, document.metadata if page.number == 1 else {})
                    writer.add_document(
                        tantivy.Document(
                            key=f"{document.id}:{page.number}",
                            doc_id=document.id,
                            page=page.number,
                            exact=analyzed.exact,
                            folded=analyzed.folded,
                            identifiers=analyzed.identifiers,
                            batch=document.batch,
                            source=document.source,
                            text=page.text,
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
        writer = self._index.writer(_WRITER_HEAP, 1)
        for document_id in document_ids:
            writer.delete_documents_by_term("doc_id", document_id)
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()

    def clear(self) -> None:
        writer = self._index.writer(_WRITER_HEAP, 1)
        writer.delete_all_documents()
        writer.commit()
        writer.wait_merging_threads()
        self._index.reload()

    def count(self) -> int:
        return int(self._index.searcher().num_docs)

    def _query(self, analyzed: AnalyzedQuery) -> tantivy.Query | None:
        schema = self._schema
        should: list[tuple[tantivy.Occur, tantivy.Query]] = []

        def all_terms(field: str, terms: list[str]) -> tantivy.Query:
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, tantivy.Query.term_query(schema, field, t)) for t in terms]
            )

        if analyzed.folded_terms:
            should.append((tantivy.Occur.Should, all_terms("folded", analyzed.folded_terms)))
            if len(analyzed.folded_terms) > 1:
                phrase = tantivy.Query.phrase_query(schema, "folded", analyzed.folded_terms)
                should.append((tantivy.Occur.Should, tantivy.Query.boost_query(phrase, BOOST_PHRASE)))
        if analyzed.search_exact and analyzed.exact_terms:
            exact = tantivy.Query.boost_query(all_terms("exact", analyzed.exact_terms), BOOST_EXACT)
            should.append((tantivy.Occur.Should, exact))
        if analyzed.identifier:
            term = tantivy.Query.term_query(schema, "identifiers", analyzed.identifier)
            should.append((tantivy.Occur.Should, tantivy.Query.boost_query(term, BOOST_IDENTIFIER)))
        if not should:
            return None
        return tantivy.Query.boolean_query(should)

    def search(self, query: str, limit: int = 10, offset: int = 0) -> SearchResults:
        analyzed = analyze_query(query)
        tantivy_query = self._query(analyzed)
        if tantivy_query is None:
            return SearchResults(0, [])
        searcher = self._index.searcher()
        result = searcher.search(tantivy_query, limit=limit, count=True, offset=offset)
        hits = []
        for score, address in result.hits:
            stored = searcher.doc(address)
            text = stored.get_first("text") or ""
            hits.append(
                SearchHit(
                    id=stored.get_first("doc_id"),
                    source=stored.get_first("source"),
                    page=int(stored.get_first("page")),
                    score=float(score),
                    snippet=snippet_for(text, analyzed),
                    metadata=json.loads(stored.get_first("metadata") or "{}"),
                )
            )
        return SearchResults(total=int(result.count or 0), hits=hits)

    def close(self) -> None:
        pass
