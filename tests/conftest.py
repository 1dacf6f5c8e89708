"""Shared fixtures. Flows run against a temporary Prefect API (no server to install); the
Elasticsearch tests against the real node ``scripts/test.sh`` starts (``SOHOA_TEST_ES_URL``), the
PostgreSQL tests against the real server it starts (``SOHOA_TEST_PG_URL``, scripts/postgres.sh), the
object-storage tests against a real S3-compatible server (SeaweedFS, scripts/s3.sh)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Before Prefect is imported anywhere: a private home, no telemetry, quiet logs.
_PREFECT_HOME = tempfile.mkdtemp(prefix="sohoa-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["OMP_THREAD_LIMIT"] = "1"
for key in [k for k in os.environ if k.startswith("SOHOA_") and not k.startswith("SOHOA_TEST_")]:
    del os.environ[key]  # every test starts from the defaults; a test sets what it needs

# The live Elasticsearch node of this test run (scripts/elasticsearch.sh). scripts/test.sh sets
# SOHOA_TEST_REQUIRE_ES=1: there a missing node fails the Elasticsearch tests instead of skipping them.
ES_URL = os.environ.get("SOHOA_TEST_ES_URL", "")
ES_REQUIRED = os.environ.get("SOHOA_TEST_REQUIRE_ES") == "1"

# The PostgreSQL server of this test run (scripts/postgres.sh); SOHOA_TEST_REQUIRE_PG=1 as for ES.
PG_URL = os.environ.get("SOHOA_TEST_PG_URL", "")
PG_REQUIRED = os.environ.get("SOHOA_TEST_REQUIRE_PG") == "1"

# The S3-compatible server of this test run (scripts/s3.sh: SeaweedFS); SOHOA_TEST_REQUIRE_S3=1 as for ES.
S3_ENDPOINT = os.environ.get("SOHOA_TEST_S3_ENDPOINT", "")
S3_REQUIRED = os.environ.get("SOHOA_TEST_REQUIRE_S3") == "1"

# veraPDF (scripts/verapdf.sh): the PDF/A validator; SOHOA_TEST_REQUIRE_VERAPDF=1 as for ES.
VERAPDF = os.environ.get("SOHOA_TEST_VERAPDF", "")
VERAPDF_REQUIRED = os.environ.get("SOHOA_TEST_REQUIRE_VERAPDF") == "1"

# The catalog engine of this run: the whole suite runs on SQLite (the default) and again on
# PostgreSQL (SOHOA_TEST_CATALOG=postgresql: scripts/test.sh --catalog postgresql). There every
# archive a test makes lives in a schema of its own on the test server (SOHOA_DATABASE_SCHEMA with
# {home}), for the commands a test runs in-process and for the child processes they start. Tests
# of the SQLite file itself (read-only media) say so with the ``sqlite_catalog`` marker.
CATALOG_ENGINE = os.environ.get("SOHOA_TEST_CATALOG", "sqlite")
if CATALOG_ENGINE == "postgresql":
    if not PG_URL:
        raise RuntimeError("SOHOA_TEST_CATALOG=postgresql needs the test server: SOHOA_TEST_PG_URL (scripts/test.sh)")
    os.environ["SOHOA_DATABASE_URL"] = PG_URL
    os.environ["SOHOA_DATABASE_SCHEMA"] = "t_{home}"
elif CATALOG_ENGINE != "sqlite":
    raise RuntimeError(f"SOHOA_TEST_CATALOG: sqlite or postgresql, not {CATALOG_ENGINE!r}")

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SCANS = REPO / "samples" / "scans"
SAMPLE_TRUTH = REPO / "samples" / "truth"


def _keep_together(items: list[pytest.Item]) -> None:
    """How the tests share pytest-xdist's workers (scripts/test.sh: ``-n 2 --dist loadgroup``): a
    module's tests run on one worker, in their order, its module fixtures made once; the modules that
    use the Elasticsearch node run one after another on one worker (one of them freezes the node,
    which no other test may be talking to then); the tests of a module marked ``spread`` go one by one
    to whichever worker is free (pytest-xdist hands out the units of most tests first: these fill the end)."""
    uses_the_node = {item.module.__name__ for item in items if "es_url" in getattr(item, "fixturenames", ())}  # type: ignore[attr-defined]
    for item in items:
        module = item.module.__name__  # type: ignore[attr-defined]
        if module in uses_the_node:
            item.add_marker(pytest.mark.xdist_group("elasticsearch"))
        elif not item.get_closest_marker("spread"):
            item.add_marker(pytest.mark.xdist_group(module))


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own hook, which marks each test's group in its id
def pytest_collection_finish(session: pytest.Session) -> None:
    """A worker whose tests lost their groups would run a module's tests on both workers and the
    Elasticsearch tests beside the one that freezes the node: the run stops instead."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [item.nodeid for item in session.items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
    if lost:
        message = f"pytest-xdist did not group {len(lost)} tests (e.g. {lost[0]}): see pyproject.toml's pytest pin"
        print(message, file=sys.__stderr__, flush=True)  # a worker's own output reaches the terminal only this way
        pytest.exit(message, returncode=3)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _keep_together(items)
    if CATALOG_ENGINE == "sqlite":
        return
    skip_file = pytest.mark.skip(reason="a test of the SQLite catalog file itself (this run: PostgreSQL)")
    skip_again = pytest.mark.skip(reason="runs on PostgreSQL in the SQLite pass already")
    skip_agnostic = pytest.mark.skip(reason="does not depend on the catalog engine: run in the SQLite pass")
    for item in items:
        if item.get_closest_marker("sqlite_catalog"):
            item.add_marker(skip_file)
        elif item.get_closest_marker("postgresql_catalog"):
            item.add_marker(skip_again)
        elif item.get_closest_marker("catalog_agnostic"):
            item.add_marker(skip_agnostic)


def catalog_of(home: Path) -> Path | str:
    """Where the archive in ``home`` keeps its catalog in this run (a file, or a server schema)."""
    from pipeline.settings import load_settings

    return load_settings(home=home).catalog_location


def web_store_of(home: Path) -> Path | str:
    from pipeline.settings import load_settings

    return load_settings(home=home).web_store_location


@contextlib.contextmanager
def catalog_sql(home: Path) -> Iterator[Any]:
    """A connection to the archive's catalog for a test to read (and, to stage a fault, write) it
    directly, on either engine: ``?`` placeholders, rows by name or position."""
    from pipeline.catalog import connect
    from pipeline.catalog.engine import connect as open_connection

    location = catalog_of(home)
    db = open_connection(location, None if isinstance(location, str) else (lambda: connect(Path(location))))
    try:
        yield db
    finally:
        db.close()


class CatalogReader:
    """``catalog_sql`` one statement at a time: ``CatalogReader(home).execute(sql, params).fetchone()``
    (a connection is opened and closed for each, so none is left holding a server's pool)."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        with catalog_sql(self.home) as db:
            return db.execute(sql, params)


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """A temporary Prefect API for the whole session (~9 s once)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def run_sohoa(home: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The real command line, in-process: returns (exit code, standard output)."""
    import contextlib
    import io

    from pipeline.cli import main

    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            code = main(["--home", str(home), *args])
        return code, out.getvalue()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def sohoa(prefect_api: None, home: Path):  # type: ignore[no-untyped-def]
    """``code, stdout = sohoa("ingest", path)`` against this test's own data directory."""

    def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
        return run_sohoa(home, *args, env=env)

    return run


@pytest.fixture(scope="session")
def scans_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed samples, copied so tests may add files next to them."""
    target = tmp_path_factory.mktemp("scans") / "scans"
    shutil.copytree(SAMPLE_SCANS, target)
    return target


def _required_server(address: str, required: bool, message: str) -> None:
    """A test server the run did not start: the test is skipped, or fails where the run requires it
    (scripts/test.sh: a run in which these tests are skipped is a failed run)."""
    if address:
        return
    if required:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pdfa_report() -> Any:
    """``pdfa_report(*files)`` → (every file passes PDF/A-2b, veraPDF's report); skipped (failed, in
    CI) when veraPDF is not installed."""
    _required_server(VERAPDF, VERAPDF_REQUIRED, "no veraPDF: run the suite with scripts/test.sh, or set SOHOA_TEST_VERAPDF")
    import subprocess

    def check(*files: Path) -> tuple[bool, str]:
        done = subprocess.run(["bash", VERAPDF, "check", *map(str, files)], capture_output=True, text=True, timeout=300)
        return done.returncode == 0, done.stdout + done.stderr

    return check


@pytest.fixture(scope="session")
def es_url() -> str:
    """The live node's URL, once it answers; skipped (failed, in CI) when there is none."""
    _required_server(ES_URL, ES_REQUIRED, "no Elasticsearch node: run the suite with scripts/test.sh, or set SOHOA_TEST_ES_URL")
    import time
    import urllib.request

    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{ES_URL}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=5):
                return ES_URL
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"Elasticsearch at {ES_URL} did not answer within 120 s")
            time.sleep(0.5)


@pytest.fixture
def es_prefix(es_url: str) -> Iterator[str]:
    """A prefix of indices and aliases of this test's own; everything under it is deleted after."""
    import uuid

    from elasticsearch import Elasticsearch

    prefix = f"sohoa-test-{uuid.uuid4().hex[:10]}"
    yield prefix
    client = Elasticsearch(es_url)
    client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)
    client.close()


@pytest.fixture(scope="session")
def es_node_pid(es_url: str) -> int:
    """The test node's JVM, for tests that freeze it (SIGSTOP) to make it slow."""
    pidfile = os.environ.get("SOHOA_TEST_ES_PIDFILE", "")
    if not pidfile or not Path(pidfile).exists():
        message = "no pid file of the Elasticsearch node (SOHOA_TEST_ES_PIDFILE): start it with scripts/elasticsearch.sh"
        if ES_REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return int(Path(pidfile).read_text().strip())


def es_settings(es_url: str, prefix: str, **extra: str) -> dict[str, str]:
    """Environment for ``sohoa`` commands that use the test node under this prefix."""
    return {"SOHOA_ES_URL": es_url, "SOHOA_ES_INDEX_PREFIX": prefix, "SOHOA_ES_REPLICAS": "0", **extra}


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The test run's PostgreSQL server (a database in it that tests may create others beside)."""
    _required_server(PG_URL, PG_REQUIRED, "no PostgreSQL server: run the suite with scripts/test.sh, or set SOHOA_TEST_PG_URL")
    return PG_URL


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[str]:
    """A new, empty database on the test server for one test; dropped afterwards."""
    import uuid

    import sqlalchemy as sa

    from pipeline.catalog.engine import dispose_engines

    name = f"sohoa_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield str(sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False))
    finally:
        dispose_engines()  # this process's pooled connections to it
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture
def s3_storage() -> dict[str, str]:
    """Settings (environment) that put a test's originals and page images in a fresh prefix of the
    test run's S3 bucket; the bucket's credentials are in the environment the runner exported."""
    import uuid

    _required_server(S3_ENDPOINT, S3_REQUIRED, "no S3-compatible server: run the suite with scripts/test.sh, or set SOHOA_TEST_S3_ENDPOINT")
    bucket = os.environ.get("SOHOA_TEST_S3_BUCKET", "sohoa-test")
    return {"SOHOA_STORAGE_URL": f"s3://{bucket}/t-{uuid.uuid4().hex[:12]}", "SOHOA_S3_ENDPOINT_URL": S3_ENDPOINT}
