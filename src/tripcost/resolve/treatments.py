"""Treatment names: every slug, display name and alias of treatments.csv, looked up
forgivingly ('Fractional CO2 laser', 'co2', 'salmon dna'), with suggestions for a name
that is not known, and each treatment's parents and children.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tripcost.errors import DataFileError, UnknownTreatment
from tripcost.resolve.rows import TreatmentRow

__all__ = ["Treatment", "TreatmentNames"]


@dataclass(frozen=True, slots=True)
class Treatment:
    slug: str
    name: str
    category: str
    aliases: tuple[str, ...]
    parents: tuple[str, ...]
    children: tuple[str, ...] = ()
    note: str = ""


def _norm(text: str) -> str:
    """'Fractional CO2 laser' -> 'fractional co2 laser' (hyphens, underscores as spaces)."""
    return re.sub(r"[\s_\-]+", " ", text.strip().lower()).strip()


class TreatmentNames:
    """The treatments of treatments.csv by every name they go by."""

    def __init__(self, rows: Sequence[TreatmentRow]) -> None:
        self._alias: dict[str, str] = {}
        children: dict[str, list[str]] = defaultdict(list)
        for t in rows:
            for p in t.parents:
                children[p].append(t.slug)
            for name in (t.slug, t.name, *t.aliases):
                key = _norm(name)
                other = self._alias.get(key)
                if other is not None and other != t.slug:
                    msg = f"treatments.csv line {t.line}: alias {name!r} already names {other!r}"
                    raise DataFileError(msg)
                self._alias[key] = t.slug
        self._by_slug = {
            t.slug: Treatment(
                t.slug, t.name, t.category, t.aliases, t.parents, tuple(children[t.slug]), t.note
            )
            for t in rows
        }

    def all(self) -> list[Treatment]:
        """Every treatment, in file order."""
        return list(self._by_slug.values())

    def get(self, name: str) -> Treatment:
        """A treatment by slug, display name or alias; unknown names get suggestions."""
        found = self._by_slug.get(name) if type(name) is str else None
        if found is not None:  # a slug as it is written
            return found
        slug = self._alias.get(_norm(str(name)))
        if slug is None:
            keys = list(self._alias)
            typed = _norm(str(name))
            close = difflib.get_close_matches(typed, keys, n=6, cutoff=0.6)
            if len(typed) >= 3:  # also names that contain what was typed ('laser')
                close += [k for k in keys if typed in k and k not in close]
            suggestions = list(dict.fromkeys(self._alias[k] for k in close))[:5]
            hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
            msg = f"unknown treatment {name!r}{hint} (see `python -m tripcost treatments`)"
            raise UnknownTreatment(msg)
        return self._by_slug[slug]

    def ancestors(self, slug: str) -> list[str]:
        """Parents, then grandparents, … (breadth first, each once)."""
        out: list[str] = []
        frontier = list(self._by_slug[slug].parents)
        while frontier:
            nxt: list[str] = []
            for p in frontier:
                if p not in out and p != slug:
                    out.append(p)
                    nxt.extend(self._by_slug[p].parents)
            frontier = nxt
        return out
