"""Signed electronic copies (Decree 30/2020/NĐ-CP): the searchable PDF with the copy stamp at the top
right of page 1 and the office's PAdES signature; `sohoa verify-pdf` names the signer and time,
and any byte changed in what was signed breaks it. The certificates come from a CA made here."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.conftest import SAMPLE_SCANS

pytestmark = [pytest.mark.slow, pytest.mark.catalog_agnostic]  # signing and checking a copy: SQLite pass only
PASSWORD = "mat-khau-chung-thu"
OFFICE = "UBND phường Dĩ An"


def _name(common: str, organization: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])  # fmt: skip


def _authority(tmp_path: Path) -> tuple[Path, Path]:
    """A root CA (its certificate as PEM) and an office certificate issued by it (PKCS#12)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("CA thử nghiệm sohoa", "sohoa")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))  # fmt: skip
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    office = (x509.CertificateBuilder().subject_name(_name("Văn thư " + OFFICE, OFFICE)).issuer_name(ca_name)
              .public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
              .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                           crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
              .sign(ca_key, hashes.SHA256()))  # fmt: skip
    root = tmp_path / "ca.pem"
    root.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    p12 = tmp_path / "van-thu.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"van-thu", key, office, [ca], serialization.BestAvailableEncryption(PASSWORD.encode())))  # fmt: skip
    return root, p12


def test_a_signed_copy_carries_its_stamp_and_any_changed_byte_breaks_it(sohoa, home: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        pdfa_report) -> None:  # fmt: skip
    root, p12 = _authority(tmp_path)
    code, out = sohoa("ingest", str(SAMPLE_SCANS / "quyet-dinh-van-phong.pdf"), "--json")
    assert code == 0, out
    document_id = json.loads(out)["files_detail"][0]["document_id"]
    copy = tmp_path / "ban-sao.pdf"
    env = {"SOHOA_SIGNING_P12": str(p12), "SOHOA_SIGNING_PASSWORD": PASSWORD}

    assert sohoa("outputs", document_id, "--signed-copy", str(copy))[0] == 1  # no certificate set: refused
    assert not copy.exists()
    assert sohoa("outputs", document_id, "--signed-copy", str(copy), env={**env, "SOHOA_SIGNING_PASSWORD": "sai"})[0] == 1
    assert sohoa("outputs", document_id, "--signed-copy", str(copy), "--copy-form", "SAO LỤC", env=env)[0] == 0

    # The stamp, top right of page 1: the form of copy, the agency (from the certificate), ISO 8601 time.
    page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(copy), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "BẢN SAO ĐIỆN TỬ — SAO LỤC" in page and OFFICE in page, page[:500]
    stamped = page.split("Thời gian ký: ")[1][:25]
    assert dt.datetime.fromisoformat(stamped).utcoffset() == dt.timedelta(hours=7), stamped  # ISO 8601, Vietnam time
    assert "QUYẾT ĐỊNH" in page.upper()  # the text layer of the copy is still there

    # The searchable PDF and the signed copy are PDF/A-2b as veraPDF, the PDF Association's validator, reads them.
    searchable = tmp_path / "tim-kiem.pdf"
    assert sohoa("outputs", document_id, "--pdf", str(searchable))[0] == 0
    passed, pdfa = pdfa_report(searchable, copy)
    assert passed, pdfa
    assert not pdfa_report(SAMPLE_SCANS / "cong-van-co-lop-chu.pdf")[0]  # a PDF that is not PDF/A fails

    code, out = sohoa("verify-pdf", str(copy), "--trust", str(root), "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"], report
    (signature,) = report["signatures"]
    assert signature["intact"] and signature["valid"] and signature["trusted"] and signature["whole_file"]
    assert OFFICE in signature["signer"] and signature["signed_at"].startswith(str(dt.datetime.now(dt.UTC).year))

    # Not trusted without its root: reported, and the command says so.
    (tmp_path / "khac").mkdir()
    other_root, _ = _authority(tmp_path / "khac")
    code, out = sohoa("verify-pdf", str(copy), "--trust", str(other_root), "--json")
    assert code == 1 and not json.loads(out)["signatures"][0]["trusted"]

    # Any byte of the signed range changed (here, in the page's content, inside the first range).
    data = bytearray(copy.read_bytes())
    start = data.index(b"stream", len(data) // 4) + 20
    for offset in (start, len(data) // 3):
        tampered = tmp_path / f"sua-{offset}.pdf"
        changed = bytearray(data)
        changed[offset] = (changed[offset] + 1) % 256
        tampered.write_bytes(bytes(changed))
        code, out = sohoa("verify-pdf", str(tampered), "--trust", str(root), "--json")
        assert code == 1, f"a byte changed at {offset} went unnoticed"
        if offset == start:  # the file still reads: the signature itself says the bytes changed
            changed_report = json.loads(out)
            assert not changed_report["ok"] and not changed_report["signatures"][0]["intact"], changed_report

    # The web app hands the same copy to an officer (signed at the request, audited); an admin, who
    # does not handle citizens' papers, gets none; without a certificate the link is not offered.
    from fastapi.testclient import TestClient

    from pipeline.settings import load_settings
    from pipeline.signing import verify
    from search_ui.accounts import WebStore
    from search_ui.app import create_app
    from tests.conftest import web_store_of

    with WebStore(web_store_of(home)) as store:
        store.add_user("tracuu", "mat-khau-tra-cuu-1", ["officer"])
        store.add_user("quantri", "mat-khau-quan-tri-1", ["admin"])
        officer, admin = store.create_token("tracuu", "tests"), store.create_token("quantri", "tests")
    settings = load_settings(home=home, signing_p12=p12, signing_password=PASSWORD)
    with TestClient(create_app(settings, run_jobs=False)) as client:
        response = client.get(f"/api/documents/{document_id}/files/signed", headers={"authorization": f"Bearer {officer}"})
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
        assert "ban-sao-dien-tu.pdf" in response.headers["content-disposition"]
        assert client.get(f"/api/documents/{document_id}/files/signed",
                          headers={"authorization": f"Bearer {admin}"}).status_code == 403  # fmt: skip
    downloaded = tmp_path / "tu-web.pdf"
    downloaded.write_bytes(response.content)
    (web_signature,) = verify(downloaded, [root])
    assert web_signature.intact and web_signature.valid and web_signature.trusted
    with WebStore(web_store_of(home)) as store:
        assert [json.loads(e["detail_json"])["kind"] for e in store.audit_entries(action="download")] == ["signed"]
    with TestClient(create_app(load_settings(home=home), run_jobs=False)) as client:
        response = client.get(f"/api/documents/{document_id}/files/signed", headers={"authorization": f"Bearer {officer}"})
        assert response.status_code == 409 and "SOHOA_SIGNING_P12" in response.json()["detail"]


def test_signing_and_verifying_work_where_an_event_loop_runs(tmp_path: Path) -> None:
    """pyHanko runs an event loop of its own: called from code that runs one already (an async web
    handler, a test session with an async plugin) it must still sign and verify."""
    import asyncio

    from pipeline.signing import sign_copy, verify

    root, p12 = _authority(tmp_path)
    copy = tmp_path / "sao.pdf"

    async def inside_a_loop() -> list[bool]:
        sign_copy(SAMPLE_SCANS / "quyet-dinh-van-phong.pdf", copy, p12, PASSWORD, copy_form="TRÍCH SAO")
        return [r.intact and r.valid and r.trusted for r in verify(copy, [root])]

    # The loop in a thread of its own: the test session may run one in this thread already.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside_a_loop()).result() == [True]
