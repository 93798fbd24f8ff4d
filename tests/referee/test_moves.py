"""Moves: the wire form, and the referee's refusals (each with a reason a player reads)."""

from __future__ import annotations

import dataclasses

import pytest

from game.referee import InvalidMove, Move, check_move, move_from_dict, move_to_dict, validate_move
from game.referee.moves import TEXT_LIMIT
from tests.referee.helpers import make_world, play

WIRE_MOVES = [
    {"action": "arm", "posture": "defensive", "size": 1, "aimed_at": "BRN", "reason": "Fear."},
    {"action": "arm", "posture": "offensive", "size": 2},
    {"action": "signal", "to": "all", "kind": "reassure", "text": "We mean no harm."},
    {"action": "signal", "to": "BRN", "kind": "costly_reassure"},
    {"action": "ally", "op": "propose", "with": "BRN", "burden": "high"},
    {"action": "ally", "op": "leave", "with": "BRN"},
]


@pytest.mark.parametrize("data", WIRE_MOVES)
def test_wire_form_round_trips(data):
    move = move_from_dict(data)
    assert move_to_dict(move) == data
    assert move_from_dict(move_to_dict(move)) == move


def test_form_values_arrive_as_text_and_are_normalised():
    move = move_from_dict({"action": "ARM", "posture": "Defensive", "size": "2", "aimed_at": "brn"})
    assert move == Move.arm("defensive", 2, aimed_at="BRN")
    assert move_from_dict({"action": "ally", "op": "propose", "with": "BRN"}).burden == "fair"


def test_free_text_loses_control_characters_and_line_breaks():
    move = move_from_dict(
        {"action": "signal", "to": "all", "kind": "reassure", "text": " Peace\x00\u202e\nnow\t "}
    )
    assert move.text == "Peace now"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"action": "dance"}, "action must be one of arm, signal, ally"),
        ({"posture": "defensive"}, "action must be one of"),
        ("arm", "must be an object"),
        ({"action": "arm", "posture": "sideways", "size": 1}, "posture must be one of"),
        ({"action": "arm", "posture": "defensive", "size": 3}, "size must be 1 or 2"),
        ({"action": "arm", "posture": "defensive"}, "size must be 1 or 2"),
        ({"action": "arm", "posture": "defensive", "size": 1, "to": "BRN"}, "unknown field 'to'"),
        ({"action": "signal", "to": "all", "kind": "insult"}, "kind must be one of"),
        ({"action": "signal", "kind": "reassure"}, "to must name a state"),
        ({"action": "ally", "op": "propose", "with": "all"}, "with one state"),
        ({"action": "ally", "op": "marry", "with": "BRN"}, "op must be one of"),
        (
            {"action": "signal", "to": "all", "kind": "reassure", "text": "x" * (TEXT_LIMIT + 1)},
            "text is too long: 281 characters, the limit is 280",
        ),
    ],
)
def test_malformed_moves_are_refused_with_a_reason(data, reason):
    world = make_world()
    with pytest.raises(InvalidMove) as refusal:
        check_move(world, "ALD", data)
    assert reason in refusal.value.reason
    assert validate_move(world, "ALD", data) == refusal.value.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            {"action": "arm", "posture": "defensive", "size": 1, "aimed_at": "XYZ"},
            "the state a build is aimed at must be Bernia",
        ),
        ({"action": "arm", "posture": "defensive", "size": 1, "aimed_at": "ALD"}, "your own"),
        ({"action": "signal", "to": "ALD", "kind": "warn"}, "cannot be your own state"),
        ({"action": "signal", "to": "ZZZ", "kind": "warn"}, "the state a signal goes to must be"),
        (
            {"action": "ally", "op": "accept", "with": "BRN"},
            "Bernia has not offered you an alliance",
        ),
        ({"action": "ally", "op": "leave", "with": "BRN"}, "you are not allied with Bernia"),
    ],
)
def test_moves_that_make_no_sense_in_this_world_are_refused(data, reason):
    world = make_world()
    assert reason in (validate_move(world, "ALD", data) or "")


def test_proposing_to_an_existing_ally_is_refused():
    world = make_world(alliances=[["ALD", "BRN"]])
    assert validate_move(world, "ALD", Move.ally("propose", "BRN")) == (
        "you are already allied with Bernia"
    )


def test_accepting_an_offer_that_was_made_is_allowed():
    world, _ = play(make_world(), [{"BRN": Move.ally("propose", "ALD")}])
    assert check_move(world, "ALD", Move.ally("accept", "BRN")) == Move.ally("accept", "BRN")


def test_a_build_you_cannot_afford_is_refused():
    world = make_world(wealth=2)
    assert validate_move(world, "ALD", Move.arm("defensive", 1)) is None
    assert "cannot afford a build of 2: it costs 3" in validate_move(
        world, "ALD", Move.arm("defensive", 2)
    )


def test_costly_reassurance_needs_offense_to_scrap_or_wealth_to_pay():
    broke = make_world(stocks=(0, 3), wealth=2)
    assert "cannot pay for a costly reassurance" in validate_move(
        broke, "ALD", Move.signal("costly_reassure", "BRN")
    )
    armed = make_world(stocks=(1, 3), wealth=2)
    assert validate_move(armed, "ALD", Move.signal("costly_reassure", "BRN")) is None


def test_a_hotline_is_refused_where_the_scenario_has_none():
    world = make_world(hotline_available=False)
    assert validate_move(world, "ALD", Move.signal("hotline", "BRN")) == (
        "there is no hotline in this scenario"
    )


def test_a_second_hotline_to_the_same_state_is_refused():
    world, _ = play(
        make_world(), [{"ALD": Move.signal("hotline", "BRN"), "BRN": Move.signal("hotline", "ALD")}]
    )
    assert world.has_hotline("ALD", "BRN")
    assert validate_move(world, "ALD", Move.signal("hotline", "BRN")) == (
        "you already have a hotline with Bernia"
    )


def test_an_unknown_seat_and_a_finished_game_are_refused():
    world = make_world()
    assert (
        validate_move(world, "XYZ", Move.signal("reassure")) == "'XYZ' is not a state in this world"
    )
    over = dataclasses.replace(world, turn=world.turns + 1)
    assert validate_move(over, "ALD", Move.signal("reassure")) == "the game is over"


def test_a_move_object_is_checked_like_its_wire_form():
    world = make_world()
    with pytest.raises(InvalidMove, match="size must be 1 or 2"):
        check_move(world, "ALD", Move("arm", posture="defensive", size=5))


def test_a_move_object_with_a_nonsense_field_is_refused():
    world = make_world()
    reason = validate_move(world, "ALD", Move("arm", posture="defensive", size=[1]))  # type: ignore[arg-type]
    assert reason == "a move's fields must be text or whole numbers"
