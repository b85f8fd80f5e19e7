"""The vocabulary: one table of living-cost categories, and the named kinds of things.

Every list of tiers, units, defaults and per-day counts in tripcost is derived from
`LIVING` at the moment it is needed (the plan model's validators and JSON Schema
enums, the CSV row checks, the CLI choices, the bulk path's codes), so a tier is added
in one place. Read it through `living()` or the module attribute, never a copy taken at
import time.

>>> [c.name for c in living()]
['accommodation', 'food', 'transport']
>>> category("food").tiers, category("food").default, category("food").per_day
(('street', 'casual', 'fine'), 'casual', 'meals_per_day')
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CLINIC_TYPES",
    "LIVING",
    "PRICE_POINTS",
    "Authority",
    "Clinic",
    "FlagKind",
    "LivingCategory",
    "PriceUnit",
    "Statistic",
    "category",
    "living",
    "tier_names",
    "unverified_note",
]


@dataclass(frozen=True, slots=True)
class LivingCategory:
    """One kind of living cost and how a stay counts it.

    ``per_day`` names the plan field that says how many units a day each traveller
    uses (``meals_per_day``); None means one unit a night. ``shared`` units serve the
    whole party (a room); the others are counted per traveller (a meal, a ride).
    """

    name: str
    unit: str
    tiers: tuple[str, ...]
    default: str
    per_day: str | None = None
    per_day_default: int = 1
    per_day_max: int = 1
    shared: bool = False
    note: str = ""


#: The living-cost categories, in the order they are shown. Seed 002 ("Additional
#: Expenses for Medical Tourists") gives these three categories and their tiers.
LIVING: tuple[LivingCategory, ...] = (
    LivingCategory(
        "accommodation", "night", ("hostel", "hotel", "luxury"), "hotel",
        shared=True, note="per room, shared by the party",
    ),
    LivingCategory(
        "food", "meal", ("street", "casual", "fine"), "casual",
        per_day="meals_per_day", per_day_default=3, per_day_max=10,
    ),
    LivingCategory(
        "transport", "ride", ("public", "taxi"), "public",
        per_day="rides_per_day", per_day_default=2, per_day_max=50,
    ),
)  # fmt: skip


def living() -> tuple[LivingCategory, ...]:
    """The categories as the table stands now (tests may extend the table)."""
    return LIVING


def category(name: str) -> LivingCategory:
    """One category by name; a `KeyError` naming the known ones otherwise."""
    for c in LIVING:
        if c.name == name:
            return c
    known = ", ".join(c.name for c in LIVING)
    raise KeyError(f"unknown living category {name!r}; categories: {known}")


def tier_names() -> tuple[str, ...]:
    """Every tier of every category, in table order."""
    return tuple(t for c in LIVING for t in c.tiers)


class PriceUnit(StrEnum):
    """What a price is for. A per-session comparison never mixes the others in."""

    SESSION = "session"
    SYRINGE = "syringe"
    TREATMENT = "treatment"
    VISIT = "visit"


class Clinic(StrEnum):
    """The kinds of clinic a plan may name (004's "Clinic Comparison Table (Generalized)")."""

    CHAIN = "chain"
    BOUTIQUE = "boutique"
    INTERNATIONAL = "international"


#: Each kind of clinic as 004's table names it.
CLINIC_TYPES = {
    Clinic.CHAIN: "Large Chain Clinic",
    Clinic.BOUTIQUE: "Boutique/Specialty Clinic",
    Clinic.INTERNATIONAL: "International Department",
}
#: How tripcost reads a table's "Average Price Point": the half of a price range a
#: clinic of that kind is taken to charge (an interpretation; the table gives no figures).
PRICE_POINTS = {"Mid-low": "lower", "Mid-high": "upper"}


class Statistic(StrEnum):
    """What a price row states: a range (low and high are bounds), an average, a floor."""

    RANGE = "range"
    AVERAGE = "average"


class Authority(StrEnum):
    """Who states a price, strongest first (see seeds/data-sources/README.md)."""

    SOCIETY_OR_SURVEY = "society-or-survey"
    CLINIC_OR_GUIDE = "clinic-or-guide"
    AGGREGATOR = "aggregator"


def unverified_note(ref: str) -> str:
    """The words of an `FlagKind.UNVERIFIED` flag, the same in an estimate and a comparison."""
    return (
        f"{ref}: its quote could not be checked against the source (no copy of it beside "
        "the catalog); the figure is the catalog's word"
    )


class FlagKind(StrEnum):
    """The kinds of things an estimate or a comparison tells the reader."""

    ASSUMPTION = "assumption"
    APPROXIMATE = "approximate"
    AVERAGE_OUTSIDE = "average_outside"
    CURRENCY_UNSTATED = "currency_unstated"
    DEADLINE = "deadline"
    DEPOSIT = "deposit"
    DOWNTIME = "downtime"
    MISSING = "missing"
    NO_FEE = "no_fee"
    NOT_INCLUDED = "not_included"
    OLD_PRICE = "old_price"
    OPEN_ENDED = "open_ended"
    SCHEDULE = "schedule"
    STALE_RATE = "stale_rate"
    STALE_SOURCE = "stale_source"
    UNDATED_SOURCE = "undated_source"
    UNVERIFIED = "unverified"
    VAT_REFUND = "vat_refund"
    VISA = "visa"
    WEAK_SOURCE = "weak_source"
