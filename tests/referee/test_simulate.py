"""The simulation lab's batch runner."""

from __future__ import annotations

import pytest

from game.referee import ParamError, ScenarioError, UnknownBot, run_batch

KEYS = {
    "runs",
    "turns",
    "war_rate",
    "spiral_rate",
    "misperception_rate",
    "mean_tension",
    "mean_world_score",
    "score_by_bot",
}


def test_a_batch_reports_the_labs_figures():
    done = []
    result = run_batch(
        "tutorial", ["tit_for_tat", "hawk"], turns=4, runs=6, seed=1, progress=done.append
    )
    assert set(result) >= KEYS
    assert result["runs"] == 6 and result["turns"] == 4
    assert done == [1, 2, 3, 4, 5, 6]
    assert set(result["score_by_bot"]) == {"tit_for_tat", "hawk"}
    for key in ("war_rate", "spiral_rate", "misperception_rate", "mean_tension"):
        assert 0 <= result[key] <= 1


def test_a_batch_is_reproducible_from_its_seed():
    first = run_batch("tutorial", ["random"], 4, 5, seed=3)
    assert run_batch("tutorial", ["random"], 4, 5, seed=3) == first
    assert run_batch("tutorial", ["random"], 4, 5, seed=4) != first


def test_overrides_change_the_world_played():
    result = run_batch("tutorial", ["dove"], 3, 2, 1, {"noise": "0", "offense_advantage": "1.8"})
    assert result["params"]["noise"] == 0.0
    assert result["params"]["offense_advantage"] == 1.8
    assert result["misperception_rate"] == 0.0


def test_no_noise_and_all_doves_means_no_war():
    result = run_batch("europe_1914", ["dove"], 10, 20, 1, {"noise": 0})
    assert result["war_rate"] == 0.0


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("atlantis", ["dove"]), ScenarioError, "valid scenarios: tutorial"),
        (("tutorial", ["owl"]), UnknownBot, "valid bots: dove"),
        (("tutorial", ["dove"], {"noise": 3}), ParamError, "noise must be a number from 0 to 0.5"),
        (("tutorial", ["dove"], {"volume": 3}), ParamError, "valid parameters"),
    ],
)
def test_bad_requests_name_the_valid_choices(args, error, message):
    scenario, bots, *rest = args
    with pytest.raises(error, match=message):
        run_batch(scenario, bots, 3, 2, 1, *rest)
