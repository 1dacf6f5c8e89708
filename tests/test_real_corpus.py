"""samples/real: the published documents' manifest holds what a clerk records, in the form the
benchmarks compare (NFC, traditional tones, dates that exist, numbers without spaces), and the
builder checks each file's bytes against its Git blob hash as git computes it."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

from samples.evaluation import traditional_tones
from samples.real.build import HERE, _blob_hash

FIELDS = {"doc_type", "number", "issued_date", "agency", "subject", "signer", "signer_title", "signing_authority"}


def _manifest() -> dict:  # type: ignore[type-arg]
    return json.loads((HERE / "documents.json").read_text(encoding="utf-8"))


def test_each_document_is_recorded_once_with_its_source_and_a_clerks_fields() -> None:
    manifest = _manifest()
    assert re.fullmatch(r"[0-9a-f]{40}", manifest["source"]["commit"])
    documents = manifest["documents"]
    assert len({d["id"] for d in documents}) == len({d["blob"] for d in documents}) == len(documents) == 26
    for document in documents:
        assert re.fullmatch(r"[0-9a-f]{40}", document["blob"]) and document["path"].startswith("backup/")
        assert document["kind"] in ("scan", "text") and (document["kind"] == "text") == (document["profile"] == "word")
        if "pages" in document:
            first, last = document["pages"]
            assert 1 <= first <= last
        metadata = document["metadata"]
        assert {"doc_type", "number", "issued_date", "agency", "subject"} <= set(metadata) <= FIELDS
        date.fromisoformat(metadata["issued_date"])
        assert " " not in metadata["number"] and "/" in metadata["number"]
        for value in metadata.values():
            if value is not None:
                assert value == unicodedata.normalize("NFC", value) == traditional_tones(value), value
                assert value == " ".join(value.split())
        if "signer" in metadata:  # the signature block read: its three fields together
            assert {"signer_title", "signing_authority"} <= set(metadata)
            assert metadata["signing_authority"] in (None, "KT.", "TL.", "TM.")


def test_a_files_blob_hash_is_gits(tmp_path: Path) -> None:
    data = "Quyết định số 46/TB-UBND\n".encode() + bytes(range(256))
    (tmp_path / "file").write_bytes(data)
    by_git = subprocess.run(["git", "hash-object", str(tmp_path / "file")], check=True, capture_output=True, text=True)
    assert _blob_hash(data) == by_git.stdout.strip()
    assert _blob_hash(data + b"x") != by_git.stdout.strip()


def test_the_new_tone_convention_is_put_in_the_traditional_one_case_kept() -> None:
    assert traditional_tones("cổ phần hoá Công ty, xoá nhà tạm, Thuỷ Lợi") == "cổ phần hóa Công ty, xóa nhà tạm, Thủy Lợi"
    assert traditional_tones("HOÁ ĐƠN, Hoá đơn") == "HÓA ĐƠN, Hóa đơn"
    assert traditional_tones("hoà giải, khoẻ, 30/2020/NĐ-CP") == "hòa giải, khỏe, 30/2020/NĐ-CP"
    assert traditional_tones("hóa thủy quý") == "hóa thủy quý"  # already traditional; "quý" is no oa/oe/uy
