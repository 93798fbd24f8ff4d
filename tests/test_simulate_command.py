"""The `simulate` command: the simulation lab from the command line."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

KEYS = {
    "runs",
    "turns",
    "war_rate",
    "spiral_rate",
    "misperception_rate",
    "mean_tension",
    "mean_world_score",
    "score_by_bot",
}


def simulate(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("simulate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_run_prints_a_readable_summary():
    out, err = simulate(
        "--scenario", "tutorial", "--bots", "tit_for_tat,hawk,dove,balancer",
        "--turns", "5", "--runs", "8", "--seed", "1", "--set", "noise=0.3",
        "--set", "offense_advantage=1.8",
    )  # fmt: skip
    assert "Simulation lab: tutorial, 8 runs of 5 turns, seed 1" in out
    assert "war rate" in out and "spiral rate" in out and "misperception rate" in out
    assert "offense_advantage=1.8" in out and "noise=0.3" in out
    assert "hawk" in out
    assert err == ""


def test_json_prints_one_object_with_the_labs_figures():
    out, _ = simulate("--runs", "4", "--turns", "3", "--json")
    result = json.loads(out)
    assert set(result) >= KEYS
    assert result["runs"] == 4 and result["turns"] == 3


def test_a_grid_sweeps_every_combination():
    out, _ = simulate(
        "--scenario", "four_worlds", "--runs", "3", "--turns", "3", "--json",
        "--grid", "offense_advantage=0.6,1.8", "--grid", "differentiation=0.1,0.9",
    )  # fmt: skip
    rows = json.loads(out)
    assert [row["cell"] for row in rows] == [
        {"offense_advantage": 0.6, "differentiation": 0.1},
        {"offense_advantage": 0.6, "differentiation": 0.9},
        {"offense_advantage": 1.8, "differentiation": 0.1},
        {"offense_advantage": 1.8, "differentiation": 0.9},
    ]
    table, _ = simulate("--runs", "2", "--turns", "2", "--grid", "noise=0,0.4")
    assert (
        len([line for line in table.splitlines() if line.strip().startswith(("0.0", "0.4"))]) == 2
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scenario", "atlantis"], "valid scenarios: tutorial"),
        (["--bots", "owl"], "valid bots: dove"),
        (["--set", "volume=3"], "valid parameters: offense_advantage"),
        (["--set", "noise=3"], "noise must be a number from 0 to 0.5"),
        (["--set", "noise"], "--set takes name=value"),
        (["--grid", "differentiation=0.5,2"], "differentiation must be a number from 0 to 1"),
        (["--runs", "0"], "at least 1"),
    ],
)
def test_bad_choices_fail_with_one_line_and_status_two(args, message):
    with pytest.raises(CommandError, match=message) as failure:
        simulate(*args)
    assert failure.value.returncode == 2
    assert "\n" not in str(failure.value)
