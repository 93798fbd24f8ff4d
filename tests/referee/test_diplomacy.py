"""Alliances and agreements: offers answered in kind, pacts, pledges and treaties."""

from __future__ import annotations

from game.referee import Move
from tests.referee.helpers import ARM_OFF, REASSURE, make_world, play

THREE = ("ALD", "BRN", "COR")


def trust(world, observer, of):
    return world.belief(observer, of).trust


def test_an_alliance_forms_when_an_offer_is_accepted():
    world, records = play(
        make_world(THREE, params={"noise": 0}),
        [{"ALD": Move.ally("propose", "BRN", "high")}, {"BRN": Move.ally("accept", "ALD", "low")}],
    )
    assert world.allied("ALD", "BRN")
    (pact,) = world.pacts
    assert (pact.burden_a, pact.burden_b) == ("high", "low")
    assert [d.kind for d in records[1].diplomacy] == ["pact_formed"]
    assert not world.proposals


def test_two_offers_to_each_other_make_an_alliance_at_once():
    world, _ = play(
        make_world(THREE),
        [{"ALD": Move.ally("propose", "BRN"), "BRN": Move.ally("propose", "ALD")}],
    )
    assert world.allied("ALD", "BRN")


def test_an_offer_lapses_after_two_turns():
    world, _ = play(make_world(THREE), [{"ALD": Move.ally("propose", "BRN")}, {}, {}])
    assert world.has_proposal("ally", "ALD", "BRN")
    world, _ = play(world, [{}])
    assert not world.has_proposal("ally", "ALD", "BRN")


def test_leaving_a_pact_costs_the_leaver_everyones_trust_and_the_partners_most():
    world = make_world(THREE, alliances=[["ALD", "BRN"]], params={"noise": 0})
    stay, _ = play(world, [{"ALD": REASSURE}])
    left, _ = play(world, [{"ALD": Move.ally("leave", "BRN")}])
    assert not left.allied("ALD", "BRN")
    assert trust(left, "COR", "ALD") < trust(stay, "COR", "ALD")
    assert trust(left, "BRN", "ALD") < trust(left, "COR", "ALD")


def test_a_hotline_opens_only_when_the_other_side_answers_in_kind():
    world, _ = play(make_world(THREE), [{"ALD": Move.signal("hotline", "BRN")}])
    assert not world.has_hotline("ALD", "BRN")
    world, _ = play(world, [{"BRN": Move.signal("hotline", "all")}])
    assert world.has_hotline("ALD", "BRN")
    assert not world.has_hotline("BRN", "COR")
    assert world.has_proposal("hotline", "BRN", "COR")


def test_arms_control_cuts_both_offenses_and_pays_a_peace_dividend():
    world = make_world(params={"noise": 0})
    offer = Move.signal("arms_control", "BRN")
    answer = Move.signal("arms_control", "ALD")
    signed, _ = play(world, [{"ALD": offer, "BRN": answer}])
    plain, _ = play(world, [{"ALD": REASSURE, "BRN": REASSURE}])
    assert signed.has_arms_control("ALD", "BRN")
    assert signed.country("ALD").offense == plain.country("ALD").offense - 1
    assert signed.country("BRN").wealth > plain.country("BRN").wealth + 1.9


def test_an_offensive_build_breaks_an_arms_control_treaty():
    world, _ = play(
        make_world(),
        [{"ALD": Move.signal("arms_control", "BRN"), "BRN": Move.signal("arms_control", "ALD")}],
    )
    broken, records = play(world, [{"ALD": ARM_OFF}])
    assert not broken.has_arms_control("ALD", "BRN")
    assert ("arms_control_broken", "ALD", "BRN") in [
        (d.kind, d.a, d.b) for d in records[0].diplomacy
    ]


def test_a_pledge_from_a_democracy_is_believed_more_than_one_from_an_autocracy():
    pledge = {"ALD": Move.signal("pledge", "BRN")}
    democracy, _ = play(make_world(params={"noise": 0}), [pledge])
    autocracy, _ = play(make_world(params={"noise": 0}, regimes={"ALD": "autocracy"}), [pledge])
    assert trust(democracy, "BRN", "ALD") > trust(autocracy, "BRN", "ALD")


def test_breaking_a_pledge_collapses_trust_and_costs_score():
    world = make_world(params={"noise": 0})
    pledged, _ = play(world, [{"ALD": Move.signal("pledge", "BRN")}])
    kept, _ = play(pledged, [{"ALD": REASSURE}])
    broken, records = play(pledged, [{"ALD": ARM_OFF}])
    assert trust(broken, "BRN", "ALD") < 0.5 * trust(kept, "BRN", "ALD")
    assert records[0].scores[0].penalty > 0
    assert [d.kind for d in records[0].diplomacy] == ["pledge_broken"]
    assert not broken.pledges
