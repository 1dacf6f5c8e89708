"""Embedded search at scale: indexing rate, latency, index size and known-item retrieval.

    .venv/bin/python benchmarks/search_bench.py --pages 100000 --scans 40 --seed 7001

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
from pathlib import Path

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--scans", type=int, default=40, help="degraded scans read by OCR (the known items)")
    parser.add_argument("--seed", type=int, default=7001)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    from indexing.query import SearchRequest
    from indexing.records import IndexedDocument, IndexedPage
    from indexing.tantivy_backend import TantivyBackend
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
    index_dir = work / "index"
    backend = TantivyBackend(index_dir)
    clock = time.perf_counter()
    everything = distractors + known
    for start in range(0, len(everything), 2000):
        backend.index_documents(everything[start : start + 2000])
    seconds = time.perf_counter() - clock
    size = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    print(f"indexed {pages} pages in {seconds:.0f} s: {pages / seconds:.0f} pages/s; index {size / 1e6:.0f} MB")

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
    found = defaultdict(lambda: [0, 0.0, 0])  # hits in top 10, reciprocal rank sum, queries
    latencies = []
    for kind, text, accented, expected in queries:
        clock = time.perf_counter()
        hits = backend.search(SearchRequest(text, limit=10)).hits
        latencies.append((time.perf_counter() - clock) * 1000)
        ids = [h.id for h in hits]
        rank = ids.index(expected) + 1 if expected in ids else 0
        for key in (f"{kind} ({'with' if accented else 'without'} diacritics)", "all"):
            found[key][0] += rank > 0
            found[key][1] += 1 / rank if rank else 0.0
            found[key][2] += 1
    print(f"\n{'query kind':40s} {'recall@10':>10s} {'MRR':>7s} {'n':>5s}")
    for key, (hit, rr, n) in sorted(found.items()):
        print(f"{key:40s} {hit / n:10.3f} {rr / n:7.3f} {n:5d}")
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"\nlatency over {len(latencies)} queries: p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
