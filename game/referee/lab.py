"""The simulation lab's front end: read settings and grids, run the batches, write tables.

Everything here is plain Python so the `simulate` management command stays a thin shell.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from game.referee.bots import BOT_NAMES, check_bot
from game.referee.params import PARAMETERS, ParamError, Params, coerce_param
from game.referee.scenarios import load_scenario
from game.referee.simulate import run_batch

DEFAULT_BOTS = ("tit_for_tat", "balancer", "random", "generous_tit_for_tat")
ROW_FIGURES = (
    ("war_rate", "war", "{:.1%}"),
    ("spiral_rate", "spiral", "{:.1%}"),
    ("misperception_rate", "misread", "{:.1%}"),
    ("mean_tension", "tension", "{:.2f}"),
    ("crises_per_run", "crises", "{:.1f}"),
    ("mean_world_score", "world score", "{:.1f}"),
)


def parse_bots(text: str) -> list[str]:
    """Return the bot names in a comma-separated list; raise ValueError naming valid ones."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise ValueError(f"name at least one bot; valid bots: {', '.join(BOT_NAMES)}")
    for name in names:
        check_bot(name)
    return names


def _split(item: str, flag: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep or not name.strip():
        raise ParamError(f"{flag} takes name=value, not {item!r}")
    name = name.strip()
    if name not in PARAMETERS:
        raise ParamError(f"unknown parameter '{name}'; valid parameters: {', '.join(PARAMETERS)}")
    return name, value.strip()


def parse_settings(items: Sequence[str]) -> dict[str, object]:
    """Return the parameter values of `--set name=value` items, checked."""
    settings: dict[str, object] = {}
    for item in items:
        name, value = _split(item, "--set")
        settings[name] = coerce_param(name, value)
    return settings


def parse_grid(items: Sequence[str]) -> list[tuple[str, list[object]]]:
    """Return the axes of `--grid name=v1,v2,...` items, each value checked."""
    axes: list[tuple[str, list[object]]] = []
    for item in items:
        name, values = _split(item, "--grid")
        if name in (axis for axis, _ in axes):
            raise ParamError(f"--grid names {name} twice")
        parsed = [coerce_param(name, v) for v in values.split(",") if v.strip()]
        if not parsed:
            raise ParamError(f"--grid {name} needs at least one value")
        axes.append((name, parsed))
    return axes


def grid_cells(axes: Sequence[tuple[str, Sequence[object]]]) -> list[dict[str, object]]:
    """Return every combination of the grid's values (one empty cell without a grid)."""
    names = [name for name, _ in axes]
    return [
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(values for _, values in axes))
    ]


def run_lab(
    scenario_key: str,
    bots: Sequence[str],
    turns: int | None,
    runs: int,
    seed: int,
    settings: Mapping[str, object],
    axes: Sequence[tuple[str, Sequence[object]]] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """Run one batch per grid cell; return one summary per cell, with its `cell` values."""
    scenario = load_scenario(scenario_key)
    planned = turns if turns is not None else scenario.default_turns
    if planned < 1 or runs < 1:
        raise ValueError("turns and runs must be at least 1")
    cells = grid_cells(axes)
    total = runs * len(cells)
    rows = []
    for n, cell in enumerate(cells):
        done = n * runs

        def step(finished: int, done: int = done) -> None:
            if progress is not None:
                progress(done + finished, total)

        summary = run_batch(scenario_key, bots, planned, runs, seed, {**settings, **cell}, step)
        rows.append({"cell": dict(cell), **summary})
    return rows


def _changed(params: Mapping[str, object]) -> str:
    default = Params()
    changed = [f"{k}={v}" for k, v in params.items() if getattr(default, k) != v]
    return ", ".join(changed) or "all defaults"


def format_summary(result: Mapping[str, Any]) -> str:
    """Return a batch's summary as a short readable report."""
    lines = [
        f"Simulation lab: {result['scenario']}, {result['runs']} runs of {result['turns']} turns,"
        f" seed {result['seed']}",
        f"Bots (seat by seat, cycling): {', '.join(result['bots'])}",
        f"Parameters: {_changed(result['params'])}",
        "",
        f"  war rate            {result['war_rate']:7.1%}   runs with at least one war",
        f"  spiral rate         {result['spiral_rate']:7.1%}   runs with at least one spiral",
        f"  misperception rate  {result['misperception_rate']:7.1%}   misreads per observation",
        f"  mean tension        {result['mean_tension']:7.3f}",
        f"  crises per run      {result['crises_per_run']:7.2f}",
        f"  wars per run        {result['wars_per_run']:7.2f}",
        f"  mean world score    {result['mean_world_score']:7.2f}",
        "",
        "  mean score by bot:",
    ]
    for name, score in result["score_by_bot"].items():
        lines.append(f"    {name:22} {score:7.2f}")
    return "\n".join(lines)


def format_grid(rows: Sequence[Mapping[str, Any]]) -> str:
    """Return one line per grid cell: the cell's values, then the lab's figures."""
    first = rows[0]
    names = list(first["cell"])
    header = [*names, *(label for _, label, _ in ROW_FIGURES)]
    table = [header]
    for row in rows:
        cells = [str(row["cell"][n]) for n in names]
        table.append([*cells, *(fmt.format(row[key]) for key, _, fmt in ROW_FIGURES)])
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    out = [
        f"Simulation lab: {first['scenario']}, {first['runs']} runs of {first['turns']} turns"
        f" per cell, seed {first['seed']}, bots {', '.join(first['bots'])}",
        "",
    ]
    for n, line in enumerate(table):
        out.append("  ".join(cell.rjust(widths[i]) for i, cell in enumerate(line)))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
