"""Scenario presets: data files in scenarios/, loaded and checked against the contract."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.referee.params import ParamError, Params, apply_overrides
from game.referee.types import REGIMES, TYPES

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"
PRESET_ORDER = (
    "tutorial",
    "four_worlds",
    "europe_1914",
    "cuba_1962",
    "lac_2020",
    "south_china_sea",
    "eastern_europe_2022",
    "west_asia",
)
CONCEPTS = (
    "security_dilemma",
    "anarchy_self_help",
    "offense_defense_balance",
    "differentiation",
    "costly_signals",
    "cheap_talk",
    "transparency",
    "hotlines",
    "arms_control",
    "alliances",
    "entrapment_abandonment",
    "domestic_pressure",
    "deterrence_vs_spiral",
    "realism_liberalism",
    "nuclear_deterrence",
    "misperception",
)
MIN_STATES, MAX_STATES = 2, 8
KEY_PATTERN = re.compile(r"^[A-Z]{2,4}$")
SCENARIO_KEY_PATTERN = re.compile(r"^[a-z0-9_]+$")


class ScenarioError(ValueError):
    """A scenario file that breaks the contract; the message names the file and field."""


@dataclass(frozen=True, slots=True)
class ScenarioState:
    """One state as a scenario sets it up."""

    key: str
    name: str
    regime: str
    type: str
    offense: int
    defense: int
    wealth: float
    hawkishness: float
    objective: str
    brief: str


@dataclass(frozen=True, slots=True)
class Scenario:
    """A preset: states, parameters, priors, alliances and the texts players read."""

    key: str
    title: str
    summary: str
    period: str
    default_turns: int
    params: Params
    states: tuple[ScenarioState, ...]
    trust: tuple[tuple[str, str, float], ...] = ()
    alliances: tuple[tuple[str, str], ...] = ()
    hotline_available: bool = True
    student_brief: str = ""
    teacher_note: str = ""
    concepts: tuple[str, ...] = ()

    @property
    def state_keys(self) -> tuple[str, ...]:
        """Return the keys of the scenario's states in file order."""
        return tuple(s.key for s in self.states)

    def state(self, key: str) -> ScenarioState:
        """Return the state with this key."""
        for s in self.states:
            if s.key == key:
                return s
        raise KeyError(key)

    def prior_trust(self, observer: str, of: str) -> float:
        """Return the starting trust of `observer` in `of`."""
        for a, b, value in self.trust:
            if a == observer and b == of:
                return value
        return self.params.prior_trust


_TOP_REQUIRED = (
    "key",
    "title",
    "summary",
    "period",
    "default_turns",
    "params",
    "states",
    "student_brief",
    "teacher_note",
    "concepts",
)
_TOP_OPTIONAL = ("trust", "alliances", "hotline_available")
_STATE_FIELDS = (
    "key",
    "name",
    "regime",
    "type",
    "offense",
    "defense",
    "wealth",
    "hawkishness",
    "objective",
    "brief",
)


class _Checker:
    """Read one scenario mapping, naming the file and field in every complaint."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, message: str) -> ScenarioError:
        return ScenarioError(f"{self.source}: {field} {message}")

    def text(self, data: Mapping[str, object], name: str, field: str) -> str:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            return self._raise(field, "must be non-empty text")
        return value.strip()

    def integer(self, data: Mapping[str, object], name: str, field: str, lo: int) -> int:
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < lo:
            return self._raise(field, f"must be a whole number >= {lo}, not {value!r}")
        return value

    def number(
        self, data: Mapping[str, object], name: str, field: str, lo: float, hi: float | None
    ) -> float:
        value = data.get(name)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or value < lo or (hi is not None and value > hi):  # type: ignore[operator]
            bounds = f"from {lo:g} to {hi:g}" if hi is not None else f">= {lo:g}"
            return self._raise(field, f"must be a number {bounds}, not {value!r}")
        return float(value)  # type: ignore[arg-type]

    def _raise(self, field: str, message: str):
        raise self.fail(field, message)

    def keys(
        self,
        data: Mapping[str, object],
        required: Sequence[str],
        optional: Sequence[str],
        where: str,
    ) -> None:
        for name in required:
            if name not in data:
                raise self.fail(f"{where}{name}", "is missing")
        for name in data:
            if name not in required and name not in optional:
                raise self.fail(f"{where}{name}", "is not a scenario field")


def parse_scenario(data: object, source: str = "<scenario>") -> Scenario:
    """Return the Scenario a decoded JSON mapping describes; raise ScenarioError if bad."""
    check = _Checker(source)
    if not isinstance(data, Mapping):
        raise check.fail("file", "must hold one JSON object")
    check.keys(data, _TOP_REQUIRED, _TOP_OPTIONAL, "")
    key = check.text(data, "key", "key")
    if not SCENARIO_KEY_PATTERN.match(key):
        raise check.fail("key", f"must be lower-case letters, digits and _, not {key!r}")
    raw_params = data["params"]
    if not isinstance(raw_params, Mapping):
        raise check.fail("params", "must be an object of parameter values")
    states_data = data["states"]
    if not isinstance(states_data, list) or not MIN_STATES <= len(states_data) <= MAX_STATES:
        raise check.fail("states", f"must list {MIN_STATES} to {MAX_STATES} states")
    states = []
    for n, raw in enumerate(states_data):
        where = f"states[{n}]."
        if not isinstance(raw, Mapping):
            raise check.fail(f"states[{n}]", "must be an object")
        check.keys(raw, _STATE_FIELDS, (), where)
        state_key = check.text(raw, "key", where + "key")
        if not KEY_PATTERN.match(state_key):
            raise check.fail(where + "key", f"must be 2-4 upper-case letters, not {state_key!r}")
        regime = check.text(raw, "regime", where + "regime")
        if regime not in REGIMES:
            raise check.fail(where + "regime", f"must be one of {', '.join(REGIMES)}")
        kind = check.text(raw, "type", where + "type")
        if kind not in TYPES:
            raise check.fail(where + "type", f"must be one of {', '.join(TYPES)}")
        wealth = check.number(raw, "wealth", where + "wealth", 0.0, None)
        if wealth <= 0:
            raise check.fail(where + "wealth", "must be > 0")
        states.append(
            ScenarioState(
                state_key,
                check.text(raw, "name", where + "name"),
                regime,
                kind,
                check.integer(raw, "offense", where + "offense", 0),
                check.integer(raw, "defense", where + "defense", 0),
                wealth,
                check.number(raw, "hawkishness", where + "hawkishness", 0.0, 1.0),
                check.text(raw, "objective", where + "objective"),
                check.text(raw, "brief", where + "brief"),
            )
        )
    keys = [s.key for s in states]
    for n, state_key in enumerate(keys):
        if state_key in keys[:n]:
            raise check.fail(f"states[{n}].key", f"repeats {state_key!r}")
    try:
        params = apply_overrides(Params(), raw_params)
    except ParamError as error:
        raise check.fail("params", str(error)) from None
    if params.expansionists > len(states):
        raise check.fail("params.expansionists", f"must be at most {len(states)} (the states)")
    trust = []
    for n, raw in enumerate(data.get("trust") or []):
        where = f"trust[{n}]."
        if not isinstance(raw, Mapping):
            raise check.fail(f"trust[{n}]", "must be an object with from, to and value")
        check.keys(raw, ("from", "to", "value"), (), where)
        a, b = raw["from"], raw["to"]
        for name, value in (("from", a), ("to", b)):
            if value not in keys:
                raise check.fail(where + name, f"must be one of {', '.join(keys)}, not {value!r}")
        if a == b:
            raise check.fail(where + "to", "must differ from 'from'")
        trust.append((str(a), str(b), check.number(raw, "value", where + "value", 0.0, 1.0)))
    pacts: list[tuple[str, str]] = []
    for n, raw in enumerate(data.get("alliances") or []):
        where = f"alliances[{n}]"
        if not isinstance(raw, list) or len(raw) != 2 or raw[0] == raw[1]:
            raise check.fail(where, "must be a pair of two different state keys")
        for value in raw:
            if value not in keys:
                raise check.fail(where, f"names {value!r}; states are {', '.join(keys)}")
        if {raw[0], raw[1]} in [set(p) for p in pacts]:
            raise check.fail(where, "repeats an alliance")
        pacts.append((str(raw[0]), str(raw[1])))
    hotline = data.get("hotline_available", True)
    if not isinstance(hotline, bool):
        raise check.fail("hotline_available", "must be true or false")
    concepts = data["concepts"]
    if not isinstance(concepts, list) or not concepts:
        raise check.fail("concepts", "must list at least one concept")
    for n, concept in enumerate(concepts):
        if concept not in CONCEPTS:
            raise check.fail(
                f"concepts[{n}]", f"{concept!r} is not a concept; valid: {', '.join(CONCEPTS)}"
            )
    return Scenario(
        key=key,
        title=check.text(data, "title", "title"),
        summary=check.text(data, "summary", "summary"),
        period=check.text(data, "period", "period"),
        default_turns=check.integer(data, "default_turns", "default_turns", 1),
        params=params,
        states=tuple(states),
        trust=tuple(trust),
        alliances=tuple(pacts),
        hotline_available=hotline,
        student_brief=check.text(data, "student_brief", "student_brief"),
        teacher_note=check.text(data, "teacher_note", "teacher_note"),
        concepts=tuple(concepts),
    )


_CACHE: dict[Path, tuple[int, Scenario]] = {}


def _directory(directory: str | Path | None) -> Path:
    return Path(directory) if directory is not None else SCENARIO_DIR


def scenario_keys(directory: str | Path | None = None) -> list[str]:
    """Return the keys of the scenario files, presets in teaching order first."""
    folder = _directory(directory)
    found = {p.stem for p in folder.glob("*.json")} if folder.is_dir() else set()
    ordered = [k for k in PRESET_ORDER if k in found]
    return ordered + sorted(found - set(ordered))


def load_scenario(key: str, directory: str | Path | None = None) -> Scenario:
    """Return the scenario `key`; raise ScenarioError if it is unknown or malformed."""
    folder = _directory(directory)
    if not isinstance(key, str) or not SCENARIO_KEY_PATTERN.match(key):
        raise ScenarioError(
            f"unknown scenario {key!r}; valid scenarios: {', '.join(scenario_keys(folder))}"
        )
    path = folder / f"{key}.json"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        valid = ", ".join(scenario_keys(folder)) or "none found"
        raise ScenarioError(f"unknown scenario {key!r}; valid scenarios: {valid}") from None
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ScenarioError(f"{path.name}: not valid JSON ({error})") from None
    scenario = parse_scenario(data, path.name)
    if scenario.key != key:
        raise ScenarioError(
            f"{path.name}: key must be {key!r} (the file name), not {scenario.key!r}"
        )
    _CACHE[path] = (stamp, scenario)
    return scenario


def all_scenarios(directory: str | Path | None = None) -> list[Scenario]:
    """Return every scenario in the folder, presets in teaching order first."""
    return [load_scenario(key, directory) for key in scenario_keys(directory)]
