"""The web app in a real browser (Debian's Chromium driven by Playwright) against ``sohoa serve``.

A clerk uploads scans and watches them processed (real OCR in the background job), an officer's
search without diacritics finds the page and the hit is marked on the scan, a clerk corrects a field
and the correction is searchable, a user of the wrong role is refused, the admin sees the dashboard.
Screenshots of the main screens go to $SCREENSHOT_DIR (docs/screenshots/ for the README).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.settings import load_settings
from search_ui.accounts import WebStore
from tests.conftest import SAMPLE_SCANS
from tests.web_support import FULL_NAMES, PASSWORD, USERS

# The pages, forms and scripts in a browser; the routes under them run on both catalog engines in
# test_web_api.py, so this runs in the SQLite pass only.
pytestmark = [pytest.mark.slow, pytest.mark.catalog_agnostic]

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():  # scripts/setup.sh --dev installs it; say so rather than fail obscurely
    pytest.skip("Debian's chromium is not installed (bash scripts/setup.sh --dev installs it)", allow_module_level=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "vi-VN"}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path_factory.mktemp("screenshots"))
    target.mkdir(parents=True, exist_ok=True)
    return target


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``sohoa serve`` in its own process, on an empty archive with one user per role."""
    home = tmp_path_factory.mktemp("served")
    with WebStore(load_settings(home=home).web_store_location) as store:
        for username, role in USERS.items():
            store.add_user(username, PASSWORD, [role], full_name=FULL_NAMES[username])
    port = _free_port()
    log = (home / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--home", str(home), "serve", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/login", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((home / "serve.log").read_text()) from None
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()


def log_in(page: Any, url: str, username: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login")


def test_clerk_officer_and_admin_in_a_browser(page: Any, server: str, screenshots: Path, tmp_path: Path) -> None:
    page.set_default_timeout(30_000)
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("không phải bản quét", encoding="utf-8")

    # Clerk: upload three files (one is not a scan), watch the batch until it is done.
    log_in(page, server, "vanthu")
    assert page.url.endswith("/search")
    page.get_by_role("link", name="Tải lên").click()
    page.locator("#file-input").set_input_files(
        [SAMPLE_SCANS / "quyet-dinh-van-phong.pdf", SAMPLE_SCANS / "cong-van-co-lop-chu.pdf", notes]
    )
    page.get_by_label("Tên lô").fill("Lô thử trình duyệt")
    assert "3 tệp" in page.locator("#chosen").inner_text()
    page.screenshot(path=screenshots / "tai-len.png")
    page.get_by_role("button", name="Tải lên và xử lý").click()
    page.wait_for_url("**/batches/*")
    page.wait_for_selector('.batch-summary[data-state="done"]', timeout=300_000)  # the page refreshes itself
    rows = {row.locator("td").nth(0).inner_text(): row.inner_text() for row in page.locator("table.files tbody tr").all()}
    assert "Hoàn tất" in rows["quyet-dinh-van-phong.pdf"] and "Hoàn tất" in rows["cong-van-co-lop-chu.pdf"]
    assert "Bị từ chối" in rows["ghi-chu.txt"] and "Tệp văn bản thuần" in rows["ghi-chu.txt"]
    assert page.locator("progress").first.get_attribute("value") == "100"
    page.screenshot(path=screenshots / "tien-do-lo.png", full_page=True)

    # Search without diacritics; the hit shows its page number and the matched words marked.
    page.get_by_role("link", name="Tìm kiếm").click()
    page.get_by_label("Nội dung tìm kiếm").fill("ngo ngoc nga")
    page.get_by_role("button", name="Tìm", exact=True).click()
    first = page.locator("li.hit").first
    assert "Quyết định" in first.locator(".hit-title").inner_text()
    assert "trang 1" in first.inner_text()
    assert {m.lower() for m in first.locator(".snippet mark").all_inner_texts()} >= {"ngô", "ngọc", "nga"}
    page.screenshot(path=screenshots / "tim-kiem.png")

    # Open the hit: the scan with the matching words highlighted from the OCR boxes.
    first.locator(".hit-title a").click()
    page.wait_for_selector("figure.page img")
    # Waited for from here, not with wait_for_function: its polling evaluates a string in the page,
    # which the app's Content Security Policy (no 'unsafe-eval') refuses when the image is not there yet.
    scan = page.locator("figure.page img")
    for _ in range(200):
        if scan.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(50)
    assert scan.evaluate("img => img.naturalWidth") > 0
    highlights = page.locator("svg.overlay rect.hl")
    assert highlights.count() >= 3
    box = highlights.first.bounding_box()
    image_box = page.locator("figure.page img").first.bounding_box()
    assert box and image_box and box["width"] > 5 and box["height"] > 5
    assert image_box["x"] <= box["x"] <= image_box["x"] + image_box["width"]
    assert "074199454768" in page.locator("dl.fields").inner_text()  # a clerk sees the CCCD in full
    page.screenshot(path=screenshots / "van-ban.png")

    # Correct a field: the form beside the page image; the correction is saved, audited and searchable.
    page.get_by_role("link", name="Sửa thông tin").click()
    people = page.locator("#field_people")
    people.fill(people.input_value() + ", Lê Thị Thử")
    page.screenshot(path=screenshots / "kiem-tra.png")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu" in page.locator(".ok").inner_text()
    page.goto(server + "/search?q=le+thi+thu&records=document")
    assert page.locator("li.hit").count() == 1
    assert "Lê Thị Thử" in page.locator("li.hit").first.inner_text()
    log_out(page)

    # Officer: may search, may not upload.
    log_in(page, server, "tracuu")
    response = page.goto(server + "/upload")
    assert response is not None and response.status == 403
    assert "không có quyền" in page.locator("main").inner_text().lower()
    log_out(page)

    # Admin: the dashboard's charts; documents with ID numbers masked and no scans.
    log_in(page, server, "quantri")
    assert page.url.endswith("/admin")
    assert page.locator("svg.chart").count() == 3
    assert "Từ chối khi tải lên: Định dạng không được hỗ trợ" in page.locator("svg.chart").nth(2).inner_html()
    assert page.locator(".card").first.inner_text().startswith("2")
    page.screenshot(path=screenshots / "quan-tri.png", full_page=True)
    page.goto(server + "/search?q=ngo+ngoc+nga")
    page.locator("li.hit .hit-title a").first.click()
    assert "074*******68" in page.locator("dl.fields").inner_text()
    assert page.locator("figure.page img").count() == 0
    page.goto(server + "/admin/audit")
    assert "edit" in page.locator("table").inner_text()
    log_out(page)
