"""Write generated documents as scan files with ground truth.

    python -m samples.generator.build --out /tmp/set --count 40 --seed 7      # a random set
    python -m samples.generator.build --committed                             # rebuild samples/

Each document becomes one file (PDF, multi-page TIFF, JPEG or PNG) and one JSON file of truth:
text lines per page in reading order, the geometry applied, and the metadata a clerk would record.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from samples.generator.content import AGENCIES, GENERATORS, DocumentSpec, quyet_dinh
from samples.generator.degrade import PROFILES, DegradedPage, degrade
from samples.generator.render import render

SAMPLES_DIR = Path(__file__).resolve().parent.parent
FORMATS = ("pdf", "tiff", "jpg", "png")

@dataclass(frozen=True, slots=True)
class Recipe:
    name: str
    kind: str
    profile: str
    file_format: str
    text_layer: str | None = None  # "vie": real Vietnamese layer; "junk": scanner-firmware-like layer
    long: bool = False
    folder: str = ""

# The committed set: every profile and format once or twice, ~10 documents, well under 5 MB.
COMMITTED = [
    Recipe("quyet-dinh-van-phong", "quyet_dinh", "office", "pdf"),
    Recipe("quyet-dinh-hai-trang", "quyet_dinh", "clean", "pdf", long=True),
    Recipe("cong-van-nghieng", "cong_van", "skewed", "png"),
    Recipe("thong-bao-dien-thoai", "thong_bao", "phone", "jpg"),
    Recipe("giay-chung-nhan-hkd-mo", "giay_chung_nhan_hkd", "faded", "tiff"),
    Recipe("trich-luc-khai-sinh-fax", "trich_luc_khai_sinh", "fax", "tiff"),
    Recipe("phieu-tiep-nhan-150dpi", "phieu_tiep_nhan", "lowdpi", "jpg", folder="ho-so-mot-cua"),
    Recipe("quyet-dinh-lon-nguoc", "quyet_dinh", "rotated", "pdf", folder="ho-so-mot-cua"),
    Recipe("cong-van-co-lop-chu", "cong_van", "clean", "pdf", text_layer="vie"),
    Recipe("thong-bao-lop-chu-rac", "thong_bao", "office", "pdf", text_layer="junk"),
]

def _encode_pages(pages: list[DegradedPage], file_format: str, path: Path) -> None:
    images = []
    for page in pages:
        if page.bilevel:
            images.append(Image.fromarray(page.image).convert("1"))
        else:
            images.append(Image.fromarray(page.image))
    dpi = pages[0].dpi
    if file_format == "pdf":
        jpeg_pages = []
        for image in images:  # JPEG inside the PDF, as scanners do: small files
            buffer = io.BytesIO()
            image.convert("L" if image.mode in ("1", "L") else "RGB").save(buffer, "JPEG", quality=60)
            jpeg_pages.append(Image.open(io.BytesIO(buffer.getvalue())))
        jpeg_pages[0].save(path, "PDF", save_all=True, append_images=jpeg_pages[1:], resolution=float(dpi or 300))
    elif file_format == "tiff":
        # Fax: CCITT G4; gray scans: JPEG inside TIFF, as office scanners write them.
        options = {"compression": "group4"} if pages[0].bilevel else {"compression": "jpeg", "quality": 70}
        images[0].save(path, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi) if dpi else None,
                       **options)  # fmt: skip
    elif file_format == "jpg":
        options = {"quality": 65}
        if dpi:
            options["dpi"] = (dpi, dpi)
        images[0].convert("L" if images[0].mode == "1" else images[0].mode).save(path, "JPEG", **options)
    elif file_format == "png":
        # 4-bit gray, a common scanner setting; 8-bit noisy gray would make a 5 MB PNG.
        gray = np.asarray(images[0].convert("L"))
        quantised = Image.fromarray(((gray.astype(np.uint16) * 15 + 127) // 255 * 17).astype(np.uint8))
        quantised.save(path, "PNG", dpi=(dpi, dpi) if dpi else None, bits=4, compress_level=9)
    else:
        raise ValueError(file_format)

def _text_layer_pdf(pages: list[DegradedPage], language: str, path: Path) -> None:
    """A PDF whose pages carry a text layer made by Tesseract (``vie``: usable, ``eng``: junk)."""
    with tempfile.TemporaryDirectory() as work:
        parts = []
        for index, page in enumerate(pages):
            image_path = Path(work) / f"p{index}.jpg"
            Image.fromarray(page.image).convert("L").save(image_path, "JPEG", quality=60, dpi=(300, 300))
            out_base = Path(work) / f"p{index}"
            subprocess.run(["tesseract", str(image_path), str(out_base), "-l", language, "pdf"],
                           check=True, capture_output=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})  # fmt: skip
            parts.append(out_base.with_suffix(".pdf"))
        if len(parts) == 1:
            shutil.copyfile(parts[0], path)
        else:
            subprocess.run(["pdfunite", *map(str, parts), str(path)], check=True, capture_output=True)

def build_document(recipe: Recipe, rng: random.Random, out_dir: Path) -> dict[str, object]:
    agency = rng.choice(AGENCIES)
    spec: DocumentSpec = quyet_dinh(rng, agency, long=True) if recipe.long else GENERATORS[recipe.kind](rng, agency)
    rendered = render(spec, rng)
    degraded = [degrade(page, recipe.profile, rng) for page in rendered.pages]
    folder = out_dir / recipe.folder if recipe.folder else out_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{recipe.name}.{recipe.file_format}"
    if len(degraded) > 1 and recipe.file_format in ("jpg", "png"):
        raise ValueError(f"{recipe.name}: {len(degraded)} pages cannot be one {recipe.file_format}")
    if recipe.text_layer:
        _text_layer_pdf(degraded, "vie" if recipe.text_layer == "vie" else "eng", path)
    else:
        _encode_pages(degraded, recipe.file_format, path)
    truth = {
        "file": str(path.relative_to(out_dir)),
        "kind": spec.kind,
        "profile": recipe.profile,
        "text_layer": recipe.text_layer,
        "pages": [
            {"number": i + 1, "lines": lines, "rotation": page.rotation, "skew": round(page.skew, 2)}
            for i, (lines, page) in enumerate(zip(rendered.truth, degraded, strict=True))
        ],
        "metadata": spec.metadata,
    }
    return truth

def build_rescans(out_dir: Path, name: str, kind: str, scans: list[tuple[str, str]], seed: int,
                  number_of: DocumentSpec | None = None) -> tuple[list[Path], DocumentSpec]:  # fmt: skip
    """One paper scanned several times: the same document, degraded per ``(profile, format)`` with
    its own noise, so every file has other bytes (near-duplicates, issue 12). ``number_of``: another
    paper whose agency and number this one takes (same number, other content: what must not be
    flagged)."""
    rng = random.Random(seed)
    if number_of is None:
        spec = GENERATORS[kind](rng, rng.choice(AGENCIES))
    else:
        kind = number_of.kind
        agency = next(a for a in AGENCIES if a.name.replace("\n", " ") == number_of.metadata["agency"])
        spec = GENERATORS[kind](rng, agency)
        old, new = spec.metadata["number"], number_of.metadata["number"]
        if old and new:
            spec.header_left = [line.replace(old, new) for line in spec.header_left]
            spec.header_right = [line.replace(old, new) for line in spec.header_right]
            spec.metadata["number"] = new
    rendered = render(spec, rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, (profile, file_format) in enumerate(scans):
        degraded = [degrade(page, profile, random.Random(seed * 31 + index)) for page in rendered.pages]
        if len(degraded) > 1 and file_format in ("jpg", "png"):
            file_format = "pdf"
        path = out_dir / f"{name}-lan-{index + 1}-{profile}.{file_format}"
        _encode_pages(degraded, file_format, path)
        paths.append(path)
    return paths, spec


def build_stack(out_dir: Path, name: str, count: int, profile: str, file_format: str, seed: int,
                long_share: float = 0.3) -> tuple[Path, list[int], list[dict[str, object]]]:  # fmt: skip
    """Several results scanned into one PDF or TIFF, as a clerk feeds a stack to the scanner: returns
    the file, the page each result starts on, and each result's metadata (multi-document scans)."""
    rng = random.Random(seed)
    pages: list[DegradedPage] = []
    starts, metadata = [], []
    for _ in range(count):
        kind = rng.choice(list(GENERATORS))
        agency = rng.choice(AGENCIES)
        long = kind == "quyet_dinh" and rng.random() < long_share
        spec = quyet_dinh(rng, agency, long=True) if long else GENERATORS[kind](rng, agency)
        starts.append(len(pages) + 1)
        metadata.append(spec.metadata)
        pages += [degrade(page, profile, rng) for page in render(spec, rng).pages]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.{file_format}"
    _encode_pages(pages, file_format, path)
    return path, starts, metadata


def build_set(out_dir: Path, recipes: list[Recipe], seed: int, truth_dir: Path | None = None) -> list[dict[str, object]]:
    rng = random.Random(seed)
    truth_dir = truth_dir or out_dir / "truth"
    truth_dir.mkdir(parents=True, exist_ok=True)
    truths = []
    for recipe in recipes:
        truth = build_document(recipe, random.Random(rng.randint(0, 2**31)), out_dir)
        (truth_dir / f"{recipe.name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
        truths.append(truth)
    return truths

def random_recipes(count: int, seed: int, profiles: tuple[str, ...] = PROFILES) -> list[Recipe]:
    rng = random.Random(seed * 7919 + 1)
    recipes = []
    for index in range(count):
        kind = rng.choice(list(GENERATORS))
        profile = profiles[index % len(profiles)]
        file_format = rng.choice(["pdf", "tiff"]) if profile in ("fax",) else rng.choice(FORMATS)
        if profile == "fax":
            file_format = "tiff"
        long = kind == "quyet_dinh" and rng.random() < 0.25
        if long and file_format in ("jpg", "png"):
            file_format = "pdf"
        recipes.append(Recipe(f"{index:04d}-{kind}-{profile}", kind, profile, file_format, long=long))
    return recipes

def load_truth(truth_dir: Path) -> dict[str, dict[str, object]]:
    """Ground truth keyed by file path relative to the scans folder."""
    out = {}
    for path in sorted(truth_dir.glob("*.json")):
        data = json.loads(path.read_text())
        out[str(data["file"])] = data
    return out

def page_text(truth_page: dict[str, object]) -> str:
    return "\n".join(truth_page["lines"])  # type: ignore[arg-type]

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="output folder (scans, and truth/ inside it)")
    parser.add_argument("--count", type=int, default=20, help="documents to generate")
    parser.add_argument("--seed", type=int, default=1, help="random seed (use another one for held-out sets)")
    parser.add_argument("--profiles", default=",".join(PROFILES), help=f"comma-separated, from {','.join(PROFILES)}")
    parser.add_argument("--committed", action="store_true", help="rebuild the committed samples/ set")
    args = parser.parse_args(argv)
    if args.committed:
        scans = SAMPLES_DIR / "scans"
        if scans.exists():
            shutil.rmtree(scans)
        build_set(scans, COMMITTED, seed=2026, truth_dir=SAMPLES_DIR / "truth")
        size = sum(p.stat().st_size for p in scans.rglob("*") if p.is_file())
        print(f"samples/scans: {len(COMMITTED)} documents, {size / 1e6:.2f} MB")
        return 0
    if args.out is None:
        parser.error("--out is required unless --committed")
    profiles = tuple(p for p in args.profiles.split(",") if p)
    unknown = set(profiles) - set(PROFILES)
    if unknown:
        parser.error(f"unknown profiles: {sorted(unknown)}")
    truths = build_set(args.out, random_recipes(args.count, args.seed, profiles), args.seed)
    pages = sum(len(t["pages"]) for t in truths)  # type: ignore[arg-type]
    print(f"{args.out}: {len(truths)} documents, {pages} pages")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())

_ = np  # numpy arrays pass through this module's helpers
