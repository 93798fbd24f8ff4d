"""Run a deadline runner: resolve turns whose deadline has passed, until Ctrl-C."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from game import clock


class Command(BaseCommand):
    help = (
        "Resolve turns as their deadlines pass. Run any number of copies against the same "
        "database: each turn is resolved exactly once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tick", default=str(clock.TICK_SECONDS), help="seconds between checks"
        )
        parser.add_argument("--once", action="store_true", help="check once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tick = float(options["tick"])
        except ValueError:
            raise CommandError(
                f"--tick takes seconds, not {options['tick']!r}", returncode=2
            ) from None
        if not 0.05 <= tick <= 60:
            raise CommandError("--tick must be between 0.05 and 60 seconds", returncode=2)
        if options["once"]:
            self.stdout.write(f"resolved {clock.tick()} turn(s)")
            return
        stop = threading.Event()
        self.stdout.write(f"deadline runner started (every {tick:g} s); Ctrl-C stops it")
        try:
            clock.run(stop, tick)
        except KeyboardInterrupt:
            stop.set()
