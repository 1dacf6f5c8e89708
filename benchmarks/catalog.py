"""What the catalog costs per call, on each engine: opening one, reading a document, writing a page.

    .venv/bin/python benchmarks/catalog.py                                   # SQLite (a temporary file)
    bash scripts/postgres.sh start
    .venv/bin/python benchmarks/catalog.py --database-url "$(bash scripts/postgres.sh url)"   # both

With ``--database-url`` the benchmark creates a database ``sohoa_bench_catalog`` beside the one named
(the role needs CREATEDB) and drops it at the end. Figures are medians of whole loops; compare
engines within one run, on one machine.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.catalog import Catalog, PageRow

DOCUMENTS = 200


def _loop_seconds(action, count: int, rounds: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        clock = time.perf_counter()
        action()
        times.append((time.perf_counter() - clock) / count)
    return statistics.median(times)


def measure(location: Path | str) -> dict[str, float]:
    with Catalog(location) as catalog:
        batch = catalog.ensure_batch("benchmark")
        ids = [catalog.add_document(hashlib.sha256(str(i).encode()).hexdigest(), "a.pdf", "", batch, 1)[0].id
               for i in range(DOCUMENTS)]  # fmt: skip

    def open_close() -> None:
        for _ in range(50):
            with Catalog(location):
                pass

    words = [["chữ", 10, 10, 9, 9, 91.0, 1, 1]] * 300
    with Catalog(location) as catalog:

        def read() -> None:
            for document_id in ids:
                catalog.document(document_id)

        def write() -> None:
            for document_id in ids:
                catalog.save_page(PageRow(document_id, 1, 2480, 3508, 300, 0, 0.0, "ocr", "chữ " * 300, 0.9, words,
                                          None, "f", None, None))  # fmt: skip

        return {
            "open_ms": _loop_seconds(open_close, 50) * 1e3,
            "read_document_us": _loop_seconds(read, DOCUMENTS) * 1e6,
            "save_page_ms": _loop_seconds(write, DOCUMENTS) * 1e3,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="a PostgreSQL server to measure beside SQLite")
    args = parser.parse_args()
    results = {"sqlite": measure(Path(tempfile.mkdtemp(prefix="sohoa-bench-")) / "catalog.sqlite3")}
    if args.database_url:
        import sqlalchemy as sa

        from pipeline.catalog.engine import dispose_engines

        admin = sa.create_engine(args.database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql("DROP DATABASE IF EXISTS sohoa_bench_catalog")
            connection.exec_driver_sql("CREATE DATABASE sohoa_bench_catalog")
        try:
            url = sa.make_url(args.database_url).set(database="sohoa_bench_catalog")
            results["postgresql"] = measure(url.render_as_string(hide_password=False))
        finally:
            dispose_engines()
            with admin.connect() as connection:
                connection.exec_driver_sql("DROP DATABASE IF EXISTS sohoa_bench_catalog WITH (FORCE)")
    print(f"{'engine':12s} {'open (ms)':>10s} {'read a document (µs)':>22s} {'save a page (ms)':>18s}")
    for engine, figures in results.items():
        print(f"{engine:12s} {figures['open_ms']:10.2f} {figures['read_document_us']:22.0f} {figures['save_page_ms']:18.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
