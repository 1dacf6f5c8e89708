"""A citizen's results on request: by CCCD, across the archive, a clerk's correction included, audited
with its purpose; from the command line and the API."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_SCANS, web_store_of

pytestmark = pytest.mark.slow
CCCD = "074199454768"  # in quyet-dinh-van-phong (samples/truth)


def test_results_of_a_citizen_from_the_command_line_and_the_api(sohoa, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    batch = tmp_path / "lo"
    batch.mkdir()
    for name in ("quyet-dinh-van-phong.pdf", "cong-van-nghieng.png", "thong-bao-dien-thoai.jpg"):
        shutil.copy2(SAMPLE_SCANS / name, batch / name)
    code, out = sohoa("ingest", str(batch), "--json")
    assert code == 0, out
    ids = {Path(f["source"]).name: f["document_id"] for f in json.loads(out)["files_detail"]}

    code, out = sohoa("citizen", "074 199 454 768", "--purpose", "giải quyết hồ sơ cấp đổi", "--by", "tracuu", "--json")
    assert code == 0
    found = json.loads(out)
    assert found["id_number"] == CCCD and [r["document_id"] for r in found["results"]] == [ids["quyet-dinh-van-phong.pdf"]]
    first = found["results"][0]
    assert first["doc_type"] == "Quyết định" and first["number"] and first["signed_copy"].endswith("/files/signed")

    # A clerk adds the number to another document: it is found too (the catalog's keys follow corrections).
    assert sohoa("edit", ids["cong-van-nghieng.png"], "id_numbers", f"075085324771, {CCCD}")[0] == 0
    code, out = sohoa("citizen", CCCD, "--purpose", "kiểm tra lại", "--json")
    assert sorted(r["document_id"] for r in json.loads(out)["results"]) == sorted(
        [ids["quyet-dinh-van-phong.pdf"], ids["cong-van-nghieng.png"]])  # fmt: skip
    code, out = sohoa("citizen", CCCD, "--procedure", "1.000001", "--purpose", "theo thủ tục", "--json")
    assert code == 0 and json.loads(out)["results"] == []  # no result of that procedure
    assert sohoa("citizen", "12345", "--purpose", "sai số")[0] == 2  # not a CCCD/CMND
    assert json.loads(sohoa("citizen", "001234567890", "--purpose", "không có", "--json")[1])["results"] == []

    from fastapi.testclient import TestClient

    from pipeline.settings import load_settings
    from search_ui.accounts import WebStore
    from search_ui.app import create_app

    with WebStore(web_store_of(home)) as store:
        store.add_user("canbo", "mat-khau-tra-cuu-1", ["officer"])
        store.add_user("quantri", "mat-khau-quan-tri-1", ["admin"])
        officer, admin = store.create_token("canbo", "tests"), store.create_token("quantri", "tests")
    with TestClient(create_app(load_settings(home=home), run_jobs=False)) as client:
        url = f"/api/citizens/{CCCD}"
        answer = client.get(url, params={"purpose": "một cửa liên thông"}, headers={"authorization": f"Bearer {officer}"})
        assert answer.status_code == 200 and len(answer.json()["results"]) == 2
        assert client.get(url, headers={"authorization": f"Bearer {officer}"}).status_code == 422  # no purpose
        assert client.get(url, params={"purpose": "xem"}, headers={"authorization": f"Bearer {admin}"}).status_code == 403
        assert client.get("/api/citizens/12ab", params={"purpose": "xem thử"},
                          headers={"authorization": f"Bearer {officer}"}).status_code == 422  # fmt: skip
        audit_page = client.get("/admin/audit", params={"action": "citizen_lookup"}, headers={"authorization": f"Bearer {admin}"})
        assert audit_page.status_code == 200 and "một cửa liên thông" in audit_page.text
        assert CCCD not in audit_page.text  # admins see the lookups, not the citizens' numbers
    with WebStore(web_store_of(home)) as store:
        lookups = [(e["username"], e["target"], json.loads(e["detail_json"])["purpose"], e["client"])
                   for e in reversed(store.audit_entries(action="citizen_lookup"))]  # fmt: skip
    assert lookups[0] == ("tracuu", CCCD, "giải quyết hồ sơ cấp đổi", "cli")
    assert lookups[-1][:3] == ("canbo", CCCD, "một cửa liên thông") and len(lookups) == 5  # a refused number is not a lookup
