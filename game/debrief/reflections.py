"""Students' reflections: saved as they type, never lost, always editable."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from classroom.models import Student
from game.models import GameSession, GameStatus, Reflection

ANSWER_LIMIT = 5000
QUESTIONS = 3


class ReflectionError(Exception):
    """Answers that could not be saved; the message says why, and nothing was changed."""


def reflection_of(session: GameSession, student: Student) -> Reflection | None:
    """Return the student's saved reflection on a game, if any."""
    return Reflection.objects.filter(session=session, student=student).first()


def save_reflection(
    session: GameSession, student: Student, questions: Sequence[str], answers: Sequence[str]
) -> Reflection:
    """Save a student's three answers (with the questions they answered) after the game."""
    if session.status != GameStatus.FINISHED:
        raise ReflectionError("Reflections open when your teacher ends the game.")
    if len(answers) != QUESTIONS:
        raise ReflectionError(f"Send all {QUESTIONS} answers (an empty one is fine).")
    cleaned = [str(a).replace("\r\n", "\n").strip() for a in answers]
    for n, answer in enumerate(cleaned, start=1):
        if len(answer) > ANSWER_LIMIT:
            raise ReflectionError(
                f"Answer {n} is {len(answer)} characters long; the limit is {ANSWER_LIMIT}. "
                "Shorten it and save again: nothing was saved yet."
            )
    with transaction.atomic():
        reflection, _ = Reflection.objects.update_or_create(
            session=session,
            student=student,
            defaults={
                "questions": list(questions),
                "answer_1": cleaned[0],
                "answer_2": cleaned[1],
                "answer_3": cleaned[2],
            },
        )
    return reflection


def answers_of(reflection: Reflection | None) -> list[str]:
    """Return a reflection's three answers ('' where there is none)."""
    if reflection is None:
        return [""] * QUESTIONS
    return [reflection.answer_1, reflection.answer_2, reflection.answer_3]
