"""How long a clerk or an officer waits for a command (issue 12, "no waiting"), in one run.

    .venv/bin/python benchmarks/commands.py [--runs 7] [--against REF]

Builds a small archive (two committed samples through ``sohoa ingest``), then times the whole
command as typed, a new Python process each time, median of ``--runs``:
  * ``sohoa search <a number>`` and ``sohoa search "<words>" --json`` (target ≤ 0.5 s);
  * ``sohoa ingest`` of the same files again: every one a duplicate (target ≤ 3 s);
  * ``sohoa status --json``; ``python -c pass`` as the floor of any Python command.
With ``--against REF`` the same commands run, in the same run, on that commit of sohoa (a git
worktree, the same virtual environment) on the same archive, and the ratio is printed. Figures
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = ("quyet-dinh-van-phong.pdf", "cong-van-co-lop-chu.pdf")


def _timed(argv: list[str], env: dict[str, str], cwd: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        clock = time.perf_counter()
        done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - clock)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def _commands(home: Path, scans: Path) -> dict[str, list[str]]:
    sohoa = [sys.executable, "-c", "import sys; from pipeline.cli import main; sys.exit(main())"]
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "sohoa search 3844/QĐ-UBND": [*sohoa, "--home", str(home), "search", "3844/QĐ-UBND"],
        "sohoa search 'ngo ngoc nga' --json": [*sohoa, "--home", str(home), "search", "ngo ngoc nga", "--json"],
        "sohoa ingest (all duplicates)": [*sohoa, "--home", str(home), "ingest", str(scans)],
        "sohoa status --json": [*sohoa, "--home", str(home), "status", "--json"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", help="a git commit to compare with, in the same run")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="sohoa-commands-"))
    scans, home = work / "scans", work / "home"
    scans.mkdir()
    for name in SAMPLES:
        shutil.copy2(REPO / "samples" / "scans" / name, scans / name)
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR"}
    trees = {"this tree": REPO}
    if args.against:
        other = work / "against"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-f", str(other), args.against],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        trees[args.against] = other
    try:
        figures: dict[str, dict[str, float]] = {}
        for label, code in trees.items():  # each version builds its own archive (catalogs differ)
            tree_env = {**env, "PYTHONPATH": str(code)}
            tree_home = home / label.replace("/", "_").replace(" ", "_")
            commands = _commands(tree_home, scans)
            subprocess.run(commands["sohoa ingest (all duplicates)"], env=tree_env, cwd=code, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            for name, argv_ in commands.items():
                figures.setdefault(name, {})[label] = _timed(argv_, tree_env, code, args.runs)
        header = f"{'command':40} " + " ".join(f"{label:>14}" for label in trees)
        print(header + ("   ratio" if args.against else ""))
        for name, by_tree in figures.items():
            line = f"{name:40} " + " ".join(f"{by_tree[label]:>12.2f} s" for label in trees)
            if args.against:
                line += f"   {by_tree['this tree'] / by_tree[args.against]:.2f}x"
            print(line)
        print(f"(median of {args.runs} runs each, wall clock, a new process each run; archive of {len(SAMPLES)} files)")
    finally:
        if args.against:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(work / "against")],
                           check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
