"""A catalog of already-recognised documents, written through the real catalog API without OCR:
for tests of the index stage, rebuilds and concurrency, where the pages' origin does not matter.

Every document has one person and one CCCD of its own, so each can be found by exactly one query.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from indexing.records import SearchBackend
from pipeline.catalog import Catalog, PageRow
from pipeline.stages.index import index
from tests.conftest import catalog_of

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Ngọc", "Minh", "Đức", "Thanh", "Quốc", "Hồng"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Khánh", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Việt", "Xuân", "Yến"]  # fmt: skip


def person(i: int) -> str:
    return f"{SURNAMES[i % len(SURNAMES)]} {MIDDLE[(i // 12) % len(MIDDLE)]} {GIVEN[(i // 96) % len(GIVEN)]}"


def cccd(i: int) -> str:
    return f"0791{i:08d}"


def add_document(catalog: Catalog, batch_id: int, i: int, pages: int = 2) -> str:
    """Document number ``i``: a decision for ``person(i)`` with ``cccd(i)``, ``pages`` pages, 'extracted'."""
    sha = hashlib.sha256(f"sohoa-test-document-{i}".encode()).hexdigest()
    document, _ = catalog.add_document(sha, f"quyet-dinh-{i:05d}.pdf", "", batch_id, 1000 + i)
    texts = [f"ỦY BAN NHÂN DÂN PHƯỜNG PHÚ LỢI\nSố: {i}/QĐ-UBND\nQUYẾT ĐỊNH cấp giấy phép cho ông {person(i)},"
             f" CCCD số {cccd(i)}"] + [f"Điều {n}. Văn phòng chịu trách nhiệm thi hành quyết định {i}."
                                       for n in range(2, pages + 1)]  # fmt: skip
    for number, text in enumerate(texts, start=1):
        catalog.save_page(PageRow(document.id, number, 2480, 3508, 300, 0, 0.0, "ocr", text, 0.95, [], None,
                                  "test", None, None))  # fmt: skip
    catalog.save_metadata(document.id, {"doc_type": "Quyết định", "number": f"{i}/QĐ-UBND",
                                        "issued_date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                        "people": [person(i)], "id_numbers": [cccd(i)]}, "test")  # fmt: skip
    catalog.update_document(document.id, state="extracted", page_count=len(texts))
    return document.id


def make_archive(home: Path, count: int, pages: int = 2, backend: SearchBackend | None = None) -> list[str]:
    """``count`` documents in the catalog of ``home`` (indexed into ``backend`` when given)."""
    with Catalog(catalog_of(home)) as catalog:
        batch_id = catalog.ensure_batch("Lô thử")
        ids = [add_document(catalog, batch_id, i, pages) for i in range(count)]
        if backend is not None:
            index(catalog, backend, ids)
    return ids
