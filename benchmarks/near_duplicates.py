"""Near-duplicate flags (issue 12) against known pairs, in one run.

    .venv/bin/python benchmarks/near_duplicates.py [--papers 12] [--seed 5] [--keep DIR]

Generates ``--papers`` papers, each scanned twice with two different degradation profiles (other
bytes: SHA-256 cannot tell), plus one "same number, other content" paper for every second paper
(the same agency and number on another paper: numbers start again each year, so this must not be
flagged). All files go through ``sohoa ingest`` (real OCR and extraction); the flags in the catalog
are compared with the truth. Prints pairs, precision, recall, every miss and false flag with its
likeness. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PROFILES = ("clean", "office", "skewed", "faded", "lowdpi", "phone", "fax", "rotated")
KINDS = ("quyet_dinh", "cong_van", "thong_bao", "giay_chung_nhan_hkd", "trich_luc_khai_sinh")


def _format(profile: str, rng: random.Random) -> str:
    return "tiff" if profile == "fax" else rng.choice(["pdf", "jpg", "png", "tiff"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=12)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the scans and the archive here")
    args = parser.parse_args(argv)

    from pipeline.catalog import Catalog
    from pipeline.cli import main as sohoa
    from pipeline.near_duplicates import comparable_text, similarity
    from samples.generator.build import build_rescans

    work = args.keep or Path(tempfile.mkdtemp(prefix="sohoa-near-dup-"))
    scans, home = work / "scans", work / "home"
    shutil.rmtree(work, ignore_errors=True)
    rng = random.Random(args.seed)
    paper_of: dict[str, str] = {}  # file name -> paper
    started = time.perf_counter()
    for index in range(args.papers):
        first, second = rng.sample(PROFILES, 2)
        kind = KINDS[index % len(KINDS)]
        name = f"giay-{index:02d}"
        paths, spec = build_rescans(scans, name, kind, [(first, _format(first, rng)), (second, _format(second, rng))],
                                    seed=args.seed * 1000 + index)  # fmt: skip
        paper_of.update({p.name: name for p in paths})
        if index % 2 == 0 and spec.metadata.get("number"):
            other, _ = build_rescans(scans, f"khac-cung-so-{index:02d}", kind, [(rng.choice(PROFILES), "pdf")],
                                     seed=args.seed * 1000 + 500 + index, number_of=spec)  # fmt: skip
            paper_of[other[0].name] = f"khac-{index:02d}"
    built = time.perf_counter() - started
    files = sorted(scans.iterdir())
    print(f"{len(files)} files of {len(set(paper_of.values()))} papers built in {built:.0f} s; ingesting…", flush=True)
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the batch summary: not what this measures
        code = sohoa(["--home", str(home), "ingest", str(scans), "--json"])
    ingest_seconds = time.perf_counter() - started
    with Catalog(home / "catalog.sqlite3") as catalog:
        source = {d.id: Path(d.source_name).name for d in catalog.documents()}
        flagged = {frozenset((source[n["document_id"]], source[n["earlier_id"]])) for n in catalog.near_duplicates()}
        texts = {d.id: comparable_text(p.text for p in catalog.pages(d.id)) for d in catalog.documents()}
        metadata = {d.id: catalog.effective_metadata(d.id) for d in catalog.documents()}
    by_name = {v: k for k, v in source.items()}
    truth = {frozenset(pair) for pair in itertools.combinations(sorted(paper_of), 2)
             if paper_of[pair[0]] == paper_of[pair[1]]}  # fmt: skip
    hits, false = truth & flagged, flagged - truth
    precision = len(hits) / len(flagged) if flagged else 1.0
    recall = len(hits) / len(truth) if truth else 1.0

    def explain(pair: frozenset[str]) -> str:
        a, b = sorted(pair)
        ida, idb = by_name.get(a), by_name.get(b)
        if not ida or not idb:
            return f"{a} ↔ {b}: not processed"
        alike = similarity(texts[ida], texts[idb])
        numbers = (metadata[ida].get("number"), metadata[idb].get("number"))
        dates = (metadata[ida].get("issued_date"), metadata[idb].get("issued_date"))
        return f"{a} ↔ {b}: alike {alike:.3f}, numbers {numbers}, dates {dates}"

    print(json.dumps({"files": len(files), "true_pairs": len(truth), "flagged": len(flagged), "correct": len(hits),
                      "precision": round(precision, 4), "recall": round(recall, 4),
                      "ingest_seconds": round(ingest_seconds, 1), "exit_code": code}, indent=1))  # fmt: skip
    for pair in sorted(truth - flagged, key=sorted):
        print("missed:", explain(pair))
    for pair in sorted(false, key=sorted):
        print("false flag:", explain(pair))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
