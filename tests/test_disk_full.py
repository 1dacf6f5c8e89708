"""A disk that fills up during a batch (issue 12, finding 5): before, `sohoa ingest` ended with
tracebacks, printed no summary even with --json, and left `.incoming-*` files in the store of
originals. Now every file is listed (`disk_full` for those not stored), nothing half-written stays,
and the same command run again once there is room finishes the batch without duplicates.

The archive lives on a real 3 MB tmpfs (mounting one needs root, as CI runs)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_SCANS, run_sohoa

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
    with sqlite3.connect(home / "catalog.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 10
        assert db.execute("SELECT count(*) FROM batch_files").fetchone()[0] == 10
        assert db.execute("SELECT count(*) FROM batch_files WHERE outcome = 'failed'").fetchone()[0] == 0
