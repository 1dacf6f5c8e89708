"""The stages of a batch, one module each, in the order a document goes through them:

``intake`` → ``recognize`` (rasterize, clean, OCR per page, across worker processes) → ``split``
(a file holding several results) → ``extract`` → ``index``. ``plan`` says what the current code has
yet to do; ``contract`` is what every stage declares (``STAGE``: name, version, what it reads and
writes) and the one way its runs are recorded. ``flows.py`` runs the stages as Prefect tasks.

Each stage picks the documents whose state and fingerprints say they need it, so a killed run
resumes where it stopped and a finished document is never processed twice.
"""

from __future__ import annotations

from pipeline.stages.contract import Stage


def all_stages() -> list[Stage]:
    """Every stage's declaration, in order."""
    from pipeline.stages import extract, index, intake, recognize, split

    return [module.STAGE for module in (intake, recognize, split, extract, index)]
