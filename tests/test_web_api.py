"""The web app's routes against a real archive (real OCR, real index), through FastAPI's test client.

Authorization is checked for every route the app has, found by walking the app, so a new route
without a permission fails here.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from pipeline.catalog import PageRow
from pipeline.catalog.engine import shown
from pipeline.settings import load_settings
from search_ui.accounts import WebStore
from search_ui.app import create_app
from search_ui.auth import Require
from search_ui.views import mask_ids, page_image_path
from tests.conftest import SAMPLE_SCANS, catalog_of, run_sohoa, web_store_of
from tests.web_support import HOSTILE_TEXT, PASSWORD, USERS, WebArchive, login, sample_selection

pytestmark = pytest.mark.slow

PUBLIC = {("GET", "/login"), ("POST", "/login"), ("GET", "/openapi.json")}


@pytest.fixture(scope="module")
def archive(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> WebArchive:
    home = tmp_path_factory.mktemp("web-archive")
    scans = sample_selection(SAMPLE_SCANS, tmp_path_factory.mktemp("web-scans") / "Lô web")
    code, out = run_sohoa(home, "ingest", str(scans), "--json")
    assert code == 0, out
    summary = json.loads(out)
    documents = {Path(f["source"]).stem: f["document_id"] for f in summary["files_detail"]}
    tokens = {}
    with WebStore(load_settings(home=home).web_store_location) as store:
        for username, role in USERS.items():
            store.add_user(username, PASSWORD, [role])
            tokens[role] = store.create_token(username, "tests")
    return WebArchive(home, scans, tokens, documents)


@pytest.fixture(scope="module")
def client(archive: WebArchive) -> Iterator[TestClient]:
    app = create_app(load_settings(home=archive.home), run_jobs=False)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def as_role(role: str | None, archive: WebArchive) -> dict[str, str]:
    return {"authorization": f"Bearer {archive.tokens[role]}"} if role else {}


def _concrete(path: str, archive: WebArchive) -> str:
    values = {"document_id": archive.documents["quyet-dinh-van-phong"], "number": "1", "kind": "json",
              "job_id": "1", "username": "tracuu", "token_id": "999", "id_number": "074199454768"}  # fmt: skip
    return re.sub(r"{(\w+)}", lambda m: values[m[1]], path)


def _all_routes(routes: list[Any]) -> Iterator[Any]:
    """Every route, also those of included routers (which FastAPI may keep behind a wrapper)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _all_routes(inner.routes)
        else:
            yield route


def _routes(client: TestClient) -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for route in _all_routes(client.app.routes):  # type: ignore[attr-defined]
        if not isinstance(route, APIRoute):
            continue
        requires = [d.call for d in route.dependant.dependencies if isinstance(d.call, Require)]
        for method in sorted(route.methods - {"HEAD"}):
            if (method, route.path) in PUBLIC:
                assert not requires
                continue
            assert len(requires) == 1, f"{method} {route.path} declares no permission"
            found.append((method, route.path, requires[0].permissions))
    return found


def test_every_route_enforces_its_roles(client: TestClient, archive: WebArchive) -> None:
    from search_ui.accounts import PERMISSIONS

    routes = _routes(client)
    assert len(routes) >= 25
    client.cookies.clear()
    for method, path, permissions in routes:
        url = _concrete(path, archive)
        anonymous = client.request(method, url, follow_redirects=False)
        if path.startswith("/api/"):
            assert anonymous.status_code == 401, (method, path)
            assert anonymous.headers["www-authenticate"] == "Bearer"
        else:
            assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next="), path
        bad = client.request(method, url, headers={"authorization": "Bearer sohoa_not-a-token"}, follow_redirects=False)
        assert bad.status_code in (401, 303), (method, path)
        for role in ("clerk", "officer", "admin"):
            allowed = any(role in PERMISSIONS[p] for p in permissions)
            response = client.request(method, url, headers=as_role(role, archive), follow_redirects=False)
            if allowed:
                assert response.status_code not in (401, 403), (method, path, role, response.text[:200])
                assert response.status_code < 500, (method, path, role, response.text[:200])
            else:
                assert response.status_code == 403, (method, path, role)


def test_api_search_answers_as_the_command_line(client: TestClient, archive: WebArchive) -> None:
    code, out = run_sohoa(archive.home, "search", "ngo ngoc nga", "--json", "--limit", "5")
    assert code == 0
    expected = json.loads(out)
    response = client.get("/api/search", params={"q": "ngo ngoc nga", "limit": 5}, headers=as_role("officer", archive))
    assert response.status_code == 200
    assert response.json() == expected
    assert expected["hits"] and expected["hits"][0]["id"] == archive.documents["quyet-dinh-van-phong"]
    assert expected["hits"][0]["highlights"], "the matching words' boxes come with each hit"


def test_id_numbers_are_masked_for_admins_only(client: TestClient, archive: WebArchive) -> None:
    truth = json.loads((SAMPLE_SCANS.parent / "truth" / "quyet-dinh-van-phong.json").read_text())
    number = truth["metadata"]["id_numbers"][0]
    document_id = archive.documents["quyet-dinh-van-phong"]
    officer = client.get(f"/api/documents/{document_id}", headers=as_role("officer", archive)).json()
    admin = client.get(f"/api/documents/{document_id}", headers=as_role("admin", archive)).json()
    assert number in officer["metadata"]["id_numbers"]
    assert number in json.dumps(officer, ensure_ascii=False)
    assert number not in json.dumps(admin, ensure_ascii=False)
    assert mask_ids(number) in admin["metadata"]["id_numbers"]
    found = client.get("/api/search", params={"q": number}, headers=as_role("admin", archive)).json()
    assert found["hits"] and number not in json.dumps(found, ensure_ascii=False)
    page = client.get(f"/documents/{document_id}", headers=as_role("admin", archive))
    assert page.status_code == 200 and number not in page.text and "/pages/1/image" not in page.text
    assert client.get(f"/documents/{document_id}/pages/1/image", headers=as_role("admin", archive)).status_code == 403


def test_ocr_text_and_metadata_stay_text(client: TestClient, archive: WebArchive) -> None:
    document_id = archive.documents["thong-bao-thu-nghiem"]
    page = client.get(f"/documents/{document_id}", params={"q": "kiem tra"}, headers=as_role("officer", archive))
    assert page.status_code == 200
    assert "&lt;script&gt;alert(" in page.text
    assert "<script>alert(" not in page.text
    response = client.put(f"/api/documents/{document_id}/fields", json={"subject": HOSTILE_TEXT},
                          headers=as_role("clerk", archive))  # fmt: skip
    assert response.status_code == 200
    for url in (f"/documents/{document_id}", "/search?q=alert"):
        html = client.get(url, headers=as_role("officer", archive)).text
        assert "<script>alert(" not in html and "&lt;script&gt;" in html
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_correction_is_audited_and_searchable(client: TestClient, archive: WebArchive) -> None:
    document_id = archive.documents["cong-van-co-lop-chu"]
    response = client.put(f"/api/documents/{document_id}/fields", json={"signer": "Lâm Thị Kiều Trinh"},
                          headers=as_role("clerk", archive))  # fmt: skip
    assert response.status_code == 200
    hits = client.get("/api/search", params={"q": "lam thi kieu trinh", "records": "document"},
                      headers=as_role("officer", archive)).json()["hits"]  # fmt: skip
    assert [h["id"] for h in hits] == [document_id]
    document = client.get(f"/api/documents/{document_id}", headers=as_role("officer", archive)).json()
    assert document["corrections"][-1]["by"] == "vanthu"
    bad = client.put(f"/api/documents/{document_id}/fields", json={"issued_date": "31/02/2024"},
                     headers=as_role("clerk", archive))  # fmt: skip
    assert bad.status_code == 422 and "Ngày không hợp lệ" in bad.json()["detail"]
    with WebStore(web_store_of(archive.home)) as store:
        actions = {(r["username"], r["action"], r["target"]) for r in store.audit_entries(500)}
    assert ("vanthu", "edit", document_id) in actions
    assert ("tracuu", "view", document_id) in actions
    assert any(a[0] == "tracuu" and a[1] == "search" for a in actions)


def test_downloads(client: TestClient, archive: WebArchive) -> None:
    document_id = archive.documents["quyet-dinh-van-phong"]
    officer = as_role("officer", archive)
    original = client.get(f"/documents/{document_id}/download/original", headers=officer)
    assert original.content == (archive.scans / "quyet-dinh-van-phong.pdf").read_bytes()
    pdf = client.get(f"/api/documents/{document_id}/files/pdf", headers=officer)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    alto = zipfile.ZipFile(io.BytesIO(client.get(f"/api/documents/{document_id}/files/alto", headers=officer).content))
    assert [n for n in alto.namelist() if n.endswith(".alto.xml")]
    record = client.get(f"/api/documents/{document_id}/files/json", headers=officer).json()
    assert record["id"] == document_id and record["metadata"]["doc_type"] == "Quyết định"
    assert client.get(f"/api/documents/{document_id}/files/exe", headers=officer).status_code == 422
    with WebStore(web_store_of(archive.home)) as store:
        kinds = {json.loads(r["detail_json"]).get("kind") for r in store.audit_entries(500, action="download")}
    assert {"original", "pdf", "alto", "json"} <= kinds


def test_login_logout_csrf_and_lockout(client: TestClient, archive: WebArchive) -> None:
    csrf = login(client, "vanthu")
    assert client.get("/review").status_code == 200
    # A form posted without the session's CSRF token is refused; with it, accepted.
    refused = client.post("/logout", data={}, follow_redirects=False)
    assert refused.status_code == 403
    cookie = client.cookies.get("sohoa_session")
    done = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/login"
    client.cookies.set("sohoa_session", cookie or "")  # the old cookie no longer opens anything
    assert client.get("/review", follow_redirects=False).status_code == 303
    client.cookies.clear()
    # Wrong passwords: refused, recorded, and the account is locked after five.
    page = client.get("/login")
    for _ in range(5):
        login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
        page = client.post("/login", data={"username": "tracuu", "password": "sai-mat-khau", "login_csrf": login_csrf})
        assert page.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in page.text
    login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    locked = client.post("/login", data={"username": "tracuu", "password": PASSWORD, "login_csrf": login_csrf})
    assert locked.status_code == 429
    # Login without the login form's own token (a cross-site post) is refused before the password is checked.
    client.cookies.clear()
    assert client.post("/login", data={"username": "vanthu", "password": PASSWORD}).status_code == 400
    # An open redirect through ?next= is not possible.
    login_page = client.get("/login", params={"next": "//evil.example/x"})
    assert 'name="next" value="/"' in login_page.text


def test_session_cookie_flags(client: TestClient, archive: WebArchive) -> None:
    client.cookies.clear()
    page = client.get("/login")
    login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    response = client.post("/login", data={"username": "quantri", "password": PASSWORD, "login_csrf": login_csrf},
                           follow_redirects=False)  # fmt: skip
    header = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("sohoa_session="))
    assert "HttpOnly" in header and "SameSite=lax" in header
    assert response.headers["location"] == "/admin"
    secure = TestClient(client.app, base_url="https://testserver")
    page = secure.get("/login")
    login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    response = secure.post("/login", data={"username": "quantri", "password": PASSWORD, "login_csrf": login_csrf},
                           follow_redirects=False)  # fmt: skip
    header = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith("sohoa_session="))
    assert "Secure" in header


def test_uploads_are_checked_on_the_server(client: TestClient, archive: WebArchive) -> None:
    clerk = as_role("clerk", archive)
    pdf = (archive.scans / "cong-van-co-lop-chu.pdf").read_bytes()
    files: list[tuple[str, Any]] = [
        ("files", ("../../../etc/cong-van.pdf", pdf, "application/pdf")),
        ("files", ("ghi-chu.txt", b"khong phai ban quet", "text/plain")),
        ("files", ("rong.pdf", b"", "application/pdf")),
        ("files", ("bang.xlsx", b"PK\x03\x04" + b"\0" * 100, "application/pdf")),
        ("files", ("trung.pdf", pdf, "application/pdf")),
    ]
    response = client.post("/api/uploads", files=files, data={"batch": "Lô kiểm tra tải lên"}, headers=clerk)
    assert response.status_code == 202
    status = client.get(response.json()["status_url"], headers=clerk).json()
    rows = {r["path"]: r for r in status["files"]}
    assert rows["ghi-chu.txt"]["error_class"] == "unsupported"
    assert rows["rong.pdf"]["error_class"] == "empty"
    assert rows["bang.xlsx"]["error_class"] == "unsupported" and "Office" in rows["bang.xlsx"]["error_message"]
    accepted = sorted(p for p, r in rows.items() if r["state"] != "refused")
    assert accepted == ["etc/cong-van.pdf", "trung.pdf"]
    settings = load_settings(home=archive.home)
    root = settings.uploads_dir / str(status["job"]["id"])
    stored = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert stored == ["Lô kiểm tra tải lên/etc/cong-van.pdf", "Lô kiểm tra tải lên/trung.pdf"]
    assert status["job"]["state"] == "queued"  # this client runs no jobs; the browser test runs them
    # Folder paths sent by the page's script name the files; '..' cannot climb out.
    response = client.post("/api/uploads", files=files[:1] + files[4:], data={"paths": ["../a/b.pdf", "ho so/../../c.pdf"]},
                           headers=clerk)  # fmt: skip
    status = client.get(response.json()["status_url"], headers=clerk).json()
    assert sorted(r["path"] for r in status["files"]) == ["a/b.pdf", "ho so/c.pdf"]
    assert client.post("/api/uploads", data={"batch": "trống"}, headers=clerk).status_code == 422


def test_an_upload_with_very_long_folder_paths_keeps_every_file(client: TestClient, archive: WebArchive) -> None:
    """Finding 8: a folder path over 4,096 characters (or a name over 255 bytes: 120 Vietnamese
    letters can be 360) made the whole upload a 500 and discarded it. Now long names are shortened
    (extension kept, a digest keeps different paths apart) and every file is stored."""
    clerk = as_role("clerk", archive)
    pdf = (archive.scans / "cong-van-co-lop-chu.pdf").read_bytes()
    deep = "/".join(f"thư mục cấp {i} của hồ sơ đất đai phường" for i in range(120)) + "/a.pdf"
    assert len(deep) > 4096
    long_name = "Quyết định " + "ễ" * 200 + ".pdf"
    paths = [deep, deep.replace("cấp 60", "cấp sáu mươi"), f"hồ sơ/{long_name}", "ngắn.pdf"]
    files: list[tuple[str, Any]] = [("files", (f"f{i}.pdf", pdf, "application/pdf")) for i in range(len(paths))]
    response = client.post("/api/uploads", files=files, data={"paths": paths, "batch": "Lô dài"}, headers=clerk)
    assert response.status_code == 202, response.text
    status = client.get(response.json()["status_url"], headers=clerk).json()
    rows = status["files"]
    assert len(rows) == 4 and all(r["state"] != "refused" for r in rows), rows
    names = [r["path"] for r in rows]
    assert len(set(names)) == 4 and "ngắn.pdf" in names
    assert all(len(n.encode()) <= 1024 and all(len(c.encode()) <= 200 for c in n.split("/")) for n in names)
    assert all(n.endswith(".pdf") for n in names)
    assert any(n.startswith("hồ sơ/Quyết định ễ") for n in names)
    root = load_settings(home=archive.home).uploads_dir / str(status["job"]["id"])
    assert len([p for p in root.rglob("*.pdf") if p.is_file()]) == 4


def test_upload_limits(archive: WebArchive) -> None:
    settings = load_settings(home=archive.home, max_file_bytes=10_000, upload_max_request_bytes=200_000)
    app = create_app(settings, run_jobs=False)
    clerk = as_role("clerk", archive)
    pdf = (archive.scans / "quyet-dinh-van-phong.pdf").read_bytes()
    with TestClient(app) as small:
        too_big = small.post("/api/uploads", files=[("files", ("lon.pdf", pdf[:150_000], "application/pdf"))],
                             headers=clerk)  # fmt: skip
        assert too_big.status_code == 202
        row = small.get(too_big.json()["status_url"], headers=clerk).json()["files"][0]
        assert row["error_class"] == "too_large"
        whole = small.post("/api/uploads", files=[("files", ("a.pdf", b"%PDF-" + b"0" * 300_000, "application/pdf"))],
                           headers=clerk)  # fmt: skip
        assert whole.status_code == 413

    # Sent in chunks (no Content-Length): refused while it streams, 413 too, never a 500 (finding 7).
    def chunked() -> Iterator[bytes]:
        yield b'--B\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        for _ in range(30):
            yield b"%PDF" + b"0" * 10_000
        yield b"\r\n--B--\r\n"

    with TestClient(app, raise_server_exceptions=False) as small:
        streamed = small.post("/api/uploads", content=chunked(),
                              headers={**clerk, "content-type": "multipart/form-data; boundary=B"})  # fmt: skip
        assert streamed.status_code == 413 and "195 KB" in streamed.json()["detail"]


def test_page_images_only_from_the_pages_folder(archive: WebArchive) -> None:
    settings = load_settings(home=archive.home)
    page = PageRow("x", 1, 10, 10, 300, 0, 0.0, "ocr", "", 0.9, [], "/etc/passwd", None, None, None)
    assert page_image_path(settings, page) is None
    inside = next(settings.pages_dir.rglob("*.jpg"))
    assert page_image_path(settings, PageRow("x", 1, 10, 10, 300, 0, 0.0, "ocr", "", 0.9, [], str(inside), None,
                                             None, None)) == inside.resolve()  # fmt: skip
    key = inside.relative_to(archive.home).as_posix()  # pages are recorded by key now; old rows by path
    assert page_image_path(settings, PageRow("x", 1, 10, 10, 300, 0, 0.0, "ocr", "", 0.9, [], key, None, None, None)) == inside
    for outside in ("pages/../web.sqlite3", "originals/" + key[6:], "pages//x.jpg", "catalog.sqlite3"):
        assert page_image_path(settings, PageRow("x", 1, 10, 10, 300, 0, 0.0, "ocr", "", 0.9, [], outside, None, None,
                                                 None)) is None, outside  # fmt: skip


def test_admin_screens(client: TestClient, archive: WebArchive) -> None:
    admin = as_role("admin", archive)
    dashboard = client.get("/admin", headers=admin)
    assert dashboard.status_code == 200
    assert dashboard.text.count("<svg class=\"chart\"") == 3
    assert "Số trang xử lý mỗi giờ" in dashboard.text and "Phân bố độ tin cậy" in dashboard.text
    # Where the archive is kept, for an admin looking after it (the catalog's password would be hidden).
    assert f"<code>{html.escape(shown(catalog_of(archive.home)))}</code>" in dashboard.text and f"<code>{archive.home}</code>" in dashboard.text
    status = client.get("/api/status", headers=admin).json()
    assert status["documents_by_state"]["indexed"] >= 5
    index = status["index"]
    assert (index["backend"], index["in_step"], index["current"]) == ("tantivy", True, True)
    assert index["counts"] == index["catalog"] and index["counts"]["documents"] == status["documents_by_state"]["indexed"]
    assert "Chỉ mục khớp danh mục." in dashboard.text and str(index["counts"]["pages"]) in dashboard.text
    # Which machine read the pages (this one, by its host name), in the API and on the dashboard.
    import socket

    [machine] = status["workers"]
    assert machine["worker"] == socket.gethostname() and machine["pages_last_hour"] == index["catalog"]["pages"]
    assert f"<tr><td>{socket.gethostname()}</td><td>{machine['pages_last_hour']}</td>" in dashboard.text
    rebuild = client.post("/api/reindex", headers=admin)
    assert rebuild.status_code == 202
    job = client.get(rebuild.json()["status_url"], headers=admin).json()["job"]
    assert (job["kind"], job["state"]) == ("reindex", "queued")
    assert client.post("/api/reindex", headers=admin).json()["job_id"] == rebuild.json()["job_id"]  # one at a time
    assert client.app.state.runner.command_for({**job, "arguments": {}})[-1] == "reindex"  # type: ignore[attr-defined]
    retry = client.post("/api/retry", json={"error_class": "ocr_timeout"}, headers=admin)
    assert retry.status_code == 202
    queued = client.get(retry.json()["status_url"], headers=admin).json()["job"]
    assert (queued["kind"], queued["state"]) == ("retry", "queued")
    command = client.app.state.runner.command_for(  # type: ignore[attr-defined]
        {**queued, "arguments": {"error_class": "ocr_timeout"}})
    assert command[-3:] == ["retry", "--class", "ocr_timeout"]  # what the runner will run
    assert client.post("/api/retry", json={"error_class": "no-such"}, headers=admin).status_code == 422
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/uploads", "/api/documents/{document_id}", "/api/batches/{job_id}"} <= set(spec["paths"])
    assert not [p for p in spec["paths"] if not p.startswith("/api/")]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_users_command_and_tokens(archive: WebArchive, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("mot-mat-khau-dai\n"))
    code, _ = run_sohoa(archive.home, "users", "add", "nguoimoi", "--role", "officer", "--role", "clerk",
                        "--password-stdin", "--name", "Nguyễn Thị Mới")  # fmt: skip
    assert code == 0
    code, out = run_sohoa(archive.home, "users", "list", "--json")
    listed = {u["username"]: u for u in json.loads(out)}
    assert listed["nguoimoi"]["roles"] == ["clerk", "officer"] and listed["nguoimoi"]["full_name"] == "Nguyễn Thị Mới"
    with WebStore(web_store_of(archive.home)) as store:
        assert store.authenticate("nguoimoi", "mot-mat-khau-dai") is not None
        assert "mot-mat-khau-dai" not in json.dumps([dict(zip(r.keys(), r, strict=True)) for r in store.user_rows()])
    code, token = run_sohoa(archive.home, "users", "token", "nguoimoi", "--label", "một cửa")
    assert code == 0
    app = create_app(load_settings(home=archive.home), run_jobs=False)
    with TestClient(app) as api:
        headers = {"authorization": f"Bearer {token.strip()}"}
        assert api.get("/api/me", headers=headers).json()["permissions"] == ["read_scans", "review", "search", "see_ids", "upload"]
        assert run_sohoa(archive.home, "users", "disable", "nguoimoi")[0] == 0
        assert api.get("/api/me", headers=headers).status_code == 401
    monkeypatch.setattr("sys.stdin", io.StringIO("ngan\n"))
    assert run_sohoa(archive.home, "users", "add", "ngan", "--role", "clerk", "--password-stdin")[0] == 2
    assert run_sohoa(archive.home, "users", "disable", "quantri")[0] == 2, "the last admin cannot be disabled"


def test_an_interrupted_upload_job_runs_again_at_start(
    archive: WebArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job left 'running' by a stopped server is queued again and finishes; nothing is doubled."""
    import shutil
    import time

    from prefect.settings import PREFECT_API_URL

    from search_ui import jobs
    from search_ui.jobs import JobRunner, UploadedFile

    # The job's `sohoa ingest` finds a running Prefect server, as under `sohoa serve` (which keeps
    # one): the session's, instead of starting a temporary one of its own.
    monkeypatch.setenv("PREFECT_API_URL", str(PREFECT_API_URL.value()))

    settings = load_settings(home=archive.home)
    with WebStore(settings.web_store_location) as store:
        job_id = jobs.create_ingest_job(store, "Lô bị gián đoạn", "vanthu")
        root = jobs.job_root(settings, job_id, "Lô bị gián đoạn")
        root.mkdir(parents=True)
        shutil.copy2(archive.scans / "thong-bao-thu-nghiem.pdf", root / "da-co.pdf")  # already in the archive
        shutil.copy2(SAMPLE_SCANS / "thong-bao-lop-chu-rac.pdf", root / "moi.pdf")
        files = [UploadedFile("da-co.pdf", (root / "da-co.pdf").stat().st_size),
                 UploadedFile("moi.pdf", (root / "moi.pdf").stat().st_size)]  # fmt: skip
        jobs.queue_ingest_job(store, job_id, root, files, [])
        store.start_job(job_id, "2026-01-01T00:00:00+00:00")  # the server died here
        runner = JobRunner(settings, store)
        runner.start()
        try:
            deadline = time.monotonic() + 240
            while (record := jobs.job(store, job_id)) and record["state"] not in ("done", "failed"):
                assert time.monotonic() < deadline, "the job did not finish"
                time.sleep(1)
        finally:
            runner.stop()
        progress = jobs.job_progress(settings, record)
    assert record["state"] == "done" and record["exit_code"] == 0, record["summary"]
    states = {f["path"]: f["label"] for f in progress["files"]}
    assert states == {"da-co.pdf": "Trùng, đã có trong kho", "moi.pdf": "Hoàn tất"}
    assert progress["percent"] == 100
    assert not root.exists(), "the upload copy goes once every file is stored"
    code, out = run_sohoa(archive.home, "search", "Bùi Minh Phúc", "--json", "--per-document")
    assert code == 0 and len(json.loads(out)["hits"]) == 1


def test_idle_sessions_end(archive: WebArchive) -> None:
    import time

    app = create_app(load_settings(home=archive.home, session_hours=5 / 3600), run_jobs=False)  # five seconds
    with TestClient(app) as short:
        login(short, "vanthu")
        assert short.get("/review", follow_redirects=False).status_code == 200
        time.sleep(6)
        assert short.get("/review", follow_redirects=False).status_code == 303


def test_a_search_index_out_of_reach_is_a_503_with_a_message(archive: WebArchive) -> None:
    settings = load_settings(home=archive.home, es_url="http://127.0.0.1:9")  # nothing listens there
    with TestClient(create_app(settings, run_jobs=False), base_url="http://testserver") as unreachable:
        api = unreachable.get("/api/search?q=quyet+dinh", headers=as_role("officer", archive))
        assert api.status_code == 503 and api.headers["retry-after"] == "30"
        assert api.json() == {"detail": "Không kết nối được máy chủ tìm kiếm. Hãy thử lại sau ít phút.",
                              "error_class": "index_unavailable"}  # fmt: skip
        page = unreachable.get("/search?q=quyet+dinh", headers=as_role("officer", archive))
        assert page.status_code == 503 and "Tìm kiếm tạm thời gián đoạn" in page.text
        assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_findings_of_the_hostile_test(client: TestClient, archive: WebArchive) -> None:
    """Issue 12, findings 1, 2, 3 and 7: each failed before its fix."""
    officer, admin = as_role("officer", archive), as_role("admin", archive)
    # 1. Identifiers are masked for admins whatever their separators; an amount of money is not one.
    assert mask_ids("CCCD 079 203 001 234 hoặc 079.203.005.678, 079-203-001-234; vốn 590.000.000 đồng") == (
        "CCCD 079 *** *** *34 hoặc 079.***.***.*78, 079-***-***-*34; vốn 590.000.000 đồng"
    )
    # 2. A date that does not exist is a form error on the page, not a 500.
    for field, bad in (("from", "31/02/2024"), ("to", "abc")):
        page = client.get("/search", params={"q": "quyet dinh", field: bad}, headers=officer)
        assert page.status_code == 200 and "Ngày không hợp lệ" in page.text
    # 7. Numbers in URLs past what the catalog can hold are refused (422), never an overflow (500).
    document_id = archive.documents["quyet-dinh-van-phong"]
    huge = "99999999999999999999"
    for url, headers in ((f"/documents/{document_id}/pages/{huge}/image", officer),
                         (f"/documents/{document_id}/pages/{huge}/thumbnail", officer),
                         (f"/api/batches/{huge}", admin), (f"/batches/{huge}", admin)):  # fmt: skip
        response = client.get(url, headers=headers)
        assert response.status_code == 422, url
        assert "content-security-policy" in response.headers
    assert client.post(f"/admin/tokens/{huge}/revoke", headers=admin).status_code == 422


def test_a_name_typed_decomposed_is_the_same_name_for_the_lockout(archive: WebArchive) -> None:
    """Five wrong passwords for "hùng" lock "hu\\u0300ng" (NFD) too; before, the NFD form got five more."""
    import unicodedata

    with WebStore(load_settings(home=archive.home).web_store_location) as store:
        store.add_user("hùng", PASSWORD, ["officer"])
    app = create_app(load_settings(home=archive.home), run_jobs=False)
    with TestClient(app, base_url="http://testserver") as fresh:
        page = fresh.get("/login")
        for _ in range(5):
            token = re.search(r'name="login_csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
            page = fresh.post("/login", data={"username": "hùng", "password": "sai-mat-khau", "login_csrf": token})
            assert page.status_code == 401
        token = re.search(r'name="login_csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
        decomposed = unicodedata.normalize("NFD", "hùng")
        assert decomposed != "hùng"
        locked = fresh.post("/login", data={"username": decomposed, "password": PASSWORD, "login_csrf": token},
                            follow_redirects=False)  # fmt: skip
        assert locked.status_code == 429


def test_first_requests_at_the_same_moment_each_get_the_whole_file(archive: WebArchive) -> None:
    """Finding 6: eight requests for a document's searchable PDF and thumbnail before either is
    cached: each gets a whole file (one shared temporary name made 1 in 12 fail)."""
    import shutil
    import threading

    from pipeline.catalog import Catalog
    from search_ui.views import download, thumbnail

    settings = load_settings(home=archive.home)
    shutil.rmtree(settings.cache_dir, ignore_errors=True)
    document_id = archive.documents["quyet-dinh-van-phong"]
    results: list[bytes] = []
    errors: list[Exception] = []

    def ask() -> None:
        try:
            with Catalog(settings.catalog_location) as catalog:
                document = catalog.document(document_id)
                assert document is not None
                pdf = download(catalog, settings, document, "pdf")
                page = catalog.page(document_id, 1)
                assert page is not None and page.image_path and pdf.path
                image = page_image_path(settings, page)
                assert image is not None
                thumb = thumbnail(settings, page, image)
                results.append(pdf.path.read_bytes()[:4] + thumb.read_bytes()[:2])
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == [b"%PDF\xff\xd8"] * 8
    assert not [p for p in settings.cache_dir.rglob(".*") if p.is_file()]  # no partial file left behind


def test_a_batch_name_that_starts_with_a_dash_is_a_name(archive: WebArchive) -> None:
    """Finding 8: the job's command line read "--batch -Lô 1" as an option and the job failed."""
    from pipeline.cli import build_parser
    from search_ui.jobs import JobRunner

    runner = JobRunner(load_settings(home=archive.home), WebStore(load_settings(home=archive.home).web_store_location))
    command = runner.command_for({"kind": "ingest", "upload_dir": "/tmp/lo", "batch_name": "-Lô 1", "arguments": {}})
    args = build_parser().parse_args(command[3:])  # after: python -m pipeline.cli
    assert (args.command, args.batch, [str(p) for p in args.paths]) == ("ingest", "-Lô 1", ["/tmp/lo"])


def test_command_line_batches_times_and_stage_names_on_the_screens(client: TestClient, archive: WebArchive) -> None:
    """Finding 10: "Các lô" listed web uploads only, the CLI printed UTC and screens showed stage names in English."""
    batches = client.get("/batches", headers=as_role("clerk", archive))
    assert batches.status_code == 200 and "Lô nạp bằng dòng lệnh" in batches.text and archive.scans.name in batches.text
    dashboard = client.get("/admin", headers=as_role("admin", archive)).text
    assert "Nhận dạng (OCR)" in dashboard and "<td>ocr</td>" not in dashboard
    code, out = run_sohoa(archive.home, "status")
    assert code == 0 and "Làm sạch ảnh" in out and re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", out)
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", out)  # no raw UTC timestamps


def test_an_upload_cut_off_by_a_stop_fails_and_leaves_no_files_at_the_next_start(tmp_path: Path) -> None:
    """Finding 4: an upload job caught by a server kill (or a full disk) stayed 'uploading' forever,
    its files on disk. At the next start it fails with the reason, and upload folders of no waiting
    job are removed."""
    from search_ui import jobs
    from search_ui.jobs import JobRunner

    settings = load_settings(home=tmp_path / "home")
    with WebStore(settings.web_store_location) as store:
        cut = jobs.create_ingest_job(store, "Lô bị cắt", "vanthu")
        partial = jobs.job_root(settings, cut, "Lô bị cắt")
        partial.mkdir(parents=True)
        (partial / "nua-chung.pdf").write_bytes(b"%PDF-1.7 half")
        stray = settings.uploads_dir / "999"
        stray.mkdir()
        runner = JobRunner(settings, store)
        runner.start()
        runner.stop()
        record = jobs.job(store, cut)
    assert record is not None and record["state"] == "failed" and "gián đoạn" in record["message"]
    assert not partial.exists() and not stray.exists()


@pytest.mark.sqlite_catalog  # the fault is staged on the catalog's file
def test_an_unexpected_error_is_a_500_with_the_security_headers_and_no_trace(tmp_path: Path) -> None:
    """Finding 2: 500 pages came from Starlette's outer layer, without the CSP and other headers."""
    settings = load_settings(home=tmp_path / "home")
    settings.catalog_path.mkdir(parents=True)  # a folder where the catalog should be: every read fails
    with WebStore(settings.web_store_location) as store:
        store.add_user("tracuu", PASSWORD, ["officer"])
        token = store.create_token("tracuu", "tests")
    with TestClient(create_app(settings, run_jobs=False), raise_server_exceptions=False) as broken:
        for url in ("/api/search?q=quyet+dinh", "/search?q=quyet+dinh"):
            response = broken.get(url, headers={"authorization": f"Bearer {token}"})
            assert response.status_code == 500, url
            assert response.headers["content-security-policy"].startswith("default-src 'self'")
            assert response.headers["x-frame-options"] == "DENY"
            assert "báo quản trị" in response.text and "Traceback" not in response.text
