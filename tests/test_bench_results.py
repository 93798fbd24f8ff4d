"""`bench/load.py` replaces its own table and keeps the runs the docs compare with it."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_run_keeps_the_recorded_comparisons(tmp_path: Path) -> None:
    bench = load_bench()
    output = tmp_path / "load.json"
    output.write_text(
        json.dumps({"runs": [{"old": True}], "stretch": {"note": "kept"}, "commands": ["x"]})
    )
    args = argparse.Namespace(output=str(output), turns="3", think="2-8")

    bench.write([], args)

    written = json.loads(output.read_text())
    assert written["stretch"] == {"note": "kept"}
    assert written["commands"] == ["x"]
    assert written["runs"] == []
    assert written["settings"] == {"world_size": 6, "turns": 3, "think_s": "2-8"}


def test_a_first_run_writes_a_new_file(tmp_path: Path) -> None:
    bench = load_bench()
    output = tmp_path / "results" / "load.json"

    bench.write([], argparse.Namespace(output=str(output), turns="2", think="20-60"))

    assert json.loads(output.read_text())["settings"]["think_s"] == "20-60"
