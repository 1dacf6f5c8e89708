"""Fixity: every stored original hashed again and compared with the SHA-256 it was stored under.

An archive must show that what it keeps is what it received (Archives Law 2024; PREMIS "fixity
check"). ``check`` reads each original as the store holds it (the bucket itself, not a machine's
cached copy), one document at a time, and records the outcome in the catalog as runs of the
``fixity`` step: one per original that changed or went missing (class ``fixity_failed``, with what
was expected and found), and one for the whole check. Nothing is repaired or deleted: a changed
original is for an archivist to restore from a backup.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.catalog import Catalog, DocumentState, utc_now
from pipeline.errors import ErrorClass
from pipeline.storage import Storage, original_key

STEP = "fixity"


@dataclass(slots=True)
class FixityReport:
    checked: int = 0
    changed: list[dict[str, str]] = field(default_factory=list)  # document_id, source, expected, found
    missing: list[dict[str, str]] = field(default_factory=list)  # document_id, source, expected

    @property
    def ok(self) -> bool:
        return not self.changed and not self.missing


def check(catalog: Catalog, storage: Storage, advance: Callable[[], None] | None = None) -> FixityReport:
    """Hash every stored original again (a file split in several results is one original)."""
    report = FixityReport()
    started, clock = utc_now(), time.perf_counter()
    for document in catalog.iter_documents():
        if document.parent_id is not None:  # a part: its file's original is checked with the file
            continue
        if document.state == DocumentState.DISPOSED:  # gone by a recorded decision (pipeline/disposal.py)
            continue
        found = storage.stored_sha256(original_key(document.sha256))
        report.checked += 1
        if found != document.sha256:
            problem = {"document_id": document.id, "source": document.source_name, "expected": document.sha256}
            if found is None:
                report.missing.append(problem)
                message = f"Bản gốc {document.source_name} không còn trong kho (SHA-256 {document.sha256})."
            else:
                report.changed.append({**problem, "found": found})
                message = f"Bản gốc {document.source_name} đã bị thay đổi: SHA-256 {found}, lúc lưu {document.sha256}."
            catalog.record_stage(STEP, utc_now(), 0.0, "failed", document.id, error_class=ErrorClass.FIXITY_FAILED,
                                 message=message)  # fmt: skip
        if advance is not None:
            advance()
    problems = len(report.changed) + len(report.missing)
    catalog.record_stage(STEP, started, time.perf_counter() - clock, "failed" if problems else "ok", None,
                         error_class=ErrorClass.FIXITY_FAILED if problems else None,
                         message=f"{report.checked} bản gốc, {problems} không khớp")  # fmt: skip
    return report
