"""The lobbies' sockets: the teacher's (who joined, where they sit) and each student's.

Both only push: changes go over HTTP (the teacher's forms) or happen when a
student arrives. Every connect sends the whole panel, and every notice makes
the socket render its panel again from the database.

A refused socket is accepted and then closed with code 4403: a browser sees
that code (a refusal during the handshake looks like a network failure, which
htmx's ws extension would keep retrying), and the page says why.
"""

from __future__ import annotations

from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.template.loader import render_to_string

from classroom.access import owned_game, student_for_game, student_in_store
from classroom.models import Classroom, Student
from game import broadcast, lobby, seating
from game.models import GameSession

FORBIDDEN = 4403


class LobbySocket(AsyncWebsocketConsumer):
    """What every lobby socket shares: refuse politely, join groups, push panels."""

    groups_joined: list[str]

    async def refuse(self) -> None:
        """Close with 4403 after accepting, so the browser learns it was refused."""
        self.groups_joined = []
        await self.accept()
        await self.close(code=FORBIDDEN)

    async def join(self, *groups: str) -> None:
        """Join the groups whose notices this socket follows, then accept."""
        self.groups_joined = list(groups)
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        """Leave every group joined."""
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Any frame asks for the whole panel again (lobbies take no commands here)."""
        await self.push()

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Ignore group notices this socket has no use for (groups are shared)."""
        kind = str(message.get("type", ""))
        if not kind.startswith("websocket.") and not hasattr(self, get_handler_name(message)):
            return
        await super().dispatch(message)

    async def lobby_changed(self, event: dict[str, Any]) -> None:
        """Something changed in the lobby: send the panel again."""
        await self.push()

    async def push(self) -> None:
        """Send this socket's whole panel."""
        raise NotImplementedError


class TeacherLobbyConsumer(LobbySocket):
    """The owning teacher's lobby: every world, seat and student, live."""

    session_id: int

    async def connect(self) -> None:
        """Accept only the logged-in teacher who owns the game."""
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        game = await database_sync_to_async(owned_game)(self.scope.get("user"), self.session_id)
        if game is None:
            await self.refuse()
            return
        # The dashboard group carries the services' notices (e.g. "started").
        await self.join(
            lobby.teacher_group(self.session_id), broadcast.dashboard_group(self.session_id)
        )
        await self.push()

    async def dashboard_changed(self, event: dict[str, Any]) -> None:
        """The game started (or changed): send the panel, which then leads to the dashboard."""
        await self.push()

    async def push(self) -> None:
        """Send the teacher's lobby panel."""
        await self.send(text_data=await database_sync_to_async(self._render)())

    def _render(self) -> str:
        return lobby.teacher_panel(self.session_id)


class StudentLobbyConsumer(LobbySocket):
    """One student's lobby: their world, state, brief and team, then the way to the game."""

    session_id: int
    student_id: int

    async def connect(self) -> None:
        """Accept only a student this browser joined the game's class as."""
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        student = await database_sync_to_async(self._student)()
        if student is None:
            await self.refuse()
            return
        self.student_id = student.pk
        # The session group carries the services' notices (e.g. "started").
        await self.join(
            lobby.students_group(self.session_id), broadcast.session_group(self.session_id)
        )
        await self.push()

    def _student(self) -> Student | None:
        game = GameSession.objects.filter(pk=self.session_id).first()
        store = self.scope.get("session")
        if game is None or store is None:
            return None
        return student_for_game(store, game)

    async def push(self) -> None:
        """Send the student's lobby panel."""
        await self.send(text_data=await database_sync_to_async(self._render)())

    async def session_changed(self, event: dict[str, Any]) -> None:
        """The game started, paused or ended: send the panel (with the way to the game)."""
        await self.push()

    def _render(self) -> str:
        return lobby.student_panel(self.session_id, Student.objects.get(pk=self.student_id))


class ClassroomWaitConsumer(LobbySocket):
    """A student waiting in their classroom: told where to go when a game opens."""

    classroom_id: int
    student_id: int

    async def connect(self) -> None:
        """Accept only a student this browser joined the classroom as."""
        self.classroom_id = int(self.scope["url_route"]["kwargs"]["classroom_id"])
        student = await database_sync_to_async(self._student)()
        if student is None:
            await self.refuse()
            return
        self.student_id = student.pk
        await self.join(lobby.classroom_group(self.classroom_id))
        await self.push()

    def _student(self) -> Student | None:
        store = self.scope.get("session")
        if store is None:
            return None
        student = student_in_store(store, self.classroom_id)
        if student is None or student.classroom.archived:
            return None
        return student

    async def push(self) -> None:
        """Send the waiting panel, or the way to the game once one is open."""
        await self.send(text_data=await database_sync_to_async(self._render)())

    def _render(self) -> str:
        classroom = Classroom.objects.get(pk=self.classroom_id)
        student = Student.objects.get(pk=self.student_id)
        # Being on this page is arriving: seat the student as soon as a game has room.
        arrival = seating.arrive(classroom, student)
        return render_to_string(
            "classroom/student_wait_panel.html",
            {
                "classroom": classroom,
                "student": student,
                "game": arrival.game,
                "seated": arrival.member is not None,
                "problem": arrival.problem,
                "oob": True,
            },
        )
