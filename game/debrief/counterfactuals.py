"""The counterfactuals: the same moves with no misperception, bots replaying the world
with noise off or with arms easier to tell apart, and the world against mutual restraint.

The replay of the same moves is exact (common random numbers). The bot replay is a
model estimate over many seeds; it depends only on the world's rules, so it is computed
once per distinct rule set and kept in the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from game.debrief.facts import mean_tension_by_turn, peak_tension_by_turn
from game.debrief.log import GameLog, WorldLog
from game.referee import (
    bot_replay_estimate,
    price_of_anarchy,
    replay_without_noise,
    wasted_arms,
)
from game.referee.params import Params, params_to_dict

ESTIMATE_SEEDS = 20
MORE_DIFFERENTIATION = 0.4  # how much easier to tell apart "more differentiation" makes arms
CACHE_SECONDS = 60 * 60 * 24 * 30


@dataclass(frozen=True, slots=True)
class Replay:
    """The game as played beside the same moves replayed with no misperception."""

    actual_mean: list[float]
    replay_mean: list[float]
    actual_peak: list[float]
    replay_peak: list[float]
    actual_wars: int
    replay_wars: int
    actual_crises: int
    replay_crises: int
    actual_expected_wars: float
    replay_expected_wars: float
    actual_misreads: int
    replay_misreads: int
    price_of_anarchy: float
    wasted_arms: float


def replay(world: WorldLog) -> Replay | None:
    """Return the no-misperception replay of a world, or None before its first turn."""
    if world.initial is None or not world.records:
        return None
    actual = list(world.records)
    clean = replay_without_noise(world.initial, actual)
    return Replay(
        actual_mean=mean_tension_by_turn(actual),
        replay_mean=mean_tension_by_turn(clean),
        actual_peak=peak_tension_by_turn(actual),
        replay_peak=peak_tension_by_turn(clean),
        actual_wars=sum(len(r.wars) for r in actual),
        replay_wars=sum(len(r.wars) for r in clean),
        actual_crises=sum(len(r.crises) for r in actual),
        replay_crises=sum(len(r.crises) for r in clean),
        actual_expected_wars=round(sum(t.war_chance for r in actual for t in r.tensions), 4),
        replay_expected_wars=round(sum(t.war_chance for r in clean for t in r.tensions), 4),
        actual_misreads=sum(r.misreads for r in actual),
        replay_misreads=sum(r.misreads for r in clean),
        price_of_anarchy=price_of_anarchy(world.initial, actual),
        wasted_arms=wasted_arms(actual),
    )


@dataclass(frozen=True, slots=True)
class EstimateSpec:
    """One bot replay to run: the world's rules, one change, its bots and length."""

    label: str
    change: dict[str, Any]
    params: Params
    bots: tuple[str, ...]
    turns: int
    seed: int

    @property
    def key(self) -> str:
        """Return the cache key (the estimate is a pure function of these inputs)."""
        blob = json.dumps(
            [
                self.change,
                params_to_dict(self.params),
                self.bots,
                self.turns,
                self.seed,
                ESTIMATE_SEEDS,
            ],
            sort_keys=True,
        )
        return "debrief-estimate:" + hashlib.sha256(blob.encode()).hexdigest()[:32]


def bots_for(game: GameLog, world: WorldLog) -> tuple[str, ...]:
    """Return the bot standing in for each seat: its own bot, else the session's."""
    return tuple(seat.bot or game.bot_strategy or "tit_for_tat" for seat in world.seats)


def estimate_specs(game: GameLog, world: WorldLog) -> list[EstimateSpec]:
    """Return the bot replays a world's debrief shows: noise off, and arms told apart.

    They depend on the world's rules, not on what its players did, so worlds with the same
    rules share them (one seed for the whole session: common random numbers).
    """
    if world.initial is None:
        return []
    params = world.initial.params
    turns = max(1, len(world.records) or game.turns)
    bots = bots_for(game, world)
    specs = []
    if params.noise > 0:
        specs.append(EstimateSpec("Noise off", {"noise": 0.0}, params, bots, turns, game.seed))
    if params.differentiation < 1.0:
        more = round(min(1.0, params.differentiation + MORE_DIFFERENTIATION), 2)
        specs.append(
            EstimateSpec(
                f"Arms easier to tell apart (differentiation {more:g})",
                {"differentiation": more},
                params,
                bots,
                turns,
                game.seed,
            )
        )
    return specs


def cached_estimate(spec: EstimateSpec) -> dict[str, Any] | None:
    """Return a bot replay already computed, or None."""
    return cache.get(spec.key)


def run_estimate(game: GameLog, spec: EstimateSpec) -> dict[str, Any]:
    """Return (and keep) the bot replay of one spec over ESTIMATE_SEEDS seeds."""
    found = cache.get(spec.key)
    if found is not None:
        return found
    result = bot_replay_estimate(
        game.scenario, spec.params, spec.change, spec.bots, spec.turns, ESTIMATE_SEEDS, spec.seed
    )
    result = {**result, "title": spec.label}
    cache.set(spec.key, result, CACHE_SECONDS)
    return result


def describe_bots(bots: Sequence[str]) -> str:
    """Return which bots played, in words ("balancer in every seat")."""
    names = list(dict.fromkeys(b.replace("_", " ") for b in bots))
    if len(names) == 1:
        return f"{names[0]} in every seat"
    return ", ".join(names)


def estimates(game: GameLog, world: WorldLog, compute: bool = True) -> list[dict[str, Any]] | None:
    """Return a world's bot replays; None when not all are cached and `compute` is False."""
    specs = estimate_specs(game, world)
    found = [cached_estimate(s) for s in specs]
    if not all(f is not None for f in found):
        if not compute:
            return None
        found = [run_estimate(game, s) for s in specs]
    return [{**f, "bots_text": describe_bots(f["bots"])} for f in found if f is not None]


def estimates_ready(game: GameLog, worlds: Sequence[WorldLog]) -> bool:
    """Tell whether every world's bot replays are already in the cache."""
    return all(estimates(game, w, compute=False) is not None for w in worlds)
