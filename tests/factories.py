"""Small builders for database tests: a teacher, a class, a game with seats."""

from __future__ import annotations

from django.contrib.auth.models import User

from classroom.models import Classroom, Student, new_join_code
from game.models import GameSession, Seat, SeatMember, World
from game.referee import load_scenario


def teacher(username: str = "teacher") -> User:
    """Create a teacher account."""
    return User.objects.create_user(username=username, password="correct-horse-battery-9")


def classroom(owner: User | None = None, name: str = "Period 3") -> Classroom:
    """Create an open classroom."""
    return Classroom.objects.create(
        teacher=owner or teacher(), name=name, join_code=new_join_code()
    )


def game_with_seats(
    humans: int,
    scenario_key: str = "tutorial",
    turn_seconds: int | None = 60,
    turns: int = 4,
    bot: str = "tit_for_tat",
    room: Classroom | None = None,
) -> tuple[GameSession, World, list[Seat], list[Student]]:
    """Create a lobby game with one world: the first `humans` seats have a student each,
    the others are played by `bot`."""
    room = room or classroom()
    scenario = load_scenario(scenario_key)
    session = GameSession.objects.create(
        classroom=room,
        scenario_key=scenario_key,
        title=scenario.title,
        turns=turns,
        turn_seconds=turn_seconds,
        seed=7,
        bot_strategy=bot,
    )
    world = World.objects.create(session=session, index=0, label="A", seed=11)
    seats, students = [], []
    for order, state in enumerate(scenario.states):
        human = order < humans
        seat = Seat.objects.create(
            world=world, state_key=state.key, order=order, bot_strategy="" if human else bot
        )
        if human:
            student = Student.objects.create(classroom=room, display_name=f"Student {order + 1}")
            SeatMember.objects.create(session=session, seat=seat, student=student)
            seat.captain = student
            seat.save()
            students.append(student)
        seats.append(seat)
    return session, world, seats, students
