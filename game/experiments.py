"""Class experiments: parameter variations handed out to a game's worlds in blocks.

A session's `variations` is a list of {"label", "overrides"}; with four worlds
and two variations, worlds A and B get the first and C and D the second (the
assignment itself is `game.services.world_overrides`).
"""

from __future__ import annotations

from typing import Any

Variation = dict[str, Any]

# Jervis (1978), "Cooperation under the Security Dilemma": offense-defense balance
# crossed with whether defensive and offensive arms can be told apart. The values
# are those of the four_worlds scenario's teacher note.
JERVIS_FOUR_WORLDS: tuple[Variation, ...] = (
    {
        "label": "Offense dominant, arms look alike",
        "overrides": {"offense_advantage": 1.8, "differentiation": 0.1},
    },
    {
        "label": "Offense dominant, arms told apart",
        "overrides": {"offense_advantage": 1.8, "differentiation": 0.9},
    },
    {
        "label": "Defence dominant, arms look alike",
        "overrides": {"offense_advantage": 0.6, "differentiation": 0.1},
    },
    {
        "label": "Defence dominant, arms told apart",
        "overrides": {"offense_advantage": 0.6, "differentiation": 0.9},
    },
)

NONE = "none"
JERVIS = "jervis"
COMPARE = "compare"
EXPERIMENT_CHOICES = (
    (NONE, "No experiment: every world plays the same rules"),
    (JERVIS, "Jervis's four worlds: offense or defence dominant, arms alike or told apart"),
    (COMPARE, "Compare two groups of worlds on one parameter"),
)


def jervis_four_worlds() -> list[Variation]:
    """Return the four variations of Jervis's two-by-two (fresh copies)."""
    return [{"label": v["label"], "overrides": dict(v["overrides"])} for v in JERVIS_FOUR_WORLDS]


def compare_two(name: str, label: str, first: object, second: object) -> list[Variation]:
    """Return two variations that differ only in parameter `name`."""
    return [
        {"label": f"{label} {_show(first)}", "overrides": {name: first}},
        {"label": f"{label} {_show(second)}", "overrides": {name: second}},
    ]


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
