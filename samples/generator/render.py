"""Lay a DocumentSpec out on A4 pages at 300 dpi, Decree 30 style, and keep the text as truth."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples.generator.content import DocumentSpec

DPI = 300
WIDTH, HEIGHT = 2480, 3508  # A4 at 300 dpi
LEFT, RIGHT, TOP, BOTTOM = 354, 212, 260, 280  # margins: 30, 18, 22, 24 mm
CONTENT_WIDTH = WIDTH - LEFT - RIGHT
LEFT_COLUMN = 860  # header: agency block width; the national motto takes the rest
INK = (22, 22, 22)

_FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation")]
_FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}


def pt(points: float) -> int:
    return round(points * DPI / 72)


@lru_cache(maxsize=32)
def font(style: str, points: float) -> ImageFont.FreeTypeFont:
    for directory in _FONT_DIRS:
        path = directory / _FONT_FILES[style]
        if path.exists():
            return ImageFont.truetype(str(path), pt(points))
    raise FileNotFoundError("Liberation Serif not found: install fonts-liberation2")


@dataclass(slots=True)
class RenderedDocument:
    pages: list[np.ndarray]  # RGB uint8, 300 dpi
    truth: list[list[str]]  # text lines per page, reading order


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int, indent: int = 0) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        trial = f"{current} {word}".strip()
        limit = width - (indent if not lines else 0)
        if face.getlength(trial) <= limit or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


class _Canvas:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pages: list[Image.Image] = []
        self.truth: list[list[str]] = []
        self.y = TOP
        self._new_page()

    def _new_page(self) -> None:
        self.page = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.page)
        self.pages.append(self.page)
        self.truth.append([])
        self.y = TOP
        if len(self.pages) > 1:  # page numbers from page 2, centred at the top
            number = str(len(self.pages))
            face = font("regular", 13)
            self.draw.text(((WIDTH - face.getlength(number)) / 2, TOP - pt(20)), number, font=face, fill=INK)
            self.truth[-1].append(number)

    def ensure(self, height: int) -> None:
        if self.y + height > HEIGHT - BOTTOM:
            self._new_page()

    def text(self, line: str, face: ImageFont.FreeTypeFont, x: float, record: bool = True) -> None:
        self.draw.text((x, self.y), line, font=face, fill=INK)
        if record:
            self.truth[-1].append(line)

    def centred(self, line: str, face: ImageFont.FreeTypeFont, centre: float, record: bool = True) -> float:
        x = centre - face.getlength(line) / 2
        self.text(line, face, x, record)
        return x


def render(spec: DocumentSpec, rng: random.Random) -> RenderedDocument:
    canvas = _Canvas(rng)
    _header(canvas, spec)
    for block in spec.blocks:
        _block(canvas, block.kind, block.lines, block.style)
    _closing(canvas, spec)
    return RenderedDocument([np.asarray(p) for p in canvas.pages], canvas.truth)


def _header(canvas: _Canvas, spec: DocumentSpec) -> None:
    left_centre = LEFT + LEFT_COLUMN / 2 - 40
    right_centre = LEFT + LEFT_COLUMN + (CONTENT_WIDTH - LEFT_COLUMN) / 2
    line_h = pt(13 * 1.25)
    top = canvas.y
    # Left: parent (regular caps), issuing agency (bold caps), a short rule, number, V/v subject.
    y = top
    # Agency names wider than the column wrap onto two lines, as clerks set them.
    left_lines: list[str] = []
    for index, line in enumerate(spec.header_left):
        face = font("bold", 12.5) if index > 0 and not line.startswith(("Số:", "V/v")) else font("regular", 12)
        left_lines += _wrap(line, face, LEFT_COLUMN - 90) if not line.startswith("V/v") else [line]
    for index, line in enumerate(left_lines):
        is_number = line.startswith("Số:")
        is_subject = line.startswith("V/v")
        canvas.y = y
        if is_subject:
            face = font("regular", 12)
            for wrapped in _wrap(line, face, LEFT_COLUMN - 40):
                canvas.centred(wrapped, face, left_centre)
                canvas.y += pt(12 * 1.2)
            y = canvas.y
            continue
        face = font("regular", 13 if is_number else 12) if index == 0 or is_number else font("bold", 12.5)
        if index == 0:
            face = font("regular", 12)
        canvas.centred(line, face, left_centre)
        y += line_h
        next_is_number = index + 1 < len(left_lines) and left_lines[index + 1].startswith(("Số:", "BỘ PHẬN"))
        if index > 0 and not is_number and (next_is_number or index + 1 == len(left_lines)):
            rule = pt(110)
            canvas.draw.line([(left_centre - rule / 2, y + 4), (left_centre + rule / 2, y + 4)], fill=INK, width=3)
            y += pt(8)
    left_bottom = y
    # Right: motto (bold), underlined slogan, then the italic date line.
    y = top
    for index, line in enumerate(spec.header_right):
        canvas.y = y
        if index == 0:
            face = font("bold", 12)
        elif index == 1:
            face = font("bold", 13)
        else:
            canvas.y += pt(6)
            face = font("italic", 13)
        x = canvas.centred(line, face, right_centre)
        if index == 1:
            width = face.getlength(line)
            canvas.draw.line([(x, canvas.y + pt(16)), (x + width, canvas.y + pt(16))], fill=INK, width=3)
            y += pt(8)
        y = canvas.y + line_h
    canvas.y = max(left_bottom, y) + pt(18)


def _block(canvas: _Canvas, kind: str, lines: list[str], style: dict[str, object]) -> None:
    centre = LEFT + CONTENT_WIDTH / 2
    if kind == "title":
        face = font("bold", 14)
        for line in lines:
            canvas.ensure(pt(20))
            canvas.centred(line, face, centre)
            canvas.y += pt(14 * 1.4)
        return
    if kind == "subject":
        face = font("bold", 13)
        for text in lines:
            for wrapped in _wrap(text, face, int(CONTENT_WIDTH * 0.8)):
                canvas.ensure(pt(18))
                canvas.centred(wrapped, face, centre)
                canvas.y += pt(13 * 1.3)
        rule = pt(120)
        canvas.draw.line([(centre - rule / 2, canvas.y + 6), (centre + rule / 2, canvas.y + 6)], fill=INK, width=3)
        canvas.y += pt(16)
        return
    italic = bool(style.get("italic"))
    bold = bool(style.get("bold"))
    face = font("bolditalic" if italic and bold else "italic" if italic else "bold" if bold else "regular", 13)
    line_h = pt(13 * 1.35)
    for text in lines:
        if style.get("center"):
            canvas.ensure(line_h)
            canvas.centred(text, face, centre)
            canvas.y += line_h
            continue
        indent = pt(36) if kind == "paragraph" else 0
        for number, wrapped in enumerate(_wrap(text, face, CONTENT_WIDTH, indent)):
            canvas.ensure(line_h)
            canvas.text(wrapped, face, LEFT + (indent if number == 0 else 0))
            canvas.y += line_h
        canvas.y += pt(4)


def _closing(canvas: _Canvas, spec: DocumentSpec) -> None:
    if not spec.signature and not spec.recipients:
        return
    canvas.ensure(pt(190))
    canvas.y += pt(10)
    top = canvas.y
    right_centre = LEFT + CONTENT_WIDTH * 0.72
    # Recipients at the left.
    y = top
    for index, line in enumerate(spec.recipients):
        face = font("bolditalic", 12) if index == 0 else font("regular", 11)
        canvas.y = y
        canvas.text(line, face, LEFT)
        y += pt(11 * 1.3)
    # Signer block at the right: authority, title, space for seal and signature, name.
    authority, title, name = spec.signature
    face = font("bold", 13)
    y = top
    for line in (authority, title):
        if not line:
            continue
        canvas.y = y
        canvas.centred(line, face, right_centre)
        y += pt(13 * 1.3)
    seal_centre = (right_centre - pt(40), y + pt(40))
    name_y = y + pt(95)
    canvas.y = name_y
    canvas.centred(name, face, right_centre)
    canvas.y = name_y + pt(20)
    if spec.seal_text:
        _seal(canvas, seal_centre, spec.seal_text)
    _signature(canvas, (right_centre, y + pt(45)))


def _seal(canvas: _Canvas, centre: tuple[float, float], text: str) -> None:
    """A red round seal, drawn as ink over the page (multiplied), covering part of the signer's name."""
    rng = canvas.rng
    radius = pt(62)
    layer = Image.new("RGB", canvas.page.size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    red = (rng.randint(190, 225), rng.randint(20, 60), rng.randint(30, 70))
    cx, cy = centre
    for r, w in ((radius, 9), (radius - pt(14), 4)):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=w)
    star = [
        (cx + pt(18) * math.cos(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4),
         cy + pt(18) * math.sin(math.radians(-90 + i * 36)) * (1 if i % 2 == 0 else 0.4))
        for i in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=red)
    face = font("bold", 6.5)
    words = text.upper()[:40]
    # Characters around the ring.
    for index, ch in enumerate(words):
        angle = math.radians(-200 + index * (220 / max(1, len(words) - 1)))
        x = cx + (radius - pt(8)) * math.cos(angle)
        y = cy + (radius - pt(8)) * math.sin(angle)
        draw.text((x - 8, y - 12), ch, font=face, fill=red)
    page = np.asarray(canvas.page).astype(np.uint16)
    seal = np.asarray(layer).astype(np.uint16)
    blended = (page * seal // 255).astype(np.uint8)
    canvas.page.paste(Image.fromarray(blended))


def _signature(canvas: _Canvas, centre: tuple[float, float]) -> None:
    rng = canvas.rng
    blue = (30, 45, rng.randint(140, 190))
    cx, cy = centre
    points = []
    for i in range(14):
        points.append((cx - pt(50) + i * pt(8) + rng.randint(-10, 10), cy + rng.randint(-pt(14), pt(14))))
    canvas.draw.line(points, fill=blue, width=5, joint="curve")
