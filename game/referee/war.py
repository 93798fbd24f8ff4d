"""War: when tension passes the war threshold a war may start; true stocks decide it.

A hot dyad goes to war with log-odds war_steepness * (tension - war_threshold) + offset,
plus a term for how likely the side that strikes first is to win. That term carries the
first-strike incentive (the attacker's edge grows with the offense advantage) and
deterrence (nobody starts a war it expects to lose; allies count). A hotline halves the
chance; nuclear deterrence cuts it to almost nothing, and nuclear wars ruin everyone in
them. Allies are drawn in (entrapment); both sides lose wealth and arms, the loser more;
only an expansionist gains from winning.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.referee.records import Draw, Loss, War
from game.referee.rng import first_draws
from game.referee.rounding import round6
from game.referee.types import EXPANSIONIST

if TYPE_CHECKING:
    from game.referee.ledger import CountryDraft, Ledger

WAR_OFFSET = -5.0  # at the threshold itself war is possible but not yet likely
FEASIBILITY = 6.0  # log-odds per unit of the attacker's expected win chance above even
HOTLINE_DAMPING = 0.5
NUCLEAR_DAMPING = 0.05
OPPORTUNISM = 1.0  # an expansionist that expects to win is readier to fight
DETERRENCE = 1.5  # ... unless the other side has warned it off this turn
JOIN_CHANCE = {"low": 0.5, "fair": 0.8, "high": 1.0}
TRUCE_TURNS = 3  # no new war between the same sides for three turns after one
ATTACKER_DEFENSE_WEIGHT = 0.2
DEFENDER_OFFENSE_WEIGHT = 0.5
# (wealth share, arms share, score penalty) lost by each side.
LOSER_COST = (0.3, 0.4, 1.0)
WINNER_COST = (0.1, 0.15, 0.5)
NUCLEAR_COST = (0.6, 0.5, 3.0)
SPOILS = 0.4  # share of the losers' lost wealth that expansionist winners take
WAR_WEARINESS = 0.2
POSTWAR_TRUST = 0.2


def sigmoid(x: float) -> float:
    """Return the logistic function of x."""
    return 1.0 / (1.0 + math.exp(-x))


def contest(advantage: float, attack: tuple[float, float], hold: tuple[float, float]) -> float:
    """Return the chance that forces `attack` (offense, defense) beat forces `hold`."""
    s_a = advantage * attack[0] + ATTACKER_DEFENSE_WEIGHT * attack[1]
    s_d = hold[1] / advantage + DEFENDER_OFFENSE_WEIGHT * hold[0] + 1.0
    return s_a * s_a / (s_a * s_a + s_d * s_d)


def _forces(side: list[CountryDraft]) -> tuple[float, float]:
    return float(sum(c.offense for c in side)), float(sum(c.defense for c in side))


def _expected_forces(ledger: Ledger, key: str, enemy: str) -> tuple[float, float]:
    """Return a state's forces plus its allies', weighted by how likely they are to join."""
    countries = ledger.countries
    c = countries[key]
    offense, defense = float(c.offense), float(c.defense)
    bound = ledger.bound
    for partner, burden in ledger.partners[key]:
        if partner != enemy and (partner, enemy) not in bound:
            p = countries[partner]
            offense += JOIN_CHANCE[burden] * p.offense
            defense += JOIN_CHANCE[burden] * p.defense
    return offense, defense


def war_chance(ledger: Ledger, a: str, b: str, tension: float) -> tuple[float, str]:
    """Return the chance that the dyad (a, b) goes to war this turn, and who would strike.

    In a crisis each side fears the other's first strike, so whichever side is likelier to
    win by striking first is the one that strikes.
    """
    params = ledger.params
    if tension <= params.war_threshold or (a, b) in ledger.bound:  # allied
        return 0.0, a
    memory = ledger.dyads.get((a, b))
    if memory is not None and memory.truce_until >= ledger.turn:
        return 0.0, a
    beta = params.offense_advantage
    forces_a = _expected_forces(ledger, a, b)
    forces_b = _expected_forces(ledger, b, a)
    p_a = contest(beta, forces_a, forces_b)
    p_b = contest(beta, forces_b, forces_a)
    if p_b > p_a or (p_b == p_a and ledger.rows[b][a].threat > ledger.rows[a][b].threat):
        striker, target, p_win = b, a, p_b
    else:
        striker, target, p_win = a, b, p_a
    logit = params.war_steepness * (tension - params.war_threshold) + WAR_OFFSET
    logit += FEASIBILITY * (p_win - 0.5)
    if ledger.countries[striker].type == EXPANSIONIST and p_win > 0.5:
        logit += OPPORTUNISM
        if (striker, target) in ledger.deterred:
            logit -= DETERRENCE
    chance = sigmoid(logit)
    if ledger.agreements and ledger.has_agreement("hotline", a, b):
        chance *= HOTLINE_DAMPING
    if params.nuclear:
        chance *= NUCLEAR_DAMPING
    return round6(chance), striker


def apply(ledger: Ledger) -> None:
    """Decide which hot dyads go to war, hottest first, and fight those wars."""
    threshold = ledger.params.war_threshold
    hot = []
    for n, t in enumerate(ledger.tensions):
        if t.tension > threshold:
            chance, striker = war_chance(ledger, t.a, t.b, t.tension)
            if chance > 0.0:
                t.war_chance = chance
                hot.append((-t.tension, n, t, striker, chance))
    hot.sort(key=lambda h: (h[0], h[1]))
    at_war = ledger.at_war
    for _, _, t, striker, chance in hot:
        if t.a in at_war or t.b in at_war:
            continue
        u = first_draws(ledger.seed, ledger.turn, "war", t.a, t.b)  # only k = 0 and 1 are used
        started = u[0] < chance
        ledger.draws.append(Draw("war", t.a, t.b, 0, u[0], chance, started))
        if started:
            attacker, defender = (t.a, t.b) if striker == t.a else (t.b, t.a)
            _fight(ledger, t.a, t.b, attacker, defender, chance, u)


def _side(ledger: Ledger, leader: str, enemy: str) -> tuple[list[str], list[str]]:
    side, drawn = [leader], []
    for partner, burden in ledger.allies(leader):
        if partner == enemy or partner in ledger.at_war or ledger.allied(partner, enemy):
            continue
        u = first_draws(ledger.seed, ledger.turn, "join", partner, leader)[0]
        joins = u < JOIN_CHANCE[burden]
        ledger.draws.append(Draw("join", partner, leader, 0, u, JOIN_CHANCE[burden], joins))
        if joins:
            side.append(partner)
            drawn.append(partner)
    return side, drawn


def _fight(
    ledger: Ledger,
    a: str,
    b: str,
    attacker: str,
    defender: str,
    chance: float,
    u: tuple[float, ...],
) -> None:
    params = ledger.params
    countries = ledger.countries
    ledger.at_war.update((attacker, defender))
    side_a, drawn_a = _side(ledger, attacker, defender)
    ledger.at_war.update(side_a)
    side_b, drawn_b = _side(ledger, defender, attacker)
    ledger.at_war.update(side_b)
    attackers = [countries[k] for k in side_a]
    defenders = [countries[k] for k in side_b]
    p_attacker = contest(params.offense_advantage, _forces(attackers), _forces(defenders))
    attacker_wins = u[1] < p_attacker
    ledger.draws.append(
        Draw("victory", attacker, defender, 1, u[1], round(p_attacker, 6), attacker_wins)
    )
    winners, losers = (attackers, defenders) if attacker_wins else (defenders, attackers)
    # A lopsided victory is cheap for the victor; an even fight costs it the full price.
    p_winner = p_attacker if attacker_wins else 1.0 - p_attacker
    lopsided = min(1.0, 2.0 * (1.0 - p_winner))
    losses = []
    lost_by_losers = 0.0
    for group, cost in ((losers, LOSER_COST), (winners, WINNER_COST)):
        if params.nuclear:
            cost = NUCLEAR_COST
        elif group is winners:
            cost = (cost[0] * lopsided, cost[1] * lopsided, cost[2] * lopsided)
        wealth_share, arms_share, penalty = cost
        for c in group:
            wealth_lost = round(c.wealth * wealth_share, 4)
            offense_lost = math.ceil(c.offense * arms_share)
            defense_lost = math.ceil(c.defense * arms_share)
            c.wealth -= wealth_lost
            c.offense -= offense_lost
            c.defense -= defense_lost
            c.penalty += penalty
            c.hawkishness = max(0.0, c.hawkishness - WAR_WEARINESS)
            if group is losers:
                lost_by_losers += wealth_lost
            losses.append(Loss(c.key, wealth_lost, offense_lost, defense_lost))
    takers = [c for c in winners if c.type == EXPANSIONIST]
    if takers and not params.nuclear:
        share = SPOILS * lost_by_losers / len(takers)
        for c in takers:
            c.wealth += share
    for x in side_a:
        for y in side_b:
            ledger.set_trust(x, y, min(ledger.rows[x][y].trust, POSTWAR_TRUST))
            ledger.set_trust(y, x, min(ledger.rows[y][x].trust, POSTWAR_TRUST))
            ledger.truces.add(ledger.pair(x, y))
    winner = attacker if attacker_wins else defender
    ledger.wars.append(
        War(
            a,
            b,
            attacker,
            tuple(side_a),
            tuple(side_b),
            tuple(drawn_a + drawn_b),
            winner,
            chance,
            params.nuclear,
            tuple(losses),
        )
    )
