"""The coverage map: its counts are the data's, read independently from data/prices.csv."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from tripcost import load_catalog
from tripcost.cli import main
from tripcost.resolve.coverage import coverage

ROOT = Path(__file__).resolve().parents[1]
RANK = ["society-or-survey", "clinic-or-guide", "aggregator"]


def from_the_file() -> dict[tuple[str, str], tuple[int, int, str]]:
    """(treatment, country) -> (rows, distinct sources, strongest authority)."""
    rows: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    with (ROOT / "data" / "prices.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rows[(r["treatment"], r["country"])].append(r)
    return {
        k: (len(v), len({r["source"] for r in v}), min((r["authority"] for r in v), key=RANK.index))
        for k, v in rows.items()
    }


def test_every_cell_counts_what_the_data_holds() -> None:
    expected = from_the_file()
    cells = coverage(load_catalog(), fees=True)
    got = {(c.treatment, c.country): (c.rows, c.sources, c.best) for c in cells if c.rows}
    assert got == expected
    empty = [c for c in cells if not c.rows]
    assert all(c.text.startswith("no data") for c in empty)
    assert all(c.best is None and c.units == () for c in empty)


def test_pinned_cells() -> None:
    cells = {(c.treatment, c.country): c for c in coverage(load_catalog())}
    # the ASPS average and a clinic's range: a society leads the US laser-resurfacing cell
    assert cells[("laser-resurfacing", "US")].best == "society-or-survey"
    # only aggregator pages price fractional CO2 in the UK
    assert cells[("fractional-co2", "GB")].best == "aggregator"
    assert cells[("dermal-filler", "CA")].text == "no data ('-' in 001)"


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_the_command_in_every_format(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        records = json.loads(out)
        kr = next(r for r in records if (r["treatment"], r["country"]) == ("rejuran", "KR"))
        assert (kr["sources"], kr["best_authority"]) == (2, "clinic-or-guide")
    elif fmt == "table":
        assert "laser-resurfacing" in out
        assert "cells have a price" in out
