"""Officers searching at once: N clients hit ``GET /api/search`` on a real ``sohoa serve`` for a while.

    .venv/bin/python benchmarks/load.py                                  # 32 clients, 5 minutes, both backends
    .venv/bin/python benchmarks/load.py --clients 8 --seconds 30 --backend tantivy
    .venv/bin/python benchmarks/load.py --es-url http://127.0.0.1:9250   # Elasticsearch too (scripts/elasticsearch.sh start)

Builds an archive of ``--documents`` decisions through the catalog (no OCR: the text is what OCR
would have read), indexes it, starts the web server in its own process, and lets every client ask
for a known citizen's CCCD or name (with and without diacritics) in a loop. Prints requests per
second, p50/p95/p99 latency, errors (any answer but 200 with the right document first), and whether
the index is whole afterwards (``/api/status``: index counts equal to the catalog's). The test suite
runs the same for a few seconds per backend (tests/test_web_load.py).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


@dataclass
class LoadResult:
    backend: str
    clients: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    index_whole: bool = False
    index_detail: dict = field(default_factory=dict)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    def line(self) -> str:
        n = len(self.latencies_ms)
        return (f"{self.backend:<14} {self.clients:>3} clients {self.seconds:5.0f} s  {n:>7} requests"
                f" {n / self.seconds:7.1f}/s  p50 {statistics.median(self.latencies_ms) if n else 0:7.1f} ms"
                f"  p95 {self.percentile(0.95):7.1f} ms  p99 {self.percentile(0.99):7.1f} ms"
                f"  errors {len(self.errors):>4}  index whole: {'yes' if self.index_whole else 'NO'}")  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare_archive(home: Path, documents: int, env: dict[str, str]) -> dict[str, str]:
    """The archive (settings from ``env``, as the server will read them) and an officer's and an
    admin's API token; returns the tokens."""
    from indexing.backends import shared_backend
    from pipeline.settings import load_settings
    from search_ui.accounts import WebStore
    from tests.archive_support import make_archive

    settings = load_settings(home=home, **{k.removeprefix("SOHOA_").lower(): v for k, v in env.items()})
    make_archive(home, documents, backend=shared_backend(settings))
    with WebStore(settings.web_store_location) as store:
        store.add_user("tracuu", "mat-khau-tai-thu-1", ["officer"])
        store.add_user("quantri", "mat-khau-tai-thu-1", ["admin"])
        return {"officer": store.create_token("tracuu", "tải"), "admin": store.create_token("quantri", "tải")}


def serve(home: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--home", str(home), "serve", "--port", str(port)],
        cwd=REPO, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()
            return server
        except OSError as exc:
            if server.poll() is not None:
                stderr = server.stderr.read().decode()[-2000:] if server.stderr else ""
                raise RuntimeError(f"sohoa serve stopped: {stderr}") from exc
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("sohoa serve did not answer within 60 s")


def _get(url: str, token: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def run_load(base_url: str, tokens: dict[str, str], documents: int, clients: int, seconds: float,
             backend: str) -> LoadResult:  # fmt: skip
    from indexing.vietnamese import fold
    from tests.archive_support import cccd, person

    result = LoadResult(backend, clients, seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        asked = number
        while time.monotonic() < deadline:
            i = (asked * 7919) % documents
            asked += clients
            query = (cccd(i), person(i), fold(person(i)))[asked % 3]
            started = time.perf_counter()
            try:
                status, body = _get(f"{base_url}/api/search?{urllib.parse.urlencode({'q': query, 'limit': 10})}",
                                    tokens["officer"])  # fmt: skip
                error = None if status == 200 else f"HTTP {status}: {body[:200]!r}"
                if error is None and query == cccd(i):
                    hits = json.loads(body)["hits"]
                    if not hits or hits[0]["metadata"].get("id_numbers") != [cccd(i)]:
                        error = f"{query}: wrong or no hit"
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies_ms.append(elapsed)
                if error:
                    result.errors.append(error)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    status, body = _get(f"{base_url}/api/status", tokens["admin"])
    index = json.loads(body)["index"] if status == 200 else {}
    result.index_detail = index
    result.index_whole = bool(index.get("in_step")) and index.get("counts") == index.get("catalog")
    return result


def backend_env(backend: str, es_url: str | None, prefix: str) -> dict[str, str]:
    if backend == "elasticsearch":
        return {"SOHOA_ES_URL": es_url or "", "SOHOA_ES_INDEX_PREFIX": prefix, "SOHOA_ES_REPLICAS": "0"}
    return {"SOHOA_SEARCH_BACKEND": "tantivy"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["tantivy", "elasticsearch", "both"], default="both")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--es-url", default=os.environ.get("SOHOA_TEST_ES_URL") or "http://127.0.0.1:9250")
    args = parser.parse_args()
    backends = ["tantivy", "elasticsearch"] if args.backend == "both" else [args.backend]
    failed = False
    for backend in backends:
        home = Path(tempfile.mkdtemp(prefix=f"sohoa-load-{backend}-"))
        env = backend_env(backend, args.es_url, f"sohoa-load-{os.getpid()}")
        tokens = prepare_archive(home, args.documents, env)
        port = free_port()
        server = serve(home, port, env)
        try:
            result = run_load(f"http://127.0.0.1:{port}", tokens, args.documents, args.clients, args.seconds, backend)
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(result.line(), flush=True)
        for error in sorted(set(result.errors))[:5]:
            print(f"    {error}")
        failed |= bool(result.errors) or not result.index_whole
        if backend == "elasticsearch":
            from elasticsearch import Elasticsearch

            Elasticsearch(args.es_url).indices.delete(index=f"{env['SOHOA_ES_INDEX_PREFIX']}-*", allow_no_indices=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
