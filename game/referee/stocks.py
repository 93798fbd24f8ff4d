"""Stocks: last turn's builds land, scrapping takes effect now, this turn's builds start.

Builds take a turn to land, so a state that arms is weaker than it looks for a turn:
a window of vulnerability.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.referee.ledger import Ledger


def apply(ledger: Ledger) -> None:
    """Land last turn's builds, scrap what was scrapped and start this turn's builds."""
    for key, c in ledger.countries.items():
        c.offense += c.pending_offense
        c.defense += c.pending_defense
        c.pending_offense = 0
        c.pending_defense = 0
        if c.scrapped:
            c.offense = max(0, c.offense - c.scrapped)
        move = ledger.moves[key]
        if move.action == "arm":
            size = move.size or 1
            if move.posture == "offensive":
                c.pending_offense = size
            else:
                c.pending_defense = size
            c.armed = move.posture or ""
