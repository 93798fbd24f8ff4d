"""Tell connected browsers that something changed, once the change is committed.

Most messages are tiny notices ("world 7 moved on"); each consumer then renders
its own seat's panels, so a seat never receives another seat's private view and
a missed notice is healed by the full state sent on every (re)connect.

Two messages carry their HTML instead, because rendering it once is far cheaper
than rendering it in every socket: the 'who has moved' strip (public, the same
for the whole world) and, after a turn resolves, each seat's full state. The
world's sockets get the seats' states in one message and each sends on only its
own seat's: a browser still receives nothing but its own seat's view.

Inside a server process the messages are handed to one task on the event loop
that publishes them in order, so the thread that committed the change never
waits for the channel layer; elsewhere (the deadline runner, a shell, a test)
they are sent before the call returns. Every message costs a round trip to
Redis, so a move sends two (the world's, the dashboard's) and the dashboard's
are sent at most once a second per game and process, the last one always.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import BaseChannelLayer, get_channel_layer
from django.db import transaction

if TYPE_CHECKING:
    from game.models import Turn, World

log = logging.getLogger(__name__)

Message = tuple[str, dict[str, Any]]
# A busy class moves many times a second; the teacher's dashboard refreshes at most this often.
DASHBOARD_SECONDS = 1.0


def world_group(world_id: int) -> str:
    """Name the group of every seat socket in a world."""
    return f"world.{world_id}"


def seat_group(seat_id: int) -> str:
    """Name the group of the sockets of one seat (a team's members)."""
    return f"seat.{seat_id}"


def dashboard_group(session_id: int) -> str:
    """Name the group of the teacher's dashboard sockets for a session."""
    return f"dashboard.{session_id}"


def session_group(session_id: int) -> str:
    """Name the group of every student socket in a session (lobby and play)."""
    return f"session.{session_id}"


def send_after_commit(group: str, message: dict[str, Any]) -> None:
    """Send `message` to `group` when the current transaction commits (at once if none)."""
    _after_commit(lambda: [(group, message)])


def world_changed(
    world_id: int, session_id: int, reason: str, resolved: tuple[Turn | None, World] | None = None
) -> None:
    """Ask every seat in a world, and the dashboard, to refresh after commit.

    After a turn resolves, each seat's full state is rendered once here, instead
    of every socket rendering its own; `resolved`, the turn the resolver just
    opened and the world it just saved (with its session), saves reading them back.
    """
    # The stamp names this notice: each process renders the world's states once for it.
    notice = {"type": "world.changed", "world": world_id, "reason": reason, "stamp": _stamp()}
    dashboard = (dashboard_group(session_id), {**notice, "type": "dashboard.changed"})
    if reason == "resolved":
        _after_commit(lambda: [_seat_states(world_id, notice, resolved), dashboard])
    else:
        _after_commit(lambda: [(world_group(world_id), notice), dashboard])


def seat_changed(
    seat_id: int,
    world_id: int,
    session_id: int,
    reason: str,
    move_id: str = "",
    turn: Turn | None = None,
) -> None:
    """Show the world's 'who has moved' strip, and ask the seat's own sockets to refresh.

    One message to the world does both: the seat's sockets are all in it. `move_id`
    names the move that changed the seat, so the socket that sent it (whose ack
    already showed it) need not render the same panels again; `turn`, the open
    turn with its world, saves looking it up again.
    """
    _after_commit(
        lambda: [
            (world_group(world_id), _moved_message(world_id, seat_id, reason, move_id, turn)),
            (
                dashboard_group(session_id),
                {"type": "dashboard.changed", "world": world_id, "coalesce": session_id},
            ),
        ]
    )


def session_changed(session_id: int, reason: str) -> None:
    """Ask every socket of a session (students and teacher) to refresh after commit."""
    _after_commit(
        lambda: [
            (
                session_group(session_id),
                {"type": "session.changed", "reason": reason, "stamp": _stamp()},
            ),
            (dashboard_group(session_id), {"type": "dashboard.changed", "reason": reason}),
        ]
    )


def _stamp() -> str:
    """Return a name for one notice, unique across processes and hosts."""
    return uuid.uuid4().hex


# --- rendered pushes ----------------------------------------------------------


def _moved_message(
    world_id: int, seat_id: int, reason: str, move_id: str, turn: Turn | None
) -> dict[str, Any]:
    """Return the world's 'who has moved' notice, with the strip rendered once for all."""
    from game import panels

    message: dict[str, Any] = {
        "type": "world.moved",
        "world": world_id,
        "seat": seat_id,
        "reason": reason,
        "move_id": move_id,
    }
    try:
        message["html"], message["turn"] = panels.moved_strip_of_turn(world_id, turn)
    except Exception:
        # Without the HTML each socket renders the strip itself, as it always could.
        log.exception("rendering world %s's moved strip failed", world_id)
    return message


def _seat_states(
    world_id: int, notice: dict[str, Any], resolved: tuple[Turn | None, World] | None = None
) -> Message:
    """Return every seated seat's full state, in one message to the world's sockets."""
    from game import panels

    try:
        turn, rendered = panels.world_full_states(world_id, resolved)
    except Exception:
        log.exception("rendering world %s's seats failed; each socket renders its own", world_id)
        return (world_group(world_id), notice)
    return (
        world_group(world_id),
        {
            "type": "world.states",
            "world": world_id,
            "turn": turn,
            # Keys are text: the channel layer's encoding allows no others.
            "states": {str(seat_id): html for seat_id, html in rendered if html is not None},
            "refresh": [seat_id for seat_id, html in rendered if html is None],
        },
    )


# --- delivery -------------------------------------------------------------------


def _after_commit(build: Callable[[], list[Message]]) -> None:
    """Build the messages once the transaction commits, then publish them in order."""
    transaction.on_commit(lambda: _publish(build()))


def _publish(messages: list[Message]) -> None:
    layer = get_channel_layer()
    if layer is None or not messages:
        return
    loop = _server_loop()
    if loop is not None:
        _publisher(loop, layer).push(messages)
    else:
        async_to_sync(_send_all)(layer, messages)


async def _send_all(layer: BaseChannelLayer, messages: list[Message]) -> None:
    for group, message in messages:
        await layer.group_send(group, message)


_serving = threading.local()


@contextlib.contextmanager
def publishing_through(loop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """Publish this thread's messages through a server's event loop for the block.

    For a thread of the server's own (not one of Channels' workers, which are known).
    """
    _serving.loop = loop
    try:
        yield
    finally:
        del _serving.loop


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """Return the event loop of the server this thread works for, if any and running."""
    loop = getattr(_serving, "loop", None) or getattr(
        SyncToAsync.threadlocal, "main_event_loop", None
    )
    if loop is None or loop.is_closed() or not loop.is_running():
        return None
    return loop


class _Publisher:
    """One task on an event loop that publishes queued group messages in order.

    A message carrying a "coalesce" key (the dashboard's notices) goes out at most
    once every DASHBOARD_SECONDS per key; one that comes sooner is held back and
    sent when that time is up, together with any that arrive meanwhile as one.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, layer: BaseChannelLayer) -> None:
        self.loop = loop
        self.layer = layer
        self.queue: asyncio.Queue[Message] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None
        self.sent_at: dict[Any, float] = {}
        self.held: set[Any] = set()

    def push(self, messages: list[Message]) -> None:
        """Queue messages from any thread; they leave in the order queued."""
        self.loop.call_soon_threadsafe(self._enqueue, messages)

    def _enqueue(self, messages: list[Message]) -> None:
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._run())
        now = self.loop.time()
        for group, message in messages:
            key = message.get("coalesce")
            if key is None:
                self.queue.put_nowait((group, message))
                continue
            if key in self.held:
                continue
            wait = self.sent_at.get(key, -DASHBOARD_SECONDS) + DASHBOARD_SECONDS - now
            if wait <= 0:
                self.sent_at[key] = now
                self.queue.put_nowait((group, message))
            else:
                self.held.add(key)
                self.loop.call_later(wait, self._release, key, group, message)

    def _release(self, key: Any, group: str, message: dict[str, Any]) -> None:
        self.held.discard(key)
        self.sent_at[key] = self.loop.time()
        self.queue.put_nowait((group, message))

    async def _run(self) -> None:
        while True:
            group, message = await self.queue.get()
            try:
                await self.layer.group_send(group, message)
            except Exception:
                log.exception("sending %s to %s failed", message.get("type"), group)


_publishers: dict[tuple[int, int], _Publisher] = {}
_publishers_lock = threading.Lock()


def _publisher(loop: asyncio.AbstractEventLoop, layer: BaseChannelLayer) -> _Publisher:
    key = (id(loop), id(layer))
    with _publishers_lock:
        found = _publishers.get(key)
        if found is None or found.loop is not loop or found.layer is not layer:
            for stale in [k for k, p in _publishers.items() if p.loop.is_closed()]:
                del _publishers[stale]
            found = _publishers[key] = _Publisher(loop, layer)
        return found
