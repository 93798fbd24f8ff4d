"""Persistence of games: sessions, worlds, seats, turns, moves and their log.

The turn records written by the referee are the truth and are never edited;
everything else here is either set-up or derived from them.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from classroom.models import Classroom, Student


class GameStatus(models.TextChoices):
    LOBBY = "lobby", "In the lobby"
    RUNNING = "running", "Running"
    PAUSED = "paused", "Paused"
    FINISHED = "finished", "Finished"


class Seating(models.TextChoices):
    SOLO = "solo", "One student per state"
    TEAMS = "teams", "Teams of several students per state"


class GameSession(models.Model):
    """One game run in a classroom: a scenario, its parameters, and one or more worlds."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="games")
    scenario_key = models.CharField(max_length=40)
    title = models.CharField(max_length=120)
    turns = models.PositiveSmallIntegerField(default=10)
    # None: the teacher advances every turn by hand.
    turn_seconds = models.PositiveIntegerField(null=True, blank=True, default=120)
    params = models.JSONField(default=dict, blank=True)
    # Class experiments: [{"label": ..., "overrides": {...}}, ...], assigned to worlds in blocks.
    variations = models.JSONField(default=list, blank=True)
    seating = models.CharField(max_length=8, choices=Seating.choices, default=Seating.SOLO)
    team_size = models.PositiveSmallIntegerField(default=3)
    # None: as many worlds as the class fills.
    world_count = models.PositiveSmallIntegerField(null=True, blank=True)
    bot_strategy = models.CharField(max_length=32, default="tit_for_tat")
    status = models.CharField(max_length=10, choices=GameStatus.choices, default=GameStatus.LOBBY)
    seed = models.BigIntegerField()
    intents_revealed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"


class World(models.Model):
    """One parallel world of a session: its own states, seed and log."""

    session = models.ForeignKey(GameSession, on_delete=models.CASCADE, related_name="worlds")
    index = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=4)
    variation_label = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    seed = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=GameStatus.choices, default=GameStatus.LOBBY)
    turn_number = models.PositiveSmallIntegerField(default=0)
    initial_state = models.JSONField(null=True, blank=True)
    state = models.JSONField(null=True, blank=True)
    # A new random value with every state written: processes key their decoded states
    # by it, so the hot queries can leave the (large) state out.
    state_version = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["session", "index"]
        constraints = [
            models.UniqueConstraint(fields=["session", "index"], name="world_index_unique")
        ]

    def __str__(self) -> str:
        return f"World {self.label} of {self.session}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a save that writes the state gives it a new version."""
        fields = kwargs.get("update_fields")
        writes_state = (
            "state" in fields if fields is not None else "state" not in self.get_deferred_fields()
        )
        if writes_state:
            self.state_version = None if self.state is None else uuid.uuid4()
            if fields is not None:
                kwargs["update_fields"] = {*fields, "state_version"}
        super().save(*args, **kwargs)

    @property
    def has_state(self) -> bool:
        """Tell whether the world has started (it holds a state), without loading it."""
        return self.state_version is not None


class Seat(models.Model):
    """A state in a world, played by one student, a team, or a bot."""

    world = models.ForeignKey(World, on_delete=models.CASCADE, related_name="seats")
    state_key = models.CharField(max_length=8)
    order = models.PositiveSmallIntegerField(default=0)
    # Non-empty while a bot plays the seat (empty seat, or a student absent two turns).
    bot_strategy = models.CharField(max_length=32, blank=True)
    captain = models.ForeignKey(
        Student, on_delete=models.SET_NULL, null=True, blank=True, related_name="captaincies"
    )
    missed_turns = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["world", "order"]
        constraints = [
            models.UniqueConstraint(fields=["world", "state_key"], name="seat_state_unique")
        ]

    def __str__(self) -> str:
        return f"{self.state_key} in {self.world}"


class SeatMember(models.Model):
    """A student sitting in a seat; a student has at most one seat per session."""

    session = models.ForeignKey(GameSession, on_delete=models.CASCADE, related_name="members")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="members")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="seatings")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="one_seat_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.student} at {self.seat}"


class TurnStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class Turn(models.Model):
    """One turn of a world: open for moves until resolved, exactly once."""

    world = models.ForeignKey(World, on_delete=models.CASCADE, related_name="turns")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=TurnStatus.choices, default=TurnStatus.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    # None while the teacher advances by hand or while the game is paused.
    deadline = models.DateTimeField(null=True, blank=True)
    seconds_left_when_paused = models.FloatField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    record = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["world", "number"]
        constraints = [
            models.UniqueConstraint(fields=["world", "number"], name="turn_number_unique")
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="turn_due_idx")]

    def __str__(self) -> str:
        return f"Turn {self.number} of {self.world}"


class Move(models.Model):
    """A student's locked-in pick for their seat this turn (teams: one per member)."""

    turn = models.ForeignKey(Turn, on_delete=models.CASCADE, related_name="moves")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="moves")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="moves")
    move_id = models.CharField(max_length=64)
    payload = models.JSONField()
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["turn", "seat", "student"], name="one_pick_per_student_per_turn"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student}'s move for {self.seat} on {self.turn}"


class Rating(models.Model):
    """A student's one-tap read of another state this turn, for the calibration chart."""

    turn = models.ForeignKey(Turn, on_delete=models.CASCADE, related_name="ratings")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="ratings")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="ratings")
    target = models.CharField(max_length=8)
    # -2 hostile ... +2 friendly; 1 unsure ... 3 sure.
    friendliness = models.SmallIntegerField()
    confidence = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["turn", "student", "target"], name="one_rating_per_target_per_turn"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} rates {self.target} on {self.turn}"


class InjectedEvent(models.Model):
    """An event card a teacher played into a world, applied at the next resolution."""

    world = models.ForeignKey(World, on_delete=models.CASCADE, related_name="events")
    turn_number = models.PositiveSmallIntegerField()
    card = models.CharField(max_length=32)
    # Comma-separated state keys (a border incident involves two states).
    target = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.card} in {self.world} at turn {self.turn_number}"


class Reflection(models.Model):
    """A student's answers to their debrief's three reflection questions (always editable)."""

    session = models.ForeignKey(GameSession, on_delete=models.CASCADE, related_name="reflections")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="reflections")
    # The questions as the student saw them when answering, kept beside the answers.
    questions = models.JSONField(default=list, blank=True)
    answer_1 = models.TextField(blank=True)
    answer_2 = models.TextField(blank=True)
    answer_3 = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "student"], name="one_reflection_per_student_per_game"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student}'s reflection on {self.session}"
