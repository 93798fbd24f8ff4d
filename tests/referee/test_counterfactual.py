"""Counterfactuals: the same game without noise, with restraint, or with other rules."""

from __future__ import annotations

from game.referee import (
    Move,
    bot_replay_estimate,
    price_of_anarchy,
    replay_without_noise,
    wasted_arms,
)
from game.referee.counterfactual import restraint_records
from tests.referee.helpers import ARM, ARM_OFF, REASSURE, make_scenario, make_world, play


def test_the_noise_free_replay_keeps_the_moves_and_drops_the_misreads():
    world = make_world(("ALD", "BRN", "COR"), params={"noise": 0.5, "differentiation": 0})
    _, records = play(world, [{"ALD": ARM, "BRN": ARM, "COR": REASSURE}] * 4)
    assert sum(r.misreads for r in records) > 0
    replay = replay_without_noise(world, records)
    assert sum(r.misreads for r in replay) == 0
    for real, ideal in zip(records, replay, strict=True):
        assert [e.move for e in real.moves] == [e.move for e in ideal.moves]


def test_restraint_scores_at_least_as_well_as_a_spiral():
    world = make_world(params={"noise": 0})
    _, spiral = play(world, [{"ALD": ARM_OFF, "BRN": ARM_OFF}] * 5)
    _, calm = play(world, [{"ALD": REASSURE, "BRN": REASSURE}] * 5)
    assert price_of_anarchy(world, calm) == 1.0
    assert price_of_anarchy(world, spiral) < 1.0
    assert price_of_anarchy(world, []) == 1.0


def test_restraint_has_no_war_even_between_enemies():
    enemies = [{"from": "ALD", "to": "BRN", "value": 0}, {"from": "BRN", "to": "ALD", "value": 0}]
    world = make_world(
        params={"offense_advantage": 2, "war_threshold": 0.3}, stocks=(10, 2), trust=enemies
    )
    assert not any(r.wars for r in restraint_records(world, 5))


def test_a_replayed_move_that_no_longer_fits_defaults_to_reassurance():
    _, records = play(make_world(params={"noise": 0}), [{"ALD": Move.arm("defensive", 2)}])
    poor = make_world(params={"noise": 0}, wealth=2)
    (replayed,) = replay_without_noise(poor, records)
    entry = replayed.move_of("ALD")
    assert entry.defaulted and entry.move == Move.signal("reassure", "all")


def test_wasted_arms_are_zero_without_spirals():
    _, records = play(make_world(params={"noise": 0}), [{"ALD": ARM}] * 3)
    assert wasted_arms(records) == 0.0


def test_a_bot_replay_estimate_compares_two_rule_sets_on_the_same_seeds():
    scenario = make_scenario(("ALD", "BRN", "COR"))
    estimate = bot_replay_estimate(
        scenario,
        scenario.params,
        {"noise": 0.0},
        ["tit_for_tat", "balancer"],
        turns=4,
        seeds=5,
        seed=1,
    )
    assert estimate["label"] == "model estimate"
    assert set(estimate["base"]) == {"war_rate", "spiral_rate", "mean_tension"}
    assert estimate["change"] == {"noise": 0.0}
    same = bot_replay_estimate(scenario, scenario.params, {}, ["tit_for_tat", "balancer"], 4, 5, 1)
    assert same["base"] == same["changed"]
