"""Batches on a Prefect work pool: the province's way to spread OCR over several machines.

Every machine that sees the catalog (PostgreSQL), the storage (S3) and the index (Elasticsearch)
runs ``sohoa worker``: it registers the ``process-chunk`` deployment on the pool (a process pool:
flow runs are child processes of the worker, in the project's folder) and starts a Prefect worker
that takes runs from it. A batch is taken in by the machine that has its files (``sohoa ingest``
or the web app: originals go to the storage), then cut into chunks of about ``chunk_pages`` pages,
one flow run each, that any worker may take.

Exactly once, whatever dies: a run *claims* its documents in the catalog before it reads a page
and stores each page only while its claim holds (``Catalog.save_page``), renewing it; a worker
that dies stops renewing, and after ``claim_seconds`` any live worker's watch (``reconcile``, run
by ``sohoa worker`` every few seconds) queues the lapsed documents and submits one new run for
them, which reads only the pages not stored yet. Prefect carries the work; the catalog decides who
owns it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pipeline.catalog import Catalog, DocumentRow
from pipeline.errors import ErrorClass, SohoaError
from pipeline.prefect_server import supervising
from pipeline.settings import Settings

if TYPE_CHECKING:
    from uuid import UUID

    from prefect import Flow
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments.runner import RunnerDeployment

FLOW_NAME = "process-chunk"
DEPLOYMENT_NAME = "sohoa"
DEPLOYMENT = f"{FLOW_NAME}/{DEPLOYMENT_NAME}"
ENTRYPOINT = "flows.py:process_chunk"
PROJECT = Path(__file__).resolve().parent.parent  # where flows.py is: every worker runs the same code from it
POLL_SECONDS = 2.0  # a worker asks the pool this often (Prefect's default is 10 s, longer than a chunk's start)


class WorkPoolUnavailableError(SohoaError):
    """The pool cannot take the batch: no Prefect server, or no deployment on it yet."""

    error_class = ErrorClass.WORK_POOL_UNAVAILABLE


def ensure_deployment(pool: str) -> UUID:
    """The pool (a process pool) and the chunk deployment on it, created or updated; any number of
    workers may do this at once."""
    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            with contextlib.suppress(ObjectAlreadyExists):  # another worker made it first
                client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    # Prefect's sync/async dual functions type as either: called here outside any event loop, they are sync.
    loaded = cast("Flow[..., Any]", flow.from_source(source=str(PROJECT), entrypoint=ENTRYPOINT))
    deployment = cast("RunnerDeployment", loaded.to_deployment(name=DEPLOYMENT_NAME, work_pool_name=pool))
    return cast("UUID", deployment.apply(work_pool_name=pool))


def chunks(documents: Sequence[DocumentRow], pages_per_chunk: int) -> list[list[str]]:
    """Documents in runs of about ``pages_per_chunk`` pages, in the order given; a document is never
    cut (its pages are read by one worker), so a long one is a chunk of its own."""
    runs: list[list[str]] = []
    current: list[str] = []
    pages = 0
    for document in documents:
        size = max(1, document.page_count or 1)
        if current and pages + size > pages_per_chunk:
            runs.append(current)
            current, pages = [], 0
        current.append(document.id)
        pages += size
    if current:
        runs.append(current)
    return runs


def submit(settings: Settings, catalog: Catalog, document_ids: Sequence[str], batch_name: str,
           pool: str) -> list[UUID]:  # fmt: skip
    """One flow run per chunk of these documents on the pool; returns the runs' ids at once (the
    catalog says when the documents are done, see ``pipeline.stages.plan.unfinished``)."""
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound

    documents = [d for d in (catalog.document(i) for i in dict.fromkeys(document_ids)) if d is not None]
    runs = []
    for number, chunk in enumerate(chunks(documents, settings.chunk_pages), start=1):
        try:
            run = cast("FlowRun", run_deployment(
                DEPLOYMENT, parameters={"document_ids": chunk, "batch_name": batch_name}, timeout=0,
                flow_run_name=f"{batch_name} #{number}", tags=[f"pool:{pool}"], as_subflow=False,
            ))  # fmt: skip
        except ObjectNotFound as exc:
            raise WorkPoolUnavailableError(
                f"Chưa có máy xử lý nào đăng ký với nhóm {pool}: chạy `sohoa worker` trên ít nhất một máy."
            ) from exc
        runs.append(run.id)
    return runs


def online_workers(pool: str) -> list[str]:
    """Names of the pool's workers the server has heard from lately (none when no worker has made
    the pool yet)."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound, PrefectHTTPStatusError

    with get_client(sync_client=True) as client:
        try:
            workers = client.read_workers_for_work_pool(pool)
        except ObjectNotFound:
            return []
        except PrefectHTTPStatusError as exc:  # the sync client answers a missing pool with a bare 404
            if exc.response.status_code == 404:
                return []
            raise
    return sorted(w.name for w in workers if str(getattr(w.status, "value", w.status)).upper() == "ONLINE")


def reconcile(settings: Settings, pool: str) -> list[str]:
    """Documents whose worker went silent (claim lapsed): queued under one new ticket and submitted
    again as new runs. Returns them. Safe on every machine at once: each document is queued once."""
    ticket = uuid.uuid4().hex[:12]
    with Catalog(settings.catalog_location) as catalog:
        lapsed = catalog.queue_lapsed_claims(ticket, seconds=settings.claim_seconds * 4)
        if lapsed:
            submit(settings, catalog, lapsed, f"nhận lại {ticket}", pool)
    return lapsed


def run_worker(settings: Settings, pool: str, limit: int, announce: Callable[[str], None] = print) -> int:
    """``sohoa worker``: register the deployment, run a Prefect process worker on the pool (``limit``
    flow runs at once) and watch for lapsed claims until SIGTERM or Ctrl+C."""
    ensure_deployment(pool)
    prefect = Path(sys.executable).with_name("prefect")
    argv = [str(prefect), "worker", "start", "--pool", pool, "--type", "process", "--name", settings.worker_name,
            "--limit", str(limit)]  # fmt: skip
    env = {**os.environ, "SOHOA_WORK_POOL": pool, "SOHOA_WORKER_NAME": settings.worker_name,
           "PREFECT_WORKER_QUERY_SECONDS": str(POLL_SECONDS), "PREFECT_WORKER_PREFETCH_SECONDS": "0"}  # fmt: skip
    child = subprocess.Popen(argv, env=env)
    stopping = False

    def stop() -> None:
        nonlocal stopping
        stopping = True

    announce(f"Máy {settings.worker_name} nhận việc từ nhóm {pool} (tối đa {limit} lượt chạy một lúc). Ctrl+C để dừng.")
    with supervising(child, stop, grace=30):
        watch_every = max(POLL_SECONDS, min(30.0, settings.claim_seconds / 4))
        next_watch = time.monotonic()
        while not stopping and child.poll() is None:
            if time.monotonic() >= next_watch:
                try:
                    taken = reconcile(settings, pool)
                except Exception as exc:  # the database or the server away for a moment: ask again later
                    announce(f"Chưa kiểm tra được việc bỏ dở: {type(exc).__name__}: {exc}")
                else:
                    if taken:
                        announce(f"Nhận lại {len(taken)} văn bản của một máy đã ngừng trả lời.")
                next_watch = time.monotonic() + watch_every
            time.sleep(0.5)
        return 0 if stopping else (child.returncode or 1)
