"""The archive's own local Prefect server, found and reused by every command that runs a flow.

Without ``PREFECT_API_URL`` Prefect starts a temporary server for each command: 6–20 s on two
cores before the first page is read, longer than a small batch's OCR. ``sohoa prefect-server``
keeps one running for an archive (in the foreground, for systemd); while it is healthy it is
named in ``$SOHOA_HOME/prefect/server.json``, and ``ingest``, ``watch``, ``retry``, ``reindex`` and
``serve`` use it. A file left by a server that died is ignored (the health check fails in 0.5 s)
and the command falls back to a temporary server, so nothing ever waits on a dead one.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

SERVER_FILE = "server.json"
HEALTH_TIMEOUT = 0.5  # s: a command asks once; a live local server answers in milliseconds
START_TIMEOUT = 120.0  # s: the first start migrates its database (~15 s on two busy cores)
START_ATTEMPTS = 3  # the web app's own server, started again on a fresh port when it ends


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # a local server: never through a proxy


def healthy(api_url: str, timeout: float = HEALTH_TIMEOUT) -> bool:
    try:
        with _DIRECT.open(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def running_server(prefect_home: Path) -> str | None:
    """The API URL of this archive's running server, or None (no file, or the server is gone)."""
    try:
        recorded = json.loads((prefect_home / SERVER_FILE).read_text(encoding="utf-8"))
        api_url = str(recorded["api_url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return api_url if healthy(api_url) else None


def use_running_server(prefect_home: Path) -> str | None:
    """Point Prefect at the archive's running server unless the environment names one already."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    api_url = running_server(prefect_home)
    if api_url:
        os.environ["PREFECT_API_URL"] = api_url
    return api_url


@contextlib.contextmanager
def supervising(child: subprocess.Popen[bytes], on_stop: Callable[[], None], grace: float) -> Iterator[None]:
    """While inside, SIGTERM and Ctrl+C call ``on_stop``; on leaving, a child still running is
    terminated (killed after ``grace`` seconds) and the signal handlers are put back. For the
    long-running commands that keep a Prefect process (``prefect-server``, ``worker``)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        on_stop()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                child.kill()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _die_with_parent() -> None:
    """In a child before it runs: the kernel sends it SIGTERM when its parent dies (even by
    SIGKILL), so a server started for a process never outlives it."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def kept_running(home: Path, prefect_home: Path, announce: Callable[[str], None] = print) -> Iterator[None]:
    """While inside (``sohoa serve``), the archive's Prefect server runs, so the batches the web app
    runs as ``sohoa ingest`` children find it instead of each starting a temporary one (~7 s of CPU
    on two cores): the one running already, else a ``sohoa prefect-server`` child on a free local
    port, stopped on leaving and with this process. Nothing when PREFECT_API_URL names a server.
    Batches started in the ~15 s before it answers use a temporary server, as before.

    A child that ends while the app runs is started again on a fresh port, up to ``START_ATTEMPTS``
    times in all: the port found free may be taken by another process before the server binds it
    (the server then ends in ~3 s, "Port … is already in use"), and the app would otherwise run
    without its server until restarted."""
    if os.environ.get("PREFECT_API_URL") or running_server(prefect_home):
        yield
        return
    leaving = threading.Event()
    current: list[subprocess.Popen[bytes]] = []
    lock = threading.Lock()

    def start() -> None:
        port = _free_port()
        argv = [sys.executable, "-m", "pipeline.cli", "--home", str(home), "prefect-server", "--port", str(port)]
        child = subprocess.Popen(argv, env={**os.environ, "PREFECT_HOME": str(prefect_home)}, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)  # fmt: skip
        current[:] = [child]
        announce(f"Máy chủ Prefect của kho khởi động ở http://127.0.0.1:{port} (dừng cùng ứng dụng web).")

    def watch() -> None:  # a child dies with the thread that started it (PR_SET_PDEATHSIG): wait on each to its end
        attempt = 1
        while True:
            code = current[0].wait()
            with lock:
                if leaving.is_set() or attempt >= START_ATTEMPTS:
                    return
                attempt += 1
                announce(f"Máy chủ Prefect của kho đã dừng (mã {code}); khởi động lại (lần {attempt}).")
                start()

    with lock:
        start()
    watcher = threading.Thread(target=watch, name="prefect-server-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            leaving.set()
            child = current[0]
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
        watcher.join(timeout=5)


def serve(prefect_home: Path, host: str, port: int, announce: Callable[[str], None] = print) -> int:
    """Run ``prefect server start`` until SIGTERM or Ctrl+C; the server file exists only while it
    answers. Returns the server's exit code (0 when stopped by a signal)."""
    api_url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/api"
    if healthy(api_url):
        announce(f"Một máy chủ Prefect đã chạy ở {api_url}; dùng nó.")
        return 0
    env = {
        **os.environ, "PREFECT_HOME": str(prefect_home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1", "PREFECT_SERVER_UI_API_URL": api_url,
    }  # fmt: skip
    env.pop("PREFECT_API_URL", None)
    prefect = Path(sys.executable).with_name("prefect")
    argv = [str(prefect), "server", "start", "--host", host, "--port", str(port)]
    prefect_home.mkdir(parents=True, exist_ok=True)
    log = prefect_home / "server.log"  # a file, not a pipe: a server running for months never blocks on it
    with log.open("ab") as sink:
        child = subprocess.Popen(argv, env=env, stdout=sink, stderr=sink)
    record = prefect_home / SERVER_FILE
    stopping = False

    def stop() -> None:
        nonlocal stopping
        stopping = True
        child.terminate()

    with supervising(child, stop, grace=20):
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while not healthy(api_url, timeout=1.0):
                if child.poll() is not None or time.monotonic() > deadline:
                    child.terminate()
                    if stopping:
                        return 0
                    error = log.read_text(encoding="utf-8", errors="replace")[-800:].strip()
                    announce(f"Máy chủ Prefect không khởi động được ({log}): {error or 'quá thời gian chờ'}")
                    return 1
                time.sleep(0.3)
            temporary = record.with_suffix(".tmp")
            temporary.write_text(json.dumps({"api_url": api_url, "pid": child.pid}), encoding="utf-8")
            os.replace(temporary, record)
            announce(f"Máy chủ Prefect của kho chạy ở {api_url} (giao diện: {api_url.removesuffix('/api')}/); "
                     "các lệnh nạp dùng nó. Ctrl+C để dừng.")  # fmt: skip
            code = child.wait()
            return 0 if stopping else code
        finally:
            with contextlib.suppress(FileNotFoundError):
                record.unlink()
