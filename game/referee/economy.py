"""Economy: guns versus butter. Wealth grows each turn; arms, pacts and reassurance cost it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee.params import Params

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

# Builds are convex: a double build costs three units, not two.
ARM_UNITS = {1: 1.0, 2: 3.0}
# A costly reassurance scraps a unit of offense; with none left it costs this many arms units.
COSTLY_UNITS = 3.0
# Wealth a pact costs each turn, by the burden a partner shoulders.
PACT_UPKEEP = {"low": 0.0, "fair": 0.2, "high": 0.4}
# Wealth each side of a new arms control treaty gains (the peace dividend).
PEACE_DIVIDEND = 2.0


def arm_cost(params: Params, size: int) -> float:
    """Return the wealth a build of `size` costs."""
    return ARM_UNITS[size] * params.arms_cost


def costly_wealth(arms_cost: float) -> float:
    """Return the wealth a costly reassurance costs a state with no offense left."""
    return COSTLY_UNITS * max(arms_cost, 1.0)


def can_pay_costly(arms_cost: float, offense: int, wealth: float) -> bool:
    """Return whether a state can pay for a costly reassurance."""
    return offense >= 1 or wealth >= costly_wealth(arms_cost)


def apply(ledger: Ledger) -> None:
    """Grow wealth, then pay for this turn's builds, reassurances and pacts."""
    params = ledger.params
    growth = 1.0 + params.growth
    for key, c in ledger.countries.items():
        c.wealth_before = c.wealth
        c.wealth = c.wealth * growth
        move = ledger.moves[key]
        spent = 0.0
        if move.action == "arm":
            spent = arm_cost(params, move.size or 1)
            c.wealth -= spent
        elif move.kind == "costly_reassure":
            if c.offense >= 1:
                c.scrapped = 1
            else:
                c.wealth -= costly_wealth(params.arms_cost)
        c.spent = spent
    for pact in ledger.pacts.values():
        for key, burden in ((pact.a, pact.burden_a), (pact.b, pact.burden_b)):
            c = ledger.countries[key]
            c.wealth -= min(PACT_UPKEEP[burden], c.wealth)
    for c in ledger.countries.values():
        if c.wealth < 0.0:
            c.wealth = 0.0
