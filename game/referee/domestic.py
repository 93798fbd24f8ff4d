"""Domestic pressure: hawkishness rises with fear and with arms spending, and falls in
calm turns. High hawkishness makes restraint cost approval (see scoring)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

CALM = 0.35  # threat below which hawkishness ebbs
FEAR_PULL = 0.25  # hawkishness moves by this times (worst threat - CALM)
ARMING_PUSH = 0.04  # spending on arms feeds the hawks


def apply(ledger: Ledger) -> None:
    """Move every state's hawkishness with this turn's fear and spending."""
    for c in ledger.countries.values():
        value = c.hawkishness + FEAR_PULL * (c.max_threat - CALM)
        if c.spent > 0.0:
            value += ARMING_PUSH
        c.hawkishness = min(1.0, max(0.0, value))
