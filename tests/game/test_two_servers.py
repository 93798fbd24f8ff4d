"""Two real server processes on one database and one Redis: every turn resolves once.

Students are split across the two processes, as behind a load balancer; each
process also runs its own deadline runner, so two runners race for every deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import timedelta

import pytest
import websockets
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone

from classroom.access import STUDENTS_KEY
from classroom.models import Student
from game import services
from game.models import Turn, TurnStatus
from tests.factories import game_with_seats
from tests.support.server import spiral_server
from tests.support.services import redis_url

pytestmark = pytest.mark.django_db(transaction=True)


def cookie_for(student: Student) -> str:
    store = SessionStore()
    store[STUDENTS_KEY] = {str(student.classroom_id): student.pk}
    store.create()
    return f"sessionid={store.session_key}"


async def wait_for(socket: websockets.ClientConnection, text: str, seconds: float = 15) -> str:
    seen = ""
    async with asyncio.timeout(seconds):
        while text not in seen:
            seen += str(await socket.recv())
    return seen


async def play(urls: list[str], session_id: int, cookies: list[str]) -> None:
    async with contextlib.AsyncExitStack() as stack:
        sockets = []
        for n, cookie in enumerate(cookies):
            base = urls[n % 2]
            socket = await stack.enter_async_context(
                websockets.connect(
                    base.replace("http", "ws") + f"/ws/play/{session_id}/",
                    additional_headers={"Cookie": cookie, "Origin": base},
                )
            )
            await wait_for(socket, "Turn 1 of")
            sockets.append(socket)
        # Turn 1: everyone moves; the last move resolves it, in whichever process got it.
        for n, socket in enumerate(sockets):
            frame = {"frame": "move", "turn": "1", "move_id": f"t1-{n}", "action": "arm",
                     "posture": "defensive", "size": "1"}  # fmt: skip
            await socket.send(json.dumps(frame))
        await asyncio.gather(*(wait_for(s, "Turn 2 of") for s in sockets))
        # Turn 2: nobody moves; both processes' deadline runners race for it.
        await asyncio.to_thread(expire_open_turns)
        await asyncio.gather(*(wait_for(s, "Turn 3 of") for s in sockets))


def expire_open_turns() -> None:
    try:
        Turn.objects.filter(status=TurnStatus.OPEN).update(
            deadline=timezone.now() - timedelta(seconds=1)
        )
    finally:
        connection.close()  # this runs in a worker thread: leave no connection behind


def test_students_on_two_servers_see_every_turn_resolve_exactly_once() -> None:
    redis = redis_url()
    session, world, _, students = game_with_seats(4, turn_seconds=600, turns=5)
    services.start_game(session)
    cookies = [cookie_for(s) for s in students]
    env = {"REDIS_URL": redis}
    with spiral_server(env) as first, spiral_server(env) as second:
        asyncio.run(play([first, second], session.pk, cookies))
    numbers = list(world.turns.order_by("number").values_list("number", "status"))
    assert numbers == [(1, "resolved"), (2, "resolved"), (3, "open")]
    records = world.turns.filter(record__isnull=False).values_list("record", flat=True)
    assert sorted(r["turn"] for r in records) == [1, 2]
