"""Play a whole school of bot students against a running Spiral server, and report.

    python manage.py loadtest --url http://127.0.0.1:8000 --students 1000 \\
        --world-size 6 --turns 3 --think 2-8 --json

Run it with the server's own settings (the same DATABASE_URL and SECRET_KEY): the game is
created in that database, played over real websockets, then removed.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from game.loadtest.options import (
    MAX_STUDENTS,
    MAX_TURNS,
    BadOption,
    LoadOptions,
    largest_world,
    parse_think,
    parse_url,
    pick_scenario,
    whole,
)
from game.loadtest.run import LoadError

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Drive bot students through whole turns over real websockets against a running "
        "server (same DATABASE_URL), then print latencies, losses and server memory."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            action="append",
            help="the server's base URL (default http://127.0.0.1:8000); give it again "
            "for more servers and the students are split across them",
        )
        parser.add_argument("--students", default="60", help="bot students (default 60)")
        parser.add_argument("--world-size", default="6", help="students per world (default 6)")
        parser.add_argument("--turns", default="3", help="turns every world plays (default 3)")
        parser.add_argument(
            "--think", default="2-8", help="seconds each student thinks per turn, LOW-HIGH"
        )
        parser.add_argument(
            "--scenario", default="", help="scenario key (default: one with world-size states)"
        )
        parser.add_argument("--seed", default="1", help="seed of the bots' choices (default 1)")
        parser.add_argument(
            "--connect-concurrency",
            default="25",
            help="websocket handshakes in flight at once while the class connects (default 25)",
        )
        parser.add_argument(
            "--patience",
            default="60",
            help="seconds a student waits for an answer before counting an error (default 60)",
        )
        parser.add_argument(
            "--echo",
            action="store_true",
            help="drive the bare Channels group echo instead of the game (the baseline)",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            load = self.load_options(options)
        except BadOption as problem:
            raise CommandError(str(problem), returncode=2) from None
        progress = None if options["json"] else ProgressBar()
        try:
            if options["echo"]:
                from game.loadtest.echo import run_echo

                report = run_echo(load, progress)
            else:
                from game.loadtest.run import run_load

                report = run_load(load, progress)
        except LoadError as problem:
            raise CommandError(str(problem), returncode=1) from None
        finally:
            if progress is not None:
                progress.finish()
        if options["json"]:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(table(report))

    def load_options(self, options: dict[str, Any]) -> LoadOptions:
        """Check every option; raise BadOption naming the first one that is wrong."""
        urls = tuple(parse_url(u) for u in (options["url"] or ["http://127.0.0.1:8000"]))
        world_size = whole("--world-size", options["world_size"], 1, largest_world())
        return LoadOptions(
            urls=urls,
            students=whole("--students", options["students"], 1, MAX_STUDENTS),
            world_size=world_size,
            turns=whole("--turns", options["turns"], 1, MAX_TURNS),
            think=parse_think(options["think"]),
            scenario="" if options["echo"] else pick_scenario(world_size, options["scenario"]),
            seed=whole("--seed", options["seed"], 0, 2**31),
            connect_concurrency=whole(
                "--connect-concurrency", options["connect_concurrency"], 1, 1000
            ),
            patience=float(whole("--patience", options["patience"], 1, 3600)),
        )


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most a few times a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        """Redraw the bar for `phase`."""
        share = done / total if total else 1.0
        filled = round(share * BAR_WIDTH)
        elapsed = time.monotonic() - self.started
        sys.stderr.write(
            f"\r{phase:>8} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{done}/{total} {elapsed:6.1f} s"
        )
        sys.stderr.flush()
        self.drawn = True

    def finish(self) -> None:
        """End the bar's line."""
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


def table(report: dict[str, Any]) -> str:
    """Return a report as a readable table."""
    rows: list[tuple[str, str]] = []
    for key, value in report.items():
        if isinstance(value, dict):
            rows.append((key, "  ".join(f"{k} {v}" for k, v in value.items() if k != "count")))
        elif isinstance(value, list) and key == "error_samples":
            rows.extend(("error", str(item)) for item in value)
        elif key == "server_rss_mb_by_process":
            parts = (f"{p['command']} {p['rss_mb']} (pid {p['pid']})" for p in value)
            rows.append((key, "  ".join(parts)))
        else:
            rows.append((key, str(value)))
    width = max(len(key) for key, _ in rows)
    return "\n".join(f"{key:<{width}}  {value}" for key, value in rows)
