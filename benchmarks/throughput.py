"""Throughput of the whole pipeline against bare Tesseract on the same pages, in one run.

    .venv/bin/python benchmarks/throughput.py --pages 40 [--seed 11] [--workers 2]

Generates documents (every degradation profile), then times:
  * bare `tesseract IMAGE out -l vie` on every page image, one process per core (xargs -P);
    PDF pages are rasterized beforehand and that time is not counted for Tesseract;
  * `sohoa ingest` of the original files (intake, rasterize, clean, OCR, extract, index), with
    Prefect's temporary server already started (its start-up is printed separately);
  * the whole command as a clerk types it, a new process on a new archive: once with the
    temporary Prefect server a command starts when none runs, once with `sohoa prefect-server`.
Prints pages/minute, the ratio (target: sohoa at most 1.25x bare Tesseract), CER of both against
the ground truth, and peak memory. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
os.environ["OMP_THREAD_LIMIT"] = "1"


def _run_sohoa(overrides: dict[str, object], scans: str, empty: str, queue: multiprocessing.Queue) -> None:
    from flows import ingest_batch, run_here

    Path(empty).mkdir(exist_ok=True)
    clock = time.perf_counter()
    with run_here():  # as sohoa's commands run their flows (no heartbeat thread to wait for)
        ingest_batch(overrides, [empty], "warm-up")
    startup = time.perf_counter() - clock
    clock = time.perf_counter()
    with run_here():
        ingest_batch(overrides, [scans], "benchmark")
    seconds = time.perf_counter() - clock
    queue.put(
        {
            "prefect_startup": startup,
            "seconds": seconds,
            "peak_main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "peak_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        }
    )


def _whole_commands(scans: Path, work: Path, workers: int, code: Path = REPO,
                    modes: tuple[str, ...] = ("temporary", "server")) -> dict[str, float]:  # fmt: skip
    """``sohoa ingest`` as typed, each on a new archive: with Prefect's temporary server (what a
    command starts when none runs), then with the archive's own (``sohoa prefect-server``).
    ``code``: the checkout whose sohoa runs (another commit's worktree, for ``--against``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME", "OMP_THREAD_LIMIT")}
    env["PYTHONPATH"] = str(code)  # its modules before the installed ones
    cli = [sys.executable, "-m", "pipeline.cli"]
    seconds: dict[str, float] = {}
    for mode in modes:
        home = work / f"home-{mode}-{code.name}-{time.monotonic_ns()}"
        run_env = {**env, "SOHOA_HOME": str(home)}
        server = None
        if mode == "server":
            server = subprocess.Popen([*cli, "prefect-server", "--port", "4291"], env=run_env, cwd=code,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            deadline = time.monotonic() + 150
            while not (home / "prefect" / "server.json").exists() and time.monotonic() < deadline:
                time.sleep(0.5)
        # One small file first, as on any archive after its first batch (Prefect's database exists).
        subprocess.run([*cli, "ingest", str(REPO / "samples" / "scans" / "cong-van-co-lop-chu.pdf")], env=run_env,
                       cwd=code, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            clock = time.perf_counter()
            subprocess.run([*cli, "ingest", str(scans), "--workers", str(workers)], env=run_env, cwd=code, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            seconds[mode] = time.perf_counter() - clock
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=60)
    return seconds


def _against(revision: str, rounds: int, scans: Path, work: Path, workers: int) -> dict[str, object]:
    """The whole command with the Prefect server, at ``revision`` and at this checkout, alternately
    on the same pages and machine; the ratio of their medians (below 1: this checkout is faster)."""
    import statistics

    commit = subprocess.run(["git", "rev-parse", "--short", revision], cwd=REPO, check=True, capture_output=True,
                            text=True).stdout.strip()  # fmt: skip
    tree = work / f"at-{commit}"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=REPO, check=True, capture_output=True)
    # Both checkouts' modules as bytecode, as scripts/setup.sh leaves a checkout: where
    # PYTHONDONTWRITEBYTECODE is set (as on these machines) a new worktree would be compiled again by
    # every process it starts, and a checkout changed since its setup partly so.
    for code in (tree, REPO):
        subprocess.run([sys.executable, "-m", "compileall", "-q", "pipeline", "ocr", "indexing", "search_ui", "samples",
                        "flows.py"], cwd=code, check=True, capture_output=True)  # fmt: skip
    try:
        old, new = [], []
        for _ in range(rounds):
            old.append(_whole_commands(scans, work, workers, code=tree, modes=("server",))["server"])
            new.append(_whole_commands(scans, work, workers, modes=("server",))["server"])
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO, capture_output=True)
    return {
        f"whole_command_seconds_at_{commit}": [round(s, 1) for s in old],
        "whole_command_seconds_this_checkout": [round(s, 1) for s in new],
        f"ratio_this_checkout_to_{commit}": round(statistics.median(new) / statistics.median(old), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=40, help="about this many pages are generated")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="keep the generated set and archive here")
    parser.add_argument("--against", metavar="REV", help="also time the whole command (with the Prefect server) at"
                        " this commit, alternating with this checkout's, e.g. HEAD~5")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=2, help="alternations for --against (default 2)")
    args = parser.parse_args()

    from ocr_eval import bare_page_images

    from samples.evaluation import character_errors
    from samples.generator.build import load_truth, page_text

    work = args.keep or Path(tempfile.mkdtemp(prefix="sohoa-bench-"))
    scans = work / "scans"
    home = work / "home"
    for path in (scans, home):
        shutil.rmtree(path, ignore_errors=True)
    os.environ["PREFECT_HOME"] = str(work / "prefect")
    (work / "prefect").mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    documents = max(1, round(args.pages / 1.1))
    # Generated in a child process: rendering makes a large process, and a forked child would
    # inherit that peak in its own memory figures.
    subprocess.run([sys.executable, "-m", "samples.generator.build", "--out", str(scans), "--count", str(documents),
                    "--seed", str(args.seed)], check=True, cwd=REPO, stdout=subprocess.DEVNULL)  # fmt: skip
    truth = load_truth(scans / "truth")
    shutil.move(str(scans / "truth"), str(work / "truth"))
    page_count = sum(len(t["pages"]) for t in truth.values())
    print(f"generated {len(truth)} documents, {page_count} pages in {time.perf_counter() - started:.0f} s ({work})")

    # Bare Tesseract: every page as an image file.
    page_images = bare_page_images(scans, truth, work / "bare-images")
    listing = work / "bare-list.txt"
    listing.write_text("\n".join(str(p) for _, _, p in page_images) + "\n")
    clock = time.perf_counter()
    subprocess.run(
        f"xargs -P {args.workers} -I{{}} tesseract {{}} {{}} -l vie < {listing}",
        shell=True, check=True, stderr=subprocess.DEVNULL, env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )  # fmt: skip
    bare_seconds = time.perf_counter() - clock
    bare_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    bare_errors = bare_length = 0
    for file, number, image in page_images:
        recognised = Path(str(image) + ".txt").read_text()
        errors, length = character_errors(page_text(truth[file]["pages"][number - 1]), recognised)
        bare_errors, bare_length = bare_errors + errors, bare_length + length

    # sohoa in its own process, so its memory is its own: Prefect warmed first, then the timed batch.
    overrides = {"home": str(home), "workers": args.workers}
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue = context.Queue()
    child = context.Process(target=_run_sohoa, args=(overrides, str(scans), str(work / "empty"), queue))
    child.start()
    measured = queue.get()
    child.join()
    prefect_startup, sohoa_seconds = measured["prefect_startup"], measured["seconds"]

    whole = _whole_commands(scans, work, args.workers)

    from pipeline.settings import load_settings

    settings = load_settings(**overrides)
    db = sqlite3.connect(settings.catalog_path)
    ours_errors = ours_length = 0
    for file, doc in truth.items():
        row = db.execute("SELECT id FROM documents WHERE source_name = ?", ("scans/" + file,)).fetchone()
        texts = dict(db.execute("SELECT number, text FROM pages WHERE document_id = ?", (row[0],)).fetchall())
        for page in doc["pages"]:
            errors, length = character_errors(page_text(page), texts.get(page["number"], ""))
            ours_errors, ours_length = ours_errors + errors, ours_length + length
    stage_seconds = dict(db.execute("SELECT stage, sum(duration_s) FROM stage_runs GROUP BY stage").fetchall())

    figures = {
        "pages": page_count,
        "workers": args.workers,
        "bare_tesseract_seconds": round(bare_seconds, 1),
        "bare_tesseract_pages_per_minute": round(page_count / bare_seconds * 60, 1),
        "sohoa_seconds": round(sohoa_seconds, 1),
        "sohoa_pages_per_minute": round(page_count / sohoa_seconds * 60, 1),
        "ratio_sohoa_to_bare": round(sohoa_seconds / bare_seconds, 3),
        "prefect_startup_seconds": round(prefect_startup, 1),
        # What a clerk waits for: `sohoa ingest DIR` typed at the prompt, a new process on a new archive.
        "whole_command_seconds_temporary_prefect": round(whole["temporary"], 1),
        "whole_command_ratio_to_bare_temporary_prefect": round(whole["temporary"] / bare_seconds, 3),
        "whole_command_seconds_with_prefect_server": round(whole["server"], 1),
        "whole_command_ratio_to_bare_with_prefect_server": round(whole["server"] / bare_seconds, 3),
        "cer_bare_tesseract": round(bare_errors / bare_length, 4),
        "cer_sohoa": round(ours_errors / ours_length, 4),
        "stage_cpu_seconds": {k: round(v, 1) for k, v in stage_seconds.items()},
        "peak_rss_mb_bare_tesseract_process": round(bare_peak_mb),
        "peak_rss_mb_sohoa_main_process": measured["peak_main_mb"],
        "peak_rss_mb_sohoa_largest_worker": measured["peak_worker_mb"],
    }
    if args.against:
        figures.update(_against(args.against, args.rounds, scans, work, args.workers))
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
