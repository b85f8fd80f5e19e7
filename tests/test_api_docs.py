"""docs/api.md is a contract: every public name has a section and a runnable example."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import tripcost

ROOT = Path(__file__).resolve().parents[1]
API = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def sections() -> dict[str, str]:
    """The text under each ``### `name` `` heading."""
    parts = re.split(r"^### `([^`]+)`\n", API, flags=re.M)
    return {
        name: body.split("\n## ", 1)[0] for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_every_public_name_has_a_section_with_an_example() -> None:
    found = sections()
    assert sorted(found) == sorted(tripcost.__all__)
    for name, body in found.items():
        assert "```pycon\n>>> " in body, f"{name}: no example"
        assert name in body.split("```pycon", 1)[1], f"{name}: the example does not use it"


def test_api_examples_run() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(API, {}, "docs/api.md", str(ROOT / "docs" / "api.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= len(tripcost.__all__)
    assert result.failed == 0
