"""Shared set-up of the web tests: a small real archive, users of each role, a PDF that tries XSS."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ocr.pdf import PdfPage, write_searchable_pdf

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PASSWORD = "mat-khau-thu-nghiem-1"
USERS = {"vanthu": "clerk", "tracuu": "officer", "quantri": "admin"}
FULL_NAMES = {"vanthu": "Nguyễn Thị Lan", "tracuu": "Trần Văn Minh", "quantri": "Lê Quốc Huy"}
HOSTILE_TEXT = "<script>alert('xss')</script>"


@dataclass(frozen=True, slots=True)
class WebArchive:
    home: Path
    scans: Path  # what was ingested
    tokens: dict[str, str]  # role -> API token of that role's user
    documents: dict[str, str]  # sample file stem -> document id


def hostile_pdf(target: Path) -> Path:
    """A PDF whose text layer holds markup, as a scanned-and-OCRed file from elsewhere might."""
    # Enough Vietnamese around the markup that the layer still reads as Vietnamese (sohoa trusts a
    # layer whose words are 95% syllables): the markup must reach the stored text to test escaping.
    words = (
        f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập Tự do Hạnh phúc THÔNG BÁO về việc thử nghiệm "
        f"{HOSTILE_TEXT} hiển thị văn bản của ông Trần Văn Kiểm tra trong kho lưu trữ số hóa. Ủy ban nhân dân"
        f" phường thông báo kết quả giải quyết hồ sơ cho người dân theo đúng quy định của pháp luật hiện hành;"
        f" mọi thắc mắc xin liên hệ bộ phận một cửa trong giờ hành chính để được hướng dẫn cụ thể và kịp thời"
        f" theo quy trình đã được phê duyệt tại trụ sở cơ quan"
    ).split()
    image = np.full((2200, 1700), 255, dtype=np.uint8)  # room for every word
    boxes = []
    x, y = 150, 200
    for word in words:
        width = 22 * len(word)
        if x + width > 1550:
            x, y = 150, y + 60
        image[y : y + 36, x : x + width] = 40  # ink where the word is, so the page is not blank
        boxes.append((word, float(x), float(y), float(x + width), float(y + 36)))
        x += width + 24
    write_searchable_pdf([PdfPage(image, 200, boxes)], target, "thu-nghiem")
    return target


def sample_selection(source: Path, target: Path) -> Path:
    """Three committed samples (a text-layer PDF, an office scan, a dossier folder) and the hostile PDF."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("cong-van-co-lop-chu.pdf", "quyet-dinh-van-phong.pdf"):
        shutil.copy2(source / name, target / name)
    shutil.copytree(source / "ho-so-mot-cua", target / "ho-so-mot-cua")
    hostile_pdf(target / "thong-bao-thu-nghiem.pdf")
    return target


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the form like a browser; returns the session's CSRF token."""
    client.cookies.clear()
    page = client.get("/login")
    login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    response = client.post("/login", data={"username": username, "password": password, "login_csrf": login_csrf},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text
    search = client.get("/search")
    return re.search(r'name="csrf_token" value="([^"]+)"', search.text)[1]  # type: ignore[index]
