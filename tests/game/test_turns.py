"""Turns: moves lock in, turns resolve exactly once, deadlines and teacher controls hold."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from game import services
from game.models import GameStatus, InjectedEvent, Move, Rating, Seat, Turn, TurnStatus
from tests import factories
from tests.factories import game_with_seats

pytestmark = pytest.mark.django_db

DEFENSIVE = {"action": "arm", "posture": "defensive", "size": 1}


def started(humans: int = 2, **options: object):
    session, world, seats, students = game_with_seats(humans, **options)
    services.start_game(session)
    world.refresh_from_db()
    return session, world, seats, students


def test_starting_a_game_opens_turn_one_with_its_deadline_in_every_world() -> None:
    session, world, _, _ = started(turn_seconds=90)
    turn = world.turns.get()
    assert (turn.number, turn.status) == (1, TurnStatus.OPEN)
    assert timedelta(seconds=85) < turn.deadline - timezone.now() <= timedelta(seconds=90)
    assert world.state == world.initial_state
    session.refresh_from_db()
    assert session.status == GameStatus.RUNNING
    with pytest.raises(services.GameError, match="already started"):
        services.start_game(session)


def test_a_move_sent_twice_with_the_same_id_counts_once() -> None:
    _, _, seats, students = started()
    services.submit_move(seats[0], students[0], 1, DEFENSIVE, "m-1")
    services.submit_move(seats[0], students[0], 1, {**DEFENSIVE, "size": 2}, "m-1")
    move = Move.objects.get()
    assert move.payload == {"action": "arm", "posture": "defensive", "size": 1}
    services.submit_move(seats[0], students[0], 1, {**DEFENSIVE, "size": 2}, "m-2")
    assert Move.objects.get().payload["size"] == 2


def test_a_move_for_another_turn_is_refused_and_nothing_is_saved() -> None:
    _, _, seats, students = started()
    with pytest.raises(services.GameError, match="for turn 2, but this is turn 1"):
        services.submit_move(seats[0], students[0], 2, DEFENSIVE, "m-1")
    assert not Move.objects.exists()


def test_an_invalid_move_gets_the_referees_reason() -> None:
    _, _, seats, students = started()
    own = seats[0].state_key
    with pytest.raises(services.GameError, match="cannot be your own state"):
        services.submit_move(
            seats[0], students[0], 1, {"action": "ally", "op": "propose", "with": own}, "m-1"
        )
    assert not Move.objects.exists()


def test_the_turn_resolves_as_soon_as_every_seat_has_moved() -> None:
    _, world, seats, students = started(humans=2)
    services.submit_move(seats[0], students[0], 1, DEFENSIVE, "a")
    assert world.turns.get(number=1).status == TurnStatus.OPEN
    services.submit_move(seats[1], students[1], 1, DEFENSIVE, "b")
    first = world.turns.get(number=1)
    assert first.status == TurnStatus.RESOLVED
    assert first.record["turn"] == 1
    assert world.turns.get(number=2).status == TurnStatus.OPEN


def test_a_turn_is_resolved_only_once_however_often_it_is_claimed() -> None:
    _, world, _, _ = started()
    turn = world.turns.get()
    assert services.claim_and_resolve(turn.pk) is True
    assert services.claim_and_resolve(turn.pk) is False
    assert world.turns.count() == 2
    assert world.turns.filter(number=1, record__isnull=False).count() == 1


def test_an_absent_seat_is_defaulted_and_a_bot_takes_over_after_two_missed_turns() -> None:
    session, world, seats, students = started(humans=2)
    for number in (1, 2):
        services.submit_move(seats[0], students[0], number, DEFENSIVE, f"m{number}")
        Turn.objects.filter(world=world, number=number).update(deadline=timezone.now())
        assert services.resolve_due_turns() == 1
        record = world.turns.get(number=number).record
        absent = next(m for m in record["moves"] if m["seat"] == seats[1].state_key)
        assert absent["defaulted"] is True
    seat = Seat.objects.get(pk=seats[1].pk)
    assert seat.missed_turns == 2
    assert seat.bot_strategy == session.bot_strategy
    services.take_back_seat(seat, students[1])
    seat.refresh_from_db()
    assert (seat.bot_strategy, seat.missed_turns) == ("", 0)


def test_turns_before_their_deadline_are_left_alone() -> None:
    _, world, _, _ = started()
    assert services.resolve_due_turns() == 0
    assert world.turns.get().status == TurnStatus.OPEN


def test_pausing_stops_the_clock_and_resuming_restores_the_time_left() -> None:
    session, world, _, _ = started(turn_seconds=120)
    services.pause_game(session)
    turn = world.turns.get()
    assert turn.deadline is None
    assert 110 < turn.seconds_left_when_paused <= 120
    assert services.resolve_due_turns(timezone.now() + timedelta(hours=1)) == 0
    services.resume_game(session)
    turn.refresh_from_db()
    assert timedelta(seconds=110) < turn.deadline - timezone.now() <= timedelta(seconds=120)


def test_extending_the_timer_moves_every_open_deadline() -> None:
    session, world, _, _ = started(turn_seconds=60)
    before = world.turns.get().deadline
    services.extend_timer(session, 30)
    assert world.turns.get().deadline - before == timedelta(seconds=30)
    with pytest.raises(services.GameError):
        services.extend_timer(session, 0)


def test_a_teacher_advanced_game_has_no_deadline_until_advanced() -> None:
    session, world, _, _ = started(turn_seconds=None)
    assert world.turns.get().deadline is None
    assert services.advance_now(session) == 1
    assert world.turns.get(number=1).status == TurnStatus.RESOLVED


def test_ending_the_game_finishes_every_world_and_allows_the_reveal() -> None:
    session, world, _, _ = started()
    with pytest.raises(services.GameError, match="once the game has ended"):
        services.reveal_intents(session)
    services.end_game(session)
    world.refresh_from_db()
    assert world.status == GameStatus.FINISHED
    services.reveal_intents(session)
    assert session.intents_revealed is True


def test_the_last_turn_finishes_the_world_and_the_session() -> None:
    session, world, _, _ = started(turns=2)
    services.advance_now(session)
    services.advance_now(session)
    world.refresh_from_db()
    session.refresh_from_db()
    assert world.status == GameStatus.FINISHED
    assert session.status == GameStatus.FINISHED
    assert world.turns.filter(status=TurnStatus.OPEN).count() == 0


def test_an_injected_event_card_is_applied_when_the_turn_resolves() -> None:
    session, world, seats, _ = started()
    services.inject_event(world, "election", [seats[0].state_key])
    assert InjectedEvent.objects.count() == 1
    services.advance_now(session)
    record = world.turns.get(number=1).record
    assert [e["card"]["key"] for e in record["events"]] == ["election"]
    with pytest.raises(services.GameError, match="Unknown event card"):
        services.inject_event(world, "alien_invasion")


@pytest.mark.django_db(transaction=True)
def test_concurrent_resolvers_resolve_a_turn_exactly_once() -> None:
    _, world, _, _ = started()
    turn = world.turns.get()
    results: list[bool] = []

    def resolve() -> None:
        try:
            results.append(services.claim_and_resolve(turn.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=resolve) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert world.turns.count() == 2


# --- ending the game ----------------------------------------------------------

REASSURE = {"action": "signal", "kind": "reassure", "to": "all"}


def entry(record: dict, state_key: str) -> dict:
    return next(m for m in record["moves"] if m["seat"] == state_key)


def test_ending_the_game_resolves_the_current_turn_with_the_moves_that_are_in() -> None:
    session, world, seats, students = started(humans=2)
    services.advance_now(session)
    services.submit_move(seats[0], students[0], 2, REASSURE, "locked")
    services.end_game(session)
    world.refresh_from_db()
    session.refresh_from_db()
    last = world.turns.get(number=2)
    assert last.status == TurnStatus.RESOLVED
    # The locked-in signal was played; the seat that had not moved took its default.
    played = entry(last.record, seats[0].state_key)
    assert played["defaulted"] is False
    assert played["move"]["action"] == "signal"
    assert entry(last.record, seats[1].state_key)["defaulted"] is True
    # Nothing opens after it, and the game is over.
    assert not world.turns.filter(status=TurnStatus.OPEN).exists()
    assert world.turns.count() == 2
    assert (world.status, session.status) == (GameStatus.FINISHED, GameStatus.FINISHED)
    assert session.ended_at is not None
    # No bot takes over a seat after the last turn.
    assert Seat.objects.get(pk=seats[1].pk).bot_strategy == ""


def test_ending_a_paused_game_resolves_its_current_turn_too() -> None:
    session, world, seats, students = started(humans=2)
    services.submit_move(seats[1], students[1], 1, DEFENSIVE, "locked")
    services.pause_game(session)
    services.end_game(session)
    world.refresh_from_db()
    turn = world.turns.get()
    assert turn.status == TurnStatus.RESOLVED
    assert entry(turn.record, seats[1].state_key)["defaulted"] is False
    assert world.status == GameStatus.FINISHED
    assert world.turn_number == 2


def test_ending_the_game_drops_a_turn_nobody_has_moved_in() -> None:
    """A turn that just opened is not played as if every student had reassured everyone."""
    session, world, _, _ = started(humans=2)
    services.advance_now(session)
    services.end_game(session)
    world.refresh_from_db()
    assert list(world.turns.values_list("number", "status")) == [(1, TurnStatus.RESOLVED)]
    assert world.status == GameStatus.FINISHED
    with pytest.raises(services.GameError, match="already ended"):
        services.end_game(session)


def test_ending_the_game_keeps_a_read_given_in_a_turn_nobody_moved_in() -> None:
    """A student's rating is something they entered: ending the game never drops it."""
    session, world, seats, students = started(humans=2)
    opponent = seats[1].state_key
    services.record_rating(seats[0], students[0], 1, opponent, -1, 3)
    services.end_game(session)
    world.refresh_from_db()
    assert list(world.turns.values_list("number", "status")) == [(1, TurnStatus.RESOLVED)]
    assert Rating.objects.get(student=students[0]).friendliness == -1


def test_every_world_ends_after_its_own_current_turn() -> None:
    session, world, seats, students = started(humans=2)
    services.submit_move(seats[0], students[0], 1, REASSURE, "w1")
    other_room = factories.classroom(factories.teacher("another_teacher"))
    other_session, other_world, _, _ = started(humans=1, room=other_room)
    services.end_game(session)
    world.refresh_from_db()
    other_world.refresh_from_db()
    assert world.turns.get().status == TurnStatus.RESOLVED
    # Another game's world is not touched.
    assert other_world.status == GameStatus.RUNNING
    assert other_world.turns.get().status == TurnStatus.OPEN
    other_session.refresh_from_db()
    assert other_session.status == GameStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_ending_while_a_deadline_resolves_the_turn_resolves_it_exactly_once() -> None:
    session, world, seats, students = started(humans=2)
    services.submit_move(seats[0], students[0], 1, REASSURE, "a")
    turn = world.turns.get()
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run(action) -> None:
        try:
            barrier.wait()
            action()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(lambda: services.claim_and_resolve(turn.pk),)),
        threading.Thread(target=run, args=(lambda: services.end_game(session),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    world.refresh_from_db()
    assert world.status == GameStatus.FINISHED
    assert world.turns.filter(number=1, status=TurnStatus.RESOLVED).count() == 1
    assert entry(world.turns.get(number=1).record, seats[0].state_key)["defaulted"] is False
    # Whichever came first, no turn is left open (one opened by the deadline is dropped).
    assert not world.turns.filter(status=TurnStatus.OPEN).exists()
