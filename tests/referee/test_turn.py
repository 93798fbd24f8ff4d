"""Resolving a turn: economy, stocks, absent seats, records and the end of the game."""

from __future__ import annotations

import json

import pytest

from game.referee import InvalidMove, Move, TurnRecord, WorldState, resolve_turn
from game.referee.economy import arm_cost
from tests.referee.helpers import ARM, ARM_OFF, REASSURE, make_world, play


def test_builds_land_next_turn_not_this_one():
    world = make_world()
    after_one, _ = play(world, [{"ALD": Move.arm("offensive", 2), "BRN": REASSURE}])
    ald = after_one.country("ALD")
    assert (ald.offense, ald.pending_offense) == (3, 2)
    after_two, _ = play(after_one, [{"ALD": REASSURE, "BRN": REASSURE}])
    assert after_two.country("ALD").offense == 5
    assert after_two.country("ALD").pending_offense == 0


def test_wealth_grows_and_builds_cost_convexly():
    world = make_world()
    after, records = play(
        world, [{"ALD": Move.arm("defensive", 2), "BRN": Move.arm("defensive", 1)}]
    )
    growth = 30 * (1 + world.params.growth)
    assert arm_cost(world.params, 2) == 3 * arm_cost(world.params, 1)
    assert after.country("ALD").wealth == pytest.approx(growth - 3)
    assert after.country("BRN").wealth == pytest.approx(growth - 1)
    assert records[0].countries[0].spent == 3


def test_a_costly_reassurance_scraps_a_unit_of_offense_at_once():
    world, _ = play(make_world(), [{"ALD": Move.signal("costly_reassure", "BRN"), "BRN": REASSURE}])
    assert world.country("ALD").offense == 2


def test_a_costly_reassurance_without_offense_costs_wealth():
    world = make_world(stocks=(0, 3))
    after, _ = play(world, [{"ALD": Move.signal("costly_reassure", "BRN"), "BRN": REASSURE}])
    assert after.country("ALD").wealth < after.country("BRN").wealth - 2.9


def test_seats_that_did_not_move_reassure_everyone_and_are_marked_defaulted():
    result = resolve_turn(make_world(), {"ALD": ARM})
    entry = result.record.move_of("BRN")
    assert entry.defaulted is True
    assert entry.move == Move.signal("reassure", "all")
    assert result.record.move_of("ALD").defaulted is False


def test_an_absent_seat_can_be_played_by_its_bot():
    result = resolve_turn(make_world(), {"ALD": ARM}, absent={"BRN": "hawk"})
    entry = result.record.move_of("BRN")
    assert entry.defaulted and entry.by == "hawk"
    assert entry.move.action == "arm" and entry.move.posture == "offensive"


def test_a_refused_move_stops_the_turn_and_changes_nothing():
    world = make_world()
    before = json.dumps(world.to_dict(), sort_keys=True)
    with pytest.raises(InvalidMove, match="size must be 1 or 2"):
        resolve_turn(world, {"ALD": {"action": "arm", "posture": "defensive", "size": 9}})
    with pytest.raises(InvalidMove, match="not a state in this world"):
        resolve_turn(world, {"XYZ": ARM})
    assert json.dumps(world.to_dict(), sort_keys=True) == before


def test_moves_may_arrive_in_wire_form():
    result = resolve_turn(
        make_world(), {"ALD": {"action": "arm", "posture": "offensive", "size": 1}}
    )
    assert result.record.move_of("ALD").move == ARM_OFF


def test_the_world_and_the_record_survive_a_trip_through_json():
    world, records = play(
        make_world(("ALD", "BRN", "COR")),
        [
            {"ALD": Move.arm("offensive", 1, "BRN", "They scare us."), "BRN": ARM},
            {"ALD": Move.ally("propose", "COR"), "BRN": Move.signal("pledge", "ALD", "Peace.")},
            {"COR": Move.ally("accept", "ALD"), "BRN": Move.signal("transparency")},
        ],
    )
    data = json.loads(json.dumps(world.to_dict()))
    assert WorldState.from_dict(data) == world
    for record in records:
        copy = TurnRecord.from_dict(json.loads(json.dumps(record.to_dict())))
        assert copy == record
        assert copy.to_dict() == record.to_dict()


def test_the_game_ends_after_its_planned_turns():
    world = make_world(turns=2)
    world, _ = play(world, [{}, {}])
    assert world.finished
    with pytest.raises(InvalidMove, match="the game is over"):
        resolve_turn(world, {})


def test_stated_intents_are_kept_for_the_debrief_only():
    world, _ = play(make_world(), [{"ALD": Move.arm("offensive", 1, "BRN", "Just in case.")}])
    (intent,) = world.intents
    assert (intent.state, intent.aimed_at, intent.reason) == ("ALD", "BRN", "Just in case.")
