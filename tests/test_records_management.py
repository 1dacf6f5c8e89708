"""Records management (issue 14, parts 2 and 3): archival description of documents and dossiers, a
dossier's package (BagIt, METS, PREMIS) and retention with disposal under an admin's decision.

One small archive for the module: a one-stop dossier (receipt + decision, one folder), a civil-status
extract (kept permanently by default) and an office decision. Packages are checked with the Library
of Congress's ``bagit`` and Artefactual's ``metsrw``, and the METS against the METS 1.12 schema."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import bagit
import metsrw
import pytest
from lxml import etree

from pipeline.catalog import Catalog
from pipeline.settings import load_settings
from pipeline.storage import original_key
from tests.conftest import SAMPLE_SCANS, CatalogReader, run_sohoa, web_store_of
from tests.test_signed_copy import PASSWORD, _authority

pytestmark = pytest.mark.slow
XLINK_SCHEMA = Path(__file__).with_name("data") / "xlink.xsd"


@pytest.fixture(scope="module")
def archive(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("records")
    batch = root / "lo"
    shutil.copytree(SAMPLE_SCANS / "ho-so-mot-cua", batch / "ho-so-mot-cua")
    for name in ("trich-luc-khai-sinh-fax.tiff", "quyet-dinh-van-phong.pdf"):
        shutil.copy2(SAMPLE_SCANS / name, batch / name)
    home = root / "home"
    code, out = run_sohoa(home, "ingest", str(batch), "--json")
    assert code == 0, out
    ids = {Path(f["source"]).name: f["document_id"] for f in json.loads(out)["files_detail"]}
    return home, ids


def _dossier(home: Path) -> dict[str, Any]:
    code, out = run_sohoa(home, "dossiers", "--json")
    dossiers = json.loads(out)
    assert code == 0 and len(dossiers) == 1
    return dossiers[0]  # type: ignore[no-any-return]


def test_archival_fields_are_corrections_with_a_vocabulary(archive: tuple[Path, dict[str, str]]) -> None:
    home, ids = archive
    decision = ids["quyet-dinh-van-phong.pdf"]
    assert run_sohoa(home, "edit", decision, "access_regime", "cong khai")[0] == 0  # folded input, stored NFC
    assert run_sohoa(home, "edit", decision, "retention", "7")[0] == 0
    assert run_sohoa(home, "edit", decision, "keywords", "nhân sự, bổ nhiệm")[0] == 0
    assert run_sohoa(home, "edit", decision, "reliability", "chắc chắn")[0] == 2  # not in the vocabulary
    assert run_sohoa(home, "edit", decision, "retention", "200 năm")[0] == 2
    with Catalog(load_settings(home=home).catalog_location) as catalog:
        fields = catalog.effective_metadata(decision)
        history = [(r["field"], r["corrected_by"]) for r in catalog.correction_history(decision)]
    assert (fields["access_regime"], fields["retention"], fields["keywords"]) == ("Công khai", "7 năm",
                                                                                   ["nhân sự", "bổ nhiệm"])
    assert {f for f, _ in history} == {"access_regime", "retention", "keywords"}  # audited like any correction
    assert "reliability" not in fields


def _validate_mets_structure(mets: Path) -> None:
    """METS 1.12 schema (metsrw's copy; XLink resolved to tests/data/xlink.xsd: no network here). The
    PREMIS inside xmlData is checked by metsrw's parser instead: its schema cannot be fetched here, so
    the ``xsi:type`` naming a PREMIS type is set aside (METS validates xmlData content laxly)."""

    class Local(etree.Resolver):
        def resolve(self, url: str, pubid: str, context: Any) -> Any:
            return self.resolve_filename(str(XLINK_SCHEMA), context) if url.endswith("xlink.xsd") else None

    parser = etree.XMLParser()
    parser.resolvers.add(Local())
    schema = etree.XMLSchema(etree.parse(str(Path(metsrw.__file__).with_name("resources") / "mets.xsd"), parser))
    document = etree.parse(str(mets))
    for element in document.iter("{http://www.loc.gov/premis/v3}object"):
        element.attrib.pop("{http://www.w3.org/2001/XMLSchema-instance}type", None)
    assert schema.validate(document), schema.error_log


def test_a_dossier_package_validates_and_carries_what_was_received(archive: tuple[Path, dict[str, str]],
                                                                   tmp_path: Path) -> None:  # fmt: skip
    home, ids = archive
    receipt = ids["phieu-tiep-nhan-150dpi.jpg"]
    assert run_sohoa(home, "edit", receipt, "physical_state", "Giấy ố vàng, mép rách")[0] == 0
    _ca, p12 = _authority(tmp_path)
    signing = {"SOHOA_SIGNING_P12": str(p12), "SOHOA_SIGNING_PASSWORD": PASSWORD,
               "SOHOA_OFFICE_NAME": "UBND phường Dĩ An"}  # fmt: skip
    dossier = _dossier(home)
    assert run_sohoa(home, "edit", "--dossier", dossier["code"], "sheet_count", "12", "--by", "vanthu")[0] == 0
    assert run_sohoa(home, "edit", "--dossier", dossier["code"], "sheet_count", "mười hai")[0] == 2
    assert run_sohoa(home, "edit", "--dossier", dossier["code"], "physical_state", "Bìa hồ sơ rách")[0] == 0
    bag_dir = tmp_path / "goi"
    code, out = run_sohoa(home, "package", dossier["code"], "--out", str(bag_dir), "--json", env=signing)
    assert code == 0, out
    report = json.loads(out)
    assert report["documents"] == 2 and report["signed_copies"] is True

    bag = bagit.Bag(str(bag_dir))
    bag.validate()  # every payload file against its SHA-256 manifest, Payload-Oxum, tag manifest
    assert bag.info["External-Identifier"] == dossier["code"] and bag.info["Source-Organization"] == "UBND phường Dĩ An"
    mets_path = bag_dir / "data" / "METS.xml"
    _validate_mets_structure(mets_path)
    mets = metsrw.METSDocument.fromfile(str(mets_path))
    files = {f.path: f for f in mets.all_files() if f.type == "Item"}

    # Every original in it is the file received: its bytes hash to the SHA-256 the catalog recorded.
    with Catalog(load_settings(home=home).catalog_location) as catalog:
        recorded = {d: catalog.document(d).file_sha256 for d in dossier["documents"]}  # type: ignore[union-attr]
    originals = {p: f for p, f in files.items() if f.use == "original"}
    assert len(originals) == 2
    for path, entry in originals.items():
        document_id = path.split("/")[1]
        data = (bag_dir / "data" / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == recorded[document_id] == entry.checksum
        (premis_object,) = entry.get_premis_objects()
        assert premis_object.message_digest == recorded[document_id]
        kinds = [e.event_type for e in entry.get_premis_events()]
        assert kinds[0] == "ingestion" and {"creation", "metadata extraction", "fixity check"} <= set(kinds)
    receipt_events = [e for p, f in originals.items() if receipt in p for e in f.get_premis_events()]
    corrections = [e for e in receipt_events if e.event_type == "metadata modification"]
    assert len(corrections) == 1 and "Giấy ố vàng" in corrections[0].event_detail_information__event_detail
    signed = [f for f in files.values() if f.use == "signed copy"]
    assert len(signed) == 2 and all("digital signature generation" in [e.event_type for e in f.get_premis_events()]
                                    for f in signed)  # fmt: skip
    assert len([f for f in files.values() if f.use == "alto"]) == 2

    # The descriptions: file level and document level, Circular 05/2025 fields.
    described = json.loads((bag_dir / "data" / "metadata" / "descriptive" / "dossier.json").read_text("utf-8"))
    assert described["dossier_code"] == dossier["code"] and described["document_count"] == 2
    assert described["start_date"] <= described["end_date"] and described["page_count"] == 2
    assert (described["sheet_count"], described["physical_state"]) == (12, "Bìa hồ sơ rách")  # the clerk's, file level
    assert [c["field"] for c in described["corrections"]] == ["sheet_count", "physical_state"]
    documents = {d["identifier"]: d for d in described["documents"]}
    assert documents[receipt]["physical_state"] == "Giấy ố vàng, mép rách"
    assert {d["order_in_dossier"] for d in documents.values()} == {1, 2}
    mets_text = mets_path.read_text("utf-8")
    assert "<hs:maHoSo>" + dossier["code"] in mets_text and "<hs:tinhTrangVatLy>Giấy ố vàng" in mets_text
    assert "<hs:soLuongTo>12</hs:soLuongTo>" in mets_text

    # A changed byte in the payload is caught by the bag's own check.
    changed = bag_dir / "data" / next(iter(originals))
    data = bytearray(changed.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag_dir)).validate()


def test_a_changed_original_is_never_packaged(archive: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    home, ids = archive
    with Catalog(load_settings(home=home).catalog_location) as catalog:
        sha = catalog.document(ids["quyet-dinh-lon-nguoc.pdf"]).file_sha256  # type: ignore[union-attr]
    stored = home / original_key(sha)
    good = stored.read_bytes()
    stored.chmod(0o644)
    stored.write_bytes(good + b"\n% sua")
    try:
        code, _ = run_sohoa(home, "package", _dossier(home)["code"], "--out", str(tmp_path / "goi"))
    finally:
        stored.write_bytes(good)
    assert code == 1 and not (tmp_path / "goi").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sohoa-package-")]  # nothing half-made left


def test_retention_schedule_due_list_and_disposal_by_decision(archive: tuple[Path, dict[str, str]]) -> None:
    home, ids = archive
    extract, office_decision = ids["trich-luc-khai-sinh-fax.tiff"], ids["quyet-dinh-van-phong.pdf"]
    dossier_decision = ids["quyet-dinh-lon-nguoc.pdf"]
    assert run_sohoa(home, "edit", office_decision, "retention", "7 năm", "--by", "vanthu")[0] == 0
    code, out = run_sohoa(home, "retention", "rules", "--json")
    rules = {r["value"]: r for r in json.loads(out)}
    assert code == 0 and rules["Trích lục khai sinh"]["retention"] == "Vĩnh viễn"

    # Before any rule for decisions: nothing is due, not even in 2200 (no guessing a period).
    code, out = run_sohoa(home, "retention", "due", "--on", "2200-01-01", "--json")
    listed = {d["identifier"] for d in json.loads(out)["documents"]}
    assert code == 0 and office_decision in listed  # its clerk set 7 years ...
    assert extract not in listed and dossier_decision not in listed  # ... the others have none, or are permanent

    assert run_sohoa(home, "retention", "set", "--doc-type", "Quyết định", "--years", "5", "--basis", "x")[0] == 2
    code, _ = run_sohoa(home, "retention", "set", "--doc-type", "Quyết định", "--years", "5",
                        "--basis", "Bảng thời hạn bảo quản của UBND phường (thử nghiệm)", "--by", "quantri")  # fmt: skip
    assert code == 0
    # A dossier's member goes with its dossier: the receipt has no period, so the dossier is not due.
    out = run_sohoa(home, "retention", "due", "--on", "2200-01-01", "--json")[1]
    assert dossier_decision not in {d["identifier"] for d in json.loads(out)["documents"]}
    # A period set for the whole dossier by a clerk: its documents go with it.
    code = _dossier(home)["code"]
    assert run_sohoa(home, "edit", "--dossier", code, "retention", "10 năm")[0] == 0
    out = run_sohoa(home, "retention", "due", "--on", "2200-01-01", "--json")[1]
    listed = {d["identifier"]: d for d in json.loads(out)["documents"]}
    assert dossier_decision in listed and listed[dossier_decision]["dossier_code"] == code
    assert run_sohoa(home, "edit", "--dossier", code, "retention", "")[0] == 0  # cleared: derived again
    out = run_sohoa(home, "retention", "due", "--on", "2200-01-01", "--json")[1]
    assert dossier_decision not in {d["identifier"] for d in json.loads(out)["documents"]}

    with Catalog(load_settings(home=home).catalog_location) as catalog:
        issued = date.fromisoformat(catalog.effective_metadata(office_decision)["issued_date"])
        sha = catalog.document(office_decision).file_sha256  # type: ignore[union-attr]
    due = date(issued.year + 7 + 1, 1, 1)  # the clerk's 7 years win over the type's 5
    before = run_sohoa(home, "retention", "dispose", office_decision, "--decision", "QĐ số 12/QĐ-UBND ngày 01/12/2026",
                       "--on", due.isoformat())  # fmt: skip
    assert before[0] == 2 and (home / original_key(sha)).exists()  # no --confirm: nothing happens
    code, out = run_sohoa(home, "retention", "dispose", office_decision, extract, "--decision",
                          "QĐ số 12/QĐ-UBND ngày 01/12/2026", "--on", (date(due.year - 1, 12, 31)).isoformat(),
                          "--confirm", "--by", "quantri", "--json")  # fmt: skip
    report = json.loads(out)
    assert code == 1 and report["disposed"] == [] and set(report["refused"]) == {office_decision, extract}
    assert (home / original_key(sha)).exists()

    code, out = run_sohoa(home, "retention", "dispose", office_decision, "--decision", "QĐ số 12/QĐ-UBND ngày 01/12/2026",
                          "--on", due.isoformat(), "--confirm", "--by", "quantri", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["disposed"] == [office_decision]
    assert not (home / original_key(sha)).exists()
    reader = CatalogReader(home)
    row = reader.execute("SELECT state FROM documents WHERE id = ?", (office_decision,)).fetchone()
    kept = reader.execute("SELECT decision, decided_by, description_json FROM disposals WHERE document_id = ?",
                          (office_decision,)).fetchone()  # fmt: skip
    text = reader.execute("SELECT text FROM pages WHERE document_id = ?", (office_decision,)).fetchone()
    assert row[0] == "disposed" and text[0] == ""
    assert kept[0].startswith("QĐ số 12") and kept[1] == "quantri"
    assert json.loads(kept[2])["identifier"] == office_decision  # what was destroyed stays described
    code, out = run_sohoa(home, "search", "Quyết định", "--json", "--limit", "50")
    assert code == 0 and office_decision not in {h["id"] for h in json.loads(out)["hits"]}
    code, out = run_sohoa(home, "verify", "--json")  # a disposed original is not "missing"
    assert code == 0 and json.loads(out)["ok"]
    rows = _audit_rows(home)
    assert ("quantri", "dispose", office_decision) in rows
    assert any(user == "quantri" and action == "retention_rule" for user, action, _ in rows)


def _audit_rows(home: Path) -> list[tuple[str, str, str]]:
    """(user, action, target) of every audit row of the archive's web store."""
    from search_ui.accounts import WebStore

    with WebStore(web_store_of(home)) as store:
        return [(r["username"], r["action"], r["target"]) for r in store.audit_entries(limit=1000)]


def test_an_admin_keeps_the_schedule_and_disposes_in_the_web_app(archive: tuple[Path, dict[str, str]]) -> None:
    """The admin page: the schedule, a rule set there (audited), the list of what is due today and a
    disposal that needs the decision and an explicit confirmation."""
    from fastapi.testclient import TestClient

    from search_ui.accounts import WebStore
    from search_ui.app import create_app
    from tests.web_support import PASSWORD as WEB_PASSWORD
    from tests.web_support import login

    home, ids = archive
    extract = ids["trich-luc-khai-sinh-fax.tiff"]
    with WebStore(web_store_of(home)) as store:
        if store.user_by_name("quantri_luu_tru") is None:
            store.add_user("quantri_luu_tru", WEB_PASSWORD, ["admin"])
    with TestClient(create_app(load_settings(home=home), run_jobs=False), base_url="http://testserver") as client:
        csrf = login(client, "quantri_luu_tru")
        page = client.get("/admin/retention")
        assert page.status_code == 200 and "Trích lục khai sinh" in page.text and "Vĩnh viễn" in page.text
        assert f'value="{extract}"' not in page.text  # permanent: never listed
        saved = client.post("/admin/retention/rules", data={"csrf_token": csrf, "kind": "doc_type",
                            "value": "Trích lục khai sinh", "period": "1 năm", "basis": "Thử nghiệm: ghi đè"},
                            follow_redirects=False)  # fmt: skip
        assert saved.status_code == 303 and "error" not in saved.headers["location"]
        page = client.get("/admin/retention")
        assert f'value="{extract}"' in page.text  # issued in 2021, kept one year: due since 2023
        unconfirmed = client.post("/admin/retention/dispose", data={"csrf_token": csrf, "documents": extract,
                                  "decision": "QĐ số 7/QĐ-VP ngày 01/12/2026"}, follow_redirects=False)  # fmt: skip
        assert "error=" in unconfirmed.headers["location"]
        assert CatalogReader(home).execute("SELECT state FROM documents WHERE id = ?", (extract,)).fetchone()[0] != "disposed"
        done = client.post("/admin/retention/dispose", data={"csrf_token": csrf, "documents": extract, "confirm": "yes",
                           "decision": "QĐ số 7/QĐ-VP ngày 01/12/2026"}, follow_redirects=False)  # fmt: skip
        assert done.status_code == 303 and "error=" not in done.headers["location"]
        client.cookies.clear()
    assert CatalogReader(home).execute("SELECT state FROM documents WHERE id = ?", (extract,)).fetchone()[0] == "disposed"
    rows = _audit_rows(home)
    assert ("quantri_luu_tru", "dispose", extract) in rows and ("quantri_luu_tru", "retention_rule", "Trích lục khai sinh") in rows
