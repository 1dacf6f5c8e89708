"""The catalog's contract on both engines: the embedded SQLite file and a real PostgreSQL server
(scripts/postgres.sh, started by scripts/test.sh). Every test runs once per engine, with the same
calls and the same expectations: what differs between them is the catalog's business alone."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest

from ocr.words import StoredWord
from pipeline.catalog import Catalog, ClaimLostError, PageRow, StageRun


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    if request.param == "sqlite":
        return tmp_path / "catalog.sqlite3"
    return str(request.getfixturevalue("pg_database"))


def _sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def _page(document_id: str, number: int, text: str, *, error: str | None = None, confidence: float = 0.9) -> PageRow:
    words = [[word, 10 * i, 10, 9, 9, 91.5, 1, 1] for i, word in enumerate(text.split())]
    return PageRow(document_id, number, 2480, 3508, 300, 0, 0.25, "ocr", text, confidence, words, f"/p/{number}.jpg",
                   "fp1", error, "Trang hỏng." if error else None, flattened=number == 2,
                   regions=[{"kind": "body", "box": [1, 2, 3, 4], "lines": [1, 1]}])  # fmt: skip


def test_documents_pages_metadata_and_corrections(location: Path | str) -> None:
    with Catalog(location) as catalog:
        batch = catalog.ensure_batch("Lô 1")
        assert catalog.ensure_batch("Lô 1") == batch  # one batch per name
        document, created = catalog.add_document(_sha("a"), "quyết định.pdf", "hồ sơ 1", batch, 1234)
        again, created_again = catalog.add_document(_sha("a"), "other name.pdf", "", batch, 1)
        assert (created, created_again) == (True, False) and again.source_name == "quyết định.pdf"
        assert catalog.record_batch_file(batch, "/in/a.pdf", "a.pdf", document.id, "new") == "new"
        assert catalog.record_batch_file(batch, "/in/a.pdf", "a.pdf", document.id, "new") == "again"
        assert catalog.record_batch_file(batch, "/in/b.pdf", "b.pdf", None, "failed", "corrupt", "Tệp hỏng.") == "failed"
        # A file that failed, stored on a later run, takes that run's outcome.
        catalog.record_batch_file(batch, "/in/b.pdf", "b.pdf", document.id, "duplicate")
        files = {row["display_name"]: dict(row) for row in catalog.batch_files(batch)}
        assert files["b.pdf"]["outcome"] == "duplicate" and files["a.pdf"]["document_state"] == "stored"

        catalog.save_page(_page(document.id, 1, "bản đầu"))
        catalog.save_page(_page(document.id, 1, "Quyết định số 15/QĐ-UBND"))  # the later result replaces it
        catalog.save_page(_page(document.id, 2, "Điều 1. Luật", confidence=0.5))
        pages = catalog.pages(document.id)
        assert [(p.number, p.text, p.flattened) for p in pages] == [(1, "Quyết định số 15/QĐ-UBND", False),
                                                                    (2, "Điều 1. Luật", True)]  # fmt: skip
        assert pages[0].words[0] == StoredWord("Quyết", 0, 10, 9, 9, 91.5, 1, 1) and pages[0].skew_degrees == 0.25
        assert (pages[0].words[0].right, pages[0].words[0].line) == (9, 1)
        assert catalog.pages_done([document.id]) == {document.id: 2}
        assert catalog.page_fingerprints(document.id) == {1: "fp1", 2: "fp1"}
        assert [(r["number"], r["confidence"]) for r in catalog.pages_to_review(0.8)] == [(2, 0.5)]

        catalog.save_metadata(document.id, {"number": "14/QĐ-UBND", "dossier_code": "000.00.01.H57-240101-0001"}, "x1")
        catalog.save_metadata(document.id, {"number": "15/QĐ-UBND", "dossier_code": "000.00.01.H57-240101-0001"}, "x2")
        assert catalog.metadata(document.id)["number"] == "15/QĐ-UBND"
        assert catalog.documents_with_field("dossier_code", "000.00.01.H57-240101-0001") == {document.id}
        catalog.correct_field(document.id, "signer", "Nguyễn Văn Ánh", "thu.le")
        catalog.correct_field(document.id, "dossier_code", "000.00.01.H57-240101-0002", "thu.le")
        effective = catalog.effective_metadata(document.id)
        assert effective["signer"] == "Nguyễn Văn Ánh" and effective["number"] == "15/QĐ-UBND"
        assert catalog.documents_with_field("dossier_code", "000.00.01.H57-240101-0002") == {document.id}
        history = catalog.correction_history(document.id)
        assert [(r["field"], json.loads(r["previous_json"])) for r in history] == [
            ("signer", None), ("dossier_code", "000.00.01.H57-240101-0001")]  # fmt: skip
        assert catalog.state_counts() == {"stored": 1}


def test_failures_flags_and_the_index_view(location: Path | str) -> None:
    with Catalog(location) as catalog:
        batch = catalog.ensure_batch("Lô 2")
        ids = [catalog.add_document(_sha(n), f"{n}.pdf", "", batch, 10)[0].id for n in "abcd"]
        catalog.fail_document(ids[0], "ocr_timeout", "Quá thời gian nhận dạng.")
        catalog.save_page(_page(ids[0], 1, "trang tốt"))
        catalog.save_page(_page(ids[0], 2, "", error="ocr_crash"))
        for document_id in ids[1:]:
            catalog.save_page(_page(document_id, 1, "trang"))
            catalog.update_document(document_id, state="extracted", page_count=1)
        catalog.record_index_failure([ids[1]], "index_unavailable", "Chỉ mục không trả lời.")
        catalog.record_batch_file(batch, "/in/x.pdf", "x.pdf", None, "failed", "corrupt", "Tệp hỏng.")
        assert catalog.failures_by_class() == {"ocr_timeout": 1, "index_unavailable": 1, "corrupt": 1}

        assert catalog.index_expectation() == {"pages": 3, "documents": 3, "dossiers": 0}
        assert catalog.indexable_document_ids(None, 2) == sorted(ids[1:])[:2]
        assert catalog.count_indexable(sorted(ids[1:])[0]) == 2
        catalog.mark_indexed(ids[1:3])
        assert catalog.document(ids[1]).state == "indexed" and catalog.document(ids[1]).error_class is None

        back = catalog.reset_failed()
        assert back == [ids[0]]
        reset = catalog.document(ids[0])
        assert reset is not None and (reset.state, reset.error_class) == ("stored", None)
        assert [p.number for p in catalog.pages(ids[0])] == [1]  # the failed page is redone, the good one kept

        catalog.request_index_rebuild("lần một")
        catalog.request_index_rebuild("lần hai")
        requested = catalog.index_rebuild_requested()
        assert requested is not None and requested[0] == "lần hai"
        catalog.clear_index_rebuild(requested[1])
        assert catalog.index_rebuild_requested() is None

        catalog.record_stage("ocr", "2026-11-30T10:00:00+00:00", 1.5, "ok", ids[1], 1)
        catalog.record_stage("ocr", "2026-11-30T10:00:01+00:00", 0.5, "failed", ids[0], 2, "ocr_crash", "Lỗi.")
        summary = {r["stage"]: (r["runs"], r["failed"], r["total_s"]) for r in catalog.stage_summary()}
        assert summary == {"ocr": (2, 1, 2.0)}
        assert sum(catalog.pages_per_hour("2000-01-01").values()) == 4
        assert sum(catalog.confidence_histogram()) == 4


def test_split_files_near_duplicates_and_dossiers(location: Path | str) -> None:
    with Catalog(location) as catalog:
        batch = catalog.ensure_batch("Lô 3")
        stack = catalog.add_document(_sha("stack"), "xấp.pdf", "", batch, 10)[0]
        for number in range(1, 6):
            catalog.save_page(_page(stack.id, number, f"trang {number}"))
        catalog.update_document(stack.id, state="recognized", page_count=5)
        parts, gone = catalog.split_document(stack.id, [(1, 2), (3, 5)], "auto")
        assert gone == [] and len(parts) == 2
        assert [(p.first_page, p.last_page, p.page_count) for p in catalog.parts(stack.id)] == [(1, 2, 2), (3, 5, 3)]
        assert [p.text for p in catalog.pages(parts[1])] == ["trang 3", "trang 4", "trang 5"]
        assert catalog.files_split_by_machine()[0]["parts"] == 2
        kept, gone = catalog.split_document(stack.id, [(1, 3), (4, 5)], "thu.le")  # a clerk moves the cut
        assert kept[0] == parts[0] and gone == [parts[1]]
        assert [p.id for p in catalog.parts_superseded(stack.id)] == [parts[1]]

        first = catalog.add_document(_sha("one"), "một.pdf", "", batch, 10)[0]
        second = catalog.add_document(_sha("two"), "hai.pdf", "", batch, 10)[0]
        for document in (first, second):
            catalog.update_document(document.id, state="extracted")
            catalog.replace_document_keys(document.id, [("number", "15/qd-ubnd"), ("number", "15/qd-ubnd")])
        assert catalog.documents_sharing_keys(second.id) == [first.id]
        catalog.replace_near_duplicates(first.id, [(second.id, 0.97, "Cùng số, cùng nội dung")])
        catalog.replace_near_duplicates(first.id, [(second.id, 0.98, "Cùng số, cùng nội dung")])
        flagged = catalog.near_duplicates(waiting_only=True)
        assert [(f["document_id"], f["earlier_id"], f["similarity"]) for f in flagged] == [(second.id, first.id, 0.98)]
        assert catalog.decide_near_duplicate(second.id, first.id, "same", "thu.le")
        assert not catalog.decide_near_duplicate(first.id, second.id, "same", "thu.le")  # no such pair
        assert catalog.near_duplicates(waiting_only=True) == []

        catalog.mark_indexed([first.id, second.id])
        catalog.save_dossier("code:H57-1", {"id": "code:H57-1", "title": "Đăng ký hộ kinh doanh"}, [second.id, first.id])
        assert catalog.dossiers()[0]["documents"] == sorted([first.id, second.id])
        assert catalog.dossier_members(first.id) == sorted([first.id, second.id])
        assert catalog.dossier_ids_holding([second.id]) == ["code:H57-1"]
        assert catalog.dossier_of(first.id) == {"id": "code:H57-1", "title": "Đăng ký hộ kinh doanh"}
        catalog.index_dossier_members_again("code:H57-1")
        assert {catalog.document(first.id).state, catalog.document(second.id).state} == {"extracted"}  # type: ignore[union-attr]
        assert catalog.index_expectation()["dossiers"] == 1



def test_review_lists_are_bounded_and_counted_by_the_database(location: Path | str) -> None:
    """The review queue and the dashboard's histogram read a bounded number of rows, however many
    pages and fields wait: the worst first, with how many there are in all."""
    confidences = [0.05, 0.1, 0.3, 0.55, 0.7, 0.95, 1.0]
    with Catalog(location) as catalog:
        batch = catalog.ensure_batch("Lô 4")
        ids = []
        for n, confidence in enumerate(confidences):
            document = catalog.add_document(_sha(f"r{n}"), f"r{n}.pdf", "", batch, 1)[0]
            ids.append(document.id)
            catalog.save_page(_page(document.id, 1, "chữ", confidence=confidence))
            evidence = {"signer": {"confidence": confidence, "page": 1}, "number": {"confidence": 1.0, "page": 1}}
            catalog.save_metadata(document.id, {"signer": f"Người {n}", "evidence": evidence}, "x")
        expected = [0] * 10
        for confidence in confidences:
            expected[min(9, int(confidence * 10))] += 1
        assert catalog.confidence_histogram(10) == expected == [1, 1, 0, 1, 0, 1, 0, 1, 0, 2]
        worst = catalog.pages_to_review(0.8, limit=2)
        assert [r["confidence"] for r in worst] == [0.05, 0.1] and catalog.count_pages_to_review(0.8) == 5
        catalog.correct_field(ids[0], "signer", "Người đã sửa", "thu.le")  # a corrected field leaves the queue
        fields, total = catalog.fields_to_review(0.6, limit=2)
        assert total == 3 and [(f["document_id"], f["confidence"]) for f in fields] == [(ids[1], 0.1), (ids[2], 0.3)]


def test_documents_are_read_in_chunks_in_the_order_they_came(location: Path | str) -> None:
    """An export walks the archive a chunk at a time (keyset, not offset) and sees every document
    once, in arrival order, a split file's parts by page."""
    with Catalog(location) as catalog:
        batch = catalog.ensure_batch("Lô 5")
        made = [catalog.add_document(_sha(f"c{n}"), f"c{n}.pdf", "", batch, 1)[0].id for n in range(7)]
        stack = catalog.add_document(_sha("stack-c"), "xấp.pdf", "", batch, 1)[0]
        for number in range(1, 5):
            catalog.save_page(_page(stack.id, number, f"trang {number}"))
        catalog.update_document(stack.id, state="recognized", page_count=4)
        parts, _ = catalog.split_document(stack.id, [(1, 1), (2, 3), (4, 4)], "auto")
        whole = [d.id for d in catalog.documents()]
        assert whole == made + [stack.id, *parts]
        for chunk in (1, 2, 3, 100):
            assert [d.id for d in catalog.iter_documents(chunk=chunk)] == whole
        assert [d.id for d in catalog.iter_documents(states=["recognized"], chunk=2)] == parts

def test_writers_in_threads_lose_nothing(location: Path | str) -> None:
    """Eight threads, each with its own catalog, add documents and pages to one batch at once."""
    with Catalog(location) as catalog:
        batch = catalog.ensure_batch("Lô song song")
    failures: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            with Catalog(location) as mine:
                for n in range(15):
                    document, _ = mine.add_document(_sha(f"{worker}-{n}"), f"{worker}-{n}.pdf", "", batch, 1)
                    mine.add_document(_sha(f"shared-{n}"), "chung.pdf", "", batch, 1)  # all eight race for these
                    mine.save_page(_page(document.id, 1, f"trang {worker} {n}"))
                    mine.record_batch_file(batch, f"/in/{worker}-{n}", "x", document.id, "new")
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with Catalog(location) as catalog:
        assert catalog.state_counts() == {"stored": 8 * 15 + 15}
        assert len(catalog.batch_files(batch)) == 8 * 15
        assert sum(catalog.pages_done([d.id for d in catalog.documents()]).values()) == 8 * 15


def test_claims_give_each_document_to_one_worker_and_fence_a_silent_one(location: Path | str) -> None:
    """The pool's exactly-once rule, in the catalog: a held document is refused to others; a page is
    stored only under a claim that holds; a lapsed claim is queued once and taken over, after which
    the silent worker can store nothing more for it."""
    with Catalog(location) as catalog:
        batch = catalog.ensure_batch("Lô máy")
        d1, d2, d3 = (catalog.add_document(_sha(f"c{n}"), f"{n}.pdf", "", batch, 1)[0].id for n in range(3))
        assert catalog.claim([d1, d2], "a:1", 60, "máy-a") == [d1, d2]
        assert catalog.claim([d1, d2, d3], "b:1", 60, "máy-b") == [d3]  # held ones are refused
        catalog.save_page(_page(d1, 1, "trang của máy a"), worker="máy-a", claim="a:1", claim_seconds=60)
        with pytest.raises(ClaimLostError):
            catalog.save_page(_page(d1, 2, "máy b chen vào"), worker="máy-b", claim="b:1", claim_seconds=60)
        assert [p.number for p in catalog.pages(d1)] == [1]  # the refused page left nothing
        assert catalog.queue_lapsed_claims("t0", 60) == []  # nothing lapsed yet

        catalog.renew([d1, d2], "a:1", -1)  # máy a falls silent: its claims lapse
        taken = catalog.queue_lapsed_claims("t1", 60)
        assert sorted(taken) == sorted([d1, d2]) and catalog.queue_lapsed_claims("t2", 60) == []  # queued once
        assert catalog.claim([d1, d2], "b:2", 60, "máy-b") == [d1, d2]  # the new run takes the queued ones
        with pytest.raises(ClaimLostError):  # máy a wakes up: too late
            catalog.save_page(_page(d2, 1, "muộn"), worker="máy-a", claim="a:1", claim_seconds=60)
        catalog.save_page(_page(d2, 1, "máy b đọc"), [StageRun("ocr", "2026-01-01T00:00:00+00:00", 1.5, "ok")],
                          worker="máy-b", claim="b:2", claim_seconds=60)  # fmt: skip
        assert catalog.renew([d1, d2, d3], "a:1", 60) == []
        workers = {r["worker"]: (r["pages"], r["holding"]) for r in catalog.pages_by_worker("2000-01-01")}
        assert workers == {"máy-a": (1, 0), "máy-b": (1, 3)}, workers
        empty_ish = catalog.size_bytes()
        catalog.save_page(_page(d3, 1, "trang dài " * 2000))
        assert 0 < empty_ish < catalog.size_bytes()  # 20 KB of text more: the catalog says it takes more room
        catalog.release([d1, d2, d3], "b:2")
        catalog.release([d3], "b:1")
        assert catalog.claims() == []
        ocr_runs = [r for r in catalog.stage_summary() if r["stage"] == "ocr"]
        assert [(r["runs"], r["total_s"]) for r in ocr_runs] == [(1, 1.5)]

    # Eight runs race for the same forty documents: each goes to exactly one of them.
    with Catalog(location) as catalog:
        ids = [catalog.add_document(_sha(f"race{n}"), f"r{n}.pdf", "", batch, 1)[0].id for n in range(40)]
    held: dict[int, list[str]] = {}

    def take(run: int) -> None:
        with Catalog(location) as mine:
            held[run] = mine.claim(ids, f"run:{run}", 60, f"máy-{run}")

    threads = [threading.Thread(target=take, args=(r,)) for r in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [d for taken in held.values() for d in taken]
    assert sorted(everything) == sorted(ids), held


@pytest.mark.slow
@pytest.mark.postgresql_catalog
def test_the_samples_through_sohoa_with_a_postgresql_catalog(sohoa, home: Path, pg_database: str,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The whole pipeline with SOHOA_DATABASE_URL: nothing in a SQLite file, the same search (CLI
    and web app, whose users live in the same database), and a second run adds nothing."""
    from tests.conftest import SAMPLE_SCANS

    env = {"SOHOA_DATABASE_URL": pg_database}
    code, out = sohoa("ingest", str(SAMPLE_SCANS), "--batch", "Mẫu", "--json", env=env)
    assert code == 0, out
    assert not (home / "catalog.sqlite3").exists()
    code, out = sohoa("status", "--json", env=env)
    status = json.loads(out)
    assert code == 0 and status["documents_by_state"].get("indexed", 0) >= 10, status
    assert status["catalog"].startswith("postgresql") and "sohoa_t_" in status["catalog"]
    code, out = sohoa("search", "3844/QĐ-UBND", "--json", env=env)
    hits = json.loads(out)["hits"]
    assert code == 0 and hits and "3844" in json.dumps(hits, ensure_ascii=False)
    code, again = sohoa("ingest", str(SAMPLE_SCANS), "--batch", "Mẫu", "--json", env=env)
    assert code == 0, again
    code, out = sohoa("status", "--json", env=env)
    assert json.loads(out)["documents_by_state"] == status["documents_by_state"]  # resumed: nothing doubled

    # The web app on the same database: an officer signs in, finds the document and opens it.
    from fastapi.testclient import TestClient

    from pipeline.settings import load_settings
    from search_ui.accounts import WebStore
    from search_ui.app import create_app
    from tests.web_support import PASSWORD, login

    monkeypatch.setenv("SOHOA_DATABASE_URL", pg_database)
    settings = load_settings(home=home)
    with WebStore(settings.web_store_location) as store:
        store.add_user("tracuu", PASSWORD, ["officer"])
    with TestClient(create_app(settings, run_jobs=False), base_url="http://testserver") as client:
        login(client, "tracuu")
        found = client.get("/search", params={"q": "3844/QĐ-UBND"})
        assert found.status_code == 200
        document_id = hits[0]["id"]
        assert f"/documents/{document_id}" in found.text
        assert client.get(f"/documents/{document_id}").status_code == 200
    assert not (home / "catalog.sqlite3").exists() and not (home / "web.sqlite3").exists()


def test_the_web_store_on_both_engines(location: Path | str) -> None:
    """Users, sessions, API tokens, the audit log and jobs: the web app's store, beside the catalog
    (its own file on SQLite, the catalog's database on PostgreSQL)."""
    from search_ui.accounts import AccountError, WebStore
    from search_ui.jobs import create_ingest_job, job, queue_length, queue_reindex_job, queue_retry_job

    store_location = location if isinstance(location, str) else location.with_name("web.sqlite3")
    with WebStore(store_location) as store:
        clerk = store.add_user("Hu\u0300ng", "mat-khau-dai-du", ["clerk"], "Nguyễn Thị Hường")
        assert clerk.username == "hùng" and clerk.can("upload")
        with pytest.raises(AccountError):
            store.add_user("hùng", "mat-khau-dai-du", ["officer"])  # one name, whatever its Unicode form
        store.add_user("quantri", "mat-khau-dai-du", ["admin"])
        assert store.authenticate("HÙNG", "mat-khau-dai-du") == clerk
        assert store.authenticate("hùng", "sai-mat-khau-roi") is None
        token, _ = store.open_session(clerk, 8)
        assert store.session(token, 8) is not None and store.session("khác", 8) is None
        api = store.create_token("hùng", "máy quét")
        assert store.token_user(api) == clerk
        store.revoke_token(int(store.tokens()[0]["id"]))
        assert store.token_user(api) is None
        store.update_user("hùng", active=False)
        assert store.session(token, 8) is None  # signed out everywhere
        with pytest.raises(AccountError):
            store.update_user("quantri", active=False)  # the last admin stays
        store.audit("hùng", "login_failed", client="127.0.0.1")
        store.audit("hùng", "search", detail={"q": "Nguyễn Văn Ánh"})
        assert store.recent_failures("hùng") == 1
        assert [(e["action"], json.loads(e["detail_json"])) for e in store.audit_entries(username="hùng")] == [
            ("search", {"q": "Nguyễn Văn Ánh"}), ("login_failed", {})]  # fmt: skip
        first = create_ingest_job(store, "Lô 1", "hùng")
        second = queue_retry_job(store, "ocr_timeout", "hùng")
        third = queue_reindex_job(store, "quantri")
        assert first < second < third and queue_reindex_job(store, "quantri") == third  # one rebuild waits
        assert job(store, second)["kind"] == "retry" and queue_length(store) == 2  # type: ignore[index]


def test_the_web_store_outlives_a_dropped_database_connection(pg_database: str) -> None:
    """The web app keeps one store for its life: when the server drops that connection (a restart,
    an idle timeout), the next request opens a new one instead of failing until the app restarts."""
    import sqlalchemy as sa

    from search_ui.accounts import WebStore

    with WebStore(pg_database) as store:
        store.add_user("quantri", "mat-khau-dai-du", ["admin"])
        admin = sa.create_engine(pg_database, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            dropped = connection.exec_driver_sql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid != pg_backend_pid()").scalar()  # fmt: skip
        admin.dispose()
        assert dropped >= 1
        assert [u.username for u in store.users()] == ["quantri"]
        store.audit("quantri", "login")
        assert [e["action"] for e in store.audit_entries()] == ["login"]


def test_a_postgresql_catalog_made_before_alembic_is_taken_over_without_loss(pg_database: str) -> None:
    """A province's catalog made when the version was a ``catalog_version`` row (v7) is stamped v7
    by Alembic and upgraded to head; its documents stay, and the old marker is left as it was."""
    import sqlalchemy as sa

    from pipeline.catalog import documents, migrations
    from pipeline.catalog.engine import dispose_engines

    with Catalog(pg_database) as catalog:
        document, _ = catalog.add_document(_sha("cu"), "cu.pdf", "", catalog.ensure_batch("Lô cũ"), 10)
    engine = sa.create_engine(pg_database, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:  # as sohoa wrote it before Alembic
        connection.exec_driver_sql("DROP TABLE alembic_version")
        connection.exec_driver_sql("CREATE TABLE catalog_version (version INTEGER NOT NULL)")
        connection.exec_driver_sql("INSERT INTO catalog_version VALUES (7)")
    dispose_engines()
    documents._SCHEMA_READY.clear()  # a new process: the schema is checked again
    with Catalog(pg_database) as catalog:
        assert [d.id for d in catalog.documents()] == [document.id]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == migrations.head()
    engine.dispose()


def test_batches_and_failures_are_counted_by_the_database_and_bounded(location: Path | str) -> None:
    """What `sohoa status` and the admin dashboard show of batches and failed files: counted in SQL,
    the latest few only, whatever the size of the archive (before, every file of every batch was read)."""
    from pipeline.report import status_report

    with Catalog(location) as catalog:
        for number in range(3):
            batch = catalog.ensure_batch(f"Lô {number}")
            for index in range(4):
                name = f"lo{number}-tep{index}.pdf"
                if index == 3:  # refused at intake
                    catalog.record_batch_file(batch, f"/{name}", name, None, "failed", "corrupt", "Tệp hỏng.")
                    continue
                document, _ = catalog.add_document(_sha(name), name, "", batch, 10)
                catalog.record_batch_file(batch, f"/{name}", name, document.id, "new")
                if index == 2 and number == 1:
                    catalog.fail_document(document.id, "ocr_timeout", "Quá thời gian.")
        summaries, total = catalog.batch_summaries(limit=2)
        assert total == 3 and [r["name"] for r in summaries] == ["Lô 1", "Lô 2"]
        assert [(r["files"], r["new"], r["failed"]) for r in summaries] == [(4, 3, 2), (4, 3, 1)]
        failed, count = catalog.failed_files(limit=2)
        assert count == 4 and [(r["batch"], r["source"], r["error_class"]) for r in failed] == [
            ("Lô 1", "lo1-tep3.pdf", "corrupt"), ("Lô 2", "lo2-tep3.pdf", "corrupt")]  # fmt: skip
        report = status_report(catalog, review_limit=2)
        assert (report["batches_count"], report["failures_count"], len(report["failures"])) == (3, 4, 2)
        assert catalog.batch_named("Lô 2") is not None and catalog.batch_named("Lô 9") is None
