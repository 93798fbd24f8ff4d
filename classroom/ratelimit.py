"""A per-address limit on failed join attempts, kept in Django's cache.

Only attempts that fail (a wrong code, a malformed form) are counted: a whole
class behind one school address joins within the same minute, while guessing
codes means failing many times. Once an address has failed `limit` times in a
minute, every join from it waits until the minute is over. The count lives in
the cache, so with `REDIS_URL` set all server processes share it.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import BaseCache, cache
from django.http import HttpRequest

WINDOW_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    """Return the client's IP address as the server sees it (the proxy's view, if any)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(address: str, now: float) -> str:
    return f"join-failures:{address}:{int(now // WINDOW_SECONDS)}"


def join_limit() -> int:
    """Return how many failed joins an address may make per minute."""
    return int(getattr(settings, "JOIN_FAILURES_PER_MINUTE", 10))


def is_blocked(address: str, store: BaseCache = cache, now: float | None = None) -> bool:
    """Tell whether `address` has used up its failed joins for this minute."""
    count = store.get(_key(address, time.time() if now is None else now), 0)
    return int(count) >= join_limit()


def count_failure(address: str, store: BaseCache = cache, now: float | None = None) -> int:
    """Count one failed join from `address`; return its failures this minute."""
    key = _key(address, time.time() if now is None else now)
    # add() then incr() is atomic in both the local-memory and the Redis cache.
    store.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        return int(store.incr(key))
    except ValueError:
        # The key expired between add() and incr(): start this window again.
        store.set(key, 1, timeout=WINDOW_SECONDS * 2)
        return 1
