"""A disk that fills up during a batch (issue 12, finding 5): before, `sohoa ingest` ended with
tracebacks, printed no summary even with --json, and left `.incoming-*` files in the store of
originals. Now every file is listed (`disk_full` for those not stored), nothing half-written stays,
and the same command run again once there is room finishes the batch without duplicates.

The archive lives on a real 3 MB tmpfs (mounting one needs root, as CI runs)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_SCANS, catalog_sql, run_sohoa

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_stops_the_batch_cleanly_and_the_next_run_finishes_it(
    prefect_api: None, small_disk: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    home = small_disk / "home"
    code, out = run_sohoa(home, "ingest", str(SAMPLE_SCANS), "--batch", "Lô đĩa đầy", "--json")
    errors = capfd.readouterr().err
    assert code == 1 and "Traceback" not in errors and "Hết chỗ trên đĩa" in errors
    summary = json.loads(out)
    assert summary["files"] == 10  # every file listed, stored or not
    full = [f for f in summary["files_detail"] if f["error_class"] == "disk_full"]
    assert full and all(f["error_message"] for f in full)
    assert not list((home / "originals").rglob(".incoming-*"))  # nothing half-written
    subprocess.run(["mount", "-o", "remount,size=300m", str(small_disk)], check=True)
    code, out = run_sohoa(home, "ingest", str(SAMPLE_SCANS), "--batch", "Lô đĩa đầy", "--json")
    summary = json.loads(out)
    assert code == 0, out
    assert {f["state"] for f in summary["files_detail"]} == {"indexed"} and summary["failed"] == 0
    with catalog_sql(home) as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 10
        assert db.execute("SELECT count(*) FROM batch_files").fetchone()[0] == 10
        assert db.execute("SELECT count(*) FROM batch_files WHERE outcome = 'failed'").fetchone()[0] == 0


def test_an_upload_that_meets_a_full_disk_is_refused_and_cleaned_up(small_disk: Path) -> None:
    """The web side of finding 4: 507 with a message, the job failed, no file left in uploads/."""
    from fastapi.testclient import TestClient

    from pipeline.settings import load_settings
    from search_ui.accounts import WebStore
    from search_ui.app import create_app

    settings = load_settings(home=small_disk / "home")
    with WebStore(settings.web_store_location) as store:
        store.add_user("vanthu", "mat-khau-thu-nghiem-1", ["clerk"])
        token = store.create_token("vanthu", "tests")
    # A scan with 4 MB of trailing bytes after its end: still a PDF, more than the disk holds.
    big = (SAMPLE_SCANS / "quyet-dinh-van-phong.pdf").read_bytes() + b"\n%" + os.urandom(4 * 1024 * 1024)
    with TestClient(create_app(settings, run_jobs=False), base_url="http://testserver") as client:
        response = client.post("/api/uploads", headers={"authorization": f"Bearer {token}"}, data={"batch": "Lô lớn"},
                               files=[("files", ("quyet-dinh-lon.pdf", big))])  # fmt: skip
        assert response.status_code == 507 and "hết chỗ trên đĩa" in response.json()["detail"]
        jobs_seen = client.get("/api/batches", headers={"authorization": f"Bearer {token}"}).json()
    assert [j["state"] for j in jobs_seen] == ["failed"]
    assert not [p for p in settings.uploads_dir.rglob("*") if p.is_file()]
