"""Multi-document scans (issue 12): where sohoa splits a stack scanned as one file, against the truth.

    .venv/bin/python benchmarks/splitting.py [--stacks 12] [--seed 40] [--largest 20]
    .venv/bin/python benchmarks/splitting.py --independent /tmp/independent-7/scans --seed 3

A stack is 2 to ``--largest`` results fed to the scanner at once and saved as one PDF or TIFF.
Without ``--independent`` the stacks come from sohoa's own generator (samples/generator: the
pages the rules were written against; seed 40 is the tuning set). With it, they are assembled
from a corpus made by other means (samples/independent: Chromium layouts in other fonts, Augraphy
degradations; ``bash scripts/independent-corpus.sh --out DIR --count 64 --seed 7``), phone photos
left out (a sheet feeder never holds one). Every stack goes through ``sohoa ingest`` (real OCR).

Prints, per source: stacks, results, the split points found against the true ones (precision,
recall), stacks split exactly right, every wrong point with its page's signals, and the time.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PROFILES = ("clean", "office", "skewed", "faded", "lowdpi", "fax", "rotated")


def _pages_of(path: Path, work: Path) -> list[object]:
    """The pages of one independent document as greyscale images (PDFs rendered at 200 dpi)."""
    from PIL import Image, ImageSequence

    if path.suffix.lower() == ".pdf":
        prefix = work / path.stem
        subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(path), str(prefix)], check=True)
        return [Image.open(p).convert("L") for p in sorted(work.glob(f"{path.stem}-*.png"))]
    with Image.open(path) as image:
        return [frame.convert("L") for frame in ImageSequence.Iterator(image)]


def independent_stacks(source: Path, out: Path, seed: int, stacks: int, largest: int) -> dict[str, list[int]]:
    """Stacks assembled from an independent corpus: {file name: the page each result starts on}."""
    rng = random.Random(seed)
    documents = sorted(p for p in source.iterdir() if p.is_file() and "-phone" not in p.name)
    rng.shuffle(documents)
    out.mkdir(parents=True, exist_ok=True)
    pages_dir = out.parent / "pages"
    pages_dir.mkdir(exist_ok=True)
    truth: dict[str, list[int]] = {}
    for index in range(stacks):
        if len(documents) < 2:
            break
        count = min(len(documents), rng.randint(2, largest))
        chosen, documents = documents[:count], documents[count:]
        images, starts = [], []
        for document in chosen:
            starts.append(len(images) + 1)
            images += _pages_of(document, pages_dir)
        fmt = rng.choice(["pdf", "tiff"])
        name = f"chong-{index:02d}.{fmt}"
        if fmt == "pdf":
            images[0].save(out / name, save_all=True, append_images=images[1:], resolution=200)  # type: ignore[attr-defined]
        else:
            images[0].save(out / name, save_all=True, append_images=images[1:], compression="tiff_lzw", dpi=(200, 200))  # type: ignore[attr-defined]
        truth[name] = starts
    return truth


def generated_stacks(out: Path, seed: int, stacks: int, largest: int) -> dict[str, list[int]]:
    from samples.generator.build import build_stack

    rng = random.Random(seed)
    truth: dict[str, list[int]] = {}
    for index in range(stacks):
        profile = rng.choice(PROFILES)
        fmt = "tiff" if profile == "fax" else rng.choice(["pdf", "tiff"])
        path, starts, _ = build_stack(out, f"chong-{index:02d}", rng.randint(2, largest), profile, fmt,
                                      seed=seed * 1000 + index)  # fmt: skip
        truth[path.name] = starts
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stacks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=40)
    parser.add_argument("--largest", type=int, default=20, help="most results in one stack")
    parser.add_argument("--independent", type=Path, help="scans of an independent corpus to stack")
    parser.add_argument("--keep", type=Path, help="keep the stacks and the archive here")
    args = parser.parse_args(argv)

    from pipeline.catalog import Catalog
    from pipeline.cli import main as sohoa
    from pipeline.stages.split import page_start

    work = args.keep or Path(tempfile.mkdtemp(prefix="sohoa-split-"))
    shutil.rmtree(work, ignore_errors=True)
    scans, home = work / "stacks", work / "home"
    started = time.perf_counter()
    if args.independent:
        truth = independent_stacks(args.independent, scans, args.seed, args.stacks, args.largest)
        label = f"independent corpus {args.independent} (stacks seed {args.seed})"
    else:
        truth = generated_stacks(scans, args.seed, args.stacks, args.largest)
        label = f"sohoa generator, seed {args.seed}"
    built = time.perf_counter() - started
    results = sum(len(s) for s in truth.values())
    print(f"{label}: {len(truth)} stacks, {results} results built in {built:.0f} s; ingesting…", flush=True)
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        sohoa(["--home", str(home), "ingest", str(scans), "--json"])
    seconds = time.perf_counter() - started

    true_points = found_points = right_points = exact = pages = 0
    wrong: list[str] = []
    with Catalog(home / "catalog.sqlite3") as catalog:
        for document in catalog.documents():
            if document.parent_id is not None:
                continue
            name = Path(document.source_name).name
            expected = truth.get(name)
            if expected is None:
                continue
            pages += document.page_count or 0
            found = [p.first_page or 1 for p in catalog.parts(document.id)] or [1]
            # Page 1 always starts a result: only the points after it are decisions.
            true_set, found_set = set(expected) - {1}, set(found) - {1}
            true_points += len(true_set)
            found_points += len(found_set)
            right_points += len(true_set & found_set)
            exact += true_set == found_set
            by_number = {p.number: p for p in catalog.pages(document.id)}
            for number in sorted(true_set ^ found_set):
                kind = "missed" if number in true_set else "false split"
                signals = page_start(by_number[number]) if number in by_number else None
                why = f"score {signals.score}: {', '.join(signals.signals) or 'no signal'}" if signals else "page unread"
                wrong.append(f"  {name} page {number}: {kind} ({why})")
    precision = right_points / found_points if found_points else 1.0
    recall = right_points / true_points if true_points else 1.0
    print(json.dumps({
        "source": label, "stacks": len(truth), "results": results, "pages": pages,
        "split_points_true": true_points, "split_points_found": found_points, "right": right_points,
        "precision": round(precision, 4), "recall": round(recall, 4), "stacks_exact": exact,
        "ingest_seconds": round(seconds, 1), "pages_per_minute": round(pages / seconds * 60, 1) if seconds else None,
    }, ensure_ascii=False, indent=1))  # fmt: skip
    for line in wrong:
        print(line)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
