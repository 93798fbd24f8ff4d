"""The referee stays pure: no Django, no clock, no shared random stream."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import game.referee

REFEREE = Path(game.referee.__file__).parent


def test_importing_the_referee_loads_no_django():
    code = "import sys, game.referee; print('django' in sys.modules)"
    root = REFEREE.parent.parent
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_the_referee_reads_no_clock_and_no_shared_random_stream():
    for path in REFEREE.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for banned in ("import random", "import time", "datetime", "import django", "from django"):
            assert banned not in source, f"{path.name} uses {banned}"
