"""A seat's view: its own truth, its own perceptions, and nothing of anyone else's."""

from __future__ import annotations

import json

from game.referee import Move, news_of, resolve_turn, seat_view
from tests.referee.helpers import ARM_OFF, make_world, play

THREE = ("ALD", "BRN", "COR")


def test_a_seat_sees_its_own_truth_and_objective():
    world = make_world(THREE)
    view = seat_view(world, "ALD")
    assert view.me.objective == "Secret objective of ALD."
    assert (view.me.offense, view.me.defense, view.me.wealth) == (3, 3, 30.0)
    assert view.me.type == "security_seeker"
    assert view.me.mood == "uneasy"
    assert [o.key for o in view.others] == ["BRN", "COR"]
    assert view.turn == 1 and not view.finished


def test_others_appear_only_as_perceived():
    world, records = play(make_world(THREE, params={"noise": 0.5}), [{"BRN": ARM_OFF}] * 2)
    view = seat_view(world, "ALD", [news_of(r) for r in records])
    data = view.to_dict()
    other = data["others"][0]
    assert set(other) == {
        "key",
        "name",
        "regime",
        "offense",
        "defense",
        "uncertainty",
        "trust",
        "threat",
        "tension",
        "seen",
        "seen_before",
        "grievances",
        "transparent",
        "allied",
        "hotline",
        "arms_control",
    }
    text = json.dumps(data)
    assert "Secret objective of BRN" not in text
    assert all(n.of != "ALD" for n in view.news)
    assert len(view.news) == 4  # two others, two turns


def test_open_books_show_the_senders_true_stocks():
    world, _ = play(
        make_world(THREE, params={"noise": 0.5}), [{"BRN": Move.signal("transparency", "ALD")}]
    )
    view = seat_view(world, "ALD")
    brn = view.other("BRN")
    assert brn.transparent
    assert (brn.offense, brn.defense, brn.uncertainty) == (3.0, 3.0, 0.0)
    assert not seat_view(world, "COR").other("BRN").transparent


def test_offers_and_messages_reach_only_those_they_are_addressed_to():
    world, records = play(
        make_world(THREE),
        [
            {
                "BRN": Move.ally("propose", "ALD"),
                "COR": Move.signal("warn", "BRN", "Back off."),
                "ALD": Move.signal("reassure", "all", "Peace to all."),
            }
        ],
    )
    ald = seat_view(world, "ALD", [news_of(r) for r in records])
    cor = seat_view(world, "COR", [news_of(r) for r in records])
    assert [(p.kind, p.sender) for p in ald.offers_to_me] == [("ally", "BRN")]
    assert not cor.offers_to_me
    assert [m.text for m in ald.messages] == ["Peace to all."]
    assert sorted(m.text for m in cor.messages) == ["Back off.", "Peace to all."]
    assert [p.to for p in seat_view(world, "BRN").my_offers] == ["ALD"]


def test_wars_and_crises_are_public_news():
    enemies = [{"from": "ALD", "to": "BRN", "value": 0}, {"from": "BRN", "to": "ALD", "value": 0}]
    world = make_world(
        THREE,
        params={"noise": 0, "offense_advantage": 2, "war_threshold": 0.3},
        stocks=(10, 2),
        trust=enemies,
    )
    result = resolve_turn(world, {})
    assert result.record.wars
    view = seat_view(result.world, "COR", [news_of(result.record)])
    kinds = {news.kind for news in view.public}
    assert {"war", "crisis"} <= kinds


def test_the_view_carries_a_bot_key_but_not_the_seed():
    world = make_world(seed=123456789)
    view = seat_view(world, "ALD")
    assert "123456789" not in json.dumps(view.to_dict())
    assert view.draw_key != seat_view(world, "BRN").draw_key
