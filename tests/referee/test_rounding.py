"""round4 and round6 give exactly what round(x, 4) and round(x, 6) give."""

from __future__ import annotations

import math
import struct

from hypothesis import given
from hypothesis import strategies as st

from game.referee.rounding import round4, round6

EDGES = [
    0.0,
    -0.0,
    5e-5,
    -5e-5,
    0.00005,
    0.03125,  # an exact half at four places: ties go to even
    -0.03125,
    0.0000005,
    1.5e-6,
    0.5,
    2.5,
    -2.5,
    0.12345,
    0.123445,
    0.1234565,
    1e-300,
    -1e-300,
    214748.3648,
    1e15,
    -1e15,
    1e300,
    math.inf,
    -math.inf,
    math.nan,
]


def _bits(x: float) -> bytes | str:
    return "nan" if isinstance(x, float) and math.isnan(x) else struct.pack("<d", x)


def _check(x: float) -> None:
    assert _bits(round4(x)) == _bits(round(x, 4)), x
    assert _bits(round6(x)) == _bits(round(x, 6)), x


def test_edges_round_as_round_does():
    for x in EDGES:
        _check(x)
        for toward in (math.inf, -math.inf):
            _check(math.nextafter(x, toward))


def test_values_next_to_ties_round_as_round_does():
    for k in range(-3000, 3000):
        for scale in (1e4, 1e6):
            tie = (k + 0.5) / scale
            for x in (tie, math.nextafter(tie, math.inf), math.nextafter(tie, -math.inf)):
                _check(x)


def test_non_floats_are_left_to_round():
    assert round4(3) == 3 and type(round4(3)) is int  # type: ignore[arg-type]
    assert round6(True) == 1  # type: ignore[arg-type]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_rounds_as_round_does(x: float) -> None:
    _check(x)


@given(st.floats(min_value=-1000.0, max_value=1000.0))
def test_scores_and_shares_round_as_round_does(x: float) -> None:
    _check(x)
