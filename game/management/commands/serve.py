"""Serve Spiral over HTTP and websockets with uvicorn (what `make run` starts)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve Spiral (HTTP and websockets) on HOST:PORT until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
        parser.add_argument("--port", default="8000", help="default: 8000")
        parser.add_argument(
            "--workers", default="1", help="worker processes (needs REDIS_URL when > 1)"
        )
        parser.add_argument(
            "--no-clock",
            action="store_true",
            help="do not run a deadline runner here (run `manage.py clock` elsewhere)",
        )
        parser.add_argument(
            "--resolvers",
            default="0",
            help="resolver processes to start beside the server (needs REDIS_URL); "
            "default 0: turns resolve inside the server, unless TURN_RESOLVER=process",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = _whole_number("--port", options["port"], 1, 65535)
        workers = _whole_number("--workers", options["workers"], 1, 64)
        resolvers = _whole_number("--resolvers", options["resolvers"], 0, 16)
        from django.conf import settings

        for flag, count, low in (("--workers", workers, 1), ("--resolvers", resolvers, 0)):
            if count > low and not settings.REDIS_URL:
                raise CommandError(
                    f"{flag} above {low} needs REDIS_URL: the in-memory channel layer "
                    "cannot carry messages between processes",
                    returncode=2,
                )
        _persistent_connections()
        if not options["no_clock"]:
            from game import clock

            clock.start_in_background()
        with resolver_processes(resolvers):
            uvicorn.run(
                "config.asgi:application",
                host=options["host"],
                port=port,
                workers=workers,
                lifespan="off",
                log_level="warning",
                ws_max_size=16 * 1024,
                ws_per_message_deflate=settings.WEBSOCKET_COMPRESSION,
            )


@contextmanager
def resolver_processes(count: int) -> Iterator[None]:
    """Run `count` resolver processes for the block, and have this server use them.

    Each is Channels' worker on the `spiral-resolve` channel; the server's worker
    processes inherit TURN_RESOLVER=process, and so does this one's settings.
    """
    if not count:
        yield
        return
    from django.conf import settings

    from game.consumers.resolver import RESOLVE_CHANNEL

    os.environ["TURN_RESOLVER"] = settings.TURN_RESOLVER = "process"
    manage = Path(settings.BASE_DIR) / "manage.py"
    command = [sys.executable, str(manage), "runworker", RESOLVE_CHANNEL, "-v0"]
    processes = [subprocess.Popen(command) for _ in range(count)]
    # uvicorn re-raises a SIGTERM it shut down for; by default that ends this process
    # on the spot, before it could stop its resolvers.
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


# Seconds a server keeps its database connections when DB_CONN_MAX_AGE is not set.
DEFAULT_CONN_MAX_AGE = 600


def _persistent_connections() -> None:
    """Keep database connections between handlers unless DB_CONN_MAX_AGE says otherwise.

    Without it every websocket message's handler opens (and closes) a connection,
    which costs a server more than the handler's own queries. The environment
    carries the default to uvicorn's worker processes; this process's connections,
    none opened yet, read the settings directly.
    """
    if os.environ.get("DB_CONN_MAX_AGE", "").strip():
        return
    from django.conf import settings
    from django.db import connections

    os.environ["DB_CONN_MAX_AGE"] = str(DEFAULT_CONN_MAX_AGE)
    for alias in connections:
        settings.DATABASES[alias]["CONN_MAX_AGE"] = DEFAULT_CONN_MAX_AGE


def _whole_number(flag: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise CommandError(f"{flag} takes a whole number, not {raw!r}", returncode=2) from None
    if not low <= value <= high:
        raise CommandError(f"{flag} must be between {low} and {high}", returncode=2)
    return value
