"""The README is a contract: its two commands, its examples."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    return [b.strip() for b in blocks[:2]]


def test_readme_opens_with_exactly_two_commands() -> None:
    head = README.split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w+)\n(.*?)\n```", head, re.S)
    assert [lang for lang, _ in blocks] == ["bash", "bash"]
    first, second = (body.strip() for _, body in blocks)
    assert "\n" not in first
    assert "\n" not in second
    assert "python -m tripcost compare" in first
    assert "python -m pytest" in second


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands()[1] in ci


def test_readme_examples_run() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(README, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 8
    assert result.failed == 0
