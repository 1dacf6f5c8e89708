"""A citizen's results on request: how long one lookup takes on a large archive.

    .venv/bin/python benchmarks/citizen.py [--documents 50000] [--lookups 1000]
    .venv/bin/python benchmarks/citizen.py --database-url "$(bash scripts/postgres.sh url)"   # on PostgreSQL

Builds a catalog of ``--documents`` processed results of 2 pages each (100,000 pages by default),
every one naming a citizen's CCCD, as extraction leaves them (metadata and identifier keys), then
times ``pipeline.citizen.results_of`` (the lookup behind ``sohoa citizen`` and
``GET /api/citizens/{cccd}``) for random CCCDs, one in ten unknown. Prints p50/p95/max in ms
(target: p95 < 100 ms). On PostgreSQL the benchmark makes a database ``sohoa_bench_citizen``
beside the one named, and drops it at the end.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--database-url", help="a PostgreSQL server (default: a SQLite file)")
    args = parser.parse_args()

    from pipeline.catalog import Catalog
    from pipeline.citizen import results_of
    from pipeline.extraction.identifiers import document_keys
    from tests.archive_support import add_document, cccd

    location: str | Path
    admin = None
    if args.database_url:
        import sqlalchemy as sa

        admin = sa.create_engine(args.database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql("DROP DATABASE IF EXISTS sohoa_bench_citizen WITH (FORCE)")
            connection.exec_driver_sql("CREATE DATABASE sohoa_bench_citizen")
        location = sa.make_url(args.database_url).set(database="sohoa_bench_citizen").render_as_string(hide_password=False)
    else:
        location = Path(tempfile.mkdtemp(prefix="sohoa-bench-citizen-")) / "catalog.sqlite3"
    try:
        clock = time.perf_counter()
        with Catalog(location) as catalog:
            batch = catalog.ensure_batch("Lô đo")
            for i in range(args.documents):
                document_id = add_document(catalog, batch, i, 2)
                catalog.replace_document_keys(document_id, document_keys(catalog.effective_metadata(document_id)))
            built = time.perf_counter() - clock
            rng = random.Random(7)
            asked = [cccd(rng.randrange(args.documents)) if n % 10 else f"0019{n:08d}" for n in range(args.lookups)]
            timings, found = [], 0
            for number in asked:
                start = time.perf_counter()
                found += len(results_of(catalog, number))
                timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        engine = "postgresql" if args.database_url else "sqlite"
        print(f"{engine}: {args.documents} documents, {2 * args.documents} pages (built in {built:.0f} s); "
              f"{args.lookups} lookups, {found} results: p50 {statistics.median(timings):.2f} ms, "
              f"p95 {p95:.2f} ms, max {timings[-1]:.2f} ms (target p95 < 100 ms)")
    finally:
        if admin is not None:
            from pipeline.catalog.engine import dispose_engines

            dispose_engines()
            with admin.connect() as connection:
                connection.exec_driver_sql("DROP DATABASE IF EXISTS sohoa_bench_citizen WITH (FORCE)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
