"""The threads that do the sockets' database work: a few for frames, one for resolutions.

Channels' default runs every socket's database work on one thread, so a quick ack
would wait behind a whole world's renders. Frames (moves, ratings, full states) run
on any of a few worker threads instead, each with its own connection, so the
database's waits overlap. Turns resolve on a thread of their own: a resolution (the
referee, its writes, and every seat's next turn rendered) costs many moves' worth
of work, and the worlds of a class tend to complete together; run on the threads
that take moves, a burst of them would hold every student's ack behind it. With
TURN_RESOLVER=process they resolve in resolver processes instead
(`game/consumers/resolver.py`), and this process's threads only take frames.

The interpreter runs one thread at a time, so threads alone do not put acks first:
a resolution begun while students' frames are being handled takes turns with them.
A resolution on this process's thread therefore waits, before it claims its turn,
until no frame is in flight (for at most FRAMES_FIRST_SECONDS).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import close_old_connections, connections

from game import broadcast, services

log = logging.getLogger(__name__)

# A connection that answered this recently needs no `SELECT 1` health check first.
FRESH_SECONDS = 5.0
# One resolver thread: the interpreter runs one resolution at a time anyway, and two
# that take turns each take twice as long to reach their students (measured in
# docs/performance.md); the queue keeps the worlds in the order they completed.
RESOLVER_THREADS = 1
# How long a resolution on this process waits for the frames in flight before it goes
# anyway: a class that never pauses still sees its turns resolve (docs/performance.md).
FRAMES_FIRST_SECONDS = 0.25
# How often a waiting resolution looks again.
FRAMES_FIRST_STEP_SECONDS = 0.002

_resolvers = ThreadPoolExecutor(max_workers=RESOLVER_THREADS, thread_name_prefix="spiral-resolver")
_pending: set[Future[bool]] = set()
_pending_lock = threading.Lock()


_in_flight = 0  # sockets' calls on this process's worker threads (only the loop counts)


def on_a_worker(function: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """Run database work on any of a few worker threads, each with its own connection.

    Counted in `frames_in_flight` from the call until it returns, queueing included.
    """
    run = database_sync_to_async(fresh_connection(function), thread_sensitive=False)

    async def counted(*args: Any, **kwargs: Any) -> Any:
        global _in_flight
        _in_flight += 1
        try:
            return await run(*args, **kwargs)
        finally:
            _in_flight -= 1

    return counted


def frames_in_flight() -> int:
    """Return how many calls from sockets this process's worker threads are handling now.

    Frames mostly; a connect's lookup and a socket's own render count too.
    """
    return _in_flight


def give_way_to_frames(limit: float) -> None:
    """Wait (off the interpreter) until no frame is in flight, for at most `limit` seconds."""
    deadline = time.monotonic() + limit
    while _in_flight and time.monotonic() < deadline:
        time.sleep(FRAMES_FIRST_STEP_SECONDS)


def fresh_connection(function: Callable[..., Any]) -> Callable[..., Any]:
    """Skip the health check of a connection this thread used successfully just now.

    With `conn_health_checks`, Django asks the database `SELECT 1` before the first
    query of every handler: a round trip per move on a busy socket. A connection
    that worked a moment ago is as sure to work as one just checked, so the check
    is kept only for a connection idle longer than FRESH_SECONDS (or that failed).
    """

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        now = time.monotonic()
        for connection in connections.all(initialized_only=True):
            used = getattr(connection, "spiral_used_ok_at", None) or -FRESH_SECONDS
            if connection.connection is not None and now - used < FRESH_SECONDS:
                connection.health_check_done = True
        try:
            result = function(*args, **kwargs)
        except BaseException:
            for connection in connections.all(initialized_only=True):
                connection.spiral_used_ok_at = None
            raise
        done = time.monotonic()
        for connection in connections.all(initialized_only=True):
            fine = connection.connection is not None and not connection.errors_occurred
            connection.spiral_used_ok_at = done if fine else None
        return result

    return run


@dataclass(frozen=True, slots=True)
class Completed:
    """A move completed its turn: the turn is to be resolved."""

    turn_id: int


def resolve_soon(turn_id: int) -> None:
    """Have a completed turn resolved; call it from the server's event loop.

    On a resolver thread of this process, or with TURN_RESOLVER=process in a
    resolver process (`game/consumers/resolver.py`). Whoever claims the turn first
    resolves it (`services.claim_and_resolve`), so a handed-over turn is also
    queued here after RESOLVER_PATIENCE_SECONDS: if no resolver took it by then,
    this process does. Should resolving fail, the turn stays open with every move
    in, and its deadline, the teacher's "advance now" or any move sent again
    resolves it.
    """
    loop = asyncio.get_running_loop()
    if settings.TURN_RESOLVER == "process":
        _keep(loop.create_task(_hand_over(turn_id)))
        loop.call_later(settings.RESOLVER_PATIENCE_SECONDS, _resolve_here, turn_id, loop)
    else:
        _resolve_here(turn_id, loop)


def _resolve_here(turn_id: int, loop: asyncio.AbstractEventLoop) -> None:
    future = _resolvers.submit(_resolve, turn_id, loop)
    with _pending_lock:
        _pending.add(future)
    future.add_done_callback(_resolved)


async def _hand_over(turn_id: int) -> None:
    from game.consumers.resolver import RESOLVE_CHANNEL, resolve_message

    layer = get_channel_layer()
    try:
        await layer.send(RESOLVE_CHANNEL, resolve_message(turn_id))
    except Exception:
        log.exception("could not hand turn %s to a resolver; resolving it here later", turn_id)


_handing_over: set[asyncio.Task[None]] = set()


def _keep(task: asyncio.Task[None]) -> None:
    """Hold a task until it is done: the event loop keeps only a weak reference."""
    _handing_over.add(task)
    task.add_done_callback(_handing_over.discard)


def _resolve(turn_id: int, loop: asyncio.AbstractEventLoop) -> bool:
    # Acks first: the frames in flight finish without sharing the interpreter with this.
    give_way_to_frames(FRAMES_FIRST_SECONDS)
    close_old_connections()
    try:
        with broadcast.publishing_through(loop):
            return bool(fresh_connection(services.claim_and_resolve)(turn_id))
    finally:
        close_old_connections()


def _resolved(future: Future[bool]) -> None:
    with _pending_lock:
        _pending.discard(future)
    if not future.cancelled() and future.exception() is not None:
        log.error("resolving a turn failed", exc_info=future.exception())


def wait_for_resolutions(timeout: float = 30.0) -> bool:
    """Wait until every resolution this process queued has finished; False on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        with _pending_lock:
            pending = list(_pending)
        if not pending:
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        wait(pending, timeout=left)
