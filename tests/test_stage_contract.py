"""The stage contract: every stage declares its name, version and records, every run is recorded
with the version that made it, and a new version of one stage redoes only what that stage made."""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import shutil
from pathlib import Path

import pytest

import pipeline.stages
from pipeline.stages import all_stages, recognize
from pipeline.stages.contract import Stage
from tests.conftest import SAMPLE_SCANS, CatalogReader

pytestmark = pytest.mark.slow

TEXT_LAYER = "cong-van-co-lop-chu.pdf"  # a PDF with a real Vietnamese text layer: its own text is taken
SCANNED = "quyet-dinh-van-phong.pdf"  # an office scan: read by OCR


def test_every_stage_module_declares_its_stage_in_order() -> None:
    modules = {m.name for m in pkgutil.iter_modules(pipeline.stages.__path__)} - {"contract", "plan"}
    declared = {name: importlib.import_module(f"pipeline.stages.{name}").STAGE for name in modules}
    assert all(isinstance(stage, Stage) for stage in declared.values())
    assert {stage.name for stage in declared.values()} == set(modules)  # a stage's module is its name
    stages = all_stages()
    assert [s.name for s in stages] == ["intake", "recognize", "split", "extract", "index"]
    assert all(s.version and s.reads and s.writes for s in stages)


def _runs(home: Path) -> list[tuple[str, str | None, int | None, str | None]]:
    rows = CatalogReader(home).execute(
        "SELECT r.stage, d.source_name, r.page_number, r.version FROM stage_runs r"
        " LEFT JOIN documents d ON d.id = r.document_id ORDER BY r.id"
    ).fetchall()
    return [(r[0], Path(r[1]).name if r[1] else None, r[2], r[3]) for r in rows]


def test_runs_carry_their_stage_version_and_a_new_ocr_version_rereads_only_ocr_pages(
    sohoa, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    batch = tmp_path / "lo"
    batch.mkdir()
    for name in (TEXT_LAYER, SCANNED):
        shutil.copy2(SAMPLE_SCANS / name, batch / name)
    code, out = sohoa("ingest", str(batch), "--batch", "Lô phiên bản", "--json")
    assert code == 0, out
    first = _runs(home)
    versions = {stage: {v for s, _, _, v in first if s == stage} for stage, _, _, _ in first}
    assert versions["intake"] == {"intake-1"} and versions["extract"] == {all_stages()[3].version}
    assert versions["rasterize"] == versions["ocr"] == {recognize.STAGE.version} and versions["index"] == {"index-1"}
    read_once = [(n, p) for s, n, p, _ in first if s == "rasterize"]
    assert sorted(read_once) == sorted(set(read_once)) and {n for n, _ in read_once} == {TEXT_LAYER, SCANNED}
    assert not [r for r in first if r[0] == "ocr" and r[1] == TEXT_LAYER]  # its own text was taken

    # A new version of the recognition stage: the same batch again reads the scanned pages again,
    # and only them (the text-layer page was not made by OCR, cleaning or the engine).
    monkeypatch.setattr(recognize, "STAGE", dataclasses.replace(recognize.STAGE, version="ocr-test"))
    code, out = sohoa("ingest", str(batch), "--batch", "Lô phiên bản", "--json")
    assert code == 0, out
    again = _runs(home)[len(first):]
    reread = sorted((n, p) for s, n, p, _ in again if s == "rasterize")
    scanned_pages = sorted((n, p) for n, p in read_once if n == SCANNED)
    assert reread == scanned_pages and all(v == "ocr-test" for s, _, _, v in again if s in ("rasterize", "ocr"))
    summary = json.loads(out)
    assert summary["failed"] == 0 and {f["state"] for f in summary["files_detail"]} == {"indexed"}
    # Nothing stale is left behind: a third run with the same version has nothing to read.
    code, _ = sohoa("ingest", str(batch), "--batch", "Lô phiên bản", "--json")
    assert code == 0 and not [r for r in _runs(home)[len(first) + len(again):] if r[0] == "rasterize"]


def test_ingest_gives_the_ocr_workers_their_pages_before_prefect_starts_and_the_stage_takes_them(
    sohoa, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Issue 12 (whole command ≤ 1.2× bare Tesseract): once intake has found pages to read, ``sohoa
    ingest`` starts the OCR workers and gives them those pages before it imports Prefect (~2 s); the
    stage takes their results (no page read twice, no second pool), and no worker is left running."""
    import multiprocessing

    made: list[int] = []
    scheduled: list[tuple[str, int, bool]] = []  # (document, page, given before the flow started)
    ahead: list[bool] = []
    new_pool, schedule, warm_up = recognize._new_pool, recognize._schedule, recognize.warm_up

    def warming(*args):  # type: ignore[no-untyped-def]
        ahead.append(True)
        try:
            warm_up(*args)
        finally:
            ahead.clear()

    def counted(settings, workers):  # type: ignore[no-untyped-def]
        made.append(workers)
        return new_pool(settings, workers)

    def given(pool, job, settings):  # type: ignore[no-untyped-def]
        scheduled.append((job.document_id, job.page_number, bool(ahead)))
        return schedule(pool, job, settings)

    monkeypatch.setattr(recognize, "_new_pool", counted)
    monkeypatch.setattr(recognize, "_schedule", given)
    monkeypatch.setattr(recognize, "warm_up", warming)
    batch = tmp_path / "lo"
    batch.mkdir()
    shutil.copy2(SAMPLE_SCANS / SCANNED, batch / SCANNED)
    code, out = sohoa("ingest", str(batch), "--json")
    assert code == 0, out
    assert len(made) == 1, made  # the warm pool, taken by the stage
    read = [r for r in _runs(home) if r[0] == "ocr" and r[1] == SCANNED]
    # Every page given to the workers ahead of the flow once, none again by the stage, all saved.
    assert read and len(scheduled) == len(set(scheduled)) == len(read) and all(a for _, _, a in scheduled), scheduled
    assert not multiprocessing.active_children()

    # Workers nobody took (the flow failed before the stage, say) are stopped, not left behind.
    from pipeline.settings import load_settings

    warm_up(load_settings(home=home))
    assert multiprocessing.active_children()
    recognize.cool_down()
    assert not multiprocessing.active_children()
    code, out = sohoa("ingest", str(batch), "--json")  # nothing left to read: no worker started
    assert code == 0 and len(made) == 2, made
    from pipeline.catalog import Catalog

    settings = load_settings(home=home)
    with Catalog(settings.catalog_location) as catalog:  # every page read: a head start starts nothing
        warm_up(settings, catalog, [f["document_id"] for f in json.loads(out)["files_detail"]])
    assert len(made) == 2 and not multiprocessing.active_children()
