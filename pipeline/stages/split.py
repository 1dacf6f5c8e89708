"""Multi-document scans: a PDF or TIFF holding several results is split at their first pages.

Contract (stage ``split``, between recognition and extraction):
- Input: documents just recognised. A file of two pages or more is read page by page; a page
  starts a new result when the top of it carries what a first page carries and a next page does
  not (Decree 30/2020/NĐ-CP, Appendix I): the national title (Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA
  VIỆT NAM") and motto (tiêu ngữ "Độc lập - Tự do - Hạnh phúc"), a "Số: …/…" line, and no page
  number as its first line. When a poor scan loses the title and motto, the other marks of a
  first page count one each: the issuing body ("ỦY BAN NHÂN DÂN") on top, "Place, ngày … tháng …
  năm …", the type's name in capitals (or a letter's "V/v"), and recipients ("Nơi nhận") closing
  the page before. Page 1 always starts one.
- Output: with two starts or more, the file's document becomes a container (state ``split``) and
  each result a document of its own over its page range (``Catalog.split_document``), carried on to
  extraction and the index in its place; a file holding one result goes on unchanged.
- Split points set by a clerk (``split_by`` other than "auto") are kept whatever a later run finds.
- Nothing is recognised again: parts read the file's pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from indexing.vietnamese import fold
from pipeline.catalog import DocumentState
from pipeline.extraction.fields import DOC_TYPES
from pipeline.extraction.lines import page_from_text, page_from_words
from pipeline.stages.contract import Stage, timed

if TYPE_CHECKING:
    from pipeline.catalog import Catalog, DocumentRow, PageRow

STAGE = Stage(
    name="split",
    version="split-1",
    reads=("pages", "documents"),
    writes=("documents (the parts of a file, their page ranges)",),
)
AUTO = "auto"
TOP_SHARE = 0.35  # of the page height: where the headings of a first page stand
TOP_LINES_WITHOUT_BOXES = 8
NATIONAL_TITLE = "cong hoa xa hoi chu nghia viet nam"
MOTTO = "doc lap tu do hanh phuc"
ALIKE = 80  # partial ratio: a fax or a phone photo loses letters, never the whole line
AGENCY_HEAD = "uy ban nhan dan"
_DATE_LINE = re.compile(r",\s*ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}")
_NUMBER_LINE = re.compile(r"\bso\s*[:;.]?\s*[0-9oOl]{1,6}\s*/")
_PAGE_NUMBER = re.compile(r"[-–—\s]*(trang\s*)?\d{1,3}[-–—\s]*(/\s*\d{1,3})?")
START = 3  # score a first page reaches: the title alone, or the motto with a number line


@dataclass(frozen=True, slots=True)
class PageStart:
    number: int
    score: int
    signals: tuple[str, ...]

    @property
    def starts(self) -> bool:
        return self.score >= START


def page_start(page: PageRow, previous: PageRow | None = None) -> PageStart:
    """How much the top of this page looks like the first page of a result (``previous``: the page
    before it in the file, whose end may close a result)."""
    if page.words:
        view = page_from_words(page.number, page.words, page.regions)
        limit = (page.height or 0) * TOP_SHARE
        top = [line for line in view.lines if line.box is None or not limit or line.box[1] < limit]
    else:
        top = page_from_text(page.number, page.text).lines[:TOP_LINES_WITHOUT_BOXES]
    texts = [fold(line.text) for line in top if line.text.strip()]
    joined = " ".join(texts)
    found: list[tuple[int, str]] = []
    if joined and fuzz.partial_ratio(NATIONAL_TITLE, joined) >= ALIKE:
        found.append((3, "quốc hiệu"))
    if joined and fuzz.partial_ratio(MOTTO, joined) >= ALIKE:
        found.append((2, "tiêu ngữ"))
    if _NUMBER_LINE.search(joined):
        found.append((1, "số ký hiệu"))
    # What a degraded heading still shows when the title and motto are lost (a fold, a fax, a stamp):
    # the issuing body, "Place, ngày … tháng … năm …", the type's name in capitals (or a letter's V/v).
    if any(fuzz.partial_ratio(AGENCY_HEAD, text[: len(AGENCY_HEAD) + 4]) >= ALIKE for text in texts[:3]):
        found.append((1, "cơ quan ban hành"))
    if _DATE_LINE.search(joined):
        found.append((1, "địa danh, ngày tháng"))
    if any(_is_type_title(line.text) for line in top) or any(t.startswith(("v/v", "kinh gui")) for t in texts):
        found.append((1, "tên loại văn bản"))
    if previous is not None and _ends_a_result(previous):
        found.append((1, "trang trước kết thúc"))
    if texts and _PAGE_NUMBER.fullmatch(texts[0]):
        found.append((-4, "số trang ở đầu trang"))
    return PageStart(page.number, sum(w for w, _ in found), tuple(name for _, name in found))


def _is_type_title(text: str) -> bool:
    """A line printing a type's name in capitals ("QUYẾT ĐỊNH"), not the body's "QUYẾT ĐỊNH:"."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or text.rstrip().endswith(":") or sum(ch.isupper() for ch in letters) < 0.6 * len(letters):
        return False
    folded = re.sub(r"[^a-z ]", "", fold(text)).strip()
    # The name opens the line; a stamp or a fold may leave marks after it.
    return any(fuzz.ratio(folded[: len(pattern)], pattern) >= 88 for pattern, _ in DOC_TYPES
               if len(folded) <= len(pattern) + 12)  # fmt: skip


def _ends_a_result(page: PageRow) -> bool:
    """The page closes a result: its lower part holds the recipients ("Nơi nhận") of Decree 30."""
    lines = [fold(line) for line in page.text.splitlines() if line.strip()]
    return any(line.startswith("noi nhan") for line in lines[len(lines) // 2 :])


def first_pages(pages: Sequence[PageRow]) -> list[int]:
    """The pages that start a result (the first page always does). A page that could not be read
    never starts one: it stays with the result before it."""
    if not pages:
        return []
    starts = [pages[0].number]
    for previous, page in pairwise(pages):
        if not page.error_class and page_start(page, None if previous.error_class else previous).starts:
            starts.append(page.number)
    return starts


def ranges_from(starts: Sequence[int], last_page: int) -> list[tuple[int, int]]:
    """[1, 3, 4] over 5 pages -> [(1, 2), (3, 3), (4, 5)]."""
    ordered = sorted(set(starts))
    return [(first, (ordered[i + 1] - 1) if i + 1 < len(ordered) else last_page) for i, first in enumerate(ordered)]


def split_documents(catalog: Catalog, document_ids: Iterable[str]) -> list[str]:
    """The stage: returns the documents to carry on, parts in place of the files they came from."""
    carried: list[str] = []
    for document_id in document_ids:
        document = catalog.document(document_id)
        if document is None:
            continue
        if document.parent_id is not None:  # a part: already split
            carried.append(document_id)
            continue
        if document.state == DocumentState.SPLIT:  # split before (recognising it again makes it 'recognized')
            carried += [p.id for p in catalog.parts(document_id)]
            continue
        if document.state != DocumentState.RECOGNIZED or (document.page_count or 0) < 2:
            carried.append(document_id)
            continue
        with timed(STAGE, catalog, document_id) as run:
            existing = catalog.parts(document_id)
            if document.split_by not in (None, AUTO):  # a clerk decided: the same points again
                ranges = [(p.first_page or 1, p.last_page or 1) for p in existing] or [(1, document.page_count or 1)]
            else:
                ranges = ranges_from(first_pages(catalog.pages(document_id)), document.page_count or 1)
            parts, _ = catalog.split_document(document_id, ranges, document.split_by or AUTO)
            run.message = f"{len(parts) or 1} văn bản"
        carried += parts or [document_id]
    return list(dict.fromkeys(carried))



class InvalidSplit(ValueError):
    """Split points a clerk cannot set (message in Vietnamese)."""


def file_of(catalog: Catalog, document_id: str) -> DocumentRow | None:
    """The document of the file this one is in: itself, or the file a part was split out of."""
    document = catalog.document(document_id)
    if document is not None and document.parent_id is not None:
        return catalog.document(document.parent_id)
    return document


def current_starts(catalog: Catalog, file: DocumentRow) -> list[int]:
    """Where the file's results start now (page 1 alone for a file holding one)."""
    return [p.first_page or 1 for p in catalog.parts(file.id)] or [1]


def split_at(catalog: Catalog, file: DocumentRow, starts: Iterable[int], by: str) -> tuple[list[str], list[str]]:
    """A clerk's split points: the pages that start a result (page 1 always does). Kept from then on
    (``split_by`` = the clerk), whatever a later automatic run finds. Returns (parts, parts gone);
    no parts when the file is one result again."""
    if file.state not in (DocumentState.SPLIT, DocumentState.EXTRACTED, DocumentState.INDEXED) or (file.page_count or 0) < 2:
        raise InvalidSplit("Chỉ tách được tệp nhiều trang đã xử lý xong.")
    chosen = sorted({int(n) for n in starts} | {1})
    outside = [n for n in chosen if not 1 <= n <= (file.page_count or 0)]
    if outside:
        raise InvalidSplit(f"Tệp không có trang {', '.join(map(str, outside))} (chỉ có {file.page_count} trang).")
    return catalog.split_document(file.id, ranges_from(chosen, file.page_count or 1), by)
