"""Run the simulation lab: many seeded bot games of a scenario, summarised.

    python manage.py simulate --scenario tutorial --bots tit_for_tat,hawk,dove,balancer \\
        --turns 10 --runs 500 --seed 1 --set noise=0.3 --grid offense_advantage=0.6,1.8
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from game.referee import ParamError, ScenarioError, UnknownBot, scenario_keys
from game.referee.lab import (
    DEFAULT_BOTS,
    format_grid,
    format_summary,
    parse_bots,
    parse_grid,
    parse_settings,
    run_lab,
)

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Play many seeded bot games of a scenario and report war, spiral and misread rates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario", default="tutorial", help="scenario key")
        parser.add_argument(
            "--bots",
            default=",".join(DEFAULT_BOTS),
            help="comma-separated bot strategies, seated in order and cycling",
        )
        parser.add_argument("--turns", type=int, default=None, help="turns per game")
        parser.add_argument("--runs", type=int, default=200, help="games per cell")
        parser.add_argument("--seed", type=int, default=1, help="seed of the batch")
        parser.add_argument(
            "--set", action="append", default=[], metavar="NAME=VALUE", help="set a parameter"
        )
        parser.add_argument(
            "--grid",
            action="append",
            default=[],
            metavar="NAME=V1,V2",
            help="sweep a parameter; several --grid flags sweep every combination",
        )
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bots = parse_bots(options["bots"])
            settings = parse_settings(options["set"])
            axes = parse_grid(options["grid"])
            if options["scenario"] not in scenario_keys():
                raise ScenarioError(
                    f"unknown scenario {options['scenario']!r}; "
                    f"valid scenarios: {', '.join(scenario_keys())}"
                )
            rows = run_lab(
                options["scenario"],
                bots,
                options["turns"],
                options["runs"],
                options["seed"],
                settings,
                axes,
                self._progress if sys.stderr.isatty() else None,
            )
        except (ScenarioError, UnknownBot, ParamError, ValueError) as error:
            raise CommandError(str(error), returncode=2) from None
        finally:
            self._end_progress()
        if options["json"]:
            single = {k: v for k, v in rows[0].items() if k != "cell"}
            self.stdout.write(json.dumps(rows if axes else single, sort_keys=True))
        elif axes:
            self.stdout.write(format_grid(rows))
        else:
            self.stdout.write(format_summary(rows[0]))

    _drawn = False

    def _progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        sys.stderr.write(f"\r  [{bar}] {done}/{total} games")
        sys.stderr.flush()
        self._drawn = True

    def _end_progress(self) -> None:
        if self._drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._drawn = False
