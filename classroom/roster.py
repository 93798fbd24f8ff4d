"""The roster: students joining a classroom under a display name that stays unique.

Two students who type the same name become "Ada" and "Ada 2" (compared without
regard to case, so the teacher can tell them apart on the board). The database
constraint on (classroom, display name) settles races: a clash retries with the
next number.
"""

from __future__ import annotations

import unicodedata

from django.db import IntegrityError, transaction

from classroom.models import DISPLAY_NAME_MAX, Classroom, Student

MAX_NAME_ATTEMPTS = 50


class RosterError(Exception):
    """A student could not be added; the message says why."""


def tidy_text(text: str) -> str:
    """Drop control and invisible format characters and collapse runs of whitespace."""
    visible = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cf", "Co", "Cs"}
    )
    return " ".join(visible.split())


def numbered_name(base: str, taken: set[str]) -> str:
    """Return `base`, or `base N` with the smallest N >= 2 not in `taken` (casefolded)."""
    if base.casefold() not in taken:
        return base
    number = 2
    while f"{base} {number}".casefold() in taken:
        number += 1
    return f"{base} {number}"


def add_student(classroom: Classroom, name: str) -> Student:
    """Add a student to the roster under `name`, numbered if the class already has one."""
    base = tidy_text(name)[:DISPLAY_NAME_MAX].strip()
    if not base:
        raise RosterError("Please enter the name your class will see.")
    for _ in range(MAX_NAME_ATTEMPTS):
        taken = {
            existing.casefold()
            for existing in classroom.students.filter(display_name__istartswith=base).values_list(
                "display_name", flat=True
            )
        }
        candidate = numbered_name(base, taken)
        try:
            with transaction.atomic():
                return Student.objects.create(classroom=classroom, display_name=candidate)
        except IntegrityError:
            # Someone took that name a moment ago: count again.
            continue
    raise RosterError("Too many students are joining under that name; try another.")
