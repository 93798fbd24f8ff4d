"""Classrooms and the students in them.

Students have no account and give no e-mail: a display name, unique within the
class, and a secret token behind their personal rejoin link.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

# Characters a student can misread for one another on a projector. New codes use
# none of them, so whatever a code shows can only be typed one way.
LOOK_ALIKES = ("0ODQ", "1IL", "2Z", "5S", "6G", "8B", "UV")
JOIN_CODE_ALPHABET = "ACEFHJKMNPRTWXY3479"
JOIN_CODE_LENGTH = 6
DISPLAY_NAME_MAX = 40


def new_join_code() -> str:
    """Draw a random join code (uniqueness among open classrooms is checked by the caller)."""
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_student_token() -> str:
    """Draw the secret behind a student's rejoin link."""
    return secrets.token_urlsafe(18)


class Classroom(models.Model):
    """A teacher's class: a name, a join code on the board, and a roster."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms"
    )
    name = models.CharField(max_length=80)
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH)
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["archived", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["join_code"],
                condition=Q(archived=False),
                name="join_code_unique_among_open_classrooms",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.join_code})"


class Student(models.Model):
    """A student in one classroom, known by a display name only."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="students")
    display_name = models.CharField(max_length=DISPLAY_NAME_MAX + 4)
    token = models.CharField(max_length=32, unique=True, default=new_student_token)
    joined_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "display_name"], name="display_name_unique_in_classroom"
            )
        ]

    def __str__(self) -> str:
        return self.display_name
