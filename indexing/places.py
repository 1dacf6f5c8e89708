"""The national list of administrative units: a unit in an agency's name spelled as the list spells
it (``pipeline.extraction``), a place's name read with a mark wrong chosen by it (``ocr.language``).

A People's Committee, its offices and the units under it are named by their unit ("ỦY BAN NHÂN
DÂN PHƯỜNG NGHI THỦY", "UBND THỊ XÃ CỬA LÒ"). OCR slips on the marks of those names ("CỦA LÒ",
"MỸ PHỦ"), on the unit's word ("DHƯỜNG") and puts scraps after them (a date line read into the
header: "… XÃ PHONG THẠNH ĐÔNG Ơ -DÔHNƠ TU"). The list settles them: the unit read is the one whose
name folds (marks dropped) to the same letters, and nothing after a unit's whole name belongs to it
when no unit's name goes on that way.

The list: the General Statistics Office's list of administrative units (danh mục đơn vị hành chính;
an official list, no object of copyright: Law on Intellectual Property, Art. 15), as packaged by
vietnam-provinces (Nguyễn Hồng Quân, https://github.com/sunshine-tech/VietnamProvinces), its data
files only, in three editions so documents of past years find the units of their day: 0.3.0
(February 2021), 0.6.0 (January 2025; provinces, districts, wards) and 2025.10.1 (after the July
2025 reorganisation; provinces and wards). ``scripts/setup.sh`` installs them under
``.venv/share/sohoa/administrative-units``; without them names stay as read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indexing import syllables, vietnamese
from indexing.vietnamese import fold, normalize

log = logging.getLogger(__name__)

UNIT_LISTS = Path(sys.prefix) / "share" / "sohoa" / "administrative-units"
LIST_FILE = Path("vietnam_provinces") / "data" / "nested-divisions.json"
# The register, built once and kept beside the lists: every OCR worker builds it as it starts, at
# every batch, and a command's own process once more for the extraction (0.22 s of CPU each; read
# back, 0.01 s). Built again when a list or the code that builds it changes.
REGISTER_FILE = "register.pickle"
# A unit's kind as the list writes it, and as a header does.
KINDS = {
    "tỉnh": "TỈNH", "thành phố trung ương": "THÀNH PHỐ", "thành phố": "THÀNH PHỐ", "quận": "QUẬN",
    "huyện": "HUYỆN", "thị xã": "THỊ XÃ", "phường": "PHƯỜNG", "xã": "XÃ", "thị trấn": "THỊ TRẤN",
    "đặc khu": "ĐẶC KHU",
}  # fmt: skip
LONGEST_NAME = 8  # words of a unit's kind and name together ("THÀNH PHỐ PHAN RANG - THÁP CHÀM": 7)


@dataclass(frozen=True, slots=True)
class Register:
    spellings: dict[str, frozenset[str]]  # folded "phuong nghi thuy" -> {"PHƯỜNG NGHI THỦY"}
    beginnings: frozenset[str]  # every folded start of a unit's full name, words whole
    names: frozenset[str]  # the units' names without their kind: "NGHI THỦY", "CỬA LÒ"


def _units(source: Path) -> list[tuple[str, str]]:
    """(kind, name) of every unit of one edition, the kind as the list writes it."""
    units = []

    def add(unit: dict[str, object]) -> None:
        kind, name = str(unit["division_type"]), str(unit["name"])
        if name.lower().startswith(kind.replace(" trung ương", "")):
            name = name[len(kind.replace(" trung ương", "")) :].strip()
        units.append((kind, name))

    for province in json.loads(source.read_text(encoding="utf-8")):
        add(province)
        for district in province.get("districts", []):
            add(district)
            for ward in district["wards"]:
                add(ward)
        for ward in province.get("wards", []):
            add(ward)
    return units


@lru_cache(maxsize=1)
def register() -> Register:
    """Every unit of every edition installed, by its folded full name (kept beside the lists:
    ``_kept_built``)."""
    sources = sorted(UNIT_LISTS.glob(f"*/{LIST_FILE}"))
    if not sources:
        log.warning("The list of administrative units is missing (scripts/setup.sh installs it): "
                    "agencies' units are spelled as read")  # fmt: skip
        return _built(sources)
    return _kept_built(sources, UNIT_LISTS / REGISTER_FILE)


def _kept_built(sources: list[Path], kept: Path) -> Register:
    """The register built from ``sources``, read from ``kept`` when that was built from the same
    lists by the same code; built and written there otherwise (where it cannot be written, as on a
    read-only installation, it is only built)."""
    key = _register_key(sources)
    try:
        stored_key, stored = pickle.loads(kept.read_bytes())
        if stored_key == key and isinstance(stored, Register):
            return stored
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError, KeyError):
        pass  # none yet, or unreadable: built again
    built = _built(sources)
    try:
        handle, written = tempfile.mkstemp(dir=kept.parent, prefix=".register-")
    except OSError:
        return built
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps((key, built), protocol=pickle.HIGHEST_PROTOCOL))
        os.chmod(written, 0o644)  # every user of the installation reads it (mkstemp made it the owner's)
        os.replace(written, kept)  # whole or not at all: workers starting together read one or the other
    except OSError:
        Path(written).unlink(missing_ok=True)
    return built


def _register_key(sources: list[Path]) -> str:
    """What the register is built from: the lists (each file's path, size and time) and the code
    that reads, normalizes and folds them."""
    digest = hashlib.sha256(sys.version.encode())  # Unicode's tables are Python's
    for code in (Path(__file__), Path(vietnamese.__file__), Path(syllables.__file__)):
        digest.update(code.read_bytes())
    for source in sources:
        stat = source.stat()
        digest.update(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _built(sources: list[Path]) -> Register:
    spellings: dict[str, set[str]] = {}
    names: set[str] = set()
    # Most units stand in every edition: each (kind, name) is spelled once.
    units = {(KINDS[kind], name) for source in sources for kind, name in _units(source) if kind in KINDS}
    for written, name in units:
        name = normalize(name).upper()
        names.add(name)
        spelling = f"{written} {name}"
        spellings.setdefault(unit_key(spelling.split()), set()).add(spelling)
    beginnings = {" ".join(key.split()[:size]) for key in spellings for size in range(1, len(key.split()) + 1)}
    return Register({key: frozenset(found) for key, found in spellings.items()}, frozenset(beginnings), frozenset(names))


def unit_key(words: list[str]) -> str:
    """Words as the register finds them: folded, without the marks a scan puts around them."""
    return " ".join(w for w in (fold(word).strip(".,:;'\"|“”‘’!?") for word in words) if w)



@dataclass(frozen=True, slots=True)
class UnitFound:
    start: int  # the unit's first word in the words given
    end: int  # one past its last
    spelling: str  # as the list spells it; the words as read when the list has several spellings
    last: bool  # nothing after ``end`` can be more of a unit's name


def unit_in(words: list[str], start: int, kind_size: int, kind: str | None = None) -> UnitFound | None:
    """The longest unit of the list named by ``words[start:]``, whose kind takes ``kind_size`` words
    there (``kind``: the kind meant, when the words read it wrong: "DHƯỜNG" for PHƯỜNG)."""
    units = register()
    head = kind.split() if kind is not None else words[start : start + kind_size]
    for end in range(min(len(words), start + LONGEST_NAME), start + kind_size, -1):
        key = unit_key([*head, *words[start + kind_size : end]])
        found = units.spellings.get(key)
        if not found:
            continue
        read = " ".join([*head, *words[start + kind_size : end]]).upper()
        if len(found) == 1:
            spelling = next(iter(found))
        else:  # "XÃ AN PHÚ" and "XÃ AN PHỤ" fold alike: the list cannot tell which was printed
            spelling = read if normalize(read) in found else " ".join(words[start:end])
        nxt = unit_key(words[end : end + 1])
        return UnitFound(start, end, spelling, last=not nxt or f"{key} {nxt}" not in units.beginnings)
    return None
