"""Build the independent evaluation corpus: other content, renderer, fonts and degradations than
``samples/generator`` (see samples/independent/README.md for what differs and where it comes from).

    bash scripts/independent-corpus.sh --out /tmp/independent --count 64 --seed 1   # a full set
    bash scripts/independent-corpus.sh --slice                                      # samples/independent/slice

Runs in its own environment (.venv-corpus: Augraphy and its numba/scikit stack, Playwright),
made by scripts/independent-corpus.sh, so nothing of it reaches sohoa's own environment.
Writes scans/<name>.<format>, one file per document, and truth/<name>.json: text lines per page in reading order, the
turn applied, the metadata a clerk would record, and the rendering and degradation used.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from samples.independent.capture import PROFILES, Capture, capture
from samples.independent.content import KINDS
from samples.independent.layout import pick_style, to_html, truth_pages

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND"]  # fmt: skip

# The committed slice: every profile, every kind at least once, one two-page document; ~14 pages.
SLICE = [
    ("thong_bao", "print"), ("quyet_dinh", "photocopy"), ("trich_luc", "fax"), ("bao_cao", "folded"),
    ("giay_chung_nhan", "ink"), ("cong_van", "phone"), ("to_trinh", "lowres"), ("giay_xac_nhan", "rotated"),
    ("thong_bao", "phone"), ("giay_chung_nhan", "photocopy"), ("cong_van", "fax"), ("trich_luc", "print"),
    ("quyet_dinh", "folded"),
]


def _render(browser, html_text: str, work: Path, expected_pages: int) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """Chromium prints the HTML to PDF; poppler rasterizes it at 300 dpi (RGB)."""
    page = browser.new_page()
    page.set_content(html_text, wait_until="load")
    pdf = work / "page.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.close()
    for old in work.glob("raster-*.ppm"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "300", str(pdf), str(work / "raster")], check=True)
    images = [np.asarray(Image.open(p).convert("RGB")) for p in sorted(work.glob("raster-*.ppm"))]
    if len(images) != expected_pages:
        raise OverflowError(f"{len(images)} pages printed, {expected_pages} planned")
    return images


def _encode(captures: list[Capture], path: Path) -> None:
    first = captures[0]
    images = [Image.fromarray(c.image) for c in captures]
    if first.bilevel:
        images = [image.convert("1") for image in images]
    dpi = (first.dpi, first.dpi) if first.dpi else None
    if first.file_format == "pdf":
        pages = []
        for image in images:  # JPEG inside, as scanners write PDFs
            buffer = io.BytesIO()
            image.convert("L" if image.mode in ("1", "L") else "RGB").save(buffer, "JPEG", quality=60)
            pages.append(Image.open(io.BytesIO(buffer.getvalue())))
        pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(first.dpi or 300))
    elif first.file_format == "tiff":
        options = {"compression": "group4"} if first.bilevel else {"compression": "jpeg", "quality": 60}
        images[0].save(path, "TIFF", save_all=True, append_images=images[1:], dpi=dpi, **options)
    elif first.file_format == "jpg":
        images[0].save(path, "JPEG", quality=85, **({"dpi": dpi} if dpi else {}))
    else:
        images[0].save(path, "PNG", optimize=True, **({"dpi": dpi} if dpi else {}))


def build(out: Path, recipes: list[tuple[str, str]], seed: int) -> None:
    from playwright.sync_api import sync_playwright

    (out / "truth").mkdir(parents=True, exist_ok=True)
    (out / "scans").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for index, (kind, profile) in enumerate(recipes):
            document = KINDS[kind](rng)
            style = pick_style(rng)
            truth = truth_pages(document)
            rendered = _render(browser, to_html(document, style, rng), Path(scratch), len(truth))
            captures = [capture(image, profile, rng) for image in rendered]
            if len(captures) > 1 and captures[0].file_format in ("jpg", "png"):
                captures = [Capture(c.image, c.dpi, "pdf" if c.dpi else "tiff", c.bilevel, c.rotation) for c in captures]
            name = f"{index:03d}-{kind.replace('_', '-')}-{profile}.{captures[0].file_format}"
            _encode(captures, out / "scans" / name)
            record = {
                "file": name, "kind": kind, "profile": profile, "made_by": "samples.independent (Chromium + Augraphy)",
                "style": {"font": style.font, "size_pt": style.size, "line_height": round(style.line_height, 2)},
                "pages": [{"number": n, "lines": lines, "rotation": c.rotation}
                          for n, (lines, c) in enumerate(zip(truth, captures, strict=True), start=1)],
                "metadata": document.metadata,
            }  # fmt: skip
            (out / "truth" / f"{Path(name).stem}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
            print(f"{name}  {style.font} {style.size} pt  {len(captures)} page(s)", flush=True)
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slice", action="store_true", help="rebuild the committed samples/independent/slice")
    args = parser.parse_args(argv)
    if args.slice:
        target = HERE / "slice"
        for old in list((target / "scans").glob("*.*")) + list((target / "truth").glob("*.json")):
            old.unlink()
        build(target, SLICE, seed=20261130)
        return 0
    if args.out is None:
        parser.error("--out or --slice")
    kinds = sorted(KINDS)
    recipes = [(kinds[i % len(kinds)], PROFILES[(i // len(kinds) + i) % len(PROFILES)]) for i in range(args.count)]
    build(args.out, recipes, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
