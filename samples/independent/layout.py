"""A Document as an HTML page Chromium prints to PDF, and its ground truth in reading order.

Another renderer (Chromium's Skia and HarfBuzz, CSS line breaking and justification) and other
fonts than ``samples/generator`` (which draws with PIL in Liberation Serif): DejaVu Serif, Noto
Serif, Tinos or Liberation Serif at 12-14 pt, varied margins, column widths and line heights.
A red seal and a blue signature are drawn as SVG over the signer's block (not part of the truth).
"""

from __future__ import annotations

import html
import math
import random
from dataclasses import dataclass

from samples.independent.content import Document

FONTS = ("DejaVu Serif", "Noto Serif", "Tinos", "Liberation Serif")


@dataclass(frozen=True, slots=True)
class Style:
    font: str
    size: float  # points
    line_height: float
    margins_mm: tuple[int, int, int, int]  # top, right, bottom, left
    left_column: int  # percent of the width the agency block takes
    underline_motto: bool


def pick_style(rng: random.Random) -> Style:
    return Style(
        font=rng.choice(FONTS), size=rng.choice([12, 12.5, 13, 13, 13.5, 14]), line_height=rng.uniform(1.2, 1.45),
        margins_mm=(rng.randint(18, 25), rng.randint(15, 20), rng.randint(18, 25), rng.randint(28, 35)),
        left_column=rng.randint(36, 45), underline_motto=rng.random() < 0.7,
    )  # fmt: skip


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _seal(rng: random.Random, words: str) -> str:
    """A round red seal with its lettering on a circle, and a blue signature stroke, as inline SVG."""
    radius = rng.randint(62, 74)
    letters = []
    count = len(words)
    for index, letter in enumerate(words):
        angle = math.pi * (0.85 + 1.3 * index / max(1, count - 1))
        x, y = 90 + (radius - 12) * math.cos(angle), 90 + (radius - 12) * math.sin(angle)
        rotate = math.degrees(angle) + 90
        letters.append(f'<text x="{x:.1f}" y="{y:.1f}" transform="rotate({rotate:.1f} {x:.1f} {y:.1f})" '
                       f'font-size="10" fill="#c8202a" text-anchor="middle" font-family="DejaVu Sans">{_e(letter)}</text>')  # fmt: skip
    star = " ".join(f"{90 + 16 * math.cos(math.pi / 2 + i * 4 * math.pi / 5):.1f},{90 - 16 * math.sin(math.pi / 2 + i * 4 * math.pi / 5):.1f}"
                    for i in range(5))  # fmt: skip
    # As stamped: over the left of the signature and the position title above it, never over the name.
    dx, dy = rng.randint(-40, 10), rng.randint(-75, -45)
    stroke = " ".join(f"{20 + i * 22 + rng.randint(-6, 6)},{40 + rng.randint(-25, 25)}" for i in range(8))
    return (
        f'<svg class="seal" style="left:{dx}px; top:{dy}px" width="180" height="180" viewBox="0 0 180 180">'
        f'<circle cx="90" cy="90" r="{radius}" fill="none" stroke="#c8202a" stroke-width="3" opacity="0.85"/>'
        f'<circle cx="90" cy="90" r="{radius - 22}" fill="none" stroke="#c8202a" stroke-width="1.5" opacity="0.85"/>'
        f'<polygon points="{star}" fill="#c8202a" opacity="0.85"/>{"".join(letters)}</svg>'
        f'<svg class="sign" width="220" height="80" viewBox="0 0 220 80"><polyline points="{stroke}" fill="none" '
        f'stroke="#1f3a93" stroke-width="2.2" stroke-linejoin="round"/></svg>'
    )


def to_html(document: Document, style: Style, rng: random.Random) -> str:
    """The page(s) as HTML; blocks keep their order, a ``pagebreak`` block starts page 2."""
    blocks = {b.kind: b for b in document.blocks}
    top, right, bottom, left = style.margins_mm
    parts = []
    header_left = "".join(f"<div>{_e(line)}</div>" for line in blocks["agency"].lines[:1])
    header_left += "".join(f'<div class="strong">{_e(line)}</div>' for line in blocks["agency"].lines[1:])
    header_left += f'<div class="rule"></div><div class="num">{_e(blocks["number"].lines[0])}</div>'
    for block in document.blocks:
        if block.kind == "subject" and block.lines[0].startswith("V/v"):
            header_left += f'<div class="vv">{_e(block.lines[0])}</div>'
    motto = blocks["motto"].lines
    header_right = (f'<div class="strong">{_e(motto[0])}</div>'
                    f'<div class="strong"><span class="{"motto" if style.underline_motto else ""}">{_e(motto[1])}</span></div>'
                    f'<div class="dateline">{_e(blocks["dateline"].lines[0])}</div>')  # fmt: skip
    parts.append(f'<div class="header"><div class="left">{header_left}</div><div class="right">{header_right}</div></div>')
    footer: list[str] = []
    for block in document.blocks:
        kind = block.kind
        if kind in ("agency", "number", "motto", "dateline") or (kind == "subject" and block.lines[0].startswith("V/v")):
            continue
        if kind == "title":
            parts.append("".join(f'<div class="title">{_e(line)}</div>' for line in block.lines))
        elif kind == "subject":
            parts.append(f'<div class="subject">{_e(block.lines[0])}</div><div class="short-rule"></div>')
        elif kind == "recipients_to":
            parts.append(f'<div class="to">{_e(block.lines[0])}</div>')
        elif kind == "para":
            parts.append(f"<p>{_e(block.lines[0])}</p>")
        elif kind == "field":
            parts.append(f'<div class="field">{_e(block.lines[0])}</div>')
        elif kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in block.rows)
            grid = "grid" if len(block.rows[0]) > 2 else "form"
            parts.append(f'<table class="{grid}">{rows}</table>')
        elif kind == "pagebreak":
            parts.append('<div class="pagebreak"></div>')
        elif kind == "pageno":
            parts.append(f'<div class="pageno">{_e(block.lines[0])}</div>')
        elif kind == "recipients":
            footer.append('<div class="recipients">' + "".join(
                f'<div class="{"label" if i == 0 else ""}">{_e(line)}</div>' for i, line in enumerate(block.lines)) + "</div>")  # fmt: skip
        elif kind == "signature":
            *titles, name = block.lines
            seal = _seal(rng, str(document.metadata.get("agency") or "")[:34])
            footer.append('<div class="signature">' + "".join(f'<div class="strong">{_e(t)}</div>' for t in titles)
                          + f'<div class="space">{seal}</div><div class="strong">{_e(name)}</div></div>')  # fmt: skip
    if footer and not any(b.kind == "recipients" for b in document.blocks):
        footer.insert(0, '<div class="recipients"></div>')
    parts.append(f'<div class="footer">{"".join(footer)}</div>')
    css = f"""
@page {{ size: A4; margin: {top}mm {right}mm {bottom}mm {left}mm; }}
body {{ font-family: '{style.font}'; font-size: {style.size}pt; line-height: {style.line_height:.2f}; color: #161616; margin: 0; }}
.header {{ display: flex; }}
.left {{ width: {style.left_column}%; text-align: center; font-size: {style.size - 0.5}pt; }}
.right {{ width: {100 - style.left_column}%; text-align: center; }}
.strong {{ font-weight: bold; }}
.rule {{ width: 30%; margin: 2pt auto 6pt auto; border-top: 1px solid #161616; }}
.motto {{ border-bottom: 1px solid #161616; padding-bottom: 1pt; }}
.dateline {{ font-style: italic; margin-top: 8pt; }}
.num {{ margin-top: 2pt; }} .vv {{ font-size: {style.size - 1}pt; margin-top: 2pt; }}
.title {{ text-align: center; font-weight: bold; font-size: {style.size + 1}pt; margin-top: 14pt; }}
.subject {{ text-align: center; font-weight: bold; }}
.short-rule {{ width: 25%; margin: 3pt auto 8pt auto; border-top: 1px solid #161616; }}
.to {{ text-align: center; margin: 8pt 0; }}
p {{ text-align: justify; text-indent: 1cm; margin: 5pt 0; break-inside: avoid; }}
.field {{ margin: 4pt 0 4pt 0.5cm; break-inside: avoid; }}
table {{ border-collapse: collapse; margin: 8pt auto; break-inside: avoid; }}
table.grid td {{ border: 1px solid #161616; padding: 3pt 8pt; text-align: center; }}
table.form td {{ padding: 3pt 10pt 3pt 0; vertical-align: top; }}
.pagebreak {{ break-after: page; }}
.pageno {{ text-align: center; margin-bottom: 10pt; }}
.footer {{ display: flex; justify-content: space-between; margin-top: 14pt; break-inside: avoid; }}
.recipients {{ width: 45%; font-size: {style.size - 1.5}pt; }}
.recipients .label {{ font-weight: bold; font-style: italic; }}
.signature {{ width: 48%; text-align: center; }}
.space {{ position: relative; height: 130px; }}
.seal {{ position: absolute; opacity: 0.9; }}
.sign {{ position: absolute; left: 60px; top: 28px; }}
"""
    return f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{css}</style></head><body>{"".join(parts)}</body></html>'


def truth_pages(document: Document) -> list[list[str]]:
    """Text lines per page in the reading order sohoa's layout gives: the agency block (with the
    number, and a V/v subject under it) before the national motto and the date line, then the
    body top to bottom, the recipients before the signer's block. Table rows read left to right."""
    blocks = document.blocks
    first: list[str] = []
    for kind in ("agency", "number"):
        first += next(b.lines for b in blocks if b.kind == kind)
    first += [b.lines[0] for b in blocks if b.kind == "subject" and b.lines[0].startswith("V/v")]
    for kind in ("motto", "dateline"):
        first += next(b.lines for b in blocks if b.kind == kind)
    pages = [first]
    for block in blocks:
        if block.kind in ("agency", "number", "motto", "dateline"):
            continue
        if block.kind == "subject" and block.lines[0].startswith("V/v"):
            continue
        if block.kind == "pagebreak":
            pages.append([])
        elif block.kind == "table":
            pages[-1] += [" ".join(row) for row in block.rows]
        else:
            pages[-1] += list(block.lines)
    return pages

