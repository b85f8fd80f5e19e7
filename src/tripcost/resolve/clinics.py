"""A treatment line's price as the clinic sets it: your own quote, or the half of the
catalog's range that the kind of clinic points to.

**Your quote** (``quote`` on a treatment line) replaces the catalog's range for that
line, in the trip's own country only; its source is "your quote" (no file, nothing to
date or verify). Per session it is the session's price; per syringe it is × the line's
``units`` a session; per treatment it is the whole course, paid once however many
sessions the course takes (the line reads "1 treatment"; the sessions still set the
schedule).

**The kind of clinic** (``clinic`` on a trip or a line) follows 004's "Clinic Comparison
Table (Generalized)": its "Average Price Point" is "Mid-low" for a large chain clinic
(the lower half of the range) and "Mid-high" for a boutique or specialty clinic and an
international department (the upper half). The rows are ``clinic_<kind>`` rules of the
catalog, quoting the table; where a country has none, the whole range is kept and a
flag says so. A quote is never narrowed: it is already the clinic's own price.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tripcost.errors import CatalogError
from tripcost.money import Money, exact
from tripcost.planmoney import quote_text
from tripcost.ranges import Range, Source
from tripcost.rules.costs import half
from tripcost.vocab import CLINIC_TYPES, PRICE_POINTS, Clinic, FlagKind

if TYPE_CHECKING:
    from tripcost.plan import TreatmentLine
    from tripcost.resolve.catalog import Catalog

__all__ = ["OwnPrice", "clinic_price", "own_price"]

Note = tuple[FlagKind, str]
#: (the price in the display currency, the line's note, whether it is the whole course)
OwnPrice = tuple[Range, str, bool]


def own_price(line: TreatmentLine, convert: Callable[[Range], Range]) -> OwnPrice:
    """The line's quote as the price the estimate multiplies: a session's (a per-syringe
    quote × the line's units), or the whole course's; ``convert`` puts it in the display
    currency."""
    quote = line.quote
    assert quote is not None
    text, basis = quote_text(quote), line.quote_basis
    if basis == "syringe":
        price = quote.scale(line.units)
        note = f"your quote: {text} a syringe × {line.units:f} syringe(s) a session"
    elif basis == "treatment":
        price, note = quote, f"your quote: {text} for the whole treatment (not × the sessions)"
    else:
        price, note = quote, f"your quote: {text} a session"
    return convert(price), note, basis == "treatment"


def clinic_price(cat: Catalog, price: Range, kind: str, country: str) -> tuple[Range, Note, str]:
    """``price`` narrowed to the half 004's clinic comparison points to, with the flag
    that says so and a short note for the line; unchanged (flagged) where the catalog
    has no ``clinic_<kind>`` rule for ``country``."""
    label = CLINIC_TYPES[Clinic(kind)]
    rows = cat.rule(f"clinic_{kind}", country)
    if not rows:
        msg = (f"no source says where a clinic of this kind ({label}) prices in {country}; "
               "the whole range is used")  # fmt: skip
        return price, (FlagKind.ASSUMPTION, msg), ""
    r = rows[0]
    point = next((p for p in PRICE_POINTS if p in r.quote), None)
    if point is None:
        known = " or ".join(repr(p) for p in PRICE_POINTS)
        msg = f"rule clinic_{kind} in {country} ({r.source}) quotes no price point ({known})"
        raise CatalogError(msg)
    side = PRICE_POINTS[point]
    with exact():
        low, high = half(price.low.amount, price.high.amount, upper=side == "upper")
    source = Source(r.source, r.source_date, r.quote)
    narrowed = Range(
        Money(low, price.currency), Money(high, price.currency),
        open_ended=price.open_ended and side == "upper", approximate=price.approximate,
        sources=tuple(dict.fromkeys((*price.sources, source))),
    )  # fmt: skip
    msg = (
        f"{label}: the {side} half of the range, {narrowed} of {price}, as {r.source} "
        f"rates its 'Average Price Point' {point!r} (an interpretation: no source states "
        "this figure)"
    )
    return narrowed, (FlagKind.ASSUMPTION, msg), f"{label}: the {side} half ({point!r})"
