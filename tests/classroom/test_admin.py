"""The admin lists every model for looking things up; the game's log cannot be edited there."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

from game import seating, services
from game.models import GameSession, Move, Turn
from tests import factories

pytestmark = pytest.mark.django_db

OURS = [m for app in ("classroom", "game") for m in apps.get_app_config(app).get_models()]


@pytest.fixture
def staff() -> Client:
    User.objects.create_superuser("head", "head@school.example", "pw-head-123456")
    client = Client()
    client.login(username="head", password="pw-head-123456")
    return client


@pytest.fixture
def played(teacher: User) -> GameSession:
    room = factories.classroom(teacher)
    game = GameSession.objects.create(
        classroom=room, scenario_key="tutorial", title="<b>Tutorial</b>", seed=1
    )
    seating.prepare_worlds(game)
    student = room.students.create(display_name="Ada")
    seating.seat_student(game, student)
    services.start_game(game)
    return game


def test_every_model_of_classroom_and_game_is_in_the_admin() -> None:
    missing = [m.__name__ for m in OURS if not admin.site.is_registered(m)]
    assert not missing


@pytest.mark.parametrize("model", OURS, ids=[m.__name__ for m in OURS])
def test_every_admin_list_opens_and_searches(
    staff: Client, played: GameSession, model: type
) -> None:
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert staff.get(url).status_code == 200
    assert staff.get(url, {"q": "Ada"}).status_code == 200


def test_turns_and_moves_cannot_be_added_changed_or_deleted(
    staff: Client, played: GameSession
) -> None:
    turn = Turn.objects.get(world__session=played)
    assert staff.get(f"/admin/game/turn/{turn.pk}/delete/").status_code == 403
    assert staff.get("/admin/game/move/add/").status_code == 403
    page = staff.get(f"/admin/game/turn/{turn.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert admin.site._registry[Move].has_delete_permission(None) is False


def test_a_played_game_cannot_be_deleted_from_the_admin(staff: Client, played: GameSession) -> None:
    assert staff.get(f"/admin/game/gamesession/{played.pk}/delete/").status_code == 403


def test_a_students_rejoin_token_is_not_shown_in_the_admin(
    staff: Client, played: GameSession
) -> None:
    student = played.classroom.students.get()
    page = staff.get(f"/admin/classroom/student/{student.pk}/change/").content.decode()
    assert student.token not in page
