"""Multi-document scans: a stack of results fed to the scanner as one PDF or TIFF becomes one
document per result, each found by its own number; a clerk can move the split points."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.catalog import PageRow
from pipeline.stages.split import page_start, ranges_from
from pipeline.storage import sha256_of
from samples.generator.build import build_stack
from tests.conftest import CatalogReader


def _page(number: int, text: str) -> PageRow:
    """A page as recognised without word boxes (a text layer): the first lines stand for the top."""
    return PageRow(document_id="x", number=number, width=None, height=None, dpi=None, rotation=0, skew_degrees=0.0,
                   text_source="text_layer", text=text, confidence=None, words=[], image_path=None, fingerprint=None,
                   error_class=None, error_message=None)  # fmt: skip


FIRST_PAGE = """ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG PHÚ LỢI              Độc lập - Tự do - Hạnh phúc
Số: 125/QĐ-UBND             Phú Lợi, ngày 03 tháng 4 năm 2024
QUYẾT ĐỊNH
Về việc giao đất ở"""

NEXT_PAGE = """2
Điều 3. Chánh Văn phòng, các phòng chuyên môn có liên quan chịu trách nhiệm thi hành
Quyết định này./.
Nơi nhận:"""

QUOTED_TITLE = """Điều 2. Theo mẫu quy định (mẫu có dòng CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ở đầu)
các hộ gia đình nộp hồ sơ tại Bộ phận một cửa."""


def test_a_first_page_carries_the_title_motto_and_number() -> None:
    assert page_start(_page(3, FIRST_PAGE)).starts
    assert {"quốc hiệu", "tiêu ngữ", "số ký hiệu", "địa danh, ngày tháng"} <= set(page_start(_page(3, FIRST_PAGE)).signals)
    assert not page_start(_page(2, NEXT_PAGE)).starts  # a page number on top: a next page
    # A faxed heading loses letters, not the line.
    assert page_start(_page(2, FIRST_PAGE.replace("CỘNG HÒA", "CÔNG H0A").replace("Hạnh phúc", "Hanh phüc"))).starts


def test_a_heading_that_lost_its_title_and_motto_still_starts_a_result() -> None:
    smudged = """ỦY BAN NHÂN DÂN   . ,. :: ..
Số: 88/TB-UBND      Phú Lợi, ngày 9 tháng 12 năm 2023
THÔNG BÁO
Kết quả giải quyết hồ sơ"""
    assert page_start(_page(4, smudged)).starts
    # The recipients closing the page before, and a letter's V/v, are enough with the number.
    letter = "Số: 12/UBND-VP\nV/v cấp bản sao trích lục\nKính gửi: Ông Trần Văn An"
    closing = _page(2, "Điều 3. Thi hành.\nTM. ỦY BAN NHÂN DÂN\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.")
    assert page_start(_page(3, letter), previous=closing).starts
    assert not page_start(_page(3, letter)).starts


def test_the_next_page_of_a_decision_does_not_start_one() -> None:
    """Its top may carry dated grounds and the word QUYẾT ĐỊNH: before the articles."""
    page_two = """Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;
Xét đề nghị của Chánh Văn phòng,
QUYẾT ĐỊNH:
Điều 1. Giao cho ông Nguyễn Văn An diện tích 120 m2 đất ở."""
    assert not page_start(_page(2, page_two), previous=_page(1, FIRST_PAGE)).starts


def test_the_title_quoted_in_the_body_does_not_start_a_result() -> None:
    body = "\n".join(["Điều 1. Giao cho ông Nguyễn Văn An diện tích 120 m2 đất ở."] * 8) + "\n" + QUOTED_TITLE
    assert not page_start(_page(2, body)).starts  # below the top lines


def test_page_ranges_from_first_pages() -> None:
    assert ranges_from([1, 3, 4], 5) == [(1, 2), (3, 3), (4, 5)]
    assert ranges_from([4, 1, 1], 4) == [(1, 3), (4, 4)]
    assert ranges_from([1], 3) == [(1, 3)]


def _db(home: Path) -> CatalogReader:
    return CatalogReader(home)


@pytest.mark.slow
def test_a_stack_scanned_as_one_file_becomes_one_document_per_result(sohoa, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scans = tmp_path / "chong"
    stack, starts, truth = build_stack(scans, "chong-giay", 4, "office", "pdf", seed=11, long_share=1.0)
    code, out = sohoa("ingest", str(scans), "--json")
    assert code == 0, out
    (row,) = json.loads(out)["files_detail"]
    assert row["state"] == "split" and [p["pages"][0] for p in row["parts"]] == starts
    assert any(p["pages"][1] > p["pages"][0] for p in row["parts"])  # a result of two pages stays whole
    assert [p["doc_type"] for p in row["parts"]] == [t["doc_type"] for t in truth]
    for part in row["parts"]:
        assert part["state"] == "indexed"
        if part["number"]:  # each result is found by its own number, on its own pages
            code, out = sohoa("search", part["number"], "--json")
            hit = json.loads(out)["hits"][0]
            assert hit["id"] == part["document_id"] and part["pages"][0] <= hit["page"] <= part["pages"][1]
    assert sum(1 for p in row["parts"] if p["number"]) >= 2
    # The file is no longer a document of its own in search, status or export.
    code, out = sohoa("status", "--json")
    report = json.loads(out)
    assert report["documents_by_state"] == {"indexed": 4, "split": 1}
    assert report["index"]["in_step"] is True
    code, out = sohoa("export")
    exported = [json.loads(line) for line in out.splitlines()]
    assert [e["part_of"]["first_page"] for e in exported] == starts
    assert {e["sha256"] for e in exported} == {sha256_of(stack)}  # the file's own checksum
    assert [p["number"] for p in exported[0]["pages"]] == list(range(starts[0], starts[1]))

    # Run again: nothing split twice, nothing indexed twice.
    code, out = sohoa("ingest", str(scans), "--json")
    assert code == 0
    assert _db(home).execute("SELECT count(*) FROM documents").fetchone()[0] == 5
    code, out = sohoa("status", "--json")
    assert json.loads(out)["index"]["in_step"] is True


@pytest.mark.slow
def test_a_clerk_moves_the_split_points_and_search_follows(prefect_api: None, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from pipeline.catalog import Catalog
    from pipeline.settings import load_settings
    from search_ui.accounts import WebStore
    from search_ui.app import create_app
    from tests.conftest import run_sohoa
    from tests.web_support import PASSWORD, login

    home, scans = tmp_path / "home", tmp_path / "chong"
    _, starts, _ = build_stack(scans, "ba-van-ban", 3, "clean", "tiff", seed=23, long_share=0.0)
    assert starts == [1, 2, 3]
    assert run_sohoa(home, "ingest", str(scans))[0] == 0
    settings = load_settings(home=home)
    with Catalog(settings.catalog_location) as catalog:
        (file,) = [d for d in catalog.documents() if d.state == "split"]
        first, second, third = catalog.parts(file.id)
        third_text = catalog.pages(third.id)[0].text
    with WebStore(settings.web_store_location) as store:
        store.add_user("vanthu", PASSWORD, ["clerk"])
        store.add_user("tracuu", PASSWORD, ["officer"])
    with TestClient(create_app(settings, run_jobs=False)) as client:
        login(client, "tracuu")
        assert client.get(f"/documents/{file.id}", follow_redirects=False).headers["location"] == f"/documents/{first.id}"
        assert client.get(f"/documents/{second.id}/split").status_code == 403  # officers do not split
        csrf = login(client, "vanthu")
        assert f'href="/documents/{file.id}/split"' in client.get("/review").text  # waits for a clerk's look
        page = client.get(f"/documents/{second.id}")
        assert "Văn bản này là trang 2 của một tệp quét gồm nhiều văn bản" in page.text
        editor = client.get(f"/documents/{second.id}/split")
        assert editor.status_code == 200 and editor.text.count('name="start"') == 4  # 3 pages + page 1 always
        assert client.get(f"/documents/{file.id}/pages/2/thumbnail").status_code == 200
        # The clerk says pages 2 and 3 are one result (an annex), then saves.
        assert client.post(f"/documents/{file.id}/split", data={"start": ["9"], "csrf_token": csrf}).status_code == 422
        response = client.post(f"/documents/{second.id}/split", data={"start": ["1", "2"], "csrf_token": csrf},
                               follow_redirects=False)  # fmt: skip
        assert response.status_code == 303
        assert "tệp gồm 2 văn bản" in client.get(response.headers["location"]).text
        assert f'href="/documents/{file.id}/split"' not in client.get("/review").text  # looked at: out of the queue
    with Catalog(settings.catalog_location) as catalog:
        parts = catalog.parts(file.id)
        assert [(p.id, p.first_page, p.last_page, p.state) for p in parts] == [
            (first.id, 1, 1, "indexed"), (second.id, 2, 3, "indexed")]  # fmt: skip
        assert catalog.document(third.id).state == "superseded"  # type: ignore[union-attr]
        assert catalog.document(file.id).split_by == "vanthu"  # type: ignore[union-attr]
    # The third result's words now lead to the second part, page 3.
    words = " ".join(third_text.split()[-12:])
    code, out = run_sohoa(home, "search", f'"{words}"', "--json")
    assert code == 0 and [(h["id"], h["page"]) for h in json.loads(out)["hits"]][:1] == [(second.id, 3)]
    code, out = run_sohoa(home, "status", "--json")
    assert code == 0 and json.loads(out)["index"]["in_step"] is True
    # Processing again (a new OCR version) keeps the clerk's split points.
    with Catalog(settings.catalog_location) as catalog:
        catalog.update_document(file.id, ocr_fingerprint="an-older-ocr")
    assert run_sohoa(home, "ingest", str(scans))[0] == 0
    with Catalog(settings.catalog_location) as catalog:
        assert [(p.first_page, p.last_page) for p in catalog.parts(file.id)] == [(1, 1), (2, 3)]
