"""Metadata of an ingested archive against the truth of the set it was made from, per field.

    .venv/bin/sohoa --home /tmp/rep11 ingest /tmp/independent-11/scans     # once: OCR
    .venv/bin/python benchmarks/metadata_archive.py --home /tmp/rep11 --truth /tmp/independent-11/truth
    .venv/bin/python benchmarks/metadata_archive.py ... --again              # this checkout's extraction
    .venv/bin/python benchmarks/metadata_archive.py ... --again --misses agency   # each with its confidence
    .venv/bin/python benchmarks/metadata_archive.py ... --by-profile        # where the misses lie

Without ``--again`` it scores what the archive stored (the extraction of the commit that ingested
it); with it, this checkout's extraction run again on the same stored pages: an extraction change
measured alone, on the very same OCR, in seconds. Accuracy where the truth has a value (NFC,
whitespace collapsed; lists as sets), and values invented where it has none; a field the truth
does not hold at all is not scored (samples/real records a signer only where someone read it).
``wrong_sure``: values wrong whose confidence stands at the review threshold or over
(``review_field_confidence``, 0.70): stored as sure, no clerk asked to confirm them — the misses
a user meets without warning (a value left empty, or under the threshold, goes to the review
queue). ``right_to_clerk``: values right but under the threshold, a clerk asked to confirm them
(the queue's cost). ``--by-profile``: the fields each capture profile of the set (print, fax, phone, photocopy …) got
right, "right/of", one line a profile under "by_profile". Prints, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIELDS = ("doc_type", "number", "issued_date", "agency", "subject", "signer", "signer_title", "signing_authority",
          "id_numbers", "people", "parent_agency", "place")


def _comparable(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(_comparable(v) for v in value)
    if value is None:
        return None
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip() or None


def main() -> int:
    from pipeline.catalog import Catalog
    from pipeline.extraction.fields import evidence_record, extract_metadata, metadata_record
    from pipeline.extraction.lines import page_from_text, page_from_words
    from pipeline.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, required=True, help="the archive (SOHOA_HOME) the set was ingested into")
    parser.add_argument("--truth", type=Path, required=True, help="the set's truth folder (one JSON per file)")
    parser.add_argument("--again", action="store_true", help="extract again with this checkout's code")
    parser.add_argument("--misses", nargs="*", default=[], metavar="FIELD", help="print the misses of these fields")
    parser.add_argument("--by-profile", action="store_true", help="also each capture profile's fields right, of those asked")
    args = parser.parse_args()
    truths, profiles = {}, {}
    for path in args.truth.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        truths[record["file"]] = record["metadata"]
        profiles[record["file"]] = record.get("profile", "?")
    by_profile: dict[str, dict[str, list[int]]] = {}
    right = dict.fromkeys(FIELDS, 0)
    asked = dict.fromkeys(FIELDS, 0)
    invented = dict.fromkeys(FIELDS, 0)
    empty = dict.fromkeys(FIELDS, 0)
    wrong_sure = dict.fromkeys(FIELDS, 0)
    right_to_clerk = dict.fromkeys(FIELDS, 0)
    threshold = load_settings(home=args.home).review_field_confidence
    with Catalog.for_reading(load_settings(home=args.home).catalog_location) as catalog:
        for document in catalog.iter_documents():
            truth = truths.get(Path(document.source_name).name)
            if truth is None:
                continue
            if args.again:
                views = [page_from_words(p.number, p.words, p.regions) if p.words else page_from_text(p.number, p.text)
                         for p in catalog.pages(document.id) if not p.error_class]  # fmt: skip
                extracted = extract_metadata(views)
                found = {**metadata_record(extracted), "evidence": evidence_record(extracted)}
            else:
                found = catalog.metadata(document.id)
            evidence = found.get("evidence", {})
            profile = by_profile.setdefault(profiles[Path(document.source_name).name], {field: [0, 0] for field in FIELDS})
            for field in (field for field in FIELDS if field in truth):  # a field nobody recorded is not scored
                want, got = _comparable(truth[field]), _comparable(found.get(field))
                if want in (None, []):
                    empty[field] += 1
                    invented[field] += got not in (None, [])
                    if got not in (None, []) and field in args.misses:  # invented: printed with the misses
                        print(f"{field} | {Path(document.source_name).name} | truth={want!r} | read={got!r}")
                    continue
                asked[field] += 1
                right[field] += want == got
                sure = evidence.get(field, {}).get("confidence", 0.0) >= threshold
                wrong_sure[field] += want != got and got not in (None, []) and sure
                right_to_clerk[field] += want == got and not sure
                profile[field][0] += want == got
                profile[field][1] += 1
                if want != got and field in args.misses:  # with its confidence: a wrong value stored as sure, or for a clerk
                    confidence = evidence.get(field, {}).get("confidence")
                    print(f"{field} | {Path(document.source_name).name} | truth={want!r} | read={got!r} | confidence={confidence}")
    scores: dict[str, Any] = {field: {"right": right[field], "of": asked[field],
                                      "accuracy": round(right[field] / asked[field], 3) if asked[field] else None,
                                      "invented": invented[field], "of_empty": empty[field],
                                      "wrong_sure": wrong_sure[field], "right_to_clerk": right_to_clerk[field]}
              for field in FIELDS}  # fmt: skip
    if args.by_profile:
        scores["by_profile"] = {name: " ".join(f"{field} {got}/{of}" for field, (got, of) in fields.items() if of)
                                for name, fields in sorted(by_profile.items())}  # fmt: skip
    print(json.dumps(scores, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
