"""The play page's websocket: one student's seat, live.

Thin by design: it finds the seat the browser's session is bound to, turns
frames into service calls, and sends back HTML panels replaced by id. Every
(re)connect sends the seat's full state, because pushes missed while the socket
was down are never replayed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from classroom.models import Student
from game import broadcast, panels, services
from game.protocol import BadFrame, Frame, RateLimit, parse_frame

FORBIDDEN = 4403


def on_a_worker(function: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """Run database work on any of a few worker threads, each with its own connection.

    Channels' default, one thread for all the process's sockets, makes a quick ack
    wait behind a whole world's renders; several let the database's waits overlap.
    """
    return database_sync_to_async(function, thread_sensitive=False)


class PlayConsumer(AsyncWebsocketConsumer):
    """A seated student's socket: moves and ratings in, their own panels out."""

    seat_id: int
    world_id: int
    session_id: int
    student_id: int
    joined: list[str]
    # The move this socket sent last: its ack already showed what the seat's notice would.
    acked_move_id: str = ""
    student: Student | None = None
    # The newest turn whose full state was pushed here: an older 'who has moved'
    # strip (from another server process, overtaken in flight) is not shown.
    turn_shown: int = 0

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Run the handler for one message, without a detour through the database thread.

        Channels first closes stale database connections on the one thread that
        runs database code, for every message. Here every handler that touches
        the database does so through `database_sync_to_async`, which does that
        itself, so the detour would only queue each push behind database work.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        """Accept only a browser whose session holds a student seated in this game."""
        session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        found = await on_a_worker(panels.seat_for_scope)(self.scope, session_id)
        if found is None:
            await self.close(code=FORBIDDEN)
            return
        self.session_id = session_id
        self.seat_id, self.world_id, self.student_id = found
        self.rate = RateLimit()
        self.joined = [
            broadcast.world_group(self.world_id),
            broadcast.seat_group(self.seat_id),
            broadcast.session_group(self.session_id),
        ]
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_full_state()

    async def disconnect(self, code: int) -> None:
        """Leave every group this socket joined."""
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Handle one frame; anything wrong gets an error panel and changes nothing."""
        if not self.rate.allow():
            await self.send(
                text_data=panels.error_fragment("Too many messages: slow down a little.")
            )
            return
        try:
            frame = parse_frame(text_data)
        except BadFrame as problem:
            await self.send(text_data=panels.error_fragment(str(problem)))
            return
        reply = await on_a_worker(self.handle_frame)(frame)
        if reply:
            await self.send(text_data=reply)

    def handle_frame(self, frame: Frame) -> str:
        """Apply a frame through the services and return the panels to send back.

        A move's ack is sent from here as soon as the move is saved, before the
        turn it may complete is resolved: resolving, and rendering every seat's
        next turn, must not keep the last student to move waiting for their ack.
        """
        try:
            if frame.kind == "move":
                move = services.submit_move(
                    panels.seat(self.seat_id),
                    self.the_student(),
                    frame.turn or 0,
                    frame.move,
                    frame.move_id,
                    resolve=False,
                )
                ack = panels.move_ack(self.seat_id, self.student_id, move)
                self.acked_move_id = frame.move_id
                async_to_sync(self.send)(text_data=ack)
                services.complete_turn(move.turn)
                return ""
            if frame.kind == "rating":
                services.record_rating(
                    panels.seat(self.seat_id),
                    self.the_student(),
                    frame.turn or 0,
                    frame.target,
                    frame.friendliness,
                    frame.confidence,
                )
                return panels.rating_ack(frame.target)
            if frame.kind == "take_back":
                services.take_back_seat(panels.seat(self.seat_id), self.the_student())
                return panels.full_state(self.seat_id, self.student_id)
            if frame.kind == "ping":
                return panels.pong()
            return panels.full_state(self.seat_id, self.student_id)
        except services.GameError as refusal:
            return panels.error_fragment(str(refusal))

    def the_student(self) -> Student:
        """Return this socket's student, loaded once (a student's identity never changes)."""
        if self.student is None:
            self.student = panels.student(self.student_id)
        return self.student

    async def send_full_state(self) -> None:
        """Send every panel of this seat."""
        html = await on_a_worker(panels.full_state)(self.seat_id, self.student_id)
        await self.send(text_data=html)

    async def world_changed(self, event: dict[str, Any]) -> None:
        """A turn resolved, started or an event was played: refresh everything."""
        await self.send_full_state()

    async def session_changed(self, event: dict[str, Any]) -> None:
        """The teacher paused, resumed, extended or ended the game: refresh everything."""
        await self.send_full_state()

    async def seat_changed(self, event: dict[str, Any]) -> None:
        """A teammate picked, or the seat was taken back: refresh the seat's panels.

        The action forms are left alone unless the seat changed hands, so a
        teammate's pick never wipes a half-filled form; the socket whose own move
        it was has already had these panels with its ack.
        """
        if event.get("reason") == "moved":
            if event.get("move_id") and event["move_id"] == self.acked_move_id:
                return
            html = await on_a_worker(panels.team_update)(self.seat_id, self.student_id)
            await self.send(text_data=html)
        else:
            await self.send_full_state()

    async def world_states(self, event: dict[str, Any]) -> None:
        """A turn resolved: send this seat's full state, rendered once for the seat.

        The message holds every seat's state of the world; only this seat's is sent.
        """
        html = event["states"].get(str(self.seat_id))
        if html is not None:
            self.turn_shown = max(self.turn_shown, int(event.get("turn") or 0))
            await self.send(text_data=html)
        elif self.seat_id in event.get("refresh", ()):
            await self.send_full_state()

    async def world_moved(self, event: dict[str, Any]) -> None:
        """Someone in the world locked in a move: refresh who has moved (never what).

        When it was this seat (a teammate, or this student in another tab), its
        own panels are refreshed too; the socket that sent the move has had both
        with its ack.
        """
        own = event.get("seat") == self.seat_id
        if own and event.get("move_id") and event["move_id"] == self.acked_move_id:
            return
        if int(event.get("turn") or 0) >= self.turn_shown:
            html = event.get("html")
            if html is None:
                html = await on_a_worker(panels.moved_strip)(self.world_id)
            await self.send(text_data=html)
        if own:
            await self.seat_changed(event)
