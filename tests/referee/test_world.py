"""Setting a world up, and revealing its truth at the end."""

from __future__ import annotations

import dataclasses

import pytest

from game.referee import Move, ParamError, ScenarioError, apply_overrides, new_world, reveal
from game.referee.world import OBJECTIVES
from tests.referee.helpers import make_scenario, play

FOUR = ("ALD", "BRN", "COR", "DUN")


def test_a_world_starts_at_turn_one_with_the_scenarios_states_and_priors():
    scenario = make_scenario(FOUR, trust=[{"from": "ALD", "to": "BRN", "value": 0.2}])
    world = new_world(scenario, scenario.params, seed=3)
    assert world.turn == 1 and world.turns == scenario.default_turns
    assert world.seats == FOUR
    assert world.belief("ALD", "BRN").trust == 0.2
    assert world.belief("BRN", "ALD").trust == 0.5
    assert len(world.beliefs) == 4 * 3 and len(world.dyads) == 6
    assert all(d.tension > 0 for d in world.dyads)  # a baseline for turn 1


def test_seats_choose_and_order_the_states_in_play():
    scenario = make_scenario(FOUR, alliances=[["ALD", "DUN"], ["BRN", "COR"]])
    world = new_world(scenario, scenario.params, 1, turns=4, seats=["DUN", "ALD", "BRN"])
    assert world.seats == ("DUN", "ALD", "BRN")
    assert world.turns == 4
    assert world.allied("ALD", "DUN") and not world.pacts[1:]


@pytest.mark.parametrize(
    ("seats", "error", "message"),
    [
        (["ALD", "XYZ"], ScenarioError, "has no state 'XYZ'"),
        (["ALD"], ScenarioError, "at least two"),
        (["ALD", "ALD"], ScenarioError, "two different"),
    ],
)
def test_bad_seats_are_refused(seats, error, message):
    scenario = make_scenario(FOUR)
    with pytest.raises(error, match=message):
        new_world(scenario, scenario.params, 1, seats=seats)


def test_hidden_expansionists_are_drawn_by_the_seed():
    scenario = make_scenario(FOUR)
    params = apply_overrides(scenario.params, {"expansionists": 1})
    drawn = set()
    for seed in range(20):
        world = new_world(scenario, params, seed)
        (expansionist,) = [c for c in world.countries if c.type == "expansionist"]
        assert expansionist.objective == OBJECTIVES["expansionist"]
        drawn.add(expansionist.key)
        assert new_world(scenario, params, seed).country(expansionist.key).type == "expansionist"
    assert len(drawn) > 1
    with pytest.raises(ParamError, match="at most 2"):
        new_world(scenario, apply_overrides(params, {"expansionists": 3}), 1, seats=["ALD", "BRN"])


def test_the_reveal_shows_types_objectives_and_stated_intents():
    scenario = make_scenario()
    world = new_world(scenario, scenario.params, 1)
    world, _ = play(world, [{"ALD": Move.arm("offensive", 1, "BRN", "They are too strong.")}])
    truth = reveal(world)
    assert truth["turn"] == 1
    assert [s["type"] for s in truth["states"]] == ["security_seeker", "security_seeker"]
    assert truth["states"][0]["objective"] == "Secret objective of ALD."
    assert truth["intents"] == [
        {"turn": 1, "state": "ALD", "aimed_at": "BRN", "reason": "They are too strong."}
    ]
    assert truth["expansionists"] == []


def test_worlds_share_their_start_but_keep_their_own_seed_turns_and_params():
    scenario = make_scenario(FOUR)
    first = new_world(scenario, scenario.params, 1, turns=4)
    second = new_world(scenario, scenario.params, 2, turns=9)
    assert (first.seed, first.turns, second.seed, second.turns) == (1, 4, 2, 9)
    assert first.beliefs == second.beliefs and first.dyads == second.dyads
    assert first.to_dict() == {**second.to_dict(), "seed": 1, "turns": 4}
    # Equal parameters that encode differently never share a start.
    decimal = dataclasses.replace(scenario.params, growth=0.0)
    whole = dataclasses.replace(scenario.params, growth=0)
    assert decimal == whole
    assert new_world(scenario, decimal, 1).params is decimal
    assert new_world(scenario, whole, 1).params is whole
    assert repr(new_world(scenario, whole, 1).to_dict()["params"]["growth"]) == "0"
