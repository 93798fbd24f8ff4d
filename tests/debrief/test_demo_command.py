"""`manage.py demo --finished --seed N`: a finished all-bot game for the demo teacher."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from classroom.models import Classroom
from game.models import GameSession, GameStatus, SeatMember, Turn

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_the_demo_plays_a_finished_all_bot_game_and_prints_its_debrief_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    printed = demo("--finished", "--seed", "1")
    game = GameSession.objects.get()
    assert game.status == GameStatus.FINISHED and game.intents_revealed
    assert game.classroom.teacher.username == "demo"
    assert game.scenario_key == "tutorial"
    assert not SeatMember.objects.exists()
    assert game.worlds.count() == 2
    assert {w.status for w in game.worlds.all()} == {GameStatus.FINISHED}
    assert Turn.objects.filter(world__session=game, record__isnull=False).count() == 2 * game.turns
    assert f"/games/{game.pk}/debrief/" in printed
    client = Client()
    client.force_login(game.classroom.teacher)
    assert client.get(f"/games/{game.pk}/debrief/").status_code == 200


def test_the_same_seed_twice_gives_the_same_game_not_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    first = demo("--finished", "--seed", "4")
    second = demo("--finished", "--seed", "4")
    assert GameSession.objects.count() == 1
    assert Classroom.objects.count() == 1
    assert first.splitlines()[-1] == second.splitlines()[-1]
    demo("--finished", "--seed", "5")
    assert GameSession.objects.count() == 2
    assert Classroom.objects.count() == 1


@pytest.mark.parametrize("seed", ["x", "-1", "1.5", str(2**60)])
def test_a_bad_seed_is_refused_with_status_two_and_creates_nothing(seed: str) -> None:
    with pytest.raises(CommandError) as refused:
        demo("--finished", "--seed", seed)
    assert refused.value.returncode == 2
    assert "--seed" in str(refused.value)
    assert not GameSession.objects.exists()


def test_without_finished_it_says_what_to_run() -> None:
    with pytest.raises(CommandError, match="--finished") as refused:
        demo("--seed", "1")
    assert refused.value.returncode == 2


def test_a_bad_seed_exits_with_status_two_from_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "demo", "--finished", "--seed", "nope"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "--seed must be a whole number" in done.stderr
