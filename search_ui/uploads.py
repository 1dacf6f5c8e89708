"""Receiving a web upload: names made safe, size and type checked on the server, files on disk.

A browser sends file names (and, for folders, relative paths) that we do not trust: each path
component is cleaned, ``..`` and absolute paths are dropped, and the final path must lie inside the
job's folder. Type is told from the bytes, as intake does; a refused file is listed with its error
class and message so the clerk sees why, and the rest of the upload goes on.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import unicodedata
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile

from pipeline.errors import ErrorClass, SohoaError, TooLargeError, is_disk_full
from pipeline.intake import sniff_media_type
from pipeline.settings import Settings
from search_ui.jobs import RefusedFile, UploadedFile, safe_component

_CHUNK = 1024 * 1024


#: Longest relative path written under a job's folder, in UTF-8 bytes (the whole path must stay
#: under the system's 4,096, with SOHOA_HOME and the job's folder in front).
MAX_RELATIVE_BYTES = 1024


def safe_relative_path(name: str) -> str:
    """A relative path that stays inside its folder: NFC, '/'-separated, no empty, '.' or '..' parts.
    A path too long to write keeps its first folder (the dossier a clerk dropped), its last folder and
    its file name; the folders between become one "…<digest>" folder, so different paths stay apart."""
    text = unicodedata.normalize("NFC", name)
    parts = [p for p in text.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    cleaned = [safe_component(p) for p in parts]
    if len("/".join(cleaned).encode()) > MAX_RELATIVE_BYTES and len(cleaned) > 3:
        middle = hashlib.sha1("/".join(cleaned[1:-2]).encode()).hexdigest()[:8]
        cleaned = [cleaned[0], f"…{middle}", *cleaned[-2:]]
    return "/".join(cleaned) or "tep"


def _unique(path: str, taken: set[str]) -> str:
    if path not in taken:
        return path
    stem, dot, suffix = path.rpartition(".")
    if not dot or "/" in suffix:
        stem, suffix = path, ""
    counter = 2
    while True:
        candidate = f"{stem} ({counter}).{suffix}" if suffix else f"{stem} ({counter})"
        if candidate not in taken:
            return candidate
        counter += 1


async def save_uploads(settings: Settings, root: Path, files: list[UploadFile], paths: list[str]
                       ) -> tuple[list[UploadedFile], list[RefusedFile]]:  # fmt: skip
    """Write accepted files under ``root``; ``paths`` (from a folder drop) name them where given."""
    accepted: list[UploadedFile] = []
    refused: list[RefusedFile] = []
    taken: set[str] = set()
    root.mkdir(parents=True, exist_ok=True)
    resolved_root = root.resolve()
    for index, upload in enumerate(files):
        given = paths[index] if index < len(paths) and paths[index] else (upload.filename or "")
        relative = _unique(safe_relative_path(given), taken)
        target = (root / relative).resolve()
        if not target.is_relative_to(resolved_root):  # cannot happen after cleaning; checked anyway
            refused.append(RefusedFile(relative, ErrorClass.UNSUPPORTED, "Tên tệp không hợp lệ."))
            continue
        try:
            head = await upload.read(2048)
            sniff_media_type(head)
            size = await _write(upload, head, target, settings.max_file_bytes)
        except SohoaError as exc:
            target.unlink(missing_ok=True)
            refused.append(RefusedFile(relative, exc.error_class, exc.message))
            continue
        except OSError as exc:  # a full disk ends the upload (507); any other refusal is this file's alone
            if is_disk_full(exc) or exc.errno == errno.ENOSPC:
                raise
            with contextlib.suppress(OSError):
                target.unlink(missing_ok=True)
            refused.append(RefusedFile(relative, ErrorClass.UNSUPPORTED, f"Máy chủ không lưu được tệp với tên này ({exc.strerror})."))
            continue
        taken.add(relative)
        accepted.append(UploadedFile(relative, size))
    return accepted, refused


async def _write(upload: UploadFile, head: bytes, target: Path, limit: int) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    size = len(head)
    with target.open("wb") as handle:
        handle.write(head)
        while chunk := await upload.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLargeError(f"Tệp lớn hơn giới hạn {limit // (1024 * 1024)} MB.")
            handle.write(chunk)
    return size


def form_files(form: Any) -> tuple[list[UploadFile], list[str]]:
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    paths = [p for p in form.getlist("paths") if isinstance(p, str)]
    return files, paths
