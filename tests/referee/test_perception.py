"""Observation: noisy channels, misreads, and transparency that removes them."""

from __future__ import annotations

from game.referee import EventCard, Move, new_world, resolve_turn
from game.referee.perception import misread_chance
from tests.referee.helpers import ARM, REASSURE, make_scenario, make_world, play

SEEDS = range(300)


def misreads_of_defensive_builds(differentiation: float) -> int:
    scenario = make_scenario(
        params={"noise": 0.5, "differentiation": differentiation},
        regimes={"ALD": "autocracy"},
    )
    count = 0
    for seed in SEEDS:
        world = new_world(scenario, scenario.params, seed)
        record = resolve_turn(world, {"ALD": ARM, "BRN": REASSURE}).record
        (seen,) = [o for o in record.observations if o.observer == "BRN"]
        assert seen.actual == "defensive"
        count += seen.misread
    return count


def test_the_misread_chance_follows_noise_differentiation_and_transparency():
    assert misread_chance(0.2, 0.5, 0.1) == 0.2 * 0.5 * 0.9
    assert misread_chance(0.0, 0.0, 0.0) == 0.0
    assert misread_chance(0.5, 1.0, 0.0) == 0.0


def test_defensive_build_is_misread_more_when_arms_look_alike():
    alike = misreads_of_defensive_builds(0.1)
    distinct = misreads_of_defensive_builds(0.9)
    # Expected: 300 * 0.5 * 0.9 * 0.9 = 121.5 against 300 * 0.5 * 0.1 * 0.9 = 13.5.
    assert 90 < alike < 155
    assert distinct < 30


def test_without_noise_everyone_sees_the_truth():
    _, records = play(
        make_world(("ALD", "BRN", "COR"), params={"noise": 0}),
        [{"ALD": ARM, "BRN": Move.arm("offensive"), "COR": REASSURE}] * 3,
    )
    for record in records:
        for o in record.observations:
            assert not o.misread
            assert o.seen == o.actual


def test_a_transparency_measure_removes_misreads_of_the_sender_while_active():
    scenario = make_scenario(
        params={"noise": 0.5, "differentiation": 0.0}, regimes={"ALD": "autocracy"}
    )
    opened_misreads = plain_misreads = 0
    for seed in range(60):
        world = new_world(scenario, scenario.params, seed)
        opened, _ = play(world, [{"ALD": Move.signal("transparency", "all")}])
        assert opened.transparent("ALD", "BRN")
        records = [resolve_turn(opened, {"ALD": ARM}).record]
        opened_misreads += sum(o.misread for o in records[0].observations if o.of == "ALD")
        assert all(o.transparent for o in records[0].observations if o.of == "ALD")
        plain, _ = play(world, [{"ALD": REASSURE}])
        record = resolve_turn(plain, {"ALD": ARM}).record
        plain_misreads += sum(o.misread for o in record.observations if o.of == "ALD")
    assert opened_misreads == 0
    assert plain_misreads > 15


def test_a_transparency_measure_lapses_after_two_more_turns():
    world, _ = play(make_world(), [{"ALD": Move.signal("transparency", "BRN")}, {}, {}])
    assert not world.transparent("ALD", "BRN")


def test_perceived_stocks_stay_within_the_stated_uncertainty():
    scenario = make_scenario(params={"noise": 0.5}, regimes={"ALD": "autocracy"})
    for seed in range(40):
        world = new_world(scenario, scenario.params, seed)
        record = resolve_turn(world, {}).record
        (o,) = [o for o in record.observations if o.observer == "BRN"]
        band = 0.5 * (1 - 0.1)
        # What it thinks is being built counts as if it had landed.
        offense = 3 + (o.size if o.seen == "offensive" else 0)
        defense = 3 + (o.size if o.seen == "defensive" else 0)
        assert offense * (1 - band) - 0.01 <= o.offense <= offense * (1 + band) + 0.01
        assert defense * (1 - band) - 0.01 <= o.defense <= defense * (1 + band) + 0.01


def test_false_intelligence_makes_an_observer_see_a_build_that_never_happened():
    world = make_world(params={"noise": 0})
    card = EventCard("false_intelligence", ("BRN", "ALD"))
    record = resolve_turn(world, {"ALD": REASSURE}, events=[card]).record
    (o,) = [o for o in record.observations if o.observer == "BRN"]
    assert (o.seen, o.actual, o.misread) == ("offensive", "none", True)
    assert o.chance == 1.0 and o.draw is None
