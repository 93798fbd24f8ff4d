"""The "New game" form: scenario, turns, timer, rules, seating, worlds, experiment, bots.

Parameter values are checked by the referee's own ranges (`PARAMETERS` and
`apply_overrides`), so the form can never accept a world the referee refuses.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from classroom.forms import NonceForm
from classroom.models import Classroom
from classroom.roster import tidy_text
from game import experiments
from game.models import Seating
from game.referee import (
    BOT_NAMES,
    PARAMETERS,
    ParamError,
    Params,
    Scenario,
    ScenarioError,
    all_scenarios,
    apply_overrides,
    load_scenario,
)
from game.seating import MAX_WORLDS

MAX_TURNS = 30
MIN_TEAM, MAX_TEAM = 2, 6
TURNS_RANGE = f"A game has 1 to {MAX_TURNS} turns."
TEAM_RANGE = f"Teams have {MIN_TEAM} to {MAX_TEAM} students."
WORLDS_RANGE = f"Give a number of worlds from 1 to {MAX_WORLDS}."
# The fields as the page shows them, above and below the rules (param_*).
ABOVE_RULES = (
    "scenario",
    "title",
    "turns",
    "timer",
    "seating",
    "team_size",
    "worlds",
    "world_count",
    "bot_strategy",
)
BELOW_RULES = ("experiment", "compare_param", "compare_first", "compare_second")
# The id of the scenario cards' fieldset (each card's radio has its own id).
SCENARIO_ANCHOR = "scenarios"
# What a teacher may change when setting up a game (every other parameter keeps the
# scenario's value).
SETUP_PARAMETERS = (
    "offense_advantage",
    "differentiation",
    "noise",
    "transparency_democracy",
    "transparency_autocracy",
    "expansionists",
    "nuclear",
)
COMPARABLE = tuple(name for name in SETUP_PARAMETERS if name != "expansionists")
MANUAL = "manual"
TIMER_CHOICES = (
    ("30", "30 seconds"),
    ("45", "45 seconds"),
    ("60", "1 minute"),
    ("90", "1½ minutes"),
    ("120", "2 minutes"),
    ("180", "3 minutes"),
    ("240", "4 minutes"),
    ("300", "5 minutes"),
    ("420", "7 minutes"),
    ("600", "10 minutes"),
    (MANUAL, "No timer: I advance each turn"),
)
MIN_SECONDS, MAX_SECONDS = 30, 600
BOT_LABELS = {
    "dove": "Dove: never arms, reassures",
    "hawk": "Hawk: arms every turn",
    "tit_for_tat": "Tit for tat: answers in kind",
    "generous_tit_for_tat": "Generous tit for tat: sometimes forgives",
    "contrite_tit_for_tat": "Contrite tit for tat: makes amends for its own slips",
    "grim": "Grim: cooperates until crossed, then never again",
    "balancer": "Balancer: arms or allies against the biggest threat",
    "random": "Random",
}


def param_label(name: str) -> str:
    """Return a parameter's label as teachers read it."""
    return PARAMETERS[name].label


def readable_param_error(name: str, error: ParamError) -> str:
    """Turn the referee's message about `name` into a sentence for a teacher."""
    text = str(error).replace(name, param_label(name), 1)
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _range_messages(message: str) -> dict[str, str]:
    """Return a number field's error messages, all saying its range in one sentence."""
    return {"invalid": message, "min_value": message, "max_value": message}


def _param_field(name: str) -> forms.Field:
    spec = PARAMETERS[name]
    help_text = f"{spec.help} Empty: the scenario's own value."
    if spec.kind == "bool":
        return forms.ChoiceField(
            label=spec.label,
            required=False,
            choices=(("", "As the scenario sets it"), ("true", "On"), ("false", "Off")),
            help_text=spec.help,
        )
    step = "1" if spec.kind == "int" else "0.05"
    return forms.CharField(
        label=spec.label,
        required=False,
        max_length=12,
        help_text=help_text,
        widget=forms.NumberInput(
            attrs={"min": f"{spec.minimum:g}", "max": f"{spec.maximum:g}", "step": step}
        ),
    )


class NewGameForm(NonceForm):
    """Everything a teacher decides before students are seated."""

    scenario = forms.ChoiceField(label="Scenario", widget=forms.RadioSelect)
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=120,
        help_text="Empty: the scenario's title.",
    )
    turns = forms.IntegerField(
        label="Number of turns",
        required=False,
        min_value=1,
        max_value=MAX_TURNS,
        help_text="Empty: the scenario's usual length.",
        error_messages=_range_messages(TURNS_RANGE),
    )
    timer = forms.ChoiceField(label="Turn timer", choices=TIMER_CHOICES, initial="120")
    seating = forms.ChoiceField(
        label="How students play",
        choices=Seating.choices,
        initial=Seating.SOLO,
        widget=forms.RadioSelect,
    )
    team_size = forms.IntegerField(
        label="Students per team",
        min_value=MIN_TEAM,
        max_value=MAX_TEAM,
        initial=3,
        required=False,
        help_text="Teams only: a democracy plays its members' most common pick, an "
        "autocracy its captain's.",
        error_messages=_range_messages(TEAM_RANGE),
    )
    worlds = forms.ChoiceField(
        label="Parallel worlds",
        choices=(
            ("auto", "Automatic: a new world opens when every seat is taken"),
            ("fixed", "A fixed number of worlds"),
        ),
        initial="auto",
        widget=forms.RadioSelect,
    )
    world_count = forms.IntegerField(
        label="Number of worlds",
        required=False,
        min_value=1,
        max_value=MAX_WORLDS,
        help_text="Only for a fixed number of worlds.",
        error_messages=_range_messages(WORLDS_RANGE),
    )
    experiment = forms.ChoiceField(
        label="Class experiment",
        choices=experiments.EXPERIMENT_CHOICES,
        initial=experiments.NONE,
        widget=forms.RadioSelect,
        help_text="Worlds get the variations in blocks: with four worlds and two groups, "
        "A and B play the first, C and D the second. Jervis's four worlds fit the Four "
        "Worlds scenario with four (or eight) worlds.",
    )
    compare_param = forms.ChoiceField(
        label="Parameter to compare",
        required=False,
        choices=[(name, param_label(name)) for name in COMPARABLE],
    )
    compare_first = forms.CharField(label="First group's value", required=False, max_length=12)
    compare_second = forms.CharField(label="Second group's value", required=False, max_length=12)
    bot_strategy = forms.ChoiceField(
        label="Bots for empty seats",
        choices=[(name, BOT_LABELS.get(name, name.replace("_", " "))) for name in BOT_NAMES],
        initial="tit_for_tat" if "tit_for_tat" in BOT_NAMES else BOT_NAMES[0],
        help_text="Bots play every state nobody sits in, and the seat of a student who "
        "misses two turns in a row (they can take it back).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scenarios: list[Scenario] = all_scenarios()
        self.fields["scenario"].choices = [(s.key, s.title) for s in self.scenarios]
        if not self.is_bound and self.scenarios:
            self.initial.setdefault("scenario", self.scenarios[0].key)
        for name in SETUP_PARAMETERS:
            self.fields[f"param_{name}"] = _param_field(name)
        self.overrides: dict[str, object] = {}
        self.variations: list[dict[str, Any]] = []
        self.chosen: Scenario | None = None

    def error_summary(self) -> list[tuple[str, str, str]]:
        """Return (anchor id, field label, message) for every error, in the page's order.

        The summary at the top of the page links each one to its field, since some
        (the rules) sit far down the page. The anchor is empty for form-wide errors.
        """
        rows = [("", "", str(message)) for message in self.non_field_errors()]
        shown = [*ABOVE_RULES, *(f"param_{name}" for name in SETUP_PARAMETERS), *BELOW_RULES]
        names = [*shown, *(name for name in self.fields if name not in shown)]
        for name in names:
            bound = self[name]
            for message in bound.errors:
                rows.append((self._anchor(bound), str(bound.label), str(message)))
        return rows

    @staticmethod
    def _anchor(bound: forms.BoundField) -> str:
        """Return the id of the element a summary line links to for a field."""
        if bound.name == "scenario":
            return SCENARIO_ANCHOR
        if isinstance(bound.field.widget, forms.HiddenInput):
            return ""
        if isinstance(bound.field.widget, forms.RadioSelect):
            return f"{bound.auto_id}_0"
        return bound.id_for_label

    def param_fields(self) -> list[forms.BoundField]:
        """Return the rule fields in display order."""
        return [self[f"param_{name}"] for name in SETUP_PARAMETERS]

    def clean_title(self) -> str:
        """Drop invisible characters and collapse whitespace."""
        return tidy_text(self.cleaned_data.get("title") or "")

    def clean_timer(self) -> int | None:
        """Return the turn time in seconds, or None when the teacher advances turns."""
        value = self.cleaned_data["timer"]
        if value == MANUAL:
            return None
        seconds = int(value)
        if not MIN_SECONDS <= seconds <= MAX_SECONDS:
            raise forms.ValidationError("A turn lasts from 30 seconds to 10 minutes.")
        return seconds

    def clean(self) -> dict[str, Any]:
        """Check the rules, the seating and the experiment against the chosen scenario."""
        data = super().clean()
        try:
            self.chosen = load_scenario(data.get("scenario", ""))
        except ScenarioError:
            self.add_error("scenario", "Choose one of the scenarios listed.")
            return data
        self.overrides = self._overrides(data)
        # A value the field refused already has its message: say it once.
        if (
            data.get("seating") == Seating.TEAMS
            and not data.get("team_size")
            and "team_size" not in self.errors
        ):
            self.add_error("team_size", TEAM_RANGE)
        if (
            data.get("worlds") == "fixed"
            and not data.get("world_count")
            and "world_count" not in self.errors
        ):
            self.add_error("world_count", WORLDS_RANGE)
        self.variations = self._variations(data)
        return data

    def _overrides(self, data: dict[str, Any]) -> dict[str, object]:
        """Collect the rule fields that were filled in, each checked by the referee."""
        assert self.chosen is not None
        overrides: dict[str, object] = {}
        for name in SETUP_PARAMETERS:
            raw = data.get(f"param_{name}")
            if raw in (None, ""):
                continue
            try:
                value = getattr(apply_overrides(Params(), {name: raw}), name)
            except ParamError as error:
                self.add_error(f"param_{name}", readable_param_error(name, error))
                continue
            overrides[name] = value
        states = len(self.chosen.states)
        if int(overrides.get("expansionists", 0) or 0) > states:  # type: ignore[call-overload]
            self.add_error(
                "param_expansionists",
                f"This scenario has {states} states: at most {states} can be expansionist.",
            )
        return overrides

    def _variations(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        """Build the experiment's variations and check each world's rules would be valid."""
        assert self.chosen is not None
        kind = data.get("experiment") or experiments.NONE
        if kind == experiments.JERVIS:
            variations = experiments.jervis_four_worlds()
        elif kind == experiments.COMPARE:
            name = data.get("compare_param") or ""
            if name not in COMPARABLE:
                self.add_error("compare_param", "Choose the parameter the groups differ in.")
                return []
            values = []
            for field in ("compare_first", "compare_second"):
                try:
                    values.append(
                        getattr(apply_overrides(Params(), {name: data.get(field) or ""}), name)
                    )
                except ParamError as error:
                    self.add_error(field, readable_param_error(name, error))
            if len(values) < 2:
                return []
            if values[0] == values[1]:
                self.add_error("compare_second", "Give the two groups different values.")
                return []
            variations = experiments.compare_two(name, param_label(name), *values)
        else:
            return []
        for variation in variations:
            try:
                apply_overrides(self.chosen.params, {**self.overrides, **variation["overrides"]})
            except ParamError as error:
                self.add_error("experiment", str(error))
        return variations

    def session_fields(self, classroom: Classroom) -> dict[str, Any]:
        """Return the new GameSession's fields from the cleaned form."""
        assert self.chosen is not None
        data = self.cleaned_data
        teams = data["seating"] == Seating.TEAMS
        return {
            "classroom": classroom,
            "scenario_key": self.chosen.key,
            "title": data["title"] or self.chosen.title,
            "turns": data.get("turns") or self.chosen.default_turns,
            "turn_seconds": data["timer"],
            "params": self.overrides,
            "variations": self.variations,
            "seating": data["seating"],
            "team_size": data["team_size"] if teams else 1,
            "world_count": data["world_count"] if data["worlds"] == "fixed" else None,
            "bot_strategy": data["bot_strategy"],
            "seed": secrets.randbits(48),
        }
