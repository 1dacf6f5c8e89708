"""A PDF's own text is used only when it reads as Vietnamese: a garbled layer is read again by OCR,
and the page records why."""

from __future__ import annotations

from pathlib import Path

from ocr.pdf import PdfPage, write_searchable_pdf
from pipeline.intake import PDF
from pipeline.pages import PageJob, process_page
from pipeline.poppler import text_layer_words
from pipeline.rasterize import rasterize_page
from pipeline.settings import Settings
from tests.conftest import SAMPLE_SCANS

SOURCE = SAMPLE_SCANS / "cong-van-co-lop-chu.pdf"  # a real Vietnamese text layer


def _garbled(word: str, number: int) -> str:
    """What broken scanner firmware or a bad font map leaves: i as l, o as 0, marks off a third of words."""
    if number % 3:
        return word
    return word.replace("i", "l").replace("I", "l").replace("ô", "0").replace("Ô", "0").replace("ư", "u'")


def _with_layer(tmp_path: Path, garble: bool) -> Path:
    words, width_pt, _ = text_layer_words(SOURCE, 1)
    raster = rasterize_page(SOURCE, PDF, 1, 200, 200_000_000)
    scale = raster.image.shape[1] / width_pt
    boxes = [(_garbled(w.text, n) if garble else w.text, w.x0 * scale, w.y0 * scale, w.x1 * scale, w.y1 * scale)
             for n, w in enumerate(words)]  # fmt: skip
    target = tmp_path / ("garbled.pdf" if garble else "clean.pdf")
    write_searchable_pdf([PdfPage(raster.image, 200, boxes)], target, "thu-nghiem")
    return target


def _page(path: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    job = PageJob("doc", 1, path, PDF, tmp_path / f"{path.stem}.jpg", "f")
    return process_page(job, Settings(home=tmp_path / "home"))


def test_a_garbled_text_layer_is_read_again_by_ocr_and_says_why(tmp_path: Path) -> None:
    garbled = _page(_with_layer(tmp_path, garble=True), tmp_path)
    assert garbled.error_class is None and garbled.text_source == "ocr"
    assert [step for step, _, _ in garbled.notes] == ["text_layer"] and "âm tiết hợp lệ" in garbled.notes[0][2]
    clean = _page(_with_layer(tmp_path, garble=False), tmp_path)
    assert clean.text_source == "text_layer" and clean.notes == []
    # OCR read the page itself: the words the layer broke are back.
    for word in ("CỘNG", "NGHĨA", "VIỆT"):
        assert word in garbled.text and word in clean.text
    assert "VlỆT" not in garbled.text


def test_a_scans_signature_stamp_is_no_text_layer_of_the_page(tmp_path: Path) -> None:
    """A scan published with its digital signature's visible block as its only text (twenty words
    of good Vietnamese in a corner, as samples/real's ct-05-2020 carries) is read by OCR; the note
    says why."""
    raster = rasterize_page(SOURCE, PDF, 1, 200, 200_000_000)
    stamp = "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi Cơ quan: Tỉnh Quảng Ngãi Thời gian ký: 16.04.2020 07:37:07 +07:00"
    width = raster.image.shape[1]
    boxes = [(word, width - 420 + 40 * (n % 9), 10 + 14 * (n // 9), width - 384 + 40 * (n % 9), 22 + 14 * (n // 9))
             for n, word in enumerate(stamp.split())]  # fmt: skip
    assert len(boxes) >= Settings(home=tmp_path).text_layer_min_words  # enough words to be taken before
    signed = tmp_path / "signed-scan.pdf"
    write_searchable_pdf([PdfPage(raster.image, 200, boxes)], signed, "thu-nghiem")
    page = _page(signed, tmp_path)
    assert page.error_class is None and page.text_source == "ocr"
    assert [step for step, _, _ in page.notes] == ["text_layer"] and "chữ ký số" in page.notes[0][2]
    for word in ("CỘNG", "NGHĨA", "VIỆT"):  # the page itself was read
        assert word in page.text
