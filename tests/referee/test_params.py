"""Parameters: what a teacher may turn, and the errors a bad value gets."""

from __future__ import annotations

import pytest

from game.referee import PARAMETERS, ParamError, Params, apply_overrides


def test_every_parameter_in_the_table_has_a_spec_and_a_default():
    names = set(Params.__dataclass_fields__)
    assert set(PARAMETERS) == names
    for spec in PARAMETERS.values():
        assert spec.default == getattr(Params(), spec.name)
        assert spec.label and spec.help


def test_overrides_accept_text_from_the_command_line_and_forms():
    params = apply_overrides(
        Params(), {"noise": "0.3", "nuclear": "true", "expansionists": "2", "growth": 0.1}
    )
    assert params.noise == 0.3
    assert params.nuclear is True
    assert params.expansionists == 2
    assert params.growth == 0.1


def test_believed_offense_advantage_can_be_left_empty_to_mean_the_true_one():
    params = apply_overrides(Params(offense_advantage=1.5), {"perceived_offense_advantage": ""})
    assert params.perceived_offense_advantage is None
    assert params.believed_offense_advantage == 1.5
    cult = apply_overrides(params, {"perceived_offense_advantage": "1.9"})
    assert cult.believed_offense_advantage == 1.9


def test_a_value_out_of_range_names_the_valid_range():
    with pytest.raises(ParamError, match=r"offense_advantage must be a number from 0.5 to 2"):
        apply_overrides(Params(), {"offense_advantage": 2.5})


def test_an_unknown_parameter_lists_the_valid_names():
    with pytest.raises(ParamError, match=r"unknown parameter 'nois'.*noise"):
        apply_overrides(Params(), {"nois": 0.1})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("noise", "lots"),
        ("noise", float("nan")),
        ("nuclear", "maybe"),
        ("expansionists", 1.5),
        ("expansionists", True),
        ("differentiation", None),
    ],
)
def test_malformed_values_are_refused(name, value):
    with pytest.raises(ParamError, match=name):
        apply_overrides(Params(), {name: value})


def test_a_refused_override_changes_nothing():
    params = Params(noise=0.1)
    with pytest.raises(ParamError):
        apply_overrides(params, {"noise": 0.3, "growth": 9})
    assert params.noise == 0.1
