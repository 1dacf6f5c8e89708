"""32 officers searching at once through the real web server, on each backend: no error, every
known CCCD found first, and the index whole afterwards (an older sohoa returned 500s and deleted
the embedded index under this load). The five-minute run is benchmarks/load.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.load import backend_env, free_port, prepare_archive, run_load, serve

pytestmark = pytest.mark.slow

DOCUMENTS = 300


# The sessions and the catalog under load on PostgreSQL: the embedded index's case runs in both passes.
@pytest.mark.parametrize("backend", ["tantivy", pytest.param("elasticsearch", marks=[pytest.mark.elasticsearch, pytest.mark.catalog_agnostic])])
def test_thirty_two_officers_search_at_once(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    es_url = request.getfixturevalue("es_url") if backend == "elasticsearch" else None
    prefix = request.getfixturevalue("es_prefix") if backend == "elasticsearch" else ""
    env = backend_env(backend, es_url, prefix)
    tokens = prepare_archive(tmp_path / "home", DOCUMENTS, env)
    port = free_port()
    server = serve(tmp_path / "home", port, env)
    try:
        result = run_load(f"http://127.0.0.1:{port}", tokens, DOCUMENTS, clients=32, seconds=8, backend=backend)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(result.line())
    assert result.errors == []
    assert len(result.latencies_ms) > 100
    assert result.index_whole, result.index_detail
    assert result.index_detail["counts"] == {"pages": 2 * DOCUMENTS, "documents": DOCUMENTS, "dossiers": 0}
