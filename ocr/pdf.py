"""Searchable PDF: each page's image with an invisible text layer, built with pikepdf.

Text uses Tesseract's glyphless font (``pdf.ttf`` in tessdata): every character is an empty glyph,
so the words are selectable and searchable but never drawn. Character codes are Unicode code
points (Identity-H), with a ToUnicode map, so copied text is exact Vietnamese. The file carries
the PDF/A-2b markers (XMP identification, sRGB output intent, embedded font); it is not checked by
a PDF/A validator here.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pikepdf
from pikepdf import Dictionary, Name
from PIL import Image, ImageCms

from ocr.tesseract import tessdata_dir

GLYPH_ADVANCE = 500  # /DW of the glyphless font, in 1/1000 em


@dataclass(frozen=True, slots=True)
class PdfPage:
    image: np.ndarray  # gray, RGB, or 0/255 bilevel
    dpi: int
    words: Sequence[tuple[str, float, float, float, float]]  # text, x0, y0, x1, y1 in image pixels


def _image_stream(pdf: pikepdf.Pdf, image: np.ndarray) -> pikepdf.Stream:
    height, width = image.shape[:2]
    if image.ndim == 2 and np.isin(image[:: max(1, height // 200), :: max(1, width // 200)], (0, 255)).all():
        packed = np.packbits(image > 127, axis=1)  # 1-bit, 1 = white with Decode [0 1]
        return pikepdf.Stream(
            pdf, zlib.compress(packed.tobytes(), 6), Type=Name.XObject, Subtype=Name.Image, Width=width,
            Height=height, ColorSpace=Name.DeviceGray, BitsPerComponent=1, Filter=Name.FlateDecode,
        )  # fmt: skip
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, "JPEG", quality=80)
    return pikepdf.Stream(
        pdf, buffer.getvalue(), Type=Name.XObject, Subtype=Name.Image, Width=width, Height=height,
        ColorSpace=Name.DeviceRGB if image.ndim == 3 else Name.DeviceGray, BitsPerComponent=8,
        Filter=Name.DCTDecode,
    )  # fmt: skip


def _font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    font_file = pikepdf.Stream(pdf, (tessdata_dir() / "pdf.ttf").read_bytes())
    cid_to_gid = pikepdf.Stream(pdf, zlib.compress(b"\x00\x01" * 65536), Filter=Name.FlateDecode)
    to_unicode = pikepdf.Stream(
        pdf,
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n",
    )
    descriptor = Dictionary(
        Type=Name.FontDescriptor, FontName=Name.GlyphLessFont, Flags=5, FontBBox=[0, 0, GLYPH_ADVANCE, 1000],
        ItalicAngle=0, Ascent=1000, Descent=0, CapHeight=1000, StemV=80, FontFile2=font_file,
    )  # fmt: skip
    cid_font = Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name.GlyphLessFont,
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), DW=GLYPH_ADVANCE, CIDToGIDMap=cid_to_gid,
    )  # fmt: skip
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font, Subtype=Name.Type0, BaseFont=Name.GlyphLessFont, Encoding=Name("/Identity-H"),
            DescendantFonts=[pdf.make_indirect(cid_font)], ToUnicode=to_unicode,
        )  # fmt: skip
    )


def _text_operators(page: PdfPage, page_height_pt: float) -> bytes:
    scale = 72.0 / page.dpi
    out = [b"BT 3 Tr"]
    for text, x0, y0, x1, y1 in page.words:
        codes = [ord(ch) for ch in text if ord(ch) <= 0xFFFF]
        if not codes or x1 <= x0 or y1 <= y0:
            continue
        size = (y1 - y0) * scale
        width_pt = (x1 - x0) * scale
        stretch = 100.0 * width_pt / (len(codes) * GLYPH_ADVANCE / 1000 * size)
        hex_codes = "".join(f"{code:04X}" for code in codes)
        baseline = page_height_pt - y1 * scale + size * 0.2
        out.append(
            f"/F1 {size:.2f} Tf {stretch:.1f} Tz 1 0 0 1 {x0 * scale:.2f} {baseline:.2f} Tm <{hex_codes}> Tj".encode()
        )
    out.append(b"ET")
    return b"\n".join(out)


def _mark_pdfa(pdf: pikepdf.Pdf, title: str) -> None:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    profile = pikepdf.Stream(pdf, icc, N=3)
    pdf.Root.OutputIntents = [
        pdf.make_indirect(
            Dictionary(
                Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=pikepdf.String("sRGB"),
                Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=profile,
            )  # fmt: skip
        )
    ]
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = title
        meta["xmp:CreatorTool"] = "sohoa"
        meta["xmp:CreateDate"] = datetime.now(UTC).isoformat(timespec="seconds")


def write_searchable_pdf(pages: Sequence[PdfPage], target: Path, title: str) -> None:
    pdf = pikepdf.new()
    font = _font(pdf)
    for page in pages:
        height, width = page.image.shape[:2]
        width_pt, height_pt = width * 72.0 / page.dpi, height * 72.0 / page.dpi
        image = pdf.make_indirect(_image_stream(pdf, page.image))
        content = f"q {width_pt:.2f} 0 0 {height_pt:.2f} 0 0 cm /Im0 Do Q\n".encode() + _text_operators(page, height_pt)
        pdf.pages.append(
            pikepdf.Page(
                Dictionary(
                    Type=Name.Page, MediaBox=[0, 0, width_pt, height_pt],
                    Resources=Dictionary(XObject=Dictionary(Im0=image), Font=Dictionary(F1=font)),
                    Contents=pdf.make_stream(content),
                )  # fmt: skip
            )
        )
    _mark_pdfa(pdf, title)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_suffix(".tmp.pdf")
    pdf.save(temp, compress_streams=True)
    temp.replace(target)
