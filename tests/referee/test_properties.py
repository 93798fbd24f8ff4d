"""Properties that hold in every world, whatever is played (checked with Hypothesis)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.referee import (
    SeatView,
    TurnRecord,
    WorldState,
    news_of,
    replay_without_noise,
    resolve_turn,
    seat_view,
)
from tests.referee.strategies import turn_moves, worlds

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def games(draw, max_states: int = 4):
    """Draw a world and play it to the end; return the start, records and the end."""
    start = world = draw(worlds(max_states))
    records = []
    while not world.finished:
        result = resolve_turn(world, draw(turn_moves(world)))
        records.append(result.record)
        world = result.world
    return start, records, world


def dump(obj) -> str:
    return json.dumps(obj.to_dict(), sort_keys=True)


@FAST
@given(games())
def test_stocks_wealth_trust_and_tension_stay_in_bounds(game):
    _, records, _ = game
    for record in records:
        for c in record.countries:
            assert c.offense >= 0 and c.defense >= 0
            assert c.pending_offense >= 0 and c.pending_defense >= 0
            assert c.wealth >= 0
            assert 0 <= c.hawkishness <= 1
        for o in record.observations:
            assert 0 <= o.trust <= 1 and 0 <= o.trust_before <= 1
            assert 0 <= o.threat <= 1
            assert o.offense >= 0 and o.defense >= 0
        for t in record.tensions:
            assert 0 <= t.tension <= 1 and 0 <= t.war_chance <= 1


@FAST
@given(worlds(), st.data())
def test_same_world_moves_and_seed_give_byte_identical_records(world, data):
    moves = data.draw(turn_moves(world))
    first = resolve_turn(world, moves)
    again = resolve_turn(WorldState.from_dict(json.loads(dump(world))), moves)
    assert dump(first.record) == dump(again.record)
    assert dump(first.world) == dump(again.world)


@FAST
@given(games())
def test_worlds_records_and_views_round_trip_through_json(game):
    start, records, end = game
    for world in (start, end):
        assert WorldState.from_dict(json.loads(dump(world))) == world
    for record in records:
        assert TurnRecord.from_dict(json.loads(dump(record))) == record
    for seat in end.seats:
        view = seat_view(end, seat, [news_of(r) for r in records])
        assert SeatView.from_dict(json.loads(dump(view))) == view


@FAST
@given(games())
def test_a_seat_view_never_holds_another_seats_secrets(game):
    _, records, world = game
    for seat in world.seats:
        view = seat_view(world, seat, [news_of(r) for r in records])
        text = dump(view)
        for other in world.countries:
            if other.key == seat:
                continue
            assert other.objective not in text
            seen = view.other(other.key)
            belief = world.belief(seat, other.key)
            if seen.transparent:
                assert (seen.offense, seen.defense) == (other.offense, other.defense)
            else:
                assert (seen.offense, seen.defense) == (belief.offense, belief.defense)
        others = text.count('"type"')
        assert others == 1  # only its own type
        assert '"misread"' not in text and '"actual"' not in text
        assert all(m.sender == seat or m.to in (seat, "all") for m in view.messages)


@FAST
@given(games())
def test_the_noise_free_counterfactual_has_no_misreads(game):
    start, records, _ = game
    replay = replay_without_noise(start, records)
    assert len(replay) == len(records)
    for record in replay:
        assert record.misreads == 0


@FAST
@given(games())
def test_a_seat_reads_every_observation_of_its_own_and_no_other(game):
    _, records, world = game
    news = [news_of(r) for r in records]
    for seat in world.seats:
        view = seat_view(world, seat, news)
        expected = [
            (r.turn, o.of, o.seen, o.size, o.offense, o.defense, o.transparent)
            for r in records
            for o in r.observations
            if o.observer == seat
        ]
        read = [
            (n.turn, n.of, n.seen, n.size, n.offense, n.defense, n.transparent) for n in view.news
        ]
        assert read == expected
        wars = [(p.turn, p.kind) for p in view.public if p.kind == "war"]
        assert wars == [(r.turn, "war") for r in records for _ in r.wars]
