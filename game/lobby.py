"""The lobbies' live panels: who sits where, rendered whole and pushed after commit.

Notices carry no data ("the lobby changed"): each socket renders its own panel
from the database, so a teacher sees every seat, a student only their own, and
a missed notice is healed by the full panel sent on every (re)connect.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse

from classroom.models import Classroom, Student
from game.models import GameSession, GameStatus, Reflection, Seat, SeatMember, World
from game.referee import Scenario, ScenarioState, load_scenario

LOBBY_CHANGED = "lobby.changed"


def teacher_group(session_id: int) -> str:
    """Name the group of the teacher's lobby sockets for a game."""
    return f"lobby.session.{session_id}"


def students_group(session_id: int) -> str:
    """Name the group of the students' lobby sockets for a game."""
    return f"lobby.students.{session_id}"


def classroom_group(classroom_id: int) -> str:
    """Name the group of students waiting in a classroom for a game to open."""
    return f"lobby.classroom.{classroom_id}"


def _send_after_commit(groups: list[str]) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for group in groups:
            async_to_sync(layer.group_send)(group, {"type": LOBBY_CHANGED})

    transaction.on_commit(send)


def lobby_changed(session: GameSession) -> None:
    """Ask every lobby socket of a game, and students waiting in its class, to refresh."""
    _send_after_commit(
        [
            teacher_group(session.pk),
            students_group(session.pk),
            classroom_group(session.classroom_id),
        ]
    )


def classroom_changed(classroom: Classroom) -> None:
    """Ask students waiting in a classroom to look again (a game opened or closed)."""
    _send_after_commit([classroom_group(classroom.pk)])


def play_url(session: GameSession) -> str:
    """Return the game page's URL (where students go once the game has started)."""
    return reverse("game-play", args=[session.pk])


# --- what the panels show ---------------------------------------------------


@dataclass
class SeatRow:
    """One state in a world, and who plays it."""

    seat: Seat
    state: ScenarioState
    members: list[Student] = field(default_factory=list)

    @property
    def captain_id(self) -> int | None:
        """Return the captain's student id."""
        return self.seat.captain_id


@dataclass
class WorldRows:
    """One world of the lobby: its seats in scenario order."""

    world: World
    seats: list[SeatRow]

    @property
    def humans(self) -> int:
        """Return how many students sit in this world."""
        return sum(len(row.members) for row in self.seats)

    @property
    def empty(self) -> int:
        """Return how many of its states nobody plays yet."""
        return sum(1 for row in self.seats if not row.members)


def worlds_with_seats(session: GameSession, scenario: Scenario | None = None) -> list[WorldRows]:
    """Return every world of the game with its seats and the students in them."""
    scenario = scenario or load_scenario(session.scenario_key)
    members: dict[int, list[Student]] = defaultdict(list)
    for member in (
        SeatMember.objects.filter(session=session)
        .select_related("student")
        .order_by("joined_at", "id")
    ):
        members[member.seat_id].append(member.student)
    rows: dict[int, list[SeatRow]] = defaultdict(list)
    for seat in Seat.objects.filter(world__session=session).order_by("order"):
        rows[seat.world_id].append(SeatRow(seat, scenario.state(seat.state_key), members[seat.pk]))
    return [WorldRows(world, rows[world.pk]) for world in session.worlds.order_by("index")]


def teacher_context(session: GameSession) -> dict[str, object]:
    """Return what the teacher's lobby panel shows."""
    scenario = load_scenario(session.scenario_key)
    worlds = worlds_with_seats(session, scenario)
    seated = sum(w.humans for w in worlds)
    return {
        "game": session,
        "scenario": scenario,
        "worlds": worlds,
        "seated": seated,
        "empty_seats": sum(w.empty for w in worlds),
        "in_lobby": session.status == GameStatus.LOBBY,
        "bot_name": session.bot_strategy.replace("_", " "),
        "groups_without_world": max(0, len(session.variations or []) - len(worlds)),
    }


def teacher_panel(session_id: int) -> str:
    """Render the teacher's live lobby panel (an element with a fixed id)."""
    session = GameSession.objects.filter(pk=session_id).first()
    if session is None:
        return render_to_string("game/lobby_teacher_panel.html", {"gone": True})
    context = {**teacher_context(session), "oob": True}
    if session.status != GameStatus.LOBBY:
        context["dashboard_url"] = reverse("game-dashboard", args=[session.pk])
    return render_to_string("game/lobby_teacher_panel.html", context)


def student_context(session: GameSession, student: Student) -> dict[str, object]:
    """Return what one student's lobby panel shows: their world, state and team."""
    scenario = load_scenario(session.scenario_key)
    member = (
        SeatMember.objects.select_related("seat__world", "seat__captain")
        .filter(session=session, student=student)
        .first()
    )
    context: dict[str, object] = {
        "game": session,
        "scenario": scenario,
        "student": student,
        "member": member,
        "started": session.status != GameStatus.LOBBY,
        "play_url": play_url(session),
    }
    if member is not None:
        seat = member.seat
        context.update(
            seat=seat,
            world=seat.world,
            state=scenario.state(seat.state_key),
            teammates=[
                m.student
                for m in seat.members.select_related("student").order_by("joined_at", "id")
                if m.student_id != student.pk
            ],
            captain=seat.captain,
            others=[
                scenario.state(key)
                for key in seat.world.seats.exclude(pk=seat.pk)
                .order_by("order")
                .values_list("state_key", flat=True)
            ],
        )
    return context


def student_panel(session_id: int, student: Student) -> str:
    """Render one student's live lobby panel (and, once started, the way to the game)."""
    session = GameSession.objects.filter(pk=session_id).first()
    if session is None:
        context: dict[str, object] = {
            "gone": True,
            "home_url": reverse("student-home", args=[student.classroom_id]),
        }
    else:
        context = {**student_context(session, student), "oob": True}
    return render_to_string("game/lobby_student_panel.html", context)


# --- a student's finished games ---------------------------------------------


@dataclass(frozen=True)
class FinishedGame:
    """A game a student played that has ended: the way back to their debrief."""

    game: GameSession
    reflected: bool

    @property
    def debrief_url(self) -> str:
        """Return the student's own debrief and reflection page for this game."""
        return reverse("debrief-student", args=[self.game.pk])


def finished_games(student: Student) -> list[FinishedGame]:
    """Return the ended games the student had a seat in, newest first (two queries)."""
    games = list(
        GameSession.objects.filter(
            members__student=student,
            classroom_id=student.classroom_id,
            status=GameStatus.FINISHED,
        ).order_by(F("ended_at").desc(nulls_last=True), "-created_at", "-pk")
    )
    reflected = set(
        Reflection.objects.filter(student=student, session__in=games).values_list(
            "session_id", flat=True
        )
    )
    return [FinishedGame(game, game.pk in reflected) for game in games]
