"""Score: each turn a state earns security plus prosperity, minus what wars and broken
promises cost it.

Security is 1 minus the state's true danger (true stocks and the true offense advantage,
not what anyone believes); prosperity is its wealth growth. A state under hawkish
pressure that shows restraint also pays in approval.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee.records import ScoreEntry
from game.referee.threat import BURDEN_WEIGHT, resistance

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

PROSPERITY_SCALE = 4.0  # 5 % growth is worth 0.2 points
RESTRAINT_FROM = 0.5  # hawkishness above which not arming costs approval
RESTRAINT_COST = 0.5  # points per unit of hawkishness above that level


def dangers(ledger: Ledger) -> dict[str, float]:
    """Return each state's true danger: its worst pressure from any non-ally."""
    beta = ledger.params.offense_advantage
    countries = ledger.countries
    offense = {}
    defense = {}
    for key, c in countries.items():
        o, d = float(c.offense), float(c.defense)
        for partner, burden in ledger.allies(key):
            weight = BURDEN_WEIGHT[burden]
            o += weight * countries[partner].offense
            d += weight * countries[partner].defense
        offense[key], defense[key] = o, d
    found = {}
    for j, me in countries.items():
        resist = resistance(beta, me.offense, defense[j])
        r2 = resist * resist
        worst = 0.0
        for i in countries:
            if i == j or ledger.allied(i, j):
                continue
            attack = beta * offense[i]  # pressure(attack, resist), inlined: n^2 per turn
            a2 = attack * attack
            push = a2 / (a2 + r2)
            if push > worst:
                worst = push
        found[j] = worst
    return found


def apply(ledger: Ledger) -> None:
    """Score every state for this turn and add it to its total."""
    danger = dangers(ledger)
    world = 0.0
    for key, c in ledger.countries.items():
        security = 1.0 - danger[key]
        prosperity = 0.0
        if c.wealth_before > 0.0:
            prosperity = (c.wealth - c.wealth_before) / c.wealth_before * PROSPERITY_SCALE
        penalty = c.penalty
        if not c.armed and c.hawkishness > RESTRAINT_FROM:
            penalty += (c.hawkishness - RESTRAINT_FROM) * RESTRAINT_COST
        earned = round(security + prosperity - penalty, 4)
        c.score = round(c.score + earned, 4)
        world += c.score
        ledger.scores.append(
            ScoreEntry(
                key, round(security, 4), round(prosperity, 4), round(penalty, 4), earned, c.score
            )
        )
    ledger.world_score = round(world, 4)
