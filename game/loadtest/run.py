"""Run a load test end to end: set the school up, play it, count, clean up.

The database work (set-up, the referee's records, clean-up) runs before and
after the bots' event loop, never inside it, so the bots measure only the server.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.db.models import Max

from game.loadtest.options import LoadOptions, url_port
from game.loadtest.school import School, create_school, remove_school, start_school
from game.loadtest.server import (
    command_of,
    cpu_seconds,
    rss_mb,
    server_pids,
    total_rss_mb,
    with_children,
)
from game.loadtest.stats import summary
from game.loadtest.student import StudentLog, play_student
from game.models import Move, Turn, TurnStatus

# (phase, done, total): what the progress bar shows.
Progress = Callable[[str, int, int], None]
SAMPLE_SECONDS = 0.5


class LoadError(Exception):
    """The run could not go ahead (no server, or the server refuses every student)."""


def stop_unfinished(tasks: list[asyncio.Task[Any]], logs: list[Any], error: str) -> None:
    """Cancel the clients still running when a run's time is up, each logging `error`."""
    for task, log in zip(tasks, logs, strict=True):
        if not task.done():
            task.cancel()
            log.errors.append(error)


def check_servers(urls: tuple[str, ...]) -> None:
    """Raise LoadError unless every server answers /healthz with 200."""
    for url in urls:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=10) as response:
                if response.status == 200:
                    continue
        except OSError as problem:
            raise LoadError(f"no healthy Spiral server at {url} ({problem})") from None
        raise LoadError(f"the server at {url} is not healthy (/healthz said {response.status})")


def find_server_pids(urls: tuple[str, ...]) -> list[int]:
    """Return the processes serving `urls` and those they started (empty if not on this machine)."""
    return with_children(sorted({pid for url in urls for pid in server_pids(url_port(url))}))


def run_load(options: LoadOptions, progress: Progress | None = None) -> dict[str, Any]:
    """Play a whole load run against the servers at `options.urls` and return the report."""
    check_servers(options.urls)
    pids = find_server_pids(options.urls)
    rss_before = total_rss_mb(pids)
    school = create_school(options)
    try:
        start_school(school)
        started, client_cpu = time.monotonic(), time.process_time()
        logs, timings = asyncio.run(_drive(options, school, pids, progress))
        duration, client_cpu = time.monotonic() - started, time.process_time() - client_cpu
        cpu_used = cpu_seconds(pids) - timings["cpu_at_start"]
        if logs and all(log.refused for log in logs):
            raise LoadError(
                "the server refused every student: run this command with the server's "
                "DATABASE_URL and SECRET_KEY"
            )
        report = account(options, school, logs)
    finally:
        remove_school(school)
    moves = report["moves_acked"]
    report.update(
        server_rss_mb=round(timings["rss_peak"], 1),
        server_rss_mb_before=round(rss_before, 1),
        # Which process held what when they held the most together.
        server_rss_mb_by_process=[
            {"pid": pid, "command": command_of(pid), "rss_mb": round(rss, 1)}
            for pid, rss in timings.get("rss_at_peak", {}).items()
        ],
        server_pids=pids,
        # Server CPU while the students played (after all had connected), per move played.
        server_cpu_s=round(cpu_used, 2),
        server_cpu_ms_per_move=round(1000 * cpu_used / moves, 2) if moves else None,
        # The bots share the machine with the server: what they used, connecting included.
        client_cpu_s=round(client_cpu, 2),
        connect_s=round(timings["connect_s"], 2),
        duration_s=round(duration, 2),
    )
    return report


async def _drive(
    options: LoadOptions, school: School, pids: list[int], progress: Progress | None
) -> tuple[list[StudentLog], dict[str, Any]]:
    gate = asyncio.Semaphore(options.connect_concurrency)
    go = asyncio.Event()
    logs = [StudentLog(seat) for seat in school.seats]
    tasks = [
        asyncio.create_task(
            play_student(
                seat,
                options.urls[n % len(options.urls)],
                school.session_id,
                options.turns,
                options.think,
                options.patience,
                gate,
                go,
                log,
                options.seed,
            )
        )
        for n, (seat, log) in enumerate(zip(school.seats, logs, strict=True))
    ]
    timings: dict[str, Any] = {"rss_peak": 0.0, "connect_s": 0.0, "cpu_at_start": 0.0}
    started = time.monotonic()
    limit = _time_limit(options)

    def sample() -> None:
        each = {pid: rss_mb(pid) for pid in pids}
        total = sum(each.values())
        if total >= timings["rss_peak"]:
            timings["rss_peak"], timings["rss_at_peak"] = total, each

    sample()

    try:
        async with asyncio.timeout(limit):
            # Every student connects first (as a class sits down), then all start thinking.
            while not all(log.connected or log.errors for log in logs):
                sample()
                _report(progress, "connect", sum(log.connected for log in logs), len(logs))
                await asyncio.sleep(SAMPLE_SECONDS)
            timings["connect_s"] = time.monotonic() - started
            timings["cpu_at_start"] = cpu_seconds(pids)
            go.set()
            while not all(task.done() for task in tasks):
                sample()
                done = sum(len(log.turn_seen) for log in logs)
                _report(progress, "play", done, options.turns * len(logs))
                await asyncio.sleep(SAMPLE_SECONDS)
    except TimeoutError:
        stop_unfinished(
            tasks, logs, f"the run stopped after {limit:.0f} s with this student unfinished"
        )
    await asyncio.gather(*tasks, return_exceptions=True)
    sample()
    _report(progress, "done", len(logs), len(logs))
    return logs, timings


def _time_limit(options: LoadOptions) -> float:
    """Return how long a whole run may take before it stops by itself."""
    connecting = options.patience + options.students / 5
    playing = options.turns * (options.think[1] + 2 * options.patience)
    return connecting + playing + 60


def _report(progress: Progress | None, phase: str, done: int, total: int) -> None:
    if progress is not None:
        progress(phase, done, total)


def account(options: LoadOptions, school: School, logs: list[StudentLog]) -> dict[str, Any]:
    """Check every sent move against the referee's records and summarise the run."""
    resolved: dict[tuple[int, int], tuple[Any, dict[str, Any] | None]] = {}
    numbers: dict[int, list[int]] = {world: [] for world in school.world_ids}
    for world_id, number, status, resolved_at, record in Turn.objects.filter(
        world_id__in=school.world_ids
    ).values_list("world_id", "number", "status", "resolved_at", "record"):
        if status == TurnStatus.RESOLVED:
            resolved[(world_id, number)] = (resolved_at, record)
            numbers[world_id].append(number)
    # When each world's turn got its last move: the students' wait starts there.
    last_move_at = {
        (world_id, number): last
        for world_id, number, last in Move.objects.filter(turn__world_id__in=school.world_ids)
        .values_list("turn__world_id", "turn__number")
        .annotate(last=Max("submitted_at"))
    }
    lost = 0
    ack_ms: list[float] = []
    update_ms: list[float] = []
    wait_ms: list[float] = []
    for log in logs:
        seat = log.seat
        ack_ms.extend(log.ack_ms.values())
        for turn, frame in log.moves.items():
            resolved_at, record = resolved.get((seat.world_id, turn), (None, None))
            if turn not in log.ack_ms or not _counted(record, seat.state_key, frame):
                lost += 1
        for turn, seen in log.turn_seen.items():
            resolved_at, _ = resolved.get((seat.world_id, turn), (None, None))
            if resolved_at is not None:
                update_ms.append((seen - resolved_at.timestamp()) * 1000)
            last = last_move_at.get((seat.world_id, turn))
            if last is not None:
                wait_ms.append((seen - last.timestamp()) * 1000)
    once = all(
        sorted(ns) == list(range(1, len(ns) + 1))
        and all(resolved[(w, n)][1] and resolved[(w, n)][1]["turn"] == n for n in ns)
        for w, ns in numbers.items()
    )
    errors = Counter(message for log in logs for message in log.errors)
    return {
        "students": options.students,
        "connected": sum(log.connected for log in logs),
        "moves_sent": sum(len(log.moves) for log in logs),
        "moves_acked": sum(len(log.ack_ms) for log in logs),
        "lost": lost,
        "errors": sum(errors.values()),
        "move_ack_ms": summary(ack_ms),
        "turn_update_ms": summary(update_ms),
        "turn_wait_ms": summary(wait_ms),
        "turns_resolved": sum(len(ns) for ns in numbers.values()),
        "turns_expected": len(school.world_ids) * options.turns,
        "exactly_once": once,
        "worlds": len(school.world_ids),
        "world_size": options.world_size,
        "turns": options.turns,
        "think_s": list(options.think),
        "scenario": school.scenario,
        "urls": list(options.urls),
        "error_samples": [f"{n} x {message}" for message, n in errors.most_common(5)],
    }


def _counted(record: dict[str, Any] | None, state_key: str, frame: dict[str, Any]) -> bool:
    """Tell whether the referee played this seat's own move (not a default) in the record."""
    if not record:
        return False
    for entry in record.get("moves", []):
        if entry.get("seat") == state_key:
            played = entry.get("move") or {}
            return not entry.get("defaulted") and played.get("action") == frame["action"]
    return False
