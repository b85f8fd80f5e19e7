"""A minimal numpy floor for `sweep`: the same answer with the least work.

Category codes mapped with `np.take`, prices and facts taken from the same lookup tables,
the same arithmetic (sessions × price; stays of the nights given at the shortest and
longest spacing; nights × units a day × party, room shared; one consultation and the
extras a stay; the contingency on the high) and the same rounding; no checks, no flags,
no messages. It is written here, apart from the library's rules, so that the ratio
`sweep / floor` measures what the library's structure costs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tripcost import vocab
from tripcost.resolve.tables import PriceTables


def codes(column: pd.Series, known: tuple[str, ...]) -> np.ndarray:
    """Positions of a categorical column's values in ``known``."""
    index = {k: i for i, k in enumerate(known)}
    mapping = np.array([index[c] for c in column.cat.categories], dtype=np.int64)
    return mapping.take(column.cat.codes.to_numpy())


def floor(df: pd.DataFrame, t: PriceTables, digits: int = 2) -> tuple[np.ndarray, np.ndarray]:
    ci = codes(df["country"], t.countries)
    ti = codes(df["treatment"], t.treatments)
    s_lo, s_hi = df["sessions_low"].to_numpy(), df["sessions_high"].to_numpy()
    nights = df["nights"].to_numpy()
    party = df["party"].to_numpy()
    flat = ci * len(t.treatments) + ti
    low = t.price[0].ravel().take(flat) * s_lo
    high = t.price[1].ravel().take(flat) * s_hi
    stays = []
    for k, s in ((0, s_lo), (1, s_hi)):
        sp = t.spacing[k].take(ti)
        cap = np.where((sp > 0) & (s > 1), nights // np.maximum(sp, 1) + 1, s)
        stays.append(-(-s // cap))
    st_lo, st_hi = np.minimum(stays[0], stays[1]), np.maximum(stays[0], stays[1])
    n_lo, n_hi = nights * st_lo, nights * st_hi
    for c in vocab.living():
        k = codes(df[c.name], t.tiers[c.name])
        idx = ci * len(t.tiers[c.name]) + k
        per = 1 if c.per_day is None else df[c.per_day].to_numpy()
        who = 1 if c.shared else party
        arr = t.living[c.name]
        lo_u, hi_u = arr[0].ravel().take(idx), arr[1].ravel().take(idx)
        low += np.nan_to_num(lo_u) * (n_lo * per * who)
        high += np.nan_to_num(hi_u) * (n_hi * per * who)
    consult = df["consultation"].to_numpy()
    fee = np.nan_to_num(t.consultation[:2].take(ci, axis=1))
    low += np.where(consult, fee[0] * st_lo, 0.0)
    high += np.where(consult, fee[1] * st_hi, 0.0)
    trip, person = df["extra_per_trip"].to_numpy(), df["extra_per_person"].to_numpy()
    low += st_lo * trip + st_lo * party * person
    high += st_hi * trip + st_hi * party * person
    high += high * df["contingency"].to_numpy()
    scale = 10.0**digits  # halves away from zero, as the exact path rounds
    return (np.floor(low * scale + 0.5 + low * scale * 1e-13) / scale,
            np.floor(high * scale + 0.5 + high * scale * 1e-13) / scale)  # fmt: skip
