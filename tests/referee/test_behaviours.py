"""The behaviours the game must show, measured over many seeded bot games.

These are the design's promises to a class: each runs a few hundred short games through
the simulation lab and checks what a teacher would see in its table.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from game.referee import apply_overrides, load_scenario, run_batch
from game.referee.simulate import play_games, summarize

pytestmark = pytest.mark.slow

RUNS = 160
SECURITY_SEEKERS = ["tit_for_tat", "balancer", "random", "generous_tit_for_tat"]
WORLDS = {
    "offense dominant, arms alike": {"offense_advantage": 1.8, "differentiation": 0.1},
    "defence dominant, arms alike": {"offense_advantage": 0.6, "differentiation": 0.1},
    "offense dominant, arms distinct": {"offense_advantage": 1.8, "differentiation": 0.9},
    "defence dominant, arms distinct": {"offense_advantage": 0.6, "differentiation": 0.9},
}
TENSE = {"offense_advantage": 1.3, "differentiation": 0.2}  # a world where spirals can start


@cache
def four_worlds(bots: tuple[str, ...], seed: int) -> dict[str, dict]:
    return {
        name: run_batch("four_worlds", list(bots), 10, RUNS, seed, params)
        for name, params in WORLDS.items()
    }


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(
    "bots", [tuple(SECURITY_SEEKERS), ("tit_for_tat", "tit_for_tat", "balancer", "grim")]
)
def test_jervis_four_worlds_are_ordered_from_doubly_dangerous_to_doubly_stable(bots, seed):
    worlds = four_worlds(bots, seed)
    worst = worlds["offense dominant, arms alike"]
    best = worlds["defence dominant, arms distinct"]
    middle = [worlds["defence dominant, arms alike"], worlds["offense dominant, arms distinct"]]
    for key in ("war_rate", "spiral_rate"):
        assert worst[key] >= 0.2
        for world in middle:
            assert worst[key] > world[key] + 0.15
            assert best[key] <= world[key]
        assert best[key] <= 0.02
    for world in middle:
        assert worst["mean_tension"] > world["mean_tension"] + 0.1
        assert world["mean_tension"] > best["mean_tension"] + 0.01
        assert worst["crises_per_run"] > world["crises_per_run"] >= best["crises_per_run"]


@pytest.mark.parametrize("bots", [["tit_for_tat"], SECURITY_SEEKERS])
def test_noise_feeds_spirals_and_wars(bots):
    rates = [
        run_batch("four_worlds", bots, 10, RUNS, 3, {**TENSE, "noise": s}) for s in (0, 0.2, 0.4)
    ]
    spirals = [r["spiral_rate"] for r in rates]
    wars = [r["war_rate"] for r in rates]
    tension = [r["mean_tension"] for r in rates]
    assert spirals[0] < spirals[1] < spirals[2]
    assert spirals[2] > spirals[0] + 0.1
    assert wars[0] < wars[1] < wars[2]
    assert tension == sorted(tension)


@pytest.mark.parametrize("scenario", ["four_worlds", "europe_1914", "west_asia"])
def test_without_noise_a_world_of_doves_never_goes_to_war(scenario):
    result = run_batch(scenario, ["dove"], 10, 60, 4, {"noise": 0})
    assert result["war_rate"] == 0.0
    assert result["spiral_rate"] == 0.0


@pytest.mark.parametrize("noise", [0.2, 0.4])
def test_forgiveness_pays_under_noise(noise):
    params = {**TENSE, "noise": noise}
    plain = run_batch("four_worlds", ["tit_for_tat"], 10, RUNS, 5, params)
    generous = run_batch("four_worlds", ["generous_tit_for_tat"], 10, RUNS, 5, params)
    assert generous["spirals_per_run"] < 0.8 * plain["spirals_per_run"]
    assert generous["war_rate"] < plain["war_rate"]
    assert generous["mean_world_score"] > plain["mean_world_score"]


def payoffs(states: int, params: dict) -> dict[str, float]:
    """Return the dilemma's four payoffs from bot games between hawks and doves."""
    scenario = load_scenario("four_worlds")
    scenario = dataclasses.replace(scenario, states=scenario.states[:states])
    world_params = apply_overrides(scenario.params, params)

    def score(bots: list[str], who: str) -> float:
        games = play_games(scenario, world_params, bots, 10, 80, 6)
        return summarize(games, bots)["score_by_bot"][who]

    others = states - 1
    return {
        "reward": score(["dove"], "dove"),  # a dove among doves
        "temptation": score(["hawk"] + ["dove"] * others, "hawk"),  # a hawk among doves
        "punishment": score(["hawk"], "hawk"),  # a hawk among hawks
        "sucker": score(["dove"] + ["hawk"] * others, "dove"),  # a dove among hawks
    }


@pytest.mark.parametrize("states", [2, 4])
def test_the_dilemma_bites_when_offense_dominates(states):
    p = payoffs(states, WORLDS["offense dominant, arms alike"])
    assert p["temptation"] > p["reward"] + 0.5  # arming pays among doves ...
    assert p["punishment"] > p["sucker"] + 1.0  # ... and among hawks ...
    assert p["reward"] > p["punishment"] + 2.0  # ... yet doves together beat hawks together


@pytest.mark.parametrize("states", [2, 4])
def test_restraint_is_stable_when_defence_dominates_and_arms_are_distinct(states):
    p = payoffs(states, WORLDS["defence dominant, arms distinct"])
    assert p["reward"] >= p["temptation"] + 0.3
    assert p["reward"] > p["punishment"]


def test_a_batch_replays_to_the_same_figures():
    first = run_batch("europe_1914", SECURITY_SEEKERS, 10, 30, 9)
    assert run_batch("europe_1914", SECURITY_SEEKERS, 10, 30, 9) == first
