"""The ceiling to compare with: bare Channels relaying frames to groups of the same size.

Clients sit in rooms of `world_size` on the echo consumer (`/ws/echo/<room>/`) of
the same server and channel layer, and each sends one small frame per "turn"
after the same think time as a bot student. Every frame should reach every
member of its room; a frame that does not is lost. The latency from send to
arrival at each member is what Spiral's own fan-out is measured against.
"""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import websockets

from game.loadtest.options import LoadOptions
from game.loadtest.run import (
    SAMPLE_SECONDS,
    Progress,
    check_servers,
    find_server_pids,
    stop_unfinished,
)
from game.loadtest.server import total_rss_mb
from game.loadtest.stats import summary


@dataclass
class EchoLog:
    """What one echo client sent and received."""

    index: int
    room: int
    connected: bool = False
    sent: int = 0
    received: set[tuple[int, int]] = field(default_factory=set)
    latency_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def run_echo(options: LoadOptions, progress: Progress | None = None) -> dict[str, Any]:
    """Drive the echo consumer with as many clients as students; return the report."""
    check_servers(options.urls)
    pids = find_server_pids(options.urls)
    rss_before = total_rss_mb(pids)
    started = time.monotonic()
    logs, rss_peak = asyncio.run(_drive(options, pids, progress))
    connected = [log for log in logs if log.connected]
    members: dict[int, int] = {}
    for log in connected:
        members[log.room] = members.get(log.room, 0) + 1
    expected = sum(log.sent * members[log.room] for log in connected)
    delivered = sum(len(log.received) for log in connected)
    latencies = [ms for log in logs for ms in log.latency_ms]
    errors = [message for log in logs for message in log.errors]
    return {
        "students": options.students,
        "connected": len(connected),
        "messages_sent": sum(log.sent for log in logs),
        "deliveries_expected": expected,
        "deliveries": delivered,
        "lost": expected - delivered,
        "errors": len(errors),
        "echo_ms": summary(latencies),
        "group_size": options.world_size,
        "rounds": options.turns,
        "think_s": list(options.think),
        "urls": list(options.urls),
        "server_rss_mb": round(rss_peak, 1),
        "server_rss_mb_before": round(rss_before, 1),
        "server_pids": pids,
        "duration_s": round(time.monotonic() - started, 2),
        "error_samples": sorted(set(errors))[:5],
    }


async def _drive(
    options: LoadOptions, pids: list[int], progress: Progress | None
) -> tuple[list[EchoLog], float]:
    tag = secrets.token_hex(3)
    gate = asyncio.Semaphore(options.connect_concurrency)
    go = asyncio.Event()
    sent_all = asyncio.Event()
    logs = [EchoLog(n, n // options.world_size) for n in range(options.students)]
    tasks = [
        asyncio.create_task(
            _client(log, options, options.urls[n % len(options.urls)], tag, gate, go, sent_all)
        )
        for n, log in enumerate(logs)
    ]
    peak = total_rss_mb(pids)
    limit = options.patience + options.students / 5 + options.turns * options.think[1] + 120
    try:
        async with asyncio.timeout(limit):
            while not all(log.connected or log.errors for log in logs):
                peak = max(peak, total_rss_mb(pids))
                if progress:
                    progress("connect", sum(log.connected for log in logs), len(logs))
                await asyncio.sleep(SAMPLE_SECONDS)
            go.set()
            while not all(log.sent == options.turns or log.errors for log in logs):
                peak = max(peak, total_rss_mb(pids))
                if progress:
                    progress("echo", sum(log.sent for log in logs), options.turns * len(logs))
                await asyncio.sleep(SAMPLE_SECONDS)
            sent_all.set()
            while not all(task.done() for task in tasks):
                peak = max(peak, total_rss_mb(pids))
                await asyncio.sleep(SAMPLE_SECONDS)
    except TimeoutError:
        stop_unfinished(
            tasks, logs, f"the run stopped after {limit:.0f} s with this client unfinished"
        )
    await asyncio.gather(*tasks, return_exceptions=True)
    return logs, max(peak, total_rss_mb(pids))


async def _client(
    log: EchoLog,
    options: LoadOptions,
    base_url: str,
    tag: str,
    gate: asyncio.Semaphore,
    go: asyncio.Event,
    sent_all: asyncio.Event,
) -> None:
    rng = random.Random(options.seed * 1_000_003 + log.index)
    url = base_url.replace("http", "ws", 1) + f"/ws/echo/lt{tag}-{log.room}/"
    room_size = min(options.world_size, options.students - log.room * options.world_size)
    socket = None
    reader = None
    try:
        async with gate:
            socket = await websockets.connect(
                url, additional_headers={"Origin": base_url}, open_timeout=options.patience,
                ping_interval=None,
            )  # fmt: skip
            log.connected = True
        reader = asyncio.create_task(_read(socket, log))
        await go.wait()
        for turn in range(1, options.turns + 1):
            await asyncio.sleep(rng.uniform(*options.think))
            frame = {"from": log.index, "turn": turn, "at": time.time(), "text": "x" * 64}
            await socket.send(json.dumps(frame))
            log.sent += 1
        await sent_all.wait()
        # Stay until every member's frames have arrived, or give up after `patience`.
        deadline = time.monotonic() + options.patience
        while len(log.received) < room_size * options.turns and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    except (OSError, TimeoutError, websockets.WebSocketException) as problem:
        log.errors.append(f"{type(problem).__name__}: {problem}"[:300])
    finally:
        if socket is not None:
            await socket.close()
        if reader is not None:
            reader.cancel()


async def _read(socket: websockets.ClientConnection, log: EchoLog) -> None:
    try:
        async for message in socket:
            now = time.time()
            frame = json.loads(message)
            log.received.add((frame["from"], frame["turn"]))
            log.latency_ms.append((now - frame["at"]) * 1000)
    except websockets.ConnectionClosed:
        pass
