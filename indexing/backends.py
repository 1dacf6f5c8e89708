"""Open the search backend the settings ask for (the embedded Tantivy index by default)."""

from __future__ import annotations

from indexing.records import SearchBackend
from pipeline.settings import Settings


def open_backend(settings: Settings) -> SearchBackend:
    from indexing.tantivy_backend import TantivyBackend

    return TantivyBackend(settings.index_dir)
