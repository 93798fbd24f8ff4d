"""Score: each turn a state earns security plus prosperity, minus what wars and broken
promises cost it.

Security is 1 minus the state's true danger (true stocks and the true offense advantage,
not what anyone believes); prosperity is its wealth growth. A state under hawkish
pressure that shows restraint also pays in approval.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee.fastbuild import maker
from game.referee.records import ScoreEntry
from game.referee.rounding import round4
from game.referee.threat import BURDEN_WEIGHT

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

PROSPERITY_SCALE = 4.0  # 5 % growth is worth 0.2 points
RESTRAINT_FROM = 0.5  # hawkishness above which not arming costs approval
RESTRAINT_COST = 0.5  # points per unit of hawkishness above that level


_make_score = maker(ScoreEntry)


def dangers(ledger: Ledger) -> dict[str, float]:
    """Return each state's true danger: its worst pressure from any non-ally."""
    beta = ledger.params.offense_advantage
    spare = max(0.0, beta - 1.0)
    countries = ledger.countries
    partners = ledger.partners
    offense = {}
    defense = {}
    for key, c in countries.items():
        o, d = float(c.offense), float(c.defense)
        for partner, burden in partners[key]:
            weight = BURDEN_WEIGHT[burden]
            o += weight * countries[partner].offense
            d += weight * countries[partner].defense
        offense[key], defense[key] = o, d
    # What each state could be attacked with, as beta * offense squared: n of them, not n^2.
    attack2 = {}
    for i, o in offense.items():
        attack = beta * o
        attack2[i] = attack * attack
    found = {}
    for j, me in countries.items():
        # resistance(beta, me.offense, defense[j]) and pressure(attack, resist), inlined.
        resist = defense[j] / beta + spare * me.offense + 1.0
        r2 = resist * resist
        allies = {partner for partner, _ in partners[j]}
        worst = 0.0
        for i, a2 in attack2.items():
            if i == j or i in allies:
                continue
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
        earned = round4(security + prosperity - penalty)
        c.score = round4(c.score + earned)
        world += c.score
        ledger.scores.append(
            _make_score(key, round4(security), round4(prosperity), round4(penalty), earned, c.score)
        )
    ledger.world_score = round4(world)
