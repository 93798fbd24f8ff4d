"""Event cards: what each does to the turn, and the cards the referee refuses."""

from __future__ import annotations

import pytest

from game.referee import EVENT_CARDS, EventCard, EventError, news_of, resolve_turn, seat_view
from tests.referee.helpers import make_world

REQUIRED = ("border_incident", "false_intelligence", "new_technology", "election")


def test_the_required_cards_exist_with_descriptions():
    for key in REQUIRED:
        assert key in EVENT_CARDS
        assert EVENT_CARDS[key].title and EVENT_CARDS[key].description


def test_a_border_incident_costs_trust_both_ways_and_raises_tension():
    world = make_world(params={"noise": 0})
    calm = resolve_turn(world, {}).record
    clash = resolve_turn(world, {}, events=[EventCard("border_incident", ("ALD", "BRN"))]).record
    assert clash.tensions[0].tension > calm.tensions[0].tension
    for o_calm, o_clash in zip(calm.observations, clash.observations, strict=True):
        assert o_clash.trust < o_calm.trust
    (event,) = clash.events
    assert event.public and event.card.value == 0.5


def test_new_technology_can_shift_the_truth_without_anyone_noticing():
    world = make_world()
    card = EventCard("new_technology", (), 0.6, "true")
    result = resolve_turn(world, {}, events=[card])
    params = result.world.params
    assert params.offense_advantage == 1.6
    assert params.believed_offense_advantage == 1.0
    assert not result.record.events[0].public
    assert seat_view(result.world, "ALD").offense_advantage == 1.0


def test_new_technology_believed_by_all_shifts_both():
    result = resolve_turn(make_world(), {}, events=[EventCard("new_technology", (), 0.5)])
    assert result.world.params.offense_advantage == 1.5
    assert result.world.params.perceived_offense_advantage is None
    view = seat_view(result.world, "ALD", [news_of(result.record)])
    assert any("believed to be 1.5" in news.text for news in view.public)


def test_an_election_raises_hawkishness():
    world = make_world()
    result = resolve_turn(world, {}, events=[EventCard("election", ("BRN",), 0.3)])
    assert result.world.country("BRN").hawkishness > world.country("BRN").hawkishness + 0.2


@pytest.mark.parametrize(
    ("card", "message"),
    [
        (EventCard("meteor"), "unknown event 'meteor'"),
        (EventCard("election", ()), "needs 1 target"),
        (EventCard("election", ("XYZ",)), "not a state in this world"),
        (EventCard("border_incident", ("ALD", "ALD")), "Border incident needs 2 different target"),
        (EventCard("border_incident", ("ALD",)), "needs 2 different target states, not 1"),
        (EventCard("election", ("ALD",), 5.0), "value must be from -1 to 1"),
        (EventCard("new_technology", (), 0.2, "rumoured"), "scope must be one of"),
    ],
)
def test_a_card_that_cannot_be_played_is_refused(card, message):
    with pytest.raises(EventError, match=message):
        resolve_turn(make_world(), {}, events=[card])
