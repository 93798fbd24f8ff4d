"""Games for the debrief's tests and benchmark, played through the services as a class would."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from classroom.access import STUDENTS_KEY
from classroom.models import Classroom, Student
from game import seating, services
from game.models import GameSession, GameStatus, Seat, TurnStatus, World
from game.referee import Move, WorldState, bot_move, load_scenario, move_to_dict, seat_view
from tests import factories

# What a student may paste into a 280-character field: a link with no space to break at.
LONG_WORD = "https://example.org/" + "x" * 200
STUDENT_BOTS = ("tit_for_tat", "balancer", "hawk", "generous_tit_for_tat", "dove")
REASONS = (
    "Their army worries us",
    '=HYPERLINK("http://example.com")',
    "Just in case",
    "+1 for safety",
    "@everyone should know",
    "-they started it",
)


def new_session(
    room: Classroom,
    scenario_key: str = "tutorial",
    worlds: int = 1,
    turns: int = 6,
    seed: int = 7,
    bot: str = "balancer",
    variations: Sequence[dict[str, Any]] = (),
) -> GameSession:
    """Create a lobby game with its worlds open (nobody seated yet)."""
    scenario = load_scenario(scenario_key)
    session = GameSession.objects.create(
        classroom=room,
        scenario_key=scenario_key,
        title=f"{scenario.title} for testing",
        turns=turns,
        turn_seconds=None,
        variations=list(variations),
        world_count=worlds,
        bot_strategy=bot,
        seed=seed,
    )
    seating.prepare_worlds(session)
    return session


def finished_bot_game(
    seed: int = 1,
    scenario_key: str = "tutorial",
    worlds: int = 1,
    turns: int = 8,
    bot: str = "balancer",
    variations: Sequence[dict[str, Any]] = (),
    owner: User | None = None,
) -> GameSession:
    """Play an all-bot game to its end through the services and return it."""
    room = factories.classroom(owner or factories.teacher())
    session = new_session(room, scenario_key, worlds, turns, seed, bot, variations)
    services.start_game(session)
    for world in World.objects.filter(session=session):
        services.run_demo_world(world)
    session.refresh_from_db()
    return session


def seat_students(session: GameSession, count: int) -> list[Student]:
    """Create `count` students in the game's class and seat them as they would arrive."""
    students = []
    for n in range(count):
        student = Student.objects.create(
            classroom=session.classroom, display_name=f"Student {n + 1:02d}"
        )
        seating.seat_student(session, student)
        students.append(student)
    return students


def _rating(trust: float) -> tuple[int, int]:
    friendliness = max(-2, min(2, round(4 * trust - 2)))
    confidence = max(1, min(3, 1 + int(abs(trust - 0.5) * 5)))
    return friendliness, confidence


def play_students(
    session: GameSession,
    ratings: bool = True,
    say: str = "",
    plan: Mapping[tuple[int, int], Move] | None = None,
) -> None:
    """Start the game and play every turn: each student picks what a bot in the seat would,
    gives a reason for each build, and rates every other state from its own trust.

    With `say`, every build's reason and every signal's message is `say` instead; `plan`
    gives the move of (turn, seat order) instead of the bot's.
    """
    services.start_game(session)
    while True:
        worlds = list(World.objects.filter(session=session, status=GameStatus.RUNNING))
        if not worlds:
            break
        for world in worlds:
            turn = world.turns.get(status=TurnStatus.OPEN)
            state = WorldState.from_dict(world.state)
            seats = list(
                Seat.objects.filter(world=world, bot_strategy="").prefetch_related("members")
            )
            picks = []
            for seat in seats:
                view = seat_view(state, seat.state_key)
                strategy = STUDENT_BOTS[seat.order % len(STUDENT_BOTS)]
                chosen = (plan or {}).get((turn.number, seat.order)) or bot_move(strategy, view)
                payload = move_to_dict(chosen)
                if payload["action"] == "arm":
                    payload["reason"] = say or REASONS[(turn.number + seat.order) % len(REASONS)]
                elif payload["action"] == "signal" and say:
                    payload["text"] = say
                for member in seat.members.all():
                    if ratings:
                        for other in view.others:
                            friendly, sure = _rating(other.trust)
                            services.record_rating(
                                seat, member.student, turn.number, other.key, friendly, sure
                            )
                    picks.append((seat, member.student, payload))
            for seat, student, payload in picks:
                services.submit_move(
                    seat, student, turn.number, payload, f"m-{turn.pk}-{student.pk}"
                )
            turn.refresh_from_db()
            if turn.status == TurnStatus.OPEN:
                services.claim_and_resolve(turn.pk)
    session.refresh_from_db()


def as_student(client: Client, student: Student) -> Client:
    """Make a test client's browser remember it is `student`."""
    store = client.session
    store[STUDENTS_KEY] = {str(student.classroom_id): student.pk}
    store.save()
    return client
