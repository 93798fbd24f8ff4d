"""Each process keeps its worlds' decoded states by version: never a stale one, read once.

A class's moves, acks and pushes all need their world's state; the hot queries leave
the stored JSON out and each process decodes a state once per version. A process that
never saw a world (another worker, a resolver) reads it on first use, and a row id
reused by a new world (SQLite reuses ids rolled back) never brings back the old state.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from game import panels, services
from game.models import GameSession, Seat, World
from game.referee import WorldState
from tests.factories import classroom, game_with_seats, teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget every decoded state, as a process that has not seen these worlds yet."""
    monkeypatch.setattr(services, "_states", OrderedDict())


def wealth_of(state: WorldState, key: str) -> float:
    return state.country(key).wealth


def test_a_state_saved_by_another_process_is_what_the_next_move_sees() -> None:
    session, world, seats, _ = game_with_seats(2)
    services.start_game(session)
    key = seats[0].state_key
    before = services.world_state(panels.seat(seats[0].pk).world)
    elsewhere = World.objects.get(pk=world.pk)
    for country in elsewhere.state["countries"]:
        if country["key"] == key:
            country["wealth"] = 4321.0
    elsewhere.save()
    after = services.world_state(panels.seat(seats[0].pk).world)
    assert wealth_of(before, key) != 4321.0
    assert wealth_of(after, key) == 4321.0


def test_a_new_world_on_a_reused_row_id_never_gets_the_old_worlds_state() -> None:
    old_session, old_world, _, _ = game_with_seats(2, scenario_key="tutorial")
    services.start_game(old_session)
    assert services.world_state(panels.seat(old_world.seats.first().pk).world).seats[0] == "ALD"
    held = services._states[old_world.pk]  # what this process remembers of the old world
    old_session.delete()
    # Another process creates a new world on the same row id and starts it.
    room = classroom(teacher("teacher-later"), name="Period 6")
    session = GameSession.objects.create(
        classroom=room, scenario_key="europe_1914", title="Europe, 1914", turns=4, seed=3
    )
    world = World.objects.create(pk=old_world.pk, session=session, index=0, label="A", seed=5)
    seats = [
        Seat.objects.create(world=world, state_key=key, order=order, bot_strategy="tit_for_tat")
        for order, key in enumerate(("GER", "GBR", "FRA", "RUS", "AUH", "ITA"))
    ]
    services.start_game(session)
    services._states[old_world.pk] = held
    assert services.world_state(panels.seat(seats[0].pk).world).seats[0] == "GER"


def test_a_process_that_never_saw_the_world_reads_its_state_once(fresh_process: None) -> None:
    session, world, seats, _ = game_with_seats(2)
    services.start_game(session)
    services._states.clear()  # the game was started by another process
    with CaptureQueriesContext(connection) as first:
        state = services.world_state(panels.seat(seats[0].pk).world)
    with CaptureQueriesContext(connection) as second:
        again = services.world_state(panels.seat(seats[1].pk).world)
    assert again is state
    assert state.turn == World.objects.get(pk=world.pk).turn_number
    assert len(first) == len(second) + 1


def test_a_seat_knows_whether_its_world_has_started_without_reading_its_state() -> None:
    session, _, seats, _ = game_with_seats(2)
    loaded = panels.seat(seats[0].pk).world
    assert not loaded.has_state
    services.start_game(session)
    assert panels.seat(seats[0].pk).world.has_state
