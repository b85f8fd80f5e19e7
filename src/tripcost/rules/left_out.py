"""What a cost leaves out: the one rule `estimate` and `compare` both answer with.

A figure leaves out flights, insurance, visa fees, medications and skincare unless an
extra of the plan names them (by the words below); a comparison without a trip (no
nights) also leaves out living costs and travel, and the consultation fees a trip adds.

002 ("Additional Expenses for Medical Tourists"): "Medications and Skincare: Not
included—purchased locally", "Insurance and Visa Fees: Essential safeguards"; flights are
in no source's prices.

>>> not_included(["Flight ICN", "travel insurance"])
('visa fees', 'medications and skincare')
>>> not_included([], trip=False)[:2]
('living costs and travel', 'consultation fees')
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["LEFT_OUT", "NO_TRIP", "SOURCE_WORDS", "not_included"]

#: What every figure leaves out unless an extra names it, and the words an extra's name
#: uses for it.
LEFT_OUT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("flights", ("flight", "airfare", "air fare", "plane")),
    ("insurance", ("insurance",)),
    ("visa fees", ("visa",)),
    ("medications and skincare", ("medication", "medicine", "skincare", "skin care")),
)
#: What a figure without a trip (treatment prices alone) leaves out besides.
NO_TRIP = ("living costs and travel", "consultation fees")
#: The source's words on what is not included, for the notes that list it.
SOURCE_WORDS = "002: 'Medications and Skincare: Not included—purchased locally'"


def not_included(
    extras: Iterable[str], *, trip: bool = True, living: bool = True, consultation: bool = True
) -> tuple[str, ...]:
    """What a figure with these extras (their names) does not include, in a fixed order;
    ``trip=False``: a price without a trip, which leaves out living costs, travel and
    consultation fees too; ``living=False``: a trip with no living cost priced (no
    nights, none stated), which leaves out living costs and travel; ``consultation=False``:
    a trip with no consultation fee priced (none asked for, or none in the catalog),
    unless an extra names one.

    >>> not_included(["flight"], living=False)
    ('living costs and travel', 'insurance', 'visa fees', 'medications and skincare')
    """
    names = [name.lower() for name in extras]
    consultation = consultation or any("consultation" in name for name in names)
    out = tuple(
        what for what, words in LEFT_OUT if not any(w in name for name in names for w in words)
    )
    if not trip:
        return (*NO_TRIP, *out)
    besides = [w for w, kept in zip(NO_TRIP, (living, consultation), strict=True) if not kept]
    return (*besides, *out)
