"""The README is a contract: its two commands, its examples, its command lines and outputs.

* The two commands it opens with are the quick start; CI runs the second one.
* Every ``>>>`` example (the ``pycon`` blocks) runs as a doctest and must print what it shows.
* Every ``$ python -m tripcost …`` line of a ``console`` block runs, in order, in a fresh
  folder that holds the README's plan files (each ``toml`` block whose first line is
  ``# NAME.toml``); the lines under it, up to the next ``$``, are what it prints (stdout
  and stderr), compared line by line with ``...`` standing for any text, as in a doctest.
  A command shown without output must exit 0 and print something (or write its
  ``--output``). ``; echo $?`` at the end of a line prints the exit code, so that an
  error can be shown; without it the command must exit 0. Commands that need the network
  (``--rates live``) are in ``bash`` blocks, which are not run.
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from tripcost.cli import COMMANDS, main
from tripcost.cli_parser import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
HEAD = README.split("\n## ", 1)[0]
PREFIXES = (["python", "-m", "tripcost"], ["tripcost"])
ECHO = "; echo $?"


def commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    return [b.strip() for b in blocks[:2]]


def console() -> list[tuple[str, str]]:
    """(command, the output shown under it) for every ``$`` line of every console block."""
    found: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, shown = part.partition("\n")
            found.append((command.strip(), shown))
    return found


def plan_files() -> dict[str, str]:
    """The README's plan files: ``toml`` blocks whose first line is ``# NAME.toml``."""
    files = {}
    for block in re.findall(r"```toml\n(.*?)```", README, re.S):
        first = block.split("\n", 1)[0]
        match = re.fullmatch(r"# ([\w.-]+\.toml)\b.*", first)
        if match:
            files[match.group(1)] = block
    return files


EXAMPLES = console()


def _argv(command: str) -> tuple[list[str], str | None, bool]:
    """The arguments after ``python -m tripcost``, a ``> FILE`` to write stdout to, and
    whether the exit code is echoed."""
    echo = command.endswith(ECHO)
    words = shlex.split(command.removesuffix(ECHO) if echo else command, comments=True)
    for prefix in PREFIXES:
        if words[: len(prefix)] == prefix:
            words = words[len(prefix) :]
            break
    else:
        raise AssertionError(f"a console example runs tripcost only: {command!r}")
    into = None
    if ">" in words:
        at = words.index(">")
        words, into = words[:at], words[at + 1]
    return words, into, echo


def _lines(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


# -- the quick start --------------------------------------------------------------------


def test_readme_opens_with_exactly_two_commands() -> None:
    blocks = re.findall(r"```(\w+)\n(.*?)\n```", HEAD, re.S)
    assert [lang for lang, _ in blocks] == ["bash", "bash"]
    first, second = (body.strip() for _, body in blocks)
    assert "\n" not in first
    assert "\n" not in second
    assert "pip install . && python -m tripcost compare fractional-co2 --home " in first
    assert "pip install -e '.[test]' && python -m pytest" in second


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands()[1] in ci


def test_the_quick_starts_output_is_shown_and_checked() -> None:
    quick = commands()[0].split(" && ")[-1]
    shown = [shown for command, shown in EXAMPLES if command == quick]
    assert shown, f"no console example runs {quick!r}"
    assert "Not included:" in shown[0]  # what the answer leaves out is part of the answer


# -- the examples ------------------------------------------------------------------------


def test_readme_examples_run() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(README, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 25
    assert result.failed == 0


def test_there_are_command_line_examples_with_outputs() -> None:
    assert len(EXAMPLES) >= 25
    assert sum(1 for _, shown in EXAMPLES if shown.strip()) >= 10
    assert {"plan.toml"} <= set(plan_files())


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in plan_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_readme_command_lines_run(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checker = doctest.OutputChecker()
    failures = []
    for command, shown in EXAMPLES:
        argv, into, echo = _argv(command)
        code = main(argv)
        out, err = capsys.readouterr()
        if into is not None:
            (folder / into).write_text(out, encoding="utf-8")
            out = ""
        got = _lines(out + err) + (f"{code}\n" if echo else "")
        want = _lines(shown)
        if not echo and code != 0:
            failures.append(f"$ {command}\nexit code {code}\n{err}")
        elif want.strip():
            if not checker.check_output(want, got, doctest.ELLIPSIS):
                failures.append(f"$ {command}\n--- shown\n{want}--- printed\n{got}")
        elif not (got.strip() or into or "--output" in argv):
            failures.append(f"$ {command}\nprinted nothing")
    assert not failures, "\n\n".join(failures)


# -- every command and option is documented ----------------------------------------------


def test_every_command_has_a_running_example() -> None:
    run = {_argv(command)[0][0] for command, _ in EXAMPLES}
    assert set(COMMANDS) <= run


def test_every_option_is_documented() -> None:
    parser = build_parser()
    options = {s for a in parser._actions for s in a.option_strings}
    sub = next(a for a in parser._actions if a.choices and "compare" in a.choices)
    for command in sub.choices.values():
        options |= {s for a in command._actions for s in a.option_strings}
    options -= {"-h", "--help"}
    missing = sorted(o for o in options if not re.search(rf"{re.escape(o)}(?![\w-])", README))
    assert not missing, f"options the README does not mention: {missing}"


def test_the_readme_shows_the_coverage_map() -> None:
    assert "](docs/coverage.png)" in README
    assert (ROOT / "docs" / "coverage.png").stat().st_size > 10_000
