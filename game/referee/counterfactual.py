"""Counterfactuals for the debrief: the same game without noise, with other rules, or with
everyone showing restraint. Common random numbers keep every other draw the same."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from game.referee.moves import CHEAP_REASSURANCE, InvalidMove, Move, check_move
from game.referee.params import Params, apply_overrides
from game.referee.records import MoveEntry, TurnRecord
from game.referee.scenarios import Scenario
from game.referee.turn import DEFAULT_POLICY, resolve_checked
from game.referee.types import WorldState

LABEL = "model estimate"


def _replay(
    world: WorldState,
    plans: Sequence[tuple[dict[str, Move], tuple[Any, ...]]],
    *,
    wars: bool = True,
) -> list[TurnRecord]:
    """Play `plans` (moves and event cards per turn) from `world`; refused moves default."""
    out = []
    for moves, cards in plans:
        if world.finished:
            break
        chosen: dict[str, Move] = {}
        entries = []
        for seat in world.seats:
            move = moves.get(seat, CHEAP_REASSURANCE)
            try:
                move = check_move(world, seat, move)
                entries.append(MoveEntry(seat, move))
            except InvalidMove:
                # The replayed world has drifted from the real one (say, a war was not
                # fought), so this move no longer makes sense: the seat reassures instead.
                move = CHEAP_REASSURANCE
                entries.append(MoveEntry(seat, move, True, DEFAULT_POLICY))
            chosen[seat] = move
        result = resolve_checked(world, chosen, tuple(entries), cards, wars=wars)
        out.append(result.record)
        world = result.world
    return out


def replay_without_noise(initial: WorldState, records: Sequence[TurnRecord]) -> list[TurnRecord]:
    """Return the game replayed with the same moves and noise 0 (no misreads, no false reports)."""
    world = dataclasses.replace(initial, params=dataclasses.replace(initial.params, noise=0.0))
    plans = [
        (
            {e.seat: e.move for e in r.moves},
            tuple(e.card for e in r.events if e.card.key != "false_intelligence"),
        )
        for r in records
    ]
    return _replay(world, plans)


def restraint_records(initial: WorldState, turns: int) -> list[TurnRecord]:
    """Return the game in which every state reassures every turn, with no noise and no war."""
    world = dataclasses.replace(initial, params=dataclasses.replace(initial.params, noise=0.0))
    plans = [({k: CHEAP_REASSURANCE for k in initial.seats}, ())] * turns
    return _replay(world, plans, wars=False)


def _gained(initial: WorldState, records: Sequence[TurnRecord]) -> float:
    start = sum(c.score for c in initial.countries)
    return records[-1].world_score - start if records else 0.0


def price_of_anarchy(initial: WorldState, records: Sequence[TurnRecord]) -> float:
    """Return the world's score as a share of what mutual restraint with no war would earn."""
    if not records:
        return 1.0
    restraint = _gained(initial, restraint_records(initial, len(records)))
    if restraint <= 0.0:
        return 1.0
    return round(_gained(initial, records) / restraint, 4)


def wasted_arms(records: Sequence[TurnRecord]) -> float:
    """Return the wealth spent on arms inside tragic spirals (by both sides, while in them)."""
    inside: set[tuple[int, str]] = set()
    for r in records:
        for s in r.spirals:
            if s.tragic:
                for link in s.links:
                    inside.add((link.turn, s.a))
                    inside.add((link.turn, s.b))
    total = 0.0
    for r in records:
        for c in r.countries:
            if (r.turn, c.key) in inside:
                total += c.spent
    return round(total, 4)


def bot_replay_estimate(
    scenario: Scenario,
    params: Params,
    change: Mapping[str, object],
    bots: Sequence[str],
    turns: int,
    seeds: int,
    seed: int,
) -> dict[str, Any]:
    """Return war and spiral rates and mean tension over `seeds` bot games, before and after
    `change`, played on the same seeds (common random numbers)."""
    from game.referee.simulate import play_games, summarize

    changed = apply_overrides(params, change)
    base_games = play_games(scenario, params, bots, turns, seeds, seed)
    changed_games = play_games(scenario, changed, bots, turns, seeds, seed)
    keys = ("war_rate", "spiral_rate", "mean_tension")
    base = summarize(base_games, bots)
    after = summarize(changed_games, bots)
    return {
        "label": LABEL,
        "scenario": scenario.key,
        "bots": list(bots),
        "turns": turns,
        "seeds": seeds,
        "change": dict(change),
        "base": {k: base[k] for k in keys},
        "changed": {k: after[k] for k in keys},
    }
