"""Threat and tension: how much each state fears each other, and how hot each dyad runs.

j's threat from i grows with distrust (1 - T[j][i]), with the believed offense advantage
and with the pressure of i's perceived offense (plus its allies') against j's defence
(plus its allies'). When offense dominates, a state's own offense also protects it (it
can strike first), which is why everyone then buys offense and everyone feels less safe.
A dyad's tension is the larger of its two threats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee.ledger import DyadDraft

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

# How much of a partner's arms a pact lends, by the burden the partner shoulders.
BURDEN_WEIGHT = {"low": 0.3, "fair": 0.6, "high": 1.0}
THREAT_FLOOR = 0.4  # distrust alone makes this much threat, pressure adds the rest
HAWK_LENS = (0.8, 0.3)  # threat is scaled by 0.8 + 0.3 * hawkishness of the one who fears
ALLY_DISCOUNT = 0.3  # partners fear each other this much less
_NOTHING_LENT: dict[str, float] = {}


def resistance(advantage: float, offense: float, defense: float) -> float:
    """Return what holds an attack off: defence, and own offense when offense dominates."""
    return defense / advantage + max(0.0, advantage - 1.0) * offense + 1.0


def pressure(attack: float, resist: float) -> float:
    """Return how outmatched the defender is, from 0 (safe) towards 1: A^2 / (A^2 + R^2)."""
    a2 = attack * attack
    return a2 / (a2 + resist * resist)


def apply(ledger: Ledger) -> None:
    """Compute every directed threat and every dyad's tension; log crises."""
    params = ledger.params
    beta = params.believed_offense_advantage
    countries = ledger.countries
    rows = ledger.rows
    allies = ledger.partners
    spare = max(0.0, beta - 1.0)  # how much own offense protects, when offense dominates
    floor, rise = THREAT_FLOOR, 1.0 - THREAT_FLOOR
    keys = ledger.keys
    weighted = {k: [(a, BURDEN_WEIGHT[burden]) for a, burden in allies[k]] for k in keys}
    lens_base, lens_slope = HAWK_LENS
    for j in keys:
        me = countries[j]
        lens = lens_base + lens_slope * me.hawkishness
        row = rows[j]  # what j believes of each other state
        own_resist = me.defense / beta + spare * me.offense + 1.0
        partners = weighted[j]
        if partners:
            # What j's partners lend it, as j perceives their defence.
            lent = {a: w * row[a].defense / beta for a, w in partners}
            own_resist += sum(lent.values())
        else:
            lent = _NOTHING_LENT  # adding sum() of nothing would add 0: the same resistance
        r2 = own_resist * own_resist
        worst = me.max_threat
        for i, b in row.items():
            offense = b.offense
            for a, w in weighted[i]:
                if a != j:
                    offense += w * row[a].offense
            attack = beta * offense
            a2 = attack * attack
            if i in lent:  # a partner: it lends no defence against itself, and is feared less
                resist = own_resist - lent[i]
                value = (1.0 - b.trust) * (floor + rise * a2 / (a2 + resist * resist)) * lens
                value *= ALLY_DISCOUNT
            else:
                value = (1.0 - b.trust) * (floor + rise * a2 / (a2 + r2)) * lens
            value = 1.0 if value >= 1.0 else int(value * 10000.0 + 0.5) / 10000.0  # 4 places
            b.threat = value
            if value > worst:
                worst = value
        me.max_threat = worst
    crisis_at = params.crisis_threshold
    bump = ledger.tension_bump
    tensions = ledger.tensions
    for n, a in enumerate(keys):
        row = rows[a]
        for b_key in keys[n + 1 :]:
            one, two = row[b_key].threat, rows[b_key][a].threat
            value = one if one > two else two  # threats are already rounded to 4 places
            if bump:
                value = round(min(1.0, value + bump.get((a, b_key), 0.0)), 4)
            crisis = value > crisis_at
            tensions.append(DyadDraft(a, b_key, value, crisis))
            if crisis:
                ledger.crises.append((a, b_key))
