"""The one settings object: validated once, frozen, read from ``SOHOA_*`` environment variables.

Every field is documented in the README with its environment twin. Code receives a ``Settings``
instance and never mutates it; a changed value means a new object (``settings.model_copy``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "sohoa"


def _default_local_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sohoa"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOHOA_", frozen=True, extra="ignore")

    home: Path = Field(default_factory=_default_home, description="Data directory: catalog, originals, pages, index.")
    workers: int = Field(default=0, ge=0, description="OCR worker processes; 0 means one per CPU core.")
    dpi: int = Field(default=300, ge=72, le=600, description="Rasterization resolution for PDF pages.")
    ocr_language: str = Field(default="vie", description="Tesseract language(s), e.g. 'vie' or 'vie+eng'.")
    ocr_engine: Literal["auto", "tesserocr", "cli"] = Field(
        default="auto", description="auto uses the Tesseract C API (tesserocr) when importable, else the CLI."
    )
    ocr_timeout_seconds: float = Field(default=180.0, gt=0, description="Per-page limit for clean + OCR.")
    max_file_bytes: int = Field(default=500 * 1024 * 1024, gt=0, description="Largest accepted file.")
    max_pages: int = Field(default=2000, gt=0, description="Largest accepted page count per file.")
    max_pixels: int = Field(
        default=200_000_000, gt=0, description="Largest accepted pixel count of one page (decompression bombs)."
    )
    min_pixels_side: int = Field(default=64, gt=0, description="Images with a smaller side are rejected.")
    page_image_quality: int = Field(default=85, ge=30, le=100, description="JPEG quality of stored page images.")
    review_confidence: float = Field(
        default=0.80, ge=0, le=1, description="Pages whose mean word confidence is below this go to the review queue."
    )
    review_field_confidence: float = Field(
        default=0.70, ge=0, le=1, description="Extracted fields below this confidence go to the review queue."
    )
    text_layer_min_words: int = Field(default=15, ge=1, description="Words a PDF text layer needs to be trusted.")
    search_backend: Literal["auto", "tantivy", "elasticsearch"] = Field(
        default="auto", description="auto: Elasticsearch when SOHOA_ES_URL is set, else the embedded index."
    )
    es_url: str | None = Field(default=None, description="Elasticsearch URL, e.g. https://es.local:9200.")
    es_api_key: str | None = Field(default=None, description="Elasticsearch API key (encoded id:key).")
    signing_p12: Path | None = Field(
        default=None, description="The office's certificate and key (PKCS#12) for signed electronic copies."
    )
    signing_password: str | None = Field(default=None, description="The PKCS#12 file's password.")
    signing_tsa_url: str | None = Field(default=None, description="A time-stamping authority for signed copies (RFC 3161).")
    office: str = Field(
        default="",
        description="The office (đơn vị) batches ingested here belong to (`sohoa offices add`); its code. "
        "Empty: no office (a single-office archive). `sohoa ingest --office` overrides it.",
    )
    office_name: str | None = Field(
        default=None,
        description="The office keeping this archive, as packages handed to an archive name it "
        "(METS agent, BagIt Source-Organization), e.g. 'Ủy ban nhân dân phường Dĩ An'.",
    )
    es_username: str | None = Field(default=None, description="Elasticsearch basic-auth user.")
    es_password: str | None = Field(default=None, description="Elasticsearch basic-auth password.")
    es_ca_certs: Path | None = Field(default=None, description="CA bundle for Elasticsearch TLS.")
    es_verify_certs: bool = Field(default=True, description="Verify Elasticsearch's TLS certificate.")
    es_index_prefix: str = Field(default="sohoa", description="Prefix of Elasticsearch indices and aliases.")
    es_shards: int = Field(default=1, ge=1, le=1024, description="Primary shards of each new Elasticsearch index.")
    es_replicas: int = Field(
        default=1, ge=0, le=16, description="Replicas of each Elasticsearch index (0 on a single-node cluster)."
    )
    es_timeout_seconds: float = Field(
        default=30.0, gt=0, le=600, description="Elasticsearch request timeout; a slower answer is an index_timeout."
    )
    session_hours: float = Field(
        default=8.0, gt=0, le=24 * 30, description="Web sessions end after this many hours without a request."
    )
    secure_cookies: Literal["auto", "always", "never"] = Field(
        default="auto", description="Secure flag on the session cookie: auto sets it when the request came by HTTPS."
    )
    upload_max_files: int = Field(default=1000, gt=0, description="Most files one web upload may carry.")
    upload_max_request_bytes: int = Field(
        default=2 * 1024**3, gt=0, description="Largest web upload request (all its files together)."
    )
    local_cache: Path = Field(
        default_factory=lambda: _default_local_cache(),
        description="Machine-local cache: the copy of a read-only archive's search index (Tantivy locks what it reads).",
    )
    local_cache_max_gb: float = Field(
        default=20.0, gt=0, le=100_000,
        description="Largest size of this machine's copies of a bucket's files; the least recently used go first.",
    )  # fmt: skip
    database_url: str | None = Field(
        default=None,
        description="The catalog on a PostgreSQL server (postgresql://user:password@host/db); unset: SQLite in home.",
    )
    database_schema: str | None = Field(
        default=None,
        description="The PostgreSQL schema of this archive's tables (several archives on one server; made on first"
        " use); {home} in it becomes a digest of SOHOA_HOME. Unset: the server's default (public).",
    )
    storage_url: str | None = Field(
        default=None,
        description="Originals and page images in an S3-compatible bucket (s3://bucket/prefix); unset: folders in home.",
    )
    s3_endpoint_url: str | None = Field(
        default=None, description="The S3-compatible server's URL (e.g. http://s3.tinh.gov.vn:8333); unset: AWS."
    )
    work_pool: str | None = Field(
        default=None,
        description="Prefect work pool that runs batches (a province: `sohoa worker` on each machine); unset: the"
        " command that takes a batch runs it on this machine.",
    )
    worker_name: str = Field(
        default_factory=socket.gethostname, min_length=1, max_length=100,
        description="This machine's name in the catalog (who read each page) and in `sohoa status`.",
    )  # fmt: skip
    claim_seconds: float = Field(
        default=600.0, ge=5, le=86400,
        description="A worker holds the documents it carries this long past its last saved page; a worker"
        " silent longer (dead, cut off) loses them to another.",
    )  # fmt: skip
    chunk_pages: int = Field(default=16, ge=1, le=10000, description="Pages per flow run when a batch goes to the pool.")
    prefect_ui_url: str | None = Field(
        default=None, description="Prefect UI linked from the admin dashboard (default: from PREFECT_API_URL)."
    )

    @model_validator(mode="after")
    def _backend_reachable(self) -> Settings:
        if self.search_backend == "elasticsearch" and not self.es_url:
            raise ValueError("SOHOA_SEARCH_BACKEND=elasticsearch needs SOHOA_ES_URL")
        return self

    @model_validator(mode="after")
    def _claims_outlast_a_page(self) -> Settings:
        if self.claim_seconds <= self.ocr_timeout_seconds:  # a live worker reading one slow page would lose it
            raise ValueError("SOHOA_CLAIM_SECONDS must be longer than SOHOA_OCR_TIMEOUT_SECONDS")
        return self

    @field_validator("home", mode="after")
    @classmethod
    def _absolute_home(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("database_url")
    @classmethod
    def _postgresql_only(cls, value: str | None) -> str | None:
        if value and not value.startswith(("postgresql://", "postgresql+psycopg://")):
            raise ValueError("SOHOA_DATABASE_URL must be a postgresql:// URL (unset for the embedded SQLite catalog)")
        return value or None

    @field_validator("database_schema")
    @classmethod
    def _schema_name(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}(\{home\})?[a-z0-9_]{0,10}", value):
            raise ValueError("SOHOA_DATABASE_SCHEMA: lower-case letters, digits and _ (and {home}), at most 63")
        return value or None

    @field_validator("storage_url")
    @classmethod
    def _s3_only(cls, value: str | None) -> str | None:
        if value and (not value.startswith("s3://") or len(value.rstrip("/")) <= len("s3://")):
            raise ValueError("SOHOA_STORAGE_URL must be s3://bucket[/prefix] (unset for folders in SOHOA_HOME)")
        return value or None

    @field_validator("ocr_language")
    @classmethod
    def _language_shape(cls, value: str) -> str:
        parts = value.split("+")
        if not all(p and p.replace("_", "").isalnum() for p in parts):
            raise ValueError(f"not a Tesseract language list: {value!r}")
        return value

    # Derived paths: data layout in one place.
    @property
    def catalog_path(self) -> Path:
        """The embedded catalog's file (used when no ``database_url`` is set)."""
        return self.home / "catalog.sqlite3"

    @property
    def catalog_location(self) -> Path | str:
        """Where the catalog is: a PostgreSQL URL (with the schema's search_path), or the SQLite file in home."""
        return self._server_url() or self.catalog_path

    def _server_url(self) -> str | None:
        if not self.database_url or not self.database_schema:
            return self.database_url
        schema = self.database_schema.replace("{home}", hashlib.sha256(str(self.home).encode()).hexdigest()[:12])
        return f"{self.database_url}{'&' if '?' in self.database_url else '?'}options=-csearch_path%3D{schema}"

    @property
    def pages_dir(self) -> Path:
        """Where page images were recorded by path before keys (pipeline/storage.py lays out the rest)."""
        return self.home / "pages"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def web_db_path(self) -> Path:
        """Users, sessions, API tokens, the audit log and upload jobs of the web app."""
        return self.home / "web.sqlite3"

    @property
    def web_store_location(self) -> Path | str:
        """The web app's store: the catalog's PostgreSQL database when there is one, else web.sqlite3."""
        return self._server_url() or self.web_db_path

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"

    @property
    def cache_dir(self) -> Path:
        """Derived files served by the web app (thumbnails, searchable PDFs): safe to delete."""
        return self.home / "cache"

    @property
    def effective_workers(self) -> int:
        return self.workers or max(1, os.cpu_count() or 1)

    @property
    def effective_backend(self) -> str:
        if self.search_backend != "auto":
            return self.search_backend
        return "elasticsearch" if self.es_url else "tantivy"

    def ocr_fingerprint_inputs(self) -> dict[str, object]:
        """Settings that change OCR output; part of each page's fingerprint."""
        return {"dpi": self.dpi, "lang": self.ocr_language, "text_layer_min_words": self.text_layer_min_words}


def fingerprint(*parts: object) -> str:
    """Short stable hash of the code and settings that produced a derived result."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. ``--home``) taking precedence."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)  # type: ignore[arg-type]
