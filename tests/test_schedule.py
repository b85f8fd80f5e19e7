"""The schedule rules: treatments sharing stays, on ints and on arrays alike."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tripcost.rules.schedule import NO_NIGHTS, combine, held, planned, profile


def _lengths(count: int, total: int, longest: int) -> list[int]:
    full, last = profile(count, total, longest)
    return [full] * (count - 1) + [last]


@st.composite
def _part(draw: st.DrawFn) -> tuple[int, int, int]:
    """(stays, nights, longest) as `planned` returns them for one treatment."""
    sessions = draw(st.integers(1, 12))
    spacing = draw(st.sampled_from([0, 7, 28, 31, 56]))
    nights = draw(st.sampled_from([NO_NIGHTS, 0, 7, 14, 30, 90]))
    stay = draw(st.sampled_from([0, 7, 14]))
    split = draw(st.sampled_from([True, False, None]))
    count, total, longest, _ = planned(sessions, spacing, nights, 90, stay, split)
    return count, total, longest


@given(st.lists(_part(), min_size=1, max_size=4))
def test_shared_stays_last_as_long_as_the_longest_need(parts: list[tuple[int, int, int]]) -> None:
    """Each stay lasts as long as the most any treatment needs of it; the trip has as
    many stays as the treatment that needs most, and the arrays agree with the ints."""
    count, total, longest = combine(parts)
    stays = [_lengths(*p) for p in parts]
    width = max(len(s) for s in stays)
    each = [max(s[i] if i < len(s) else 0 for s in stays) for i in range(width)]
    assert (count, total, longest) == (width, sum(each), max(each))
    cols = [tuple(np.array([v, v], dtype=np.int64) for v in p) for p in parts]
    got = combine(cols)  # type: ignore[arg-type]
    assert [int(a[0]) for a in got] == [count, total, longest]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([], (1, 0, 0)),
        ([(1, 14, 14), (3, 42, 14)], (3, 42, 14)),  # nights given: every stay 14 nights
        # CO2 6 sessions 56 days apart, visa 90: stays 56+56+56; subcision 3 at 31: one of 62
        ([(3, 168, 56), (1, 62, 62)], (3, 174, 62)),
        ([(2, 93, 62), (1, 84, 84)], (2, 115, 84)),  # 84 + 31
    ],
)
def test_combine_examples(
    parts: list[tuple[int, int, int]], expected: tuple[int, int, int]
) -> None:
    assert combine(parts) == expected


def test_held_is_what_stays_split_by() -> None:
    assert held(6, 28, 14, 90, True) == 1
    assert held(6, 28, 60, 90, True) == 3  # 0, 28, 56 fit 60 nights
    assert held(4, 31, NO_NIGHTS, 90, True) == 3  # 93 nights > 90: 0, 31, 62 then one more
    assert held(4, 31, NO_NIGHTS, 90, False) == 4  # not allowed to split
