"""A dossier handed over as a package: a BagIt bag holding a METS document with PREMIS.

``sohoa package DOSSIER --out DIR`` writes, for one dossier (hồ sơ), a bag (RFC 8493, made and
checked with the Library of Congress's ``bagit``) whose payload is::

    METS.xml                                  the dossier and its documents, described and mapped
    metadata/descriptive/dossier.json         the archival description (pipeline/archival.py)
    metadata/preservation/premis.xml          every PREMIS object, event and agent, in one file
    representations/<document>/original/      the original as received (its SHA-256 checked here)
    representations/<document>/alto/          ALTO XML, one file per page
    representations/<document>/signed/        the signed electronic copy, when the office signs
    representations/<document>/metadata/      the document's export record (JSON)

METS (Library of Congress schema 1.12, E-ARK CSIP's layout in spirit): the dossier's and each
document's description in ``dmdSec`` (Circular 05/2025 fields, in the ``urn:sohoa:archival:1``
namespace), one ``amdSec`` per file with its PREMIS object (size, SHA-256, format) and the events
that made or touched it (ingestion, OCR, metadata extraction, each clerk's correction, signature,
the package's own fixity check), a physical structure map of the folders and a logical one of the
dossier's documents in order. Identifiers are derived from the dossier and document ids, so a
package made again of the same dossier names everything the same.

An original whose bytes no longer match the SHA-256 it was stored under stops the package
(``FIXITY_FAILED``): a package never carries a file that is not what was received.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.archival import DossierDescription, describe_dossier
from pipeline.catalog import Catalog
from pipeline.errors import ErrorClass, SohoaError
from pipeline.retention import Schedule
from pipeline.settings import Settings
from pipeline.storage import OriginalStore, Storage, sha256_of

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
PREMIS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ARCHIVAL = "urn:sohoa:archival:1"
for _prefix, _uri in (("mets", METS), ("xlink", XLINK), ("premis", PREMIS), ("xsi", XSI), ("hs", ARCHIVAL)):
    ET.register_namespace(_prefix, _uri)
_NAMESPACE = uuid.UUID("5b0e7a4e-6f1c-4a55-9a37-0f5d0c6a1e21")  # sohoa's: identifiers derived from ids

# Description fields → element names (Circular 05/2025/TT-BNV; docs/archival-description.md).
DOSSIER_ELEMENTS = {
    "dossier_code": "maHoSo", "title": "tieuDeHoSo", "procedure": "thuTucHanhChinh", "applicant": "nguoiNopHoSo",
    "retention": "thoiHanBaoQuan", "access_regime": "cheDoSuDung", "language": "ngonNgu",
    "start_date": "thoiGianBatDau", "end_date": "thoiGianKetThuc", "document_count": "tongSoVanBan",
    "page_count": "soLuongTrang", "sheet_count": "soLuongTo", "keywords": "tuKhoa", "info_code": "kyHieuThongTin",
    "physical_state": "tinhTrangVatLy", "note": "ghiChu", "disposal_due": "ngayHetHanBaoQuan",
}  # fmt: skip
DOCUMENT_ELEMENTS = {
    "identifier": "maDinhDanhVanBan", "dossier_code": "maHoSo", "order_in_dossier": "soThuTuVanBan",
    "doc_type": "tenLoaiVanBan", "number": "soVanBan", "symbol": "kyHieuVanBan", "issued_date": "ngayThangNam",
    "agency": "coQuanBanHanh", "subject": "trichYeu", "signer": "nguoiKy", "language": "ngonNgu",
    "page_count": "soLuongTrang", "info_code": "kyHieuThongTin", "keywords": "tuKhoa",
    "access_regime": "cheDoSuDung", "reliability": "mucDoTinCay", "handwriting": "butTich",
    "physical_state": "tinhTrangVatLy", "copy_kind": "loaiBan", "note": "ghiChu", "retention": "thoiHanBaoQuan",
    "digitized_at": "thoiGianSoHoa",
}  # fmt: skip


class PackageError(SohoaError):
    error_class = ErrorClass.FIXITY_FAILED


@dataclass(frozen=True, slots=True)
class Event:
    kind: str          # PREMIS event type (id.loc.gov vocabulary where it has one)
    at: str            # ISO 8601
    detail: str        # Vietnamese
    outcome: str       # success | failure
    agent: str         # who or what did it
    agent_kind: str    # software | person | organization


@dataclass(slots=True)
class PackedFile:
    path: str          # relative to the payload (data/)
    use: str           # original | alto | signed copy | metadata
    document_id: str
    size: int
    sha256: str
    mime: str
    events: list[Event] = field(default_factory=list)

    @property
    def file_id(self) -> str:
        return f"file-{uuid.uuid5(_NAMESPACE, self.document_id + '/' + self.path)}"


@dataclass(frozen=True, slots=True)
class PackageReport:
    bag: Path
    dossier_code: str
    documents: int
    files: int
    events: int
    signed: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE).strip("._") or "tep"
    return cleaned[:120]


def find_dossier(catalog: Catalog, wanted: str) -> dict[str, Any] | None:
    """A dossier by its id ("code:…", "folder:…") or its code (whose id is "code:<code>"): read by
    key, never by scanning every dossier."""
    found = catalog.dossiers([wanted, f"code:{wanted}"])
    return found[0] if found else None


def _events_of(catalog: Catalog, document_id: str, parent_id: str | None, software: str) -> list[Event]:
    """Provenance of a document's original: what the catalog recorded of it, summarized per stage."""
    names = {
        "intake": ("ingestion", "Tiếp nhận tệp vào kho, tính SHA-256"),
        "ocr": ("creation", "Nhận dạng ký tự quang học (OCR, Tesseract vie): lớp văn bản và tọa độ từ"),
        "extract": ("metadata extraction", "Trích xuất siêu dữ liệu (loại, số, ngày, cơ quan, trích yếu, người ký…)"),
        "split": ("creation", "Tách tệp nhiều văn bản thành từng kết quả"),
        "fixity": ("fixity check", "Kiểm tra tính toàn vẹn (băm lại SHA-256)"),
    }  # fmt: skip
    events = []
    for run in catalog.provenance([document_id, *([parent_id] if parent_id else [])]):
        if run["stage"] not in names:
            continue
        kind, detail = names[run["stage"]]
        pages = f", {run['pages']} trang" if run["pages"] else ""
        version = f", phiên bản {run['version']}" if run["version"] else ""
        events.append(Event(kind, str(run["last_at"]), f"{detail}{pages}{version}",
                            "success" if run["outcome"] == "ok" else run["outcome"], software, "software"))  # fmt: skip
    for correction in catalog.correction_history(document_id):
        before, after = json.loads(correction["previous_json"] or "null"), json.loads(correction["value_json"])
        events.append(Event("metadata modification", str(correction["corrected_at"]),
                            f"Sửa trường {correction['field']}: {before!r} → {after!r}", "success",
                            str(correction["corrected_by"]), "person"))  # fmt: skip
    return sorted(events, key=lambda e: e.at)


def write_package(catalog: Catalog, settings: Settings, dossier: dict[str, Any], out: Path,
                  sign: bool | None = None) -> PackageReport:  # fmt: skip
    """Write the dossier's bag into a new folder ``out`` (refused if it exists). ``sign``: include
    signed copies (default: when the office has a certificate)."""
    import bagit

    from pipeline.export import document_record
    from pipeline.outputs import page_xml

    if out.exists():
        raise FileExistsError(f"{out} đã có: chọn một thư mục mới cho gói.")
    sign = settings.signing_p12 is not None if sign is None else sign
    description = describe_dossier(catalog, dossier, Schedule.of(catalog))
    software = f"sohoa {_version()}"
    office = settings.office_name or "Cơ quan lưu trữ"
    store = OriginalStore(Storage.for_settings(settings))
    stage = Path(tempfile.mkdtemp(prefix=".sohoa-package-", dir=out.parent))
    files: list[PackedFile] = []
    try:
        for document in description.documents:
            row = catalog.document(document.identifier)
            assert row is not None
            base = Path("representations") / document.identifier
            history = _events_of(catalog, row.id, row.parent_id, software)
            # The original, checked against the SHA-256 it was stored under.
            original = store.path_for(row.file_sha256)
            target = stage / base / "original" / _safe_name(Path(row.source_name).name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(original, target)
            found = sha256_of(target)
            if found != row.file_sha256:
                raise PackageError(f"Bản gốc {row.source_name} ({row.id}) không còn khớp SHA-256 lúc lưu "
                                   f"({found} ≠ {row.file_sha256}): không đóng gói.")  # fmt: skip
            checked = Event("fixity check", _now(), "Băm lại bản gốc khi đóng gói: khớp SHA-256 lúc tiếp nhận",
                            "success", software, "software")  # fmt: skip
            files.append(_packed(stage, target, "original", row.id, row.media_type or "application/octet-stream",
                                 [*history, checked]))  # fmt: skip
            for alto in page_xml(catalog, row.id, "alto", stage / base / "alto"):
                files.append(_packed(stage, alto, "alto", row.id, "application/xml", [
                    Event("creation", _now(), "ALTO XML từ kết quả OCR đã lưu (không nhận dạng lại)", "success",
                          software, "software")]))  # fmt: skip
            if sign:
                files.append(_signed_copy(catalog, settings, row.id, stage / base / "signed", software, office))
            record = stage / base / "metadata" / f"{row.id}.json"
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps({"record": document_record(catalog, row.id),
                                          "archival": document.as_json()}, ensure_ascii=False, indent=2),
                              encoding="utf-8")  # fmt: skip
            files.append(_packed(stage, record, "metadata", row.id, "application/json", []))
        described = stage / "metadata" / "descriptive" / "dossier.json"
        described.parent.mkdir(parents=True, exist_ok=True)
        corrections = [{"field": r["field"], "value": json.loads(r["value_json"]), "previous": json.loads(r["previous_json"] or "null"),
                    "by": r["corrected_by"], "at": r["corrected_at"]}
                   for r in catalog.dossier_correction_history(description.dossier_id)]  # fmt: skip
        described.write_text(json.dumps({**description.as_json(), "corrections": corrections}, ensure_ascii=False, indent=2),
                             encoding="utf-8")  # fmt: skip
        created = Event("information package creation", _now(), f"Đóng gói hồ sơ {description.dossier_code} (BagIt, METS)",
                        "success", software, "software")  # fmt: skip
        premis = stage / "metadata" / "preservation" / "premis.xml"
        premis.parent.mkdir(parents=True, exist_ok=True)
        _write(premis, _premis_document(files, created))
        _write(stage / "METS.xml", _mets(description, files, office, software))
        bagit.make_bag(str(stage), bag_info={
            "Source-Organization": office,
            "External-Identifier": description.dossier_code,
            "External-Description": description.title,
            "Bag-Software-Agent": software,
            "Bag-Group-Identifier": description.dossier_id,
        }, checksums=["sha256"])  # fmt: skip
        stage.rename(out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return PackageReport(out, description.dossier_code, len(description.documents), len(files),
                         sum(len(f.events) for f in files) + 1, sign)  # fmt: skip


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sohoa")
    except PackageNotFoundError:
        return "dev"


def _packed(stage: Path, path: Path, use: str, document_id: str, mime: str, events: list[Event]) -> PackedFile:
    return PackedFile(path.relative_to(stage).as_posix(), use, document_id, path.stat().st_size, sha256_of(path),
                      mime, events)  # fmt: skip


def _signed_copy(catalog: Catalog, settings: Settings, document_id: str, folder: Path, software: str,
                 office: str) -> PackedFile:  # fmt: skip
    from pipeline.outputs import searchable_pdf
    from pipeline.signing import sign_for_office

    folder.mkdir(parents=True, exist_ok=True)
    unsigned = folder / ".unsigned.pdf"
    target = folder / f"{document_id}-ban-sao-dien-tu.pdf"
    try:
        searchable_pdf(catalog, settings, document_id, unsigned)
        sign_for_office(settings, unsigned, target)
    finally:
        unsigned.unlink(missing_ok=True)
    return _packed(folder.parents[2], target, "signed copy", document_id, "application/pdf", [
        Event("creation", _now(), "PDF tìm kiếm được từ bản gốc và kết quả OCR", "success", software, "software"),
        Event("digital signature generation", _now(), "Ký số bản sao điện tử (SAO Y, Nghị định 30/2020/NĐ-CP)",
              "success", office, "organization"),
    ])  # fmt: skip


def _write(path: Path, root: ET.Element) -> None:
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


def _m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def _p(tag: str) -> str:
    return f"{{{PREMIS}}}{tag}"


def _described(parent: ET.Element, tag: str, values: dict[str, Any], elements: dict[str, str]) -> None:
    record = ET.SubElement(parent, f"{{{ARCHIVAL}}}{tag}")
    for name, element in elements.items():
        value = values.get(name)
        for item in value if isinstance(value, list) else [value]:
            if item is not None and item != "":
                ET.SubElement(record, f"{{{ARCHIVAL}}}{element}").text = str(item)


def _premis_object(parent: ET.Element, packed: PackedFile) -> None:
    obj = ET.SubElement(parent, _p("object"), {f"{{{XSI}}}type": "premis:file"})
    identifier = ET.SubElement(obj, _p("objectIdentifier"))
    ET.SubElement(identifier, _p("objectIdentifierType")).text = "UUID"
    ET.SubElement(identifier, _p("objectIdentifierValue")).text = packed.file_id.removeprefix("file-")
    characteristics = ET.SubElement(obj, _p("objectCharacteristics"))
    ET.SubElement(characteristics, _p("compositionLevel")).text = "0"
    fixity = ET.SubElement(characteristics, _p("fixity"))
    ET.SubElement(fixity, _p("messageDigestAlgorithm")).text = "SHA-256"
    ET.SubElement(fixity, _p("messageDigest")).text = packed.sha256
    ET.SubElement(characteristics, _p("size")).text = str(packed.size)
    designation = ET.SubElement(ET.SubElement(characteristics, _p("format")), _p("formatDesignation"))
    ET.SubElement(designation, _p("formatName")).text = packed.mime
    ET.SubElement(obj, _p("originalName")).text = packed.path


def _premis_event(parent: ET.Element, packed: PackedFile, event: Event, number: int) -> None:
    element = ET.SubElement(parent, _p("event"))
    identifier = ET.SubElement(element, _p("eventIdentifier"))
    ET.SubElement(identifier, _p("eventIdentifierType")).text = "UUID"
    ET.SubElement(identifier, _p("eventIdentifierValue")).text = str(
        uuid.uuid5(_NAMESPACE, f"{packed.file_id}/{number}/{event.kind}/{event.at}"))
    ET.SubElement(element, _p("eventType")).text = event.kind
    ET.SubElement(element, _p("eventDateTime")).text = event.at
    ET.SubElement(ET.SubElement(element, _p("eventDetailInformation")), _p("eventDetail")).text = event.detail
    ET.SubElement(ET.SubElement(element, _p("eventOutcomeInformation")), _p("eventOutcome")).text = event.outcome
    agent = ET.SubElement(element, _p("linkingAgentIdentifier"))
    ET.SubElement(agent, _p("linkingAgentIdentifierType")).text = event.agent_kind
    ET.SubElement(agent, _p("linkingAgentIdentifierValue")).text = event.agent
    obj = ET.SubElement(element, _p("linkingObjectIdentifier"))
    ET.SubElement(obj, _p("linkingObjectIdentifierType")).text = "UUID"
    ET.SubElement(obj, _p("linkingObjectIdentifierValue")).text = packed.file_id.removeprefix("file-")


def _premis_root() -> ET.Element:
    return ET.Element(_p("premis"), {"version": "3.0"})


def _alone(holder: ET.Element) -> ET.Element:
    """The one entity made in ``holder``, standing alone inside a METS section (PREMIS 3 allows an
    object or event as the root element, with its version)."""
    entity = holder[0]
    entity.set("version", "3.0")
    return entity


def _premis_document(files: list[PackedFile], created: Event) -> ET.Element:
    root = _premis_root()
    for packed in files:
        _premis_object(root, packed)
    for packed in files:
        for number, event in enumerate(packed.events):
            _premis_event(root, packed, event, number)
    package = ET.SubElement(root, _p("event"))
    identifier = ET.SubElement(package, _p("eventIdentifier"))
    ET.SubElement(identifier, _p("eventIdentifierType")).text = "UUID"
    ET.SubElement(identifier, _p("eventIdentifierValue")).text = str(uuid.uuid5(_NAMESPACE, created.at))
    ET.SubElement(package, _p("eventType")).text = created.kind
    ET.SubElement(package, _p("eventDateTime")).text = created.at
    ET.SubElement(ET.SubElement(package, _p("eventDetailInformation")), _p("eventDetail")).text = created.detail
    ET.SubElement(ET.SubElement(package, _p("eventOutcomeInformation")), _p("eventOutcome")).text = created.outcome
    return root


def _md_wrap(parent: ET.Element, section: str, section_id: str, mdtype: str, content: ET.Element,
             othermdtype: str | None = None) -> None:  # fmt: skip
    sub = ET.SubElement(parent, _m(section), {"ID": section_id, "CREATED": _now()})
    attributes = {"MDTYPE": mdtype, **({"OTHERMDTYPE": othermdtype} if othermdtype else {})}
    ET.SubElement(ET.SubElement(sub, _m("mdWrap"), attributes), _m("xmlData")).append(content)


def _mets(description: DossierDescription, files: list[PackedFile], office: str, software: str) -> ET.Element:
    code = description.dossier_code
    root = ET.Element(_m("mets"), {"OBJID": code, "LABEL": description.title, "TYPE": "SIP",
                                   "PROFILE": "urn:sohoa:package:1"})  # fmt: skip
    header = ET.SubElement(root, _m("metsHdr"), {"CREATEDATE": _now(), "RECORDSTATUS": "NEW"})
    for role, kind, name in (("CREATOR", "ORGANIZATION", office), ("CREATOR", "OTHER", software)):
        agent = ET.SubElement(header, _m("agent"), {"ROLE": role, "TYPE": kind, **({"OTHERTYPE": "SOFTWARE"}
                                                                                   if kind == "OTHER" else {})})  # fmt: skip
        ET.SubElement(agent, _m("name")).text = name
    # Descriptions: the dossier's, then each document's.
    dossier_dmd = "dmd-" + str(uuid.uuid5(_NAMESPACE, description.dossier_id))
    content = ET.Element(f"{{{ARCHIVAL}}}moTa")
    _described(content, "hoSo", description.as_json(), DOSSIER_ELEMENTS)
    _md_wrap(root, "dmdSec", dossier_dmd, "OTHER", content, "TT05-2025-HOSO")
    document_dmd: dict[str, str] = {}
    for document in description.documents:
        document_dmd[document.identifier] = "dmd-" + str(uuid.uuid5(_NAMESPACE, "document/" + document.identifier))
        content = ET.Element(f"{{{ARCHIVAL}}}moTa")
        _described(content, "vanBan", document.as_json(), DOCUMENT_ELEMENTS)
        _md_wrap(root, "dmdSec", document_dmd[document.identifier], "OTHER", content, "TT05-2025-VANBAN")
    # Administrative metadata: one amdSec per file (its PREMIS object, then its events).
    for packed in files:
        amd = ET.SubElement(root, _m("amdSec"), {"ID": "amd-" + packed.file_id.removeprefix("file-")})
        holder = _premis_root()
        _premis_object(holder, packed)
        _md_wrap(amd, "techMD", "techMD-" + packed.file_id.removeprefix("file-"), "PREMIS:OBJECT", _alone(holder))
        for number, event in enumerate(packed.events):
            holder = _premis_root()
            _premis_event(holder, packed, event, number)
            _md_wrap(amd, "digiprovMD", f"digiprovMD-{packed.file_id.removeprefix('file-')}-{number}", "PREMIS:EVENT",
                     _alone(holder))  # fmt: skip
    file_sec = ET.SubElement(root, _m("fileSec"))
    for use in dict.fromkeys(f.use for f in files):
        group = ET.SubElement(file_sec, _m("fileGrp"), {"USE": use})
        for packed in (f for f in files if f.use == use):
            element = ET.SubElement(group, _m("file"), {
                "ID": packed.file_id, "MIMETYPE": packed.mime, "SIZE": str(packed.size), "CHECKSUM": packed.sha256,
                "CHECKSUMTYPE": "SHA-256", "ADMID": "amd-" + packed.file_id.removeprefix("file-"),
                "DMDID": document_dmd[packed.document_id],
            })  # fmt: skip
            ET.SubElement(element, _m("FLocat"), {"LOCTYPE": "URL", f"{{{XLINK}}}type": "simple",
                                                   f"{{{XLINK}}}href": packed.path})  # fmt: skip
    # Physical: the folders of the package.
    physical = ET.SubElement(root, _m("structMap"), {"TYPE": "physical", "LABEL": "Cấu trúc thư mục của gói"})
    top = ET.SubElement(physical, _m("div"), {"TYPE": "Directory", "LABEL": "representations", "DMDID": dossier_dmd})
    folders: dict[str, ET.Element] = {}
    for packed in files:
        parts = packed.path.split("/")
        parent = top
        for depth in range(1, len(parts) - 1):
            key = "/".join(parts[: depth + 1])
            if key not in folders:
                folders[key] = ET.SubElement(parent, _m("div"), {"TYPE": "Directory", "LABEL": parts[depth]})
            parent = folders[key]
        item = ET.SubElement(parent, _m("div"), {"TYPE": "Item", "LABEL": parts[-1]})
        ET.SubElement(item, _m("fptr"), {"FILEID": packed.file_id})
    # Logical: the dossier and its documents in order.
    logical = ET.SubElement(root, _m("structMap"), {"TYPE": "logical", "LABEL": "Hồ sơ"})
    dossier_div = ET.SubElement(logical, _m("div"), {"TYPE": "Hồ sơ", "LABEL": description.title, "DMDID": dossier_dmd})
    for document in description.documents:
        div = ET.SubElement(dossier_div, _m("div"), {
            "TYPE": "Văn bản", "ORDER": str(document.order_in_dossier or 0),
            "LABEL": " ".join(filter(None, [document.doc_type, (document.number and f"{document.number}/{document.symbol}")
                                            or document.symbol])) or document.source_name,
            "DMDID": document_dmd[document.identifier],
        })  # fmt: skip
        for packed in (f for f in files if f.document_id == document.identifier):
            ET.SubElement(div, _m("fptr"), {"FILEID": packed.file_id})
    return root

