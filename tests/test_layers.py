"""Imports point one way: interfaces on top, orchestration and stages in the middle, the catalog,
storage, settings, errors and tool wrappers at the bottom. Read from the source (every import,
lazy ones inside functions included), so a new arrow upwards fails here, not in review."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Each module's layer, by the first prefix that names it (most specific first); higher may import lower.
LAYERS: list[tuple[str, int]] = [
    # 4: what people and other systems call: the command line and the web app
    ("pipeline.cli", 4), ("pipeline.commands", 4), ("search_ui", 4),
    # 3: running the work: Prefect flows, the work pool, the hot folder, the archive's read side
    ("flows", 3), ("pipeline.work_pool", 3), ("pipeline.prefect_server", 3), ("pipeline.watch", 3),
    ("pipeline.archive", 3), ("pipeline.package", 3), ("pipeline.disposal", 3),
    # 2: the stages and what they make
    ("pipeline.stages", 2), ("pipeline.intake", 2), ("pipeline.pages", 2),
    ("pipeline.rasterize", 2), ("pipeline.dossiers", 2), ("pipeline.near_duplicates", 2),
    ("pipeline.outputs", 2), ("pipeline.export", 2), ("pipeline.report", 2), ("pipeline.archival", 2),
    ("pipeline.retention", 2),
    # 1: the catalog, storage, tool wrappers, text libraries, settings and errors
    ("pipeline.catalog", 1), ("pipeline.storage", 1), ("pipeline.poppler", 1), ("pipeline.progress", 1),
    ("pipeline.extraction", 1), ("pipeline.settings", 1), ("pipeline.errors", 1), ("ocr", 1), ("indexing", 1),
    ("pipeline", 1),  # the package itself (its version)
]  # fmt: skip
PACKAGES = ("pipeline", "ocr", "indexing", "search_ui")


def _layer(module: str) -> int:
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    raise AssertionError(f"{module} has no layer: add it to LAYERS")


def _modules() -> dict[str, Path]:
    found = {"flows": REPO / "flows.py"}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.split(".")[0] in (*PACKAGES, "flows")}


def test_every_module_has_a_layer() -> None:
    for module in _modules():
        _layer(module)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_imports_point_down(module: str) -> None:
    path = _modules()[module]
    upward = sorted(f"{name} (layer {_layer(name)})" for name in _imports(path) if _layer(name) > _layer(module))
    assert not upward, f"{module} (layer {_layer(module)}) imports from above: {', '.join(upward)}"


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    """The check itself: a bottom module importing a stage is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from pipeline.stages import intake\n", encoding="utf-8")
    assert _imports(bad) == {"pipeline.stages"} and _layer("pipeline.stages") > _layer("pipeline.catalog")


# SQL as the catalog writes it: statements in upper case (prose and Vietnamese text never match).
_SQL = re.compile(r"\b(SELECT\s[\s\S]*?\sFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|"
                  r"CREATE\s+(TABLE|INDEX|VIEW)|ALTER\s+TABLE\s|PRAGMA\s)")  # fmt: skip


def _sql_in(path: Path) -> list[tuple[int, str]]:
    return [(node.lineno, node.value) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL.search(node.value)]  # fmt: skip


def test_only_the_catalog_holds_sql() -> None:
    """SQL lives in ``pipeline/catalog/`` and nowhere else in the product (tests may read the catalog
    to check what it holds)."""
    outside = [f"{path.relative_to(REPO)}:{line}: {text.strip()[:60]!r}"
               for module, path in sorted(_modules().items())
               if not (module == "pipeline.catalog" or module.startswith("pipeline.catalog."))
               for line, text in _sql_in(path)]  # fmt: skip
    assert not outside, "SQL outside the catalog:\n" + "\n".join(outside)


def test_the_sql_rule_catches_a_statement(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('Q = "SELECT id FROM jobs WHERE state = ?"\nNOTE = "Chọn (SELECT) tệp từ máy"\n', encoding="utf-8")
    assert [line for line, _ in _sql_in(bad)] == [1]
