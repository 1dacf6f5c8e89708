"""Originals and page images in an S3-compatible bucket (SOHOA_STORAGE_URL), against a real server:
SeaweedFS, built and started by scripts/s3.sh (scripts/test.sh runs it beside the suite)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.storage import OriginalStore, Storage, StorageUnavailableError, original_key, page_image_key


def _storage(s3_storage: dict[str, str], cache: Path) -> Storage:
    return Storage(s3_storage["SOHOA_STORAGE_URL"], cache, s3_storage["SOHOA_S3_ENDPOINT_URL"])


def test_an_original_goes_to_the_bucket_and_comes_back_on_another_machine(s3_storage: dict[str, str],
                                                                         tmp_path: Path) -> None:  # fmt: skip
    source = tmp_path / "quyết định.pdf"
    source.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 400)
    here = OriginalStore(_storage(s3_storage, tmp_path / "cache-here"))
    stored = here.put(source)
    assert stored.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert here.put(source).sha256 == stored.sha256  # a second copy is the same object, stored once
    elsewhere = _storage(s3_storage, tmp_path / "cache-elsewhere")  # another machine: an empty cache
    assert elsewhere.exists(original_key(stored.sha256))
    fetched = OriginalStore(elsewhere).path_for(stored.sha256)
    assert fetched.read_bytes() == source.read_bytes() and fetched.is_relative_to(tmp_path / "cache-elsewhere")
    with pytest.raises(StorageUnavailableError) as missing:
        OriginalStore(elsewhere).path_for("0" * 64)
    assert missing.value.error_class == "storage_unavailable" and "không có" in missing.value.message
    assert not list((tmp_path / "cache-elsewhere").rglob("*.part"))  # no half-fetched file left
    # What the bucket holds, by prefix (the capacity benchmark's room per page), as a folder would say.
    assert elsewhere.size_bytes("originals") == source.stat().st_size and elsewhere.size_bytes("pages") == 0
    local = Storage(tmp_path / "folder", tmp_path / "cache-local")
    OriginalStore(local).put(source)
    assert local.size_bytes("originals") == source.stat().st_size and local.size_bytes("pages") == 0


def test_the_cache_of_a_bucket_keeps_to_its_limit_least_recently_used_first(s3_storage: dict[str, str],
                                                                           tmp_path: Path) -> None:  # fmt: skip
    """Copies fetched from the bucket are trimmed past the limit, the least recently read first;
    a file made here and not yet published is never removed, nor is anything of a local archive."""
    here = _storage(s3_storage, tmp_path / "cache-here")
    keys = [page_image_key(f"doc{n}", 1) for n in range(5)]
    for n, key in enumerate(keys):
        here.working_path(key).parent.mkdir(parents=True, exist_ok=True)
        here.working_path(key).write_bytes(bytes([n]) * 100_000)
        here.publish(key)
    reader = _storage(s3_storage, tmp_path / "cache-reader")
    for n, key in enumerate(keys):
        os.utime(reader.local_path(key), (1_000_000 + n, 1_000_000 + n))  # read in this order, long ago
    os.utime(reader.local_path(keys[0]))  # read again now: the most recent
    unpublished = reader.working_path(page_image_key("moi", 1))
    unpublished.parent.mkdir(parents=True, exist_ok=True)
    unpublished.write_bytes(b"x" * 100_000)  # a worker's fresh page image, not in the bucket yet
    removed = reader.trim_cache(350_000)  # 600 kB held: the three read longest ago go
    kept = [k for k in keys if reader.working_path(k).exists()]
    assert removed == 300_000 and kept == [keys[0], keys[4]], kept
    assert reader.trim_cache(0) == 100_000  # to nothing: the last old copy goes, but what changed within the hour
    assert reader.working_path(keys[0]).exists() and unpublished.exists()  # stays, even past the limit
    assert reader.local_path(keys[1]).read_bytes() == bytes([1]) * 100_000  # fetched again when wanted
    local = Storage(tmp_path / "archive", tmp_path / "cache-local")
    local.working_path(keys[0]).parent.mkdir(parents=True, exist_ok=True)
    local.working_path(keys[0]).write_bytes(b"y" * 1000)
    assert local.trim_cache(0, grace_seconds=0) == 0 and local.working_path(keys[0]).exists()


@pytest.mark.slow
def test_the_samples_with_their_files_in_a_bucket(sohoa, home: Path, s3_storage: dict[str, str],  # type: ignore[no-untyped-def]
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """ingest stores every original and page image in the bucket (nothing in SOHOA_HOME's folders);
    with this machine's cache emptied, the web app still shows the page and hands out the original
    and a searchable PDF (fetched back from the bucket); a second run adds nothing."""
    import fsspec
    from fastapi.testclient import TestClient

    from pipeline.settings import load_settings
    from search_ui.accounts import WebStore
    from search_ui.app import create_app
    from tests.conftest import SAMPLE_SCANS
    from tests.web_support import PASSWORD, login

    cache = tmp_path / "machine-cache"
    env = {**s3_storage, "SOHOA_LOCAL_CACHE": str(cache)}
    code, out = sohoa("ingest", str(SAMPLE_SCANS), "--batch", "Mẫu S3", "--json", env=env)
    assert code == 0, out
    summary = json.loads(out)
    assert not (home / "originals").exists() and not (home / "pages").exists()
    code, out = sohoa("status", "--json", env=env)
    assert code == 0 and json.loads(out)["storage"] == s3_storage["SOHOA_STORAGE_URL"]
    bucket = fsspec.filesystem("s3", client_kwargs={"endpoint_url": s3_storage["SOHOA_S3_ENDPOINT_URL"]})
    prefix = s3_storage["SOHOA_STORAGE_URL"][len("s3://"):]
    originals = bucket.find(f"{prefix}/originals")
    images = bucket.find(f"{prefix}/pages")
    assert len(originals) == len({f["document_id"] for f in summary["files_detail"] if f.get("document_id")}) >= 10
    assert len(images) >= 11  # every page of every sample

    shutil.rmtree(cache)  # another machine, or this one after its cache was cleared
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = load_settings(home=home)
    with WebStore(settings.web_store_location) as store:
        store.add_user("tracuu", PASSWORD, ["officer"])
    document_id = next(f["document_id"] for f in summary["files_detail"] if f["source"].endswith("quyet-dinh-van-phong.pdf"))
    with TestClient(create_app(settings, run_jobs=False), base_url="http://testserver") as client:
        login(client, "tracuu")
        image = client.get(f"/documents/{document_id}/pages/1/image")
        assert image.status_code == 200 and image.content[:3] == b"\xff\xd8\xff"  # the JPEG, from the bucket
        original = client.get(f"/documents/{document_id}/download/original")
        assert original.status_code == 200
        assert original.content == (SAMPLE_SCANS / "quyet-dinh-van-phong.pdf").read_bytes()
        pdf = client.get(f"/documents/{document_id}/download/pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    code, again = sohoa("ingest", str(SAMPLE_SCANS), "--batch", "Mẫu S3", "--json", env=env)
    assert code == 0, again
    assert sorted(bucket.find(f"{prefix}/originals")) == sorted(originals)  # resumed: nothing stored twice


def test_a_retry_whose_original_is_missing_from_the_bucket_says_so(s3_storage: dict[str, str], tmp_path: Path) -> None:
    """`sohoa retry` probes documents whose intake failed again; an original the bucket lacks (or a
    bucket that is away) leaves that document failed as storage_unavailable, the others go on."""
    from pipeline.catalog import Catalog
    from pipeline.settings import Settings
    from pipeline.stages.intake import reprobe

    settings = Settings(home=tmp_path / "home", local_cache=tmp_path / "cache", storage_url=s3_storage["SOHOA_STORAGE_URL"],
                        s3_endpoint_url=s3_storage["SOHOA_S3_ENDPOINT_URL"])  # fmt: skip
    with Catalog(settings.catalog_location) as catalog:
        batch = catalog.ensure_batch("Lô")
        document, _ = catalog.add_document("ab" * 32, "mất.pdf", "", batch, 10)
        reprobe(catalog, settings, [document.id])
        after = catalog.document(document.id)
        assert after is not None and (after.state, after.error_class) == ("failed", "storage_unavailable")
