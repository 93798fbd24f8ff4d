"""Spirals: action and reaction for three turns or more with tension rising."""

from __future__ import annotations

import dataclasses

from game.referee import EventCard, Move, resolve_turn, wasted_arms
from tests.referee.helpers import ARM, ARM_OFF, REASSURE, make_world, play

BOTH_ARM = {"ALD": ARM_OFF, "BRN": ARM_OFF}


def test_three_turns_of_mutual_arming_with_rising_tension_make_a_tragic_spiral():
    _, records = play(make_world(params={"noise": 0}), [BOTH_ARM] * 4)
    assert [len(r.spirals) for r in records] == [0, 0, 1, 1]
    spiral = records[2].spirals[0]
    assert (spiral.a, spiral.b, spiral.since, spiral.turns) == ("ALD", "BRN", 1, 3)
    assert spiral.new and not records[3].spirals[0].new
    assert spiral.tragic and not spiral.misperception_fed
    tensions = [link.tension for link in spiral.links]
    assert tensions == sorted(tensions)


def test_a_spiral_with_an_expansionist_in_it_is_not_tragic():
    world = make_world(params={"noise": 0})
    world = dataclasses.replace(
        world,
        countries=tuple(
            dataclasses.replace(c, type="expansionist") if c.key == "BRN" else c
            for c in world.countries
        ),
    )
    _, records = play(world, [BOTH_ARM] * 3)
    assert not records[2].spirals[0].tragic


def test_a_spiral_that_began_with_a_false_report_is_misperception_fed():
    world = make_world(params={"noise": 0})
    first = resolve_turn(
        world, {"ALD": REASSURE}, events=[EventCard("false_intelligence", ("BRN", "ALD"))]
    )
    _, records = play(
        first.world,
        [{"BRN": ARM_OFF}, BOTH_ARM, BOTH_ARM, BOTH_ARM],
    )
    spirals = [s for r in records for s in r.spirals]
    assert spirals and all(s.misperception_fed for s in spirals)


def test_arming_that_calms_the_other_side_is_no_spiral():
    world = make_world(params={"noise": 0, "differentiation": 1.0})
    _, records = play(world, [{"ALD": ARM, "BRN": ARM}] * 5)
    assert not any(r.spirals for r in records)


def test_one_side_arming_alone_is_no_spiral():
    _, records = play(make_world(params={"noise": 0}), [{"ALD": ARM_OFF}] * 5)
    assert not any(r.spirals for r in records)


def test_a_pause_breaks_the_chain():
    pause = {"ALD": REASSURE, "BRN": REASSURE}
    _, records = play(make_world(params={"noise": 0}), [BOTH_ARM, BOTH_ARM, pause, pause, BOTH_ARM])
    assert not any(r.spirals for r in records)


def test_wasted_arms_count_the_spending_inside_tragic_spirals():
    _, records = play(make_world(params={"noise": 0}), [BOTH_ARM] * 4)
    assert wasted_arms(records) == 8.0  # both sides, four turns, one unit each
    _, calm = play(make_world(params={"noise": 0}), [{"ALD": ARM_OFF}] * 4)
    assert wasted_arms(calm) == 0.0


def test_warnings_and_threats_alone_are_no_spiral():
    signals = {"ALD": Move.signal("warn", "BRN"), "BRN": Move.signal("threaten", "ALD")}
    _, records = play(make_world(params={"noise": 0}), [signals] * 5)
    assert not any(r.spirals for r in records)
