"""Fixtures for the referee's tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.referee.helpers import scenario_data


@pytest.fixture
def scenario_dir(tmp_path: Path) -> Path:
    """Return a folder holding one valid scenario file, fixture.json."""
    (tmp_path / "fixture.json").write_text(json.dumps(scenario_data()), encoding="utf-8")
    return tmp_path
