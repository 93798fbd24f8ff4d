"""round(x, 4) and round(x, 6) for floats, with the same results at a fraction of the cost.

Python's round(x, n) formats x as a correctly rounded decimal string and parses it back,
which costs far more than the arithmetic around it; the referee rounds some sixty numbers
a turn. Here x * 10**n is split into its integer and fractional parts: unless the
fraction is within a millionth of a half (where the product's own rounding error could
decide which way a tie goes), the nearest integer R is unambiguous, and R / 10**n, a
correctly rounded division of two exact doubles, is the double nearest R * 10**-n: the
very number round() returns. Near a half, for huge or non-finite values and for anything
that is not a float, round() itself is called.
"""

from __future__ import annotations

from collections.abc import Callable
from math import copysign, floor

# Below 2**31 the product x * 10**n is within 2**-22 of its exact value, far inside the
# guard band around a half.
_LIMIT = 2147483648.0
_LOW = 0.5 - 1e-6
_HIGH = 0.5 + 1e-6


def _rounder(digits: int) -> Callable[[float], float]:
    """Return a function giving round(x, digits), bit for bit (the sign of a zero included)."""
    scale = float(10**digits)  # exact for the few digits used here

    def rounded(x: float) -> float:
        y = x * scale
        if -_LIMIT < y < _LIMIT and type(x) is float:
            n = floor(y)
            f = y - n  # exact: the fractional bits of y
            if f < _LOW:
                return n / scale if n else copysign(0.0, x)
            if f > _HIGH:
                n += 1
                return n / scale if n else copysign(0.0, x)
        return round(x, digits)

    rounded.__name__ = rounded.__qualname__ = f"round{digits}"
    rounded.__doc__ = f"Return round(x, {digits}), bit for bit (the sign of a zero included)."
    return rounded


round4 = _rounder(4)
round6 = _rounder(6)
