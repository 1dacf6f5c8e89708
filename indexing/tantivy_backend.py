"""The embedded default backend: Tantivy indexes under ``$SOHOA_HOME/index``, no server.

Text arrives pre-analysed (``indexing.records.analyze_page``) and is split on whitespace here, so
matching is exactly what the shared analyser decided. One record per page, document and dossier.

Layout, so that a rebuild never empties search and opening never writes::

    index/CURRENT               the generation searches read; replaced atomically (os.replace)
    index/BUILDING              JSON: the generation a rebuild is filling, when it began, how far it got
    index/generations/<name>/   one Tantivy index per generation, "s<schema>-<UTC time>"
    index/.lock                 flock: writers share it; a rebuild holds it alone for its last catch-up and swap
    index/.build.lock           flock: one rebuild at a time

An index written by sohoa before generations (``meta.json`` and ``SOHOA_SCHEMA`` in ``index/``)
keeps serving as the generation "legacy" until the first rebuild replaces it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

import tantivy

from indexing.errors import IndexOutdatedError, RebuildInProgressError, SearchIndexError
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

SCHEMA_VERSION = "4"  # 4: office; 3: document and dossier records; 2: filter, facet and sort fields
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
    for name in ("doc_type", "agency", "place", "dossier", "office"):
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
        "office": document.office,
        "issued": number,
        "year": number // 10000,
    }


LEGACY = "legacy"
COPY_MARKER = ".sohoa-copy"  # in a local copy of a read-only generation: which one, and its meta.json
_LAYOUT_FILES = {"CURRENT", "BUILDING", ".lock", ".build.lock"}


@dataclass(frozen=True, slots=True)
class _Generation:
    """One opened Tantivy index and what sohoa knows of it."""

    name: str
    path: Path
    index: tantivy.Index
    current: bool  # built with this code's SCHEMA_VERSION


def _schema_of(name: str, path: Path) -> str:
    if name == LEGACY:
        marker = path / "SOHOA_SCHEMA"
        return marker.read_text().strip() if marker.exists() else ""
    return name.split("-", 1)[0].removeprefix("s")


def _write_atomically(path: Path, text: str) -> None:
    """Readers see the old content or the new, never a part: write beside, fsync, rename."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    with partial.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _writer(index: tantivy.Index, patience_s: float = 30.0) -> tantivy.IndexWriter:
    """The index's one writer. Another process (the web app, a batch it runs) may hold it for a
    moment: wait for it rather than fail, up to ``patience_s``."""
    deadline = time.monotonic() + patience_s
    delay = 0.05
    while True:
        try:
            return index.writer(_WRITER_HEAP, 1)
        except ValueError as exc:
            if "LockBusy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(1.0, delay * 2)


def _write(writer: tantivy.IndexWriter, documents: list[IndexedDocument]) -> None:
    """Replace every record of these documents (deleted by id, then added) and commit."""
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


def _hits(result: tantivy.SearchResult) -> int:
    """How many documents matched (tantivy-py's type stub lacks ``count``)."""
    return int(result.count or 0)  # type: ignore[attr-defined]


def _phrase(schema: tantivy.Schema, field: str, terms: list[str]) -> tantivy.Query:
    return tantivy.Query.phrase_query(schema, field, cast(list[str | tuple[int, str]], terms))


def _counts(index: tantivy.Index) -> IndexCounts:
    """Exact counts as of now: reloaded first (searches see another process's commits within ~0.5 s)."""
    index.reload()
    searcher = index.searcher()
    schema = index.schema

    def count(kind: str) -> int:
        query = tantivy.Query.term_query(schema, "kind", kind)
        return _hits(searcher.search(query, limit=1, count=True))

    return IndexCounts(pages=count("page"), documents=count("document"), dossiers=count("dossier"))


class TantivyBackend:
    name = "tantivy"

    def __init__(self, directory: Path, read_only_copies: Path | None = None) -> None:
        """``read_only_copies``: where a generation this process cannot write is copied before it is opened
        (Tantivy takes a lock file beside what it reads); without it, such an index cannot be opened."""
        self.directory = directory
        self._copies = read_only_copies
        self._schema = _schema()
        self._opened: tuple[object, _Generation] | None = None  # (what CURRENT looked like, its index)
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()  # one writer per process; other processes wait on Tantivy's lock

    # Reading: never creates, migrates or deletes anything --------------------------------------
    def _stamp(self) -> object:
        """What CURRENT looks like (one stat): a new stamp means another generation may serve."""
        try:
            stat = (self.directory / "CURRENT").stat()
            return (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            return LEGACY if (self.directory / "meta.json").exists() else None

    def _pointer(self) -> tuple[object, str | None]:
        """(the stamp of CURRENT, the generation it names)."""
        stamp = self._stamp()
        if stamp is None or stamp == LEGACY:
            return stamp, stamp  # type: ignore[return-value]
        try:
            return stamp, (self.directory / "CURRENT").read_text().strip() or None
        except FileNotFoundError:  # replaced between the stat and the read: look again
            return self._pointer()

    def _generation_path(self, name: str) -> Path:
        return self.directory if name == LEGACY else self.directory / "generations" / name

    def _open_generation(self, name: str) -> _Generation:
        path = self._generation_path(name)
        opened = path if os.access(path, os.W_OK) or self._copies is None else self._local_copy(name, path)
        try:
            index = tantivy.Index.open(str(opened))
        except ValueError as exc:  # "Failed to acquire Lockfile", a missing or damaged meta.json
            raise SearchIndexError(f"Không mở được chỉ mục tìm kiếm {path}: {exc}") from exc
        return _Generation(name, path, index, _schema_of(name, path) == SCHEMA_VERSION)

    def _local_copy(self, name: str, path: Path) -> Path:
        """A copy of a generation on read-only media, made once per machine and kept while the
        generation stays the same; copies of generations no longer served are removed."""
        assert self._copies is not None
        base = self._copies / hashlib.sha256(str(self.directory.resolve()).encode()).hexdigest()[:16]
        meta = (path / "meta.json").stat()
        stamp = f"{name} {meta.st_size} {meta.st_mtime_ns}"
        target = base / name
        try:
            if (target / COPY_MARKER).read_text() == stamp:
                return target
        except OSError:
            pass
        try:
            base.mkdir(parents=True, exist_ok=True)
            partial = base / f".{name}.{os.getpid()}"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            for item in path.iterdir():  # files only: "legacy" lives beside generations/ and CURRENT
                if item.is_file() and not item.name.startswith("."):
                    shutil.copy2(item, partial / item.name)
            (partial / COPY_MARKER).write_text(stamp)
            for old in base.iterdir():
                if old.name == name or not old.name.startswith("."):
                    shutil.rmtree(old, ignore_errors=True)
            try:
                os.replace(partial, target)
            except OSError:  # another process put the same copy there first
                shutil.rmtree(partial, ignore_errors=True)
                if (target / COPY_MARKER).read_text() != stamp:
                    raise
        except OSError as exc:
            raise SearchIndexError(
                f"Chỉ mục tìm kiếm {path} chỉ đọc được và không sao chép được vào {base} ({exc})."
            ) from exc
        return target

    def _active(self) -> _Generation | None:
        """The generation searches read, opened once and kept until CURRENT names another."""
        opened = self._opened
        if opened is not None and opened[0] == self._stamp():
            return opened[1]
        stamp, name = self._pointer()
        if name is None:
            return None
        with self._open_lock:
            if self._opened is not None and self._opened[0] == stamp:
                return self._opened[1]
            generation = self._open_generation(name)
            self._opened = (stamp, generation)
            return generation

    def counts(self) -> IndexCounts:
        generation = self._active()
        return _counts(generation.index) if generation else IndexCounts()

    def size_bytes(self) -> int:
        generation = self._active()
        if generation is None:
            return 0
        return sum(f.stat().st_size for f in generation.path.rglob("*") if f.is_file())

    def count(self) -> int:
        """Pages in the index (document and dossier records aside)."""
        return self.counts().pages

    def state(self) -> IndexState:
        generation = self._active()
        building = self._building()
        return IndexState(
            backend=self.name, active=generation.name if generation else None,
            current=generation.current if generation else True,
            building=building["generation"] if building else None,
            counts=_counts(generation.index) if generation else IndexCounts(),
        )  # fmt: skip

    def _building(self) -> dict[str, Any] | None:
        try:
            return dict(json.loads((self.directory / "BUILDING").read_text()))
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    # Writing -----------------------------------------------------------------------------------
    @contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with (self.directory / ".lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _writable(self) -> _Generation:
        """The generation writes go to; the first write of an archive creates it."""
        generation = self._active()
        if generation is None:
            with self._locked(exclusive=True):
                if self._pointer()[1] is None:  # nobody created it while we waited
                    name = _new_generation_name()
                    path = self._generation_path(name)
                    path.mkdir(parents=True)
                    tantivy.Index(self._schema, path=str(path), reuse=False)
                    _write_atomically(self.directory / "CURRENT", name)
            generation = self._active()
        assert generation is not None
        if not generation.current:
            raise IndexOutdatedError(
                f"Chỉ mục tìm kiếm ({generation.name}) được tạo bởi phiên bản cũ của sohoa; "
                "cần dựng lại (sohoa reindex) trước khi ghi."
            )
        return generation

    @contextmanager
    def _writing(self) -> Iterator[_Generation]:
        """The active generation, with this process's writer lock and a share of the swap lock:
        a rebuild cannot swap generations in the middle of this write."""
        with self._write_lock:
            self._writable()
            with self._locked(exclusive=False):
                generation = self._writable()  # CURRENT may have moved while we waited
                yield generation

    def index_documents(self, documents: list[IndexedDocument]) -> IndexWriteReport:
        if not documents:
            return IndexWriteReport()
        with self._writing() as generation:
            writer = _writer(generation.index)
            try:
                _write(writer, documents)
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
            generation.index.reload()
        return IndexWriteReport()

    def delete_documents(self, document_ids: list[str]) -> None:
        if not document_ids or self._active() is None:
            return
        with self._writing() as generation:
            writer = _writer(generation.index)
            for document_id in document_ids:
                writer.delete_documents_by_term("doc_id", document_id)
            writer.commit()
            writer.wait_merging_threads()
            generation.index.reload()

    def start_rebuild(self, started_at: str) -> TantivyRebuild:
        """A new generation filled beside the active one, or the interrupted one resumed."""
        self.directory.mkdir(parents=True, exist_ok=True)
        build_lock = (self.directory / ".build.lock").open("a")
        try:
            fcntl.flock(build_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            build_lock.close()
            raise RebuildInProgressError("Một tiến trình khác đang dựng lại chỉ mục tìm kiếm; hãy chờ nó xong.") from None
        try:
            building = self._building()
            path = self._generation_path(building["generation"]) if building else None
            if building and path is not None and path.is_dir() and _schema_of(building["generation"], path) == SCHEMA_VERSION:
                name, started_at, resume_after = building["generation"], building["started_at"], building.get("resume_after")
                index = tantivy.Index.open(str(path))
            else:
                if path is not None:  # left by an older sohoa, or its folder is gone: start over
                    shutil.rmtree(path, ignore_errors=True)
                name, resume_after = _new_generation_name(), None
                path = self._generation_path(name)
                path.mkdir(parents=True)
                index = tantivy.Index(self._schema, path=str(path), reuse=False)
                _write_atomically(self.directory / "BUILDING", json.dumps(
                    {"generation": name, "started_at": started_at, "resume_after": None}))  # fmt: skip
            return TantivyRebuild(self, name, path, index, started_at, resume_after, build_lock)
        except BaseException:
            build_lock.close()
            raise

    def search(self, request: SearchRequest | str, limit: int = 10, offset: int = 0) -> SearchResults:
        if isinstance(request, str):
            request = SearchRequest(request, limit=limit, offset=offset)
        parsed = parse_query(request.text)
        if parsed.empty:
            return SearchResults(0, [])
        generation = self._active()
        if generation is None:  # nothing indexed yet
            return SearchResults(0, [])
        searcher = generation.index.searcher()
        schema = generation.index.schema
        fuzzy = request.fuzzy
        try:
            query = _query(schema, request, parsed, fuzzy)
            result = _run(searcher, query, request)
            if not _hits(result) and not fuzzy:  # nothing exact: OCR may have garbled the words
                fuzzy = True
                query = _query(schema, request, parsed, fuzzy)
                result = _run(searcher, query, request)
        except ValueError as exc:  # a field this code asks for is not in an older generation
            raise IndexOutdatedError("Chỉ mục tìm kiếm cần được dựng lại (sohoa reindex) trước khi tìm được.") from exc
        terms = parsed.snippet_terms()
        found = [(float(score), searcher.doc(address)) for score, address in result.hits]
        chosen = page_of([(score, str(stored.get_first("key")), (score, stored)) for score, stored in found], request)
        hits = [
            SearchHit(
                id=stored.get_first("doc_id"),
                source=stored.get_first("source"),
                page=int(stored.get_first("page")),
                score=score if request.sort == "relevance" else 0.0,
                snippet=hit_snippet(stored.get_first("text") or "", metadata, terms),
                metadata=metadata,
            )
            for score, stored in chosen
            for metadata in [json.loads(stored.get_first("metadata") or "{}")]
        ]
        facets = _facets(searcher, query) if _hits(result) else {}
        return SearchResults(total=_hits(result), hits=hits, facets=facets, fuzzy=fuzzy and bool(_hits(result)))

    def close(self) -> None:
        pass


def _new_generation_name() -> str:
    return f"s{SCHEMA_VERSION}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%fZ')}"


class TantivyRebuild:
    """A generation being filled beside the active one (``sohoa reindex``, a schema change).

    Holds the new generation's writer and the build lock until closed; ``BUILDING`` records how
    far the main pass got after each commit, so a killed rebuild resumes there.
    """

    def __init__(self, backend: TantivyBackend, generation: str, path: Path, index: tantivy.Index,
                 started_at: str, resume_after: str | None, build_lock: IO[str]) -> None:  # fmt: skip
        self.backend = backend
        self.generation = generation
        self.path = path
        self.started_at = started_at
        self.resume_after = resume_after
        self._index = index
        self._build_lock = build_lock
        self._writer: tantivy.IndexWriter | None = _writer(index, patience_s=5.0)

    def __enter__(self) -> TantivyRebuild:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add(self, documents: list[IndexedDocument], progress: str | None = None) -> None:
        if self._writer is None:
            raise SearchIndexError("Lần dựng lại chỉ mục này đã kết thúc.")
        if documents:
            _write(self._writer, documents)
        if progress is not None:
            self.resume_after = progress
            _write_atomically(self.backend.directory / "BUILDING", json.dumps(
                {"generation": self.generation, "started_at": self.started_at, "resume_after": progress}))  # fmt: skip

    def remove(self, document_ids: list[str]) -> None:
        if self._writer is None:
            raise SearchIndexError("Lần dựng lại chỉ mục này đã kết thúc.")
        for document_id in document_ids:
            self._writer.delete_documents_by_term("doc_id", document_id)
        self._writer.commit()

    def counts(self) -> IndexCounts:
        return _counts(self._index)

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self.backend._locked(exclusive=True):
            yield

    def publish(self) -> None:
        """Call inside ``exclusive()``. CURRENT names the new generation (searches move at their next query); the generation it
        replaced stays on disk until the next publish, older ones go now."""
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None
        directory = self.backend.directory
        replaced = self.backend._pointer()[1]
        _write_atomically(directory / "CURRENT", self.generation)
        (directory / "BUILDING").unlink(missing_ok=True)
        keep = {self.generation, replaced}
        for old in (directory / "generations").iterdir():
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
        if replaced != LEGACY:  # a pre-generation index replaced by an earlier publish: its files go too
            for leftover in directory.iterdir():
                if leftover.is_file() and leftover.name not in _LAYOUT_FILES:
                    leftover.unlink()
        self.close()

    def close(self) -> None:
        """Release the writer and the build lock; the generation and BUILDING stay for a resume."""
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None
        if not self._build_lock.closed:
            self._build_lock.close()


def _clause(schema: tantivy.Schema, clause: Clause, fuzzy: bool) -> tantivy.Query:
    """One clause: its words (or phrase) folded, exact spelling boosted, identifiers boosted."""
    analyzed = clause.analyzed
    Occur, Query = tantivy.Occur, tantivy.Query

    def words(field: str, terms: list[str]) -> tantivy.Query:
        if clause.phrase and len(terms) > 1:
            return _phrase(schema, field, terms)
        return Query.boolean_query([(Occur.Must, word(field, t)) for t in terms])

    def word(field: str, term: str) -> tantivy.Query:
        if fuzzy and field == "folded" and fuzzy_term(term):
            return Query.fuzzy_term_query(schema, field, term, distance=1, transposition_cost_one=True)
        return Query.term_query(schema, field, term)

    should = [(Occur.Should, words("folded", analyzed.folded_terms))]
    if not clause.phrase and len(analyzed.folded_terms) > 1:
        phrase = _phrase(schema, "folded", analyzed.folded_terms)
        should.append((Occur.Should, Query.boost_query(phrase, BOOST_PHRASE)))
    if analyzed.search_exact:
        should.append((Occur.Should, Query.boost_query(words("exact", analyzed.exact_terms), BOOST_EXACT)))
    if analyzed.identifier:
        identifier = Query.term_query(schema, "identifiers", analyzed.identifier)
        should.append((Occur.Should, Query.boost_query(identifier, BOOST_IDENTIFIER)))
    return Query.boolean_query(should)

def _query(schema: tantivy.Schema, request: SearchRequest, parsed: ParsedQuery, fuzzy: bool) -> tantivy.Query:
    Occur, Query = tantivy.Occur, tantivy.Query
    alternatives: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for alternative in parsed.alternatives:
        required: list[tuple[tantivy.Occur, tantivy.Query]] = [(Occur.Must, _clause(schema, c, fuzzy)) for c in alternative]
        words = [t for c in alternative for t in c.analyzed.folded_terms]
        if len(words) > 1:
            # The words side by side (a name, a term) rank far above the same words scattered.
            adjacent = _phrase(schema, "folded", words)
            required.append((Occur.Should, Query.boost_query(adjacent, BOOST_PHRASE)))
            exact = [t for c in alternative for t in c.analyzed.exact_terms]
            if any(c.analyzed.search_exact for c in alternative):
                phrase = Query.boost_query(_phrase(schema, "exact", exact), BOOST_PHRASE * BOOST_EXACT)
                required.append((Occur.Should, phrase))
        alternatives.append((Occur.Should, Query.boolean_query(required)))
    whole = analyze_query(request.text)
    if whole.identifier and len(parsed.all_clauses()) > 1:
        # "15 / QĐ - UBND" typed with spaces: the whole query is one identifier too.
        identifier = Query.term_query(schema, "identifiers", whole.identifier)
        alternatives.append((Occur.Should, Query.boost_query(identifier, BOOST_IDENTIFIER)))
    parts: list[tuple[tantivy.Occur, tantivy.Query]] = [(Occur.Must, Query.boolean_query(alternatives))]
    for clause in parsed.excluded:
        parts.append((Occur.MustNot, _clause(schema, clause, False)))
    parts.append((Occur.Must, Query.term_query(schema, "kind", request.records)))
    for name in ("doc_type", "agency", "place", "batch", "dossier"):
        value = getattr(request, name)
        if value:
            parts.append((Occur.Must, Query.term_query(schema, name, value)))
    if request.offices is not None:  # an office's user: its records and those shared with it, nothing else
        offices = [(Occur.Should, Query.term_query(schema, "office", office)) for office in sorted(request.offices)]
        parts.append((Occur.Must, Query.boolean_query(offices) if offices else Query.empty_query()))
    if request.date_from or request.date_to:
        low = int(request.date_from.strftime("%Y%m%d")) if request.date_from else None
        high = int(request.date_to.strftime("%Y%m%d")) if request.date_to else None
        parts.append((Occur.Must, Query.range_query(schema, "issued", tantivy.FieldType.Integer, low or 1, high)))
    return Query.boolean_query(parts)


def _facets(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, dict[str, int]]:
    spec = {name: {"terms": {"field": name, "size": 20}} for name in ("doc_type", "agency", "year")}
    result = searcher.aggregate(query, spec)
    facets: dict[str, dict[str, int]] = {}
    for name in spec:
        buckets = result.get(name, {}).get("buckets", [])
        facets[name] = {str(b["key"]).removesuffix(".0"): int(b["doc_count"]) for b in buckets
                        if b["key"] not in ("", 0, 0.0)}  # fmt: skip
    return facets


def _run(searcher: tantivy.Searcher, query: tantivy.Query, request: SearchRequest) -> tantivy.SearchResult:
    if request.sort == "date":
        return searcher.search(query, limit=request.limit, count=True, offset=request.offset,
                               order_by_field="issued", order=tantivy.Order.Desc)  # fmt: skip
    extra = TIE_WINDOW
    while True:
        offset, limit = fetch_window(request, extra)
        result = searcher.search(query, limit=limit, count=True, offset=offset)
        wider = wider_window([score for score, _ in result.hits], request, extra)
        if wider is None:
            return result
        extra = wider
