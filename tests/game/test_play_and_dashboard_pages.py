"""The play page and the teacher's dashboard over HTTP, with the teacher's controls."""

from __future__ import annotations

import re

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.test import Client

from classroom.access import STUDENTS_KEY
from classroom.models import Student
from config.asgi import application
from game import panels, services
from game.models import GameSession, GameStatus, Seat, Seating, SeatMember, Turn, TurnStatus
from game.templatetags.spiral import clock_of_seconds
from tests.factories import game_with_seats, teacher

pytestmark = pytest.mark.django_db


def as_student(client: Client, student: Student) -> Client:
    session = client.session
    session[STUDENTS_KEY] = {str(student.classroom_id): student.pk}
    session.save()
    return client


def running_game(humans: int = 2) -> tuple[GameSession, list[Student]]:
    session, _, _, students = game_with_seats(humans)
    services.start_game(session)
    return session, students


def test_a_seated_student_sees_their_state_and_the_three_actions(client: Client) -> None:
    session, students = running_game()
    html = as_student(client, students[0]).get(f"/play/{session.pk}/").content.decode()
    assert 'ws-connect="/ws/play/' in html
    for label in (">Arm<", ">Signal<", ">Ally<", "How you see the others", "Turn 1 of"):
        assert label in html
    assert "Reconnecting" in html


def test_the_play_page_is_not_found_for_a_browser_with_no_seat(client: Client) -> None:
    session, _ = running_game()
    assert client.get(f"/play/{session.pk}/").status_code == 404
    assert client.get("/play/999999/").status_code == 404


def test_the_dashboard_is_only_for_the_owning_teacher(client: Client) -> None:
    session, students = running_game()
    owner = session.classroom.teacher
    assert client.get(f"/games/{session.pk}/dashboard/").status_code == 302
    client.force_login(teacher("someone_else"))
    assert client.get(f"/games/{session.pk}/dashboard/").status_code == 404
    client.force_login(owner)
    html = client.get(f"/games/{session.pk}/dashboard/").content.decode()
    assert "World A" in html
    assert "Tension of each pair" in html
    as_student(Client(), students[0])
    assert (
        as_student(Client(), students[0]).get(f"/games/{session.pk}/dashboard/").status_code == 302
    )


@pytest.mark.parametrize(
    ("control", "status_after"),
    [("pause", GameStatus.PAUSED), ("end", GameStatus.FINISHED), ("advance", GameStatus.RUNNING)],
)
def test_teacher_controls_change_the_game(client: Client, control: str, status_after: str) -> None:
    session, _ = running_game()
    client.force_login(session.classroom.teacher)
    response = client.post(f"/games/{session.pk}/control/{control}/", follow=True)
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.status == status_after


def test_a_refused_control_says_why_and_changes_nothing(client: Client) -> None:
    session, _ = running_game()
    client.force_login(session.classroom.teacher)
    response = client.post(f"/games/{session.pk}/control/resume/", follow=True)
    assert "Only a paused game can be resumed." in response.content.decode()
    session.refresh_from_db()
    assert session.status == GameStatus.RUNNING


def test_controls_refuse_get_unknown_names_and_other_teachers(client: Client) -> None:
    session, _ = running_game()
    client.force_login(session.classroom.teacher)
    assert client.get(f"/games/{session.pk}/control/pause/").status_code == 405
    assert client.post(f"/games/{session.pk}/control/explode/").status_code == 404
    client.force_login(teacher("intruder"))
    assert client.post(f"/games/{session.pk}/control/end/").status_code == 404
    session.refresh_from_db()
    assert session.status == GameStatus.RUNNING


def test_an_all_bot_world_runs_to_the_end_from_the_dashboard(client: Client) -> None:
    session, _, _, _ = game_with_seats(0, turns=3)
    services.start_game(session)
    world = session.worlds.get()
    client.force_login(session.classroom.teacher)
    response = client.post(f"/games/{session.pk}/worlds/{world.pk}/run/", follow=True)
    assert "played 3 turns by itself" in response.content.decode()
    assert world.turns.filter(status=TurnStatus.RESOLVED).count() == 3


def test_an_event_card_is_played_from_the_dashboard(client: Client) -> None:
    session, _ = running_game()
    world = session.worlds.get()
    key = world.seats.first().state_key
    client.force_login(session.classroom.teacher)
    response = client.post(
        f"/games/{session.pk}/worlds/{world.pk}/event/",
        {"card": "election", "target": key},
        follow=True,
    )
    assert "Event card played into world A" in response.content.decode()
    response = client.post(
        f"/games/{session.pk}/worlds/{world.pk}/event/", {"card": "meteor"}, follow=True
    )
    assert "Unknown event card" in response.content.decode()
    response = client.post(
        f"/games/{session.pk}/worlds/{world.pk}/event/",
        {"card": "border_incident", "target": key, "target2": ""},
        follow=True,
    )
    assert "Border incident needs 2 different target states, not 1." in response.content.decode()
    assert world.events.count() == 1


def test_the_reveal_reaches_the_play_page_after_the_end(client: Client) -> None:
    session, students = running_game()
    services.end_game(session)
    student_client = as_student(client, students[0])
    assert (
        "what everyone really was"
        not in student_client.get(f"/play/{session.pk}/").content.decode()
    )
    services.reveal_intents(session)
    html = student_client.get(f"/play/{session.pk}/").content.decode()
    assert "what everyone really was" in html
    assert "Security seeker" in html


@pytest.mark.django_db(transaction=True)
async def test_the_dashboard_socket_follows_moves_live_and_refuses_others() -> None:
    session, students = await database_sync_to_async(running_game)()

    @database_sync_to_async
    def cookie_for(user: User) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    owner = await database_sync_to_async(lambda: session.classroom.teacher)()
    stranger = await database_sync_to_async(teacher)("stranger")
    headers = [(b"origin", b"http://127.0.0.1:8000")]
    intruder = WebsocketCommunicator(
        application,
        f"/ws/dashboard/{session.pk}/",
        headers=[*headers, (b"cookie", f"sessionid={await cookie_for(stranger)}".encode())],
    )
    assert not (await intruder.connect())[0]
    socket = WebsocketCommunicator(
        application,
        f"/ws/dashboard/{session.pk}/",
        headers=[*headers, (b"cookie", f"sessionid={await cookie_for(owner)}".encode())],
    )
    assert (await socket.connect())[0]
    first = await socket.receive_from(timeout=5)
    assert 'id="dashboard-worlds"' in first
    assert first.count("chip-done") == 2  # the two bot seats

    @database_sync_to_async
    def first_student_moves() -> None:
        seat = session.worlds.get().seats.get(members__student=students[0])
        services.submit_move(
            seat, students[0], 1, {"action": "arm", "posture": "defensive", "size": 1}, "m1"
        )

    await first_student_moves()
    update = await socket.receive_from(timeout=5)
    assert update.count("chip-done") == 3
    await socket.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_the_forms_in_the_pushed_dashboard_post_with_csrf_checks_on() -> None:
    """The event-card form arrives over the socket; the teacher's click must not be refused."""
    session, _ = await database_sync_to_async(running_game)()

    @database_sync_to_async
    def teacher_browser() -> Client:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(session.classroom.teacher)
        dashboard = browser.get(f"/games/{session.pk}/dashboard/")  # sets the CSRF cookie
        assert dashboard.status_code == 200
        return browser

    browser = await teacher_browser()
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in browser.cookies.items())
    socket = WebsocketCommunicator(
        application,
        f"/ws/dashboard/{session.pk}/",
        headers=[(b"origin", b"http://127.0.0.1:8000"), (b"cookie", cookie.encode())],
    )
    assert (await socket.connect())[0]
    pushed = await socket.receive_from(timeout=5)
    await socket.disconnect()
    form = re.search(r'<form method="post" action="([^"]+/event/)"[^>]*>(.*?)</form>', pushed, re.S)
    assert form is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2))
    assert token is not None, "the pushed event-card form has no CSRF token"

    @database_sync_to_async
    def play_card() -> tuple[int, str, int]:
        world = session.worlds.get()
        key = world.seats.first().state_key
        fields = {"csrfmiddlewaretoken": token.group(1), "card": "election", "target": key}
        response = browser.post(form.group(1), fields, follow=True)
        return response.status_code, response.content.decode(), world.events.count()

    status, html, events = await play_card()
    assert status == 200
    assert "Event card played into world A" in html
    assert events == 1


def test_the_dashboard_shows_who_plays_each_state(client: Client) -> None:
    session, students = running_game(humans=2)
    client.force_login(session.classroom.teacher)
    html = client.get(f"/games/{session.pk}/dashboard/").content.decode()
    for student in students:
        assert f"({student.display_name})" in html
    assert "(bot)" in html


def test_after_the_end_the_turn_bar_says_game_over_and_nothing_more(client: Client) -> None:
    session, students = running_game()
    services.end_game(session)
    html = as_student(client, students[0]).get(f"/play/{session.pk}/").content.decode()
    bar = html[html.index('id="turn-bar"') : html.index("</section>", html.index('id="turn-bar"'))]
    assert "Game over" in bar
    assert "countdown" not in bar and "advances the turn" not in bar


def test_earlier_turns_are_offered_only_once_there_are_some(client: Client) -> None:
    session, students = running_game()
    as_student(client, students[0])
    services.advance_now(session)
    after_one = client.get(f"/play/{session.pk}/").content.decode()
    assert "What happened in turn 1" in after_one
    assert "Earlier turns" not in after_one
    services.advance_now(session)
    after_two = client.get(f"/play/{session.pk}/").content.decode()
    assert "What happened in turn 2" in after_two
    assert "Earlier turns" in after_two


# --- what the teacher and students see at the end, while paused, and in teams -------

SIGNAL = {"action": "signal", "kind": "reassure", "to": "all"}
DEFEND = {"action": "arm", "posture": "defensive", "size": 1}


def team_game() -> tuple[GameSession, list[Seat], Student, Student, Student]:
    """Start a game where Aldmark is a team of two (Student 1 and Cleo), Brennia a student."""
    session, _, seats, students = game_with_seats(2)
    cleo = Student.objects.create(classroom=session.classroom, display_name="Cleo")
    SeatMember.objects.create(session=session, seat=seats[0], student=cleo)
    session.seating, session.team_size = Seating.TEAMS, 2
    session.save()
    services.start_game(session)
    fresh = list(Seat.objects.filter(world__session=session).select_related("world__session"))
    return session, fresh, students[0], cleo, students[1]


def dashboard_html(client: Client, session: GameSession) -> str:
    client.force_login(session.classroom.teacher)
    return client.get(f"/games/{session.pk}/dashboard/").content.decode()


def chip_of(html: str, name: str) -> str:
    """Return the dashboard's or the strip's chip for one state."""
    start = html.rindex("<li", 0, html.index(f" {name}"))
    return html[start : html.index("</li>", start)]


def test_a_student_who_locked_in_a_move_sees_no_open_move_once_the_game_is_ended(
    client: Client,
) -> None:
    session, students = running_game()
    seat = Seat.objects.get(members__student=students[0])
    services.submit_move(seat, students[0], 1, SIGNAL, "locked")
    services.end_game(session)
    html = as_student(client, students[0]).get(f"/play/{session.pk}/").content.decode()
    assert "Game over" in html
    assert "Move locked in" not in html
    assert "You can change it" not in html
    assert "No move locked in yet" not in html
    # The locked-in signal was played: the last turn's news is there to read.
    assert "What happened in turn 1" in html


def test_the_ended_dashboard_says_who_played_and_never_who_has_not_moved(client: Client) -> None:
    session, seats, first, _, _ = team_game()
    services.submit_move(seats[0], first, 1, SIGNAL, "locked")
    services.end_game(session)
    html = dashboard_html(client, session)
    assert "Finished after turn 1" in html
    assert "has not moved" not in html
    assert "of 2 moved" not in html
    assert 'Aldmark <span class="chip-who">(Cleo, Student 1)</span>' in html


def test_a_paused_dashboard_shows_each_worlds_time_left(client: Client) -> None:
    session, _ = running_game()
    services.pause_game(session)
    Turn.objects.filter(world__session=session).update(seconds_left_when_paused=95.2)
    html = dashboard_html(client, session)
    assert 'Turn 1 · <span class="paused-clock">paused, 1:36 left</span>' in html
    services.resume_game(session)
    html = dashboard_html(client, session)
    assert "paused," not in html
    assert 'class="countdown"' in html


def test_the_dashboard_shows_a_team_as_waiting_until_every_member_has_moved(
    client: Client,
) -> None:
    session, seats, first, cleo, _ = team_game()
    services.submit_move(seats[0], first, 1, SIGNAL, "first")
    # The turn waits for Cleo, and the dashboard says so.
    assert session.worlds.get().turns.get(number=1).status == TurnStatus.OPEN
    chip = chip_of(dashboard_html(client, session), "Aldmark")
    assert "chip-done" not in chip and "✓" not in chip
    assert "1 of 2 moved" in chip
    services.submit_move(seats[0], cleo, 1, SIGNAL, "second")
    chip = chip_of(dashboard_html(client, session), "Aldmark")
    assert "chip-done" in chip and "✓" in chip
    assert "of 2 moved" not in chip


def test_other_states_see_a_team_as_moved_only_once_the_turn_counts_it(client: Client) -> None:
    session, seats, first, cleo, rival = team_game()
    rivals_page = as_student(Client(), rival)
    services.submit_move(seats[0], first, 1, SIGNAL, "first")
    strip = rivals_page.get(f"/play/{session.pk}/").content.decode()
    strip = strip[strip.index('id="moved-strip"') :]
    assert "chip-done" not in chip_of(strip, "Aldmark")
    services.submit_move(seats[0], cleo, 1, SIGNAL, "second")
    strip = rivals_page.get(f"/play/{session.pk}/").content.decode()
    strip = strip[strip.index('id="moved-strip"') :]
    assert "chip-done" in chip_of(strip, "Aldmark")


def test_a_paused_turns_time_left_reads_as_the_countdown_would() -> None:
    assert [clock_of_seconds(s) for s in (None, 0, 4.2, 95.2, 600)] == [
        "0:00",
        "0:00",
        "0:05",
        "1:36",
        "10:00",
    ]


def test_the_move_that_ends_the_last_turn_is_confirmed_without_promising_a_change() -> None:
    session, _, _, students = game_with_seats(1, turns=1)
    services.start_game(session)
    seat = Seat.objects.select_related("world__session").get(members__student=students[0])
    move = services.submit_move(seat, students[0], 1, SIGNAL, "last")
    ack = panels.move_ack(seat.pk, students[0].pk, move)
    assert "Your last move:" in ack and "The game is over." in ack
    assert "You can change it" not in ack
