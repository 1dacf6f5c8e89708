"""Where sohoa keeps its files, by key: originals (content-addressed, written once, read-only) and
page images. One interface over fsspec: a local folder (``SOHOA_HOME``, the default) or an
S3-compatible bucket (``SOHOA_STORAGE_URL=s3://bucket/prefix`` with ``SOHOA_S3_ENDPOINT_URL`` and
the usual ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``) that every machine of a province sees.

Tools that read files (poppler, OpenCV, the web server) get a local path: the file itself in a local
folder, a copy kept in this machine's cache (``SOHOA_LOCAL_CACHE/objects``) for a bucket. Writers
make the file at its working path, then ``publish`` it under its key. The cache of a bucket is
kept under ``cache_limit_bytes``: past it, the copies used least recently go (each read touches
its copy); a file changed in the last ``CACHE_GRACE_SECONDS`` is never removed, so a page image
made but not yet published stays.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.errors import DiskFullError, ErrorClass, SohoaError, is_disk_full

_CHUNK = 1024 * 1024
CACHE_GRACE_SECONDS = 3600.0
TRIM_EVERY = 64  # fetches between two walks of the cache (a walk reads every file's size and time)
_fetches = 0  # in this process, whatever Storage made them (one is made per task and per web request)


@dataclass(frozen=True, slots=True)
class StoredOriginal:
    sha256: str
    size_bytes: int
    path: Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class StorageUnavailableError(SohoaError):
    """The object store cannot be reached, refuses sohoa's credentials, or lacks a file it should hold."""

    error_class = ErrorClass.STORAGE_UNAVAILABLE


def original_key(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256}"


def page_image_key(document_id: str, page_number: int) -> str:
    return f"pages/{document_id[:2]}/{document_id}/{page_number:04d}.jpg"


def _checked(key: str) -> str:
    parts = PurePosixPath(key).parts
    if not parts or key.startswith("/") or any(part in ("..", ".", "") for part in parts):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class Storage:
    """Files by key, in a local folder or an S3-compatible bucket (see the module's docstring)."""

    def __init__(self, url: str | Path, cache: Path, endpoint_url: str | None = None,
                 cache_limit_bytes: int | None = None) -> None:  # fmt: skip
        text = str(url)
        self.cache_limit_bytes = cache_limit_bytes
        self.remote = text.startswith("s3://")
        self.url = text
        if self.remote:
            import fsspec

            bucket_and_prefix = text[len("s3://"):].strip("/")
            self._prefix = bucket_and_prefix
            options: dict[str, Any] = {"client_kwargs": {"endpoint_url": endpoint_url}} if endpoint_url else {}
            self._fs = fsspec.filesystem("s3", **options)
            self.root = cache / "objects" / hashlib.sha256(text.encode()).hexdigest()[:12]
        else:
            self._prefix = ""
            self._fs = None
            self.root = Path(url)

    @classmethod
    def for_settings(cls, settings: Any) -> Storage:  # a Settings; typed loosely to keep this module at the bottom
        return cls(settings.storage_url or settings.home, settings.local_cache, settings.s3_endpoint_url,
                   int(settings.local_cache_max_gb * 1024**3))  # fmt: skip

    def working_path(self, key: str) -> Path:
        """Where the file of ``key`` is made or read on this machine."""
        return self.root / _checked(key)

    def _remote_path(self, key: str) -> str:
        return f"{self._prefix}/{_checked(key)}"

    def publish(self, key: str) -> None:
        """The file made at ``working_path(key)`` becomes the stored object (a no-op in a local folder)."""
        if not self.remote:
            return
        try:
            self._fs.put_file(str(self.working_path(key)), self._remote_path(key))  # type: ignore[union-attr]
        except OSError as exc:
            raise StorageUnavailableError(f"Không ghi được {key} vào kho lưu trữ đối tượng {self.url}: {exc}") from exc

    def remove(self, key: str) -> None:
        """The stored object goes (and this machine's copy of it); none there is not an error."""
        if self.remote:
            try:
                self._fs.rm_file(self._remote_path(key))  # type: ignore[union-attr]
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise StorageUnavailableError(f"Không xóa được {key} khỏi kho lưu trữ đối tượng {self.url}: {exc}") from exc
        path = self.working_path(key)
        if path.exists():
            path.chmod(0o600)  # originals are stored read-only
            path.unlink()

    def exists(self, key: str) -> bool:
        if not self.remote:
            return self.working_path(key).is_file()
        try:
            return bool(self._fs.exists(self._remote_path(key)))  # type: ignore[union-attr]
        except OSError as exc:
            raise StorageUnavailableError(f"Không đọc được kho lưu trữ đối tượng {self.url}: {exc}") from exc

    def size_bytes(self, prefix: str) -> int:
        """Bytes stored under a key prefix (``originals``, ``pages``): the bucket's, or the folder's."""
        if not self.remote:
            folder = self.root / _checked(prefix)
            return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0
        try:
            return int(self._fs.du(self._remote_path(prefix)))  # type: ignore[union-attr]
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise StorageUnavailableError(f"Không đọc được kho lưu trữ đối tượng {self.url}: {exc}") from exc

    def stored_sha256(self, key: str) -> str | None:
        """The SHA-256 of the object as the store holds it now (read from the bucket itself, never
        from this machine's cache), or None when it is not there."""
        digest = hashlib.sha256()
        try:
            if self.remote:
                with self._fs.open(self._remote_path(key), "rb") as stored:  # type: ignore[union-attr]
                    while chunk := stored.read(_CHUNK):
                        digest.update(chunk)
            else:
                with self.working_path(key).open("rb") as stored:
                    while chunk := stored.read(_CHUNK):
                        digest.update(chunk)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if not self.remote:
                raise
            raise StorageUnavailableError(f"Không đọc được {key} từ kho lưu trữ đối tượng {self.url}: {exc}") from exc
        return digest.hexdigest()

    def local_path(self, key: str) -> Path:
        """A local file holding the object: the file itself, or a copy fetched into this machine's cache."""
        path = self.working_path(key)
        if not self.remote:
            return path
        if path.is_file():
            os.utime(path)  # used now: the last to go when the cache is trimmed
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        try:
            self._fs.get_file(self._remote_path(key), str(partial))  # type: ignore[union-attr]
            os.replace(partial, path)
        except FileNotFoundError as exc:
            raise StorageUnavailableError(f"Kho lưu trữ đối tượng {self.url} không có {key}.") from exc
        except OSError as exc:
            if is_disk_full(exc):
                raise DiskFullError(f"Hết chỗ trên đĩa khi tải {key} về {path.parent}.") from exc
            raise StorageUnavailableError(f"Không tải được {key} từ kho lưu trữ đối tượng {self.url}: {exc}") from exc
        finally:
            partial.unlink(missing_ok=True)
        global _fetches
        _fetches += 1
        if self.cache_limit_bytes is not None and _fetches % TRIM_EVERY == 1:
            self.trim_cache(self.cache_limit_bytes)
        return path

    def trim_cache(self, limit_bytes: int, grace_seconds: float = CACHE_GRACE_SECONDS) -> int:
        """Remove this machine's copies of a bucket's files, least recently used first, until they
        take at most ``limit_bytes``; files changed in the last ``grace_seconds`` stay. Returns the
        bytes removed. Nothing happens for a local folder: it is the archive, not a cache."""
        if not self.remote or not self.root.is_dir():
            return 0
        files = []
        for path in self.root.rglob("*"):
            try:
                status = path.stat()
            except FileNotFoundError:  # another process removed or renamed it meanwhile
                continue
            if stat.S_ISREG(status.st_mode):  # from the same stat: one system call per file
                files.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in files)
        removed, too_recent = 0, time.time() - grace_seconds
        for mtime, size, path in sorted(files):
            if total - removed <= limit_bytes or mtime > too_recent:
                break
            path.unlink(missing_ok=True)
            removed += size
        return removed


def stored_page_image(storage: Storage, legacy_root: Path, recorded: str | None) -> Path | None:
    """The page image a catalog row names, as a local file, or None: a key (``pages/…``), fetched from
    the bucket if need be; or an absolute path recorded before keys, only inside ``legacy_root``
    (a path from anywhere else is refused)."""
    if not recorded:
        return None
    if not recorded.startswith("/"):
        try:
            key = _checked(recorded)
        except ValueError:
            return None
        if not key.startswith("pages/"):
            return None
        try:
            path = storage.local_path(key)
        except StorageUnavailableError:
            return None
        return path if path.is_file() else None
    path = Path(recorded).resolve()
    return path if path.is_relative_to(legacy_root.resolve()) and path.is_file() else None


class OriginalStore:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.root = storage.root / "originals"

    def path_for(self, sha256: str) -> Path:
        """The original as a local file (fetched from the bucket into this machine's cache if need be)."""
        return self.storage.local_path(original_key(sha256))

    def put(self, source: Path) -> StoredOriginal:
        """Copy ``source`` in, hashing while copying; an existing identical file is left untouched."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        temp_path: Path | None = None
        try:
            with source.open("rb") as reader, tempfile.NamedTemporaryFile(
                dir=self.root, prefix=".incoming-", delete=False
            ) as writer:
                temp_path = Path(writer.name)
                while chunk := reader.read(_CHUNK):
                    digest.update(chunk)
                    writer.write(chunk)
                    size += len(chunk)
                writer.flush()
                os.fsync(writer.fileno())
            sha = digest.hexdigest()
            key = original_key(sha)
            final = self.storage.working_path(key)
            if final.is_file() and (not self.storage.remote or self.storage.exists(key)):
                temp_path.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(temp_path, 0o444)
                os.replace(temp_path, final)
                self.storage.publish(key)
        except OSError as exc:
            if temp_path is not None:
                temp_path.unlink(missing_ok=True)  # never a half-written original left behind
            if is_disk_full(exc):
                raise DiskFullError(f"Hết chỗ trên đĩa khi lưu bản gốc vào {self.root}.") from exc
            raise
        return StoredOriginal(sha256=sha, size_bytes=size, path=final)
