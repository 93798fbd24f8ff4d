"""Spirals: action and reaction for three turns or more with tension rising."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.referee import (
    EventCard,
    Move,
    bot_move,
    load_scenario,
    new_world,
    news_of,
    resolve_turn,
    seat_views,
    validate_move,
    wasted_arms,
)
from game.referee.spirals import RISE, qualifies, recheck
from game.referee.types import OFFENSIVE, Pact, SpiralLink
from tests.referee.helpers import ARM, ARM_OFF, REASSURE, make_world, play
from tests.referee.strategies import turn_moves, worlds

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


def test_allies_arming_side_by_side_are_no_spiral():
    allied = make_world(params={"noise": 0}, alliances=[["ALD", "BRN"]])
    _, records = play(allied, [BOTH_ARM] * 5)
    assert not any(r.spirals for r in records)
    # The same race between states with no pact is one.
    _, records = play(make_world(params={"noise": 0}), [BOTH_ARM] * 5)
    assert records[-1].spirals


def link(turn: int, tension: float) -> SpiralLink:
    return SpiralLink(turn, OFFENSIVE, OFFENSIVE, OFFENSIVE, OFFENSIVE, False, tension)


def test_a_chain_whose_tension_only_holds_is_no_spiral():
    held = (link(4, 0.09), link(5, 0.09), link(6, 0.0905))
    assert not qualifies(held, 0.088)  # "Tension held at 0.09": not rising
    assert not qualifies(held, round(0.0905 - RISE + 0.0001, 4))
    assert qualifies(held, round(0.0905 - RISE, 4))
    assert not qualifies(held[:2], 0.0)  # two turns are not yet a spiral


def cuba_games(seeds: range) -> list[tuple[list, list]]:
    """Play Cuba 1962 between tit-for-tat bots; return each game's records and worlds."""
    scenario = load_scenario("cuba_1962")
    games = []
    for seed in seeds:
        world = new_world(scenario, scenario.params, seed, 8)
        records, after = [], []
        while not world.finished:
            views = seat_views(world, [news_of(r) for r in records[-2:]])
            result = resolve_turn(world, {s: bot_move("tit_for_tat", views[s]) for s in views})
            world = result.world
            records.append(result.record)
            after.append(world)
        games.append((records, after))
    return games


def test_in_cuba_1962_the_soviet_union_and_cuba_are_never_in_a_spiral_while_allied():
    told = 0
    for records, after in cuba_games(range(1, 6)):
        for record, world in zip(records, after, strict=True):
            for s in record.spirals:
                told += 1
                assert not world.allied(s.a, s.b), (s.a, s.b, record.turn)
                assert {s.a, s.b} not in ({"USSR", "CUB"}, {"USA", "TUR"})
    assert told, "the superpowers' race is still told"


def test_a_log_kept_under_the_old_rule_is_told_by_the_new_one():
    start = make_world(params={"noise": 0})
    _, records = play(start, [BOTH_ARM] * 4)
    assert recheck(start, records) == records  # this rule's own records come back equal
    # The same log, had the pair been allied from the start: an allied "spiral" is dropped.
    allied = dataclasses.replace(start, pacts=(Pact("ALD", "BRN", "fair", "fair", 0),))
    assert not any(r.spirals for r in recheck(allied, records))
    # A chain whose tension never left where it stood before is dropped too.
    held = start.dyads[0].tension
    flat = dataclasses.replace(
        records[2],
        spirals=(
            dataclasses.replace(
                records[2].spirals[0],
                links=tuple(
                    dataclasses.replace(k, tension=held) for k in records[2].spirals[0].links
                ),
            ),
        ),
    )
    assert recheck(start, [records[0], records[1], flat])[2].spirals == ()


ARMING = [Move.arm(posture, size) for posture in ("offensive", "defensive") for size in (1, 2)]


@st.composite
def races(draw):
    """Draw a small world (allied or not) and play it out, most seats arming most turns."""
    start = world = draw(worlds())
    records, after = [], []
    while not world.finished:
        moves = draw(turn_moves(world))
        for seat in world.seats:
            arm = draw(st.sampled_from(ARMING))
            # Three turns in four, this seat arms, if it can.
            if draw(st.integers(0, 3)) and validate_move(world, seat, arm) is None:
                moves[seat] = arm
        result = resolve_turn(world, moves)
        records.append(result.record)
        after.append(result.world)
        world = result.world
    return start, records, after


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(races())
def test_a_spiral_always_has_tension_rising_and_never_joins_allies(game):
    start, records, after = game
    tension = {(0, frozenset((d.a, d.b))): d.tension for d in start.dyads}
    for record in records:
        for t in record.tensions:
            tension[record.turn, frozenset((t.a, t.b))] = t.tension
    for record in records:
        for s in record.spirals:
            pair = frozenset((s.a, s.b))
            turns = [k.turn for k in s.links]
            assert turns == list(range(s.since, record.turn + 1)) and len(turns) >= 3
            # Tension ended at least RISE above where it stood the turn before the chain.
            before = tension[s.since - 1, pair]
            assert round(s.links[-1].tension - before, 4) >= RISE
            assert s.links[-1].tension == tension[record.turn, pair]
            # No turn of it was played by a pair that a pact bound.
            for turn in turns:
                assert not after[turn - 1].allied(s.a, s.b)
    assert recheck(start, records) == records
