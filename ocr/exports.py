"""hOCR and ALTO XML of a recognised page, written from the stored words (no re-recognition).

Words are ``StoredWord`` records, in pixels of the stored page image.
ALTO (v4) is what archives keep; hOCR is what OCR tools exchange.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from ocr.words import StoredWord

Word = StoredWord


def _bbox(words: Sequence[Word]) -> tuple[int, int, int, int]:
    x0 = min(w.x for w in words)
    y0 = min(w.y for w in words)
    x1 = max(w.right for w in words)
    y1 = max(w.bottom for w in words)
    return x0, y0, x1, y1


def _blocks(words: Sequence[Word]) -> list[list[list[Word]]]:
    """Words grouped by block, then by line, in reading order."""
    return [
        [list(line) for _, line in groupby(block_words, key=lambda w: w.line)]
        for _, block_words in groupby(words, key=lambda w: w.block)
    ]


def hocr(words: Sequence[Word], width: int, height: int, image_name: str, page_number: int) -> str:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"'
        ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" lang="vi">',
        "<head><title></title>",
        '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
        '<meta name="ocr-system" content="sohoa (tesseract)"/>',
        '<meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line ocrx_word"/>',
        "</head><body>",
        f'<div class="ocr_page" id="page_{page_number}" title={quoteattr(f"image {image_name}; bbox 0 0 {width} {height}; ppageno {page_number - 1}")}>',
    ]
    for b, block in enumerate(_blocks(words), start=1):
        x0, y0, x1, y1 = _bbox([w for line in block for w in line])
        parts.append(f'<div class="ocr_carea" id="block_{page_number}_{b}" title="bbox {x0} {y0} {x1} {y1}">')
        parts.append(f'<p class="ocr_par" id="par_{page_number}_{b}" lang="vie" title="bbox {x0} {y0} {x1} {y1}">')
        for line in block:
            lx0, ly0, lx1, ly1 = _bbox(line)
            parts.append(f'<span class="ocr_line" id="line_{page_number}_{line[0][7]}" title="bbox {lx0} {ly0} {lx1} {ly1}">')
            for index, w in enumerate(line):
                x, y, ww, hh, conf = w.x, w.y, w.w, w.h, w.confidence
                title = f"bbox {x} {y} {x + ww} {y + hh}; x_wconf {round(conf)}"
                parts.append(
                    f'<span class="ocrx_word" id="word_{page_number}_{line[0].line}_{index + 1}" title="{title}">{escape(w.text)}</span>'
                )
            parts.append("</span>")
        parts.append("</p></div>")
    parts.append("</div></body></html>")
    return "\n".join(parts) + "\n"


def alto(words: Sequence[Word], width: int, height: int, image_name: str, page_number: int) -> str:
    """ALTO v4 with pixel measurements, confidences (WC, 0-1) and reading order of blocks."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/alto/v4/alto-4-2.xsd">',
        "<Description><MeasurementUnit>pixel</MeasurementUnit>",
        f"<sourceImageInformation><fileName>{escape(image_name)}</fileName></sourceImageInformation>",
        "<OCRProcessing ID=\"ocr\"><ocrProcessingStep><processingSoftware><softwareName>sohoa (tesseract)"
        "</softwareName></processingSoftware></ocrProcessingStep></OCRProcessing>",
        "</Description>",
        "<Layout>",
        f'<Page ID="page_{page_number}" PHYSICAL_IMG_NR="{page_number}" WIDTH="{width}" HEIGHT="{height}">',
        f'<PrintSpace HPOS="0" VPOS="0" WIDTH="{width}" HEIGHT="{height}">',
    ]
    for b, block in enumerate(_blocks(words), start=1):
        x0, y0, x1, y1 = _bbox([w for line in block for w in line])
        parts.append(f'<TextBlock ID="block_{b}" HPOS="{x0}" VPOS="{y0}" WIDTH="{x1 - x0}" HEIGHT="{y1 - y0}" LANG="vi">')
        for line in block:
            lx0, ly0, lx1, ly1 = _bbox(line)
            parts.append(f'<TextLine ID="line_{line[0][7]}" HPOS="{lx0}" VPOS="{ly0}" WIDTH="{lx1 - lx0}" HEIGHT="{ly1 - ly0}">')
            for index, w in enumerate(line):
                if index:
                    parts.append("<SP/>")
                parts.append(
                    f'<String CONTENT={quoteattr(w.text)} HPOS="{w.x}" VPOS="{w.y}" WIDTH="{w.w}"'
                    f' HEIGHT="{w.h}" WC="{w.confidence / 100:.2f}"/>'
                )
            parts.append("</TextLine>")
        parts.append("</TextBlock>")
    parts.append("</PrintSpace></Page></Layout></alto>")
    return "\n".join(parts) + "\n"
