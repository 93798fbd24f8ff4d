"""What the referee tells a player: states by name, never by code; defaults marked."""

from __future__ import annotations

import re

import pytest

from game.referee import Move, load_scenario, new_world, news_of, resolve_turn, validate_move
from game.referee.moves import name_in_sentence
from tests.referee.helpers import make_world

CUBA_KEYS = re.compile(r"\b(USA|USSR|CUB|TUR)\b")


@pytest.mark.parametrize(
    ("name", "in_a_sentence"),
    [
        ("United States", "the United States"),
        ("Soviet Union", "the Soviet Union"),
        ("United Kingdom", "the United Kingdom"),
        ("Baltic states", "the Baltic states"),
        ("Philippines", "the Philippines"),
        ("United Arab Emirates", "the United Arab Emirates"),
        ("Cuba", "Cuba"),
        ("Austria-Hungary", "Austria-Hungary"),
        ("Brennia", "Brennia"),
        ("The Gambia", "The Gambia"),
    ],
)
def test_a_states_name_reads_with_the_where_english_wants_it(name, in_a_sentence):
    assert name_in_sentence(name) == in_a_sentence


def cuba():
    scenario = load_scenario("cuba_1962")
    return new_world(scenario, scenario.params, 3, 8)


@pytest.mark.parametrize(
    ("move", "reason"),
    [
        (Move.ally("accept", "USSR"), "the Soviet Union has not offered you an alliance"),
        (Move.ally("leave", "CUB"), "you are not allied with Cuba"),
        (Move.ally("propose", "TUR"), "you are already allied with Turkey"),
        (Move.ally("accept", "TUR"), "you are already allied with Turkey"),
        (Move.ally("propose", "USA"), "an alliance partner cannot be your own state"),
        (Move.arm("defensive", 1, "XYZ"), "must be the Soviet Union, Cuba or Turkey"),
        (Move.signal("warn", "XYZ"), "must be the Soviet Union, Cuba or Turkey"),
    ],
)
def test_a_refused_move_names_the_states_as_students_know_them(move, reason):
    refusal = validate_move(cuba(), "USA", move) or ""
    assert reason in refusal
    assert not CUBA_KEYS.search(refusal), refusal


def test_a_second_hotline_and_treaty_are_refused_by_name():
    world = resolve_turn(
        cuba(),
        {
            "USA": Move.signal("hotline", "USSR"),
            "USSR": Move.signal("hotline", "USA"),
            "CUB": Move.signal("arms_control", "TUR"),
            "TUR": Move.signal("arms_control", "CUB"),
        },
    ).world
    hotline = validate_move(world, "USSR", Move.signal("hotline", "USA"))
    treaty = validate_move(world, "TUR", Move.signal("arms_control", "CUB"))
    assert hotline == "you already have a hotline with the United States"
    assert treaty == "an arms control treaty with Cuba is already in force"


def test_the_news_of_a_turn_lists_the_seats_whose_move_was_defaulted():
    world = make_world(("ALD", "BRN", "COR"))
    result = resolve_turn(world, {"ALD": Move.arm("defensive")}, absent={"BRN": "dove"})
    news = news_of(result.record)
    assert news.defaulted == ("BRN", "COR")
    assert [e.seat for e in result.record.moves if e.defaulted] == ["BRN", "COR"]
    assert (
        news_of(
            resolve_turn(world, dict.fromkeys(world.seats, Move.signal("warn"))).record
        ).defaulted
        == ()
    )
