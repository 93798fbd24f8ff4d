"""Counter-based randomness: every draw is a hash of where it is used, never a stream.

A draw is a pure function of (seed, turn, phase, i, j, k): the blake2b digest of the key
"seed|turn|phase|i|j|block" holds eight 64-bit draws, k = 8 * block ... 8 * block + 7.
Replaying a turn gives the same draws, and a replay that changes one thing keeps every
other draw the same (common random numbers), which keeps the counterfactuals honest.
"""

from __future__ import annotations

from functools import lru_cache
from hashlib import blake2b
from struct import Struct

UNIT = 1.0 / 18446744073709551616.0  # 2**-64: a 64-bit word times UNIT is its draw
_DIGEST_FLOATS = 8  # a 64-byte digest holds eight 64-bit draws
_WORDS = Struct("<8Q")
_WORD = Struct("<Q")
FIRST_THREE = Struct("<3Q")  # the first three words of a digest


def draw(seed: int, turn: int, phase: str, i: str = "", j: str = "", k: int = 0) -> float:
    """Return the uniform draw in [0, 1) for this seed, turn, phase, pair and index."""
    block, index = divmod(k, _DIGEST_FLOATS)
    # Only the one word asked for: draws(...)[index] without converting the other seven.
    word = _WORD.unpack_from(_digest(seed, turn, phase, i, j, block), 8 * index)[0]
    return word * UNIT


def draws(
    seed: int, turn: int, phase: str, i: str = "", j: str = "", block: int = 0
) -> tuple[float, ...]:
    """Return the eight draws k = 8*block ... 8*block+7 for this seed, turn, phase and pair."""
    scale = UNIT
    return tuple([w * scale for w in _WORDS.unpack(_digest(seed, turn, phase, i, j, block))])


def first_draws(seed: int, turn: int, phase: str, i: str, j: str) -> tuple[float, float, float]:
    """Return draws k = 0, 1, 2 for this seed, turn, phase and pair (the common case)."""
    a, b, c = FIRST_THREE.unpack_from(_digest(seed, turn, phase, i, j, 0))
    return a * UNIT, b * UNIT, c * UNIT


def phase_hash(seed: int, turn: int, phase: str) -> blake2b:
    """Return the hash of the key prefix "seed|turn|phase|" every draw of the phase shares.

    Never update it: update a copy with "i|j|block" and its digest is the block's words
    (FIRST_THREE unpacks k = 0, 1, 2; a word times UNIT is its draw). That is what draws()
    and first_draws() compute, for a loop over many pairs that would rather not pay for a
    function call per pair.
    """
    return _prefix(seed, turn, phase)


def _digest(seed: int, turn: int, phase: str, i: str, j: str, block: int) -> bytes:
    # Hashing the shared prefix once and copying it gives the same digest as hashing the
    # whole key, for a fraction of the cost when a phase draws for many pairs.
    h = _prefix(seed, turn, phase).copy()
    h.update(f"{i}|{j}|{block}".encode())
    return h.digest()


@lru_cache(maxsize=256)
def _prefix(seed: int, turn: int, phase: str) -> blake2b:
    return blake2b(f"{seed}|{turn}|{phase}|".encode(), digest_size=64)


def draw_key(seed: int, seat: str) -> int:
    """Return a per-seat key for bots: derived from the seed but not revealing it."""
    digest = blake2b(f"seat|{seed}|{seat}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1
