"""Queries compiled once give the same rows as the ORM, select_related objects included."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Model, Q
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from game import panels, services
from game.compiled import PLACEHOLDER, CompiledQuery
from game.models import Seat, Turn, TurnStatus
from game.referee import WorldState
from tests.factories import game_with_seats

pytestmark = pytest.mark.django_db


def fields(instance: Model, exclude: tuple[str, ...] = ()) -> dict[str, object]:
    return model_to_dict(instance, exclude=exclude)


def test_a_seat_loads_with_its_world_and_session_as_the_orm_loads_them() -> None:
    session, _world, seats, _ = game_with_seats(2)
    services.start_game(session)
    for seat in seats:
        expected = Seat.objects.select_related("world__session").get(pk=seat.pk)
        found = panels.seat(seat.pk)
        assert fields(found) == fields(expected)
        with CaptureQueriesContext(connection) as queries:
            # The stored states are left out: a move reads the decoded state of its version.
            assert fields(found.world, ("initial_state", "state")) == fields(
                expected.world, ("initial_state", "state")
            )
            assert fields(found.world.session) == fields(expected.world.session)
            assert found.world.session.created_at == expected.world.session.created_at
            assert found.world.state_version == expected.world.state_version
            decoded = services.world_state(found.world)
        assert len(queries) == 0
        assert decoded == WorldState.from_dict(expected.world.state)
    with pytest.raises(Seat.DoesNotExist):
        panels.seat(seats[-1].pk + 1000)


def test_the_open_turn_is_found_with_its_world_and_none_when_there_is_none() -> None:
    session, world, _, _ = game_with_seats(2)
    assert services.current_turn(world) is None
    services.start_game(session)
    world.refresh_from_db()
    turn = services.current_turn(world)
    assert turn is not None
    assert turn == Turn.objects.get(world=world, status=TurnStatus.OPEN)
    assert turn.deadline == Turn.objects.get(pk=turn.pk).deadline
    assert turn.world is world


def test_a_query_that_takes_its_value_twice_is_refused() -> None:
    twice = CompiledQuery(lambda pk: Seat.objects.filter(Q(pk=pk) | Q(captain_id=pk)))
    with pytest.raises(ValueError, match="exactly one parameter"):
        twice.all(1)
    assert PLACEHOLDER < 0
