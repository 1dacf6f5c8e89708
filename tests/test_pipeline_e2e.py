"""The whole pipeline through the real command line on the committed samples and on bad input."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from indexing.vietnamese import fold
from pipeline.storage import sha256_of
from samples.generator.build import load_truth
from tests import faults
from tests.conftest import REPO, SAMPLE_SCANS, SAMPLE_TRUTH, CatalogReader, catalog_of, catalog_sql, run_sohoa

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ingested(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    home = tmp_path_factory.mktemp("archive")
    code, out = run_sohoa(home, "ingest", str(SAMPLE_SCANS), "--batch", "Lô mẫu", "--json")
    assert code == 0, out
    return home, json.loads(out)


def _db(home: Path) -> CatalogReader:
    return CatalogReader(home)


def _search(home: Path, query: str, limit: int = 10) -> dict[str, Any]:
    code, out = run_sohoa(home, "search", query, "--json", "--limit", str(limit))
    assert code == 0
    return json.loads(out)


def test_every_sample_is_processed(ingested: tuple[Path, dict[str, Any]]) -> None:
    _home, summary = ingested
    truth = load_truth(SAMPLE_TRUTH)
    assert summary["files"] == len(truth) == 10
    assert summary["failed"] == 0 and summary["new"] == 10
    assert summary["pages"] == sum(len(t["pages"]) for t in truth.values())
    assert {f["state"] for f in summary["files_detail"]} == {"indexed"}


def test_search_finds_people_typed_without_diacritics(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    truth = load_truth(SAMPLE_TRUTH)
    asked = found = 0
    for file, doc in truth.items():
        for person in doc["metadata"]["people"]:
            asked += 1
            hits = _search(home, fold(person))["hits"]
            found += any(hit["source"].endswith(Path(file).name) for hit in hits)
    assert asked >= 12
    assert found / asked >= 0.8, f"found {found} of {asked} people"


def test_search_json_contract(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    result = _search(home, "quyet dinh", limit=3)
    assert result["total"] >= 3 and len(result["hits"]) == 3
    hit = result["hits"][0]
    assert {"id", "source", "page", "score", "snippet", "metadata"} <= set(hit)
    assert hit["source"].startswith("scans/") and isinstance(hit["page"], int)
    assert "quyết định" in hit["snippet"].lower()


def test_export_contract(ingested: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    home, _ = ingested
    out_file = tmp_path / "archive.jsonl"
    assert run_sohoa(home, "export", "--out", str(out_file))[0] == 0
    records = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    truth = load_truth(SAMPLE_TRUTH)
    assert len(records) == len(truth)
    by_source = {r["source"]: r for r in records}
    for file, doc in truth.items():
        record = by_source["scans/" + file]
        assert record["sha256"] == sha256_of(SAMPLE_SCANS / file)
        assert [p["number"] for p in record["pages"]] == [p["number"] for p in doc["pages"]]
        assert all(unicodedata.is_normalized("NFC", p["text"]) for p in record["pages"])
        contract = [
            "doc_type", "number", "issued_date", "agency", "subject", "signer", "signer_title",
            "people", "id_numbers", "dossier_code",
        ]  # fmt: skip
        assert list(record["metadata"])[: len(contract)] == contract  # the contract's fields first
        assert {"parent_agency", "place", "signing_authority"} <= set(record["metadata"])  # then the others
        assert isinstance(record["metadata"]["people"], list)


def test_first_pass_metadata_on_samples(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    truth = load_truth(SAMPLE_TRUTH)
    db = _db(home)
    right = total = 0
    for file, doc in truth.items():
        (fields_json,) = db.execute(
            "SELECT m.fields_json FROM metadata m JOIN documents d ON d.id = m.document_id WHERE d.source_name = ?",
            ("scans/" + file,),
        ).fetchone()
        fields = json.loads(fields_json)
        for name in ("doc_type", "number", "issued_date"):
            if doc["metadata"][name]:
                total += 1
                right += fields[name] == doc["metadata"][name]
            else:
                assert fields[name] is None, (file, name, fields[name])  # nothing invented
    assert right / total >= 0.7, f"{right}/{total}"


def test_text_layers_real_and_junk(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    db = _db(home)
    sources = dict(
        db.execute(
            "SELECT d.source_name, p.text_source FROM pages p JOIN documents d ON d.id = p.document_id"
        ).fetchall()
    )
    assert sources["scans/cong-van-co-lop-chu.pdf"] == "text_layer"
    assert sources["scans/thong-bao-lop-chu-rac.pdf"] == "ocr"  # junk firmware layer ignored


def test_upside_down_page_is_turned_and_boxes_are_kept(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    db = _db(home)
    rotation, words_json, image_path, width, height = db.execute(
        "SELECT p.rotation, p.words_json, p.image_path, p.width, p.height FROM pages p"
        " JOIN documents d ON d.id = p.document_id WHERE d.source_name LIKE '%quyet-dinh-lon-nguoc.pdf'"
    ).fetchone()
    assert rotation == 180
    words = json.loads(words_json)
    assert len(words) > 100
    assert all(x >= 0 and y >= 0 and x + w <= width and y + h <= height for _, x, y, w, h, *_ in words)
    confidences = [conf for _, _, _, _, _, conf, _, _ in words]
    assert 0 <= min(confidences) <= max(confidences) <= 100
    assert sum(confidences) / len(confidences) > 80  # read upright, not as upside-down garbage
    assert image_path.startswith("pages/") and (home / image_path).is_file()  # a key under the storage root


def test_rerun_and_duplicates_process_nothing_twice(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    db = _db(home)
    ocr_runs = db.execute("SELECT count(*) FROM stage_runs WHERE stage = 'ocr'").fetchone()[0]
    code, out = run_sohoa(home, "ingest", str(SAMPLE_SCANS), "--batch", "Lô mẫu", "--json")
    assert code == 0
    assert {f["outcome"] for f in json.loads(out)["files_detail"]} == {"again"}
    code, out = run_sohoa(home, "ingest", str(SAMPLE_SCANS / "ho-so-mot-cua"), "--batch", "Lô khác", "--json")
    assert code == 0
    assert {f["outcome"] for f in json.loads(out)["files_detail"]} == {"duplicate"}
    assert db.execute("SELECT count(*) FROM stage_runs WHERE stage = 'ocr'").fetchone()[0] == ocr_runs
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 10
    hits = _search(home, "cong hoa xa hoi chu nghia viet nam", limit=50)
    assert len({(h["id"], h["page"]) for h in hits["hits"]}) == len(hits["hits"])  # no page indexed twice


def test_status_json(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    code, out = run_sohoa(home, "status", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["documents_by_state"] == {"indexed": 10}
    assert {s["stage"] for s in report["stages"]} >= {"intake", "rasterize", "clean", "ocr", "extract", "index"}
    assert report["failures"] == []


def test_reindex_rebuilds_from_the_catalog_without_ocr(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    db = _db(home)
    before = _search(home, "quyet dinh")["total"]
    ocr_runs = db.execute("SELECT count(*) FROM stage_runs WHERE stage = 'ocr'").fetchone()[0]
    shutil.rmtree(home / "index")
    assert _search(home, "quyet dinh")["total"] == 0
    assert run_sohoa(home, "reindex")[0] == 0
    assert _search(home, "quyet dinh")["total"] == before
    assert db.execute("SELECT count(*) FROM stage_runs WHERE stage = 'ocr'").fetchone()[0] == ocr_runs


def test_bad_files_are_recorded_and_the_batch_goes_on(sohoa, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    batch = tmp_path / "lo-loi"
    nested = batch / "cap-1" / "cap-2"
    nested.mkdir(parents=True)
    good = SAMPLE_SCANS / "ho-so-mot-cua" / "phieu-tiep-nhan-150dpi.jpg"
    nfd_name = unicodedata.normalize("NFD", "Phiếu tiếp nhận (bản gốc) #2.jpg")
    shutil.copy(good, nested / nfd_name)
    expected = {
        faults.empty_file(batch / "rong.pdf").name: "empty",
        faults.truncated_pdf(SAMPLE_SCANS / "quyet-dinh-hai-trang.pdf", batch / "cut-ngang.pdf").name: "corrupt",
        faults.encrypted_pdf(SAMPLE_SCANS / "quyet-dinh-van-phong.pdf", batch / "khoa.pdf").name: "encrypted",
        faults.text_named_pdf(batch / "ghi-chu.pdf").name: "unsupported",
        faults.docx_file(batch / "don.docx").name: "unsupported",
        faults.tiny_image(batch / "cham.png").name: "too_small",
        faults.huge_png(batch / "bom.png").name: "too_large",
    }
    faults.blank_page(batch / "trang-trang.png")
    code, out = sohoa("ingest", str(batch), "--json")
    summary = json.loads(out)
    assert code == 1
    by_name = {Path(f["source"]).name: f for f in summary["files_detail"]}
    assert {name: by_name[name]["error_class"] for name in expected} == expected
    assert all(by_name[name]["error_message"] for name in expected)
    nfc_name = unicodedata.normalize("NFC", nfd_name)
    assert by_name[nfc_name]["state"] == "indexed" and by_name[nfc_name]["error_class"] is None
    assert by_name["trang-trang.png"]["state"] == "indexed"  # a blank page is not an error
    code, out = sohoa("status", "--json")
    failures = {Path(f["source"]).name: f["error_class"] for f in json.loads(out)["failures"]}
    assert failures == expected
    # Every original is kept, failed ones included: nothing the clerk handed in is lost.
    stored = [p for p in (home / "originals").rglob("*") if p.is_file()]
    assert len(stored) == len({sha256_of(p) for p in batch.rglob("*") if p.is_file()})


def test_retry_after_raising_a_limit(sohoa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    two_pages = tmp_path / "in" / "hai-trang.pdf"
    two_pages.parent.mkdir()
    shutil.copy(SAMPLE_SCANS / "quyet-dinh-hai-trang.pdf", two_pages)
    code, out = sohoa("ingest", str(two_pages.parent), "--json", env={"SOHOA_MAX_PAGES": "1"})
    assert code == 1 and json.loads(out)["files_detail"][0]["error_class"] == "too_large"
    assert sohoa("retry", "--class", "ocr_timeout")[0] == 0  # nothing of that class: nothing done
    assert sohoa("retry", "--class", "too_large", env={"SOHOA_MAX_PAGES": "1"})[0] == 1  # still too large
    assert sohoa("retry", "--class", "too_large")[0] == 0
    assert json.loads(sohoa("status", "--json")[1])["documents_by_state"] == {"indexed": 1}
    assert json.loads(sohoa("search", "quyet dinh", "--json")[1])["total"] >= 1


def test_ocr_timeout_is_recorded_per_page_and_retried(sohoa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLE_SCANS / "quyet-dinh-van-phong.pdf", source)
    code, out = sohoa("ingest", str(source), "--json", env={"SOHOA_OCR_TIMEOUT_SECONDS": "0.05"})
    detail = json.loads(out)["files_detail"][0]
    assert code == 1 and detail["error_class"] == "ocr_timeout" and detail["state"] == "failed"
    assert sohoa("retry", "--class", "ocr_timeout")[0] == 0
    assert json.loads(sohoa("status", "--json")[1])["documents_by_state"] == {"indexed": 1}


def test_killed_run_resumes_without_duplicates(prefect_api: None, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "SOHOA_HOME": str(home), "SOHOA_WORKERS": "1"}
    env.pop("PREFECT_API_URL", None)  # the child starts its own temporary Prefect server
    env["PREFECT_HOME"] = str(tmp_path / "prefect-child")
    command = [sys.executable, "-m", "pipeline.cli", "ingest", str(SAMPLE_SCANS), "--batch", "bị ngắt"]
    child = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 240
    try:
        # Killed as soon as a page is saved: the OCR workers read pages while Prefect starts, so once
        # the stage runs, the rest of the batch is saved and indexed within a second.
        while time.monotonic() < deadline:
            time.sleep(0.02)
            if (home / "catalog.sqlite3").exists() or not isinstance(catalog_of(home), Path):
                try:
                    done = _db(home).execute("SELECT count(*) FROM pages").fetchone()[0]
                except (sqlite3.OperationalError, sa.exc.DBAPIError):  # no table yet
                    continue
                if done >= 1:
                    break
            assert child.poll() is None, "ingest finished before it could be interrupted"
        else:
            pytest.fail("no page was recognised in time")
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    with catalog_sql(home) as db:
        assert db.execute("SELECT count(*) FROM documents WHERE state = 'indexed'").fetchone()[0] < 10
    code, out = run_sohoa(home, "ingest", str(SAMPLE_SCANS), "--batch", "bị ngắt", "--json")
    assert code == 0, out
    with catalog_sql(home) as db:
        assert db.execute("SELECT count(*) FROM documents WHERE state = 'indexed'").fetchone()[0] == 10
        # Every page was read exactly once, across both runs: rows of an append-only log, not distinct ones.
        reads = db.execute("SELECT document_id, page_number, count(*) FROM stage_runs WHERE stage = 'rasterize'"
                           " GROUP BY document_id, page_number").fetchall()  # fmt: skip
        assert db.execute("SELECT count(*) FROM pages").fetchone()[0] == 11
    assert len(reads) == 11 and [r for r in reads if r[2] != 1] == []  # pages finished before the kill were not redone
    from indexing.tantivy_backend import TantivyBackend

    assert TantivyBackend(home / "index").count() == 11  # one record per page, none twice


def _document_id(home: Path, name: str) -> str:
    return _db(home).execute("SELECT id FROM documents WHERE source_name LIKE ?", ("%" + name,)).fetchone()[0]


def test_searchable_pdf_keeps_the_original_upright_with_findable_text(
    ingested: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    import pikepdf

    home, _ = ingested
    truth = load_truth(SAMPLE_TRUTH)["ho-so-mot-cua/quyet-dinh-lon-nguoc.pdf"]
    pdf_path = tmp_path / "qd.pdf"
    assert run_sohoa(home, "outputs", _document_id(home, "quyet-dinh-lon-nguoc.pdf"), "--pdf", str(pdf_path))[0] == 0
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    person = truth["metadata"]["people"][0]
    assert person in text and truth["metadata"]["number"] in text  # exact Vietnamese through ToUnicode
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) == 1
        width, height = float(pdf.pages[0].MediaBox[2]), float(pdf.pages[0].MediaBox[3])
        assert height > width  # the upside-down scan is shown upright, as portrait A4
        assert abs(width - 595) < 5
        assert "/OutputIntents" in pdf.Root
        assert pdf.open_metadata()["pdfaid:part"] == "2"


def test_pdf_word_boxes_land_on_the_ink_of_the_skewed_original(
    ingested: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    import re

    import numpy as np
    from PIL import Image

    home, _ = ingested
    pdf_path = tmp_path / "cv.pdf"
    assert run_sohoa(home, "outputs", _document_id(home, "cong-van-nghieng.png"), "--pdf", str(pdf_path))[0] == 0
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    original = np.asarray(Image.open(SAMPLE_SCANS / "cong-van-nghieng.png").convert("L"))
    scale = original.shape[1] / float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    inked = total = 0
    for x0, y0, x1, y1, word in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', bbox):
        if len(word) < 4:
            continue
        crop = original[int(float(y0) * scale) : int(float(y1) * scale), int(float(x0) * scale) : int(float(x1) * scale)]
        total += 1
        inked += crop.size > 0 and (crop < 110).mean() > 0.03
    assert total > 50 and inked / total > 0.9, f"{inked}/{total} word boxes on ink"


def test_alto_and_hocr_per_page(ingested: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    home, _ = ingested
    document_id = _document_id(home, "quyet-dinh-hai-trang.pdf")
    code, _ = run_sohoa(home, "outputs", document_id, "--alto", str(tmp_path / "alto"), "--hocr", str(tmp_path / "hocr"))
    assert code == 0
    alto_files = sorted((tmp_path / "alto").glob("*.alto.xml"))
    assert len(alto_files) == 2 and len(list((tmp_path / "hocr").glob("*.hocr"))) == 2
    namespace = {"a": "http://www.loc.gov/standards/alto/ns-v4#"}
    page_text = _db(home).execute(
        "SELECT text FROM pages WHERE document_id = ? AND number = 1", (document_id,)
    ).fetchone()[0]
    strings = ET.parse(alto_files[0]).getroot().findall(".//a:String", namespace)
    assert " ".join(s.get("CONTENT") for s in strings) == " ".join(page_text.split())
    assert all(0.0 <= float(s.get("WC")) <= 1.0 for s in strings)
    hocr_root = ET.parse(sorted((tmp_path / "hocr").glob("*.hocr"))[0]).getroot()
    words = [e for e in hocr_root.iter() if e.get("class") == "ocrx_word"]
    assert len(words) == len(strings)


def test_low_confidence_pages_are_listed_for_review(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    everything = json.loads(run_sohoa(home, "status", "--json", env={"SOHOA_REVIEW_CONFIDENCE": "0.999"})[1])
    assert len(everything["review"]) == 10  # every OCR page is below 99.9% (the text-layer page is not OCR)
    confidences = [r["confidence"] for r in everything["review"]]
    assert confidences == sorted(confidences)
    assert json.loads(run_sohoa(home, "status", "--json", env={"SOHOA_REVIEW_CONFIDENCE": "0.0"})[1])["review"] == []


def test_a_clerks_correction_is_audited_indexed_and_survives_reprocessing(
    ingested: tuple[Path, dict[str, Any]],
) -> None:
    home, _ = ingested
    document_id = _document_id(home, "quyet-dinh-van-phong.pdf")
    code, _ = run_sohoa(home, "edit", document_id, "number", "99 / QĐ-TEST", "--by", "Nguyễn Thị Lan")
    assert code == 0
    hits = _search(home, "99/qd-test")["hits"]
    assert hits and hits[0]["id"] == document_id and hits[0]["metadata"]["number"] == "99 / QĐ-TEST"
    assert run_sohoa(home, "edit", document_id, "issued_date", "31/02/2023")[0] == 2  # no such day
    assert run_sohoa(home, "edit", document_id, "no_such_field", "x")[0] == 2
    # Re-extraction (a new extractor version) never overwrites what the clerk set.
    from pipeline.catalog import Catalog
    from pipeline.stages.extract import extract

    with Catalog(catalog_of(home)) as catalog:
        catalog.update_document(document_id, extract_fingerprint="an-older-extractor")
        extract(catalog, [document_id])
        assert catalog.effective_metadata(document_id)["number"] == "99 / QĐ-TEST"
        history = catalog.correction_history(document_id)
        assert [(h["field"], h["corrected_by"]) for h in history] == [("number", "Nguyễn Thị Lan")]
        assert json.loads(history[0]["previous_json"]) == load_truth(SAMPLE_TRUTH)["quyet-dinh-van-phong.pdf"]["metadata"]["number"]
    assert run_sohoa(home, "reindex")[0] == 0
    assert _search(home, "99/qd-test")["hits"][0]["id"] == document_id
    # A corrected name is found by the plain search too (finding 9: only --per-document found it),
    # on page 1, whose text still shows what was printed; the snippet says why it was found.
    code, _ = run_sohoa(home, "edit", document_id, "signer", "Đinh Công Tráng", "--by", "Nguyễn Thị Lan")
    assert code == 0
    found = _search(home, '"dinh cong trang"')["hits"]  # the words side by side: no page prints them so
    assert [(h["id"], h["page"]) for h in found][:1] == [(document_id, 1)]
    assert found[0]["snippet"].startswith("Thông tin văn bản: ") and "Đinh Công Tráng" in found[0]["snippet"]
    with Catalog(catalog_of(home)) as catalog:
        assert "Đinh Công Tráng" not in catalog.pages(document_id)[0].text


def test_documents_of_a_dossier_folder_form_a_dossier_found_by_its_code(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    truth = load_truth(SAMPLE_TRUTH)["ho-so-mot-cua/phieu-tiep-nhan-150dpi.jpg"]["metadata"]
    code, out = run_sohoa(home, "dossiers", "--json")
    dossiers = json.loads(out)
    assert code == 0 and len(dossiers) == 1
    dossier = dossiers[0]
    members = {_document_id(home, "phieu-tiep-nhan-150dpi.jpg"), _document_id(home, "quyet-dinh-lon-nguoc.pdf")}
    assert dossier["code"] == truth["dossier_code"] and set(dossier["documents"]) == members
    assert (dossier["applicant"], dossier["received_date"], dossier["due_date"]) == (
        truth["people"][0], truth["received_date"], truth["due_date"],
    )  # fmt: skip
    found = {h["id"] for h in _search(home, truth["dossier_code"], limit=20)["hits"]}
    assert members <= found  # the decision carries no code itself: it is found through its dossier


def test_low_confidence_fields_are_listed_for_review(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    everything = json.loads(run_sohoa(home, "status", "--json", env={"SOHOA_REVIEW_FIELD_CONFIDENCE": "1.0"})[1])
    fields = everything["review_fields"]
    assert len(fields) > 30 and {"document_id", "source", "field", "value", "confidence", "page"} <= set(fields[0])
    assert [f["confidence"] for f in fields] == sorted(f["confidence"] for f in fields)
    nothing = json.loads(run_sohoa(home, "status", "--json", env={"SOHOA_REVIEW_FIELD_CONFIDENCE": "0"})[1])
    assert nothing["review_fields"] == []


def test_search_filters_facets_and_query_language_from_the_command_line(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    code, out = run_sohoa(home, "search", "cong hoa xa hoi chu nghia", "--json", "--limit", "50")
    everything = json.loads(out)
    typed = [h for h in everything["hits"] if h["metadata"].get("doc_type")]
    assert code == 0 and everything["total"] == len(everything["hits"])
    assert sum(everything["facets"]["doc_type"].values()) == len(typed)  # pages without a type have no bucket
    code, out = run_sohoa(home, "search", "cong hoa xa hoi chu nghia", "--type", "Quyết định", "--json", "--limit", "50")
    decisions = json.loads(out)
    assert decisions["total"] == everything["facets"]["doc_type"]["Quyết định"]
    assert {h["metadata"]["doc_type"] for h in decisions["hits"]} == {"Quyết định"}
    dated = json.loads(run_sohoa(home, "search", "cong hoa", "--sort", "date", "--json", "--limit", "50")[1])["hits"]
    dates = [h["metadata"]["issued_date"] for h in dated if h["metadata"].get("issued_date")]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 5
    either = json.loads(run_sohoa(home, "search", '"trích lục khai sinh" OR "thông báo"', "--json", "--limit", "50")[1])
    assert {h["metadata"]["doc_type"] for h in either["hits"] if h["metadata"].get("doc_type")} == {
        "Trích lục khai sinh", "Thông báo"}  # both alternatives found, nothing else
    with pytest.raises(SystemExit) as usage_error:  # dates are YYYY-MM-DD: a usage error, exit code 2
        run_sohoa(home, "search", "x", "--from", "05/01/2023")
    assert usage_error.value.code == 2


def test_nothing_is_lost_while_the_search_index_is_down(sohoa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLE_SCANS / "ho-so-mot-cua" / "phieu-tiep-nhan-150dpi.jpg", source)
    down = {"SOHOA_SEARCH_BACKEND": "elasticsearch", "SOHOA_ES_URL": "http://127.0.0.1:9"}  # nothing listens
    code, out = sohoa("ingest", str(source), "--json", env=down)
    detail = json.loads(out)["files_detail"][0]
    assert code == 1 and (detail["state"], detail["error_class"]) == ("extracted", "index_unavailable")
    assert detail["error_message"].startswith("Không kết nối được máy chủ tìm kiếm")
    # The next run with a working index catches up, without OCR again.
    code, out = sohoa("ingest", str(source), "--json")
    assert code == 0 and json.loads(out)["files_detail"][0]["state"] == "indexed"
    assert json.loads(sohoa("search", "phieu tiep nhan", "--json")[1])["total"] == 1


def test_hits_carry_the_boxes_of_the_matching_words_and_can_be_one_per_document(
    ingested: tuple[Path, dict[str, Any]],
) -> None:
    home, _ = ingested
    person = load_truth(SAMPLE_TRUTH)["quyet-dinh-hai-trang.pdf"]["metadata"]["people"][0]
    hit = next(h for h in _search(home, fold(person))["hits"] if h["source"].endswith("quyet-dinh-hai-trang.pdf"))
    words = json.loads(_db(home).execute(
        "SELECT words_json FROM pages WHERE document_id = ? AND number = ?", (hit["id"], hit["page"])
    ).fetchone()[0])  # fmt: skip
    marked = {tuple(w[1:5]): w[0] for w in words}
    assert hit["highlights"] and all(fold(marked[tuple(box)]).strip(".,;:") in fold(person).split() for box in hit["highlights"])
    pages = _search(home, "cong hoa xa hoi", limit=50)["hits"]
    code, out = run_sohoa(home, "search", "cong hoa xa hoi", "--per-document", "--json", "--limit", "50")
    documents = json.loads(out)["hits"]
    assert code == 0 and len({h["id"] for h in documents}) == len(documents) == len({h["id"] for h in pages})


def test_search_documents_and_dossiers_as_records(ingested: tuple[Path, dict[str, Any]]) -> None:
    home, _ = ingested
    truth = load_truth(SAMPLE_TRUTH)["ho-so-mot-cua/phieu-tiep-nhan-150dpi.jpg"]["metadata"]
    code, out = run_sohoa(home, "search", fold(truth["people"][0]), "--records", "dossier", "--json")
    hits = json.loads(out)["hits"]
    assert code == 0 and [h["metadata"]["code"] for h in hits] == [truth["dossier_code"]]
    code, out = run_sohoa(home, "search", "quyet dinh", "--records", "document", "--json", "--limit", "20")
    documents = json.loads(out)["hits"]
    assert documents and {h["page"] for h in documents} == {0}
    assert {h["metadata"]["doc_type"] for h in documents} == {"Quyết định"}


def test_command_line_findings_of_the_hostile_test(ingested: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """Issue 12, finding 9: each failed before its fix."""
    home, _ = ingested
    batches_before = json.loads(run_sohoa(home, "status", "--json")[1])["batches"]
    # A path that does not exist is a typo (usage, exit 2), not a corrupt file kept as a failed batch.
    code, _ = run_sohoa(home, "ingest", str(tmp_path / "khong-co"), "--batch", "Lô gõ nhầm")
    assert code == 2
    # A folder with nothing to ingest makes no empty batch.
    (tmp_path / "trong").mkdir()
    (tmp_path / "trong" / ".an").write_text("x")
    assert run_sohoa(home, "ingest", str(tmp_path / "trong"))[0] == 2
    assert json.loads(run_sohoa(home, "status", "--json")[1])["batches"] == batches_before
    # "-word" excludes, written as the CLI's help says, not an unknown option.
    every = json.loads(run_sohoa(home, "search", "cong hoa", "--json", "--limit", "50")[1])["total"]
    code, out = run_sohoa(home, "search", "cong hoa", "-quyet", "--json", "--limit", "50")
    assert code == 0 and 0 < json.loads(out)["total"] < every
    # A clerk's ID number is checked like an extracted one.
    document_id = json.loads(run_sohoa(home, "search", "quyet dinh", "--json")[1])["hits"][0]["id"]
    assert run_sohoa(home, "edit", document_id, "id_numbers", "123")[0] == 2
    assert run_sohoa(home, "edit", document_id, "id_numbers", "079 203 001 234, 079203005678")[0] == 0
    found = json.loads(run_sohoa(home, "search", "079 203 005 678", "--records", "document", "--json")[1])["hits"]
    assert [h["id"] for h in found] == [document_id] and found[0]["metadata"]["id_numbers"] == ["079203001234", "079203005678"]


def test_a_batch_with_nothing_to_do_starts_no_flow(ingested: tuple[Path, dict[str, Any]]) -> None:
    """Issue 12, finding 10: every ingest paid 16-24 s for a temporary Prefect server, even a batch
    of duplicates. Such a batch now runs no flow at all (counted on the test run's Prefect API)."""
    from prefect import get_client

    home, _ = ingested
    with get_client(sync_client=True) as client:
        before = client.count_flow_runs()
    code, out = run_sohoa(home, "ingest", str(SAMPLE_SCANS), "--batch", "Lô nộp lại", "--json")
    summary = json.loads(out)
    assert code == 0 and summary["duplicates"] == 10 and summary["failed"] == 0
    assert {f["state"] for f in summary["files_detail"]} == {"indexed"}
    with get_client(sync_client=True) as client:
        assert client.count_flow_runs() == before
