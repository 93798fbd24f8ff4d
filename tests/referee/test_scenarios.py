"""Scenarios: the loader checks each file against the contract and names what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.referee import (
    Params,
    ScenarioError,
    all_scenarios,
    load_scenario,
    new_world,
    resolve_turn,
    scenario_keys,
)
from game.referee.scenarios import CONCEPTS, PRESET_ORDER, SCENARIO_DIR
from tests.referee.helpers import scenario_data


def write(folder: Path, data: dict, name: str = "fixture") -> None:
    (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")


def test_a_valid_file_loads_with_its_parameters_applied(tmp_path):
    write(tmp_path, scenario_data(params={"noise": 0.3, "nuclear": True}))
    scenario = load_scenario("fixture", tmp_path)
    assert scenario.key == "fixture"
    assert scenario.state_keys == ("ALD", "BRN")
    assert scenario.params.noise == 0.3
    assert scenario.params.nuclear is True
    assert scenario.params.differentiation == Params().differentiation
    assert scenario.hotline_available is True
    assert scenario_keys(tmp_path) == ["fixture"]


def test_trust_priors_and_alliances_are_read(tmp_path):
    data = scenario_data(
        ("ALD", "BRN", "COR"),
        trust=[{"from": "ALD", "to": "BRN", "value": 0.2}],
        alliances=[["ALD", "COR"]],
        hotline_available=False,
    )
    write(tmp_path, data)
    scenario = load_scenario("fixture", tmp_path)
    assert scenario.prior_trust("ALD", "BRN") == 0.2
    assert scenario.prior_trust("BRN", "ALD") == scenario.params.prior_trust
    assert scenario.alliances == (("ALD", "COR"),)
    assert scenario.hotline_available is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("title"), "title is missing"),
        (lambda d: d["states"][1].update(regime="monarchy"), r"states\[1\]\.regime"),
        (lambda d: d["states"][0].update(key="ald"), r"states\[0\]\.key"),
        (lambda d: d["states"][1].update(key="ALD"), r"states\[1\]\.key repeats"),
        (lambda d: d["states"][0].update(wealth=0), r"states\[0\]\.wealth"),
        (lambda d: d["states"][0].update(offense=-1), r"states\[0\]\.offense"),
        (lambda d: d["states"][0].update(hawkishness=2), r"states\[0\]\.hawkishness"),
        (lambda d: d["states"][0].update(colour="red"), r"states\[0\]\.colour"),
        (lambda d: d["params"].update(noise=0.9), r"params noise must be"),
        (lambda d: d["params"].update(expansionists=3), r"params\.expansionists"),
        (lambda d: d.update(concepts=["geopolitics"]), r"concepts\[0\]"),
        (lambda d: d.update(trust=[{"from": "ALD", "to": "XYZ", "value": 1}]), r"trust\[0\]\.to"),
        (lambda d: d.update(alliances=[["ALD", "ALD"]]), r"alliances\[0\]"),
        (lambda d: d.update(states=d["states"][:1]), "states must list 2 to 8"),
        (lambda d: d.update(key="other"), "key must be 'fixture'"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_field(tmp_path, change, field):
    data = scenario_data()
    change(data)
    write(tmp_path, data)
    with pytest.raises(ScenarioError, match=r"fixture\.json") as refusal:
        load_scenario("fixture", tmp_path)
    assert refusal.match(field)


def test_broken_json_is_refused_naming_the_file(tmp_path):
    (tmp_path / "fixture.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"fixture\.json: not valid JSON"):
        load_scenario("fixture", tmp_path)


def test_an_unknown_scenario_lists_the_valid_ones(scenario_dir):
    with pytest.raises(ScenarioError, match=r"unknown scenario 'atlantis'.*fixture"):
        load_scenario("atlantis", scenario_dir)
    with pytest.raises(ScenarioError, match="unknown scenario"):
        load_scenario("../etc/passwd", scenario_dir)


def test_every_preset_is_present_and_loads():
    keys = scenario_keys()
    assert keys[: len(PRESET_ORDER)] == list(PRESET_ORDER)
    for scenario in all_scenarios():
        assert scenario.key in keys
        assert 2 <= len(scenario.states) <= 8
        assert scenario.student_brief and scenario.teacher_note
        assert set(scenario.concepts) <= set(CONCEPTS)
        assert (SCENARIO_DIR / f"{scenario.key}.json").is_file()


def test_every_preset_plays_a_turn():
    for scenario in all_scenarios():
        world = new_world(scenario, scenario.params, seed=1)
        result = resolve_turn(world, {})
        assert result.world.turn == 2
        assert len(result.record.moves) == len(scenario.states)
