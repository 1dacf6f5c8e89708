"""Fault injection (issue 12): Tesseract and poppler crash, hang, print bytes that are not UTF-8,
are killed for memory, fail with a message, or are missing. Every fault ends as its error class
with a Vietnamese message, the rest of the batch goes on, nothing handed in is lost, and
``sohoa retry --class`` mends it once the tool works again.

Tesseract faults use the CLI engine (SOHOA_OCR_ENGINE=cli: the C API cannot be swapped for a
fake); the page-level guard (a worker that dies or overruns) is the same for both engines.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE_SCANS
from tests.fake_tools import fake_tool

pytestmark = [pytest.mark.slow,
              pytest.mark.catalog_agnostic]  # the tools' faults, whatever the catalog: SQLite pass only

IMAGE = SAMPLE_SCANS / "ho-so-mot-cua" / "phieu-tiep-nhan-150dpi.jpg"  # OCR, no poppler
# A scan in a PDF under its scanner's junk text layer: not the image alone (pipeline.scanned_pdf), so
# poppler renders it (pdftoppm), then OCR. A PDF page that is only its scan needs no pdftoppm.
PDF = SAMPLE_SCANS / "thong-bao-lop-chu-rac.pdf"


def _batch(tmp_path: Path, *files: Path) -> Path:
    folder = tmp_path / "lo"
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


def _ingest(sohoa, folder: Path, env: dict[str, str]) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    code, out = sohoa("ingest", str(folder), "--json", env=env)
    assert code in (0, 1), out
    return {Path(f["source"]).name: f for f in json.loads(out)["files_detail"]}


def _faulty(tmp_path: Path, tool: str, behaviour: str, **extra: str) -> dict[str, str]:
    fakes = tmp_path / "fake-bin"
    fake_tool(fakes, tool, behaviour)
    return {"PATH": f"{fakes}{os.pathsep}{os.environ['PATH']}", "SOHOA_OCR_ENGINE": "cli",
            "SOHOA_OCR_TIMEOUT_SECONDS": "6", **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("behaviour", "error_class", "says"),
    [
        ("crash", "ocr_crash", "SIGSEGV"),
        ("oom", "ocr_crash", "hết bộ nhớ"),
        ("fail", "ocr_crash", "Unknown format"),
        ("hang", "ocr_timeout", "quá"),
    ],
)
def test_tesseract_faults_end_as_their_class_and_the_batch_goes_on(
    sohoa, tmp_path: Path, behaviour: str, error_class: str, says: str  # type: ignore[no-untyped-def]
) -> None:
    text_layer = SAMPLE_SCANS / "cong-van-co-lop-chu.pdf"  # its own text: needs no Tesseract
    folder = _batch(tmp_path, IMAGE, text_layer)
    files = _ingest(sohoa, folder, _faulty(tmp_path, "tesseract", behaviour))
    broken = files[IMAGE.name]
    assert (broken["error_class"], broken["state"]) == (error_class, "failed"), broken
    home = tmp_path / "home"
    assert len([p for p in (home / "originals").rglob("*") if p.is_file()]) == 2  # nothing handed in is lost
    assert says in broken["error_message"]
    assert files[text_layer.name]["state"] == "indexed"  # the rest of the batch went on
    # The tool works again: retry by class mends it, no OCR of what was fine.
    code, _ = sohoa("retry", "--class", error_class, env={"SOHOA_OCR_ENGINE": "cli"})
    assert code == 0
    found = json.loads(sohoa("search", "phieu tiep nhan", "--json")[1])
    assert found["total"] >= 1


def test_tesseract_printing_bytes_that_are_not_utf8_leaves_no_replacement_character(sohoa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = _ingest(sohoa, _batch(tmp_path, IMAGE), _faulty(tmp_path, "tesseract", "bad_utf8"))
    assert files[IMAGE.name]["state"] == "indexed"
    code, out = sohoa("export")
    assert code == 0 and "\ufffd" not in out
    assert "TIẾP NHẬN" in out  # words without an "a" are whole: the text is partial, not junk
    text = " ".join(page["text"] for line in out.splitlines() for page in json.loads(line)["pages"])
    assert "a" not in text and len(text) > 200  # the fault did reach the reading: every plain "a" is gone

@pytest.mark.parametrize(("behaviour", "error_class", "says"), [("crash", "tool_crash", "SIGSEGV"),
                                                                ("oom", "tool_crash", "hết bộ nhớ"),
                                                                ("fail", "corrupt", "Unknown format")])  # fmt: skip
def test_poppler_faults_end_as_their_class(sohoa, tmp_path: Path, behaviour: str, error_class: str, says: str) -> None:  # type: ignore[no-untyped-def]
    folder = _batch(tmp_path, PDF, IMAGE)
    files = _ingest(sohoa, folder, _faulty(tmp_path, "pdftoppm", behaviour, SOHOA_OCR_ENGINE="auto"))
    broken = files[PDF.name]
    assert broken["error_class"] == error_class and says in broken["error_message"], broken
    assert files[IMAGE.name]["state"] == "indexed"
    code, _ = sohoa("retry", "--class", error_class)
    assert code == 0


def test_tesseract_missing_is_named(sohoa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("pdfinfo", "pdftoppm", "pdftotext"):
        (tools / name).symlink_to(shutil.which(name))  # type: ignore[arg-type]
    files = _ingest(sohoa, _batch(tmp_path, IMAGE), {"PATH": str(tools), "SOHOA_OCR_ENGINE": "cli"})
    assert files[IMAGE.name]["error_class"] == "tool_missing"
    assert "tesseract" in files[IMAGE.name]["error_message"]
