"""The school a load run plays in: a teacher, a class, a game, its worlds and seats.

Everything is created in bulk in the database the server uses and removed again
afterwards. Each bot student gets a real browser session (the students key that
joining a class sets), so its socket is bound to its seat as a browser's would be.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from classroom.access import STUDENTS_KEY
from classroom.models import Classroom, Student, new_join_code
from game import services
from game.loadtest.options import LoadOptions
from game.models import GameSession, Seat, SeatMember, World
from game.referee import load_scenario
from game.seating import world_label, world_seed

# Long enough that no deadline fires before the bots have moved: turns end when all move.
GENEROUS_TURN_SECONDS = 3600
TEACHER_PREFIX = "loadtest-"


@dataclass(frozen=True, slots=True)
class BotSeat:
    """One bot student: who they are, where they sit, and their browser's session key."""

    index: int
    student_id: int
    seat_id: int
    world_id: int
    state_key: str
    others: tuple[str, ...]
    session_key: str


@dataclass
class School:
    """What a load run created, so that it can be measured and removed."""

    session_id: int
    classroom_id: int
    teacher_id: int
    scenario: str
    world_ids: list[int]
    seats: list[BotSeat]
    session_keys: list[str] = field(default_factory=list)


def create_school(options: LoadOptions) -> School:
    """Create a class of `options.students` students seated in worlds, in a lobby game."""
    scenario = load_scenario(options.scenario)
    keys = list(scenario.state_keys)
    tag = secrets.token_hex(4)
    with transaction.atomic():
        teacher = User.objects.create_user(username=f"{TEACHER_PREFIX}{tag}", password=None)
        classroom = Classroom.objects.create(
            teacher=teacher, name=f"Load test {tag}", join_code=_free_join_code()
        )
        game = GameSession.objects.create(
            classroom=classroom,
            scenario_key=scenario.key,
            title=f"{scenario.title} (load test)",
            turns=options.turns,
            turn_seconds=GENEROUS_TURN_SECONDS,
            seed=options.seed,
            world_count=options.worlds,
        )
        worlds = World.objects.bulk_create(
            World(
                session=game,
                index=i,
                label=world_label(i) if i < 26 else f"W{i + 1}",
                seed=world_seed(game, i),
            )
            for i in range(options.worlds)
        )
        seats = Seat.objects.bulk_create(
            Seat(world=world, state_key=key, order=order)
            for world in worlds
            for order, key in enumerate(keys)
        )
        students = Student.objects.bulk_create(
            Student(classroom=classroom, display_name=f"Bot {n + 1:05d}")
            for n in range(options.students)
        )
        # Worlds fill in order; the first `world_size` states of each world get a student.
        seated = [
            seats[w * len(keys) + position]
            for w in range(options.worlds)
            for position in range(options.world_size)
        ][: options.students]
        SeatMember.objects.bulk_create(
            SeatMember(session=game, seat=seat, student=student)
            for seat, student in zip(seated, students, strict=True)
        )
        for seat, student in zip(seated, students, strict=True):
            seat.captain = student
        Seat.objects.bulk_update(seated, ["captain"])
        session_keys = [_browser_session(classroom.pk, s.pk) for s in students]
    bots = []
    for n, (seat, student, key) in enumerate(zip(seated, students, session_keys, strict=True)):
        bots.append(
            BotSeat(
                index=n,
                student_id=student.pk,
                seat_id=seat.pk,
                world_id=seat.world_id,
                state_key=seat.state_key,
                others=tuple(k for k in keys if k != seat.state_key),
                session_key=key,
            )
        )
    return School(
        session_id=game.pk,
        classroom_id=classroom.pk,
        teacher_id=teacher.pk,
        scenario=scenario.key,
        world_ids=[w.pk for w in worlds],
        seats=bots,
        session_keys=session_keys,
    )


def start_school(school: School) -> None:
    """Start the game through the services, as the teacher's Start button does."""
    services.start_game(GameSession.objects.get(pk=school.session_id))


def remove_school(school: School) -> None:
    """Delete everything the run created: the class (and its game), the teacher, the sessions."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        Classroom.objects.filter(pk=school.classroom_id).delete()
        User.objects.filter(pk=school.teacher_id).delete()
        if hasattr(store, "get_model_class"):  # database sessions: one query for them all
            model = store.get_model_class()
            for start in range(0, len(school.session_keys), 500):
                chunk = school.session_keys[start : start + 500]
                model.objects.filter(session_key__in=chunk).delete()
            return
    for key in school.session_keys:
        store(session_key=key).delete()


def _free_join_code() -> str:
    while True:
        code = new_join_code()
        if not Classroom.objects.filter(join_code=code, archived=False).exists():
            return code


def _browser_session(classroom_id: int, student_id: int) -> str:
    """Create the session a browser holds after joining the class as this student."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[STUDENTS_KEY] = {str(classroom_id): student_id}
    store.create()
    return str(store.session_key)
