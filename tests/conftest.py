"""Shared fixtures. Flows run against a temporary Prefect API (no server to install)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before Prefect is imported anywhere: a private home, no telemetry, quiet logs.
_PREFECT_HOME = tempfile.mkdtemp(prefix="sohoa-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["OMP_THREAD_LIMIT"] = "1"
for key in [k for k in os.environ if k.startswith("SOHOA_") and k != "SOHOA_ES_URL"]:
    del os.environ[key]

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SCANS = REPO / "samples" / "scans"
SAMPLE_TRUTH = REPO / "samples" / "truth"


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
