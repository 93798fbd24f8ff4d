"""Benchmark the floor of a turn update: one world's resolution with nothing else running.

The load benchmark's last target puts a turn update (from the turn's resolution to each
seat receiving its next turn) within twice the bare Channels group echo. This times, on an
idle machine, on PostgreSQL and the Redis pub/sub channel layer as the server uses them,
the steps a turn update cannot skip: resolving the turn (claiming it, reading the moves,
the referee, writing the record and the next turn, the commit), rendering each seat's
next turn, and publishing the world's states to its group until all six seats' channels
have them. Beside it, in the same group, the round trip of an echo-sized message. No
websockets: both would pay the same last hop. Writes bench/results/turn_floor.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from load import SERVER_ENV, drop_database, ensure_services, fresh_database, machine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "turn_floor.json"
WORLDS = 5
TURNS = 12
WORLD_SIZE = 6
# What the echo consumer sends a group: a short JSON text.
ECHO_MESSAGE = {"type": "echo.message", "text": json.dumps({"n": 1, "sent": 0.0, "pad": "x" * 40})}


def main() -> int:
    """Play the worlds turn by turn, timing each step; write the results."""
    env = {**os.environ, **SERVER_ENV}
    ensure_services()
    fresh_database(env)
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        turns = resolve_turns()
        deliveries = asyncio.run(deliver([turn.pop("message") for turn in turns]))
    finally:
        from django.db import connections

        connections.close_all()
        drop_database()
    write(turns, deliveries)
    return 0


def resolve_turns() -> list[dict[str, Any]]:
    """Play every world's turns; return each resolution's timings and its pushed message."""
    from game import broadcast, panels, services
    from game.loadtest.options import LoadOptions, pick_scenario
    from game.loadtest.school import create_school, remove_school, start_school
    from game.loadtest.student import browser_move
    from game.models import Seat, Turn, TurnStatus
    from game.protocol import parse_frame

    rendering: list[float] = []
    published: list[list[Any]] = []
    render = panels.world_full_states

    def timed_render(*args: Any) -> Any:
        started = time.perf_counter()
        try:
            return render(*args)
        finally:
            rendering.append(time.perf_counter() - started)

    # The resolution's messages are kept for the delivery step, not sent to nobody here.
    panels.world_full_states = timed_render  # type: ignore[assignment]
    broadcast._publish = published.append  # type: ignore[assignment]
    options = LoadOptions(
        urls=("http://127.0.0.1",),
        students=WORLDS * WORLD_SIZE,
        world_size=WORLD_SIZE,
        # One turn more than is played: the game's last turn opens no next one to push.
        turns=TURNS + 1,
        think=(2.0, 8.0),
        scenario=pick_scenario(WORLD_SIZE),
    )
    school = create_school(options)
    start_school(school)
    rng = random.Random(1)
    results: list[dict[str, Any]] = []
    try:
        for number in range(1, TURNS + 1):
            for world_id in school.world_ids:
                turn = Turn.objects.filter(
                    world_id=world_id, number=number, status=TurnStatus.OPEN
                ).first()
                if turn is None:
                    continue  # a war ended this world early
                for bot in (b for b in school.seats if b.world_id == world_id):
                    seat = Seat.objects.select_related("world__session").get(pk=bot.seat_id)
                    _, frame = browser_move(bot, number, "http://127.0.0.1/", rng)
                    move = parse_frame(json.dumps(frame))
                    services.submit_move(
                        seat, seat.members.get().student, number, move.move, move.move_id,
                        resolve=False,
                    )  # fmt: skip
                rendering.clear()
                published.clear()
                started, cpu = time.perf_counter(), time.process_time()
                assert services.claim_and_resolve(turn.pk)
                total, cpu = time.perf_counter() - started, time.process_time() - cpu
                states = [m for batch in published for m in batch if m[1]["type"] == "world.states"]
                if not states:
                    continue  # the world finished: its seats are told so, with no next turn
                results.append(
                    {
                        "world": world_id,
                        "turn": number,
                        "resolve_ms": (total - sum(rendering)) * 1000,
                        "render_ms": sum(rendering) * 1000,
                        "cpu_ms": cpu * 1000,
                        "message": states[0],
                        "bytes": sum(len(h) for h in states[0][1]["states"].values()),
                    }
                )
    finally:
        remove_school(school)
    return results


async def deliver(messages: list[tuple[str, dict[str, Any]]]) -> dict[str, list[float]]:
    """Publish each world's states to its group of six channels, and an echo; time both."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    assert layer is not None
    timings: dict[str, list[float]] = {"deliver_ms": [], "echo_ms": []}
    # The layer's reader starts with its first subscription, polling every 0.1 s until then.
    warm = await layer.new_channel()
    await layer.send(warm, ECHO_MESSAGE)
    await layer.receive(warm)
    for group, message in messages:
        channels = [await layer.new_channel() for _ in range(WORLD_SIZE)]
        for channel in channels:
            await layer.group_add(group, channel)
        for key, sent in (("deliver_ms", message), ("echo_ms", ECHO_MESSAGE)):
            started = time.perf_counter()
            await layer.group_send(group, sent)
            await asyncio.gather(*(layer.receive(channel) for channel in channels))
            timings[key].append((time.perf_counter() - started) * 1000)
        for channel in channels:
            await layer.group_discard(group, channel)
    await layer.flush()
    return timings


def summary(samples: list[float]) -> dict[str, float]:
    """Return p50, p95, p99 and max of a list of milliseconds."""
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(cut[94], 2),
        "p99": round(cut[98], 2),
        "max": round(ordered[-1], 2),
    }


def write(turns: list[dict[str, Any]], deliveries: dict[str, list[float]]) -> None:
    """Write the summaries, the floor (the three steps added up) and its ratio to the echo."""
    floor = [
        t["resolve_ms"] + t["render_ms"] + d
        for t, d in zip(turns, deliveries["deliver_ms"], strict=True)
    ]
    echo = summary(deliveries["echo_ms"])
    result = {
        "what": __doc__.split("\n\n")[0] if __doc__ else "",
        "world_size": WORLD_SIZE,
        "worlds": WORLDS,
        "turns": TURNS,
        "resolutions": len(turns),
        "resolve_ms": summary([t["resolve_ms"] for t in turns]),
        "render_ms": summary([t["render_ms"] for t in turns]),
        "resolve_and_render_cpu_ms": summary([t["cpu_ms"] for t in turns]),
        "deliver_ms": summary(deliveries["deliver_ms"]),
        "states_bytes": summary([float(t["bytes"]) for t in turns]),
        "floor_ms": summary(floor),
        "echo_ms": echo,
        "floor_p50_vs_echo_p99": round(statistics.median(floor) / echo["p99"], 1),
        "machine": machine(),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    for key in ("resolve_ms", "render_ms", "deliver_ms", "floor_ms", "echo_ms"):
        print(f"{key:>10}: " + ", ".join(f"{k} {v}" for k, v in result[key].items()))
    print(f"floor p50 / echo p99: {result['floor_p50_vs_echo_p99']}x")


if __name__ == "__main__":
    sys.exit(main())
