"""The one wrapper around Tesseract: the C API through tesserocr, or the CLI when that is missing.

Both engines return the same records, parsed from Tesseract's TSV output; the C API adds to the
words a caller asks for the readings of them with other marks that Tesseract weighed too
(``OcrWord.alternatives``).
``OMP_THREAD_LIMIT=1`` is forced: Debian's OpenMP build is ~6x slower on 2 cores without it; we
parallelise across pages.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from indexing.syllables import same_but_marks
from pipeline.errors import OcrCrashError, OcrTimeoutError, ToolMissingError, ended_by

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TESSDATA_DIRS = [
    Path(os.environ["TESSDATA_PREFIX"]) if os.environ.get("TESSDATA_PREFIX") else None,
    Path("/usr/share/tesseract-ocr/5/tessdata"),
    Path("/usr/share/tessdata"),
]

# Black print on paper: no retry of low-confidence lines as white-on-black text. Measured: same
# output on every sample profile, 9% less time. Proportional type only (a Decree 30 document is
# set in Times New Roman): Tesseract's line finding no longer tries each row for fixed pitch (a
# dynamic programme over its character cells), rows all taken as proportional. Measured on the 655
# pages of seeds 63, 61, 67, 43, 59, 109, 111, 11 and samples/real: the text the same on every page
# but one photocopy's two junk words (43's 058: '"THÍ -' read '7 THỊ:', the same character errors);
# words of 11 pages' lines in capitals, cut as fixed pitch, boxed closer to their letters, the 5
# that overlapped the next word no longer over it ("NHÂN" 286 px wide over "DÂN", now 155). CPU a
# page on seed 63 in one process, the same code with it off and on, alternated: 0.559 and 0.543 s
# against 0.532 and 0.523 s.
ENGINE_VARIABLES = {"tessedit_do_invert": "0", "textord_all_prop": "1"}
# Asked for, the C API also asks Tesseract's LSTM for the other readings it weighed at each letter
# (mode 2: per symbol, over the whole line). A reading differing from the chosen one only by the
# marks of a letter (tone, circumflex, breve, horn, đ), weighed at ALTERNATIVE_MIN or more, is kept
# with the word for ``ocr.language`` to choose among by the words around it. Measured on seed 9
# (684 words wrong without), tone marks only: 2 or 5 -> 641, 10 -> 644, 20 -> 648; 0 (every choice
# listed) -> 631 but 12 right words made wrong ("chuyển mục đích" -> "chuyên mục"); all marks at
# 5 -> 630. The choices cost Tesseract a search of the line per iteration: with Tesseract's 5,
# 15% more time on the bundled samples (paired runs, CPU time), with 3 or 2 8%; seed 9's words
# wrong 628 with 5, 630 with 3, 632 with 2 (1 lost 11 of the 57 words the choices gain). Measured
# again on 2026-12-04, the layout and the choosing since grown: 1 against 3 on all 72 pages of
# independent seeds 37, 43, 33 and 9, words wrong 596 against 605, 557 against 555, 645 against 640,
# 444 against 439 (3 more of 43,297), CPU a page 0.78 against 0.81 (seed 9, alternated twice): one
# iteration taken, throughput being short of its target.
CHOICE_VARIABLES = {"lstm_choice_mode": "2", "lstm_choice_iterations": "1"}
NO_CHOICES = {"lstm_choice_mode": "0"}
ALTERNATIVE_MIN = 5.0
# Asked for when a region's reading missed a line the layout saw: libtesseract 5.5 (tesserocr's)
# drops some clean printed rows as "noise-like" (a signer's name under the signature), 5.3 reads them.
KEEP_NOISE_ROWS = {"textord_noise_rejrows": "0"}

# A table's figures are read again by the English model (``Engine.recognize_figures``): the Vietnamese
# one, trained on text, reads a cell's lone figures in some serif faces as letters ("82" as "ö32",
# "880" as "380", "516" as "S16"; DejaVu Serif's reports, independent seed 1001), which the English
# model reads right (as a line, and as a raw line: ``ocr.recognize.with_tables_figures``). Installed
# with Debian's tesseract-ocr (tesseract-ocr-eng).
FIGURES_LANGUAGE = "eng"
WHITELIST = "tessedit_char_whitelist"  # the characters a reading may hold (all when empty)

# Page segmentation modes we use.
PSM_AUTO = 3
PSM_SINGLE_BLOCK = 6
PSM_SPARSE_TEXT = 11
PSM_SINGLE_LINE = 7
PSM_RAW_LINE = 13
PSM_SINGLE_WORD = 8
PSM_SINGLE_CHAR = 10


@dataclass(frozen=True, slots=True)
class OcrWord:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0-100
    block: int
    paragraph: int
    line: int
    # The word as read with the marks of one letter changed, that Tesseract weighed too, and that
    # weight (0-100), best first (the C API only; see CHOICE_VARIABLES).
    alternatives: tuple[tuple[str, float], ...] = ()

    @property
    def line_key(self) -> tuple[int, int, int]:
        """The line the word was read on: (block, paragraph, line)."""
        return (self.block, self.paragraph, self.line)

    def letters_width(self, count: int) -> int:
        """How wide ``count`` of its letters stand, its box shared out by letters (a word split or
        cut where Tesseract gave one box)."""
        return round(self.width * count / max(1, len(self.text)))


@dataclass(frozen=True, slots=True)
class Orientation:
    degrees: int  # counter-clockwise rotation that makes the page upright
    confidence: float


# A region to read: (x, y, width, height) in page pixels, and its page segmentation mode.
RegionRequest = tuple[tuple[int, int, int, int], int]
# Given the words of a reading, the indices of those that need the other readings Tesseract
# weighed (``OcrWord.alternatives``): asking for them costs, and most words do not need them.
AlternativesFor = Callable[[list[OcrWord]], Collection[int]]


class Engine(Protocol):
    kind: str

    def recognize(
        self, image: np.ndarray, dpi: int, psm: int = PSM_AUTO, alternatives_for: AlternativesFor | None = None
    ) -> list[OcrWord]: ...

    def recognize_regions(
        self,
        image: np.ndarray,
        dpi: int,
        regions: list[RegionRequest],
        keep_noise_rows: bool = False,
        alternatives_for: AlternativesFor | None = None,
    ) -> list[list[OcrWord]]:
        """Words of each region, boxes in page pixels; ``keep_noise_rows``: with ``KEEP_NOISE_ROWS``;
        ``alternatives_for``: the words given their alternatives (none without it; the C API only)."""

    def recognize_figures(
        self, image: np.ndarray, dpi: int, boxes: list[tuple[int, int, int, int]], psm: int = PSM_SINGLE_LINE, allowed: str = ""
    ) -> list[list[OcrWord]]:
        """Each box (x, y, width, height) read in ``psm`` (a line, or a raw line) by
        ``FIGURES_LANGUAGE``'s model, boxes in page pixels; nothing read when that model is not
        installed. ``allowed``: the only characters it may read (all when empty)."""

    def orientation(self, image: np.ndarray, dpi: int) -> Orientation | None: ...


@lru_cache(maxsize=1)
def figures_model() -> bool:
    """Whether ``FIGURES_LANGUAGE``'s model is installed beside the others."""
    try:
        return (tessdata_dir() / f"{FIGURES_LANGUAGE}.traineddata").is_file()
    except ToolMissingError:
        return False


def tessdata_dir() -> Path:
    for candidate in TESSDATA_DIRS:
        if candidate is not None and (candidate / "osd.traineddata").is_file():
            return candidate
    raise ToolMissingError("Không tìm thấy dữ liệu Tesseract (cài tesseract-ocr, tesseract-ocr-vie).")


def parse_tsv(tsv: str) -> list[OcrWord]:
    words: list[OcrWord] = []
    for line in tsv.splitlines():
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5":  # level 5 = word
            continue
        text = cols[11].replace("\ufffd", "").strip()  # what was not UTF-8 is not text
        if not text:
            continue
        words.append(
            OcrWord(
                text=text,
                left=int(cols[6]),
                top=int(cols[7]),
                width=int(cols[8]),
                height=int(cols[9]),
                confidence=max(0.0, float(cols[10])),
                block=int(cols[2]),
                paragraph=int(cols[3]),
                line=int(cols[4]),
            )
        )
    return words


def mark_alternatives(letters: list[tuple[str, list[tuple[str | None, float]]]]) -> tuple[tuple[str, float], ...]:
    """A word's readings with the marks of one letter changed and their weight, best first.
    ``letters``: each letter as read and the LSTM's choices for it with their weight (0-100); a
    choice's text may be None (tesserocr gives None for a choice with no text)."""
    weighed: dict[str, float] = {}
    for index, (letter, choices) in enumerate(letters):
        for choice, weight in choices:
            if choice and weight >= ALTERNATIVE_MIN and choice != letter and same_but_marks(choice, letter):
                text = "".join(read for read, _ in letters[:index]) + choice + "".join(read for read, _ in letters[index + 1 :])
                text = unicodedata.normalize("NFC", text.replace("\ufffd", ""))  # as parse_tsv
                weighed[text] = max(weight, weighed.get(text, 0.0))
    return tuple(sorted(weighed.items(), key=lambda pair: -pair[1]))


def words_to_text(words: list[OcrWord]) -> str:
    """Lines joined by spaces, paragraphs by a blank line, in Tesseract's reading order."""
    out: list[str] = []
    current_line: tuple[int, int, int] | None = None
    current_para: tuple[int, int] | None = None
    for word in words:
        line_key = word.line_key
        para_key = (word.block, word.paragraph)
        if current_line is None:
            out.append(word.text)
        elif line_key == current_line:
            out.append(" " + word.text)
        elif para_key == current_para:
            out.append("\n" + word.text)
        else:
            out.append("\n\n" + word.text)
        current_line, current_para = line_key, para_key
    return "".join(out)


def mean_confidence(words: list[OcrWord]) -> float | None:
    """Character-weighted mean word confidence, 0-100."""
    total = sum(len(w.text) for w in words)
    if total == 0:
        return None
    return sum(w.confidence * len(w.text) for w in words) / total


class TesserocrEngine:
    """Tesseract's C API in this process; one instance per worker process, reused for every page."""

    kind = "tesserocr"

    def __init__(self, language: str) -> None:
        import tesserocr

        self._tesserocr = tesserocr
        path = str(tessdata_dir()) + "/"
        self._api = tesserocr.PyTessBaseAPI(path=path, lang=language, psm=tesserocr.PSM.AUTO)
        for name, value in ENGINE_VARIABLES.items():
            self._api.SetVariable(name, value)
        self._osd = tesserocr.PyTessBaseAPI(path=path, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
        self._figures: Any = None  # FIGURES_LANGUAGE's model, loaded when first asked

    def _set_image(self, api: object, image: np.ndarray, dpi: int) -> None:
        if image.ndim == 2 and image.dtype == np.uint8:
            # The pixels as they are: ``SetImage`` of a PIL image has it written as a BMP and read
            # back: 20 ms against 7 for a whole page at 300 dpi (the words the same).
            pixels = np.ascontiguousarray(image)
            api.SetImageBytes(pixels.tobytes(), pixels.shape[1], pixels.shape[0], 1, pixels.shape[1])  # type: ignore[attr-defined]
        else:
            from PIL import Image

            api.SetImage(Image.fromarray(image))  # type: ignore[attr-defined]
        api.SetSourceResolution(dpi)  # type: ignore[attr-defined]

    def _asking_for_choices(self, asking: bool) -> None:
        for name, value in (CHOICE_VARIABLES if asking else NO_CHOICES).items():
            self._api.SetVariable(name, value)

    def recognize(
        self, image: np.ndarray, dpi: int, psm: int = PSM_AUTO, alternatives_for: AlternativesFor | None = None
    ) -> list[OcrWord]:
        self._api.SetPageSegMode(psm)
        self._set_image(self._api, image, dpi)
        self._asking_for_choices(alternatives_for is not None)
        if not self._api.Recognize():
            raise OcrCrashError("Tesseract không nhận dạng được trang.")
        return self._words_read(alternatives_for)

    def _words_read(self, alternatives_for: AlternativesFor | None) -> list[OcrWord]:
        """The words of the last recognition (boxes in page pixels), those ``alternatives_for``
        picks with their mark alternatives."""
        words = parse_tsv(self._api.GetTSVText(0))
        if alternatives_for is None:
            return words
        wanted = {(w.left, w.top, w.width, w.height) for w in (words[index] for index in alternatives_for(words))}
        found = self._mark_alternatives(wanted) if wanted else {}
        return [replace(w, alternatives=found[box]) if (box := (w.left, w.top, w.width, w.height)) in found else w
                for w in words]  # fmt: skip

    def _mark_alternatives(
        self, wanted: set[tuple[int, int, int, int]]
    ) -> dict[tuple[int, int, int, int], tuple[tuple[str, float], ...]]:
        """By word box (as in the TSV), for the words ``wanted``: the word with one letter replaced
        by a reading of it that differs by its marks only and that the LSTM weighed at
        ``ALTERNATIVE_MIN`` or more. Other words are stepped over whole, their letters not asked."""
        tesserocr = self._tesserocr
        word_level, letter_level = tesserocr.RIL.WORD, tesserocr.RIL.SYMBOL
        found: dict[tuple[int, int, int, int], tuple[tuple[str, float], ...]] = {}
        iterator = self._api.GetIterator()
        more = iterator is not None
        while more:
            bounds = iterator.BoundingBox(word_level)  # None for a word without a box: no alternatives
            box = (bounds[0], bounds[1], bounds[2] - bounds[0], bounds[3] - bounds[1]) if bounds else None
            if box is None or box not in wanted:
                more = iterator.Next(word_level)
                continue
            letters: list[tuple[str, list[tuple[str | None, float]]]] = []
            while True:
                try:
                    letter = iterator.GetUTF8Text(letter_level)
                    choices = [(choice.GetUTF8Text(), choice.Confidence()) for choice in iterator.GetChoiceIterator()]
                    letters.append((letter, choices))
                except RuntimeError:  # an empty symbol: tesserocr raises "No text returned"
                    pass
                more = iterator.Next(letter_level)
                if not more or iterator.IsAtBeginningOf(word_level):
                    break
            if alternatives := mark_alternatives(letters):
                found[box] = alternatives
        return found

    def recognize_regions(
        self,
        image: np.ndarray,
        dpi: int,
        regions: list[RegionRequest],
        keep_noise_rows: bool = False,
        alternatives_for: AlternativesFor | None = None,
    ) -> list[list[OcrWord]]:
        self._asking_for_choices(alternatives_for is not None)
        defaults = {name: self._api.GetVariableAsString(name) for name in KEEP_NOISE_ROWS} if keep_noise_rows else {}
        for name in defaults:
            self._api.SetVariable(name, KEEP_NOISE_ROWS[name])
        try:
            out = []
            for (x, y, w, h), psm in regions:
                # Each region is given as its own image, cut out, not as a rectangle of the page
                # (SetRectangle): the C API then reads it as the program reads it cut out. Over a
                # rectangle with rows of the page below it, libtesseract 5.5 lost whole lines of a
                # photocopy's body that it reads cut out (tests/test_ocr_engines.py), and it took
                # 18% more CPU a page (24 pages of independent seed 13 read both ways alternately
                # in one process: 1.157 against 0.976 s), the words otherwise the same.
                self._api.SetPageSegMode(psm)
                self._set_image(self._api, np.ascontiguousarray(image[y : y + h, x : x + w]), dpi)
                if not self._api.Recognize():
                    raise OcrCrashError("Tesseract không nhận dạng được vùng trang.")
                out.append([replace(wd, left=wd.left + x, top=wd.top + y) for wd in self._words_read(alternatives_for)])
            return out
        finally:
            for name, value in defaults.items():
                self._api.SetVariable(name, value)

    def recognize_figures(
        self, image: np.ndarray, dpi: int, boxes: list[tuple[int, int, int, int]], psm: int = PSM_SINGLE_LINE, allowed: str = ""
    ) -> list[list[OcrWord]]:
        if not boxes or not figures_model():
            return [[] for _ in boxes]
        if self._figures is None:
            tesserocr = self._tesserocr
            path = str(tessdata_dir()) + "/"
            self._figures = tesserocr.PyTessBaseAPI(path=path, lang=FIGURES_LANGUAGE, psm=psm)
            for name, value in ENGINE_VARIABLES.items():
                self._figures.SetVariable(name, value)
        api = self._figures
        api.SetPageSegMode(psm)
        api.SetVariable(WHITELIST, allowed)
        out = []
        try:
            for x, y, w, h in boxes:
                self._set_image(api, np.ascontiguousarray(image[y : y + h, x : x + w]), dpi)
                if not api.Recognize():
                    raise OcrCrashError("Tesseract không nhận dạng được vùng trang.")
                out.append([replace(wd, left=wd.left + x, top=wd.top + y) for wd in parse_tsv(api.GetTSVText(0))])
        finally:
            api.SetVariable(WHITELIST, "")
        return out

    def orientation(self, image: np.ndarray, dpi: int) -> Orientation | None:
        self._set_image(self._osd, image, dpi)
        try:
            result = self._osd.DetectOrientationScript()
        except RuntimeError:
            return None
        if not result:
            return None
        return Orientation(int(result["orient_deg"]), float(result["orient_conf"]))

    @staticmethod
    def version() -> str:
        import tesserocr

        return str(tesserocr.tesseract_version().split()[1])


def _pgm(image: np.ndarray) -> bytes:
    height, width = image.shape[:2]
    return f"P5\n{width} {height}\n255\n".encode() + np.ascontiguousarray(image, dtype=np.uint8).tobytes()


class CliEngine:
    """The ``tesseract`` program through pytesseract, one process per call; the fallback when
    tesserocr is missing. The page goes as a raw PGM file (pytesseract would encode a PNG) and the
    output comes back as bytes, decoded here: bytes that are not UTF-8 become U+FFFD, dropped later.
    Measured against piping the page through stdin: the same words, 0.92x the time (6 pages)."""

    kind = "cli"

    def __init__(self, language: str, timeout: float = 180.0) -> None:
        binary = shutil.which("tesseract")
        if binary is None:
            raise ToolMissingError("Không tìm thấy 'tesseract' (cài gói tesseract-ocr).")
        self._language = language
        self._timeout = timeout
        import pytesseract

        pytesseract.pytesseract.tesseract_cmd = binary
        os.environ["OMP_THREAD_LIMIT"] = "1"  # pytesseract gives its child this process's environment

    def _run(self, read: Callable[..., bytes], image: np.ndarray, **options: object) -> str:
        """``read``: pytesseract's image_to_data or image_to_osd, asked for bytes."""
        import pytesseract

        with tempfile.NamedTemporaryFile(prefix="sohoa-page-", suffix=".pgm") as page:
            page.write(_pgm(image))
            page.flush()
            try:
                out = read(page.name, output_type=pytesseract.Output.BYTES, timeout=self._timeout, **options)
            except pytesseract.TesseractNotFoundError as exc:
                raise ToolMissingError("Không chạy được 'tesseract' (cài gói tesseract-ocr).") from exc
            except pytesseract.TesseractError as exc:
                detail = str(exc.message).strip().splitlines()
                raise OcrCrashError(f"Tesseract lỗi ({ended_by(int(exc.status))}): {detail[-1] if detail else ''}".rstrip(": ")) from exc
            except RuntimeError as exc:  # pytesseract killed it: "Tesseract process timeout"
                if "timeout" not in str(exc):
                    raise
                raise OcrTimeoutError(f"Tesseract quá {self._timeout:.0f} s cho một trang.") from exc
            except FileNotFoundError as exc:  # killed before it wrote its output
                raise OcrCrashError("Tesseract dừng mà không ghi kết quả.") from exc
        return bytes(out).decode("utf-8", "replace")

    def recognize(
        self,
        image: np.ndarray,
        dpi: int,
        psm: int = PSM_AUTO,
        alternatives_for: AlternativesFor | None = None,
        keep_noise_rows: bool = False,
    ) -> list[OcrWord]:
        """The words read (the CLI gives no alternatives: ``alternatives_for`` is not used)."""
        return self._read(image, dpi, psm, self._language, keep_noise_rows)

    def _read(self, image: np.ndarray, dpi: int, psm: int, language: str, keep_noise_rows: bool = False, allowed: str = "") -> list[OcrWord]:
        import pytesseract

        settings = {**ENGINE_VARIABLES, **(KEEP_NOISE_ROWS if keep_noise_rows else {}), **({WHITELIST: allowed} if allowed else {})}
        variables = [arg for name, value in settings.items() for arg in ("-c", f"{name}={value}")]
        config = shlex.join(["--psm", str(psm), "--dpi", str(dpi), *variables])
        return parse_tsv(self._run(pytesseract.image_to_data, image, lang=language, config=config))

    def recognize_figures(
        self, image: np.ndarray, dpi: int, boxes: list[tuple[int, int, int, int]], psm: int = PSM_SINGLE_LINE, allowed: str = ""
    ) -> list[list[OcrWord]]:
        if not figures_model():
            return [[] for _ in boxes]
        out = []
        for x, y, w, h in boxes:
            words = self._read(np.ascontiguousarray(image[y : y + h, x : x + w]), dpi, psm, FIGURES_LANGUAGE, allowed=allowed)
            out.append([replace(wd, left=wd.left + x, top=wd.top + y) for wd in words])
        return out

    def recognize_regions(
        self,
        image: np.ndarray,
        dpi: int,
        regions: list[RegionRequest],
        keep_noise_rows: bool = False,
        alternatives_for: AlternativesFor | None = None,
    ) -> list[list[OcrWord]]:
        out = []
        for (x, y, w, h), psm in regions:
            words = self.recognize(np.ascontiguousarray(image[y : y + h, x : x + w]), dpi, psm, keep_noise_rows=keep_noise_rows)
            out.append([replace(wd, left=wd.left + x, top=wd.top + y) for wd in words])
        return out

    def orientation(self, image: np.ndarray, dpi: int) -> Orientation | None:
        import pytesseract

        try:
            out = self._run(pytesseract.image_to_osd, image, config=f"--dpi {dpi}")
        except OcrCrashError:
            return None  # too few characters for OSD: Tesseract exits non-zero
        degrees = re.search(r"Orientation in degrees:\s*(\d+)", out)
        confidence = re.search(r"Orientation confidence:\s*([\d.]+)", out)
        if not degrees or not confidence:
            return None
        return Orientation(int(degrees.group(1)), float(confidence.group(1)))

    @staticmethod
    def version() -> str:
        try:
            out = subprocess.run(["tesseract", "--version"], capture_output=True, check=False, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return "missing"  # each page then fails as tool_missing; installing it changes the fingerprint
        match = re.search(r"tesseract\s+([\d.]+)", out.stdout + out.stderr)
        return match.group(1) if match else "unknown"


def tesserocr_available() -> bool:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return True


def create_engine(kind: str, language: str, timeout: float) -> Engine:
    if kind == "tesserocr" or (kind == "auto" and tesserocr_available()):
        return TesserocrEngine(language)
    return CliEngine(language, timeout)


@lru_cache(maxsize=4)
def engine_version(kind: str) -> str:
    """Version string of the engine ``kind`` would pick: part of every OCR fingerprint."""
    if kind == "tesserocr" or (kind == "auto" and tesserocr_available()):
        return "tesserocr-" + TesserocrEngine.version()
    return "cli-" + CliEngine.version()


def model_signature(language: str) -> str:
    """Sizes of the traineddata files used: changes when the model package changes."""
    base = tessdata_dir()
    parts = []
    for lang in language.split("+"):
        path = base / f"{lang}.traineddata"
        parts.append(f"{lang}:{path.stat().st_size if path.exists() else 0}")
    return ",".join(parts)
