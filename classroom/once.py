"""Forms that create things carry a one-time nonce, so a double submit creates one thing.

The form renders a fresh nonce in a hidden field. The first valid post claims it
with an atomic `cache.add` and, once the object exists, records where it led;
a repeat of the same post (a double click, a browser resubmit) finds the claim
and is sent to the same place instead of creating a second object.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

NONCE_FIELD = "nonce"
NONCE_SECONDS = 60 * 60 * 6
PENDING = "pending"


def new_nonce() -> str:
    """Draw a nonce for a form about to be shown."""
    return secrets.token_urlsafe(16)


def _key(owner: int, nonce: str) -> str:
    return f"form-nonce:{owner}:{nonce[:64]}"


def claim(owner: int, nonce: str) -> str | None:
    """Claim `nonce` for `owner`: return None the first time, else where it led (or PENDING)."""
    if not nonce:
        return None
    if cache.add(_key(owner, nonce), PENDING, timeout=NONCE_SECONDS):
        return None
    return str(cache.get(_key(owner, nonce)) or PENDING)


def record(owner: int, nonce: str, url: str) -> None:
    """Remember that `owner`'s post with `nonce` led to `url`."""
    if nonce:
        cache.set(_key(owner, nonce), url, timeout=NONCE_SECONDS)


def release(owner: int, nonce: str) -> None:
    """Forget a claim whose post created nothing, so it may be sent again."""
    if nonce:
        cache.delete(_key(owner, nonce))
