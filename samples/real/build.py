"""Build the set of real documents (samples/real/README.md): published results of a province,
taken byte for byte from where they were found, with the metadata a clerk would record.

    bash scripts/real-corpus.sh --out /tmp/real                                   # downloads them
    bash scripts/real-corpus.sh --out /tmp/real --mirror /path/to/OCR_LOCAL_VBHC.git  # from a clone

Every file is checked against its Git blob hash before it is used. Writes, as the other sets do,
scans/ and truth/<name>.json:

- a scanned document (``"kind": "scan"``) as published, or its first document's pages where the
  file holds more (``pages``); its truth holds the metadata only (no text: nobody typed it);
- a document made in Word (``"kind": "text"``) rasterized without its text layer, gray, at 300
  and at 200 dpi, one multi-page TIFF each; its truth holds its text layer, page by page (what
  ``pdftotext`` gives, NFC, in the traditional tone convention sohoa stores), and the metadata.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tempfile
import unicodedata
import urllib.parse
import urllib.request
from pathlib import Path

from PIL import Image

from samples.evaluation import traditional_tones

HERE = Path(__file__).resolve().parent
RASTER_DPI = (300, 200)  # a document made in Word, as printed and scanned at these
RAW_URL = "https://raw.githubusercontent.com/{repository}/{commit}/{path}"


def _blob_hash(data: bytes) -> str:
    """Git's hash of a file's bytes (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _fetched(source: dict[str, str], document: dict[str, object], mirror: Path | None) -> bytes:
    """The document's bytes, from a clone of the source repository or downloaded at its commit;
    refused unless they hash to the blob recorded."""
    if mirror is not None:
        data = subprocess.run(["git", "--git-dir", str(mirror), "cat-file", "blob", str(document["blob"])],
                              check=True, capture_output=True).stdout  # fmt: skip
    else:
        url = RAW_URL.format(repository=source["repository"], commit=source["commit"],
                             path=urllib.parse.quote(str(document["path"])))  # fmt: skip
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
    if _blob_hash(data) != document["blob"]:
        raise ValueError(f"{document['path']}: not the file recorded (blob {document['blob']})")
    return data


def _first_document(pdf: Path, pages: list[int], target: Path, scratch: Path) -> None:
    """Pages ``pages[0]``–``pages[1]`` of ``pdf``, as poppler separates them (streams untouched)."""
    first, last = pages
    subprocess.run(["pdfseparate", "-f", str(first), "-l", str(last), str(pdf), str(scratch / "page-%d.pdf")], check=True)
    parts = [scratch / f"page-{n}.pdf" for n in range(first, last + 1)]
    if len(parts) == 1:
        target.write_bytes(parts[0].read_bytes())
    else:
        subprocess.run(["pdfunite", *map(str, parts), str(target)], check=True)


def _text_layer(pdf: Path, page: int) -> list[str]:
    """The page's text layer, line by line: NFC, traditional tones, blank lines dropped."""
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout  # fmt: skip
    lines = (" ".join(line.split()) for line in unicodedata.normalize("NFC", text).splitlines())
    return [traditional_tones(line) for line in lines if line]


def _rasterized(pdf: Path, dpi: int, target: Path, scratch: Path) -> int:
    """Every page gray at ``dpi`` into one LZW TIFF; the page count."""
    for old in scratch.glob("raster-*"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(scratch / "raster")], check=True)
    pages = [Image.open(path) for path in sorted(scratch.glob("raster-*"))]
    pages[0].save(target, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    return len(pages)


def build(out: Path, mirror: Path | None) -> None:
    manifest = json.loads((HERE / "documents.json").read_text(encoding="utf-8"))
    source = manifest["source"]
    (out / "scans").mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for document in manifest["documents"]:
            original = scratch / "original.pdf"
            original.write_bytes(_fetched(source, document, mirror))
            origin = {"repository": source["repository"], "commit": source["commit"], "path": document["path"],
                      "blob": document["blob"]}  # fmt: skip
            if document["kind"] == "scan":
                name = f"{document['id']}.pdf"
                if "pages" in document:
                    _first_document(original, document["pages"], out / "scans" / name, scratch)
                else:
                    (out / "scans" / name).write_bytes(original.read_bytes())
                records = [(name, document["profile"], [])]
            else:
                records = []
                for dpi in RASTER_DPI:
                    name = f"{document['id']}-{dpi}dpi.tiff"
                    count = _rasterized(original, dpi, out / "scans" / name, scratch)
                    pages = [{"number": n, "lines": _text_layer(original, n)} for n in range(1, count + 1)]
                    records.append((name, f"{document['profile']}-{dpi}dpi", pages))
            for name, profile, pages in records:
                record = {"file": name, "profile": profile, "made_by": "samples.real (published documents)",
                          "source": origin, "pages": pages, "metadata": document["metadata"]}  # fmt: skip
                (out / "truth" / f"{Path(name).stem}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
                print(f"{name}  {profile}  {len(pages) or 'metadata only'}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--mirror", type=Path, help="a clone (its git directory) of the source repository")
    args = parser.parse_args(argv)
    try:
        build(args.out, args.mirror)
    except OSError as exc:  # urllib's URLError among them
        raise SystemExit(f"Could not fetch the documents ({exc}): give --mirror a clone of the source repository "
                         "(git clone --bare https://github.com/QuangDuyxyz/OCR_LOCAL_VBHC).") from exc
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
