"""The simulation lab: many seeded bot games, summarised (war, spiral and misread rates)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any

from game.referee.bots import BOTS, check_bot
from game.referee.fastbuild import maker
from game.referee.params import Params, apply_overrides, params_to_dict
from game.referee.records import MoveEntry
from game.referee.scenarios import Scenario, load_scenario
from game.referee.turn import resolve_checked
from game.referee.view import seat_views
from game.referee.world import new_world


@dataclass(frozen=True, slots=True)
class GameSummary:
    """What one bot game came to."""

    seed: int
    bots: tuple[str, ...]
    wars: int
    spirals: int
    tragic_spirals: int
    misperception_spirals: int
    crises: int
    misreads: int
    observations: int
    tension_sum: float
    tension_count: int
    world_score: float
    scores: tuple[float, ...]


def run_seed(seed: int, run: int) -> int:
    """Return the seed of run `run` in a batch seeded `seed`."""
    digest = blake2b(f"run|{seed}|{run}".encode(), digest_size=6).digest()
    return int.from_bytes(digest, "little")


def seat_bots(bots: Sequence[str], seats: int) -> tuple[str, ...]:
    """Return the bot for each seat: `bots` in order, cycling."""
    if not bots:
        raise ValueError("name at least one bot")
    for name in bots:
        check_bot(name)
    return tuple(bots[n % len(bots)] for n in range(seats))


_make_entry = maker(MoveEntry)


def play_game(
    scenario: Scenario, params: Params, bots: Sequence[str], turns: int, seed: int
) -> GameSummary:
    """Play one game of bots and summarise it."""
    world = new_world(scenario, params, seed, turns)
    seats = world.seats
    assigned = seat_bots(bots, len(seats))
    players = [BOTS[name] for name in assigned]  # what bot_move would look up every turn
    wars = spirals = tragic = misfed = crises = misreads = observations = 0
    tension_sum = 0.0
    tension_count = 0
    record = None
    while not world.finished:
        views = seat_views(world)
        moves = {seat: play(views[seat]) for seat, play in zip(seats, players, strict=True)}
        entries = tuple([_make_entry(seat, moves[seat]) for seat in seats])
        result = resolve_checked(world, moves, entries)
        world, record = result.world, result.record
        wars += len(record.wars)
        crises += len(record.crises)
        for s in record.spirals:
            if s.new:
                spirals += 1
                tragic += s.tragic
                misfed += s.misperception_fed
        misreads += sum([o.misread for o in record.observations])
        observations += len(record.observations)
        tension_sum += sum([t.tension for t in record.tensions])
        tension_count += len(record.tensions)
    return GameSummary(
        seed,
        assigned,
        wars,
        spirals,
        tragic,
        misfed,
        crises,
        misreads,
        observations,
        tension_sum,
        tension_count,
        record.world_score if record is not None else 0.0,
        tuple(c.score for c in world.countries),
    )


def play_games(
    scenario: Scenario,
    params: Params,
    bots: Sequence[str],
    turns: int,
    runs: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> list[GameSummary]:
    """Play `runs` seeded bot games; call `progress` with the number done after each."""
    games = []
    for run in range(runs):
        games.append(play_game(scenario, params, bots, turns, run_seed(seed, run)))
        if progress is not None:
            progress(run + 1)
    return games


def summarize(games: Sequence[GameSummary], bots: Sequence[str]) -> dict[str, Any]:
    """Return the lab's figures for a batch of games."""
    runs = len(games) or 1
    observations = sum(g.observations for g in games) or 1
    tension_count = sum(g.tension_count for g in games) or 1
    by_bot: dict[str, list[float]] = {name: [] for name in dict.fromkeys(bots)}
    for g in games:
        for name, score in zip(g.bots, g.scores, strict=True):
            by_bot[name].append(score)
    spirals = sum(g.spirals for g in games)
    return {
        "runs": len(games),
        "war_rate": round(sum(1 for g in games if g.wars) / runs, 4),
        "spiral_rate": round(sum(1 for g in games if g.spirals) / runs, 4),
        "wars_per_run": round(sum(g.wars for g in games) / runs, 4),
        "spirals_per_run": round(spirals / runs, 4),
        "crises_per_run": round(sum(g.crises for g in games) / runs, 4),
        "tragic_spiral_share": round(sum(g.tragic_spirals for g in games) / spirals, 4)
        if spirals
        else 0.0,
        "misperception_spiral_share": (
            round(sum(g.misperception_spirals for g in games) / spirals, 4) if spirals else 0.0
        ),
        "misperception_rate": round(sum(g.misreads for g in games) / observations, 4),
        "mean_tension": round(sum(g.tension_sum for g in games) / tension_count, 4),
        "mean_world_score": round(sum(g.world_score for g in games) / runs, 4),
        "score_by_bot": {name: round(sum(v) / len(v), 4) for name, v in by_bot.items() if v},
    }


def run_batch(
    scenario_key: str,
    bots: Sequence[str],
    turns: int,
    runs: int,
    seed: int,
    overrides: Mapping[str, object] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Play `runs` bot games of a scenario and return the lab's summary (a JSON-safe dict)."""
    scenario = load_scenario(scenario_key)
    params = apply_overrides(scenario.params, overrides or {})
    seat_bots(bots, len(scenario.states))
    if turns < 1 or runs < 1:
        raise ValueError("turns and runs must be at least 1")
    games = play_games(scenario, params, bots, turns, runs, seed, progress)
    summary = summarize(games, bots)
    return {
        "scenario": scenario.key,
        "bots": list(bots),
        "turns": turns,
        "seed": seed,
        "params": params_to_dict(params),
        **summary,
    }
