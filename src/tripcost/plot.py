"""Charts for notebooks and apps (matplotlib; ``pip install 'tripcost[plot]'``).

Every chart has a title, axis labels naming the currency, a legend where it helps and
a source note under it. Each function takes the frames the library returns
(`compare_plan`, `sweep`, `analysis.fx_sensitivity`, …) and an optional ``ax``; it
returns the matplotlib ``Axes``.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from tripcost.errors import TripcostError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from tripcost.calendar import Calendar
    from tripcost.resolve.catalog import Catalog

__all__ = ["band_chart", "coverage_map", "heatmap", "range_chart", "timeline_chart"]

CLOSED = "#3b6ea5"
OPEN = "#d08c2f"


def _plt() -> ModuleType:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - the plot extra is missing
        raise TripcostError("plots need matplotlib: pip install 'tripcost[plot]'") from exc
    return plt


def _compact(value: float, currency: str) -> str:
    from babel.numbers import format_compact_currency

    if abs(value) < 1000:  # compact form keeps cents below a thousand; whole units read better
        value = round(value)
    text = str(format_compact_currency(value, currency, locale="en_US", fraction_digits=1))
    return text.replace("$", r"\$")  # a bare "$" starts mathtext in matplotlib


def _thousands(ax: Axes, axis: str = "x") -> None:
    from matplotlib.ticker import StrMethodFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _finish(ax: Axes, source: str, bottom: float) -> None:
    """The source note under the chart, and a layout that leaves room for it."""
    from matplotlib.figure import Figure

    fig = ax.figure
    fig.text(0.01, 0.005, f"Source: {source}", fontsize=7, color="#555555", ha="left",
             va="bottom", wrap=True)  # fmt: skip
    if isinstance(fig, Figure):
        fig.tight_layout(rect=(0, bottom, 1, 1))


def range_chart(
    frame: pd.DataFrame,
    *,
    label: str = "country",
    low: str = "total_low",
    high: str = "total_high",
    open_ended: str = "open_ended",
    approximate: str = "approximate",
    currency: str = "USD",
    title: str,
    source: str,
    ax: Axes | None = None,
) -> Axes:
    """One horizontal bar from low to high per row; open-ended highs ("or more") are
    hatched with an arrow past the high; approximate ranges are labelled "~"; rows
    without a price say "no data"."""
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * len(frame) + 1.6))
    assert ax is not None
    rows = frame.reset_index(drop=True)
    highs = [float(v) for v in rows[high] if v is not None and v == v]
    top = max(highs) if highs else 1.0
    for i, r in rows.iterrows():
        lo, hi = r[low], r[high]
        y = len(rows) - 1 - int(i)  # type: ignore[call-overload]
        if lo is None or hi is None or lo != lo:
            ax.text(0, y, "  no data", va="center", fontsize=8, color="#777777")
            continue
        lo_f, hi_f = float(lo), float(hi)
        is_open = bool(r.get(open_ended, False))
        ax.barh(y, max(hi_f - lo_f, top * 0.004), left=lo_f, height=0.55,
                color=OPEN if is_open else CLOSED, hatch="//" if is_open else None,
                edgecolor="white" if is_open else CLOSED)  # fmt: skip
        if is_open:
            ax.annotate("", xy=(hi_f + top * 0.06, y), xytext=(hi_f, y),
                        arrowprops={"arrowstyle": "->", "color": OPEN})  # fmt: skip
        mark = "~" if bool(r.get(approximate, False)) else ""
        label_text = f"{mark}{_compact(lo_f, currency)}–{_compact(hi_f, currency)}"
        ax.text(hi_f + top * (0.08 if is_open else 0.01), y,
                label_text + ("+" if is_open else ""), va="center", fontsize=7)  # fmt: skip
    ax.set_yticks(range(len(rows)), [str(v) for v in rows[label]][::-1])
    ax.set_xlim(0, top * 1.3)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    _thousands(ax, "x")
    ax.set_xlabel(f"Cost ({currency}), low to high")
    ax.set_ylabel(label.replace("_", " ").capitalize())
    ax.set_title(title)
    from matplotlib.patches import Patch

    closed = Patch(color=CLOSED, label="range as stated")
    opened = Patch(facecolor=OPEN, hatch="//", edgecolor="white", label="open-ended ('or more')")
    ax.legend(handles=[closed, opened], loc="lower right", fontsize=7, frameon=False)
    _finish(ax, source, 0.04)
    return ax


def heatmap(
    frame: pd.DataFrame,
    *,
    index: str,
    columns: str,
    low: str = "low",
    high: str = "high",
    currency: str = "USD",
    title: str,
    source: str,
    ax: Axes | None = None,
) -> Axes:
    """The midpoint of each (index, column) cell as colour, its low–high range written in it
    ("+" where a price is open-ended).

    Several rows per cell (other axes of a sweep) are combined: lowest low, highest high.
    """
    plt = _plt()
    import numpy as np

    aggs: dict[str, tuple[str, str]] = {"lo": (low, "min"), "hi": (high, "max")}
    if "open_ended" in frame.columns:
        aggs["open"] = ("open_ended", "any")
    grouped = frame.groupby([index, columns], observed=True).agg(**aggs)
    lo = grouped["lo"].unstack(columns)
    hi = grouped["hi"].unstack(columns)
    opened = grouped["open"].unstack(columns) if "open" in grouped else None
    mid = (lo + hi) / 2
    if ax is None:
        _, ax = plt.subplots(figsize=(1.6 * len(mid.columns) + 2.5, 0.55 * len(mid.index) + 1.8))
    assert ax is not None
    values = mid.to_numpy(dtype=float)
    lows, highs = lo.to_numpy(dtype=float), hi.to_numpy(dtype=float)
    image = ax.imshow(np.ma.masked_invalid(values), cmap="viridis_r", aspect="auto")
    for (r, c), v in np.ndenumerate(values):
        if v != v:
            text = "no data"
        else:
            low_text = _compact(float(lows[r, c]), currency)
            text = f"{low_text}–{_compact(float(highs[r, c]), currency)}"
            if opened is not None and bool(opened.iat[r, c]):
                text += "+"
        ax.text(c, r, text, ha="center", va="center", fontsize=7,
                color="black" if v != v or v < np.nanmean(values) else "white")  # fmt: skip
    ax.set_xticks(range(len(mid.columns)), [str(c) for c in mid.columns])
    ax.set_yticks(range(len(mid.index)), [str(i) for i in mid.index])
    ax.set_xlabel(columns.replace("_", " ").capitalize())
    ax.set_ylabel(index.replace("_", " ").capitalize())
    ax.set_title(title)
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(f"Midpoint of low and high ({currency})")
    _finish(ax, source, 0.05)
    return ax


def band_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    low: str = "total_low",
    high: str = "total_high",
    currency: str = "USD",
    xlabel: str,
    title: str,
    source: str,
    ax: Axes | None = None,
) -> Axes:
    """The low and the high as two lines with the range between them shaded."""
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    assert ax is not None
    xs = list(frame[x])
    los = [float(v) for v in frame[low]]
    his = [float(v) for v in frame[high]]
    ax.fill_between(xs, los, his, color=CLOSED, alpha=0.2, label="range")
    ax.plot(xs, his, color=CLOSED, marker="o", label="high")
    ax.plot(xs, los, color=CLOSED, marker="o", linestyle="--", label="low")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"Total ({currency})")
    _thousands(ax, "y")
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    _finish(ax, source, 0.05)
    return ax


#: One colour per kind of calendar event, in `tripcost.calendar.EventKind` order.
KIND_COLOURS = {
    "book_by": "#7a5195", "visa_apply_by": "#bc5090", "arrival": "#3b6ea5",
    "session": "#2a9d8f", "downtime_end": "#d08c2f", "refund_depart_by": "#8c8c8c",
    "departure": "#264653",
}  # fmt: skip


def timeline_chart(
    cal: Calendar,
    *,
    title: str,
    source: str,
    kinds: tuple[str, ...] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """One row per event of a `tripcost.calendar.Calendar`, a bar from its earliest to
    its latest day (a dot where both are one day); events only some courses need (a 4th
    session of 3-6) are hatched and lighter; ``kinds`` keeps only those kinds."""
    plt = _plt()
    import numpy as np
    from matplotlib.patches import Patch

    events = [e for e in cal.events if kinds is None or str(e.kind) in kinds]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.24 * len(events) + 1.8))
    assert ax is not None
    for i, e in enumerate(events):
        y = len(events) - 1 - i
        colour = KIND_COLOURS.get(str(e.kind), CLOSED)
        optional = bool(e.condition) and e.condition != "if your passport needs a visa"
        start = np.datetime64(e.earliest, "D")
        days = np.timedelta64((e.latest - e.earliest).days + 1, "D")  # covers the latest day
        ax.barh(y, days, left=start, height=0.6, color=colour, alpha=0.45 if optional else 0.9,
                hatch="//" if optional else None, edgecolor="white")  # fmt: skip
        if e.earliest == e.latest:  # one day: a bar a day wide would not show
            ax.plot([start], [y], marker="o", markersize=4, color=colour,
                    alpha=0.45 if optional else 1.0)  # fmt: skip
        if e.open_ended:
            end = start + days
            ax.annotate("", xy=(end + np.timedelta64(6, "D"), y), xytext=(end, y),
                        arrowprops={"arrowstyle": "->", "color": colour})  # fmt: skip
    ax.set_yticks(range(len(events)), [e.what for e in events][::-1], fontsize=7)
    ax.set_ylim(-0.7, len(events) - 0.3)
    ax.xaxis_date()
    ax.margins(x=0.02)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel("Date (bar: earliest to latest day)")
    ax.set_ylabel("Event")
    ax.set_title(title)
    shown = dict.fromkeys(str(e.kind) for e in events)
    handles = [Patch(color=KIND_COLOURS.get(k, CLOSED), label=k.replace("_", " ")) for k in shown]
    handles.append(Patch(facecolor="#999999", alpha=0.45, hatch="//", edgecolor="white",
                         label="only if the course needs it"))  # fmt: skip
    ax.legend(handles=handles, loc="upper right", fontsize=7, frameon=False)
    _finish(ax, source, 0.03)
    return ax


#: The coverage map's colours: the strongest authority pricing a cell (darker is stronger),
#: then a cell a source marks "-", then a cell no source mentions.
COVERAGE_COLOURS = {
    "society-or-survey": "#1f5f8b", "clinic-or-guide": "#5fa8d3", "aggregator": "#cfe3f1",
    "marked": "#e4e4e4", "none": "#ffffff",
}  # fmt: skip
COVERAGE_LABELS = {
    "society-or-survey": "a society or survey", "clinic-or-guide": "a clinic or guide",
    "aggregator": "an aggregator only", "marked": "no data: a source marks it '-'",
    "none": "no data: no source prices it",
}  # fmt: skip


def coverage_map(
    catalog: Catalog | None = None,
    *,
    title: str = "Which treatments are priced where",
    source: str = "tripcost coverage: data/prices.csv and data/no_data.csv",
    ax: Axes | None = None,
) -> Axes:
    """What ``tripcost coverage`` shows, as a heatmap: treatments down, countries across;
    each cell coloured by the strongest authority among the sources that price it and
    labelled with how many sources do; "no data" where none does (grey where a source's
    table marks the cell "-"). The cells are `tripcost coverage`'s own (``catalog``
    defaults to the embedded one)."""
    plt = _plt()
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from tripcost.resolve.coverage import coverage
    from tripcost.resolve.load import load_catalog

    cat = catalog if catalog is not None else load_catalog()
    cells = coverage(cat)
    countries = cat.countries()
    treatments = list(dict.fromkeys(c.treatment for c in cells))
    kinds = list(COVERAGE_COLOURS)
    codes = np.full((len(treatments), len(countries)), kinds.index("none"))
    if ax is None:
        _, ax = plt.subplots(figsize=(0.75 * len(countries) + 4.5, 0.3 * len(treatments) + 2))
    assert ax is not None
    ink = {"society-or-survey": "white", "marked": "#777777", "none": "#999999"}
    for c in cells:
        r, k = treatments.index(c.treatment), countries.index(c.country)
        kind = str(c.best) if c.rows else "marked" if c.marked else "none"
        codes[r, k] = kinds.index(kind)
        ax.text(k, r, str(c.sources) if c.rows else "no data", ha="center", va="center",
                fontsize=8 if c.rows else 6, color=ink.get(kind, "#222222"))  # fmt: skip
    colours = ListedColormap([COVERAGE_COLOURS[k] for k in kinds])
    ax.imshow(codes, cmap=colours, vmin=-0.5, vmax=len(kinds) - 0.5, aspect="auto")
    ax.set_xticks(range(len(countries)), countries)
    ax.set_yticks(range(len(treatments)), treatments, fontsize=8)
    ax.set_xticks(np.arange(len(countries) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(treatments) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="#bbbbbb", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_xlabel("Country (in a cell: the number of sources that price it)")
    ax.set_ylabel("Treatment")
    ax.set_title(title)
    handles = [Patch(facecolor=COVERAGE_COLOURS[k], edgecolor="#bbbbbb",
                     label=COVERAGE_LABELS[k]) for k in kinds]  # fmt: skip
    ax.legend(handles=handles, title="The strongest source", loc="upper left",
              bbox_to_anchor=(1.01, 1), fontsize=7, title_fontsize=8, frameon=False)  # fmt: skip
    priced = sum(1 for c in cells if c.rows)
    _finish(ax, f"{source}. {priced} of {len(cells)} cells have a price.", 0.03)
    return ax
