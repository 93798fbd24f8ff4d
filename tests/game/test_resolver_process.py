"""Resolver processes: turns handed over by the servers resolve once, and never get stuck.

With TURN_RESOLVER=process a server sends each completed turn to the `spiral-resolve`
channel, where Channels' worker (`manage.py runworker spiral-resolve`, started by
`serve --resolvers N`) resolves it. The in-process tests run Channels' own worker on
the suite's channel layer; the last ones start real processes on Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import ApplicationCommunicator
from channels.worker import Worker
from django.core.management import CommandError, call_command
from django.test import override_settings

from config.asgi import application
from game import services
from game.consumers.resolver import RESOLVE_CHANNEL, TurnResolverConsumer, resolve_message
from game.models import Turn, TurnStatus
from tests.factories import game_with_seats
from tests.game.test_loadtest import CLASS, assert_played_in_full, loadtest
from tests.game.test_play_socket import browser_session_for, connect, received_until
from tests.support.server import spiral_server
from tests.support.services import redis_url

pytestmark = pytest.mark.django_db(transaction=True)
DEFENSIVE = {"action": "arm", "posture": "defensive", "size": 1}
MOVE = {"frame": "move", "turn": "1", "action": "arm", "posture": "defensive", "size": "1"}


@database_sync_to_async
def turn_with_every_move_in() -> int:
    """Start a game of two students and four bots; both students move, nobody resolves."""
    session, world, seats, students = game_with_seats(2)
    services.start_game(session)
    world.refresh_from_db()
    for n, (seat, student) in enumerate(zip(seats, students, strict=False)):
        seat.world = world
        services.submit_move(seat, student, 1, DEFENSIVE, f"m{n}", resolve=False)
    return world.turns.get(number=1).pk


@database_sync_to_async
def statuses(world_of_turn: int) -> list[tuple[int, str]]:
    world_id = Turn.objects.get(pk=world_of_turn).world_id
    return sorted(Turn.objects.filter(world_id=world_id).values_list("number", "status"))


async def until_resolved(turn_id: int, seconds: float = 10) -> None:
    async with asyncio.timeout(seconds):
        while (await statuses(turn_id))[0] != (1, TurnStatus.RESOLVED):
            await asyncio.sleep(0.05)


def resolver() -> ApplicationCommunicator:
    scope = {"type": "channel", "channel": RESOLVE_CHANNEL}
    return ApplicationCommunicator(TurnResolverConsumer.as_asgi(), scope)


async def test_a_resolver_resolves_a_handed_over_turn_once_however_often_it_is_asked() -> None:
    turn_id = await turn_with_every_move_in()
    consumer = resolver()
    for _ in range(3):
        await consumer.send_input(resolve_message(turn_id))
    await until_resolved(turn_id)
    await asyncio.sleep(0.2)  # the repeats: each finds the turn already claimed
    assert await statuses(turn_id) == [(1, TurnStatus.RESOLVED), (2, TurnStatus.OPEN)]
    consumer.stop()  # raises what the consumer raised, had it crashed


@pytest.mark.parametrize("bad", [None, "7", -1, 0, 2.5, [1]])
async def test_a_resolve_message_without_a_turn_changes_nothing_and_the_resolver_goes_on(
    bad: object,
) -> None:
    turn_id = await turn_with_every_move_in()
    consumer = resolver()
    await consumer.send_input({"type": "resolve.turn", "turn": bad})
    await asyncio.sleep(0.2)
    assert await statuses(turn_id) == [(1, TurnStatus.OPEN)]
    await consumer.send_input(resolve_message(turn_id))
    await until_resolved(turn_id)
    consumer.stop()  # raises what the consumer raised, had it crashed


@contextlib.asynccontextmanager
async def channels_worker() -> AsyncIterator[None]:
    """Run Channels' worker on the resolve channel, as `manage.py runworker` does."""
    worker = Worker(application, [RESOLVE_CHANNEL], get_channel_layer())
    task = asyncio.ensure_future(worker.handle())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def two_students() -> tuple[object, object]:
    @database_sync_to_async
    def started() -> tuple[int, list[str]]:
        session, _world, _seats, students = game_with_seats(2)
        services.start_game(session)
        return session.pk, [browser_session_for(s) for s in students]

    session_id, cookies = await started()
    alice, bob = await connect(session_id, cookies[0]), await connect(session_id, cookies[1])
    for socket in (alice, bob):
        await socket.connect()
        await socket.receive_from(timeout=5)
    return alice, bob


@override_settings(TURN_RESOLVER="process", RESOLVER_PATIENCE_SECONDS=60)
async def test_students_see_the_turn_a_resolver_process_resolved() -> None:
    async with channels_worker():
        alice, bob = await two_students()
        await alice.send_to(text_data=json.dumps({**MOVE, "move_id": "a1"}))
        await bob.send_to(text_data=json.dumps({**MOVE, "move_id": "b1"}))
        for socket in (alice, bob):
            assert "What happened in turn 1" in await received_until(socket, "Turn 2 of")
            await socket.disconnect()


@override_settings(TURN_RESOLVER="process", RESOLVER_PATIENCE_SECONDS=1)
async def test_with_no_resolver_running_the_server_resolves_the_turn_itself() -> None:
    alice, bob = await two_students()
    await alice.send_to(text_data=json.dumps({**MOVE, "move_id": "a1"}))
    await bob.send_to(text_data=json.dumps({**MOVE, "move_id": "b1"}))
    loop = asyncio.get_running_loop()
    started = loop.time()
    for socket in (alice, bob):
        assert "What happened in turn 1" in await received_until(socket, "Turn 2 of", frames=20)
        await socket.disconnect()
    assert loop.time() - started >= 0.9  # it waited for a resolver first


# --- real processes, on Redis ----------------------------------------------------


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_a_class_on_two_servers_with_two_resolver_processes_loses_nothing() -> None:
    # Patience far beyond the run: every turn is the resolver processes' to resolve. Both
    # hear every turn through the pub/sub layer; each turn is resolved once all the same.
    env = {"REDIS_URL": redis_url(), "RESOLVER_PATIENCE_SECONDS": "600"}
    with (
        spiral_server(env, args=("--resolvers", "2")) as first,
        spiral_server({**env, "TURN_RESOLVER": "process"}) as second,
    ):
        report = loadtest("--url", first, "--url", second, *CLASS)
        # Both servers, and the resolver processes the first started, count as the server.
        commands = [command_line(pid) for pid in report["server_pids"]]
    assert_played_in_full(report, students=60, turns=2)
    assert sum("runworker spiral-resolve" in c for c in commands) == 2
    assert sum(" serve " in c for c in commands) == 2


# --- starting them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("two", "--resolvers takes a whole number, not 'two'"),
        ("-1", "--resolvers must be between 0 and 16"),
        ("17", "--resolvers must be between 0 and 16"),
    ],
)
def test_serve_refuses_a_bad_resolver_count_with_exit_status_2(value: str, message: str) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        call_command("serve", "--resolvers", value)
    assert refused.value.returncode == 2


@override_settings(REDIS_URL="")
def test_serve_refuses_resolver_processes_without_redis() -> None:
    with pytest.raises(CommandError, match="--resolvers above 0 needs REDIS_URL") as refused:
        call_command("serve", "--resolvers", "1")
    assert refused.value.returncode == 2
