"""Offices (issue 14, part 4): every batch and its documents belong to the office that sent it; users
of an office see its documents and those shared with it, in the catalog's answers and in the
search index's alike; admins (and users tied to no office) see every office's.

The walk: every route and API, called by users of two offices with the other office's documents,
jobs and words, finds none of them in any answer (hits, facets, counts, pages, thumbnails,
downloads, review lists, batches, a citizen's results)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pipeline.settings import load_settings
from search_ui.accounts import PERMISSIONS, WebStore
from search_ui.app import create_app
from tests.conftest import SAMPLE_SCANS, run_sohoa
from tests.test_web_api import _routes

pytestmark = pytest.mark.slow
PASSWORD = "mat-khau-thu-nghiem-1"
A, B = "P-DIAN", "P-TANDONG"
USERS = {  # username: (role, office)
    "vanthu_a": ("clerk", A), "tracuu_a": ("officer", A), "vanthu_b": ("clerk", B), "tracuu_b": ("officer", B),
    "tracuu_tinh": ("officer", ""), "quantri": ("admin", ""),
}  # fmt: skip
ROLE_OF = {name: role for name, (role, _) in USERS.items()}


class Offices:
    def __init__(self, home: Path, ids: dict[str, dict[str, str]], tokens: dict[str, str], names: dict[str, list[str]],
                 jobs: dict[str, int]) -> None:  # fmt: skip
        self.home, self.ids, self.tokens, self.names, self.jobs = home, ids, tokens, names, jobs

    def headers(self, username: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.tokens[username]}"}


def _ingest(home: Path, folder: Path, office: str) -> dict[str, str]:
    code, out = run_sohoa(home, "ingest", str(folder), "--office", office, "--json")
    assert code == 0, out
    return {Path(f["source"]).name: f["document_id"] for f in json.loads(out)["files_detail"]}


@pytest.fixture(scope="module")
def offices(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> Offices:
    root = tmp_path_factory.mktemp("offices")
    home = root / "home"
    assert run_sohoa(home, "offices", "add", A, "--name", "UBND phường Dĩ An")[0] == 0
    assert run_sohoa(home, "offices", "add", B, "--name", "UBND phường Tân Đông Hiệp")[0] == 0
    lo_a, lo_b = root / "Lô Dĩ An", root / "Lô Tân Đông Hiệp"
    shutil.copytree(SAMPLE_SCANS / "ho-so-mot-cua", lo_a / "ho-so-mot-cua")
    shutil.copy2(SAMPLE_SCANS / "quyet-dinh-van-phong.pdf", lo_a)
    lo_b.mkdir()
    for name in ("cong-van-co-lop-chu.pdf", "trich-luc-khai-sinh-fax.tiff"):
        shutil.copy2(SAMPLE_SCANS / name, lo_b)
    ids = {A: _ingest(home, lo_a, A), B: _ingest(home, lo_b, B)}
    tokens, jobs = {}, {}
    with WebStore(load_settings(home=home).web_store_location) as store:
        for username, (role, office) in USERS.items():
            store.add_user(username, PASSWORD, [role], office=office)
            tokens[username] = store.create_token(username, "tests")
        for office, clerk in ((A, "vanthu_a"), (B, "vanthu_b")):  # an upload of each office, waiting
            jobs[office] = store.insert_job("ingest", f"Lô web {office}", "queued", clerk, "2026-12-01T00:00:00",
                                            office=office)  # fmt: skip
    names = {office: list(found) for office, found in ids.items()}
    return Offices(home, {o: dict(found) for o, found in ids.items()}, tokens, names, jobs)


@pytest.fixture(scope="module")
def client(offices: Offices) -> Iterator[TestClient]:
    app = create_app(load_settings(home=offices.home), run_jobs=False)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def _leaks(text: str, offices: Offices, other: str) -> list[str]:
    """The other office's document ids, file names and job's batch found in an answer."""
    marks = [*offices.ids[other].values(), *(Path(n).stem for n in offices.names[other]), f"Lô web {other}"]
    return [m for m in marks if m in text]


def _concrete(path: str, document_id: str, job_id: int) -> str:
    values = {"document_id": document_id, "number": "1", "kind": "json", "job_id": str(job_id), "username": "tracuu_a",
              "token_id": "999", "id_number": "074199454768"}  # fmt: skip
    return re.sub(r"{(\w+)}", lambda m: values[m[1]], path)


def test_unknown_office_and_another_offices_batch_name_are_refused(offices: Offices, tmp_path: Path) -> None:
    folder = tmp_path / "lo"
    folder.mkdir()
    shutil.copy2(SAMPLE_SCANS / "quyet-dinh-van-phong.pdf", folder)
    assert run_sohoa(offices.home, "ingest", str(folder), "--office", "KHONG-CO")[0] == 1
    assert run_sohoa(offices.home, "ingest", str(folder), "--office", B, "--batch", "Lô Dĩ An")[0] == 1


def test_every_route_shows_an_office_nothing_of_another(client: TestClient, offices: Offices) -> None:
    routes = _routes(client)
    assert len(routes) >= 25
    searches = [f"/search?q={q}" for q in ("Quyết định", "ủy ban nhân dân", "2023", "phường")] + [
        f"/api/search?q={q}&records={r}&limit=100" for q in ("Quyết định", "ủy ban nhân dân", "hồ sơ", "phường")
        for r in ("page", "document", "dossier")
    ]  # fmt: skip
    checked = 0
    for mine, other in ((A, B), (B, A)):
        other_document = offices.ids[other][next(iter(offices.ids[other]))]
        own_document = offices.ids[mine][next(iter(offices.ids[mine]))]
        for username, (role, office) in USERS.items():
            if office != mine:
                continue
            headers = offices.headers(username)
            for method, path, permissions in routes:
                if not any(role in PERMISSIONS[p] for p in permissions):
                    continue
                # The other office's document and job: as if they did not exist.
                url = _concrete(path, other_document, offices.jobs[other])
                response = client.request(method, url, headers=headers, follow_redirects=False)
                if "{document_id}" in path or "{job_id}" in path:
                    assert response.status_code in (404, 422), (username, method, path, response.status_code)
                assert response.status_code < 500, (username, method, path, response.text[:300])
                assert not _leaks(response.text, offices, other), (username, method, path, _leaks(response.text, offices, other))
                checked += 1
                if method == "GET" and "{document_id}" in path:  # its own: there
                    own = client.get(_concrete(path, own_document, offices.jobs[mine]), headers=headers)
                    assert own.status_code == 200, (username, path, own.status_code, own.text[:200])
                    assert not _leaks(own.text, offices, other), (username, path)
            for url in searches:
                response = client.get(url, headers=headers)
                assert response.status_code == 200, (username, url)
                assert not _leaks(response.text, offices, other), (username, url, _leaks(response.text, offices, other))
    assert checked > 60


def test_search_counts_and_facets_are_an_offices_own(client: TestClient, offices: Offices) -> None:
    def search(username: str, how: str) -> dict[str, Any]:
        url = f"/api/search?q=Việt Nam&limit=100&{how}"
        return client.get(url, headers=offices.headers(username)).json()  # type: ignore[no-any-return]

    for how in ("records=page", "per_document=true"):
        every, a, b = (search(u, how) for u in ("tracuu_tinh", "tracuu_a", "tracuu_b"))
        assert a["total"] + b["total"] == every["total"] and a["total"] > 0 and b["total"] > 0
        assert {h["id"] for h in a["hits"]} <= set(offices.ids[A].values())
        assert {h["id"] for h in b["hits"]} <= set(offices.ids[B].values())
        for facet, counts in every.get("facets", {}).items():  # each office's facets add up to the whole
            for value, count in counts.items():
                assert a["facets"][facet].get(value, 0) + b["facets"][facet].get(value, 0) == count, (facet, value)


def test_a_citizens_results_are_those_the_office_may_see(client: TestClient, offices: Offices) -> None:
    receipt = offices.ids[A]["phieu-tiep-nhan-150dpi.jpg"]
    numbers = client.get(f"/api/documents/{receipt}", headers=offices.headers("tracuu_a")).json()["metadata"]["id_numbers"]
    assert numbers
    url = f"/api/citizens/{numbers[0]}?purpose=thử nghiệm cách ly đơn vị"
    assert receipt in {r["document_id"] for r in client.get(url, headers=offices.headers("tracuu_a")).json()["results"]}
    assert client.get(url, headers=offices.headers("tracuu_b")).json()["results"] == []
    assert receipt in {r["document_id"] for r in client.get(url, headers=offices.headers("tracuu_tinh")).json()["results"]}


def test_sharing_opens_an_office_to_another_and_unsharing_closes_it(client: TestClient, offices: Offices) -> None:
    decision = offices.ids[A]["quyet-dinh-van-phong.pdf"]
    reader = offices.headers("tracuu_b")
    assert client.get(f"/api/documents/{decision}", headers=reader).status_code == 404
    assert run_sohoa(offices.home, "offices", "share", A, B, "--by", "quantri")[0] == 0
    try:
        assert client.get(f"/api/documents/{decision}", headers=reader).status_code == 200
        hits = client.get("/api/search?q=Quyết định&records=document&limit=100", headers=reader).json()["hits"]
        assert decision in {h["id"] for h in hits}
        # Sharing goes one way: A's users still see nothing of B.
        other = offices.ids[B]["cong-van-co-lop-chu.pdf"]
        assert client.get(f"/api/documents/{other}", headers=offices.headers("tracuu_a")).status_code == 404
    finally:
        assert run_sohoa(offices.home, "offices", "unshare", A, B)[0] == 0
    assert client.get(f"/api/documents/{decision}", headers=reader).status_code == 404
    code, out = run_sohoa(offices.home, "offices", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and {o["code"] for o in listed["offices"]} == {A, B} and listed["shares"] == []


def test_admins_and_users_of_no_office_see_every_office(client: TestClient, offices: Offices) -> None:
    for username in ("quantri", "tracuu_tinh"):
        for office in (A, B):
            document = next(iter(offices.ids[office].values()))
            assert client.get(f"/api/documents/{document}", headers=offices.headers(username)).status_code == 200
    me = client.get("/api/me", headers=offices.headers("tracuu_b")).json()
    assert me["office"] == B and me["offices"] == [B]


def test_an_admin_sets_a_users_office_in_the_web_app(client: TestClient, offices: Offices) -> None:
    from tests.web_support import login

    csrf = login(client, "quantri", PASSWORD)
    page = client.get("/admin/users")
    assert "UBND phường Tân Đông Hiệp" in page.text
    moved = client.post("/admin/users/tracuu_tinh", data={"csrf_token": csrf, "action": "office", "office": B},
                        follow_redirects=False)  # fmt: skip
    assert moved.status_code == 303
    try:
        assert client.get("/api/me", headers=offices.headers("tracuu_tinh")).json()["offices"] == [B]
        refused = client.post("/admin/users/tracuu_tinh", data={"csrf_token": csrf, "action": "office",
                                                                "office": "KHONG-CO"}, follow_redirects=False)  # fmt: skip
        assert "error=" in refused.headers["location"]
        assert client.get("/api/me", headers=offices.headers("tracuu_tinh")).json()["offices"] == [B]
    finally:
        client.post("/admin/users/tracuu_tinh", data={"csrf_token": csrf, "action": "office", "office": ""})
        client.cookies.clear()
    assert client.get("/api/me", headers=offices.headers("tracuu_tinh")).json()["offices"] is None
