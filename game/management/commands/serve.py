"""Serve Spiral over HTTP and websockets with uvicorn (what `make run` starts)."""

from __future__ import annotations

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

    def handle(self, *args: Any, **options: Any) -> None:
        port = _whole_number("--port", options["port"], 1, 65535)
        workers = _whole_number("--workers", options["workers"], 1, 64)
        from django.conf import settings

        if workers > 1 and not settings.REDIS_URL:
            raise CommandError(
                "--workers above 1 needs REDIS_URL: the in-memory channel layer "
                "cannot carry messages between processes",
                returncode=2,
            )
        if not options["no_clock"]:
            from game import clock

            clock.start_in_background()
        uvicorn.run(
            "config.asgi:application",
            host=options["host"],
            port=port,
            workers=workers,
            lifespan="off",
            log_level="warning",
            ws_max_size=16 * 1024,
        )


def _whole_number(flag: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise CommandError(f"{flag} takes a whole number, not {raw!r}", returncode=2) from None
    if not low <= value <= high:
        raise CommandError(f"{flag} must be between {low} and {high}", returncode=2)
    return value
