"""Display: babel formatting, formula-safe CSV, valid JSON, writes that lose nothing."""

from __future__ import annotations

import csv
import decimal
import io
import json
import os
import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import NetworkBlocked
from strategies import contexts
from tripcost import Money, Range, estimate, files
from tripcost.cli import main
from tripcost.errors import OutputError
from tripcost.files import write_output as write_atomic
from tripcost.views.display import Output, render, safe_cell, span


@pytest.mark.parametrize(
    ("money", "locale", "text"),
    [
        (Money("1234567.5", "KRW"), "en_US", "₩1,234,568"),
        (Money("1234567.5", "KRW"), "ko_KR", "₩1,234,568"),
        (Money("0.005", "USD"), "en_US", "$0.01"),
        (Money("598", "USD"), "ko_KR", "US$598.00"),
    ],
)
def test_money_display(money: Money, locale: str, text: str) -> None:
    from tripcost.views.display import money as show

    assert show(money, locale) == text


def test_span_marks() -> None:
    assert span(Range.of(230, 230, "USD", approximate=True)) == "~$230.00"
    assert span(Range.of(200, 200, "USD", open_ended=True)) == "$200.00+"
    assert span(Range.of(300000, 700000, "KRW")) == "₩300,000–₩700,000"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("\r0", "'\r0"),  # Decimal() would strip the whitespace and call it a number
        ("-4500", "-4500"),  # numbers stay numbers
        ("+12.5", "+12.5"),
        ("flight", "flight"),
        (None, ""),
        (True, "true"),
    ],
)
def test_csv_cells_cannot_start_a_formula(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


@given(st.text())
def test_any_text_is_safe_in_csv(text: str) -> None:
    cell = safe_cell(text)
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        float(cell)  # only a number may start so
    assert cell in (text, "'" + text)


@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["a", "b", "c"]),
            st.one_of(st.text(), st.integers(), st.booleans(), st.none()),
        ),
        max_size=5,
    )
)
def test_json_and_csv_round_trip(records: list[dict[str, object]]) -> None:
    out = Output(records)
    assert json.loads(render(out, "json")) == records
    rows = list(csv.reader(io.StringIO(render(out, "csv"))))
    assert len(rows) == len(records) + 1


def test_estimate_csv_neutralises_a_plan_extra_named_like_a_formula(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "p.toml"
    plan.write_text('[[trips]]\ncountry = "KR"\nnights = 0\nconsultation = false\n'
                    '[[trips.extras]]\nname = "=cmd|\' /C calc\'!A0"\namount = "10"\n', encoding="utf-8")  # fmt: skip
    assert main(["estimate", str(plan), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["item"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["amount_low"] == "10.00"
    assert main(["estimate", str(plan), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["lines"][0]["item"] == "=cmd|' /C calc'!A0"  # JSON keeps the text as it is


def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_write_killed_halfway_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old contents", encoding="utf-8")

    class Killed(Exception):
        pass

    def die(*args: object, **kwargs: object) -> None:
        raise Killed(where)

    if where == "write":
        real_open = open

        class Half:
            def __init__(self, fh: object) -> None:
                self.fh = fh

            def __enter__(self) -> Half:
                return self

            def __exit__(self, *exc: object) -> None:
                self.fh.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> int:
                self.fh.write(data[: len(data) // 2])  # type: ignore[attr-defined]
                raise Killed("halfway")

        def half(fd: int, *args: object, **kwargs: object) -> Half:
            return Half(real_open(fd, *args, **kwargs))  # type: ignore[call-overload]

        monkeypatch.setattr(files, "open", half, raising=False)
    else:
        monkeypatch.setattr(os, where, die)
    with pytest.raises(Killed):
        write_atomic(target, "new contents " * 1000)
    assert target.read_text(encoding="utf-8") == "old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_disk_error_is_an_output_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(tmp_path / "x.txt", "data")
    assert list(tmp_path.iterdir()) == []


def test_cli_output_failure_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "table.md"
    target.write_text("keep me", encoding="utf-8")
    monkeypatch.setattr(
        os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "Input/output error"))
    )
    assert main(["countries", "--format", "markdown", "--output", str(target)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["table.md"]


def test_the_network_guard_refuses_anything_but_loopback() -> None:
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(NetworkBlocked), socket.socket() as s:
        s.connect(("192.0.2.1", 80))  # TEST-NET-1: refused before any packet leaves
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("198.51.100.7", 80), timeout=0.1)


def test_estimate_json_is_valid_json(capsys: pytest.CaptureFixture[str]) -> None:
    plan = {
        "trips": [
            {"country": "KR", "nights": 3, "treatments": [{"treatment": "rejuran", "sessions": 1}]}
        ]
    }
    est = estimate(plan)
    assert est.total.low.amount > 0


# -- display runs in tripcost's own decimal context -----------------------------------------

PLANS_DIR = Path(__file__).parent / "plans"
FIXED_ARGS = ["--rate", "USD/KRW=1450", "--rate", "USD/THB=35"]
#: commands whose every output format is compared under a caller's context
COMMAND_LINES = [
    ["compare", "rejuran", "--countries", "KR,TH", "--sessions", "3-6", "--nights", "7",
     "--home", "TH", *FIXED_ARGS],
    ["estimate", str(PLANS_DIR / "seoul_co2.toml"), "--currency", "KRW", *FIXED_ARGS],
    ["convert", "869000", "KRW", "USD", "--on", "2025-07-17"],
]  # fmt: skip


def _shown() -> list[str]:
    """Every way tripcost shows a result as text, computed in the current context."""
    import contextlib

    from tripcost import Count, FixedRates, compare_treatments

    rates = FixedRates({"USD/KRW": "1450", "USD/THB": "35"})
    rows = compare_treatments(["rejuran", "fractional-co2"], countries=["KR", "TH", "US"],
                              sessions=Count(3, 6), nights=7, home="US", rates=rates)  # fmt: skip
    est = estimate(PLANS_DIR / "seoul_co2.toml", currency="KRW", rates=rates)
    out = [str(r) for r in rows] + [repr(r.per_session) for r in rows]
    out += [str(est), *map(str, est.lines), json.dumps(est.to_dict()), json.dumps(est.records())]
    usd = estimate(PLANS_DIR / "seoul_co2.toml", rates=rates)
    out += [str(usd), *map(str, usd.lines), json.dumps(usd.to_dict())]
    out += [str(Money("1234.565", "USD")), str(Range.of("0", "0.005", "USD")), span(est.total)]
    for args in COMMAND_LINES:
        for fmt in ("table", "csv", "json", "markdown"):
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                code = main([*args, "--format", fmt])
            out.append(f"{code}\n{buf.getvalue()}")
    return out


EXPECTED_SHOWN: list[str] = []


def _expected() -> list[str]:
    if not EXPECTED_SHOWN:
        EXPECTED_SHOWN.extend(_shown())
    return EXPECTED_SHOWN


@pytest.mark.parametrize(
    "context",
    [{"prec": 3}, {"traps": [decimal.Rounded, decimal.Inexact]},
     {"clamp": 1, "Emax": 20, "Emin": -20}, {"prec": 1, "rounding": decimal.ROUND_DOWN},
     {"traps": [decimal.FloatOperation], "capitals": 0}],
    ids=str,
)  # fmt: skip
def test_display_ignores_the_callers_context(context: dict[str, object]) -> None:
    expected = _expected()
    assert all(text.startswith("0\n") for text in expected[-12:])  # every command ran
    with decimal.localcontext(**context):  # type: ignore[arg-type]
        assert _shown() == expected


@settings(max_examples=10, deadline=None)
@given(contexts())
def test_display_ignores_any_callers_context(ctx: decimal.Context) -> None:
    expected = _expected()
    with decimal.localcontext(ctx):
        got = _shown()
    assert got == expected
