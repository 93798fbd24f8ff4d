"""The world's parameters: what a teacher may turn, with ranges and plain-language help."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

ParamKind = Literal["float", "int", "bool"]

# The largest world a scenario may hold; bounds the number of hidden expansionists.
MAX_STATES = 8


class ParamError(ValueError):
    """A parameter name or value a world cannot take; the message says what would do."""


@dataclass(frozen=True, slots=True)
class Params:
    """One world's parameter set (names as in the scenario files)."""

    offense_advantage: float = 1.0
    perceived_offense_advantage: float | None = None
    differentiation: float = 0.5
    noise: float = 0.2
    transparency_democracy: float = 0.5
    transparency_autocracy: float = 0.1
    arms_cost: float = 1.0
    growth: float = 0.05
    crisis_threshold: float = 0.5
    war_threshold: float = 0.75
    war_steepness: float = 10.0
    prior_trust: float = 0.5
    nuclear: bool = False
    expansionists: int = 0

    @property
    def believed_offense_advantage(self) -> float:
        """Return what the states believe the offense advantage is."""
        if self.perceived_offense_advantage is None:
            return self.offense_advantage
        return self.perceived_offense_advantage

    def transparency(self, regime: str) -> float:
        """Return how visible a regime's moves are to outsiders."""
        if regime == "democracy":
            return self.transparency_democracy
        return self.transparency_autocracy


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """What one parameter means and which values it takes."""

    name: str
    kind: ParamKind
    minimum: float
    maximum: float
    default: float | int | bool | None
    label: str
    help: str
    nullable: bool = False


def _spec(name: str, kind: ParamKind, lo: float, hi: float, label: str, help: str) -> ParamSpec:
    default = getattr(Params(), name)
    nullable = name == "perceived_offense_advantage"
    return ParamSpec(name, kind, lo, hi, default, label, help, nullable)


PARAMETERS: dict[str, ParamSpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "offense_advantage",
            "float",
            0.5,
            2.0,
            "Offense advantage",
            "How much easier attack is than defence (above 1: offense dominates).",
        ),
        _spec(
            "perceived_offense_advantage",
            "float",
            0.5,
            2.0,
            "Believed offense advantage",
            "What the states believe the offense advantage is; empty means they know it.",
        ),
        _spec(
            "differentiation",
            "float",
            0.0,
            1.0,
            "Differentiation",
            "How well offensive and defensive arms can be told apart.",
        ),
        _spec(
            "noise",
            "float",
            0.0,
            0.5,
            "Noise",
            "Base chance of misreading what other states did.",
        ),
        _spec(
            "transparency_democracy",
            "float",
            0.0,
            1.0,
            "Democracy transparency",
            "How visible a democracy's moves are to others.",
        ),
        _spec(
            "transparency_autocracy",
            "float",
            0.0,
            1.0,
            "Autocracy transparency",
            "How visible an autocracy's moves are to others.",
        ),
        _spec(
            "arms_cost",
            "float",
            0.0,
            5.0,
            "Arms cost",
            "Wealth paid per unit of arms (a double build costs three units).",
        ),
        _spec(
            "growth",
            "float",
            0.0,
            0.2,
            "Growth",
            "Share by which wealth grows each turn.",
        ),
        _spec(
            "crisis_threshold",
            "float",
            0.0,
            1.0,
            "Crisis threshold",
            "Tension above which a crisis is logged.",
        ),
        _spec(
            "war_threshold",
            "float",
            0.0,
            1.0,
            "War threshold",
            "Tension above which war may break out.",
        ),
        _spec(
            "war_steepness",
            "float",
            1.0,
            50.0,
            "War steepness",
            "How fast the chance of war climbs once tension passes the war threshold.",
        ),
        _spec(
            "prior_trust",
            "float",
            0.0,
            1.0,
            "Prior trust",
            "Starting trust between states the scenario does not set.",
        ),
        _spec(
            "nuclear",
            "bool",
            0,
            1,
            "Nuclear",
            "Mutual second strike: war becomes rare but ruins everyone involved.",
        ),
        _spec(
            "expansionists",
            "int",
            0,
            MAX_STATES,
            "Hidden expansionists",
            "How many states are secretly expansionist, drawn by the seed (0: as written).",
        ),
    )
}

_TRUE_WORDS = {"true", "yes", "on", "1"}
_FALSE_WORDS = {"false", "no", "off", "0"}
_NULL_WORDS = {"", "none", "null"}


def _range_text(spec: ParamSpec) -> str:
    if spec.kind == "bool":
        return "true or false"
    if spec.kind == "int":
        text = f"a whole number from {int(spec.minimum)} to {int(spec.maximum)}"
    else:
        text = f"a number from {spec.minimum:g} to {spec.maximum:g}"
    return text + (" or empty" if spec.nullable else "")


def coerce_param(name: str, value: object) -> float | int | bool | None:
    """Return `value` as a valid value of parameter `name`, or raise ParamError."""
    spec = PARAMETERS.get(name)
    if spec is None:
        valid = ", ".join(PARAMETERS)
        raise ParamError(f"unknown parameter '{name}'; valid parameters: {valid}")
    bad = ParamError(f"{name} must be {_range_text(spec)}, not {value!r}")
    if isinstance(value, str):
        text = value.strip().lower()
        if spec.nullable and text in _NULL_WORDS:
            return None
        if spec.kind == "bool":
            if text in _TRUE_WORDS:
                return True
            if text in _FALSE_WORDS:
                return False
            raise bad
        try:
            number = float(text)
        except ValueError:
            raise bad from None
    elif value is None:
        if spec.nullable:
            return None
        raise bad
    elif isinstance(value, bool):
        if spec.kind == "bool":
            return value
        raise bad
    elif isinstance(value, int | float):
        if spec.kind == "bool":
            if value in (0, 1):
                return bool(value)
            raise bad
        number = float(value)
    else:
        raise bad
    if number != number or not spec.minimum <= number <= spec.maximum:  # NaN fails too
        raise bad
    if spec.kind == "int":
        if number != int(number):
            raise bad
        return int(number)
    return number


def apply_overrides(params: Params, overrides: Mapping[str, object]) -> Params:
    """Return `params` with `overrides` applied; raise ParamError and change nothing if bad."""
    changes = {name: coerce_param(name, value) for name, value in overrides.items()}
    return dataclasses.replace(params, **changes) if changes else params


def params_to_dict(params: Params) -> dict[str, object]:
    """Return the parameters as a JSON-safe mapping in table order."""
    return {name: getattr(params, name) for name in PARAMETERS}
