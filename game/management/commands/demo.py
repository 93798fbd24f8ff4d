"""Create a finished all-bot demo game for the demo teacher and print its debrief URL."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from classroom.codes import save_with_fresh_code
from classroom.management.commands.demo_teacher import DEMO_USERNAME
from classroom.models import Classroom
from game import seating, services
from game.experiments import JERVIS_FOUR_WORLDS
from game.models import GameSession, GameStatus, World
from game.referee import load_scenario

DEMO_CLASS = "Demo class"
SCENARIO = "tutorial"
BOT = "tit_for_tat"
MAX_SEED = 2**53
# Jervis's two extremes, side by side: the difference is the lesson.
VARIATIONS = (JERVIS_FOUR_WORLDS[0], JERVIS_FOUR_WORLDS[3])


def parse_seed(value: str) -> int:
    """Return a seed from the command line, or raise CommandError (exit status 2)."""
    try:
        seed = int(value)
    except (TypeError, ValueError):
        raise CommandError(
            f"--seed must be a whole number from 0 to {MAX_SEED}, not {value!r}.", returncode=2
        ) from None
    if not 0 <= seed <= MAX_SEED:
        raise CommandError(f"--seed must be from 0 to {MAX_SEED}, not {seed}.", returncode=2)
    return seed


class Command(BaseCommand):
    help = (
        "Create (once per seed) a classroom of the demo teacher with a finished all-bot game "
        "of the tutorial scenario in two worlds, offense against defence dominant, and print "
        "its debrief URL. Running it again with the same seed finds the same game."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--finished", action="store_true", help="play the game to its end (required)"
        )
        parser.add_argument("--seed", default="1", help="the game's seed (default: 1)")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="where Spiral is served, for the printed URL (default: http://127.0.0.1:8000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["finished"]:
            raise CommandError(
                "The demo is a finished game: run `manage.py demo --finished --seed N`.",
                returncode=2,
            )
        seed = parse_seed(options["seed"])
        # The demo teacher's account comes from demo_teacher, which prints its password.
        out = io.StringIO()
        call_command("demo_teacher", stdout=out)
        self.stdout.write(out.getvalue().strip())
        teacher = User.objects.get(username=DEMO_USERNAME)
        game = demo_game(teacher, seed)
        url = options["base_url"].rstrip("/") + reverse("debrief-teacher", args=[game.pk])
        self.stdout.write(f"Demo game {game.title!r}: {game.get_status_display().lower()}.")
        self.stdout.write(f"Debrief: {url}")


def demo_classroom(teacher: User) -> Classroom:
    """Return the demo teacher's demo classroom, creating it if missing."""
    classroom = Classroom.objects.filter(teacher=teacher, name=DEMO_CLASS).first()
    if classroom is None:
        classroom = Classroom(teacher=teacher, name=DEMO_CLASS)
        save_with_fresh_code(classroom)
    return classroom


def demo_game(teacher: User, seed: int) -> GameSession:
    """Return the finished demo game of `seed`, playing it (through the services) if needed."""
    scenario = load_scenario(SCENARIO)
    classroom = demo_classroom(teacher)
    title = f"Demo: {scenario.title} (seed {seed})"
    game = GameSession.objects.filter(classroom=classroom, title=title, seed=seed).first()
    if game is None:
        game = GameSession.objects.create(
            classroom=classroom,
            scenario_key=SCENARIO,
            title=title,
            turns=scenario.default_turns,
            turn_seconds=None,
            variations=[
                {"label": v["label"], "overrides": dict(v["overrides"])} for v in VARIATIONS
            ],
            world_count=len(VARIATIONS),
            bot_strategy=BOT,
            seed=seed,
        )
        seating.prepare_worlds(game)
    if game.status == GameStatus.LOBBY:
        services.start_game(game)
    for world in World.objects.filter(session=game).order_by("index"):
        if world.status == GameStatus.RUNNING:
            services.run_demo_world(world)
    game.refresh_from_db()
    if game.status != GameStatus.FINISHED:
        services.end_game(game)
    if not game.intents_revealed:
        services.reveal_intents(game)
    game.refresh_from_db()
    return game
