"""Small hand-made scenarios and helpers for the referee's tests (no database)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from game.referee import Move, Params, Scenario, WorldState, new_world, resolve_turn
from game.referee.records import TurnRecord
from game.referee.scenarios import parse_scenario

NAMES = {"ALD": "Aldoria", "BRN": "Bernia", "COR": "Corvia", "DUN": "Dunmark"}


def scenario_data(
    keys: Sequence[str] = ("ALD", "BRN"),
    *,
    params: Mapping[str, object] | None = None,
    regimes: Mapping[str, str] | None = None,
    stocks: tuple[int, int] = (3, 3),
    wealth: float = 30,
    **extra: Any,
) -> dict[str, Any]:
    """Return a minimal scenario mapping in the file format."""
    regimes = regimes or {}
    data: dict[str, Any] = {
        "key": "fixture",
        "title": "Fixture",
        "summary": "Two or more small states.",
        "period": "now",
        "default_turns": 6,
        "params": dict(params or {}),
        "states": [
            {
                "key": key,
                "name": NAMES.get(key, key.title()),
                "regime": regimes.get(key, "democracy"),
                "type": "security_seeker",
                "offense": stocks[0],
                "defense": stocks[1],
                "wealth": wealth,
                "hawkishness": 0.4,
                "objective": f"Secret objective of {key}.",
                "brief": f"Brief of {key}.",
            }
            for key in keys
        ],
        "student_brief": "Everyone reads this.",
        "teacher_note": "Teachers read this.",
        "concepts": ["security_dilemma"],
    }
    data.update(extra)
    return data


def make_scenario(keys: Sequence[str] = ("ALD", "BRN"), **kwargs: Any) -> Scenario:
    """Return a small scenario built in memory."""
    return parse_scenario(scenario_data(keys, **kwargs), "fixture.json")


def make_world(
    keys: Sequence[str] = ("ALD", "BRN"),
    *,
    seed: int = 7,
    turns: int = 6,
    **kwargs: Any,
) -> WorldState:
    """Return a fresh world of a small scenario."""
    scenario = make_scenario(keys, **kwargs)
    return new_world(scenario, scenario.params, seed, turns)


def play(
    world: WorldState, turns: Sequence[Mapping[str, Move]]
) -> tuple[WorldState, list[TurnRecord]]:
    """Resolve several turns of given moves; return the last world and the records."""
    records = []
    for moves in turns:
        result = resolve_turn(world, moves)
        world = result.world
        records.append(result.record)
    return world, records


def quiet(**changes: object) -> Params:
    """Return default parameters with no noise, plus `changes`."""
    from game.referee import apply_overrides

    return apply_overrides(Params(noise=0.0), changes)


ARM = Move.arm("defensive")
ARM_OFF = Move.arm("offensive")
REASSURE = Move.signal("reassure")
