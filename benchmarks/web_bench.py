"""The web app's cost over the search it serves: latency of each screen and API call.

    .venv/bin/python benchmarks/web_bench.py                 # ingests samples/scans into a temporary archive
    .venv/bin/python benchmarks/web_bench.py --home DIR      # an existing archive (copied: nothing is written to it)

Runs ``sohoa serve`` as a real HTTP server in its own process and asks, one request at a time, for
officers' searches (names, numbers, CCCD from the samples' ground truth, with and without diacritics)
as the search page (HTML) and as ``GET /api/search``, then the document pages of the hits, a
thumbnail and the searchable PDF. Prints p50/p95 per kind and the ratio of the API call to the bare
search it wraps (``pipeline.archive.search_json`` in this process), and the server's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["OMP_THREAD_LIMIT"] = "1"


def _queries() -> list[str]:
    from indexing.vietnamese import fold

    queries = []
    for path in sorted((REPO / "samples" / "truth").glob("*.json")):
        metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        for person in metadata.get("people") or []:
            queries += [person, fold(person)]
        if metadata.get("number"):
            queries.append(fold(metadata["number"]).replace("/", " "))
        queries += metadata.get("id_numbers") or []
    return queries


def _timed(url: str, token: str) -> tuple[float, bytes]:
    request = urllib.request.Request(url, headers={"authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, body


def _line(name: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"  {name:<34} n={len(values):<4} p50 {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, help="an existing archive to copy (default: ingest samples/scans)")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is asked")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="sohoa-web-bench-"))
    home = work / "home"
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "PREFECT_LOGGING_LEVEL": "WARNING"}
    sohoa = [sys.executable, "-m", "pipeline.cli", "--home", str(home)]
    try:
        if args.home:
            shutil.copytree(args.home, home, ignore=shutil.ignore_patterns("web.sqlite3*", "uploads", "cache"))
        else:
            print("Ingesting samples/scans into a temporary archive…", file=sys.stderr)
            subprocess.run([*sohoa, "ingest", str(REPO / "samples" / "scans")], env=env, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run([*sohoa, "users", "add", "bench", "--role", "officer", "--generate-password"], env=env,
                       check=True, capture_output=True)  # fmt: skip
        token = subprocess.run([*sohoa, "users", "token", "bench"], env=env, check=True, capture_output=True,
                               text=True).stdout.strip()  # fmt: skip
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([*sohoa, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/login", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        try:
            _measure(base, token, home, args.rounds, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(base: str, token: str, home: Path, rounds: int, server_pid: int) -> None:
    from indexing.query import SearchRequest
    from pipeline.archive import search_json
    from pipeline.settings import load_settings

    settings = load_settings(home=home)
    queries = _queries()
    bare, api, html, documents = [], [], [], []
    hit_ids: set[str] = set()
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            search_json(settings, SearchRequest(query, per_document=True))
            bare.append((time.perf_counter() - started) * 1000)
            quoted = urllib.parse.quote(query)
            elapsed, body = _timed(f"{base}/api/search?q={quoted}&per_document=true", token)
            api.append(elapsed)
            hit_ids.update(h["id"] for h in json.loads(body)["hits"][:1])
            html.append(_timed(f"{base}/search?q={quoted}", token)[0])
    for document_id in sorted(hit_ids):
        documents.append(_timed(f"{base}/documents/{document_id}?q=nguyen", token)[0])
    first = sorted(hit_ids)[0]
    thumbnail_cold = _timed(f"{base}/documents/{first}/pages/1/thumbnail", token)[0]
    thumbnail_warm = _timed(f"{base}/documents/{first}/pages/1/thumbnail", token)[0]
    pdf_cold = _timed(f"{base}/documents/{first}/download/pdf", token)[0]
    pdf_warm = _timed(f"{base}/documents/{first}/download/pdf", token)[0]
    peak_kb = 0
    status = Path(f"/proc/{server_pid}/status")
    if status.exists():
        peak_kb = next((int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmHWM")), 0)

    print(f"sohoa web app, {len(queries)} queries × {rounds} rounds, one request at a time, {os.cpu_count()} cores")
    print(_line("search_json (no HTTP, in process)", bare))
    print(_line("GET /api/search", api))
    print(_line("GET /search (HTML page)", html))
    print(_line("GET /documents/{id} (HTML page)", documents))
    print(f"  thumbnail: first {thumbnail_cold:.1f} ms, cached {thumbnail_warm:.1f} ms;"
          f" searchable PDF: first {pdf_cold:.0f} ms, cached {pdf_warm:.1f} ms")  # fmt: skip
    print(f"  API over bare search, p50 ratio: {statistics.median(api) / statistics.median(bare):.2f}")
    print(f"  server peak RSS: {peak_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
