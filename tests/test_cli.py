"""The command line: every command, every format, every error, as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tripcost.cli import COMMANDS, main

PLANS = Path(__file__).parent / "plans"
FIX = ["--rate", "USD/KRW=1450"]
#: a fixed rate for every currency the catalog prices in
ALL = [*FIX, *(x for pair in ("USD/GBP=0.75", "USD/CAD=1.4", "USD/AUD=1.5", "USD/SGD=1.3",
                              "USD/INR=85", "USD/THB=35", "USD/TRY=40", "USD/MXN=18",
                              "EUR/USD=1.1") for x in ("--rate", pair))]  # fmt: skip


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A real subprocess, as a user would run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COV")}
    return subprocess.run(
        [sys.executable, "-m", "tripcost", *args],
        capture_output=True, text=True, timeout=timeout, env=env, check=False,
    )  # fmt: skip


def test_compare_table_exact(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["compare", "fractional-co2", "--countries", "KR,MX", *FIX], capsys)
    assert (code, err) == (0, "")
    assert out == (
        "fractional-co2 · USD\n"
        "Country         fractional-co2 per session\n"
        "--------------  --------------------------\n"
        "KR South Korea  $300.00–$700.00\n"
        "MX Mexico       no data\n"
        "\n"
        "1 USD = 1,450.00 KRW · fixed rate (given by the user) · "
        + _today()
        + " · for reference (no figure converted)\n"
        "Sources: 000_25cb10808c4daa40.txt (2026-01-01)\n"
        "No data for fractional-co2 in MX (priced in AU, CA, GB, KR, SG, US).\n"
        "Not included: living costs and travel (give --nights to price a trip), consultation "
        "fees, flights, insurance, visa fees, medications and skincare (002: 'Medications and "
        "Skincare: Not included—purchased locally').\n"
    )


def _today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()


def test_compare_fits_80_columns_for_three_treatments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["compare", "subcision", "tca-cross", "dermal-filler", *ALL], capsys)
    assert code == 0
    table = out.split("\n\n")[0].splitlines()
    assert max(len(line) for line in table) <= 80


def test_compare_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["compare", "dermal-filler", "--countries", "KR,CA", "--sessions", "3-6",
                        "--nights", "7", "--home", "KR", "--format", "json", *FIX], capsys)  # fmt: skip
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    kr = next(r for r in rows if r["country"] == "KR")
    # 001: "$110–$600 per session" (its "(avg. $270-$330)" beside it, never a bound)
    assert {k: kr[k] for k in ("treatment", "currency", "low", "high", "open_ended", "unit")} == {
        "treatment": "dermal-filler", "currency": "USD", "low": "110.00", "high": "600.00",
        "open_ended": False, "unit": "session",
    }  # fmt: skip
    assert (kr["average_low"], kr["average_high"], kr["average_currency"]) == (
        "270.00", "330.00", "USD",
    )  # fmt: skip
    assert (kr["total_low"], kr["total_high"], kr["total_currency"], kr["total_open_ended"]) == (
        "330.00", "3600.00", "USD", False,
    )  # fmt: skip
    assert (kr["sessions_low"], kr["sessions_high"]) == (3, 6)
    assert {"trip_approximate", "trip_currency", "saving_currency"} <= set(kr)
    assert {"trip_low", "trip_high", "saving_low", "saving_high", "sources", "rates"} <= set(kr)
    # 3-6 sessions, spaced 4-8 weeks, one 7-night stay holds one: 3-6 stays
    assert (kr["trips_low"], kr["trips_high"]) == (3, 6)
    # the prices and living costs are stated in USD; the consultation fee a stay (004:
    # "₩10,000 - ₩50,000") is the one figure of the row converted, at 004's date
    assert [(r["base"], r["quote"], r["date"]) for r in kr["rates"]] == [
        ("KRW", "USD", "2026-01-16")
    ]
    ca = next(r for r in rows if r["country"] == "CA")
    assert (ca["low"], ca["high"]) == (None, None)
    assert "marks it '-' (no data)" in ca["missing"]


def test_compare_each_policy_lists_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["compare", "pico-toning", "--policy", "each", "--format", "json",
                        "--currency", "KRW", *FIX], capsys)  # fmt: skip
    assert code == 0
    rows = [r for r in json.loads(out) if r["low"] is not None]
    # 004: "Pico Laser (toning): ₩100,000 - ₩300,000"; a Seoul page: ₩39,000–₩75,000
    assert sorted((r["low"], r["high"]) for r in rows) == [
        ("100000", "300000"),
        ("39000", "75000"),
    ]  # KRW has no minor unit
    assert all(r["source"] for r in rows)
    assert all(r["unit"] == "session" for r in rows)


def test_compare_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["compare", "laser-resurfacing", "--format", "csv", *ALL], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    th = next(r for r in rows if r["country"] == "TH")
    assert (th["low"], th["high"], th["currency"]) == ("151.00", "500.00", "USD")
    code, out, _ = run(
        ["compare", "laser-resurfacing", "--countries", "TH", "--format", "markdown", *FIX], capsys
    )
    assert code == 0
    assert out.startswith(
        "**laser-resurfacing · USD**\n\n| Country | laser-resurfacing per session |\n|---|---|\n| TH Thailand | $151.00–$500.00 |\n"
    )


def test_compare_ko_locale_shows_no_won_decimals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["compare", "rejuran", "--countries", "KR", "--currency", "KRW", "--locale", "ko_KR", *FIX],
        capsys,
    )
    assert code == 0
    assert "₩300,000–₩700,000" in out


def test_estimate_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["estimate", str(PLANS / "seoul_co2.toml"), *FIX], capsys)
    assert (code, err) == (0, "")
    assert "TOTAL" in out
    assert "$8,082.00  $28,151.90" in out
    code, out, _ = run(
        ["estimate", str(PLANS / "seoul_co2.toml"), "--format", "json", *FIX], capsys
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["total"] == {"low": "8082.00", "high": "28151.90", "currency": "USD",
                            "open_ended": False, "approximate": True}  # fmt: skip
    assert doc["deposit"]["currency"] == "USD"
    assert (doc["lines"][0]["qty_low"], doc["lines"][0]["qty_high"]) == (3, 6)
    assert {"lines", "rates", "flags", "deposit", "trips"} <= set(doc)
    assert doc["lines"][0]["item"] == "fractional-co2"


def test_estimate_with_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    # seoul_co2.toml with the clinic's quotes: CO2 400,000–500,000 KRW a session (3-6
    # sessions), subcision 1,000,000 KRW for the whole course; in KRW no conversion:
    # CO2 3 × 400,000 = 1,200,000 to 6 × 500,000 = 3,000,000; subcision 1 × 1,000,000
    plan = str(PLANS / "seoul_co2.toml")
    code, out, err = run(["estimate", plan, "--currency", "KRW", "--format", "json",
                          "--quote", "fractional-co2=400000-500000:KRW",
                          "--quote", "KR:subcision=1000000:krw/treatment", *FIX], capsys)  # fmt: skip
    assert (code, err) == (0, "")
    co2, sub = json.loads(out)["lines"][:2]
    assert (co2["item"], co2["sources"], co2["amount_low"], co2["amount_high"]) == (
        "fractional-co2 (your quote)", ["your quote"], "1200000", "3000000",
    )  # fmt: skip
    assert (sub["qty_low"], sub["qty_high"], sub["unit"], sub["amount_low"]) == (
        1, 1, "treatment", "1000000",
    )  # fmt: skip
    code, out, _ = run(["estimate", plan, "--quote", "co2=400000-500000:KRW", *FIX], capsys)
    assert code == 0
    assert "fractional-co2 (your quote)  3–6 sessions" in out
    assert "Sources: your quote · " in out


def test_compare_with_a_quote(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["compare", "fractional-co2", "--countries", "KR,US", "--currency",
                          "KRW", "--quote", "KR:co2=500000-600000:KRW", *FIX], capsys)  # fmt: skip
    assert (code, err) == (0, "")
    assert "KR South Korea    ₩500,000–₩600,000 (your quote)" in out
    assert ("Your quote: KR fractional-co2 500000-600000 KRW per session, in place of the "
            "catalog's range there.") in out  # fmt: skip
    code, out, _ = run(["compare", "co2", "--countries", "KR", "--quote", "co2=580000:KRW",
                        "--format", "csv", *FIX], capsys)  # fmt: skip
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["low"], row["high"], row["sources"]) == ("400.00", "400.00", "your quote")


def test_estimate_currency_override(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["estimate", str(PLANS / "glass_skin.json"), "--currency", "USD", "--format", "json", *FIX],
        capsys,
    )
    assert code == 0
    assert json.loads(out)["total"]["currency"] == "USD"


def test_convert(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["convert", "869000", "KRW", "USD", "--on", "2025-07-17", "--format", "json"], capsys
    )
    assert code == 0
    doc = json.loads(out)
    assert (doc["amount"], doc["currency"], doc["rate_date"]) == (
        "623.17",
        "USD",
        "2025-07-17",
    )  # 869,000 / 1,394.47
    assert doc["rate_source"].startswith("ECB reference rate")
    code, out, _ = run(["convert", "100", "USD", "KRW", *FIX], capsys)
    assert code == 0
    assert out.splitlines()[2].split() == ["$100.00", "₩145,000"]
    assert "1 USD = 1,450.00 KRW · fixed rate (given by the user)" in out


@pytest.mark.parametrize("command", ["treatments", "countries", "sources"])
def test_listings_in_every_format(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("table", "csv", "json", "markdown"):
        code, out, err = run([command, "--format", fmt], capsys)
        assert (code, err) == (0, ""), fmt
        assert out.strip(), fmt
        if fmt == "json":
            assert isinstance(json.loads(out), list)


def test_treatments_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["treatments", "--country", "TH", "--format", "json"], capsys)
    assert code == 0
    assert {r["slug"] for r in json.loads(out)} == {
        "atrophic-scar-treatment",
        "laser-resurfacing",
        "stem-cell",
    }
    _code, out, _ = run(["treatments", "--category", "laser", "--format", "csv"], capsys)
    assert "fractional-co2,Fractional CO2 laser,laser,AU; CA; GB; KR; SG; US,3-6 sessions" in out


def test_sources_counts_rows(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(["sources", "--format", "json"], capsys)
    rows = {r["source"]: r for r in json.loads(out)}
    assert rows["001_d4dca57880d3696d.txt"]["date"] == "undated"
    assert rows["004_d65572b616b5df97.txt"]["rows"] > 10


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(["schema"], capsys)
    assert json.loads(out)["title"] == "tripcost plan"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["compare", "fraxl"],
            2,
            "tripcost: error: unknown treatment 'fraxl'; did you mean fraxel?",
        ),
        (
            ["compare", "co2", "--countries", "KR,Narnia"],
            2,
            "tripcost: error: countries: unknown country 'Narnia'",
        ),
        (
            ["compare", "co2", "--sessions", "6-3"],
            2,
            "tripcost: error: --sessions '6-3' is an impossible range: 6 > 3",
        ),
        (
            ["compare", "co2", "--currency", "XYZ"],
            2,
            "tripcost: error: currency 'XYZ' is not an ISO 4217 currency code",
        ),
        (
            ["compare", "co2", "--rate", "USDKRW=1450"],
            2,
            "tripcost: error: rate pair 'USDKRW' is not of the form BASE/QUOTE",
        ),
        (
            ["compare", "co2", "--rate", "USD/KRW"],
            2,
            "tripcost: error: --rate 'USD/KRW' is not of the form BASE/QUOTE=VALUE",
        ),
        (
            ["compare", "co2", "--rate", "USD/KRW=0"],
            2,
            "tripcost: error: rate USD/KRW=0 must be greater than zero",
        ),
        (
            ["compare", "co2", "--nights", "-1"],
            2,
            "tripcost compare: error: argument --nights: -1 is not between 0 and 3650",
        ),
        (
            ["convert", "1,000", "USD", "KRW"],
            2,
            "tripcost: error: amount '1,000' is not a plain decimal number",
        ),
        (
            ["convert", "10", "USD", "KRW", "--on", "1998-01-01"],
            2,
            "tripcost: error: USD has no rate for 1998-01-01",
        ),
        (
            ["convert", "10", "USD", "KRW", "--on", "yesterday"],
            2,
            "tripcost: error: --on 'yesterday' is not a date",
        ),
        (["estimate", "nope.toml"], 2, "tripcost: error: nope.toml: no such file"),
        (["treatments", "--category", "spa"], 2, "tripcost: error: unknown category 'spa'"),
        (["compare", "co2", "--locale", "xx_YY"], 2, "tripcost: error: unknown locale 'xx_YY'"),
        (["compare", "co2", "--quote", "co2=450000"], 2, "tripcost: error: --quote "
         "'co2=450000' is not of the form [COUNTRY:]TREATMENT=AMOUNT[-AMOUNT]:CUR[/UNIT]"),
        (["compare", "co2", "--quote", "co2=5-4:KRW", "--countries", "KR"], 2,
         "tripcost: error: --quote 'co2=5-4:KRW': quote '5-4 KRW' is an impossible range"),
        (["compare", "co2", "--quote", "co2=-5:KRW", "--countries", "KR"], 2,
         "tripcost: error: --quote 'co2=-5:KRW': quote '-5 KRW' is negative"),
        (["compare", "co2", "--quote", "co2=5:XYZ", "--countries", "KR"], 2,
         "tripcost: error: --quote 'co2=5:XYZ': currency 'XYZ' is not an ISO 4217"),
        (["compare", "co2", "--quote", "co2=5:KRW/course", "--countries", "KR"], 2,
         "tripcost: error: --quote 'co2=5:KRW/course': a quote is per session, syringe or"),
        (["compare", "co2", "--quote", "co2=5:KRW"], 2,
         "tripcost: error: quote 'co2=5:KRW': name the clinic's country (KR:co2=…)"),
        (["compare", "co2", "--quote", "KR:co2=5:KRW/syringe", "--countries", "KR"], 2,
         "tripcost: error: quote 'KR:co2=5:KRW/syringe' is per syringe, the comparison per "
         "session: compare per syringe (unit='syringe', --unit syringe)"),
        (["estimate", str(PLANS / "seoul_co2.toml"), "--quote", "rejuran=5:KRW"], 2,
         "tripcost: error: --quote 'rejuran=5:KRW': the plan has no rejuran line"),
    ],
)  # fmt: skip
def test_user_mistakes(
    args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    got, out, err = run(args, capsys)
    assert got == code
    assert err.startswith(message), err
    assert "Traceback" not in err
    assert out == ""


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["compare"],
        ["compare", "co2", "--colour", "red"],
        ["convert", "1", "USD"],
        [],
    ],
)
def test_argument_errors_exit_2_with_one_line(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    got, _, err = run(args, capsys)
    assert got == 2
    assert "tripcost" in err
    assert "error:" in err
    assert "Traceback" not in err


def test_every_command_has_help_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for command in COMMANDS:
        assert main([command, "--help"]) == 0
        out = capsys.readouterr().out
        assert "example" in out, command
        assert "python -m tripcost " + command in out, command


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("tripcost ")


def test_output_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run(
        ["compare", "co2", "--format", "json", "--output", str(target), *ALL], capsys
    )
    assert (code, out) == (0, "")
    assert json.loads(target.read_text())[0]["country"] == "KR"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["countries", "--output", str(tmp_path / "no" / "x.csv")], capsys)
    assert code == 2
    assert err.startswith("tripcost: error: cannot write ")
    assert "does not exist" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_output_into_a_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        code, _, err = run(["countries", "--output", str(ro / "x.csv")], capsys)
    finally:
        ro.chmod(0o700)
    assert code == 2
    assert "Permission denied" in err


# -- real subprocesses: one per command --------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "fractional-co2"],
        ["estimate", str(PLANS / "seoul_co2.toml")],
        ["convert", "869000", "KRW", "USD"],
        ["treatments"],
        ["countries"],
        ["sources"],
        ["schema"],
    ],
)
def test_subprocess_runs_each_command(args: list[str]) -> None:
    proc = cli(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert proc.stderr == ""


def test_subprocess_user_mistake_has_no_traceback() -> None:
    proc = cli("compare", "fraxl")
    assert proc.returncode == 2
    assert proc.stderr.startswith(
        "tripcost: error: unknown treatment 'fraxl'; did you mean fraxel?"
    )
    assert "Traceback" not in proc.stderr


def test_subprocess_live_rates_without_network_exit_3() -> None:
    # the child process has no test guard: point forex-python at a closed loopback port
    proc = subprocess.run(
        [sys.executable, "-c",
         "import sys, tripcost.fx as fx\n"
         "orig = fx.LiveRates.__init__\n"
         "def init(self, timeout=5.0, url=None, **kw):\n"
         "    orig(self, timeout, url='http://127.0.0.1:9/', **kw)\n"
         "fx.LiveRates.__init__ = init\n"
         "from tripcost.cli import main\n"
         "sys.exit(main(['convert', '10', 'USD', 'KRW', '--rates', 'live']))"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert proc.returncode == 3
    assert proc.stderr.startswith(
        "tripcost: error: live rate (forex-python, http://127.0.0.1:9/): USD/KRW failed"
    )
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [["compare", "fractional-co2", "--home", "US"], ["countries"]])
def test_quick_commands_do_not_load_the_plan_model(args: list[str]) -> None:
    """The quick start stays quick: no pydantic (its plan model costs ~80 ms to import)
    unless a plan or an --extra is read. Speed is measured in benchmarks; this pins only
    what is imported."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "tripcost", *args],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-500:]
    loaded = {line.split("|")[-1].strip() for line in proc.stderr.splitlines()}
    assert "pydantic" not in loaded
    assert "tripcost.plan" not in loaded


def test_import_does_not_load_pandas() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, tripcost; from tripcost import cli; "
         "print('pandas' in sys.modules, 'forex_python' in sys.modules, 'numpy' in sys.modules)"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.stdout.strip() == "False False False"


def test_compare_each_policy_with_trip_and_home(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["compare", "subcision", "--policy", "each", "--nights", "7", "--home", "GB",
                        "--countries", "KR,GB", *FIX, "--rate", "USD/GBP=0.75"], capsys)  # fmt: skip
    assert code == 0
    header, _, *rows = out.splitlines()[1:6]
    assert "trip, 7-night stays" in header
    assert "saving vs GB" in header
    gb = next(r for r in rows if r.startswith("GB"))
    assert gb.rstrip().endswith("(home)")
    assert "Trip and saving columns use the envelope of every source of a country." in out


def test_compare_full_treatment_prices(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["compare", "stem-cell", "--unit", "treatment", "--format", "json", *FIX], capsys
    )
    assert code == 0
    rows = {r["country"]: r for r in json.loads(out)}
    # 002: "USA: $9,000–$50,000"; "Thailand: $1,900–$31,883"
    assert (rows["US"]["low"], rows["US"]["high"], rows["US"]["unit"]) == (
        "9000.00",
        "50000.00",
        "treatment",
    )
    assert (rows["TH"]["low"], rows["TH"]["high"]) == ("1900.00", "31883.00")
    code, _, err = run(["compare", "stem-cell", "--unit", "treatment", "--sessions", "2"], capsys)
    assert code == 2
    assert "a per-treatment price can only be compared on its own" in err


# -- an empty value is never the default ---------------------------------------------------


def _value_options() -> list[tuple[str, str, list[str]]]:
    """(command, option or argument, a command line with that value empty) for every
    option and argument of every command that takes a value, read from the parser."""
    import argparse

    from tripcost.cli_parser import build_parser

    plan = str(PLANS / "seoul_co2.toml")
    needed = {"compare": ["co2"], "estimate": [plan], "calendar": [plan],
              "convert": ["1", "USD", "KRW"]}  # fmt: skip
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    out = []
    for command, parser in sub.choices.items():
        positional = [a for a in parser._actions if not a.option_strings]
        for action in parser._actions:
            if action.nargs == 0 or action.dest == "help":
                continue
            if action.option_strings:
                args = [command, *needed.get(command, []), action.option_strings[0], ""]
                out.append((command, action.option_strings[0], args))
            else:
                given, at = list(needed.get(command, [])), positional.index(action)
                given[at : at + 1] = [""]
                out.append((command, str(action.metavar or action.dest), [command, *given]))
    return out


@pytest.mark.parametrize(("command", "option", "args"), _value_options(),
                         ids=lambda v: v if isinstance(v, str) else None)  # fmt: skip
def test_an_empty_value_is_refused(
    command: str, option: str, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    got, out, err = run(args, capsys)
    assert (got, out) == (2, ""), err
    assert option in err or option.lstrip("-") in err, err
    assert len(err.strip().splitlines()) <= 2  # the error, and where to find help
    assert "Traceback" not in err


def test_every_value_option_is_walked() -> None:
    walked = {(c, o) for c, o, _ in _value_options()}
    assert {("compare", "--currency"), ("estimate", "--currency"), ("convert", "--on"),
            ("compare", "TREATMENT"), ("estimate", "PLAN"), ("compare", "--output"),
            ("calendar", "--today"), ("treatments", "--category")} <= walked  # fmt: skip
    assert len(walked) > 60


@pytest.mark.parametrize("value", [" ", "\t"])
def test_a_blank_value_is_refused_too(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["compare", "co2", "--currency", value], ["countries", "--output", value],
                 ["convert", "1", "USD", "KRW", "--on", value]):  # fmt: skip
        got, out, err = run(args, capsys)
        assert (got, out) == (2, ""), err
        assert "empty" in err or "is not a date" in err, err


def test_a_plan_refused_while_priced_or_dated_names_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors found after reading (too few nights for the sessions; a calendar with no
    start) name the plan file, as errors found while reading it do."""
    plan = tmp_path / "trip.toml"
    plan.write_text(
        'currency = "USD"\n[[trips]]\ncountry = "KR"\nnights = 10\n'
        '[[trips.treatments]]\ntreatment = "fractional-co2"\nsessions = 3\n'
    )
    code, out, err = run(["estimate", str(plan), *FIX], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"tripcost: error: {plan} line 3: trips[0]: 3 sessions of fractional-co2")
    code, out, err = run(["calendar", str(plan)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"tripcost: error: {plan} line 3: trips[0].start: the calendar dates")


def test_a_plan_naming_an_unknown_treatment_or_an_unpriced_cell_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "trip.toml"
    plan.write_text('currency = "USD"\n[[trips]]\ncountry = "KR"\nnights = 10\n\n'
                    '[[trips.treatments]]\ntreatment = "rejurn"\nsessions = 1\n')  # fmt: skip
    code, out, err = run(["estimate", str(plan), *FIX], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"tripcost: error: {plan} line 7: trips[0].treatments[0].treatment: "
                          "unknown treatment 'rejurn'; did you mean rejuran")  # fmt: skip
    plan.write_text('[[trips]]\ncountry = "CA"\nnights = 10\n'
                    '[[trips.treatments]]\ntreatment = "dermal-filler"\n')  # fmt: skip
    code, out, err = run(["estimate", str(plan), *FIX], capsys)
    assert (code, out) == (2, "")
    assert f"error: {plan}" in err
    assert "no per-session price for dermal-filler in CA" in err


def test_currency_codes_in_any_case_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """--currency, --rate, --extra and --quote all take usd as USD (plans and the API keep
    ISO's capitals, as the plan schema says)."""
    upper = run(["compare", "co2", "--countries", "KR", "--rate", "USD/KRW=1450",
                 "--currency", "KRW"], capsys)  # fmt: skip
    lower = run(["compare", "co2", "--countries", "KR", "--rate", "usd/krw=1450",
                 "--currency", "krw"], capsys)  # fmt: skip
    assert upper == lower
    assert upper[0] == 0
    assert "₩435,000–₩1,015,000" in upper[1]


def test_extra_amounts_with_an_exponent(capsys: pytest.CaptureFixture[str]) -> None:
    """--extra flight=1e+3 is a 1000 flight, as Money and convert read it."""
    base = ["compare", "rejuran", "--countries", "KR", "--nights", "3", *FIX, "--format", "json"]
    (one,) = json.loads(run([*base, "--extra", "flight=1e+3"], capsys)[1])
    (two,) = json.loads(run([*base, "--extra", "flight=1000"], capsys)[1])
    assert one["trip_low"] == two["trip_low"]


def test_a_plan_path_written_with_dot_slash_is_named_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.toml").write_text('[[trips]]\ncountry = "KR"\nnights = "x"\n')
    for command in ("calendar", "estimate"):
        code, _, err = run([command, "./r.toml"], capsys)
        assert code == 2
        assert err.startswith("tripcost: error: r.toml line 3: trips[0].nights:"), err


def test_compare_without_a_consultation(capsys: pytest.CaptureFixture[str]) -> None:
    """--no-consultation drops the fee a stay (KR: free to ₩50,000, 001 and 004) and says
    it is not included; 3-6 stays × ₩50,000 at 1,450 is $103.45-$206.90 of the high."""
    base = ["compare", "co2", "--countries", "KR", "--nights", "14", *FIX, "--format", "json"]
    (with_fee,) = json.loads(run(base, capsys)[1])
    (without,) = json.loads(run([*base, "--no-consultation"], capsys)[1])
    assert Decimal(with_fee["trip_high"]) - Decimal(without["trip_high"]) == Decimal("206.90")
    assert "consultation fees" in without["not_included"]
    assert "consultation fees" not in with_fee["not_included"]
    code, table, _ = run([*base[:-2], "--no-consultation"], capsys)
    assert code == 0
    assert "a consultation a stay" not in table


def test_no_consultation_needs_a_trip(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["compare", "co2", "--no-consultation"], capsys)
    assert (code, out) == (2, "")
    assert "--no-consultation drops a trip's fee: give --nights" in err
