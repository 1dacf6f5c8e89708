"""Open the search backend the settings ask for: Elasticsearch when configured, else the embedded index."""

from __future__ import annotations

from indexing.records import SearchBackend
from pipeline.settings import Settings


def open_backend(settings: Settings) -> SearchBackend:
    if settings.effective_backend == "elasticsearch":
        if not settings.es_url:
            raise ValueError("SOHOA_SEARCH_BACKEND=elasticsearch needs SOHOA_ES_URL")
        from indexing.elastic_backend import ElasticsearchBackend

        auth = (settings.es_username, settings.es_password) if settings.es_username else None
        return ElasticsearchBackend(
            settings.es_url, settings.es_index_prefix, api_key=settings.es_api_key, basic_auth=auth,
            ca_certs=str(settings.es_ca_certs) if settings.es_ca_certs else None,
            verify_certs=settings.es_verify_certs,
        )  # fmt: skip
    from indexing.tantivy_backend import TantivyBackend

    return TantivyBackend(settings.index_dir)
