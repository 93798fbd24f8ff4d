"""Who may see what: every view and consumer asks here, the same way.

Teachers reach only their own classrooms and games: anything else is a 404, so
a guessed URL does not even confirm that the object exists. Students have no
account: the browser's Django session remembers which student they are in each
classroom they joined (a rejoin link restores that on another device).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest

from classroom.models import Classroom, Student
from game.models import GameSession

# Session key: {classroom id (as text): student id}.
STUDENTS_KEY = "spiral_students"

AnyUser = AbstractBaseUser | AnonymousUser


def is_teacher(user: AnyUser) -> bool:
    """Tell whether `user` is a logged-in teacher (every account is one)."""
    return bool(user.is_authenticated and user.is_active)


def owned_classroom(user: AnyUser, pk: int) -> Classroom | None:
    """Return classroom `pk` if `user` teaches it, else None."""
    if not is_teacher(user):
        return None
    return Classroom.objects.filter(pk=pk, teacher_id=user.pk).first()


def owned_game(user: AnyUser, pk: int) -> GameSession | None:
    """Return game session `pk` if `user` teaches its classroom, else None."""
    if not is_teacher(user):
        return None
    return (
        GameSession.objects.select_related("classroom")
        .filter(pk=pk, classroom__teacher_id=user.pk)
        .first()
    )


def classroom_for_teacher(request: HttpRequest, pk: int) -> Classroom:
    """Return the requesting teacher's classroom `pk`, or raise Http404."""
    classroom = owned_classroom(request.user, pk)
    if classroom is None:
        raise Http404("No such classroom.")
    return classroom


def game_for_teacher(request: HttpRequest, pk: int) -> GameSession:
    """Return the requesting teacher's game session `pk`, or raise Http404."""
    game = owned_game(request.user, pk)
    if game is None:
        raise Http404("No such game.")
    return game


def student_in_store(store: Mapping[str, Any], classroom_id: int) -> Student | None:
    """Return the student a session store remembers for a classroom, if they still exist."""
    remembered = store.get(STUDENTS_KEY) or {}
    student_id = remembered.get(str(classroom_id)) if isinstance(remembered, dict) else None
    if not isinstance(student_id, int):
        return None
    return (
        Student.objects.select_related("classroom")
        .filter(pk=student_id, classroom_id=classroom_id)
        .first()
    )


def student_from_session(request: HttpRequest, classroom: Classroom) -> Student | None:
    """Return the student this browser joined `classroom` as, or None."""
    return student_in_store(request.session, classroom.pk)


def student_for_game(store: Mapping[str, Any], game: GameSession) -> Student | None:
    """Return the student a session store remembers in a game's classroom, or None."""
    return student_in_store(store, game.classroom_id)


def remember_student(request: HttpRequest, student: Student) -> None:
    """Make this browser remember it is `student` (in the student's classroom)."""
    remembered = dict(request.session.get(STUDENTS_KEY) or {})
    remembered[str(student.classroom_id)] = student.pk
    request.session[STUDENTS_KEY] = remembered
    # A student's identity changed: a fresh session key, like a login.
    request.session.cycle_key()


def forget_student(request: HttpRequest, classroom: Classroom) -> None:
    """Make this browser forget which student it is in `classroom`."""
    remembered = dict(request.session.get(STUDENTS_KEY) or {})
    remembered.pop(str(classroom.pk), None)
    request.session[STUDENTS_KEY] = remembered


def classrooms_remembered(request: HttpRequest) -> list[Student]:
    """Return every student this browser remembers, newest classroom first."""
    remembered = request.session.get(STUDENTS_KEY) or {}
    ids = [sid for sid in remembered.values() if isinstance(sid, int)]
    return list(
        Student.objects.select_related("classroom")
        .filter(pk__in=ids, classroom__archived=False)
        .order_by("-classroom__created_at")
    )
