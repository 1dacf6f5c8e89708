"""Content-addressed store of originals: the SHA-256 is the key, files are written once, read-only."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DiskFullError, is_disk_full

_CHUNK = 1024 * 1024


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


class OriginalStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

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
            final = self.path_for(sha)
            if final.is_file():
                temp_path.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(temp_path, 0o444)
                os.replace(temp_path, final)
        except OSError as exc:
            if temp_path is not None:
                temp_path.unlink(missing_ok=True)  # never a half-written original left behind
            if is_disk_full(exc):
                raise DiskFullError(f"Hết chỗ trên đĩa khi lưu bản gốc vào {self.root}.") from exc
            raise
        return StoredOriginal(sha256=sha, size_bytes=size, path=final)
