"""The coverage map: `tripcost coverage` drawn cell for cell."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tripcost import load_catalog
from tripcost.resolve.coverage import coverage

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def plot() -> ModuleType:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tripcost import plot

    return plot


def test_coverage_map_draws_every_cell_of_tripcost_coverage(plot: ModuleType) -> None:
    catalog = load_catalog()
    cells = coverage(catalog)
    ax = plot.coverage_map(catalog, title="Coverage", source="data/")
    treatments = [t.get_text() for t in ax.get_yticklabels()]
    countries = [t.get_text() for t in ax.get_xticklabels()]
    assert countries == catalog.countries()
    assert treatments == list(dict.fromkeys(c.treatment for c in cells))
    assert "consultation" not in treatments  # fees are not treatments
    texts = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
    }
    assert len(texts) == len(cells) == len(treatments) * len(countries)
    codes = ax.images[0].get_array()
    kinds = list(plot.COVERAGE_COLOURS)
    for c in cells:
        r, k = treatments.index(c.treatment), countries.index(c.country)
        if c.rows:
            assert texts[r, k] == str(c.sources)
            assert kinds[codes[r, k]] == c.best
        else:
            assert texts[r, k] == "no data"
            assert kinds[codes[r, k]] == ("marked" if c.marked else "none")


def test_coverage_map_reads_the_data(plot: ModuleType) -> None:
    ax = plot.coverage_map()
    treatments = [t.get_text() for t in ax.get_yticklabels()]
    countries = [t.get_text() for t in ax.get_xticklabels()]
    codes = ax.images[0].get_array()
    kinds = list(plot.COVERAGE_COLOURS)
    texts = {
        (round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts
    }

    def cell(treatment: str, country: str) -> tuple[str, str]:
        r, k = treatments.index(treatment), countries.index(country)
        return texts[r, k], kinds[codes[r, k]]

    # the ASPS average (a society) and ng.ruli.com (an aggregator) price CO2 in the US
    assert cell("fractional-co2", "US") == ("2", "society-or-survey")
    # ng.ruli.com alone prices it in Canada
    assert cell("fractional-co2", "CA") == ("1", "aggregator")
    # 001's table marks Canada's laser resurfacing '-'; nothing prices rejuran in the US
    assert cell("laser-resurfacing", "CA") == ("no data", "marked")
    assert cell("rejuran", "US") == ("no data", "none")
    assert ax.get_title() == "Which treatments are priced where"
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == list(plot.COVERAGE_LABELS.values())
    notes = [t.get_text() for t in ax.figure.texts]
    assert any(
        n.startswith("Source: tripcost coverage") and "cells have a price" in n for n in notes
    )


def test_render_draws_the_coverage_map(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    proc = subprocess.run([sys.executable, str(ROOT / "docs" / "render.py"), str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "MPLBACKEND": "Agg"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "coverage.png").stat().st_size > 10_000
