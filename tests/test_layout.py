"""The shape of the source tree, read from the files: short modules, no ``Any``, and the
flow resolve → rules → views kept (a layer never imports the layers after it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tripcost"
MODULES = sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)
MAX_LINES = 400

#: what each layer must not import, at any level of the module (lazy imports included)
FORBIDDEN = {
    "rules": ("tripcost.resolve", "tripcost.views", "tripcost.estimates", "tripcost.plan",
              "tripcost.compare", "tripcost.abroad", "tripcost.bulk", "tripcost.cli"),
    "resolve": ("tripcost.rules.trip", "tripcost.estimates", "tripcost.compare",
                "tripcost.abroad", "tripcost.bulk", "tripcost.cli", "tripcost.answer"),
    "fx": ("tripcost.resolve", "tripcost.rules", "tripcost.views", "tripcost.plan",
           "tripcost.estimates", "tripcost.bulk"),
    "views": ("tripcost.cli", "tripcost.bulk"),
}  # fmt: skip
#: the one sanctioned exception: `Catalog.frame`, a convenience for analysts, hands the
#: catalog to the frame view when called
ALLOWED = {("resolve/catalog.py", "tripcost.views.frames")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def _rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def test_the_tree_is_read() -> None:
    assert len(MODULES) > 40
    assert {"rules", "resolve", "views", "fx", "bulk"} <= {p.parent.name for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_modules_are_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_rel(path)} has {lines} lines: it holds two concepts"


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_any(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "Any"]
    uses += [n.lineno for n in ast.walk(tree)
             if isinstance(n, ast.Attribute) and n.attr == "Any"]  # fmt: skip
    uses += [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
             for a in n.names if a.name == "Any"]  # fmt: skip
    assert not uses, f"{_rel(path)} uses Any on lines {sorted(set(uses))}"


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_do_not_reach_back(layer: str) -> None:
    bad = []
    for path in (SRC / layer).rglob("*.py"):
        for name in _imports(path):
            for banned in FORBIDDEN[layer]:
                if (name == banned or name.startswith(banned + ".")) and (
                    (_rel(path), name) not in ALLOWED
                ):
                    bad.append(f"{_rel(path)} imports {name}")
    assert not bad, "\n".join(bad)


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """The readers above see what they look for (a check that cannot fail is no check)."""
    sample = tmp_path / "m.py"
    sample.write_text(
        "from typing import Any\ndef f() -> None:\n    from tripcost.views.display import JSON\n"
    )
    assert "tripcost.views.display" in _imports(sample)
    tree = ast.parse(sample.read_text())
    assert any(isinstance(n, ast.ImportFrom) and n.names[0].name == "Any" for n in ast.walk(tree))
