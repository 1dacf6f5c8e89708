"""Metadata extraction accuracy per field and per degradation profile, against ground truth.

    .venv/bin/python benchmarks/metadata_eval.py --count 60 --seed 7001     # held-out set
    .venv/bin/python benchmarks/metadata_eval.py --set /tmp/tune              # an existing set

For each field: accuracy where the truth has a value (exact match after NFC and whitespace
normalisation; lists compared as sets), and how often a value was invented where the truth has
none. ID numbers: precision and recall over all numbers. Runs the real page pipeline (rasterize,
clean, OCR) and extraction, one process per core; no Prefect or catalog.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["OMP_THREAD_LIMIT"] = "1"

FIELDS = ("doc_type", "number", "issued_date", "agency", "subject", "signer", "signer_title", "people",
          "id_numbers", "dossier_code", "parent_agency", "place", "signing_authority")  # fmt: skip


def _extract(args: tuple[str, str]) -> tuple[str, dict[str, Any]]:
    from pipeline.extraction.fields import extract_metadata, metadata_record
    from pipeline.extraction.lines import page_from_text, page_from_words
    from pipeline.intake import probe
    from pipeline.pages import PageJob, process_page
    from pipeline.settings import Settings

    path, work = args
    settings = Settings(home=Path(work))
    probed = probe(Path(path), settings)
    views = []
    for number in range(1, probed.page_count + 1):
        job = PageJob("eval", number, Path(path), probed.media_type, Path(work) / f"{Path(path).stem}-{number}.jpg", "")
        page = process_page(job, settings)
        views.append(page_from_words(number, page.words, page.regions) if page.words else page_from_text(number, page.text))
    return path, metadata_record(extract_metadata(views))


def _same(truth: Any, found: Any) -> bool:
    from indexing.vietnamese import normalize

    def norm(value: Any) -> Any:
        if isinstance(value, list):
            return sorted(norm(v) for v in value)
        return re.sub(r"\s+", " ", normalize(str(value))).strip() if value is not None else None

    return norm(truth) == norm(found)


def evaluate(base: Path, workers: int, misses: list[tuple[str, str, Any, Any]] | None = None) -> dict[str, Any]:
    """Accuracy per profile and field; ``misses`` (when given) gets (file, field, truth, found) of
    every wrong value. Look at misses only on a set you tune on, never on the one you report."""
    from samples.generator.build import load_truth

    truth = load_truth(base / "truth")
    work = Path(tempfile.mkdtemp(prefix="sohoa-meta-"))
    jobs = [(str(base / "scans" / file), str(work)) for file in truth]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        found = {Path(path).relative_to(base / "scans").as_posix(): record for path, record in pool.map(_extract, jobs)}
    shutil.rmtree(work, ignore_errors=True)
    stats: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # right, with truth, invented, without
    ids = defaultdict(lambda: [0, 0, 0])  # true positives, found, in truth
    for file, doc in truth.items():
        expected, got = doc["metadata"], found[file]
        for profile in (doc["profile"], "all"):
            for field in FIELDS:
                bucket = stats[(profile, field)]
                want, have = expected.get(field), got.get(field)
                if want not in (None, [], ""):
                    bucket[1] += 1
                    bucket[0] += _same(want, have)
                    if misses is not None and profile == "all" and not _same(want, have):
                        misses.append((file, field, want, have))
                else:
                    bucket[3] += 1
                    bucket[2] += have not in (None, [], "")
            true_ids, found_ids = set(expected.get("id_numbers") or []), set(got.get("id_numbers") or [])
            ids[profile][0] += len(true_ids & found_ids)
            ids[profile][1] += len(found_ids)
            ids[profile][2] += len(true_ids)
    report: dict[str, Any] = {}
    for (profile, field), (right, with_truth, invented, without) in sorted(stats.items()):
        report.setdefault(profile, {})[field] = {
            "accuracy": round(right / with_truth, 3) if with_truth else None,
            "invented": round(invented / without, 3) if without else None,
            "n": with_truth,
        }
    for profile, (tp, found_count, true_count) in ids.items():
        report[profile]["id_numbers_precision"] = round(tp / found_count, 3) if found_count else None
        report[profile]["id_numbers_recall"] = round(tp / true_count, 3) if true_count else None
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7001)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--misses", action="store_true", help="print every wrong value (on a tuning set only)")
    args = parser.parse_args()
    base = args.set
    if base is None:
        base = Path(tempfile.mkdtemp(prefix="sohoa-metaset-"))
        subprocess.run([sys.executable, "-m", "samples.generator.build", "--out", str(base / "scans"), "--count",
                        str(args.count), "--seed", str(args.seed)], check=True, cwd=REPO, stdout=subprocess.DEVNULL)  # fmt: skip
        shutil.move(str(base / "scans" / "truth"), str(base / "truth"))
    misses: list[tuple[str, str, Any, Any]] | None = [] if args.misses else None
    report = evaluate(base, args.workers, misses)
    profiles = [p for p in report if p != "all"] + ["all"]
    print(f"{'field':18s}" + "".join(f"{p:>10s}" for p in profiles) + "   (accuracy where the truth has a value; invented)")
    for field in FIELDS:
        row = f"{field:18s}"
        for profile in profiles:
            cell = report[profile].get(field, {})
            row += f"{'-' if cell.get('accuracy') is None else format(cell['accuracy'], '.0%'):>10s}"
        invented = report["all"][field]["invented"]
        print(row + f"   invented {'-' if invented is None else format(invented, '.0%')}")
    for metric in ("id_numbers_precision", "id_numbers_recall"):
        print(f"{metric:18s}" + "".join(f"{format(report[p][metric], '.0%') if report[p][metric] is not None else '-':>10s}" for p in profiles))
    for file, field, want, have in sorted(misses or [], key=lambda m: (m[1], m[0])):
        print(f"  {field:18s} {file:40s} truth {json.dumps(want, ensure_ascii=False)}  found {json.dumps(have, ensure_ascii=False)}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
