"""Per-document outputs made from the catalog on request: searchable PDF, hOCR, ALTO.

Nothing is recognised again. The PDF shows the original scan (colours and seals kept) turned
upright; the words found on the cleaned, deskewed page are mapped back onto it.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from ocr.clean import rotate_upright, rotation_matrix
from ocr.exports import alto, hocr
from ocr.pdf import PdfPage, write_searchable_pdf
from pipeline.catalog import Catalog, PageRow
from pipeline.errors import SohoaError
from pipeline.rasterize import rasterize_page
from pipeline.settings import Settings
from pipeline.storage import OriginalStore, Storage, stored_page_image


def _words_on_original(page: PageRow, upright_width: int, upright_height: int) -> list[tuple[str, float, float, float, float]]:
    """Word boxes of the stored (deskewed) image, in pixels of the upright original."""
    if not page.words:
        return []
    boxes = np.array([[w.x, w.y, w.right, w.bottom] for w in page.words], dtype=np.float64)
    if page.skew_degrees:
        matrix, _, _ = rotation_matrix(upright_width, upright_height, -page.skew_degrees)
        inverse = cv2.invertAffineTransform(matrix)
        corners = np.stack(
            [boxes[:, [0, 1]], boxes[:, [2, 1]], boxes[:, [0, 3]], boxes[:, [2, 3]]], axis=1
        )  # (n, 4, 2)
        mapped = corners @ inverse[:, :2].T + inverse[:, 2]
        boxes = np.concatenate([mapped.min(axis=1), mapped.max(axis=1)], axis=1)
    boxes[:, [0, 2]] = boxes[:, [0, 2]].clip(0, upright_width)
    boxes[:, [1, 3]] = boxes[:, [1, 3]].clip(0, upright_height)
    return [(w.text, *box) for w, box in zip(page.words, boxes.tolist(), strict=True)]  # type: ignore[misc]


def searchable_pdf(catalog: Catalog, settings: Settings, document_id: str, target: Path) -> Path:
    document = catalog.document(document_id)
    if document is None or document.media_type is None:
        raise SohoaError(f"Không có tài liệu {document_id} đã xử lý.")
    storage = Storage.for_settings(settings)
    original = OriginalStore(storage).path_for(document.file_sha256)
    pages = []
    for page in catalog.pages(document_id):
        if page.error_class:
            continue
        if page.flattened and page.image_path:
            # A photographed sheet: its corrected image is the page; the photo's desk is not.
            image_file = stored_page_image(storage, settings.pages_dir, page.image_path)
            stored = cv2.imread(str(image_file), cv2.IMREAD_GRAYSCALE) if image_file else None
            if stored is None:
                raise SohoaError(f"Không đọc được ảnh trang {page.number} đã lưu: {page.image_path}")
            words = [(w.text, float(w.x), float(w.y), float(w.right), float(w.bottom)) for w in page.words]
            pages.append(PdfPage(stored, page.dpi or settings.dpi, words))
            continue
        raster = rasterize_page(original, document.media_type, page.number, settings.dpi, settings.max_pixels, colour=True)
        upright = rotate_upright(raster.image, page.rotation)
        height, width = upright.shape[:2]
        pages.append(PdfPage(np.ascontiguousarray(upright), raster.dpi, _words_on_original(page, width, height)))
    write_searchable_pdf(pages, target, document.source_name)
    return target


def page_xml(catalog: Catalog, document_id: str, kind: str, directory: Path) -> list[Path]:
    """hOCR (``kind='hocr'``) or ALTO (``kind='alto'``) files, one per page."""
    writer, suffix = (hocr, ".hocr") if kind == "hocr" else (alto, ".alto.xml")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for page in catalog.pages(document_id):
        if page.error_class or page.width is None or page.height is None:
            continue
        image_name = Path(page.image_path).name if page.image_path else f"{page.number:04d}.jpg"
        path = directory / f"{document_id}-{page.number:04d}{suffix}"
        path.write_text(writer(page.words, page.width, page.height, image_name, page.number), encoding="utf-8")
        written.append(path)
    return written
