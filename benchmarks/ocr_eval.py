"""Shared evaluation of the page pipeline against ground truth, per degradation profile.

Used by `ocr_quality.py` (the benchmark) and during tuning. Runs rasterize -> clean -> recognize
exactly as the pipeline's workers do, one process per core, without Prefect or the catalog.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline.intake import probe
from pipeline.settings import Settings
from samples.evaluation import character_errors, correct_words, word_recall
from samples.generator.build import page_text

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
WORKER_HELD_SECONDS = 0.5


def _read_page(args: tuple[str, int, str, str]) -> tuple[str, int, str, float, float]:
    """One page read as a worker reads it: (path, page, text, seconds, CPU seconds). CPU seconds
    are the worker's own, steadier than the clock on a shared machine."""
    from pipeline.pages import PageJob, process_page

    path, number, media_type, home = args
    settings = Settings(home=Path(home))
    job = PageJob("eval", number, Path(path), media_type, Path(home) / f"{Path(path).stem}-{number}.jpg", "")
    clock, cpu = time.perf_counter(), time.process_time()
    result = process_page(job, settings)
    return path, number, result.text, time.perf_counter() - clock, time.process_time() - cpu


def _started(seconds: float) -> None:
    """A task that holds its worker a moment, so that each of the pool's workers gets one."""
    time.sleep(seconds)


def evaluate_sohoa(scans: Path, truth: dict[str, dict[str, Any]], work: Path, workers: int) -> dict[str, Any]:
    """Every page of the files in ``truth`` (``load_truth``) read by ``workers`` processes, one page
    at a time as the pipeline's work pool schedules them (``pipeline.stages.recognize``). The files
    are probed first, untimed, as intake probes them before any page is read. The workers are
    started, their engine and tables loaded (``init_worker``), before the clock starts, as the
    pipeline's ``warm_up`` starts them while intake runs: ``pages_per_minute`` is a batch's pace,
    ``pages_per_minute_with_start`` counts the workers' start too (once a batch, ~1 s a worker)."""
    from pipeline.pages import init_worker

    work.mkdir(parents=True, exist_ok=True)
    settings = Settings(home=work)
    jobs = []
    for file in truth:
        probed = probe(scans / file, settings)
        jobs += [(str(scans / file), number, probed.media_type, str(work)) for number in range(1, probed.page_count + 1)]
    cold = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, initializer=init_worker, initargs=(settings,)) as pool:
        list(pool.map(_started, [WORKER_HELD_SECONDS] * workers))
        clock = time.perf_counter()
        results = list(pool.map(_read_page, jobs))
    seconds = time.perf_counter() - clock
    start = clock - cold - WORKER_HELD_SECONDS  # the workers' own start, less the moment each was held
    texts = {(Path(path).relative_to(scans).as_posix(), number): text for path, number, text, _, _ in results}
    scored = score(truth, lambda file, number: texts.get((file, number), ""), seconds)
    scored["pages_per_minute_with_start"] = round(scored["pages"] / (seconds + start) * 60, 1)
    scored["cpu_seconds_per_page"] = cpu_per_page(
        truth, [(Path(path).relative_to(scans).as_posix(), cpu_seconds) for path, _, _, _, cpu_seconds in results]
    )
    return scored


def cpu_per_page(truth: dict[str, dict[str, Any]], pages: list[tuple[str, float]]) -> dict[str, float]:
    """Mean CPU seconds a page, per profile and over all, from (file, CPU seconds) of each page."""
    cpu: dict[str, list[float]] = defaultdict(list)
    for file, cpu_seconds in pages:
        cpu[truth[file]["profile"]].append(cpu_seconds)
        cpu["all"].append(cpu_seconds)
    return {profile: round(sum(v) / len(v), 2) for profile, v in sorted(cpu.items())}


def score(truth: dict[str, dict[str, Any]], text_of, seconds: float, baseline: bool = False) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Per profile: CER and word recall; per page: the same and the truth words read correctly.
    ``baseline``: an engine other than sohoa (its new-convention tones are not charged)."""
    per_profile: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])
    detail = []
    for file, doc in truth.items():
        for page in doc["pages"]:
            expected, found = page_text(page), text_of(file, page["number"])
            errors, length = character_errors(expected, found, baseline)
            recall = word_recall(expected, found, baseline)
            detail.append({"file": file, "page": page["number"], "profile": doc["profile"],
                           "cer": round(errors / max(1, length), 4), "word_recall": round(recall, 4),
                           "correct_words": correct_words(expected, found, baseline)})  # fmt: skip
            for key in (doc["profile"], "all"):
                bucket = per_profile[key]
                bucket[0] += errors
                bucket[1] += length
                bucket[2] += recall
                bucket[3] += 1
    return {
        "pages": len(detail),
        "seconds": round(seconds, 1),
        "pages_per_minute": round(len(detail) / seconds * 60, 1) if seconds else None,
        "profiles": {
            name: {"cer": round(b[0] / max(1, b[1]), 4), "word_recall": round(b[2] / max(1, b[3]), 4), "pages": b[3]}
            for name, b in sorted(per_profile.items())
        },
        "pages_detail": detail,
    }


def bare_page_images(scans: Path, truth: dict[str, dict[str, Any]], directory: Path) -> list[tuple[str, int, Path]]:
    """Every page as an image file for bare ``tesseract``, as favourable to it as can be: PDFs
    rasterized at 300 dpi (gray), single images as they are (no re-encoding), multi-page TIFFs split
    into one TIFF per frame. Not timed: the baseline gets its input ready-made."""
    from PIL import Image

    directory.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[str, int, Path]] = []
    for file in truth:
        source = scans / file
        stem = file.replace("/", "_")
        if source.suffix == ".pdf":
            subprocess.run(["pdftoppm", "-r", "300", "-gray", "-tiff", "-tiffcompression", "lzw", str(source),
                            str(directory / stem)], check=True)  # fmt: skip
            for number, image in enumerate(sorted(directory.glob(f"{stem}-*.tif")), start=1):
                pages.append((file, number, image))
            continue
        with Image.open(source) as image:
            frames = getattr(image, "n_frames", 1)
            if frames == 1:
                target = directory / f"{stem}{source.suffix}"
                target.write_bytes(source.read_bytes())
                pages.append((file, 1, target))
                continue
            for index in range(frames):
                image.seek(index)
                target = directory / f"{stem}-{index + 1}.tiff"
                image.save(target, dpi=image.info.get("dpi", (300, 300)), compression=image.info.get("compression"))
                pages.append((file, index + 1, target))
    return pages
