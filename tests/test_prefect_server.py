"""The archive's own Prefect server: commands that run flows find it and use it; a dead one is ignored."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.prefect_server import SERVER_FILE, running_server
from tests.conftest import REPO, SAMPLE_SCANS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _flow_runs(api_url: str) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(f"{api_url}/flow_runs/count", data=b"{}", headers={"content-type": "application/json"})
    with opener.open(request, timeout=10) as response:
        return int(json.loads(response.read()))


@pytest.mark.slow
@pytest.mark.catalog_agnostic  # which Prefect server a command uses, whatever the catalog: SQLite pass only
def test_ingest_uses_the_archives_running_prefect_server_and_ignores_a_dead_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env["SOHOA_HOME"] = str(home)
    cli = [sys.executable, "-m", "pipeline.cli"]
    port = _free_port()
    server = subprocess.Popen([*cli, "prefect-server", "--port", str(port)], env=env, cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    record = home / "prefect" / SERVER_FILE
    try:
        deadline = time.monotonic() + 150
        while not record.exists() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
        assert record.exists(), server.stderr.read() if server.poll() is not None and server.stderr else "timeout"
        api_url = running_server(home / "prefect")
        assert api_url == f"http://127.0.0.1:{port}/api"
        before = _flow_runs(api_url)
        done = subprocess.run([*cli, "ingest", str(SAMPLE_SCANS / "cong-van-co-lop-chu.pdf")], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert _flow_runs(api_url) == before + 1  # the run is on this server, seen in its UI
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=60)
        assert server.returncode == 0, err
        assert "Máy chủ Prefect của kho chạy ở" in err
    finally:
        server.kill()
    assert not record.exists()  # named only while it answers
    # A file left by a server killed outright: the next command falls back to a temporary server.
    record.write_text(json.dumps({"api_url": api_url, "pid": 1}), encoding="utf-8")
    assert running_server(home / "prefect") is None
    done = subprocess.run([*cli, "ingest", str(SAMPLE_SCANS / "quyet-dinh-van-phong.pdf")], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
@pytest.mark.catalog_agnostic  # the app's Prefect server, whatever the catalog: SQLite pass only
def test_the_web_app_keeps_the_archives_prefect_server_while_it_runs(tmp_path: Path) -> None:
    """``sohoa serve`` with no Prefect server running starts the archive's own, so the batches it
    runs as ``sohoa ingest`` children find it (issue 12: a temporary server costs ~7 s of CPU per
    batch); the server stops with the app, stopped cleanly or killed outright."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env["SOHOA_HOME"] = str(home)
    record = home / "prefect" / SERVER_FILE
    for ending in (signal.SIGTERM, signal.SIGKILL):
        app = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(_free_port())], env=env,
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
        try:
            deadline = time.monotonic() + 150
            while running_server(home / "prefect") is None and app.poll() is None and time.monotonic() < deadline:
                time.sleep(0.5)
            api_url = running_server(home / "prefect")
            assert api_url is not None, app.stderr.read() if app.poll() is not None and app.stderr else "timeout"
            app.send_signal(ending)
            app.wait(timeout=60)
            deadline = time.monotonic() + 60
            while record.exists() and time.monotonic() < deadline:
                time.sleep(0.5)
            assert not record.exists() and running_server(home / "prefect") is None, ending
        finally:
            app.kill()
    # Told not to, it starts none: the app answers, no server is named and the app has no child.
    port = _free_port()
    app = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--no-prefect-server"],
                           env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                opener.open(f"http://127.0.0.1:{port}/login", timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        children = Path(f"/proc/{app.pid}/task/{app.pid}/children").read_text().split()
        assert app.poll() is None and not record.exists() and children == []
    finally:
        app.kill()


@pytest.mark.slow
@pytest.mark.catalog_agnostic  # the app's Prefect server, whatever the catalog: SQLite pass only
def test_the_web_apps_prefect_server_is_started_again_when_its_port_is_taken_before_it_binds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The port ``kept_running`` finds free may be taken by another process before the server binds
    it (services and tests starting alongside): the server ends in ~3 s ("Port … is already in
    use") and the app ran on without its server (the suite red once, 2026-12-07). It is started
    again on a fresh port; the first port here is held by a real listening socket."""
    import pipeline.prefect_server as prefect_server

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    home = tmp_path / "home"
    said: list[str] = []
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        taken_port = int(taken.getsockname()[1])
        ports = iter([taken_port])
        free = prefect_server._free_port
        monkeypatch.setattr(prefect_server, "_free_port", lambda: next(ports, None) or free())
        with prefect_server.kept_running(home, home / "prefect", said.append):
            deadline = time.monotonic() + 150
            while running_server(home / "prefect") is None and time.monotonic() < deadline:
                time.sleep(0.5)
            api_url = running_server(home / "prefect")
    assert api_url is not None and f":{taken_port}/" not in api_url, said
    assert any("khởi động lại" in line for line in said), said
    assert not (home / "prefect" / SERVER_FILE).exists()  # stopped on leaving


@pytest.mark.catalog_agnostic  # Prefect's settings for a run, whatever the catalog: SQLite pass only
def test_a_flow_run_in_the_commands_own_process_sends_no_heartbeats(prefect_api: None) -> None:
    """Prefect 3.9 joins a run's heartbeat thread, which sleeps in whole seconds, as the run ends:
    each run of ``sohoa ingest`` ended up to a second after its last task. The flows a command runs
    in its own process run inside ``flows.run_here``, without heartbeats; outside it, and after
    it, Prefect's default (what a deployment's runs use) stands."""
    from prefect import flow
    from prefect.settings import get_current_settings

    from flows import run_here

    @flow(name="heartbeat-probe")
    def heartbeat_seconds() -> int | None:
        return get_current_settings().flows.heartbeat_frequency  # what the engine read as the run began

    assert heartbeat_seconds() == 180
    with run_here():
        assert heartbeat_seconds() is None
    assert heartbeat_seconds() == 180
