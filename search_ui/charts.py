"""Bar charts as inline SVG, drawn on the server: no script, no external library, works offline.

Shapes are placed with attributes only (the page's Content-Security-Policy forbids inline styles),
every label is escaped, and each chart carries a <title> and the numbers as text for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def bar_chart(labels: Sequence[str], values: Sequence[int], title: str, *, width: int = 560, height: int = 200,
              label_every: int = 1) -> Markup:  # fmt: skip
    """Vertical bars, one per label, with the value above each non-zero bar."""
    top, bottom, left = 18, 34, 8
    plot_height = height - top - bottom
    count = max(1, len(values))
    slot = (width - 2 * left) / count
    peak = max([*values, 1])
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - left}" y2="{top + plot_height}" class="axis"/>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_height = plot_height * value / peak
        x = left + index * slot + slot * 0.15
        y = top + plot_height - bar_height
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_height:.1f}" class="bar">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        center = x + slot * 0.35
        if value:
            parts.append(f'<text x="{center:.1f}" y="{y - 4:.1f}" class="value">{value}</text>')
        if index % label_every == 0:
            parts.append(f'<text x="{center:.1f}" y="{height - bottom + 16}" class="label">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def horizontal_bars(items: Sequence[tuple[str, int]], title: str, *, width: int = 560) -> Markup:
    """One row per item: the label on its own line (long class names fit), then the bar and its count."""
    row = 42
    height = max(1, len(items)) * row + 8
    peak = max([v for _, v in items] + [1])
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"'
        f' xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(items):
        y = 4 + index * row
        bar_width = (width - 60) * value / peak
        parts.append(f'<text x="0" y="{y + 13}" class="label-left">{escape(label)}</text>')
        parts.append(f'<rect x="0" y="{y + 19}" width="{bar_width:.1f}" height="16" class="bar bad"/>')
        parts.append(f'<text x="{bar_width + 6:.1f}" y="{y + 32}" class="value-left">{value}</text>')
    if not items:
        parts.append(f'<text x="0" y="20" class="label-left">{escape("Không có lỗi")}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
