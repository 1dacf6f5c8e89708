"""The two Tesseract engines (the C API through tesserocr, the program through pytesseract) read a
page alike: the same boxes, the same words but for a rare one, the same turn. The CLI is the fallback where tesserocr is missing,
and every fault test runs through it (tests/test_faults.py)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from ocr.recognize import recognize_page
from ocr.tesseract import CliEngine, TesserocrEngine, create_engine, words_to_text
from samples.generator.content import AGENCIES, quyet_dinh
from samples.generator.render import render

pytestmark = pytest.mark.catalog_agnostic  # the same outcome on either catalog engine: SQLite pass only


def _page() -> np.ndarray:
    rng = random.Random(3)
    rgb = render(quyet_dinh(rng, AGENCIES[0]), rng).pages[0]
    return np.ascontiguousarray(rgb.mean(axis=2).astype(np.uint8))


def test_both_engines_read_the_same_words_and_boxes() -> None:
    page = _page()
    fast, fallback = TesserocrEngine("vie"), CliEngine("vie")
    read_fast, read_cli = fast.recognize(page, 300), fallback.recognize(page, 300)
    assert len(read_fast) > 100
    assert [(w.left, w.top, w.width, w.height) for w in read_cli] == [(w.left, w.top, w.width, w.height) for w in read_fast]
    # The same model on the same pixels; 2 of 291 words come out otherwise (PHỤ/EHU), measured here.
    alike = sum(a.text == b.text for a, b in zip(read_cli, read_fast, strict=True))
    assert alike >= 0.99 * len(read_fast), alike
    assert "QUYẾT ĐỊNH" in words_to_text(read_cli)
    sideways = np.ascontiguousarray(np.rot90(page))
    assert fallback.orientation(sideways, 300) is not None
    assert fallback.orientation(sideways, 300).degrees == fast.orientation(sideways, 300).degrees  # type: ignore[union-attr]


def test_a_region_is_read_as_its_own_image() -> None:
    """Issue 11: a region of a page is read as the region cut out and read alone. The image: the
    darkest ink of a photocopy's lines (independent seed 13's 051, a tuning page), from the top of
    its body down, streaks of toner across its title and its CCCD line. libtesseract 5.5 given the
    body as a rectangle of this image (SetRectangle), with rows of the page below it, lost the
    lines "Họ, chữ đệm, tên …" to "Nơi cư trú …" that it reads in the body cut out."""
    from PIL import Image

    from ocr.tesseract import PSM_SINGLE_BLOCK, create_engine

    with Image.open(Path(__file__).parent / "data" / "photocopy-body-darkest-ink.png") as image:
        page = np.ascontiguousarray(np.array(image.convert("L")))
    body = (0, 0, page.shape[1], 2638)  # the body region found on that page; 246 rows below it
    engine = create_engine("auto", "vie", 60)
    [region] = engine.recognize_regions(page, 300, [(body, PSM_SINGLE_BLOCK)])
    cut_out = engine.recognize(np.ascontiguousarray(page[: body[3]]), 300, PSM_SINGLE_BLOCK)
    assert [(w.text, w.left, w.top) for w in region] == [(w.text, w.left, w.top) for w in cut_out]
    text = words_to_text(region)
    assert "Văn Tường Thuận" in text and "Phan Đình Phùng" in text, text


def test_both_engines_read_a_tables_figures_with_the_english_model() -> None:
    """Issue 11: a table's figures are read again by ``FIGURES_LANGUAGE``'s model; both engines read
    each box as one line of it, or one raw line, boxes in page pixels. DejaVu Serif's "527" and
    "827", which the Vietnamese model reads "927" and "6827" in a report's table (tests/test_clean.py)."""
    import itertools

    from PIL import Image, ImageDraw, ImageFont

    from ocr.tesseract import PSM_RAW_LINE, PSM_SINGLE_LINE

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 54)
    sheet = Image.new("L", (1200, 300), 255)
    draw = ImageDraw.Draw(sheet)
    for x, figure in ((100, "527"), (500, "827"), (900, "13")):
        draw.text((x, 100), figure, font=font, fill=0)
    page = np.array(sheet)
    boxes = []  # each figure's ink with a millimetre of paper around, as the pipeline cuts it
    for x in (100, 500, 900):
        ys, xs = np.nonzero(page[:, x - 50 : x + 350] < 128)
        boxes.append((x - 50 + int(xs.min()) - 12, int(ys.min()) - 12, int(xs.max() - xs.min()) + 25, int(ys.max() - ys.min()) + 25))
    for engine, psm in itertools.product((TesserocrEngine("vie"), CliEngine("vie")), (PSM_SINGLE_LINE, PSM_RAW_LINE)):
        read = engine.recognize_figures(page, 300, boxes, psm)
        assert [[w.text for w in words] for words in read] == [["527"], ["827"], ["13"]], (psm, read)
        assert all(box[0] <= words[0].left < box[0] + box[2] and box[1] <= words[0].top < box[1] + box[3]
                   for box, words in zip(boxes, read, strict=True))  # fmt: skip


def test_figures_are_read_with_only_the_characters_allowed_by_both_engines() -> None:
    """A blank written in by hand is read again allowed only its label's letters and figures
    (``ocr.recognize.with_filled_in_figures_read``): the B of "B8" is no figure and goes; the next
    reading, allowed everything again, reads it, in either engine."""
    from PIL import Image, ImageDraw, ImageFont

    from ocr.tesseract import PSM_SINGLE_LINE

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 54)
    sheet = Image.new("L", (700, 200), 255)
    ImageDraw.Draw(sheet).text((60, 60), "Số: B8", font=font, fill=0)
    page, box = np.array(sheet), [(0, 0, 700, 200)]
    for engine in (TesserocrEngine("vie"), CliEngine("vie")):
        allowed = [w.text for w in engine.recognize_figures(page, 300, box, PSM_SINGLE_LINE, allowed="So:0123456789 ")[0]]
        assert allowed[-1] == "8" and not any("B" in text for text in allowed), allowed
        assert "B8" in [w.text for w in engine.recognize_figures(page, 300, box, PSM_SINGLE_LINE)[0]]


def _tables_built_by_a_started_worker(home: str) -> list[int]:
    """In a new process: what the spelling's tables hold once a worker has started."""
    from indexing.places import register
    from indexing.syllables import all_syllables
    from ocr.language import known_words, name_syllables, place_names
    from pipeline.pages import init_worker
    from pipeline.settings import Settings

    init_worker(Settings(home=Path(home)))
    tables = (register, place_names, known_words, name_syllables, all_syllables)
    return [table.cache_info().currsize for table in tables]


def test_a_worker_builds_the_spellings_tables_as_it_starts(tmp_path: Path) -> None:
    """A worker's first page waited ~0.9 s for the units' register, the syllables and the compounds
    (1.46 s against 0.74 s for its second page): a worker now builds them as it starts, which in
    ``sohoa ingest`` is while the batch is taken in."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        sizes = pool.submit(_tables_built_by_a_started_worker, str(tmp_path)).result(timeout=120)
    assert sizes == [1, 1, 1, 1, 2]  # all_syllables: both tone conventions


def _faults_reusing_a_pages_memory(home: str) -> int:
    """In a started worker: the page faults of a second page's worth of arrays (twenty of 8 MB, as a
    300 dpi page's images and labels), the first page's freed."""
    import resource

    import numpy as np

    from pipeline.pages import init_worker
    from pipeline.settings import Settings

    init_worker(Settings(home=Path(home)))

    def page() -> None:
        arrays = [np.ones((2048, 4096), np.uint8) for _ in range(20)]
        del arrays

    page()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    page()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_a_worker_keeps_a_pages_freed_memory_for_the_next(tmp_path: Path) -> None:
    """glibc gave a page's big arrays back to the system as they were freed, and the kernel zeroed
    them again, fault by fault, for the next page's (10,289 faults for 160 MB, 10% of a page's CPU
    in system time): a worker keeps them (``pipeline.pages.HEAP_KEPT_BYTES``)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        faults = pool.submit(_faults_reusing_a_pages_memory, str(tmp_path)).result(timeout=120)
    assert faults < 500


def test_a_line_read_mostly_as_no_syllables_in_its_block_is_read_again_alone() -> None:
    """Independent seed 2004's printed công văn 057: the header's left column (tests/data/
    header-centred-line-read-garbled.png, cleaned by sohoa and cut out as the layout gives it, in 16
    grey levels; made by our own corpus builder) ends with the subject's second line, "nước ngoài",
    centred under the capitals: read as a block, it comes out "nươC n"go0aI", and the subject with
    it. Read alone, Tesseract reads it right; the other lines stay as read."""
    from PIL import Image

    from ocr.recognize import with_garbled_lines_read_alone
    from ocr.tesseract import PSM_SINGLE_BLOCK, create_engine

    with Image.open(Path(__file__).parent / "data" / "header-centred-line-read-garbled.png") as image:
        header = np.ascontiguousarray(np.array(image.convert("L")))
    engine = create_engine("auto", "vie", 60)
    whole = (0, 0, header.shape[1], header.shape[0])
    [words] = engine.recognize_regions(header, 300, [(whole, PSM_SINGLE_BLOCK)])
    assert "ngoài" not in words_to_text(words)  # as the page was read
    again = with_garbled_lines_read_alone(header, 300, engine, words)
    assert words_to_text(again).splitlines()[-1] == "nước ngoài"
    assert words_to_text(again).splitlines()[:-1] == words_to_text(words).splitlines()[:-1]
    # A line read again as nothing, or as lone letters, stays as first read (a signer's "KT. CHỦ
    # TỊCH" beside a fax's seal, read alone as nothing, is not dropped).
    from ocr.tesseract import OcrWord

    blank = np.full((200, 600), 255, np.uint8)
    junk = [OcrWord(text, 20 + 150 * i, 60, 120, 50, 30.0, 1, 1, 1) for i, text in enumerate(("KT.", "CHỦ", "T!C#", "¡#Ịx"))]
    assert with_garbled_lines_read_alone(blank, 300, engine, junk) == junk


def test_a_wrapped_header_word_read_unsure_as_no_syllable_is_read_again_alone() -> None:
    """Issue 11 (tuning seed 143's printed report 000, scripts/independent-corpus.sh --seed 143;
    tests/data/print-header-wrapped-word-read-garbled.png: its header's left column as cleaned,
    the first three lines, in 16 grey levels): the parent agency's wrapped "NGÃI", alone on its
    line under "UBND THÀNH PHỐ QUẢNG", was read "NÑNGÃI" at 40 in its column, and the parent agency
    with it. A line of one word of letters read unsure as no syllable is read again alone: "NGÃI";
    the other lines stay as read, and so does a sure word that is no syllable ("UBND")."""
    from PIL import Image

    from ocr.recognize import with_garbled_lines_read_alone
    from ocr.tesseract import OcrWord, create_engine

    with Image.open(Path(__file__).parent / "data" / "print-header-wrapped-word-read-garbled.png") as image:
        column = np.ascontiguousarray(np.array(image.convert("L")))
    engine = create_engine("auto", "vie", 60)
    boxes = [("UBND", 38, 40, 145, 35, 91, 1), ("THÀNH", 197, 29, 180, 45, 93, 1), ("PHỐ", 394, 28, 100, 47, 89, 1),
             ("QUẢNG", 511, 30, 184, 52, 92, 1), ("NÑNGÃI", 303, 102, 127, 45, 40, 2), ("ỦY", 124, 170, 73, 46, 97, 3),
             ("BAN", 210, 180, 108, 35, 97, 3), ("NHÂN", 333, 170, 151, 45, 97, 3), ("DÂN", 499, 170, 111, 45, 96, 3)]  # fmt: skip
    read = [OcrWord(text, x, y, w, h, float(sure), 1, 1, line) for text, x, y, w, h, sure, line in boxes]
    again = words_to_text(with_garbled_lines_read_alone(column, 300, engine, read)).splitlines()
    assert again == ["UBND THÀNH PHỐ QUẢNG", "NGÃI", "ỦY BAN NHÂN DÂN"]
    sure = [replace(w, confidence=90.0) if w.line == 2 else w for w in read]
    assert with_garbled_lines_read_alone(column, 300, engine, sure) == sure


def test_a_garbled_line_a_seals_arc_spoils_alone_is_read_again_by_its_words_of_letters() -> None:
    """Issue 11 (tuning seeds 63's, 113's and 115's fax decision 052, page 2; tests/data/fax-seal-
    arc-beside-an-authority-line.png, 63's closing column as the layout gives it, 200 dpi): "KT. CHỦ
    TỊCH" beside the seal's arc was read "x — ⁄e.CHỦTỊCH" in its block and as nothing alone (its
    band holds the arc), and the line was dropped as noise. Its words of three letters or more, read
    alone without the arc, read "CHỦ TỊCH"; the other lines stay as read."""
    from PIL import Image

    from ocr.recognize import with_garbled_lines_read_alone
    from ocr.tesseract import PSM_SINGLE_BLOCK, create_engine

    with Image.open(Path(__file__).parent / "data" / "fax-seal-arc-beside-an-authority-line.png") as image:
        closing = np.ascontiguousarray(np.array(image.convert("L")))
    engine = create_engine("auto", "vie", 60)
    [words] = engine.recognize_regions(closing, 200, [((0, 0, closing.shape[1], closing.shape[0]), PSM_SINGLE_BLOCK)])
    assert "CHỦ TỊCH" not in words_to_text(words).splitlines()[0]  # as the page was read
    again = words_to_text(with_garbled_lines_read_alone(closing, 200, engine, words)).splitlines()
    assert again[0].endswith(" CHỦ TỊCH") and again[1:] == words_to_text(words).splitlines()[1:]


def test_a_line_garbled_in_grey_both_ways_is_read_black_on_white() -> None:
    """Tuning seed 59's folded công văn 017 (tests/data/folded-recipients-last-line-garbled-in-grey.png:
    the page's end as cleaning gave it, 200 dpi; made by our own corpus builder): the recipients'
    last line, "- Lưu: VT.", legible and plain, read "F00001. 0VAI:" in its block and alone, and
    dropped as noise. Read alone black on white (its band's own Otsu threshold) it is "- Lưu: VT.";
    nothing else of the page changes."""
    from PIL import Image

    with Image.open(Path(__file__).parent / "data" / "folded-recipients-last-line-garbled-in-grey.png") as image:
        end = np.ascontiguousarray(np.array(image.convert("L")))
    lines = words_to_text(recognize_page(end, 200, create_engine("auto", "vie", 60)).words).splitlines()
    assert lines[lines.index("- Như trên;") + 1] == "- Lưu: VT."
    assert lines[-2:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_a_pages_number_its_block_read_as_a_letter_is_read_alone() -> None:
    """Tuning seed 63's printed decision 036, page 2 (tests/data/page-number-read-as-a-letter.png:
    its top as cleaning gave it, 300 dpi; made by our own corpus builder): the page's number, "2"
    at the top's middle (Decree 30/2020, Art. 15), read "z" at 0 in its block and dropped as noise.
    Read alone it is "2" at 97: kept; the lines under it stay as read."""
    from PIL import Image

    with Image.open(Path(__file__).parent / "data" / "page-number-read-as-a-letter.png") as image:
        top = np.ascontiguousarray(np.array(image.convert("L")))
    lines = [line for line in words_to_text(recognize_page(top, 300, create_engine("auto", "vie", 60)).words).splitlines() if line]
    assert lines[0] == "2"
    assert lines[1].startswith("Điều 3. Giao các phòng chuyên môn theo dõi")


def test_a_forms_label_wrapped_in_its_column_is_read_before_its_value() -> None:
    """Tuning seeds 63's and 61's faxed birth extracts 031: the form's "Họ, chữ đệm, tên người mẹ:"
    wraps in its column, "mẹ:" under the label's first line, the value "Tạ Nhật Xoan" level with
    that line (tests/data/form-label-wrapped-under-its-value.png: the two rows as sohoa cleaned the
    page, 1-bit, made by our own corpus builder). Tesseract reads the rows as they lie, the label's
    end after the value; it is read before it, on the label's line. A row whose first part holds a
    colon ("Giới tính: Nữ" beside "Dân tộc: Tày") over a label ("Nơi cư trú:") stays as read."""
    from PIL import Image

    from ocr.recognize import with_wrapped_labels_joined
    from ocr.tesseract import PSM_SINGLE_BLOCK, OcrWord, create_engine

    with Image.open(Path(__file__).parent / "data" / "form-label-wrapped-under-its-value.png") as image:
        rows = np.ascontiguousarray(np.array(image.convert("L")))
    engine = create_engine("auto", "vie", 60)
    [words] = engine.recognize_regions(rows, 200, [((0, 0, rows.shape[1], rows.shape[0]), PSM_SINGLE_BLOCK)])
    assert "Họ, chữ đệm, tên người Tạ Nhật Xoan" in words_to_text(words)  # as the page was read
    lines = [line for line in words_to_text(with_wrapped_labels_joined(words)).splitlines() if line]
    assert lines[1:] == ["Họ, chữ đệm, tên người mẹ: Tạ Nhật Xoan", "Họ, chữ đệm, tên người cha: Hà Trọng Lực"]

    def word(text: str, left: int, top: int, line: int) -> OcrWord:
        return OcrWord(text, left, top, 20 * len(text), 30, 95.0, 1, 1, line)

    sex = [word("Giới", 0, 0, 1), word("tính:", 90, 0, 1), word("Nữ", 200, 0, 1), word("Dân", 600, 0, 1), word("tộc:", 680, 0, 1),
           word("Tày", 780, 0, 1), word("Nơi", 0, 40, 2), word("cư", 70, 40, 2), word("trú:", 120, 40, 2)]  # fmt: skip
    assert with_wrapped_labels_joined(sex) == sex


def test_a_line_tesseract_reads_twice_at_one_place_is_kept_once() -> None:
    """Tuning seed 81's folded report 024: its header's right column as Tesseract is given it
    (tests/data/header-motto-read-twice.png, the region cut from the page sohoa cleaned, its rules
    painted over; made by our own corpus builder) comes out with "Độc lập - Tự do - Hạnh phúc" twice,
    on two lines at the same place. The second is dropped; a line's words at another place, or
    other words at the same place, stay."""
    from PIL import Image

    from ocr.recognize import without_lines_read_twice
    from ocr.tesseract import PSM_SINGLE_BLOCK, OcrWord, create_engine

    with Image.open(Path(__file__).parent / "data" / "header-motto-read-twice.png") as image:
        header = np.ascontiguousarray(np.array(image.convert("L")))
    engine = create_engine("auto", "vie", 60)
    [words] = engine.recognize_regions(header, 200, [((0, 0, header.shape[1], header.shape[0]), PSM_SINGLE_BLOCK)])
    motto = "Độc lập - Tự do - Hạnh phúc"
    assert words_to_text(words).count(motto) == 2  # as the page was read
    once = words_to_text(without_lines_read_twice(words))
    assert once.count(motto) == 1 and once.endswith("Quảng Ngãi, ngày 24 tháng 8 năm 2020")

    def line(number: int, top: int, *texts: str) -> list[OcrWord]:
        return [OcrWord(text, 100 * i, top, 90, 30, 95.0, 1, 1, number) for i, text in enumerate(texts)]

    repeated_below = [*line(1, 0, "Lưu:", "VT."), *line(2, 40, "Lưu:", "VT.")]
    other_words = [*line(1, 0, "Độc", "lập"), *line(2, 0, "Độc", "lặp")]
    assert without_lines_read_twice(repeated_below) == repeated_below
    assert without_lines_read_twice(other_words) == other_words


def test_a_region_read_as_nothing_is_read_again_without_its_specks() -> None:
    """Issue 11 (tuning seed 67's photocopy 001): its header's right column, as its darkest ink's
    lines of text give it (tests/data/photocopy-header-toner-specks.png: the motto and the date line
    in a ring of toner specks), was read as nothing at all, Tesseract taking every row for noise,
    and the page lost its motto and date. A region read as nothing is read again black on white
    without the specks."""
    from PIL import Image

    from ocr.recognize import read_in_order
    from ocr.tesseract import PSM_SINGLE_BLOCK, create_engine

    with Image.open(Path(__file__).parent / "data" / "photocopy-header-toner-specks.png") as image:
        header = np.ascontiguousarray(np.array(image.convert("L")))
    engine = create_engine("auto", "vie", 60)
    whole = (0, 0, header.shape[1], header.shape[0])
    assert engine.recognize_regions(header, 300, [(whole, PSM_SINGLE_BLOCK)]) == [[]]  # as the page was read
    words, _regions = read_in_order(header, 300, engine)
    text = words_to_text(words)
    assert "HỘI" in text and "NAM" in text and "Hạnh" in text and "năm 2021" in text, text


def test_a_header_region_read_as_junk_only_is_read_again_without_its_specks() -> None:
    """Issue 11 (tuning seed 67's photocopy 001, the same page): its header's left column, as its
    darkest ink's lines of text give it (tests/data/photocopy-header-read-as-junk.png, the whole
    page, black on white), was read at 20 as junk ("UV BANNHÂN(ĐJẦN:- - SN G sạy HỆ BIỂN 902/19/60"),
    every line of it then dropped as noise: the page lost its agency and its number. A header
    region whose every line would go as noise is read again black on white without its specks,
    as one read as nothing is; its lines now hold the number's figures and the ward's name."""
    from PIL import Image

    from ocr.recognize import REGION_BLOCKS, read_in_order, without_noise_lines

    with Image.open(Path(__file__).parent / "data" / "photocopy-header-read-as-junk.png") as image:
        page = np.ascontiguousarray(np.array(image.convert("L")))
    words, regions = read_in_order(page, 300, create_engine("auto", "vie", 60))
    left = regions.index(next(r for r in regions if r.kind == "header_left"))
    header = words_to_text([w for w in without_noise_lines(words) if w.block // REGION_BLOCKS == left])
    assert "4891" in header and "PHƯƠNG" in header, header
