"""The search contract, run against every backend: the embedded Tantivy index and the live
Elasticsearch node of the test run (scripts/test.sh starts it; in CI a missing node fails these).

Folded and exact matching, identifiers, replacement, ranking, phrases, OR, exclusions, filters,
facets, date sort, the fuzzy fallback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexing.records import IndexedDocument, IndexedPage, SearchBackend
from indexing.tantivy_backend import TantivyBackend

BACKENDS = ["tantivy", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
pytestmark = pytest.mark.catalog_agnostic  # the same outcome on either catalog engine: SQLite pass only


def open_backend_for_test(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> SearchBackend:
    """A fresh, empty backend of this kind: a new directory, or indices under a prefix of its own."""
    if kind == "tantivy":
        return TantivyBackend(tmp_path)
    from indexing.elastic_backend import ElasticsearchBackend

    backend = ElasticsearchBackend(request.getfixturevalue("es_url"), prefix=request.getfixturevalue("es_prefix"),
                                   replicas=0)  # fmt: skip
    request.addfinalizer(backend.close)
    return backend


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    index = open_backend_for_test(request.param, request, tmp_path / "index")
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
    yield index


def _ids(results) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(h.id, h.page) for h in results.hits]


def test_query_without_diacritics_finds_both_spellings(backend: SearchBackend) -> None:
    found = _ids(backend.search("nguyen van an"))
    assert set(found) == {("doc-exact", 1), ("doc-ocr-lost-tones", 1)}


def test_query_with_diacritics_ranks_the_exact_spelling_first(backend: SearchBackend) -> None:
    results = backend.search("Nguyễn Văn An")
    assert _ids(results)[0] == ("doc-exact", 1)
    assert ("doc-ocr-lost-tones", 1) in _ids(results)  # the folded match still comes back, below


@pytest.mark.parametrize("query", ["15/QĐ-UBND", "15/QD-UBND", "15 / qđ - ubnd", "15/qd-ubnd"])
def test_document_numbers_match_whatever_the_spacing_case_and_d(backend: SearchBackend, query: str) -> None:
    assert _ids(backend.search(query))[0] == ("doc-exact", 1)


def test_cccd_and_folded_d(backend: SearchBackend) -> None:
    assert _ids(backend.search("074085001234")) == [("doc-exact", 1)]
    assert _ids(backend.search("dong y")) == [("doc-other", 1)]


def test_all_terms_are_required_and_snippet_shows_the_match(backend: SearchBackend) -> None:
    results = backend.search("tran thi binh")
    assert results.total == 1
    assert "Trần Thị Bình" in results.hits[0].snippet
    assert backend.search("tran thi xyz").total == 0
    assert backend.search("   ").total == 0


def test_reindexing_a_document_replaces_its_pages(backend: SearchBackend) -> None:
    backend.index_documents([IndexedDocument("doc-exact", "qd-15.pdf", "Lô 1", {}, [IndexedPage(1, "văn bản đã sửa")])])
    assert backend.search("van ban da sua").total == 1
    assert backend.search("thi hanh").total == 0  # old page 2 is gone
    assert backend.count() == 3
    held = backend.size_bytes()
    backend.index_documents([IndexedDocument(f"doc-more-{n}", f"{n}.pdf", "Lô 1", {}, [IndexedPage(1, f"trang dài {n} " * 400)])
                             for n in range(20)])  # fmt: skip
    assert 0 < held < backend.size_bytes()  # the room the index takes, which grows with what it holds


def test_pagination(backend: SearchBackend) -> None:
    first = _ids(backend.search("quyet dinh", limit=1))
    second = _ids(backend.search("quyet dinh", limit=1, offset=1))
    assert len(first) == len(second) == 1 and first != second


@pytest.fixture(params=BACKENDS)
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchBackend]:
    index = open_backend_for_test(request.param, request, tmp_path / "archive")
    documents = [
        ("qd-1", "Quyết định", "SỞ XÂY DỰNG", "2021-03-05", "Lô A", "Quyết định cấp giấy phép xây dựng cho ông Lê Văn Tám"),
        ("qd-2", "Quyết định", "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LỢI", "2023-07-20", "Lô A",
         "Quyết định thu hồi giấy chứng nhận đăng ký hộ kinh doanh của bà Trần Thị Hoa"),
        ("tb-1", "Thông báo", "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LỢI", "2022-11-02", "Lô B",
         "Thông báo kết quả giải quyết hồ sơ hộ tịch của ông Phạm Minh Đức"),
        ("tb-2", "Thông báo", "SỞ XÂY DỰNG", "", "Lô B", "Thông báo thay đổi giờ tiếp công dân, cấp phép xây dựng"),
    ]  # fmt: skip
    index.index_documents(
        [
            IndexedDocument(i, f"{i}.pdf", batch, {"doc_type": kind, "agency": agency, "issued_date": issued or None},
                            [IndexedPage(1, text)])  # fmt: skip
            for i, kind, agency, issued, batch, text in documents
        ]
    )
    yield index


def _found(archive: SearchBackend, text: str, **options) -> list[str]:  # type: ignore[no-untyped-def]
    from indexing.query import SearchRequest

    return [h.id for h in archive.search(SearchRequest(text, **options)).hits]


def test_phrase_or_and_not(archive: SearchBackend) -> None:
    assert set(_found(archive, "cap phep xay dung")) == {"qd-1", "tb-2"}
    assert _found(archive, '"giấy phép xây dựng"') == ["qd-1"]  # words in this order only
    assert set(_found(archive, "ho tich OR ho kinh doanh")) == {"tb-1", "qd-2"}
    assert _found(archive, "cap phep -thong") == ["qd-1"]


def test_filters_by_type_agency_batch_and_dates(archive: SearchBackend) -> None:
    from datetime import date

    assert set(_found(archive, "cong dan OR ho tich", doc_type="Thông báo")) == {"tb-1", "tb-2"}
    assert _found(archive, "thong bao", agency="SỞ XÂY DỰNG") == ["tb-2"]
    assert set(_found(archive, "quyet dinh", batch="Lô A")) == {"qd-1", "qd-2"}
    assert set(_found(archive, "quyet dinh OR thong bao", date_from=date(2022, 1, 1))) == {"qd-2", "tb-1"}
    assert _found(archive, "quyet dinh OR thong bao", date_to=date(2021, 12, 31)) == ["qd-1"]  # undated excluded


def test_facets_count_every_match_and_date_sort(archive: SearchBackend) -> None:
    from indexing.query import SearchRequest

    results = archive.search(SearchRequest("quyet dinh OR thong bao", limit=1))
    assert results.total == 4 and len(results.hits) == 1
    assert results.facets["doc_type"] == {"Quyết định": 2, "Thông báo": 2}
    assert results.facets["year"] == {"2021": 1, "2022": 1, "2023": 1}
    assert _found(archive, "quyet dinh OR thong bao", sort="date", limit=3) == ["qd-2", "tb-1", "qd-1"]


def test_fuzzy_fallback_tolerates_an_ocr_error_when_nothing_matches(archive: SearchBackend) -> None:
    from indexing.query import SearchRequest

    exact = archive.search(SearchRequest("pham minh duc"))
    assert exact.total == 1 and not exact.fuzzy
    garbled = archive.search(SearchRequest("phamm minh duc"))  # one letter wrong in one word
    assert [h.id for h in garbled.hits] == ["tb-1"] and garbled.fuzzy
    assert archive.search(SearchRequest("zzzzqq")).total == 0


def test_document_and_dossier_records(archive: SearchBackend) -> None:
    from indexing.query import SearchRequest

    archive.index_documents([
        IndexedDocument("dossier:1", "000.00.20.H10-231228-0001", "", {"code": "000.00.20.H10-231228-0001",
                        "procedure": "Đăng ký khai sinh", "applicant": "Phạm Minh Đức"}, [IndexedPage(0, "qd-1.pdf")],
                        kind="dossier"),
    ])  # fmt: skip
    documents = archive.search(SearchRequest("quyet dinh", records="document", limit=10))
    assert {(h.id, h.page) for h in documents.hits} == {("qd-1", 0), ("qd-2", 0)}  # one record per document
    dossiers = archive.search(SearchRequest("pham minh duc", records="dossier"))
    assert [h.id for h in dossiers.hits] == ["dossier:1"]
    assert [h.id for h in archive.search(SearchRequest("000.00.20.H10-231228-0001", records="dossier")).hits] == ["dossier:1"]
    assert "dossier:1" not in _found(archive, "pham minh duc")  # page searches return pages only
    assert archive.count() == 4  # pages


def test_an_offices_search_sees_its_records_and_counts_only(archive: SearchBackend) -> None:
    """Offices (đơn vị): records carry their office; a search of an office's user holds nothing else,
    its total and facets included; a dossier spanning offices is for unrestricted users only."""
    from indexing.query import SearchRequest
    from indexing.records import SHARED_DOSSIER

    archive.index_documents([
        IndexedDocument("ward-1", "w1.pdf", "Lô P", {"doc_type": "Quyết định"}, [IndexedPage(1, "Quyết định cấp phép ông Vũ")],
                        office="P-1"),
        IndexedDocument("ward-2", "w2.pdf", "Lô Q", {"doc_type": "Thông báo"}, [IndexedPage(1, "Thông báo cấp phép bà Vũ")],
                        office="P-2"),
        IndexedDocument("dossier:both", "HS-9", "", {"code": "HS-9", "applicant": "Vũ Văn Hai"}, [IndexedPage(0, "w1.pdf")],
                        kind="dossier", office=SHARED_DOSSIER),
    ])  # fmt: skip
    every = archive.search(SearchRequest("cap phep vu"))
    assert {h.id for h in every.hits} == {"ward-1", "ward-2"} and every.total == 2
    mine = archive.search(SearchRequest("cap phep vu", offices=frozenset({"P-1"})))
    assert [h.id for h in mine.hits] == ["ward-1"] and mine.total == 1
    assert mine.facets["doc_type"] == {"Quyết định": 1}
    both = archive.search(SearchRequest("cap phep vu", offices=frozenset({"P-1", "P-2"})))
    assert both.total == 2
    assert archive.search(SearchRequest("cap phep vu", offices=frozenset({"P-3"}))).total == 0
    assert archive.search(SearchRequest("cap phep", offices=frozenset())).total == 0
    assert [h.id for h in archive.search(SearchRequest("vu van hai", records="dossier")).hits] == ["dossier:both"]
    assert archive.search(SearchRequest("vu van hai", records="dossier", offices=frozenset({"P-1", "P-2"}))).total == 0
    assert set(_found(archive, "quyet dinh", offices=frozenset({""}))) == {"qd-1", "qd-2"}  # records of no office


def test_embedded_index_waits_for_another_writer(tmp_path: Path) -> None:
    """The web app and a batch it runs are two processes writing one index: the second waits its turn."""
    import threading

    from indexing.tantivy_backend import _writer

    document = IndexedDocument("d1", "a.pdf", "Lô 1", {}, [IndexedPage(1, "Quyết định giao đất cho bà Ngô Ngọc Nga")])
    first, second = TantivyBackend(tmp_path / "index"), TantivyBackend(tmp_path / "index")
    first.index_documents([document])
    generation = first._active()
    assert generation is not None
    held = _writer(generation.index)
    release = threading.Timer(0.6, lambda: (held.commit(), held.wait_merging_threads()))
    release.start()
    second.index_documents([IndexedDocument("d2", "b.pdf", "Lô 1", {}, [IndexedPage(1, "Thông báo")])])  # waits
    release.join()
    assert second.count() == 2
    blocking = _writer(generation.index)
    try:
        with pytest.raises(ValueError, match="LockBusy"):
            _writer(generation.index, patience_s=0.3)
    finally:
        blocking.rollback()
