"""The search backend the settings ask for, one per process: Elasticsearch when configured, else
the embedded index.

A backend is opened once and shared by every request and thread of the process (opening reads
nothing and writes nothing; readers follow writers' commits on their own). Never close it: it
lives as long as the process.
"""

from __future__ import annotations

import atexit
import threading

from indexing.records import SearchBackend
from pipeline.settings import Settings

_shared: dict[tuple[object, ...], SearchBackend] = {}
_shared_lock = threading.Lock()


def _key(settings: Settings) -> tuple[object, ...]:
    if settings.effective_backend == "elasticsearch":
        return ("elasticsearch", settings.es_url, settings.es_index_prefix, settings.es_api_key, settings.es_username,
                settings.es_password, settings.es_ca_certs, settings.es_verify_certs, settings.es_shards,
                settings.es_replicas, settings.es_timeout_seconds)  # fmt: skip
    return ("tantivy", settings.index_dir)


def shared_backend(settings: Settings) -> SearchBackend:
    key = _key(settings)
    backend = _shared.get(key)
    if backend is None:
        with _shared_lock:
            backend = _shared.get(key)
            if backend is None:
                backend = _shared[key] = _open(settings)
    return backend


def _open(settings: Settings) -> SearchBackend:
    if settings.effective_backend == "elasticsearch":
        from indexing.elastic_backend import ElasticsearchBackend

        assert settings.es_url  # Settings refuses the elasticsearch backend without a URL
        auth = (settings.es_username, settings.es_password) if settings.es_username else None
        return ElasticsearchBackend(
            settings.es_url, settings.es_index_prefix, shards=settings.es_shards, replicas=settings.es_replicas,
            timeout_s=settings.es_timeout_seconds, api_key=settings.es_api_key, basic_auth=auth,
            ca_certs=str(settings.es_ca_certs) if settings.es_ca_certs else None,
            verify_certs=settings.es_verify_certs,
        )  # fmt: skip
    from indexing.tantivy_backend import TantivyBackend

    return TantivyBackend(settings.index_dir, read_only_copies=settings.local_cache / "read-only-index")


@atexit.register
def _close_all() -> None:
    with _shared_lock:
        for backend in _shared.values():
            backend.close()
        _shared.clear()
