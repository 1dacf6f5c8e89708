"""A province's capacity from an archive's own measured figures: what one page costs in work (seconds
of each stage, one core each) and in room (catalog, originals, page images, index), and what that
means for 1M pages a year and for a 10M-page backlog in 90 days.

    bash scripts/province.sh                       # or any archive: the settings point at it
    export SOHOA_DATABASE_URL=... SOHOA_STORAGE_URL=... SOHOA_ES_URL=... (as province.sh prints)
    .venv/bin/python benchmarks/capacity.py [--json] [--hours-per-day 8] [--days-per-year 250]

Work per page is the sum of every stage's recorded seconds (rasterize, clean, OCR, extraction,
index...) over the pages read: each runs on one core (OCR with OMP_THREAD_LIMIT=1), so cores needed
= pages x seconds per page / seconds available. Room per page is each store's size over the pages
it holds. Figures are as good as the archive is typical: run it on real batches, not on samples.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexing.backends import shared_backend
from pipeline.catalog import Catalog
from pipeline.settings import load_settings
from pipeline.storage import Storage

PAGE_STAGES = ("rasterize", "clean", "ocr")  # per page, in the OCR worker processes
MIB = 1024 * 1024


def measure() -> dict[str, float]:
    settings = load_settings()
    with Catalog(settings.catalog_location) as catalog:
        work = catalog.page_seconds()
        catalog_bytes = catalog.size_bytes()
    pages = work.pop("pages")
    if not pages:
        raise SystemExit("capacity: the archive has no page read yet; ingest a batch first")
    storage = Storage.for_settings(settings)
    index = shared_backend(settings)
    return {
        "pages": pages,
        "page_seconds": sum(work.get(s, 0.0) for s in PAGE_STAGES) / pages,
        "other_seconds": sum(v for k, v in work.items() if k not in PAGE_STAGES) / pages,
        "catalog_bytes": catalog_bytes / pages,
        "originals_bytes": storage.size_bytes("originals") / pages,
        "page_images_bytes": storage.size_bytes("pages") / pages,
        "index_bytes": index.size_bytes() / pages,
    }


def plan(per_page: dict[str, float], hours_per_day: float, days_per_year: float, cores_per_machine: int) -> dict[str, object]:
    seconds = per_page["page_seconds"] + per_page["other_seconds"]
    yearly_cores = 1_000_000 * seconds / (hours_per_day * 3600 * days_per_year)
    backlog_cores = 10_000_000 * seconds / (24 * 3600 * 90)
    million = {k: per_page[k] * 1_000_000 / 1024**3 for k in ("catalog_bytes", "originals_bytes", "page_images_bytes", "index_bytes")}
    return {
        "seconds_per_page": round(seconds, 2),
        "pages_per_minute_per_core": round(60 / seconds, 1),
        "one_million_a_year": {"cores": round(yearly_cores, 1), "machines": math.ceil(yearly_cores / cores_per_machine)},
        "ten_million_in_90_days": {"cores": round(backlog_cores, 1), "machines": math.ceil(backlog_cores / cores_per_machine)},
        "gib_per_million_pages": {k.removesuffix("_bytes"): round(v, 1) for k, v in million.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hours-per-day", type=float, default=8.0, help="working hours of the yearly flow (default 8)")
    parser.add_argument("--days-per-year", type=float, default=250.0, help="working days a year (default 250)")
    parser.add_argument("--cores-per-machine", type=int, default=8, help="cores of one worker machine (default 8)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    per_page = measure()
    result = {"measured_per_page": {k: round(v, 3) for k, v in per_page.items()},
              **plan(per_page, args.hours_per_day, args.days_per_year, args.cores_per_machine)}  # fmt: skip
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    m = per_page
    print(f"measured on {m['pages']:.0f} pages: {m['page_seconds']:.2f} s of rasterize+clean+OCR and "
          f"{m['other_seconds']:.2f} s of the other stages per page, one core each")  # fmt: skip
    print(f"  -> {result['pages_per_minute_per_core']} pages/min per core for the whole pipeline")
    print(f"room per page: catalog {m['catalog_bytes'] / 1024:.1f} KiB, originals {m['originals_bytes'] / 1024:.1f} KiB, "
          f"page images {m['page_images_bytes'] / 1024:.1f} KiB, index {m['index_bytes'] / 1024:.1f} KiB")  # fmt: skip
    yearly, backlog = result["one_million_a_year"], result["ten_million_in_90_days"]
    print(f"1M pages a year ({args.hours_per_day:g} h x {args.days_per_year:g} days): {yearly['cores']} cores"  # type: ignore[index]
          f" = {yearly['machines']} machine(s) of {args.cores_per_machine} cores")  # type: ignore[index]
    print(f"10M-page backlog in 90 days (24 h): {backlog['cores']} cores = {backlog['machines']} machine(s)"  # type: ignore[index]
          f" of {args.cores_per_machine} cores")
    print("GiB per million pages:", ", ".join(f"{k} {v}" for k, v in result["gib_per_million_pages"].items()))  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
