"""What passes between the catalog and a search backend, and what a search returns."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from indexing.errors import SearchIndexError
from indexing.vietnamese import fold, has_diacritics, identifier_key, normalize, tokens

if TYPE_CHECKING:
    from indexing.query import SearchRequest

# Identifier-looking runs in page text: số ký hiệu, dossier codes, long digit runs (CCCD, tax codes).
# Every alternative starts with a digit: the look-ahead lets the engine skip other positions (3.6x faster).
_IDENTIFIER_IN_TEXT = re.compile(
    r"(?=\d)(?:\d{1,6}\s?(?:/\s?\d{4})?\s?/\s?[A-Za-zĐđ][\wĐđ]*(?:\s?-\s?[\wĐđ]+)+"
    r"|\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}"
    r"|\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}"
    r"|\b\d{9,13}\b"
    r"|\b\d{2}[A-Z]\d[\dA-Z]{6,10}\b)"
)


@dataclass(frozen=True, slots=True)
class IndexedPage:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class IndexedDocument:
    id: str
    source: str
    batch: str
    metadata: dict[str, Any]
    pages: list[IndexedPage]
    kind: str = "document"  # or "dossier": one record of its own, no pages
    # Words the document is found by beyond its printed text: a clerk's corrections (a signer's name
    # misread by OCR). Matched on page 1, never shown as its text.
    also_found_by: str = ""
    # The office (đơn vị) it belongs to: searches of an office's users are filtered on it. A dossier
    # whose documents belong to several offices carries SHARED_DOSSIER: only unrestricted users find it.
    office: str = ""


SHARED_DOSSIER = "*"


@dataclass(frozen=True, slots=True)
class IndexRecord:
    """One unit of a search index: a page, a document (its metadata) or a dossier."""

    key: str
    kind: str  # page | document | dossier
    doc_id: str
    page: int  # 0 for document and dossier records
    text: str
    analyzed: AnalyzedPage


_SUMMARY_FIELDS = (
    "doc_type", "number", "issued_date", "agency", "parent_agency", "place", "subject", "signer_title",
    "signer", "people", "id_numbers", "dossier_code", "procedure", "code", "title", "applicant",
    "received_date", "due_date",
)  # fmt: skip


def summary_text(metadata: dict[str, Any]) -> str:
    """The searchable text of a document or dossier record: its metadata values, one per line."""
    lines: list[str] = []
    for name in _SUMMARY_FIELDS:
        value = metadata.get(name)
        if isinstance(value, list):
            lines.extend(str(v) for v in value)
        elif value:
            lines.append(str(value))
    return "\n".join(lines)


def index_records(document: IndexedDocument) -> list[IndexRecord]:
    """Records of a document: each page (document identifiers on its first page), then the document itself.
    A dossier is one record."""
    summary = summary_text(document.metadata)
    own = IndexRecord(f"{document.id}:0", document.kind, document.id, 0, summary,
                      analyze_page(summary, document.metadata))  # fmt: skip
    if document.kind == "dossier":
        return [own]
    # Its first page (page 1 of a file; of a part split out of a file, the page it starts on).
    first = min((page.number for page in document.pages), default=1)
    pages = [
        IndexRecord(f"{document.id}:{page.number}", "page", document.id, page.number, page.text,
                    analyze_page(f"{page.text}\n{document.also_found_by}" if page.number == first else page.text,
                                 document.metadata if page.number == first else {}))  # fmt: skip
        for page in document.pages
    ]
    return pages + [own]


@dataclass(frozen=True, slots=True)
class AnalyzedPage:
    """A page as every backend indexes it: the same strings, so both backends match alike."""

    exact: str
    folded: str
    identifiers: str


def analyze_page(text: str, metadata: dict[str, Any]) -> AnalyzedPage:
    normalized = normalize(text)
    page_tokens = tokens(normalized, normalized=True)
    keys = {identifier_key(m.group(0)) for m in _IDENTIFIER_IN_TEXT.finditer(normalized)}
    for name in ("number", "dossier_code", "code"):
        if metadata.get(name):
            keys.add(identifier_key(str(metadata[name])))
    for value in metadata.get("id_numbers") or []:
        keys.add(identifier_key(str(value)))
    keys.discard("")
    exact = " ".join(page_tokens)
    return AnalyzedPage(exact=exact, folded=fold(exact), identifiers=" ".join(sorted(keys)))  # fold is per letter


@dataclass(frozen=True, slots=True)
class AnalyzedQuery:
    exact_terms: list[str]
    folded_terms: list[str]
    identifier: str | None  # the whole query as an identifier key, when it looks like one
    search_exact: bool  # the query carries diacritics: exact matches rank first


def fuzzy_term(term: str) -> bool:
    """Whether OCR-tolerant matching may change this word by one letter: words of four letters or
    more; never numbers (a CCCD one digit off is another citizen's)."""
    return len(term) >= 4 and not term.isdigit()


def analyze_query(query: str) -> AnalyzedQuery:
    query = normalize(query).strip()
    exact_terms = tokens(query)
    identifier = None
    if any(ch.isdigit() for ch in query) and len(identifier_key(query)) >= 4:
        identifier = identifier_key(query)
    return AnalyzedQuery(
        exact_terms=exact_terms,
        folded_terms=[fold(t) for t in exact_terms],
        identifier=identifier,
        search_exact=has_diacritics(query),
    )


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    source: str
    page: int
    score: float
    snippet: str
    metadata: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.source, "page": self.page, "score": round(self.score, 4),
            "snippet": self.snippet, "metadata": self.metadata,
        }  # fmt: skip


# Hits beyond the page asked for, fetched so that equal scores can be ordered by record key: the
# same order on every backend and on every run (an engine breaks ties by its internal doc order).
TIE_WINDOW = 10
TIE_WINDOW_MAX = 5000  # a tie group longer than this is cut where the engine cuts it


def fetch_window(request: SearchRequest, extra: int = TIE_WINDOW) -> tuple[int, int]:
    """(offset, limit) to ask the engine for: from the top, ``extra`` past the page, by relevance."""
    if request.sort == "relevance":
        return 0, request.offset + request.limit + extra
    return request.offset, request.limit


def _rounded(score: float) -> float:
    return float(f"{score:.6g}")  # engines differ in the last float bits


def wider_window(scores: list[float], request: SearchRequest, extra: int) -> int | None:
    """A larger ``extra`` when the hits fetched end inside the group of equal scores that holds the
    page's last place (more of the group lies beyond); None when what was fetched is enough."""
    last = request.offset + request.limit - 1
    if request.sort != "relevance" or extra >= TIE_WINDOW_MAX or len(scores) < last + 1 + extra:
        return None
    return min(TIE_WINDOW_MAX, extra * 4) if _rounded(scores[-1]) == _rounded(scores[last]) else None


def page_of(scored: list[tuple[float, str, Any]], request: SearchRequest) -> list[Any]:
    """The requested page of ``(score, key, hit)`` triples fetched with ``fetch_window``: by score
    (to six significant digits), then by key."""
    if request.sort != "relevance":
        return [hit for _, _, hit in scored]
    ordered = sorted(scored, key=lambda item: (-_rounded(item[0]), item[1]))
    return [hit for _, _, hit in ordered[request.offset : request.offset + request.limit]]


@dataclass(frozen=True, slots=True)
class SearchResults:
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    # Counts per value over all matching pages: {"doc_type": {"Quyết định": 12, ...}, "year": {...}}
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    fuzzy: bool = False  # OCR-tolerant matching was used (asked for, or nothing matched exactly)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"total": self.total, "hits": [h.as_json() for h in self.hits]}
        if self.facets:
            out["facets"] = self.facets
        if self.fuzzy:
            out["fuzzy"] = True
        return out


@dataclass(frozen=True, slots=True)
class IndexCounts:
    """Records in an index, per kind: what ``sohoa status`` compares with the catalog."""

    pages: int = 0
    documents: int = 0
    dossiers: int = 0

    def as_json(self) -> dict[str, int]:
        return {"pages": self.pages, "documents": self.documents, "dossiers": self.dossiers}


@dataclass(frozen=True, slots=True)
class IndexState:
    """Which index answers searches, whether this code can write it, and any rebuild under way."""

    backend: str
    active: str | None  # generation (Tantivy) or concrete index (Elasticsearch); None: nothing indexed yet
    current: bool  # built with this code's schema; False: a rebuild must come before the next write
    building: str | None  # a rebuild under way, or interrupted and resumable
    counts: IndexCounts

    def as_json(self) -> dict[str, Any]:
        return {"backend": self.backend, "active": self.active, "current": self.current,
                "building": self.building, "counts": self.counts.as_json()}  # fmt: skip


@dataclass(frozen=True, slots=True)
class IndexWriteReport:
    """What one write left out: document id -> the error that refused it (the rest is searchable)."""

    refused: dict[str, SearchIndexError] = field(default_factory=dict)


class Rebuild(AbstractContextManager["Rebuild"], Protocol):
    """A new index filled from the catalog beside the one serving searches, published only when whole.

    ``resume_after`` is the last document id an interrupted run committed (documents are added in id
    order); ``started_at`` is when the first run began: what changed in the catalog since then is
    written again before publishing.
    """

    generation: str
    started_at: str
    resume_after: str | None

    def add(self, documents: list[IndexedDocument], progress: str | None = None) -> None:
        """Write these records, durable on return; ``progress``: the main pass got this far."""

    def remove(self, document_ids: list[str]) -> None:
        """Drop every record of these documents (they left the index's states meanwhile)."""

    def counts(self) -> IndexCounts: ...

    def exclusive(self) -> AbstractContextManager[None]:
        """Writers of this index wait inside this block: the last catch-up and the swap."""

    def publish(self) -> None:
        """Make the new index the one searches read, atomically; drop generations older than the last."""


class SearchBackend(Protocol):
    """Every backend: the embedded one and Elasticsearch. The catalog stays the system of record.

    One instance per process, shared by every thread (``indexing.backends.shared_backend``).
    Opening reads only: nothing is created, migrated or deleted until the first write.
    """

    name: str

    def index_documents(self, documents: list[IndexedDocument]) -> IndexWriteReport:
        """Add or replace all records of these documents, visible to searches on return.
        Raises a ``SearchIndexError`` when nothing could be written."""

    def delete_documents(self, document_ids: list[str]) -> None: ...

    def counts(self) -> IndexCounts:
        """Records in the index searches read."""

    def size_bytes(self) -> int:
        """Bytes the index searches read takes on disk (primaries only on Elasticsearch)."""

    def state(self) -> IndexState: ...

    def start_rebuild(self, started_at: str) -> Rebuild:
        """A new rebuild (its catch-up reads what changed since ``started_at``), or the interrupted one
        resumed with its own start. Raises ``RebuildInProgressError``."""

    def search(self, request: SearchRequest) -> SearchResults: ...

    def close(self) -> None: ...


RECORDED_PREFIX = "Thông tin văn bản: "


def hit_snippet(text: str, metadata: dict[str, Any], query: AnalyzedQuery, width: int = 220) -> str:
    """The snippet of a hit: the page text around the words asked for; when the page text has none
    of them (page 1 matched by a clerk's correction), the document's recorded values that do, so
    the officer sees why the document was found."""
    flat = re.sub(r"\s+", " ", text).strip()
    recorded = re.sub(r"\s+", " ", summary_text(metadata).replace("\n", " · ")).strip()
    if recorded and _how_well(recorded, query) > _how_well(flat, query):
        return RECORDED_PREFIX + snippet_for(recorded, query, width)
    return snippet_for(flat, query, width)  # already flat: the same window, without flattening it again


def _how_well(flat: str, query: AnalyzedQuery) -> tuple[bool, int]:
    """How well ``flat`` shows the words asked for: all of them side by side (a name), then how many
    stand anywhere (a word counts once, exact or folded)."""
    lowered, folded_flat = flat.lower(), fold(flat)
    together = len(query.folded_terms) > 1 and _word_at(" ".join(tokens(folded_flat)), " ".join(query.folded_terms)) >= 0
    found = sum(1 for term in set(query.folded_terms) if _word_at(folded_flat, term) >= 0) + sum(
        1 for term in set(query.exact_terms) if _word_at(lowered, term) >= 0
    )
    return together, found


def _first_match(flat: str, query: AnalyzedQuery) -> int:
    """Where the first term asked for stands in ``flat`` (exact first, then folded); -1 if nowhere."""
    lowered = flat.lower()
    for term in query.exact_terms:
        position = _word_at(lowered, term)
        if position >= 0:
            return position
    folded_flat = fold(flat)
    for term in query.folded_terms:
        position = _word_at(folded_flat, term)
        if position >= 0:
            return position
    return -1


def snippet_for(text: str, query: AnalyzedQuery, width: int = 220) -> str:
    """A window of the page text around the first matching term (exact first, then folded)."""
    flat = re.sub(r"\s+", " ", text).strip()
    if not flat:
        return ""
    position = _first_match(flat, query)
    if position < 0:
        return flat[:width] + ("…" if len(flat) > width else "")
    start = max(0, position - width // 3)
    end = min(len(flat), start + width)
    return ("…" if start > 0 else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


def _word_at(haystack: str, term: str) -> int:
    match = re.search(r"(?<!\w)" + re.escape(term) + r"(?!\w)", haystack)
    return match.start() if match else -1
