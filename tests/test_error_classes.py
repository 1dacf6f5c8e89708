"""One list of failure classes (``ErrorClass``): every error raised for a file, document or page
carries a member, every member has its Vietnamese label, and no module spells a class as a bare
string (a typo there would make a class nobody can filter or retry on)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from indexing.errors import SearchIndexError
from pipeline.errors import ERROR_CLASSES, ErrorClass, SohoaError
from tests.test_layers import _modules

REPO = Path(__file__).resolve().parent.parent


def _subclasses(base: type) -> list[type]:
    found, waiting = [], [base]
    while waiting:
        for sub in waiting.pop().__subclasses__():
            found.append(sub)
            waiting.append(sub)
    return found


def test_every_error_carries_a_member_with_a_label() -> None:
    for module in _modules():
        if ".alembic." in module:
            continue  # migration scripts: Alembic runs them, with its context (pipeline/catalog/migrations.py)
        importlib.import_module(module)  # every error class defined anywhere is now known
    errors = _subclasses(SohoaError)
    assert len(errors) >= 14, errors
    for error in errors:
        assert isinstance(error.error_class, ErrorClass), error
    for error in _subclasses(SearchIndexError) + [SearchIndexError]:
        assert ErrorClass(error.error_class).label, error  # the index's plain strings are members too
    assert list(ERROR_CLASSES) == [c.value for c in ErrorClass if c.value in ERROR_CLASSES]
    assert set(ERROR_CLASSES) == {c.value for c in ErrorClass}
    assert all(c.label and c.label[0].isupper() for c in ErrorClass)


def test_no_module_spells_a_class_as_a_string() -> None:
    values = {c.value for c in ErrorClass}
    spelled = []
    for module, path in _modules().items():
        if module in ("pipeline.errors", "indexing.errors"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in values:
                spelled.append(f"{path.relative_to(REPO)}:{node.lineno} {node.value!r}")
    assert not spelled, "use ErrorClass: " + ", ".join(spelled)
