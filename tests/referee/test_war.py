"""War: when it breaks out, who is drawn in, what it costs, and what makes it rarer."""

from __future__ import annotations

import dataclasses

from game.referee import Move, resolve_turn
from game.referee.types import Agreement
from tests.referee.helpers import make_world, play

ENEMIES = [{"from": "ALD", "to": "BRN", "value": 0.0}, {"from": "BRN", "to": "ALD", "value": 0.0}]


def hot_world(**kwargs):
    params = {
        "noise": 0,
        "offense_advantage": 2.0,
        "war_threshold": 0.3,
        **kwargs.pop("params", {}),
    }
    keys = kwargs.pop("keys", ("ALD", "BRN", "COR"))
    return make_world(keys, params=params, stocks=(10, 2), trust=ENEMIES, **kwargs)


def first_war(world, seeds=range(40)):
    for seed in seeds:
        record = resolve_turn(dataclasses.replace(world, seed=seed), {}).record
        if record.wars:
            return record
    raise AssertionError("no war in any seed")


def chance(record, a="ALD", b="BRN"):
    (t,) = [t for t in record.tensions if (t.a, t.b) == (a, b)]
    return t.war_chance


def test_war_breaks_out_only_above_the_war_threshold():
    hot = resolve_turn(hot_world(), {}).record
    assert chance(hot) > 0.8 and hot.wars
    calm = resolve_turn(hot_world(params={"war_threshold": 1.0}), {}).record
    assert chance(calm) == 0 and not calm.wars
    assert [d for d in hot.draws if d.phase == "war"]


def test_allies_are_drawn_into_each_others_wars():
    world = hot_world(alliances=[["BRN", "COR"]])
    wars = drawn = 0
    for seed in range(60):
        record = resolve_turn(dataclasses.replace(world, seed=seed), {}).record
        for war in record.wars:
            wars += 1
            drawn += "COR" in war.drawn_in
            assert any(d.phase == "join" for d in record.draws)
    assert wars > 30
    assert 0.6 < drawn / wars < 0.95  # a fair burden joins four times in five


def test_the_loser_pays_more_than_the_winner():
    (war,) = first_war(hot_world()).wars
    losses = {loss.state: loss for loss in war.losses}
    loser = "ALD" if war.winner == "BRN" else "BRN"
    assert losses[loser].wealth > losses[war.winner].wealth
    assert war.initiator in ("ALD", "BRN")


def test_nuclear_deterrence_makes_war_rare_and_ruinous():
    nuclear = resolve_turn(hot_world(params={"nuclear": True}), {}).record
    plain = resolve_turn(hot_world(), {}).record
    assert chance(nuclear) <= 0.05 * chance(plain) + 1e-6
    world = hot_world(params={"nuclear": True})
    (war,) = first_war(world, range(400)).wars
    assert war.nuclear
    for loss in war.losses:
        assert loss.wealth > 0.5 * 30


def test_a_hotline_halves_the_chance_of_war():
    world = hot_world(params={"war_threshold": 0.75, "offense_advantage": 1.0})
    linked = dataclasses.replace(world, agreements=(Agreement("hotline", "ALD", "BRN", 0),))
    assert chance(resolve_turn(linked, {}).record) == chance(resolve_turn(world, {}).record) / 2


def test_no_new_war_between_the_same_sides_during_the_truce():
    record = first_war(hot_world(keys=("ALD", "BRN")))
    world = hot_world(keys=("ALD", "BRN"))
    seed = next(
        s for s in range(40) if resolve_turn(dataclasses.replace(world, seed=s), {}).record.wars
    )
    after, records = play(dataclasses.replace(world, seed=seed), [{}, {}, {}, {}])
    assert records[0].wars and record.wars
    assert not any(r.wars for r in records[1:4])
    assert after.belief("ALD", "BRN").trust <= 0.2


def test_only_an_expansionist_gains_from_winning():
    def winner_wealth(kind):
        world = hot_world(keys=("ALD", "BRN"))
        world = dataclasses.replace(
            world,
            countries=tuple(
                dataclasses.replace(c, type=kind) if c.key == "BRN" else c for c in world.countries
            ),
        )
        for seed in range(100):
            record = resolve_turn(dataclasses.replace(world, seed=seed), {}).record
            if record.wars and record.wars[0].winner == "BRN":
                return next(c.wealth for c in record.countries if c.key == "BRN")
        raise AssertionError("BRN never won")

    assert winner_wealth("security_seeker") < 30 * 1.05
    assert winner_wealth("expansionist") > 30 * 1.05


def test_a_warning_deters_an_expansionist_that_expects_to_win():
    world = hot_world(keys=("ALD", "BRN"), params={"offense_advantage": 1.0, "war_threshold": 0.5})
    world = dataclasses.replace(
        world,
        countries=tuple(
            dataclasses.replace(c, type="expansionist", offense=20) if c.key == "ALD" else c
            for c in world.countries
        ),
    )
    quiet = resolve_turn(world, {"BRN": Move.signal("reassure", "ALD")}).record
    warned = resolve_turn(world, {"BRN": Move.signal("threaten", "ALD")}).record
    assert chance(warned) < chance(quiet)
