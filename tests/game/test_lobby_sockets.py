"""The live lobbies: panels pushed whole over websockets as students arrive, and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.test import Client

from classroom.access import STUDENTS_KEY
from classroom.models import Classroom, Student
from config.asgi import application
from game import seating, services
from game.models import GameSession, Seat
from game.referee import load_scenario
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
TUTORIAL = load_scenario("tutorial")


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    """Hash the teachers' passwords cheaply: these tests are about sockets."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def teacher_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def student_cookie(student: Student) -> str:
    client = Client()
    session = client.session
    session[STUDENTS_KEY] = {str(student.classroom_id): student.pk}
    session.save()
    return session.session_key


def socket(path: str, cookie: str | None = None) -> WebsocketCommunicator:
    headers = [ORIGIN]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


async def receive_until(comm: WebsocketCommunicator, text: str, timeout: float = 5) -> str:
    """Receive pushes until one contains `text` (earlier notices may still be in flight)."""
    while True:
        html = await comm.receive_from(timeout=timeout)
        if text in html:
            return html


async def assert_refused(comm: WebsocketCommunicator) -> None:
    connected, _ = await comm.connect()
    assert connected, "refusals are accepted first so that the browser sees the code"
    closing = await comm.receive_output(timeout=5)
    assert closing == {"type": "websocket.close", "code": 4403}


def make_game(**fields: object) -> tuple[User, Classroom, GameSession]:
    teacher = factories.teacher("ms_okafor")
    room = factories.classroom(teacher, name="History 10B")
    game = GameSession.objects.create(
        classroom=room, scenario_key="tutorial", title="Tutorial", seed=99, **fields
    )
    seating.prepare_worlds(game)
    return teacher, room, game


def new_student(room: Classroom, name: str) -> Student:
    return Student.objects.create(classroom=room, display_name=name)


@sync_to_async
def arrive(room: Classroom, name: str) -> Student:
    student = new_student(room, name)
    assert seating.arrive(room, student).member is not None
    return student


async def test_the_teachers_lobby_gets_the_whole_panel_on_connect_and_each_arrival() -> None:
    teacher, room, game = await sync_to_async(make_game)()
    await arrive(room, "Ada")
    lobby = socket(f"/ws/lobby/{game.pk}/teacher/", await sync_to_async(teacher_cookie)(teacher))
    assert (await lobby.connect())[0]
    first = await lobby.receive_from(timeout=5)
    assert first.startswith('<section id="lobby-worlds"')
    assert 'hx-swap-oob="true"' in first
    assert "Ada" in first and 'data-seated="1"' in first
    await arrive(room, "Grace")
    second = await receive_until(lobby, 'data-seated="2"')
    assert "Ada" in second and "Grace" in second
    await lobby.disconnect()


async def test_a_students_lobby_shows_their_state_and_brief_and_follows_teacher_moves() -> None:
    _, room, game = await sync_to_async(make_game)()
    ada = await arrive(room, "Ada")
    lobby = socket(f"/ws/lobby/{game.pk}/student/", await sync_to_async(student_cookie)(ada))
    assert (await lobby.connect())[0]
    first = await lobby.receive_from(timeout=5)
    assert first.startswith('<section id="lobby-seat"')
    assert TUTORIAL.states[0].name in first
    assert TUTORIAL.states[0].brief.replace("'", "&#x27;") in first
    target = await sync_to_async(Seat.objects.get)(
        world__session=game, state_key=TUTORIAL.states[3].key
    )
    await sync_to_async(seating.move_student)(game, ada, target)
    moved = await receive_until(lobby, TUTORIAL.states[3].name)
    assert f'You play <span class="state-title">{TUTORIAL.states[3].name}' in moved
    await lobby.disconnect()


async def test_when_the_game_starts_the_student_lobby_sends_them_to_the_game() -> None:
    _, room, game = await sync_to_async(make_game)()
    ada = await arrive(room, "Ada")
    lobby = socket(f"/ws/lobby/{game.pk}/student/", await sync_to_async(student_cookie)(ada))
    assert (await lobby.connect())[0]
    await lobby.receive_from(timeout=5)
    await sync_to_async(services.start_game)(game)
    html = await receive_until(lobby, "The game has started")
    assert f'<meta http-equiv="refresh" content="0; url=/play/{game.pk}/">' in html
    assert f'href="/play/{game.pk}/"' in html
    await lobby.disconnect()


async def test_when_the_game_starts_the_teachers_lobby_leads_to_the_dashboard() -> None:
    teacher, room, game = await sync_to_async(make_game)()
    await arrive(room, "Ada")
    lobby = socket(f"/ws/lobby/{game.pk}/teacher/", await sync_to_async(teacher_cookie)(teacher))
    assert (await lobby.connect())[0]
    await lobby.receive_from(timeout=5)
    await sync_to_async(services.start_game)(game)
    html = await receive_until(lobby, "The game has started")
    assert f"url=/games/{game.pk}/dashboard/" in html
    await lobby.disconnect()


async def test_a_discarded_game_sends_its_students_back_to_their_class() -> None:
    _, room, game = await sync_to_async(make_game)()
    ada = await arrive(room, "Ada")
    lobby = socket(f"/ws/lobby/{game.pk}/student/", await sync_to_async(student_cookie)(ada))
    assert (await lobby.connect())[0]
    await lobby.receive_from(timeout=5)

    assert await sync_to_async(seating.discard_game)(game)
    html = await receive_until(lobby, "called off")
    assert f"url=/class/{room.pk}/" in html
    await lobby.disconnect()


async def test_a_waiting_student_is_seated_and_moved_on_when_a_game_opens() -> None:
    teacher = await sync_to_async(factories.teacher)("ms_okafor")
    room = await sync_to_async(factories.classroom)(teacher)
    ada = await sync_to_async(new_student)(room, "Ada")
    waiting = socket(f"/ws/class/{room.pk}/wait/", await sync_to_async(student_cookie)(ada))
    assert (await waiting.connect())[0]
    assert "Waiting for your teacher" in await waiting.receive_from(timeout=5)

    @sync_to_async
    def open_game() -> GameSession:
        game = GameSession.objects.create(
            classroom=room, scenario_key="tutorial", title="Tutorial", seed=5
        )
        seating.prepare_worlds(game)
        return game

    game = await open_game()
    html = await receive_until(waiting, "Your game is open")
    assert f"url=/class/{room.pk}/" in html
    assert await sync_to_async(seating.member_of)(game, ada) is not None
    await waiting.disconnect()


async def test_any_frame_from_the_browser_gets_the_whole_panel_again() -> None:
    teacher, _, game = await sync_to_async(make_game)()
    lobby = socket(f"/ws/lobby/{game.pk}/teacher/", await sync_to_async(teacher_cookie)(teacher))
    assert (await lobby.connect())[0]
    first = await lobby.receive_from(timeout=5)
    await lobby.send_to(text_data='{"HEADERS": {}}')
    assert await lobby.receive_from(timeout=5) == first
    await lobby.disconnect()


async def test_names_are_escaped_in_pushed_panels() -> None:
    teacher, room, game = await sync_to_async(make_game)()
    await arrive(room, "<img src=x onerror=alert(1)>")
    lobby = socket(f"/ws/lobby/{game.pk}/teacher/", await sync_to_async(teacher_cookie)(teacher))
    assert (await lobby.connect())[0]
    html = await lobby.receive_from(timeout=5)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    await lobby.disconnect()


async def test_the_teachers_lobby_refuses_everyone_but_the_owning_teacher() -> None:
    _, room, game = await sync_to_async(make_game)()
    other = await sync_to_async(factories.teacher)("mr_lindqvist")
    ada = await arrive(room, "Ada")
    path = f"/ws/lobby/{game.pk}/teacher/"
    await assert_refused(socket(path))
    await assert_refused(socket(path, await sync_to_async(teacher_cookie)(other)))
    await assert_refused(socket(path, await sync_to_async(student_cookie)(ada)))
    await assert_refused(socket(f"/ws/lobby/{game.pk + 1000}/teacher/"))


async def test_a_students_lobby_refuses_browsers_that_did_not_join_the_class() -> None:
    teacher, room, game = await sync_to_async(make_game)()
    elsewhere = await sync_to_async(factories.classroom)(teacher, name="Other class")
    stranger = await sync_to_async(new_student)(elsewhere, "Mallory")
    path = f"/ws/lobby/{game.pk}/student/"
    await assert_refused(socket(path))
    await assert_refused(socket(path, await sync_to_async(student_cookie)(stranger)))
    await assert_refused(socket(path, await sync_to_async(teacher_cookie)(teacher)))
    await assert_refused(
        socket(f"/ws/class/{room.pk}/wait/", await sync_to_async(student_cookie)(stranger))
    )


async def test_a_page_from_another_site_cannot_open_a_lobby_socket() -> None:
    teacher, _, game = await sync_to_async(make_game)()
    intruder = WebsocketCommunicator(
        application,
        f"/ws/lobby/{game.pk}/teacher/",
        headers=[
            (b"origin", b"http://evil.example"),
            (b"cookie", f"sessionid={await sync_to_async(teacher_cookie)(teacher)}".encode()),
        ],
    )
    connected, _ = await intruder.connect()
    assert not connected
