"""An archive on read-only media (issue 12, finding 8): a ward searching the province's copy on a
read-only share, a DVD, a snapshot. Before, `sohoa search` died on Tantivy's lock file and `status`,
`export`, `dossiers` on SQLite's WAL ("unable to open database file"). Now every command that only
reads works there: the catalog opens read-only (immutable when SQLite cannot put its -shm beside it),
the index generation is copied once to the machine's cache and opened from there.

The archive lives on a real tmpfs remounted read-only (mounting needs root, as CI runs)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.catalog import migrations
from tests.conftest import SAMPLE_SCANS, run_sohoa

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_catalog]  # read-only media: the SQLite file itself

RECEIPT = SAMPLE_SCANS / "ho-so-mot-cua" / "phieu-tiep-nhan-150dpi.jpg"


@pytest.fixture(scope="module")
def read_only_home(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs read-only needs root (CI runs as root)")
    mount = tmp_path_factory.mktemp("media") / "archive"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200m", "tmpfs", str(mount)], check=True)
    try:
        home = mount / "home"
        scans = tmp_path_factory.mktemp("scans") / "Hồ sơ 12"
        scans.mkdir()
        (scans / RECEIPT.name).write_bytes(RECEIPT.read_bytes())
        code, out = run_sohoa(home, "ingest", str(scans))
        assert code == 0, out
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield home
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _sohoa(home: Path, *args: str, env: dict[str, str]) -> tuple[int, str]:
    """Another process, as on the ward's machine (this one already holds the index open)."""
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), *args],
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=120)  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout


def test_every_reading_command_works_on_a_read_only_archive(read_only_home: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"SOHOA_LOCAL_CACHE": str(cache)}
    with pytest.raises(OSError):  # the media really is read-only
        (read_only_home / "probe").write_text("x")

    code, out = _sohoa(read_only_home, "search", "phieu tiep nhan", "--json", env=env)
    assert code == 0
    hits = json.loads(out)["hits"]
    assert hits and hits[0]["source"].endswith(RECEIPT.name) and hits[0]["highlights"]
    copies = list(cache.rglob(".sohoa-copy"))
    assert len(copies) == 1  # the generation was copied once to this machine
    copied_at = copies[0].stat().st_mtime_ns
    code, out = _sohoa(read_only_home, "search", "tiếp nhận", env=env)
    assert code == 0 and RECEIPT.name in out
    assert copies[0].stat().st_mtime_ns == copied_at  # and is reused, not copied again

    code, out = _sohoa(read_only_home, "status", "--json", env=env)
    index = json.loads(out)["index"]
    assert code == 0 and index["counts"]["pages"] == 1 and index["in_step"]
    code, out = _sohoa(read_only_home, "export", env=env)
    assert code == 0
    document = json.loads(out)
    assert document["pages"][0]["text"]
    code, out = _sohoa(read_only_home, "dossiers", "--json", env=env)
    assert code == 0 and [d["documents"] for d in json.loads(out)] == [[document["id"]]]
    pdf = tmp_path / "ban-sao.pdf"
    code, _ = _sohoa(read_only_home, "outputs", document["id"], "--pdf", str(pdf), env=env)
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_a_read_only_catalog_of_another_version_is_refused_with_a_reason(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs read-only needs root (CI runs as root)")
    mount = tmp_path / "old"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=10m", "tmpfs", str(mount)], check=True)
    try:
        db = sqlite3.connect(mount / "catalog.sqlite3")
        db.execute("CREATE TABLE pages (id INTEGER)")
        db.execute(f"PRAGMA user_version={migrations.number(migrations.head()) - 1}")  # made before Alembic
        db.commit()
        db.close()
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        code, _ = run_sohoa(mount, "export", env={"SOHOA_LOCAL_CACHE": str(tmp_path / "cache")})
        errors = capfd.readouterr().err
        assert code == 1
        assert "catalog_unavailable" in errors and "định dạng cũ hơn" in errors and "Traceback" not in errors
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
