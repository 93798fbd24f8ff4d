"""Beliefs: trust moves like a likelihood ratio on what was seen and heard."""

from __future__ import annotations

from game.referee import Move
from game.referee.beliefs import build_ratios, signal_ratio, update_trust
from tests.referee.helpers import ARM, ARM_OFF, REASSURE, make_world, play


def trust_after(moves, **kwargs):
    world, _ = play(make_world(params={"noise": 0, **kwargs.pop("params", {})}, **kwargs), moves)
    return world.belief("BRN", "ALD").trust


def test_costly_beats_cheap():
    start = make_world().belief("BRN", "ALD").trust
    cheap = trust_after([{"ALD": Move.signal("reassure", "BRN")}])
    costly = trust_after([{"ALD": Move.signal("costly_reassure", "BRN")}])
    assert start < cheap < costly
    assert costly - start > 3 * (cheap - start)


def test_cheap_talk_counts_only_where_trust_already_exists():
    assert signal_ratio("reassure", 0.05, "democracy") < signal_ratio("reassure", 0.8, "democracy")
    assert signal_ratio("reassure", 0.05, "democracy") < 1.05


def test_a_seen_offensive_build_lowers_trust_at_any_differentiation():
    for differentiation in (0.0, 0.5, 1.0):
        assert trust_after([{"ALD": ARM_OFF}], params={"differentiation": differentiation}) < 0.5


def test_a_defensive_build_reassures_only_when_arms_can_be_told_apart():
    distinct = trust_after([{"ALD": ARM}], params={"differentiation": 1.0})
    alike = trust_after([{"ALD": ARM}], params={"differentiation": 0.0})
    assert distinct > 0.55
    assert alike == 0.5
    ratios = build_ratios(0.0)
    assert ratios["defensive"] == 1.0
    assert ratios["offensive"] < 1.0


def test_warnings_raise_fear_in_a_security_seeker():
    world, _ = play(make_world(params={"noise": 0}), [{"ALD": Move.signal("threaten", "BRN")}])
    plain, _ = play(make_world(params={"noise": 0}), [{"ALD": REASSURE}])
    assert world.belief("BRN", "ALD").trust < plain.belief("BRN", "ALD").trust
    assert world.country("BRN").hawkishness > plain.country("BRN").hawkishness


def test_trust_stays_strictly_between_zero_and_one():
    assert 0 < update_trust(0.5, 1e-12) < 0.05
    assert 0.95 < update_trust(0.5, 1e12) < 1
