"""Type detection from bytes and the limits checked before any heavy work, on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    ImageTooSmallError,
    TooLargeError,
    UnsupportedFormatError,
)
from pipeline.intake import JPEG, PDF, PNG, TIFF, discover, probe, sniff_media_type
from pipeline.settings import Settings
from pipeline.storage import OriginalStore, Storage, sha256_of
from tests import faults
from tests.conftest import SAMPLE_SCANS

SAMPLE_PDF = SAMPLE_SCANS / "quyet-dinh-van-phong.pdf"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


@pytest.mark.parametrize(
    ("name", "media_type", "pages"),
    [
        ("quyet-dinh-hai-trang.pdf", PDF, 2),
        ("trich-luc-khai-sinh-fax.tiff", TIFF, 1),
        ("thong-bao-dien-thoai.jpg", JPEG, 1),
        ("cong-van-nghieng.png", PNG, 1),
    ],
)
def test_samples_are_recognised_from_their_bytes(settings: Settings, name: str, media_type: str, pages: int) -> None:
    probed = probe(SAMPLE_SCANS / name, settings)
    assert (probed.media_type, probed.page_count) == (media_type, pages)


def test_type_comes_from_bytes_not_the_extension(settings: Settings, tmp_path: Path) -> None:
    disguised = tmp_path / "scan.png"
    disguised.write_bytes(SAMPLE_PDF.read_bytes())
    assert probe(disguised, settings).media_type == PDF


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda d: faults.empty_file(d / "empty.pdf"), EmptyFileError),
        (lambda d: faults.text_named_pdf(d / "note.pdf"), UnsupportedFormatError),
        (lambda d: faults.docx_file(d / "don.docx"), UnsupportedFormatError),
        (lambda d: faults.truncated_pdf(SAMPLE_PDF, d / "cut.pdf"), CorruptFileError),
        (lambda d: faults.encrypted_pdf(SAMPLE_PDF, d / "locked.pdf"), EncryptedFileError),
        (lambda d: faults.tiny_image(d / "dot.png"), ImageTooSmallError),
        (lambda d: faults.huge_png(d / "bomb.png"), TooLargeError),
    ],
    ids=["empty", "text-as-pdf", "docx", "truncated-pdf", "encrypted-pdf", "1x1", "30000x30000"],
)
def test_bad_files_get_their_own_error_class(settings: Settings, tmp_path: Path, make, error) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(error) as raised:
        probe(path, settings)
    assert raised.value.message  # a human message, recorded for the clerk


def test_truncated_pdf_that_pdfinfo_can_still_open_fails_at_rasterization(tmp_path: Path) -> None:
    # Whatever poppler's repair manages, a truncated file never passes silently with empty pages.
    from pipeline.rasterize import rasterize_page

    cut = faults.truncated_pdf(SAMPLE_SCANS / "quyet-dinh-hai-trang.pdf", tmp_path / "cut.pdf")
    try:
        probed = probe(cut, Settings(home=tmp_path))
    except CorruptFileError:
        return
    with pytest.raises(CorruptFileError):
        for number in range(1, probed.page_count + 1):
            rasterize_page(cut, PDF, number, 72, 10**9)


def test_page_and_size_limits(tmp_path: Path) -> None:
    two_pages = SAMPLE_SCANS / "quyet-dinh-hai-trang.pdf"
    with pytest.raises(TooLargeError, match="2 trang"):
        probe(two_pages, Settings(home=tmp_path, max_pages=1))
    with pytest.raises(TooLargeError, match="MB"):
        probe(two_pages, Settings(home=tmp_path, max_file_bytes=1000))


def test_sniff_unknown_binary() -> None:
    with pytest.raises(UnsupportedFormatError):
        sniff_media_type(b"\x00\x01\x02\x03garbage\xff\xfe")


def test_discover_walks_nested_folders_skips_hidden_and_names_files_in_nfc(tmp_path: Path) -> None:
    root = tmp_path / "lo"
    (root / "a" / "b").mkdir(parents=True)
    (root / ".cache").mkdir()
    nfd_name = "Quye\u0302\u0301t đi\u0323nh #1 (bản sao).pdf"
    (root / "a" / "b" / nfd_name).write_bytes(b"x")
    (root / "top.png").write_bytes(b"x")
    (root / ".cache" / "hidden.pdf").write_bytes(b"x")
    (root / ".DS_Store").write_bytes(b"x")
    found = list(discover([root]))
    names = sorted(f.display_name for f in found)  # type: ignore[union-attr]
    assert names == ["lo/a/b/Quyết định #1 (bản sao).pdf", "lo/top.png"]
    assert {f.folder for f in found} == {"a/b", ""}  # type: ignore[union-attr]


def test_store_is_content_addressed_read_only_and_never_overwrites(tmp_path: Path) -> None:
    store = OriginalStore(Storage(tmp_path, tmp_path / "machine-cache"))  # a folder: the default
    first = store.put(SAMPLE_PDF)
    assert first.sha256 == sha256_of(SAMPLE_PDF)
    assert first.path.read_bytes() == SAMPLE_PDF.read_bytes()
    assert not first.path.stat().st_mode & 0o222  # read-only
    copy = tmp_path / "khac-ten.pdf"
    copy.write_bytes(SAMPLE_PDF.read_bytes())
    again = store.put(copy)
    assert again.path == first.path
    assert [p for p in (tmp_path / "originals").rglob("*") if p.is_file()] == [first.path]
