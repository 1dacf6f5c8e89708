"""Fake system tools that misbehave, as OCRmyPDF's test plugins do: put the folder first on PATH
and sohoa's one wrapper per tool meets a tesseract or a pdftoppm that crashes, hangs, prints
bytes that are not UTF-8, is killed for memory, or fails with a message. Version queries go to
the real tool, so fingerprints stay what they are."""

from __future__ import annotations

import shutil
from pathlib import Path

BEHAVIOURS = {
    "crash": "kill -SEGV $$",
    "oom": "kill -KILL $$",  # what the kernel's OOM killer does
    "hang": "exec sleep 20",
    "fail": 'echo "Error in pixReadStream: Unknown format: no pix returned" >&2; exit 1',
    # Every "a" of the output becomes a byte that is not UTF-8: on standard output, or in the files
    # named after the output base (pytesseract reads <base>.tsv and <base>.osd).
    "bad_utf8": 'if [ "$2" = stdout ]; then "$REAL" "$@" | LC_ALL=C sed -e "s/a/\\xff/g"; else "$REAL" "$@" || exit; '
                'for f in "$2".tsv "$2".osd "$2".txt; do [ -f "$f" ] && LC_ALL=C sed -i -e "s/a/\\xff/g" "$f"; done; true; fi',
}


def fake_tool(folder: Path, name: str, behaviour: str) -> Path:
    """A script named ``name`` in ``folder`` that misbehaves as ``behaviour`` says."""
    real = shutil.which(name)
    assert real is not None, f"{name} must be installed for its fake to delegate to it"
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(
        "#!/bin/bash\n"
        f"REAL={real}\n"
        'case "$1" in --version|-v|--list-langs) exec "$REAL" "$@";; esac\n'
        f"{BEHAVIOURS[behaviour]}\n"
    )
    script.chmod(0o755)
    return script
