"""The page stage run in worker processes: rasterize -> clean -> recognize, one page per call.

Each worker process keeps one Tesseract engine for its lifetime (set up once, reused per page).
The parent process writes results to the catalog; workers only read originals and write page images.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from indexing.vietnamese import normalize, readability
from ocr.clean import clean_page, to_gray
from ocr.language import load_tables
from ocr.layout import Box, Region, find_regions, text_segments
from ocr.recognize import REGION_BLOCKS, recognize_page
from ocr.tesseract import Engine, OcrWord, create_engine, mean_confidence, words_to_text
from ocr.words import StoredWord
from pipeline import poppler
from pipeline.errors import DiskFullError, ErrorClass, SohoaError
from pipeline.intake import PDF
from pipeline.rasterize import rasterize_page
from pipeline.settings import Settings

_ENGINE: Engine | None = None
_ENGINE_ERROR: SohoaError | None = None  # why this worker has no engine


# Bump when taking a PDF's own text changes what it produces (the readability test, the layout of
# its words): pages read that way are redone, pages read by OCR are not.
# 2: a layer covering a small part of the page's lines of text (a scan's digital-signature stamp) is not its text.
TEXT_LAYER_VERSION = "text-layer-2"
# A scanned page signed as published holds a text layer of its signature's visible block alone
# ("Ký bởi: Ủy ban nhân dân tỉnh …, Thời gian ký: 16.04.2020 07:37:07 +07:00", twenty words of good
# Vietnamese over a picture of the page): taken as the page's text, the page went unread
# (samples/real: ct-05-2020). A layer is the page's text only when its words lie over
# TEXT_LAYER_COVERAGE of the page's lines of text (their area, as the layout finds them) at least.
TEXT_LAYER_COVERAGE = 0.5


@dataclass(frozen=True, slots=True)
class PageJob:
    document_id: str
    page_number: int
    original_path: Path
    media_type: str
    image_path: Path  # where the stored page image goes
    fingerprint: str  # what the page carries when read by OCR
    text_layer_fingerprint: str = ""  # ... when its own text layer was taken (empty: as by OCR)


@dataclass(slots=True)
class PageResult:
    document_id: str
    page_number: int
    fingerprint: str
    text: str = ""
    words: list[StoredWord] = field(default_factory=list)
    confidence: float | None = None
    text_source: str | None = None
    width: int | None = None
    height: int | None = None
    dpi: int | None = None
    rotation: int = 0
    skew_degrees: float = 0.0
    flattened: bool = False
    # Layout regions in reading order: {"kind", "box": [x, y, w, h], "lines": [first, last]}
    regions: list[dict[str, Any]] = field(default_factory=list)
    image_path: str | None = None
    error_class: str | None = None
    error_message: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    # Decisions worth an admin's eye, as (step, outcome, why): a text layer refused or a cleaning step
    # undone ("skipped"), a page read a second way because that proved better ("ok").
    notes: list[tuple[str, str, str]] = field(default_factory=list)


# A page's arrays are freed and the next page's are the same sizes (8.7 MB a 300 dpi page, twice
# that its pieces' labels): glibc gives the memory of any over its mmap threshold back to the
# system when freed, and the kernel has to find and zero it again for the next array, page fault by
# page fault (its first mmap threshold is 128 KB; it rises to a freed block's size, and memory past
# twice that at the heap's top is trimmed). Kept in the heap up to glibc's largest threshold (32 MB
# on 64 bits) and trimmed past HEAP_KEPT_BYTES, they are used again as they are. Measured on tuning
# seed 63's 72 pages in one process, this and the code before alternated four times: 0.574 CPU
# seconds a page against 0.536 (system time 5.3 s against 0.6, minor page faults 249,184 against
# 47,973; the ruled-lines search, 57 ms against 33), the words the same, peak memory the same
# (382 MB); with two workers, alternated twice, 0.57 against 0.52 and 22.1 s against 20.1 for the
# 72 pages. With 64 MB kept, 0.546 (one run): most of the gain given back. The cost: a worker
# idle between batches holds what its largest page took, where it gave most of it back.
HEAP_MMAP_THRESHOLD = 32 * 1024 * 1024
HEAP_KEPT_BYTES = 256 * 1024 * 1024
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


def _freed_memory_kept() -> None:
    """glibc's ``mallopt``: memory freed by one page kept for the next (``HEAP_MMAP_THRESHOLD``).
    Another C library (musl), or none found: nothing changed, pages read as before."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, HEAP_MMAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, HEAP_KEPT_BYTES)
    except (OSError, AttributeError):
        pass


def init_worker(settings: Settings) -> None:
    """Process-pool initializer: one engine per worker process. An engine that cannot start
    (tesseract missing) fails each page with its class instead of killing the worker."""
    global _ENGINE, _ENGINE_ERROR
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)  # one page per core; OpenCV's own threads would oversubscribe
    _freed_memory_kept()
    try:
        _ENGINE, _ENGINE_ERROR = create_engine(settings.ocr_engine, settings.ocr_language, settings.ocr_timeout_seconds), None
    except SohoaError as exc:
        _ENGINE, _ENGINE_ERROR = None, exc
    load_tables()


def _engine(settings: Settings) -> Engine:
    if _ENGINE is None and _ENGINE_ERROR is None:
        init_worker(settings)
    if _ENGINE_ERROR is not None:
        raise _ENGINE_ERROR
    assert _ENGINE is not None
    return _ENGINE


def ready() -> bool:
    """A task that does nothing: scheduled on a new pool, it has the workers started (and their
    ``init_worker`` run) before any page comes."""
    return True


def process_page(job: PageJob, settings: Settings) -> PageResult:
    """Never raises for a bad page: the error is returned in the result for the catalog."""
    result = PageResult(job.document_id, job.page_number, job.fingerprint)
    try:
        _process(job, settings, result)
    except SohoaError as exc:
        result.error_class, result.error_message = exc.error_class, exc.message
    except MemoryError:
        result.error_class, result.error_message = ErrorClass.TOO_LARGE, "Không đủ bộ nhớ để xử lý trang."
    return result


def _process(job: PageJob, settings: Settings, result: PageResult) -> None:
    started = time.perf_counter()
    raster = rasterize_page(job.original_path, job.media_type, job.page_number, settings.dpi, settings.max_pixels)
    result.timings["rasterize"] = time.perf_counter() - started
    result.dpi = raster.dpi

    if job.media_type == PDF and _take_text_layer(job, raster.image, raster.dpi, settings, result):
        result.fingerprint = job.text_layer_fingerprint or job.fingerprint
        _store_image(to_gray(raster.image), job.image_path, settings, result)
        return

    started = time.perf_counter()
    cleaned = clean_page(raster.image, raster.dpi)
    result.timings["clean"] = time.perf_counter() - started
    result.skew_degrees, result.flattened = cleaned.skew_degrees, cleaned.flattened
    result.notes.extend((step, "skipped", why) for step, why in cleaned.notes)
    if cleaned.unbent_mm:
        result.notes.append(("unbend", "ok", f"nắn thẳng các dòng chữ bị cong do nếp gấp ({cleaned.unbent_mm:.1f} mm)"))
    if cleaned.halos:
        result.notes.append(("halos", "ok", "nền photocopy sẫm có quầng trắng quanh chữ: đưa về nền trắng"))
    if cleaned.blank:
        result.text_source = "blank"
        _store_image(cleaned.image, job.image_path, settings, result)
        return

    started = time.perf_counter()
    recognition = recognize_page(cleaned.image, raster.dpi, _engine(settings), turned=cleaned.rotation != 0, halos=cleaned.halos)
    result.timings["ocr"] = time.perf_counter() - started
    result.rotation = (cleaned.rotation + recognition.extra_rotation) % 360
    if recognition.denoised:
        result.notes.append(("denoise", "ok", "đọc trên bản chỉ giữ nét mực đậm: nền giấy nhiễu hạt (bản photocopy)"))
    _store_image(recognition.image, job.image_path, settings, result)  # boxes refer to this image
    _fill_from_words(result, recognition.words, recognition.regions)
    result.text_source = "ocr"


def _fill_from_words(result: PageResult, words: list[OcrWord], regions: list[Region]) -> None:
    """Text in reading order, words as [text, x, y, w, h, confidence, block, line], and regions.

    Block and line are sequential numbers in reading order (what hOCR and ALTO need); each
    region records the lines it holds, so extraction can read the agency block or the signer.
    """
    words = [w for w in words if w.text.strip()]
    result.text = normalize(words_to_text(words))
    result.words = []
    block = line = 0
    previous: tuple[int, int, int] | None = None
    spans: dict[int, list[int]] = {}
    for w in words:
        key = (w.block, w.paragraph, w.line)
        if previous is None or key[:2] != previous[:2]:
            block += 1
        if previous is None or key != previous:
            line += 1
        previous = key
        span = spans.setdefault(w.block // REGION_BLOCKS, [line, line])
        span[1] = line
        result.words.append(StoredWord(normalize(w.text), w.left, w.top, w.width, w.height, round(w.confidence, 1), block,
                                       line))  # fmt: skip
    result.regions = [
        {"kind": region.kind, "box": [region.box.x, region.box.y, region.box.w, region.box.h], "lines": spans[index]}
        for index, region in enumerate(regions)
        if index in spans
    ]
    confidence = mean_confidence(words)
    result.confidence = None if confidence is None else round(confidence / 100.0, 4)


def _take_text_layer(job: PageJob, image: np.ndarray, dpi: int, settings: Settings, result: PageResult) -> bool:
    """Use a PDF page's own text when it is real Vietnamese; scanner firmware layers are junk."""
    layer_words, page_width_pt, _ = poppler.text_layer_words(job.original_path, job.page_number)
    if len(layer_words) < settings.text_layer_min_words or page_width_pt <= 0:
        return False
    verdict = readability(" ".join(w.text for w in layer_words))
    if not verdict.reads_as_vietnamese():
        result.notes.append(("text_layer", "skipped", verdict.why_not()))
        return False
    scale = image.shape[1] / page_width_pt
    ocr_words = [
        OcrWord(
            w.text, int(w.x0 * scale), int(w.y0 * scale), int((w.x1 - w.x0) * scale),
            int((w.y1 - w.y0) * scale), 100.0, 0, 0, 0,
        )  # fmt: skip
        for w in layer_words
    ]
    gray = to_gray(image)
    segmented = text_segments(gray, dpi)
    covered = _covered_share(ocr_words, *segmented)
    if covered < TEXT_LAYER_COVERAGE:
        result.notes.append(("text_layer", "skipped", f"lớp chữ của tệp chỉ phủ {covered:.0%} các dòng chữ trên trang "
                                                      "(như khối chữ ký số trên bản quét): đọc trang bằng OCR"))  # fmt: skip
        return False
    # The same layout as for scans, so columns read in order and extraction sees the regions.
    regions = find_regions(gray, dpi, segmented)
    _fill_from_words(result, _in_regions(ocr_words, regions), regions)
    result.text_source = "text_layer"
    return True


def _covered_share(words: list[OcrWord], segments: list[Box], scale: float) -> float:
    """The share of the segments' area (``text_segments``: lines of text, at ``scale`` of the page)
    lying under a word's box (1 when the page shows no line of text)."""
    total = sum(b.w * b.h for b in segments)
    if not total:
        return 1.0
    height = max(b.bottom for b in segments)
    width = max(b.right for b in segments)
    inked = np.zeros((height, width), dtype=bool)
    for w in words:
        x0, y0 = max(0, int(w.left * scale)), max(0, int(w.top * scale))  # a box off the page's edge: clipped
        inked[y0 : int((w.top + w.height) * scale) + 1, x0 : int((w.left + w.width) * scale) + 1] = True
    return sum(int(inked[b.y : b.bottom, b.x : b.right].sum()) for b in segments) / total


def _in_regions(words: list[OcrWord], regions: list[Region]) -> list[OcrWord]:
    """Text-layer words assigned to the layout region holding their centre, then lines inside it."""
    out: list[OcrWord] = []
    left = list(words)
    for index, region in enumerate(regions):
        box = region.box
        inside = [w for w in left if box.x <= w.left + w.width / 2 < box.right and box.y <= w.top + w.height / 2 < box.bottom]
        taken = {id(w) for w in inside}
        left = [w for w in left if id(w) not in taken]
        out += _assign_lines(inside, index * REGION_BLOCKS + 1)
    if left:  # outside every region (margins): keep them, last
        out += _assign_lines(left, len(regions) * REGION_BLOCKS + 1)
    return out


def _assign_lines(words: list[OcrWord], block: int) -> list[OcrWord]:
    """Group words into lines by vertical overlap, reading order top-down, left-right."""
    ordered = sorted(words, key=lambda w: (w.top + w.height / 2, w.left))
    lines: list[list[OcrWord]] = []
    for word in ordered:
        centre = word.top + word.height / 2
        if lines:
            last = lines[-1][-1]
            if abs(centre - (last.top + last.height / 2)) < max(4, last.height * 0.5):
                lines[-1].append(word)
                continue
        lines.append([word])
    out: list[OcrWord] = []
    for number, line in enumerate(lines, start=1):
        for w in sorted(line, key=lambda w: w.left):
            out.append(OcrWord(w.text, w.left, w.top, w.width, w.height, w.confidence, block, 1, number))
    return out


def _store_image(gray: np.ndarray, path: Path, settings: Settings, result: PageResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp.jpg")
    if not cv2.imwrite(str(temp), gray, [cv2.IMWRITE_JPEG_QUALITY, settings.page_image_quality]):
        temp.unlink(missing_ok=True)
        if shutil.disk_usage(path.parent).free < 16 * 1024 * 1024:  # OpenCV says only False: look why
            raise DiskFullError(f"Hết chỗ trên đĩa khi ghi ảnh trang vào {path.parent}.")
        raise SohoaError(f"Không ghi được ảnh trang vào {path.parent}.")
    os.replace(temp, path)
    result.height, result.width = gray.shape[:2]
    result.image_path = str(path)
