"""The stage contract: what every stage declares, and the one way its runs are recorded.

A stage is a module of ``pipeline/stages`` holding ``STAGE``: its name (as ``stage_runs`` records
it), its version (kept beside its code: bump it when what the stage makes changes, and what it made
before, and only that, is made again), the records it reads and the records it writes. Its runs
go through ``timed`` (or, for the pages a recognition writes, ``StageRun`` rows saved with the
page), so every run is recorded the same way: start, duration, outcome, error class, the stage's
version and the machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pipeline.catalog import Catalog, utc_now
from pipeline.errors import SohoaError


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    version: str
    reads: tuple[str, ...]  # the records it takes in
    writes: tuple[str, ...]  # the records it makes or changes
    steps: tuple[str, ...] = ()  # finer runs it records (a page's rasterize, clean, ocr)


@dataclass(slots=True)
class Run:
    """What the code inside ``timed`` says about its run (ok unless it says otherwise)."""

    outcome: str = "ok"
    message: str | None = None
    fingerprint: str | None = None
    document_id: str | None = None


@contextmanager
def timed(stage: Stage, catalog: Catalog, document_id: str | None = None, *, worker: str | None = None,
          started: str | None = None, clock: float | None = None) -> Iterator[Run]:  # fmt: skip
    """One recorded run of ``stage``: a ``SohoaError`` raised inside is recorded as a failed run with
    its class and message, then raised on. ``started``/``clock``: when the run began, if earlier."""
    run = Run(document_id=document_id)
    started = started or utc_now()
    clock = time.perf_counter() if clock is None else clock
    try:
        yield run
    except SohoaError as exc:
        catalog.record_stage(stage.name, started, time.perf_counter() - clock, "failed", run.document_id,
                             error_class=exc.error_class, message=exc.message[:500], version=stage.version,
                             worker=worker)  # fmt: skip
        raise
    catalog.record_stage(stage.name, started, time.perf_counter() - clock, run.outcome, run.document_id,
                         message=run.message, fingerprint=run.fingerprint, version=stage.version, worker=worker)  # fmt: skip
