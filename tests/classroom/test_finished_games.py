"""After a game ends, students find their way back to their debrief and reflection."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from classroom.models import Classroom, Student
from game import lobby, seating, services
from game.models import GameSession, Reflection, SeatMember
from tests.classroom.helpers import join, student_of
from tests.factories import game_with_seats

pytestmark = pytest.mark.django_db


def play_and_end(room: Classroom, student: Student, title: str) -> GameSession:
    """Run a one-world game with `student` in the first state, bots elsewhere, and end it."""
    game, _, seats, _ = game_with_seats(0, room=room)
    game.title = title
    game.save(update_fields=["title"])
    seats[0].bot_strategy = ""
    seats[0].save(update_fields=["bot_strategy"])
    SeatMember.objects.create(session=game, seat=seats[0], student=student)
    services.start_game(game)
    services.advance_now(game)
    services.end_game(game)
    return game


def ben(room: Classroom) -> tuple[Client, Student]:
    client = Client()
    join(client, room.join_code, "Ben")
    student = student_of(client, room)
    assert student is not None
    return client, student


def debrief_links(html: str) -> list[str]:
    return re.findall(r'href="(/play/\d+/debrief/)"', html)


def test_the_class_page_links_a_student_to_the_debrief_of_their_finished_game(
    room: Classroom,
) -> None:
    client, student = ben(room)
    game = play_and_end(room, student, "Crisis in the Vell Valley")
    # "Continue as Ben" leads to the class page; the ended game is listed there.
    landing = client.get("/").content.decode()
    assert f'href="/class/{room.pk}/"' in landing
    html = client.get(f"/class/{room.pk}/").content.decode()
    assert "Your finished games" in html
    assert "Crisis in the Vell Valley — your debrief and reflection" in html
    assert debrief_links(html) == [f"/play/{game.pk}/debrief/"]
    assert "Reflection not written yet" in html
    assert client.get(f"/play/{game.pk}/debrief/").status_code == 200


def test_finished_games_are_listed_newest_first_and_say_which_reflections_are_saved(
    room: Classroom,
) -> None:
    client, student = ben(room)
    older = play_and_end(room, student, "First game")
    newer = play_and_end(room, student, "Second game")
    Reflection.objects.create(session=older, student=student, answer_1="We armed too soon.")
    html = client.get(f"/class/{room.pk}/").content.decode()
    assert debrief_links(html) == [f"/play/{newer.pk}/debrief/", f"/play/{older.pk}/debrief/"]
    first_row = html[html.index("Second game") : html.index("First game")]
    assert "Reflection not written yet" in first_row
    assert "Reflection saved" in html[html.index("First game") :]


def test_only_the_students_own_finished_games_are_listed(room: Classroom) -> None:
    client, ben_student = ben(room)
    ada = Student.objects.create(classroom=room, display_name="Ada")
    play_and_end(room, ada, "Ada's game")
    html = client.get(f"/class/{room.pk}/").content.decode()
    assert "Your finished games" not in html
    assert debrief_links(html) == []
    # A game still running is not a finished one either.
    running, _, seats, _ = game_with_seats(0, room=room)
    SeatMember.objects.create(session=running, seat=seats[0], student=ben_student)
    services.start_game(running)
    assert lobby.finished_games(ben_student) == []


def test_a_student_waiting_in_a_new_lobby_still_finds_their_last_debrief(room: Classroom) -> None:
    client, student = ben(room)
    finished = play_and_end(room, student, "Last week")
    lobby_game = GameSession.objects.create(
        classroom=room, scenario_key="tutorial", title="Today's game", turns=4, seed=5
    )
    seating.prepare_worlds(lobby_game)
    response = client.get(f"/class/{room.pk}/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/lobby/{lobby_game.pk}/"
    assert "Last week — your debrief and reflection" in html
    assert debrief_links(html) == [f"/play/{finished.pk}/debrief/"]
