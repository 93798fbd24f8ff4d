"""The hot paths ask the database a fixed number of times, however big the game gets.

A move, its ack, a turn's resolution (with the full state it pushes to every seat)
and the teacher's dashboard must not grow with the number of seats, worlds or
turns played: a class of a thousand makes each of them many times a second.
Broadcasts run their after-commit work here too, since that is where the pushed
panels are rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from classroom.models import Student
from game import panels, progress, services
from game.models import GameSession, Move, Seat, World
from tests.factories import classroom, game_with_seats, teacher

pytestmark = pytest.mark.django_db

ARM = {"action": "arm", "posture": "defensive", "size": "1"}
Callbacks = Callable[..., AbstractContextManager[Any]]

# Ceilings: today's counts, so that an extra query per seat or per turn shows up at once.
MOVE_QUERIES = 6  # the strip pushed to the world and the "has everyone moved?" check included
ACK_QUERIES = 3
RESOLVE_QUERIES = 22  # the last move, the referee's turn, and every seat's pushed full state
# A move as the play socket runs it: the after-commit strip's answer serves the ack and the check.
LIVE_MOVE_QUERIES = 3
FULL_STATE_QUERIES = 8
DASHBOARD_QUERIES = 6


@pytest.fixture
def commit_callbacks(django_capture_on_commit_callbacks: Callbacks) -> Iterator[Callbacks]:
    """Run after-commit broadcasts (and the renders in them) inside the test."""
    yield lambda: django_capture_on_commit_callbacks(execute=True)


def started(humans: int, scenario: str = "europe_1914", name: str = "Period 3"):
    """Start a one-world game with `humans` students, each in a class of its own."""
    room = classroom(teacher(f"teacher-{name}"), name=name)
    session, world, seats, students = game_with_seats(
        humans, scenario_key=scenario, turns=10, room=room
    )
    services.start_game(session)
    world.refresh_from_db()
    return session, world, seats[:humans], students


def move(seat: Seat, student: Student, number: int, move_id: str) -> Move:
    """Lock in a defensive build, as the play socket does (with the seat loaded afresh)."""
    return services.submit_move(panels.seat(seat.pk), student, number, ARM, move_id)


def without_countdown(html: str | None) -> str:
    """Blank the seconds left on the clock, and its m:ss, which tick between two renders."""
    html = re.sub(r'data-seconds-left="[^"]*"', "", html or "")
    return re.sub(r'<span class="countdown-text">[^<]*</span>', "", html)


def queries(run: Callable[[], Any], callbacks: Callbacks) -> int:
    """Count the queries `run` makes, its after-commit work included."""
    with CaptureQueriesContext(connection) as captured, callbacks():
        run()
    return len(captured)


def play_turn(seats: list[Seat], students: list[Student], number: int) -> None:
    for n, (seat, student) in enumerate(zip(seats, students, strict=True)):
        move(seat, student, number, f"t{number}-{n}")


def _noop() -> AbstractContextManager[None]:
    from contextlib import nullcontext

    return nullcontext()


def test_a_move_takes_the_same_queries_in_a_small_world_and_a_large_one(
    commit_callbacks: Callbacks,
) -> None:
    _, _, small_seats, small_students = started(2, scenario="lac_2020", name="small")
    _, _, large_seats, large_students = started(6, name="large")
    small_seat, large_seat = panels.seat(small_seats[0].pk), panels.seat(large_seats[0].pk)
    small = queries(
        lambda: services.submit_move(small_seat, small_students[0], 1, ARM, "s-1"),
        commit_callbacks,
    )
    large = queries(
        lambda: services.submit_move(large_seat, large_students[0], 1, ARM, "l-1"),
        commit_callbacks,
    )
    assert small == large <= MOVE_QUERIES


def test_a_move_ack_takes_a_fixed_handful_of_queries() -> None:
    _, _, seats, students = started(6)
    saved = move(seats[0], students[0], 1, "m-1")
    with CaptureQueriesContext(connection) as captured:
        html = panels.move_ack(seats[0].pk, students[0].pk, saved)
    assert 'data-frame="ack"' in html
    assert len(captured) <= ACK_QUERIES


def test_resolving_a_turn_and_pushing_every_seat_its_state_does_not_grow_with_seats_or_turns(
    commit_callbacks: Callbacks,
) -> None:
    _, _, small_seats, small_students = started(2, scenario="lac_2020", name="small")
    _, _, large_seats, large_students = started(6, name="large")

    def resolve(seats: list[Seat], students: list[Student], number: int) -> int:
        play_turn(seats[:-1], students[:-1], number)
        last = panels.seat(seats[-1].pk)
        return queries(
            lambda: services.submit_move(last, students[-1], number, ARM, f"last-{number}"),
            commit_callbacks,
        )

    first_small = resolve(small_seats, small_students, 1)
    first_large = resolve(large_seats, large_students, 1)
    for number in (2, 3):
        resolve(large_seats, large_students, number)
    fourth_large = resolve(large_seats, large_students, 4)
    assert first_small == first_large == fourth_large <= RESOLVE_QUERIES


def test_a_seats_full_state_takes_the_same_queries_on_turn_one_and_turn_five() -> None:
    _, _, seats, students = started(6)
    first = queries(lambda: panels.full_state(seats[0].pk, students[0].pk), _noop)
    for number in range(1, 5):
        play_turn(seats, students, number)
    fifth = queries(lambda: panels.full_state(seats[0].pk, students[0].pk), _noop)
    assert first == fifth <= FULL_STATE_QUERIES


def test_the_dashboard_takes_the_same_queries_for_one_world_and_for_eight() -> None:
    one, _, _, _ = started(2, scenario="tutorial")
    room = classroom(teacher("teacher-many"), name="Period 5")
    many = GameSession.objects.create(
        classroom=room, scenario_key="tutorial", title="Tutorial", turns=4, seed=3
    )
    for index in range(8):
        world = World.objects.create(session=many, index=index, label="ABCDEFGH"[index], seed=index)
        for order, key in enumerate(("ALD", "BRN", "COR", "DUN")):
            Seat.objects.create(world=world, state_key=key, order=order)
    services.start_game(many)
    single = queries(lambda: panels.dashboard(one.pk), _noop)
    eight = queries(lambda: panels.dashboard(many.pk), _noop)
    assert single == eight <= DASHBOARD_QUERIES


def test_the_pushed_full_state_is_the_one_each_socket_would_render_itself() -> None:
    _, world, seats, students = started(6)
    for number in range(1, 4):
        play_turn(seats, students, number)
    move(seats[0], students[0], 4, "early")
    turn_number, pushed = panels.world_full_states(world.pk)
    assert turn_number == 4
    assert [seat_id for seat_id, _ in pushed] == [s.pk for s in seats]
    for (seat_id, html), student in zip(pushed, students, strict=True):
        assert without_countdown(html) == without_countdown(panels.full_state(seat_id, student.pk))


def test_the_faster_template_context_renders_exactly_the_same_html() -> None:
    _, _, seats, students = started(6)
    for number in range(1, 3):
        play_turn(seats, students, number)
    services.submit_move(
        panels.seat(seats[1].pk),
        students[1],
        3,
        {"action": "ally", "op": "propose", "with": seats[0].state_key},
        "pact",
    )
    context = panels.seat_context(seats[0].pk, students[0].pk)
    # The countdown reads the clock at each render: on a slow machine the two differ.
    assert without_countdown(
        panels.render_panels(context.as_dict(), panels.SEAT_PANELS, oob=True)
    ) == without_countdown(
        panels.render_panels(context.template_context(), panels.SEAT_PANELS, oob=True)
    )
    assert Move.objects.filter(move_id="pact").exists()


@pytest.mark.django_db(transaction=True)
def test_a_move_its_ack_and_its_check_take_three_queries_as_the_play_socket_runs_them() -> None:
    _, _, seats, students = started(6)
    for n in range(6):
        seat, student = panels.seat(seats[n].pk), students[n]
        with CaptureQueriesContext(connection) as saving:
            saved = services.submit_move(seat, student, 1, ARM, f"live-{n}", resolve=False)
            ack = panels.move_ack(seat.pk, student.pk, saved, seat=seat, student=student)
        assert 'data-frame="ack"' in ack
        # The same ack as one built with every fact asked afresh.
        asked = progress.recent(saved.turn.world_id, saved.saved_clock)
        progress.forget()
        assert panels.move_ack(seat.pk, student.pk, saved) == ack
        progress.remember(
            asked.world, asked.turn, asked.progress, asked.moved, asked.clock, asked.strip
        )
        with CaptureQueriesContext(connection) as checking:
            resolved = services.complete_turn(saved.turn, since=saved.saved_clock)
        assert resolved == (n == 5)
        assert len(saving) == LIVE_MOVE_QUERIES
        if n < 5:
            assert len(checking) == 0
