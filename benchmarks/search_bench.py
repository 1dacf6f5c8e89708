"""Search at scale on both backends in one run: indexing rate, latency, index size, known-item
retrieval, agreement between the backends, and search during a full rebuild.

    .venv/bin/python benchmarks/search_bench.py --pages 100000 --scans 40 --seed 7001 --backend both
    bash scripts/elasticsearch.sh start   # first, for --backend elasticsearch|both (--es-url to use another node)

1. Reads a generated set of degraded scans through the real page pipeline (rasterize, clean, OCR,
   extraction): these are the documents officers look for, with OCR's real mistakes.
2. Adds synthetic distractor pages (text of generated documents, no rendering) up to --pages.
   Distractors never contain a queried string (a known item's people or document number), so
   each query has one right answer: with the generator's small name lists and numbers drawn from
   1-3999, 100,000 pages would otherwise hold many namesakes of every known item.
3. Indexes everything and prints pages indexed per second and the index size on disk.
4. Asks known-item queries built from the ground truth of the scans (names, CCCD, document numbers
   typed loosely, dossier codes), with and without diacritics, and prints recall@10 and MRR per
   kind, then query latency p50/p95 over the whole mix (one core: one query at a time).
5. With both backends: the share of queries whose top-10 hit sets are identical on both.
6. Rebuilds the whole index (a new generation, published only when complete) while a second thread
   asks the known-item queries in a loop: prints the rebuild's rate and how many of those queries
   found nothing or the wrong document during it (the target is none).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ["OMP_THREAD_LIMIT"] = "1"


def _distractor_text(rng: random.Random) -> tuple[dict, str]:
    from samples.generator.content import AGENCIES, GENERATORS

    spec = GENERATORS[rng.choice(list(GENERATORS))](rng, rng.choice(AGENCIES))
    lines = spec.header_left + spec.header_right + [line for block in spec.blocks for line in block.lines]
    lines += spec.recipients + [part for part in spec.signature if part]
    return spec.metadata, "\n".join(lines)


def _read_scan(args: tuple[str, str]) -> tuple[str, list[str], dict]:
    from pipeline.extraction.fields import extract_metadata, metadata_record
    from pipeline.extraction.lines import page_from_text, page_from_words
    from pipeline.intake import probe
    from pipeline.pages import PageJob, process_page
    from pipeline.settings import Settings

    path, work = args
    settings = Settings(home=Path(work))
    probed = probe(Path(path), settings)
    texts, views = [], []
    for number in range(1, probed.page_count + 1):
        job = PageJob("bench", number, Path(path), probed.media_type, Path(work) / f"{Path(path).stem}-{number}.jpg", "")
        page = process_page(job, settings)
        texts.append(page.text)
        views.append(page_from_words(number, page.words, page.regions) if page.words else page_from_text(number, page.text))
    return path, texts, metadata_record(extract_metadata(views))


def _loose(number: str) -> str:
    from indexing.vietnamese import fold

    return fold(number).replace("/", " / ").replace("-", " - ")


def _open(name: str, work: Path, es_url: str) -> tuple[Any, Any, Any]:
    """(backend, a function giving its size on disk, cleanup) for a fresh index of this kind."""
    if name == "tantivy":
        from indexing.tantivy_backend import TantivyBackend

        directory = work / "index"
        return (TantivyBackend(directory), lambda: sum(p.stat().st_size for p in directory.rglob("*") if p.is_file()),
                lambda: None)  # fmt: skip
    from indexing.elastic_backend import ElasticsearchBackend

    prefix = f"sohoa-bench-{os.getpid()}"
    backend = ElasticsearchBackend(es_url, prefix=prefix, replicas=0)

    def size() -> int:
        stats = backend.client.indices.stats(index=f"{prefix}-pages", metric="store")
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])

    def cleanup() -> None:
        backend.client.indices.delete(index=f"{prefix}-*", allow_no_indices=True)
        backend.close()

    return backend, size, cleanup


def _ask(backend: Any, queries: list[tuple[str, str, bool, str]]) -> list[list[str]]:
    """Recall@10 and MRR per kind, latency; returns each query's top-10 ids."""
    from indexing.query import SearchRequest

    found: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0])  # hits in top 10, reciprocal rank sum, queries
    latencies, tops = [], []
    for kind, text, accented, expected in queries:
        clock = time.perf_counter()
        hits = backend.search(SearchRequest(text, limit=10)).hits
        latencies.append((time.perf_counter() - clock) * 1000)
        ids = [h.id for h in hits]
        tops.append(ids)
        rank = ids.index(expected) + 1 if expected in ids else 0
        for key in (f"{kind} ({'with' if accented else 'without'} diacritics)", "all"):
            found[key][0] += rank > 0
            found[key][1] += 1 / rank if rank else 0.0
            found[key][2] += 1
    print(f"{'query kind':40s} {'recall@10':>10s} {'MRR':>7s} {'n':>5s}")
    for key, (hit, rr, n) in sorted(found.items()):
        print(f"{key:40s} {hit / n:10.3f} {rr / n:7.3f} {n:5d}")
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"latency over {len(latencies)} queries: p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
    return tops


def _rebuild_while_searching(backend: Any, everything: list[Any], queries: list[tuple[str, str, bool, str]],
                             pages: int) -> None:  # fmt: skip
    """A full rebuild through the backend's rebuild API while known-item queries run in a loop."""
    import threading
    from datetime import datetime

    from indexing.query import SearchRequest

    identifiers = [(text, expected) for kind, text, _, expected in queries if kind == "id"]
    asked, missed, failed, latencies = [0], [0], [0], []
    done = threading.Event()

    def officer() -> None:
        while not done.is_set():
            text, expected = identifiers[asked[0] % len(identifiers)]
            clock = time.perf_counter()
            try:
                ids = [h.id for h in backend.search(SearchRequest(text, limit=10)).hits]
            except Exception:
                failed[0] += 1
                ids = []
            latencies.append((time.perf_counter() - clock) * 1000)
            asked[0] += 1
            missed[0] += expected not in ids

    thread = threading.Thread(target=officer)
    thread.start()
    clock = time.perf_counter()
    try:
        with backend.start_rebuild(datetime.now(UTC).isoformat()) as build:
            for start in range(0, len(everything), 2000):
                part = everything[start : start + 2000]
                build.add(part, progress=part[-1].id)
            with build.exclusive():
                build.publish()
    finally:
        done.set()
        thread.join()
    seconds = time.perf_counter() - clock
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    print(f"rebuild of {pages} pages in {seconds:.0f} s ({pages / seconds:.0f} pages/s) while searching: "
          f"{asked[0]} queries, {missed[0]} without the right document, {failed[0]} failed; p95 {p95:.1f} ms")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--scans", type=int, default=40, help="degraded scans read by OCR (the known items)")
    parser.add_argument("--seed", type=int, default=7001)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--backend", choices=["tantivy", "elasticsearch", "both"], default="both")
    parser.add_argument("--es-url", default=os.environ.get("SOHOA_TEST_ES_URL") or "http://127.0.0.1:9250")
    args = parser.parse_args()

    from indexing.records import IndexedDocument, IndexedPage
    from indexing.vietnamese import fold
    from samples.generator.build import load_truth

    work = Path(tempfile.mkdtemp(prefix="sohoa-search-"))
    scans = work / "set" / "scans"
    subprocess.run([sys.executable, "-m", "samples.generator.build", "--out", str(scans), "--count", str(args.scans),
                    "--seed", str(args.seed)], check=True, cwd=REPO, stdout=subprocess.DEVNULL)  # fmt: skip
    truth = load_truth(scans / "truth")
    clock = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        read = list(pool.map(_read_scan, [(str(scans / f), str(work)) for f in truth]))
    print(f"{len(read)} scans read by OCR in {time.perf_counter() - clock:.0f} s")

    known = []
    for path, texts, metadata in read:
        file = Path(path).relative_to(scans).as_posix()
        known.append(IndexedDocument(f"scan-{len(known)}", file, "bench", metadata,
                                     [IndexedPage(i + 1, t) for i, t in enumerate(texts)]))  # fmt: skip
    rng = random.Random(args.seed)
    distractors = []
    pages = sum(len(d.pages) for d in known)
    queried = {fold(p) for d in known for p in truth[d.source]["metadata"]["people"]}
    queried |= {fold(str(truth[d.source]["metadata"]["number"])) for d in known if truth[d.source]["metadata"]["number"]}
    while pages < args.pages:
        metadata, text = _distractor_text(rng)
        folded = fold(text)
        if any(q in folded for q in queried):
            continue
        distractors.append(IndexedDocument(f"d{len(distractors)}", f"d{len(distractors)}.pdf", "bench", metadata,
                                           [IndexedPage(1, text)]))  # fmt: skip
        pages += 1
    everything = distractors + known
    queries: list[tuple[str, str, bool, str]] = []  # kind, query, with diacritics, expected id
    for document in known:
        expected = truth[document.source]["metadata"]
        for person in expected["people"][:2]:
            queries.append(("name", person, True, document.id))
            queries.append(("name", fold(person), False, document.id))
        for number in expected["id_numbers"][:2]:
            queries.append(("id", number, False, document.id))
        if expected["number"]:
            queries.append(("number", expected["number"], True, document.id))
            queries.append(("number", _loose(expected["number"]), False, document.id))
        if expected["dossier_code"]:
            queries.append(("dossier_code", expected["dossier_code"], False, document.id))

    backends = ["tantivy", "elasticsearch"] if args.backend == "both" else [args.backend]
    top10: dict[str, list[list[str]]] = {}
    for name in backends:
        backend, size_of, cleanup = _open(name, work, args.es_url)
        try:
            print(f"\n== {name} ==")
            clock = time.perf_counter()
            for start in range(0, len(everything), 2000):
                backend.index_documents(everything[start : start + 2000])
            seconds = time.perf_counter() - clock
            print(f"indexed {pages} pages in {seconds:.0f} s: {pages / seconds:.0f} pages/s; index {size_of() / 1e6:.0f} MB")
            top10[name] = _ask(backend, queries)
            _rebuild_while_searching(backend, everything, queries, pages)
        finally:
            cleanup()
    if len(top10) == 2:
        pairs = list(zip(top10["tantivy"], top10["elasticsearch"], strict=True))
        same = sum(set(a) == set(b) for a, b in pairs)
        first = sum(a[:1] == b[:1] for a, b in pairs)
        print(f"\ntop-10 hit sets identical on both backends: {same}/{len(queries)} queries ({same / len(queries):.1%});"
              f" same first hit: {first}/{len(queries)}")
        for (kind, text, _, _expected), (a, b) in zip(queries, pairs, strict=True):
            if set(a) != set(b):
                print(f"  {kind:12s} {text!r}: {len(a)} vs {len(b)} hits; only tantivy {sorted(set(a) - set(b))[:3]},"
                      f" only elasticsearch {sorted(set(b) - set(a))[:3]}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
