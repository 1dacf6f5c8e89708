"""A scanner's PDF page read from its structure (pikepdf): the page is one JPEG placed over it whole.

``poppler.embedded_scan`` proves a page is its image by rendering it coarsely and comparing: three
poppler processes, ~0.1 s a page, most of it pdftoppm decoding the whole JPEG for an 18 dpi picture.
What a scanner writes can be proved from the page's objects instead, in a millisecond: its content
draws that one image and nothing else ("q W 0 0 H X Y cm /Im0 Do Q"), over the whole page, upright,
with no crop, turn or annotation on top; the image is a plain 8-bit gray or RGB JPEG at the
resolution asked for. Such a page's image is decoded as stored, as poppler's path decodes it; any
other page is left to poppler (None).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from pipeline.poppler import SCAN_PPI_TOLERANCE, SCAN_SMOOTHING

# The image's placement matches the page's box within this many points (a scanner rounds its sizes).
PLACEMENT_TOLERANCE_PT = 0.5
_DRAWING = frozenset({"q", "Q", "cm", "Do"})


def placed_scan(path: Path, page_number: int, dpi: int) -> np.ndarray | None:
    """The page's one JPEG as 8-bit grayscale, smoothed as a render would be (``SCAN_SMOOTHING``),
    when the page provably shows that image and nothing else at ``dpi``; None otherwise (a damaged
    file included: poppler's path judges it)."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            if not 1 <= page_number <= len(pdf.pages):
                return None
            page = pdf.pages[page_number - 1]
            image = _the_placed_image(page, dpi)
            jpeg = image.read_raw_bytes() if image is not None else None
    except (pikepdf.PdfError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if jpeg is None:
        return None
    decoded = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION)
    if decoded is None or decoded.shape != (int(image.Height), int(image.Width)):
        return None
    return cv2.GaussianBlur(decoded, (0, 0), SCAN_SMOOTHING)


def _the_placed_image(page: Any, dpi: int) -> Any:  # pikepdf's objects: typed as Any by its stubs
    """The image XObject the page draws over its whole box and nothing else, or None."""
    import pikepdf

    if _inherited(page.obj, "/Rotate", 0) % 360 != 0 or page.obj.get("/Annots"):
        return None
    media = [float(Decimal(str(v))) for v in _inherited(page.obj, "/MediaBox", [])]
    crop = _inherited(page.obj, "/CropBox", None)
    if len(media) != 4 or (crop is not None and [float(Decimal(str(v))) for v in crop] != media):
        return None
    operations = pikepdf.parse_content_stream(page)
    names = [str(op.operator) for op in operations]
    if not set(names) <= _DRAWING or names.count("Do") != 1 or names.count("cm") != 1 or names.index("cm") > names.index("Do"):
        return None
    placement = [float(Decimal(str(v))) for v in operations[names.index("cm")].operands]
    name = operations[names.index("Do")].operands[0]
    xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
    image = xobjects.get(name) if name in xobjects else None
    if image is None or not _plain_jpeg(image):
        return None
    a, b, c, d, x, y = placement
    x0, y0, x1, y1 = media
    if b != 0 or c != 0 or any(abs(p - q) > PLACEMENT_TOLERANCE_PT for p, q in ((x, x0), (y, y0), (a, x1 - x0), (d, y1 - y0))):
        return None
    x_ppi, y_ppi = int(image.Width) * 72 / a, int(image.Height) * 72 / d
    if abs(x_ppi - dpi) > SCAN_PPI_TOLERANCE * dpi or abs(y_ppi - dpi) > SCAN_PPI_TOLERANCE * dpi:
        return None
    return image


def _plain_jpeg(image: Any) -> bool:
    """An 8-bit gray or RGB JPEG (DCTDecode alone), drawn as decoded: no mask, decode array or CMYK."""
    import pikepdf

    if image.get("/Subtype") != "/Image" or image.get("/Filter") != "/DCTDecode" or int(image.get("/BitsPerComponent", 0)) != 8:
        return False
    if any(key in image for key in ("/SMask", "/Mask", "/Decode", "/ImageMask", "/DecodeParms")):
        return False
    space = image.get("/ColorSpace")
    if space in ("/DeviceGray", "/DeviceRGB"):
        return True
    # An ICC profile of one or three components ([/ICCBased stream]).
    return (isinstance(space, pikepdf.Array) and len(space) == 2 and space[0] == "/ICCBased"
            and int(space[1].get("/N", 0)) in (1, 3))  # fmt: skip


def _inherited(node: Any, key: str, default: Any) -> Any:
    """A page attribute, inherited from the page tree where the page does not set it."""
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return default
