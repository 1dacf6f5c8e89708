"""The same paper scanned twice (issue 12): other bytes, so SHA-256 cannot tell. Such a pair is
flagged to the clerk with the earlier document, never merged; two papers of one template, or two
papers carrying the same number from two agencies or two years, are not flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extraction.identifiers import document_keys
from pipeline.near_duplicates import comparable_text, judge, similarity
from samples.generator.build import build_rescans

DECISION = {
    "number": "15/QĐ-UBND", "issued_date": "2024-04-03", "agency": "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LỢI",
    "id_numbers": ["074199454768"],
}  # fmt: skip


def test_keys_are_the_number_whatever_its_form_and_the_id_numbers() -> None:
    assert document_keys({"number": "15 / qd-UBND", "id_numbers": ["074 199 454 768", "12"]}) == [
        ("id_number", "074199454768"), ("number", "15qdubnd")
    ]  # fmt: skip
    assert document_keys({"number": "QĐ", "id_numbers": []}) == []  # no digit: not a number


def test_the_same_number_agency_and_day_with_alike_text_is_one_paper() -> None:
    reasons = judge({**DECISION, "number": "15/QD-UBND"}, DECISION, 0.81)
    assert reasons and "cùng số 15/QĐ-UBND" in reasons and "cùng ngày 03/04/2024" in reasons and "81%" in reasons


@pytest.mark.parametrize(
    ("later", "alike", "why"),
    [
        ({"agency": "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ MỸ", "id_numbers": []}, 0.99, "another ward numbers its own papers"),
        ({"agency": "ỦY BAN NHÂN DÂN PHƯỜNG 2", "id_numbers": []}, 0.99, "another ward, by its number"),
        ({"issued_date": "2025-04-03", "id_numbers": []}, 0.90, "numbers start again each year"),
        ({}, 0.40, "the same number but another text: a misread number"),
        ({"number": "16/QĐ-UBND", "id_numbers": []}, 0.99, "another number, no other key"),
        ({"number": None, "agency": None}, 0.88, "same person and day, but a template's likeness is not enough"),
    ],
)
def test_what_is_not_one_paper(later: dict[str, object], alike: float, why: str) -> None:
    assert judge({**DECISION, **later}, DECISION, alike) is None, why


def test_a_misread_agency_or_date_asks_for_more_likeness() -> None:
    misread = {**DECISION, "agency": "ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LƠI"}  # one letter: the same heading
    assert judge(misread, DECISION, 0.6)
    unread = {**DECISION, "agency": None, "id_numbers": []}
    assert judge(unread, DECISION, 0.80) is None and judge(unread, DECISION, 0.86)
    other_day = {**DECISION, "issued_date": "2024-04-08"}  # a misread day: only a near-identical text
    assert judge(other_day, DECISION, 0.90) is None and judge(other_day, DECISION, 0.96)
    wrong_title = {**DECISION, "agency": "TRÍCH LỤC KHAI SINH"}  # a title read as the agency
    assert judge(wrong_title, DECISION, 0.7)  # number, day and CCCD agree


def test_likeness_ignores_case_marks_and_layout() -> None:
    a = comparable_text(["Điều 1. Ông NGUYỄN Văn An,\nsinh ngày 03/04/1980"])
    b = comparable_text(["điều 1 ông nguyen van an sinh ngày 03 04 1980"])
    assert similarity(a, b) == 1.0 and similarity(a, "") == 0.0


@pytest.mark.slow
def test_a_paper_scanned_twice_is_flagged_and_the_clerk_decides(sohoa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scans = tmp_path / "lo"
    (first, second), spec = build_rescans(scans, "quyet-dinh", "quyet_dinh", [("office", "pdf"), ("phone", "jpg")], seed=5)
    (same_number,), _ = build_rescans(scans, "khac", "quyet_dinh", [("office", "pdf")], seed=6, number_of=spec)
    assert first.read_bytes() != second.read_bytes()
    code, out = sohoa("ingest", str(scans), "--json")
    assert code == 0, out
    files = {Path(f["source"]).name: f for f in json.loads(out)["files_detail"]}
    assert {f["outcome"] for f in files.values()} == {"new"}  # three documents: nothing merged
    flagged = {name: [Path(n["source"]).name for n in f["near_duplicate_of"]] for name, f in files.items()}
    later, earlier = (second.name, first.name) if flagged[second.name] else (first.name, second.name)
    assert flagged == {later: [earlier], earlier: [], same_number.name: []}
    reasons = files[later]["near_duplicate_of"][0]["reasons"]
    assert f"cùng số {spec.metadata['number']}" in reasons

    code, out = sohoa("search", spec.metadata["number"], "--json", "--per-document")
    found = {Path(h["source"]).name for h in json.loads(out)["hits"]}
    assert {first.name, second.name} <= found  # both stay searchable

    code, out = sohoa("status", "--json")
    waiting = json.loads(out)["near_duplicates"]
    assert [(Path(n["source"]).name, Path(n["earlier_source"]).name) for n in waiting] == [(later, earlier)]

    code, out = sohoa("ingest", str(scans), "--json")  # run again: the same one flag
    code, out = sohoa("status", "--json")
    assert len(json.loads(out)["near_duplicates"]) == 1


@pytest.mark.slow
def test_the_clerk_answers_on_the_review_screen_and_the_answer_is_kept(prefect_api: None, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from pipeline.catalog import Catalog
    from pipeline.settings import load_settings
    from search_ui.accounts import WebStore
    from search_ui.app import create_app
    from tests.conftest import run_sohoa
    from tests.web_support import PASSWORD, login

    home = tmp_path / "home"
    scans = tmp_path / "lo"
    build_rescans(scans, "thong-bao", "thong_bao", [("clean", "png"), ("faded", "tiff")], seed=8)
    assert run_sohoa(home, "ingest", str(scans))[0] == 0
    settings = load_settings(home=home)
    with Catalog(settings.catalog_location) as catalog:
        (pair,) = catalog.near_duplicates()
    with WebStore(settings.web_store_location) as store:
        store.add_user("vanthu", PASSWORD, ["clerk"])
    with TestClient(create_app(settings, run_jobs=False)) as client:
        csrf = login(client, "vanthu")
        page = client.get("/review")
        assert pair["reasons"] in page.text and f'value="{pair["earlier_id"]}"' in page.text
        document = client.get(f"/documents/{pair['document_id']}")
        assert "Có thể là cùng một giấy tờ với" in document.text and pair["earlier_source_name"] in document.text
        answer = {"document_id": pair["document_id"], "earlier_id": pair["earlier_id"], "csrf_token": csrf}
        assert client.post("/review/near-duplicates", data={**answer, "decision": "merge"}).status_code == 422
        response = client.post("/review/near-duplicates", data={**answer, "decision": "different"}, follow_redirects=False)
        assert response.status_code == 303
        assert pair["reasons"] not in client.get("/review").text  # answered: out of the queue
        assert "xác nhận: khác với" in client.get(f"/documents/{pair['document_id']}").text
    assert run_sohoa(home, "ingest", str(scans))[0] == 0  # processing again never undoes the answer
    with Catalog(settings.catalog_location) as catalog:
        (kept,) = catalog.near_duplicates()
        assert (kept["decision"], kept["decided_by"]) == ("different", "vanthu")
        assert catalog.document(pair["document_id"]) and catalog.document(pair["earlier_id"])
