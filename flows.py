"""The Prefect flows: one flow run per batch, one task per stage.

With no ``PREFECT_API_URL`` Prefect starts a temporary local server for the run; with it set
(``prefect server start``) admins watch the runs in the Prefect UI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Measured: without these, an ephemeral run tries to reach a telemetry host and times out on 2 busy cores.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from prefect import flow, task
from prefect.settings import temporary_settings

from indexing.backends import shared_backend
from pipeline.catalog import Catalog, DocumentState
from pipeline.settings import load_settings
from pipeline.stages import extract, index, intake, recognize, split

# Flow parameters are stored by Prefect and shown in its UI: only these non-secret settings travel
# in them; credentials (SOHOA_ES_API_KEY...) are read from the environment inside each task.
SettingsOverrides = dict[str, object]


@contextmanager
def run_here() -> Iterator[None]:
    """Flows run in this process (``sohoa ingest``, the hot folder, ``retry``, ``reindex``) without
    Prefect's flow-run heartbeats. Prefect 3.9 sends one every 180 s from a thread that sleeps in
    whole seconds and is joined as the run ends: every run ended up to a second after its last
    task (measured: an empty flow 1.07 s; a 37-page batch ended 0.6-0.9 s after its index task, its
    time always a whole number of seconds and 0.08). Heartbeats let an automation on the server mark
    a run whose process died as crashed; a run here dies with the command that shows it, and the
    catalog, not the run's state, says what is left to do (``sohoa retry``). Runs a Prefect worker
    starts from the deployment (``process_chunk``, the province's pool) keep them."""
    with temporary_settings(updates={"flows.heartbeat_frequency": None}):
        yield


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    batch_id: int | None
    batch_name: str
    document_ids: list[str]
    outcomes: dict[str, str]


@task(name="intake")
def intake_task(overrides: SettingsOverrides, paths: list[str], batch_name: str) -> intake.IntakeReport:
    settings = load_settings(**overrides)
    with Catalog(settings.catalog_location) as catalog:
        return intake.intake(catalog, settings, [Path(p) for p in paths], batch_name)


@task(name="rasterize-clean-recognize")
def recognize_task(overrides: SettingsOverrides, document_ids: list[str], claim: str | None = None) -> list[str]:
    """Pages go to one worker process per core; each runs rasterize -> clean -> OCR on its page.
    Returns the documents lost to another worker (``claim``: see ``pipeline/work_pool.py``)."""
    settings = load_settings(**overrides)
    with Catalog(settings.catalog_location) as catalog:
        pending = recognize.documents_needing_recognition(catalog, document_ids, settings)
        return recognize.recognize(catalog, settings, pending, claim)


@task(name="split")
def split_task(overrides: SettingsOverrides, document_ids: list[str]) -> list[str]:
    """Files holding several results become one document per result; returns what goes on."""
    settings = load_settings(**overrides)
    with Catalog(settings.catalog_location) as catalog:
        return split.split_documents(catalog, document_ids)


@task(name="extract")
def extract_task(overrides: SettingsOverrides, document_ids: list[str]) -> None:
    settings = load_settings(**overrides)
    with Catalog(settings.catalog_location) as catalog:
        extract.extract(catalog, document_ids)


@task(name="index")
def index_task(overrides: SettingsOverrides, document_ids: list[str], force: bool = False, sweep: bool = True) -> int:
    """``sweep``: also whatever else waits to be (re)indexed (corrections, dossier members of other
    batches); a pool run leaves that to the machine that took the batch in (runs would race for it)."""
    settings = load_settings(**overrides)
    with Catalog(settings.catalog_location) as catalog:
        waiting = [d.id for d in catalog.documents(states=[DocumentState.EXTRACTED])] if sweep else []
        backend = shared_backend(settings)
        return index.index(catalog, backend, list(dict.fromkeys(document_ids + waiting)), force=force)


def _process(overrides: SettingsOverrides, document_ids: list[str], claim: str | None = None,
             keep: Callable[[list[str]], list[str]] | None = None) -> None:  # fmt: skip
    """The stages after intake. ``claim``/``keep`` (pool runs): pages are stored only under the
    claim, and between stages ``keep`` says which documents this run still holds."""
    lost = set(recognize_task(overrides, document_ids, claim))
    held = [d for d in document_ids if d not in lost]
    if keep is not None:
        held = keep(held)
    carried = split_task(overrides, held)
    if keep is not None:
        kept = set(keep(held))
        carried = [d for d in carried if d in kept or d not in held]  # parts made by this run are its own
    extract_task(overrides, carried)
    # The files split now (and parts a new split left behind) leave the index: passed on for that.
    index_task(overrides, list(dict.fromkeys(carried + held)), sweep=claim is None)


@flow(name="ingest-batch", log_prints=True, validate_parameters=False)
def ingest_batch(overrides: SettingsOverrides, paths: list[str], batch_name: str) -> BatchOutcome:
    """Intake a batch of files and folders and carry every document through to the index."""
    report = intake_task(overrides, paths, batch_name)
    document_ids = list(dict.fromkeys(report.new + report.duplicates))
    _process(overrides, document_ids)
    return BatchOutcome(report.batch_id, batch_name, document_ids, report.outcomes)


@flow(name="process-batch", log_prints=True, validate_parameters=False)
def process_batch(overrides: SettingsOverrides, document_ids: list[str], batch_name: str) -> None:
    """A batch whose files are stored already (``sohoa ingest`` runs the intake first, and starts
    no flow at all when nothing is left to do): recognition, extraction, the index."""
    _process(overrides, document_ids)


@flow(name="process-documents", log_prints=True, validate_parameters=False)
def process_documents(overrides: SettingsOverrides, document_ids: list[str]) -> BatchOutcome:
    """Carry already-stored documents through the remaining stages (used by `sohoa retry`)."""
    _process(overrides, document_ids)
    return BatchOutcome(None, "retry", document_ids, {})


@flow(name="process-chunk", log_prints=True, validate_parameters=False)
def process_chunk(document_ids: list[str], batch_name: str) -> BatchOutcome:
    """A part of a batch, run by a pool worker (``sohoa worker``): the documents this run can claim
    in the catalog are carried through every stage after intake, then released. The worker's own
    environment says where the catalog, the storage and the index are."""
    settings = load_settings()
    owner = f"{settings.worker_name}:{uuid.uuid4().hex[:8]}"
    with Catalog(settings.catalog_location) as catalog:
        held = catalog.claim(document_ids, owner, settings.claim_seconds, settings.worker_name)

        def keep(ids: list[str]) -> list[str]:
            return catalog.renew(ids, owner, settings.claim_seconds)

        try:
            if held:
                _process({}, held, owner, keep)
        finally:
            catalog.release(held, owner)
    return BatchOutcome(None, batch_name, held, {})


@flow(name="reindex", log_prints=True, validate_parameters=False)
def reindex(overrides: SettingsOverrides) -> index.RebuildReport:
    """Rebuild the search index from the catalog alone (no OCR is redone) beside the one serving
    searches, which it replaces only when complete; an interrupted rebuild resumes."""
    settings = load_settings(**overrides)
    with Catalog(settings.catalog_location) as catalog:
        return index.rebuild(catalog, shared_backend(settings))
