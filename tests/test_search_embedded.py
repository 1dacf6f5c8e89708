"""The embedded (Tantivy) backend: folded and exact matching, identifiers, replacement, ranking."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexing.records import IndexedDocument, IndexedPage
from indexing.tantivy_backend import TantivyBackend


@pytest.fixture
def backend(tmp_path: Path) -> TantivyBackend:
    index = TantivyBackend(tmp_path / "index")
    index.index_documents(
        [
            IndexedDocument(
                "doc-exact", "qd-15.pdf", "Lô 1", {"number": "15/QĐ-UBND", "id_numbers": ["074085001234"]},
                [IndexedPage(1, "Số: 15/QĐ-UBND\nQUYẾT ĐỊNH cấp phép cho ông Nguyễn Văn An"),
                 IndexedPage(2, "Điều 3. Văn phòng chịu trách nhiệm thi hành")],
            ),
            IndexedDocument(
                "doc-ocr-lost-tones", "qd-16.pdf", "Lô 1", {},
                [IndexedPage(1, "QUYẾT ĐỊNH cấp phép cho ông Nguyên Van An")],  # tones dropped by OCR
            ),
            IndexedDocument("doc-other", "tb.pdf", "Lô 2", {}, [IndexedPage(1, "THÔNG BÁO về việc đồng ý cho bà Trần Thị Bình")]),
        ]  # fmt: skip
    )
    return index


def _ids(results) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(h.id, h.page) for h in results.hits]


def test_query_without_diacritics_finds_both_spellings(backend: TantivyBackend) -> None:
    found = _ids(backend.search("nguyen van an"))
    assert set(found) == {("doc-exact", 1), ("doc-ocr-lost-tones", 1)}


def test_query_with_diacritics_ranks_the_exact_spelling_first(backend: TantivyBackend) -> None:
    results = backend.search("Nguyễn Văn An")
    assert _ids(results)[0] == ("doc-exact", 1)
    assert ("doc-ocr-lost-tones", 1) in _ids(results)  # the folded match still comes back, below


@pytest.mark.parametrize("query", ["15/QĐ-UBND", "15/QD-UBND", "15 / qđ - ubnd", "15/qd-ubnd"])
def test_document_numbers_match_whatever_the_spacing_case_and_d(backend: TantivyBackend, query: str) -> None:
    assert _ids(backend.search(query))[0] == ("doc-exact", 1)


def test_cccd_and_folded_d(backend: TantivyBackend) -> None:
    assert _ids(backend.search("074085001234")) == [("doc-exact", 1)]
    assert _ids(backend.search("dong y")) == [("doc-other", 1)]


def test_all_terms_are_required_and_snippet_shows_the_match(backend: TantivyBackend) -> None:
    results = backend.search("tran thi binh")
    assert results.total == 1
    assert "Trần Thị Bình" in results.hits[0].snippet
    assert backend.search("tran thi xyz").total == 0
    assert backend.search("   ").total == 0


def test_reindexing_a_document_replaces_its_pages(backend: TantivyBackend) -> None:
    backend.index_documents([IndexedDocument("doc-exact", "qd-15.pdf", "Lô 1", {}, [IndexedPage(1, "văn bản đã sửa")])])
    assert backend.search("van ban da sua").total == 1
    assert backend.search("thi hanh").total == 0  # old page 2 is gone
    assert backend.count() == 3


def test_pagination(backend: TantivyBackend) -> None:
    first = _ids(backend.search("quyet dinh", limit=1))
    second = _ids(backend.search("quyet dinh", limit=1, offset=1))
    assert len(first) == len(second) == 1 and first != second
