"""The notes under a comparison's table: rates and sources, gaps, what the figures
include and leave out, the notes on prices and trips, and the saving's basis."""

from __future__ import annotations

from collections.abc import Sequence

from tripcost.comparison import CompareRow, summarize
from tripcost.fx import RecordingRates
from tripcost.resolve.catalog import Catalog
from tripcost.resolve.prices import gap_summary
from tripcost.rules.left_out import SOURCE_WORDS, not_included
from tripcost.savings import BASES
from tripcost.views.compare_asked import CompareAsked, quoted
from tripcost.views.display import span
from tripcost.views.notes import notes_under, rates_shown

__all__ = ["compare_notes", "not_included_line"]


def not_included_line(items: Sequence[str], trip: bool) -> str:
    """'Not included: …' as the table says it; without a trip, how to price one."""
    if not items:
        return "Included: everything a trip usually costs that the sources price."
    shown = [f"{w} (give --nights to price a trip)" if w == "living costs and travel" else w
             for w in items]  # fmt: skip
    how = "; add them with --extra" if trip else ""
    medications = (
        f" ({SOURCE_WORDS})" if any(w.startswith("medications and skincare") for w in items)
        else ""
    )  # fmt: skip
    return f"Not included: {', '.join(shown)}{medications}{how}."


def _gaps(
    rows: Sequence[CompareRow], slugs: Sequence[str], cat: Catalog, q: CompareAsked
) -> list[str]:
    """Countries with no price, and cells that state only an average (never a bound)."""
    out = []
    for slug in slugs:
        mine = [r for r in rows if r.treatment == slug and r.per_session is None]
        gaps = sorted({r.country for r in mine if r.average is None})
        if gaps and not q.each:
            out.append(gap_summary(cat, slug, gaps, q.unit))
        for r in mine:
            if r.average is not None and r.statistic != "average":
                refs = list(dict.fromkeys(s.ref for s in r.average.sources))
                what = "an average" if len(refs) == 1 else "averages"
                shown, cited = span(r.average, q.locale), ", ".join(refs)
                out.append(f"Only {what} for {slug} in {r.country}: {shown} per {r.unit} "
                           f"({cited}); an average is not a bound, so no range.")  # fmt: skip
    return out


def _beside(rows: Sequence[CompareRow], q: CompareAsked) -> list[str]:
    """Averages beside a range, your quotes, treatments home has no price for."""
    out = []
    for r in rows:
        if r.average is not None and r.per_session is not None:
            refs = ", ".join(dict.fromkeys(s.ref for s in r.average.sources))
            shown = span(r.average, q.locale)
            out.append(f"Average beside the range: {r.country} {r.treatment} {shown} ({refs}).")
    for r in rows:
        if quoted(r) and r.per_session is not None:
            stated = r.per_session.sources[0].quote
            out.append(f"Your quote: {r.country} {r.treatment} {stated} per {r.unit}, in place "
                       "of the catalog's range there.")  # fmt: skip
    why = {r.treatment: r.home_missing for r in rows if r.home_missing}
    for slug in sorted(why):  # home's reason: no row, or only an average (not a bound)
        reason = why[slug].removeprefix(f"home {q.home}: ")
        out.append(f"No saving for {slug}: {q.home} has no range for it ({reason}).")
    return out


def _left_out(rows: Sequence[CompareRow], q: CompareAsked) -> list[str]:
    """What no figure includes; what only some countries' figures leave out (a trip with
    no consultation fee in the catalog) names them: "consultation fees (TH, US)"."""
    if not rows:
        return list(not_included(q.extras, trip=q.nights is not None,
                                 consultation=q.consultation))  # fmt: skip
    by_country = {r.country: r.not_included for r in rows}
    order = not_included([], trip=False)  # every item, in the fixed order
    items = sorted({w for left in by_country.values() for w in left}, key=order.index)
    out = []
    for w in items:
        where = [c for c, left in by_country.items() if w in left]
        out.append(w if len(where) == len(by_country) else f"{w} ({', '.join(where)})")
    return out


def _flags(rows: Sequence[CompareRow]) -> list[str]:
    """The notes on each row's price, then its trip's flags, each once ("KR, TH trips"
    where several countries' trips share one)."""
    seen: list[str] = []
    for r in rows:
        for kind, message in r.notes:
            text = f"[{kind}] {r.country} {r.treatment}: {message}"
            if text not in seen:
                seen.append(text)
    priced = {(r.country, n) for r in rows for n in r.notes}  # said once, on the price
    trips: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        for flag, message in r.trip_notes:
            if (r.country, (flag, message)) in priced:
                continue
            where = trips.setdefault((str(flag), message), [])
            if r.country not in where:
                where.append(r.country)
    for (name, text), where in trips.items():
        seen.append(f"[{name}] {', '.join(where)} trip{'s' if len(where) > 1 else ''}: {text}")
    return seen


def _each(q: CompareAsked) -> list[str]:
    """What the trip and saving columns of the long table (one row a statement) use."""
    if q.nights is not None and (q.home is None or q.basis == "trip"):
        what = "Trip and saving columns use" if q.home else "The trip column uses"
        return [f"{what} the envelope of every source of a country."]
    if q.home is not None:
        return [f"Savings: each statement against {q.home}'s range (the envelope of its "
                "sources)."]  # fmt: skip
    return []


def _saving(rows: Sequence[CompareRow], slugs: Sequence[str], q: CompareAsked) -> list[str]:
    basis = BASES[q.basis].format(unit=q.unit).replace("at home", f"in {q.home}")
    out = [f"Saving ({q.basis}): {basis}, from the least to the most saved (negative: "
           "costs more)."]  # fmt: skip
    shown = rows if q.each else summarize(rows, slugs)
    if not any(r.country == q.home for r in rows):  # home's figures are not in the table
        warnings: list[str] = []
        for r in rows:
            what = (
                ", ".join(s for s in slugs if s not in r.saving_without)
                if q.basis == "trip" else r.treatment
            )  # fmt: skip
            warnings += [f"[{kind}] {q.home} {r.treatment} (home): {message}"
                         for kind, message in r.home_notes]  # fmt: skip
            if r.home_price is None:
                continue
            refs = ", ".join(dict.fromkeys(s.ref for s in r.home_price.sources))
            figure = span(r.home_price, q.locale)
            said_as = (f"{what} {figure} per {q.unit}" if q.basis == "price"
                       else f"the course of {what} {figure}")  # fmt: skip
            out.append(f"At home ({q.home}): {said_as} ({refs}).")
        out += warnings
    if any(r.saving_without for r in shown):
        out.append("(without …): that country's saving compares only the treatments priced "
                   f"both there and in {q.home}, on the same basis.")  # fmt: skip
    if q.basis == "trip":  # a trip of fewer treatments is a figure the table does not show
        for r in rows:
            if r.saving_without and r.abroad_price is not None:
                kept = ", ".join(s for s in slugs if s not in r.saving_without)
                out.append(f"{r.country}'s saving is on a trip of {kept} alone: "
                           f"{span(r.abroad_price, q.locale)}.")  # fmt: skip
    return list(dict.fromkeys(out))  # each line once (a country's rows share its trip)


def compare_notes(
    rows: Sequence[CompareRow], slugs: Sequence[str], cat: Catalog, rates: RecordingRates,
    q: CompareAsked, cells: Sequence[Sequence[str]],
) -> list[str]:  # fmt: skip
    """Every note under the table, in reading order."""
    sources = [s for row in rows for r in (row.per_session, row.average, row.trip,
                                             row.home_price) if r for s in r.sources]  # fmt: skip
    used, reference = rates_shown(rates, q.currency)
    notes = notes_under(used, q.locale, sources, reference)
    notes += _gaps(rows, slugs, cat, q)
    unverified = sorted({ref for r in rows for ref in r.unverified})
    if unverified:
        notes.append(f"Unverified sources (no copy to check the quotes): {', '.join(unverified)}")
    if any("+" in c for line in cells for c in line):
        notes.append("+ : or more (the source's highest figure is a floor)")
    if q.home is not None and any(line and line[-1].endswith("+") for line in cells):
        notes.append("+ on a saving: home's price is open-ended, so the most saved may be "
                     "more")  # fmt: skip
    if any(" or less" in c for line in cells for c in line):
        notes.append("or less: the price abroad is open-ended (+), so the least saved may be "
                     "less")  # fmt: skip
    if any(c.startswith("~") for line in cells for c in line):
        notes.append("~ : approximate in the source")
    trip = q.nights is not None
    if trip:
        extras = (
            f", the extras given ({', '.join(q.extras)}) once a stay (a per-person one for "
            "each traveller)"
            if q.extras
            else ""
        )
        fee = ", a consultation a stay where the catalog has a fee" if q.consultation else ""
        notes.append(f"Trip: the treatments, each stay's hotel, meals and rides{fee}{extras}; "
                     "sessions that do not fit one stay are spread over several "
                     "stays.")  # fmt: skip
    notes.append(not_included_line(_left_out(rows, q), trip))
    notes += _beside(rows, q)
    notes += _flags(rows)
    if q.each:
        notes += _each(q)
    if q.home is not None:
        notes += _saving(rows, slugs, q)
    return notes
