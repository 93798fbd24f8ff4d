"""The load harness: bot students play whole turns over real sockets and nothing is lost.

A class-sized run goes against the real server (one process on the suite's own
database and channel layer) and against two server processes sharing Redis, as
behind a load balancer. It checks what the harness promises (every move acked and
played by the referee, every turn resolved exactly once, everything it created
removed again), never how fast: timings are for bench/load.py.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError

from classroom.models import Classroom, Student
from game.loadtest.options import parse_think
from game.loadtest.school import BotSeat
from game.loadtest.student import browser_move
from game.management.commands.loadtest import table
from game.models import GameSession
from game.protocol import parse_frame
from tests.support.server import free_port, spiral_server
from tests.support.services import redis_url

ROOT = Path(__file__).resolve().parents[2]
CLASS = ["--students", "60", "--world-size", "6", "--turns", "2", "--think", "0.1-0.5"]


def loadtest(*args: str) -> dict[str, Any]:
    """Run `manage.py loadtest ... --json` in this process and return its report."""
    out = io.StringIO()
    call_command("loadtest", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def rows() -> tuple[int, ...]:
    """Count what a load run creates, to see that it removed it all again."""
    models = (User, Classroom, Student, GameSession, Session)
    return tuple(model.objects.count() for model in models)


def assert_played_in_full(report: dict[str, Any], students: int, turns: int) -> None:
    assert report["students"] == report["connected"] == students
    assert report["moves_sent"] == report["moves_acked"] == students * turns
    assert report["lost"] == 0
    assert report["errors"] == 0, report["error_samples"]
    assert report["exactly_once"] is True
    assert report["turns_resolved"] == report["turns_expected"] == report["worlds"] * turns
    assert report["move_ack_ms"]["count"] == students * turns
    assert report["turn_update_ms"]["count"] == students * turns
    # Waiting counts from the world's last move, so never less than from its resolution.
    assert report["turn_wait_ms"]["count"] == students * turns
    assert report["turn_wait_ms"]["max"] >= report["turn_update_ms"]["max"]
    assert report["server_rss_mb"] > 0
    # The peak is split by process, and the parts add up to it.
    parts = report["server_rss_mb_by_process"]
    assert {part["pid"] for part in parts} == set(report["server_pids"])
    total = sum(part["rss_mb"] for part in parts)
    assert abs(total - report["server_rss_mb"]) <= 0.1 * len(parts)


@pytest.mark.django_db(transaction=True)
def test_a_class_of_bots_plays_every_turn_and_no_move_is_lost() -> None:
    before = rows()
    with spiral_server() as url:
        report = loadtest("--url", url, *CLASS)
        echo = loadtest("--url", url, "--echo", *CLASS)
    assert_played_in_full(report, students=60, turns=2)
    assert report["worlds"] == 10
    assert report["scenario"] == "europe_1914"
    assert rows() == before
    assert echo["connected"] == 60
    assert echo["deliveries"] == echo["deliveries_expected"] == 60 * 2 * 6
    assert echo["lost"] == 0


@pytest.mark.django_db(transaction=True)
def test_students_split_over_two_server_processes_lose_nothing() -> None:
    env = {"REDIS_URL": redis_url()}
    with spiral_server(env) as first, spiral_server(env) as second:
        report = loadtest("--url", first, "--url", second, *CLASS)
    assert_played_in_full(report, students=60, turns=2)
    assert len(report["server_pids"]) == 2
    assert [part["command"] for part in report["server_rss_mb_by_process"]] == ["serve", "serve"]


def test_the_bots_send_what_the_play_pages_forms_send() -> None:
    import random

    seat = BotSeat(0, 1, 1, 1, "GER", ("GBR", "FRA"), "key")
    rng = random.Random(3)
    for _ in range(20):
        move_id, frame = browser_move(seat, 2, "http://127.0.0.1:8000/play/9/", rng)
        assert frame["HEADERS"]["HX-Request"] == "true"
        assert frame["HEADERS"]["HX-Trigger"] in ("form-arm", "form-signal")
        assert all(isinstance(v, str) for k, v in frame.items() if k != "HEADERS")
        parsed = parse_frame(json.dumps(frame))
        assert (parsed.kind, parsed.turn, parsed.move_id) == ("move", 2, move_id)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--students", "0"], "--students must be between 1 and"),
        (["--students", "many"], "--students takes a whole number"),
        (["--think", "8-2"], "--think needs 0 <= LOW <= HIGH"),
        (["--world-size", "40"], "--world-size must be between 1 and"),
        (["--url", "ftp://example.org"], "--url must look like http://127.0.0.1:8000"),
        (["--scenario", "atlantis"], "unknown scenario 'atlantis'"),
        (["--scenario", "tutorial", "--world-size", "6"], "tutorial has 4 states"),
    ],
)
def test_a_bad_argument_gets_a_clear_error_and_exit_status_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as refusal:
        call_command("loadtest", *args)
    assert refusal.value.returncode == 2


def test_a_bad_argument_from_the_shell_prints_one_line_and_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "loadtest", "--think", "fast"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "CommandError: --think takes seconds as LOW-HIGH, e.g. 2-8, not 'fast'"
    ]


@pytest.mark.django_db
def test_no_server_at_the_url_is_said_plainly_and_nothing_is_created() -> None:
    before = rows()
    port = free_port()
    with pytest.raises(CommandError, match=f"no healthy Spiral server at http://127.0.0.1:{port}"):
        call_command("loadtest", "--url", f"http://127.0.0.1:{port}", "--json")
    assert rows() == before


def test_think_times_read_as_a_range_or_a_single_value() -> None:
    assert parse_think("2-8") == (2.0, 8.0)
    assert parse_think("0.5") == (0.5, 0.5)


def test_the_readable_table_names_each_server_process_and_its_memory() -> None:
    text = table(
        {
            "lost": 0,
            "move_ack_ms": {"count": 3, "p50": 5.0, "p99": 9.0},
            "server_rss_mb_by_process": [
                {"pid": 11, "command": "worker", "rss_mb": 410.5},
                {"pid": 12, "command": "resolver", "rss_mb": 120.0},
            ],
        }
    )
    assert "worker 410.5 (pid 11)  resolver 120.0 (pid 12)" in text
    assert "p50 5.0  p99 9.0" in text
