"""Fixity (`sohoa verify`): every stored original hashed again; one changed or gone is reported and
recorded, in a folder and in a bucket (read from the bucket itself, not the cached copy)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.settings import load_settings
from pipeline.storage import Storage, original_key
from tests.conftest import SAMPLE_SCANS, run_sohoa

pytestmark = pytest.mark.slow
FILES = ("quyet-dinh-van-phong.pdf", "cong-van-nghieng.png", "thong-bao-dien-thoai.jpg")


def _ingest(home: Path, tmp_path: Path, env: dict[str, str]) -> dict[str, str]:
    batch = tmp_path / "lo"
    batch.mkdir()
    for name in FILES:
        shutil.copy2(SAMPLE_SCANS / name, batch / name)
    code, out = run_sohoa(home, "ingest", str(batch), "--json", env=env)
    assert code == 0, out
    return {Path(f["source"]).name: f["document_id"] for f in json.loads(out)["files_detail"]}


def _sha(home: Path, document_id: str, env: dict[str, str]) -> str:
    """The SHA-256 the catalog recorded for a document's original."""
    from pipeline.catalog import Catalog

    settings = load_settings(home=home, **{k.removeprefix("SOHOA_").lower(): v for k, v in env.items()})
    with Catalog(settings.catalog_location) as catalog:
        document = catalog.document(document_id)
        assert document is not None
        return document.sha256


def test_a_changed_and_a_missing_original_are_reported_and_recorded(prefect_api: None, tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = _ingest(home, tmp_path, {})
    code, out = run_sohoa(home, "verify", "--json")
    assert code == 0 and json.loads(out) == {"checked": 3, "ok": True, "changed": [], "missing": []}

    changed = home / original_key(_sha(home, ids["cong-van-nghieng.png"], {}))
    changed.chmod(0o644)  # stored read-only; an intruder or a failing disk does not ask
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    (home / original_key(_sha(home, ids["thong-bao-dien-thoai.jpg"], {}))).unlink()

    code, out = run_sohoa(home, "verify", "--json")
    report = json.loads(out)
    assert code == 1 and report["checked"] == 3 and not report["ok"]
    assert [c["document_id"] for c in report["changed"]] == [ids["cong-van-nghieng.png"]]
    assert report["changed"][0]["found"] != report["changed"][0]["expected"]
    assert [m["document_id"] for m in report["missing"]] == [ids["thong-bao-dien-thoai.jpg"]]
    status = json.loads(run_sohoa(home, "status", "--json")[1])
    fixity = next(s for s in status["stages"] if s["stage"] == "fixity")
    assert fixity["runs"] == 2 + 2 and fixity["failed"] == 2 + 1  # the two checks, and one row per problem


def test_a_changed_object_in_the_bucket_is_found_though_the_cache_holds_the_good_copy(
    prefect_api: None, tmp_path: Path, s3_storage: dict[str, str]
) -> None:
    home = tmp_path / "home"
    env = {**s3_storage, "SOHOA_LOCAL_CACHE": str(tmp_path / "cache")}
    ids = _ingest(home, tmp_path, env)
    sha = _sha(home, ids["quyet-dinh-van-phong.pdf"], env)
    storage = Storage(env["SOHOA_STORAGE_URL"], tmp_path / "cache", env["SOHOA_S3_ENDPOINT_URL"])
    assert storage.local_path(original_key(sha)).read_bytes()[:4] == b"%PDF"  # the good copy, cached here
    assert run_sohoa(home, "verify", "--json", env=env)[0] == 0
    storage._fs.pipe_file(storage._remote_path(original_key(sha)), b"%PDF-1.4 thay the\n")  # type: ignore[union-attr]
    code, out = run_sohoa(home, "verify", "--json", env=env)
    report = json.loads(out)
    assert code == 1 and [c["document_id"] for c in report["changed"]] == [ids["quyet-dinh-van-phong.pdf"]]
