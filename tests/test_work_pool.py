"""A province on several machines: two workers, each a host of its own (a network namespace that
reaches the catalog, the bucket, the index and the Prefect server only over the network), take a
8-page batch from the work pool; one host dies mid-batch. Every page is read exactly once, every
document is found, and ``sohoa status`` shows what each machine did.

Real servers all the way: PostgreSQL (scripts/postgres.sh), SeaweedFS (scripts/s3.sh),
Elasticsearch (scripts/elasticsearch.sh), and a Prefect server this test starts.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.catalog import Catalog
from samples.generator.build import GENERATORS, Recipe, build_set
from tests.conftest import SAMPLE_SCANS, es_settings
from tests.network_faults import Host

pytestmark = [pytest.mark.slow, pytest.mark.postgresql_catalog]  # a province: PostgreSQL always

SOHOA = str(Path(sys.executable).with_name("sohoa"))
PAGES = 8  # two chunks of four: one host dies in its chunk, the other reads its own and then the rest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(check, timeout: float, what: str, every: float = 0.5):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[str]:
    """A real Prefect server (``sohoa prefect-server``) for this test; its API URL on loopback."""
    port = _free_port()
    env = {**os.environ, "SOHOA_HOME": str(tmp_path / "prefect-host"), "PREFECT_HOME": str(tmp_path / "prefect-host" / "prefect")}
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "prefect-server.log"
    with log.open("ab") as sink:
        server = subprocess.Popen([SOHOA, "prefect-server", "--port", str(port)], env=env, stdout=sink, stderr=sink)
    api = f"http://127.0.0.1:{port}/api"
    try:
        from pipeline.prefect_server import healthy

        _wait_for(lambda: healthy(api) or server.poll() is not None, 150, "the Prefect server")
        assert server.poll() is None, log.read_text()[-2000:]
        yield api
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def hosts() -> Iterator[list[Host]]:
    if os.geteuid() != 0 or not shutil.which("ip"):
        pytest.skip("other hosts need root and iproute2 (ip netns)")
    made: list[Host] = []
    try:
        made += [Host("a", 1), Host("b", 2)]
        yield made
    finally:
        for host in made:
            host.remove()


def _batch(folder: Path) -> None:
    """``PAGES`` one-page results of the kinds the generator makes (clean and office scans, JPEG)."""
    kinds = sorted(GENERATORS)
    recipes = [Recipe(f"{i:02d}-{kinds[i % len(kinds)]}", kinds[i % len(kinds)], ("clean", "office")[i % 2], "jpg")
               for i in range(PAGES)]  # fmt: skip
    build_set(folder, recipes, seed=random.Random(4).randint(0, 999), truth_dir=folder.parent / "truth")


def _url_via(url: str, host: Host) -> str:
    """``url`` (a server on 127.0.0.1) as ``host`` reaches it."""
    scheme, rest = url.split("://", 1)
    authority, _, path = rest.partition("/")
    credentials, _, address = authority.rpartition("@")
    port = int(address.rsplit(":", 1)[1])
    return f"{scheme}://{credentials + '@' if credentials else ''}{host.forward(port)}{'/' + path if path else ''}"


def test_two_workers_one_killed_every_page_read_once(  # type: ignore[no-untyped-def]
    tmp_path: Path, pg_database: str, s3_storage: dict[str, str], es_url: str, es_prefix: str,
    prefect_server: str, hosts: list[Host],
) -> None:  # fmt: skip
    shared = {"SOHOA_DATABASE_URL": pg_database, **s3_storage, **es_settings(es_url, es_prefix),
              "SOHOA_CLAIM_SECONDS": "20", "SOHOA_OCR_TIMEOUT_SECONDS": "15", "SOHOA_CHUNK_PAGES": "4",
              "SOHOA_WORKERS": "1", "PREFECT_LOGGING_LEVEL": "WARNING"}  # fmt: skip
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SOHOA_", "PREFECT_"))}

    workers = {}
    for host, name in zip(hosts, ("may-a", "may-b"), strict=True):
        env = {**base, **shared, "SOHOA_WORKER_NAME": name, "SOHOA_HOME": str(tmp_path / name),
               "PREFECT_HOME": str(tmp_path / name / "prefect"), "PREFECT_API_URL": _url_via(prefect_server, host),
               "SOHOA_DATABASE_URL": _url_via(pg_database, host), "SOHOA_S3_ENDPOINT_URL": _url_via(s3_storage["SOHOA_S3_ENDPOINT_URL"], host),
               "SOHOA_ES_URL": _url_via(es_url, host)}  # fmt: skip
        workers[name] = host.start([SOHOA, "worker", "--limit", "1"], env, tmp_path / f"{name}.log")

    clerk = {**base, **shared, "SOHOA_HOME": str(tmp_path / "clerk"), "PREFECT_HOME": str(tmp_path / "clerk" / "prefect"),
             "PREFECT_API_URL": prefect_server, "SOHOA_WORK_POOL": "sohoa"}  # fmt: skip

    def online() -> list[str]:
        # Asked in this process (a child importing Prefect every 2 s slowed the workers' own start).
        from prefect.settings import PREFECT_API_URL, temporary_settings

        from pipeline.work_pool import online_workers

        with temporary_settings({PREFECT_API_URL: prefect_server}):
            return online_workers("sohoa")

    batch = tmp_path / f"lo-{PAGES}"
    _batch(batch)  # while the workers start
    # Both machines have registered (a busy CI machine starts them slower than the clerk's command
    # takes the files in; a batch sent to a pool nobody has joined yet is refused, by design).
    _wait_for(lambda: online() == ["may-a", "may-b"], 240, "both workers online", every=2.0)
    with (tmp_path / "ingest.err").open("wb") as errors:
        ingest = subprocess.Popen([SOHOA, "ingest", str(batch), f"--batch=Lô {PAGES} trang", "--json"], env=clerk,
                                  stdout=subprocess.PIPE, stderr=errors)  # fmt: skip

    def pages_of(worker: str) -> int:
        with Catalog(pg_database) as catalog:
            return {r["worker"]: r["pages"] for r in catalog.pages_by_worker("2000-01-01")}.get(worker, 0)

    def logs() -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(tmp_path.glob("*.log"))) + \
            (tmp_path / "ingest.err").read_text(errors="replace")[-2000:]  # fmt: skip

    try:
        _wait_for(lambda: pages_of("may-a") >= 2 or ingest.poll() is not None, 240, "may-a's first pages")
        assert ingest.poll() is None, logs()
        killed = hosts[0].kill()  # may-a's power goes: worker, Prefect worker, flow run, OCR processes
        assert killed >= 3, killed
        read_by_a = pages_of("may-a")
        out, _ = ingest.communicate(timeout=420)
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert ingest.returncode == 0, logs()
    summary = json.loads(out)
    assert (summary["files"], summary["failed"], summary["pages"]) == (PAGES, 0, PAGES), summary
    assert {f["state"] for f in summary["files_detail"]} == {"indexed"}, summary

    with Catalog(pg_database) as catalog:
        documents = catalog.documents()
        assert len(documents) == PAGES and {d.state for d in documents} == {"indexed"}
        assert catalog.claims() == []  # nothing held, nothing queued
        by_worker = {r["worker"]: r["pages"] for r in catalog.pages_by_worker("2000-01-01")}
        read = Counter(
            (r["document_id"], r["page_number"])
            for r in catalog._query("SELECT document_id, page_number FROM stage_runs WHERE stage = 'rasterize'")
        )
    # Exactly once: one stored reading per page, whoever made it, and no page read twice.
    assert sorted(read) == sorted((d.id, 1) for d in documents) and set(read.values()) == {1}, read
    assert by_worker["may-a"] == read_by_a and by_worker["may-a"] + by_worker["may-b"] == PAGES, by_worker
    assert by_worker["may-b"] > by_worker["may-a"], by_worker  # b took over a's work

    # Search finds every document (the index on Elasticsearch, written by both machines).
    from indexing.backends import shared_backend
    from indexing.query import SearchRequest
    from pipeline.settings import load_settings

    settings = load_settings(home=tmp_path / "clerk", **{k.removeprefix("SOHOA_").lower(): v for k, v in shared.items()
                                                         if k.startswith("SOHOA_")})  # fmt: skip
    found = shared_backend(settings).search(SearchRequest("cộng hòa xã hội chủ nghĩa việt nam", limit=100, per_document=True))
    assert sorted(h.id for h in found.hits) == sorted(d.id for d in documents)

    status = subprocess.run([SOHOA, "status", "--json"], env=clerk, capture_output=True, text=True, timeout=120)
    shown = {w["worker"]: w for w in json.loads(status.stdout)["workers"]}
    assert shown["may-a"]["pages_last_hour"] == by_worker["may-a"] and shown["may-b"]["pages_last_hour"] == by_worker["may-b"]
    assert shown["may-b"]["pages_per_minute"] > 0 and shown["may-b"]["documents_in_hand"] == 0
    assert workers["may-b"].poll() is None, logs()  # the live worker is still taking work

    # `sohoa retry` goes to the pool too: a document recorded as failed is carried through again by
    # may-b, its stored pages kept (no page is read a second time).
    with Catalog(pg_database) as catalog:
        catalog.fail_document(documents[0].id, "ocr_crash", "Giả lập: lỗi khi nhận dạng.")
    retried = subprocess.run([SOHOA, "retry"], env=clerk, capture_output=True, text=True, timeout=240)
    assert retried.returncode == 0, retried.stderr + logs()
    with Catalog(pg_database) as catalog:
        again = catalog.document(documents[0].id)
        assert again is not None and (again.state, again.error_class) == ("indexed", None)
        rasterized = catalog._query("SELECT count(*) FROM stage_runs WHERE stage = 'rasterize'")[0][0]
        assert rasterized == PAGES
        # A document waiting for the index outside any batch (a correction, an index that was away):
        # the next batch (below, the web app's) writes it, as the single-machine run does.
        catalog.update_document(documents[1].id, state="extracted")

    # A province's web app submits an upload to the pool itself: the files go to the bucket from
    # the web server, the pages to the workers (may-b), and no `sohoa ingest` child is started.
    uploaded = _upload_through_the_web_app(tmp_path, clerk, pg_database, logs)
    with Catalog(pg_database) as catalog:
        assert catalog.document(documents[1].id).state == "indexed"  # type: ignore[union-attr]
        assert catalog.state_counts() == {"indexed": PAGES + uploaded}


def _children_of(pid: int) -> list[str]:
    """The command lines of a process's children (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return found


def _upload_through_the_web_app(tmp_path: Path, clerk: dict[str, str], pg_database: str, logs) -> int:  # type: ignore[no-untyped-def]
    """Two sample scans uploaded as a clerk does; how many documents they made."""
    import httpx

    from benchmarks.load import free_port

    subprocess.run([SOHOA, "users", "add", "vanthu", "--role", "clerk", "--generate-password"], env=clerk,
                   check=True, capture_output=True, timeout=60)  # fmt: skip
    token = subprocess.run([SOHOA, "users", "token", "vanthu", "--label", "tests"], env=clerk, check=True,
                           capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[-1]  # fmt: skip
    port = free_port()
    with (tmp_path / "web.log").open("wb") as log:
        server = subprocess.Popen([SOHOA, "serve", "--port", str(port)], env=clerk, stdout=log, stderr=log)
    web, headers = f"http://127.0.0.1:{port}", {"authorization": f"Bearer {token}"}
    children: list[str] = []
    try:
        _wait_for(lambda: _answers(f"{web}/login") or server.poll() is not None, 60, "the web app")
        names = ("thong-bao-dien-thoai.jpg", "trich-luc-khai-sinh-fax.tiff")
        files = [("files", (name, (SAMPLE_SCANS / name).read_bytes())) for name in names]
        upload = httpx.post(f"{web}/api/uploads", headers=headers, data={"batch": "Lô qua web", "paths": list(names)},
                            files=files, timeout=60)  # fmt: skip
        assert upload.status_code == 202, upload.text
        status_url = web + upload.json()["status_url"]

        def finished() -> bool:
            children.extend(_children_of(server.pid))
            return httpx.get(status_url, headers=headers, timeout=30).json()["job"]["state"] in ("done", "failed")

        _wait_for(finished, 300, "the web upload's job")
        status = httpx.get(status_url, headers=headers, timeout=30).json()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert status["job"]["state"] == "done", str(status) + logs()
    assert [f["state"] for f in status["files"]] == ["indexed", "indexed"], status
    assert not [c for c in children if " ingest " in c], children  # the pool did it, not a child command
    made = [f["document_id"] for f in status["files"]]
    with Catalog(pg_database) as catalog:
        workers = {r[0] for r in catalog._query(
            f"SELECT DISTINCT worker FROM stage_runs WHERE stage = 'rasterize' AND document_id IN ({', '.join('?' * len(made))})",
            made)}  # fmt: skip
    assert workers == {"may-b"}, workers
    return len(made)


def _answers(url: str) -> bool:
    import httpx

    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
