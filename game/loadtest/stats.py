"""Latency summaries: the percentiles a load report gives."""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentile(ordered: list[float], share: float) -> float:
    """Return the nearest-rank percentile (`share` in 0..1) of an ascending list."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(samples: Iterable[float]) -> dict[str, float | int]:
    """Return count, p50, p95, p99 and max of `samples` (milliseconds), rounded to 0.1."""
    ordered = sorted(samples)
    return {
        "count": len(ordered),
        "p50": round(percentile(ordered, 0.50), 1),
        "p95": round(percentile(ordered, 0.95), 1),
        "p99": round(percentile(ordered, 0.99), 1),
        "max": round(ordered[-1], 1) if ordered else 0.0,
    }
