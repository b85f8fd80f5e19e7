"""The saving against home in a comparison: one basis a table, on the treatments priced
both abroad and at home.

**The basis is the question's, and one a table** (`saving_basis`):

- ``"trip"`` (nights given): the whole trip abroad (treatments, stays, consultation,
  extras) against the same treatments at home, the course there (no trip, no
  consultation);
- ``"course"`` (sessions, no nights): the course, price × sessions, on both sides;
- ``"price"`` (neither): one unit's price (a session, a syringe, a treatment) on both sides.

A saving is an honest interval: the least saved is home's low minus the abroad high,
the most home's high minus the abroad low (either may be negative).

**Where one side has no price for a treatment**, the saving compares the treatments both
price, on the same basis (on the trip basis: a trip with those treatments only, against
them at home), and names those it leaves out (``saving_without``). The home country's own
rows have no saving.

>>> saving_basis(nights=14, sessions=(3, 6)), saving_basis(None, (3, 6)), saving_basis(None, None)
('trip', 'course', 'price')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tripcost.comparison import Note
from tripcost.errors import NoPriceError
from tripcost.fx import Rate, RateSource, RecordingRates
from tripcost.money import Money
from tripcost.quotes import Placed, quote_in
from tripcost.ranges import Range
from tripcost.resolve.prices import cell_price, only_averages
from tripcost.rules.left_out import not_included
from tripcost.vocab import FlagKind

if TYPE_CHECKING:
    from tripcost.answer import Estimate
    from tripcost.comparison import CompareRow
    from tripcost.counts import Count
    from tripcost.plan import Extra, Plan
    from tripcost.resolve.catalog import Catalog

__all__ = [
    "BASES",
    "BASIS_WORDS",
    "Asked",
    "Home",
    "apply_savings",
    "saving",
    "saving_basis",
    "trip_notes",
]

#: The bases of a saving, and what each compares.
BASES = {
    "trip": "the whole trip abroad against the same treatments at home (the course there)",
    "course": "the course (price × sessions) abroad against the same course at home",
    "price": "the price of one {unit} abroad against one {unit} at home",
}
#: Each basis in a column header's few words.
BASIS_WORDS = {"trip": "trip", "course": "course", "price": "per {unit}"}
#: trip flags a row carries elsewhere: gaps in ``missing``, exclusions in ``not_included``
_ELSEWHERE = (FlagKind.MISSING, FlagKind.NOT_INCLUDED)


def saving(home: Range, abroad: Range) -> tuple[Money, Money]:
    """(least, most) saved by going abroad: home.low - abroad.high, home.high - abroad.low."""
    return (home.low - abroad.high, home.high - abroad.low)


def saving_basis(nights: int | None, sessions: tuple[int, int] | None) -> str:
    """The basis of a comparison's savings: "trip", "course" or "price" (see the module)."""
    return "trip" if nights is not None else "course" if sessions else "price"


def trip_notes(est: Estimate, known: Sequence[Note] = ()) -> tuple[Note, ...]:
    """A trip estimate's flags as notes, each once, leaving out those in ``known`` and
    those a row says elsewhere (gaps, exclusions)."""
    out: list[Note] = []
    for f in est.flags:
        note = (f.kind, f.message)
        if f.kind not in _ELSEWHERE and note not in known and note not in out:
            out.append(note)
    return tuple(out)


@dataclass(frozen=True)
class Asked:
    """What a comparison asks, and how to price a trip for it."""

    cat: Catalog
    slugs: tuple[str, ...]
    currency: str
    src: RateSource
    quoted: Placed
    unit: str | None = None
    sessions: Count | None = None
    nights: int | None = None
    living: Mapping[str, str | int] = field(default_factory=dict)
    extras: tuple[Extra, ...] = ()
    consultation: bool = True  # a consultation a stay abroad (never at home)

    @property
    def count(self) -> tuple[int, int] | None:
        return self.sessions.as_tuple() if self.sessions else None

    @property
    def basis(self) -> str:
        return saving_basis(self.nights, self.count)

    @property
    def not_included(self) -> tuple[str, ...]:
        """What every figure of the comparison leaves out (`rules.left_out`)."""
        return not_included(
            [e.name for e in self.extras],
            trip=self.nights is not None,
            consultation=self.consultation,
        )

    def plan(self, country: str, slugs: Sequence[str], *, home: bool = False) -> Plan:
        """A one-trip plan of ``slugs`` in ``country``: the trip abroad (nights, living,
        extras, a consultation a stay as in any plan), or at ``home`` the treatments
        alone (no nights, no consultation)."""
        from tripcost.plan import Plan, TreatmentLine, Trip  # a trip needs the plan model

        def line(slug: str) -> TreatmentLine:
            q = self.quoted.get((country, slug))
            if q is None:
                return TreatmentLine(treatment=slug, sessions=self.sessions)
            return TreatmentLine(treatment=slug, sessions=self.sessions, quote=q.price,
                                 quote_unit=q.unit)  # fmt: skip

        living = {} if home else {k: v for k, v in self.living.items() if k != "party"}
        trip = Trip(
            country=country, nights=0 if home else self.nights,
            consultation=self.consultation and not home,
            split=True, treatments=[line(t) for t in slugs],
            extras=[] if home else list(self.extras), **living,
        )  # fmt: skip
        return Plan(trips=[trip], party=1 if home else self.living.get("party", 1))

    def trip(self, country: str, slugs: Sequence[str], *, home: bool = False) -> Estimate:
        """The estimate of `plan` (a `NoPriceError` where a treatment has no price)."""
        from tripcost.estimates import estimate

        plan = self.plan(country, slugs, home=home)
        return estimate(plan, currency=self.currency, rates=self.src, catalog=self.cat)


@dataclass
class Home:
    """Home's price of each treatment on the comparison's unit (``per``) and its course
    (``total``), or why there is none (``missing``); the rates of each; the treatments
    at home for each set of treatments a trip is compared on."""

    code: str
    per: dict[str, Range] = field(default_factory=dict)
    total: dict[str, Range] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    rates: dict[str, tuple[Rate, ...]] = field(default_factory=dict)
    trips: dict[tuple[str, ...], Estimate] = field(default_factory=dict)
    #: the notes on home's price of each treatment (a weak or old source …)
    notes: dict[str, tuple[Note, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, a: Asked, code: str) -> Home:
        home = cls(code)
        for slug in a.slugs:
            rec = RecordingRates(a.src)
            try:
                q = a.quoted.get((code, slug))
                if q is not None:
                    home.per[slug] = quote_in(q, a.currency, rec)
                else:
                    cell = cell_price(a.cat, slug, code, unit=a.unit, currency=a.currency,
                                      rates=rec)  # fmt: skip
                    if cell.range is None:
                        raise NoPriceError(only_averages(cell))
                    home.per[slug], home.notes[slug] = cell.range, cell.notes
            except NoPriceError as exc:
                home.missing[slug] = f"home {code}: {exc}"
                continue
            home.rates[slug] = tuple(rec.used.values())
            if a.count:
                home.total[slug] = home.per[slug].scale(a.count)
        return home

    def at_home(self, a: Asked, slugs: tuple[str, ...]) -> Estimate:
        if slugs not in self.trips:
            self.trips[slugs] = a.trip(self.code, slugs, home=True)
        return self.trips[slugs]


def _merged(*groups: Sequence[Rate]) -> tuple[Rate, ...]:
    return tuple(dict.fromkeys(r for g in groups for r in g))


def apply_savings(rows: Sequence[CompareRow], home: Home, a: Asked, trip: Estimate | None) -> None:
    """Set the saving of one country's ``rows`` (``trip``: its trip of every treatment)
    on the comparison's basis, over the treatments priced both here and at home."""
    here = {r.treatment for r in rows if r.per_session is not None}
    both = tuple(s for s in a.slugs if s in here and s in home.per)
    without = tuple(s for s in a.slugs if s not in both)
    for r in rows:
        r.home_missing = home.missing.get(r.treatment, "")
    if not both:
        return
    if a.basis == "trip":
        try:
            abroad = trip if trip is not None and not without else a.trip(rows[0].country, both)
            at_home = home.at_home(a, both)
        except NoPriceError:
            return
        value, rates = saving(at_home.total, abroad.total), _merged(abroad.rates, at_home.rates)
        for r in rows:
            if r.treatment in both and r.per_session is not None:
                r.saving, r.saving_without = value, without
                r.home_price, r.abroad_price = at_home.total, abroad.total
                r.home_notes = home.notes.get(r.treatment, ())
                r.rates = _merged(r.rates, rates)
                r.trip_notes += trip_notes(abroad, (*r.notes, *r.trip_notes))
        return
    for r in rows:
        mine = r.total if a.basis == "course" else r.per_session
        if r.treatment not in both or mine is None:
            continue
        theirs = (home.total if a.basis == "course" else home.per)[r.treatment]
        r.saving, r.home_price, r.abroad_price = saving(theirs, mine), theirs, mine
        r.home_notes = home.notes.get(r.treatment, ())
        r.rates = _merged(r.rates, home.rates[r.treatment])
