"""The few operations the rule core needs, on Python numbers and numpy arrays alike.

The exact path calls the rules with `int` counts (and `Decimal` money); the bulk path
with int64 and float64 arrays. Arithmetic operators already work on both; these
helpers add the choice and the comparisons that differ. numpy is imported only when
an array is passed, so the exact path (and the command line) never loads it.

>>> where(True, 3, 4), maximum(2, 5), ceil_div(7, 2)
(3, 5, 4)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

__all__ = ["both", "ceil_div", "every", "maximum", "minimum", "negate", "where"]

N = TypeVar("N", int, "Ints")


def where(cond: bool | Bools, a: N, b: N) -> N:
    """``a`` where ``cond`` holds, else ``b`` (element-wise for arrays)."""
    if isinstance(cond, bool):
        return a if cond else b
    import numpy as np

    return np.where(cond, a, b)  # type: ignore[return-value]


def maximum(a: N, b: N) -> N:
    """The larger of ``a`` and ``b`` (element-wise for arrays)."""
    if isinstance(a, int) and isinstance(b, int):
        return a if a >= b else b
    import numpy as np

    return np.maximum(a, b)


def minimum(a: N, b: N) -> N:
    """The smaller of ``a`` and ``b`` (element-wise for arrays)."""
    if isinstance(a, int) and isinstance(b, int):
        return a if a <= b else b
    import numpy as np

    return np.minimum(a, b)


def ceil_div(a: N, b: N) -> N:
    """``a / b`` rounded up, for whole numbers (``b`` > 0): floor division of ints is the
    same in Python and numpy, and so is its negation."""
    return -(-a // b)


def negate(cond: bool | Bools) -> bool | Bools:
    """Not ``cond`` (``~`` on a Python bool would give -2, not False)."""
    if isinstance(cond, bool):
        return not cond
    return ~cond


def both(a: bool | Bools, b: bool | Bools) -> bool | Bools:
    """``a`` and ``b`` (element-wise for arrays)."""
    if isinstance(a, bool) and isinstance(b, bool):
        return a and b
    return a & b


def every(cond: bool | Bools) -> bool:
    """Does ``cond`` hold (everywhere, for an array)?"""
    if isinstance(cond, bool):
        return cond
    return bool(cond.all())
