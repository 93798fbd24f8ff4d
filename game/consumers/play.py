"""The play page's websocket: one student's seat, live.

Thin by design: it finds the seat the browser's session is bound to, turns
frames into service calls, and sends back HTML panels replaced by id. Every
(re)connect sends the seat's full state, because pushes missed while the socket
was down are never replayed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer

from classroom.models import Student
from game import broadcast, panels, services
from game.protocol import BadFrame, Frame, RateLimit, parse_frame
from game.workers import Completed, on_a_worker, resolve_soon

FORBIDDEN = 4403
log = logging.getLogger(__name__)
# How long a world's states rendered for one notice stay shared with its late sockets.
SHARED_SECONDS = 10.0
_shared: dict[tuple[int, str], tuple[float, asyncio.Task[dict[int, str | None]]]] = {}


async def shared_world_states(world_id: int, stamp: str) -> tuple[float, dict[int, str | None]]:
    """Return when a world's states were begun, and {seat id: full state or None}.

    `stamp` names one notice: the first socket to ask renders (on a worker, in a
    task of its own, so a socket that leaves meanwhile cannot strand the others)
    and every socket of the world in this process awaits the same result.
    """
    key = (world_id, stamp)
    found = _shared.get(key)
    if found is None:
        loop = asyncio.get_running_loop()
        found = _shared[key] = (loop.time(), asyncio.ensure_future(_world_states(world_id)))
        loop.call_later(SHARED_SECONDS, _shared.pop, key, None)
    begun, task = found
    return begun, await asyncio.shield(task)


async def _world_states(world_id: int) -> dict[int, str | None]:
    _turn, rendered = await on_a_worker(panels.world_full_states)(world_id)
    return dict(rendered)


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
    # When (event loop time) this socket's last frame was handled: a world's states
    # rendered for everyone before then may not show what the frame changed.
    acted_at: float = 0.0

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
        try:
            await self.handle_text(text_data)
        finally:
            # Once what the frame changed is committed: renders begun later include it.
            self.acted_at = asyncio.get_running_loop().time()

    async def handle_text(self, text_data: str | None) -> None:
        """Parse one frame, apply it on a worker and send the reply."""
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
        if isinstance(reply, Completed):
            resolve_soon(reply.turn_id)
        elif reply:
            await self.send(text_data=reply)

    def handle_frame(self, frame: Frame) -> str | Completed:
        """Apply a frame through the services and return the panels to send back.

        A move's ack is sent from here as soon as the move is saved. A move that
        completes its turn returns `Completed`: the turn is resolved on a resolver
        thread, so that neither this student's ack nor anyone else's move waits
        behind the referee and every seat's next turn being rendered.
        """
        try:
            if frame.kind == "move":
                seat, student = panels.seat(self.seat_id), self.the_student()
                move = services.submit_move(
                    seat, student, frame.turn or 0, frame.move, frame.move_id, resolve=False
                )
                ack = panels.move_ack(
                    self.seat_id, self.student_id, move, seat=seat, student=student
                )
                self.acked_move_id = frame.move_id
                async_to_sync(self.send)(text_data=ack)
                since = getattr(move, "saved_clock", None)
                if services.everyone_moved_since(move.turn, since):
                    return Completed(move.turn.pk)
                return ""
            if frame.kind == "rating":
                seat = panels.seat(self.seat_id)
                services.record_rating(
                    seat,
                    self.the_student(),
                    frame.turn or 0,
                    frame.target,
                    frame.friendliness,
                    frame.confidence,
                )
                names = panels.state_names(seat.world.session.scenario_key)
                return panels.rating_ack(frame.target, names)
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
        await self.send_shared_full_state(event.get("stamp"))

    async def session_changed(self, event: dict[str, Any]) -> None:
        """The teacher paused, resumed, extended or ended the game: refresh everything."""
        await self.send_shared_full_state(event.get("stamp"))

    async def send_shared_full_state(self, stamp: str | None) -> None:
        """Send this seat's full state after a notice to the whole world or class.

        Every socket of the world gets the same notice at once; the world's states are
        rendered once per process for all of them (`shared_world_states`) and each sends
        on only its own seat's. For a seat whose members may see different panels, or
        after any failure, the socket renders its own, as it always could.
        """
        html = None
        if stamp:
            try:
                begun, states = await shared_world_states(self.world_id, stamp)
            except Exception:
                log.exception("rendering world %s's states failed", self.world_id)
            else:
                # Not if this student acted since: the shared render may predate it.
                if self.acted_at < begun:
                    html = states.get(self.seat_id)
        if html is None:
            await self.send_full_state()
        else:
            await self.send(text_data=html)

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
