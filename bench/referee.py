"""Benchmark the referee: resolve time for 8- and 30-state turns, and lab throughput.

Run as `.venv/bin/python bench/referee.py`; writes bench/results/referee.json.
Targets (one core): 8-state turn < 1 ms, 30-state turn < 20 ms (median), and at least
2000 world-turns per second when bots play 6-state worlds.
"""

from __future__ import annotations

import json
import platform
import statistics
import string
import sys
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.referee import (  # noqa: E402
    Params,
    Scenario,
    ScenarioState,
    bot_move,
    load_scenario,
    new_world,
    resolve_turn,
    seat_view,
)
from game.referee.simulate import play_games  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "referee.json"
BOTS = ("tit_for_tat", "balancer", "random", "generous_tit_for_tat", "hawk", "grim")
TARGETS = {"turn_8_ms": 1.0, "turn_30_ms": 20.0, "world_turns_per_second": 2000.0}


def synthetic_scenario(n: int) -> Scenario:
    """Return an n-state scenario of alike states (keys AA, AB, ...)."""
    keys = ["".join(p) for p in product(string.ascii_uppercase, repeat=2)][:n]
    states = tuple(
        ScenarioState(
            key,
            f"State {key}",
            "democracy" if i % 2 else "autocracy",
            "security_seeker",
            3 + i % 3,
            3 + i % 2,
            30.0 + i,
            0.4,
            "Stay safe.",
            "A state among many.",
        )
        for i, key in enumerate(keys)
    )
    pacts = tuple((keys[i], keys[i + 1]) for i in range(0, n - 1, 4))
    return Scenario(
        key=f"synthetic_{n}",
        title=f"{n} states",
        summary="Synthetic.",
        period="now",
        default_turns=12,
        params=Params(noise=0.3, differentiation=0.3, offense_advantage=1.3),
        states=states,
        alliances=pacts,
        student_brief="Synthetic.",
        teacher_note="Synthetic.",
        concepts=("security_dilemma",),
    )


def median_turn_ms(scenario: Scenario, turns: int) -> float:
    """Return the median CPU time to resolve a turn of bot moves over a game, in milliseconds.

    CPU time of this process, so other work on a shared machine does not count against it.
    """
    world = new_world(scenario, scenario.params, seed=11, turns=turns)
    samples = []
    for turn in range(turns):
        moves = {
            seat: bot_move(BOTS[(n + turn) % len(BOTS)], seat_view(world, seat))
            for n, seat in enumerate(world.seats)
        }
        started = time.process_time()
        world = resolve_turn(world, moves).world
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples)


def throughput() -> dict[str, float]:
    """Return world-turns per second for bots playing a 6-state preset (best of three).

    Reported per CPU second of this process (what one core delivers, whatever else the
    machine is running) and per wall-clock second.
    """
    scenario = load_scenario("europe_1914")
    assert len(scenario.states) == 6
    runs, turns = 100, 10
    best_cpu = best_wall = float("inf")
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        play_games(scenario, scenario.params, BOTS, turns, runs, seed=1)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return {
        "world_turns_per_second": round(runs * turns / best_cpu, 1),
        "world_turns_per_wall_second": round(runs * turns / best_wall, 1),
        "throughput_world_turns": runs * turns,
    }


def main() -> int:
    """Measure, print and write the results."""
    eight = synthetic_scenario(8)
    thirty = synthetic_scenario(30)
    for scenario in (eight, thirty):  # warm up imports and caches
        median_turn_ms(scenario, 3)
    turn_8 = median_turn_ms(eight, 200)
    turn_30 = median_turn_ms(thirty, 40)
    rates = throughput()
    rate = rates["world_turns_per_second"]
    results = {
        "turn_8_ms": round(turn_8, 3),
        "turn_30_ms": round(turn_30, 3),
        **rates,
        "targets": TARGETS,
        "met": {
            "turn_8_ms": turn_8 < TARGETS["turn_8_ms"],
            "turn_30_ms": turn_30 < TARGETS["turn_30_ms"],
            "world_turns_per_second": rate >= TARGETS["world_turns_per_second"],
        },
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
