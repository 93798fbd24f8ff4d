"""Event cards: shocks a teacher plays into a turn (incidents, false reports, technology,
elections). They are applied before the economy and logged in the turn record."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.referee.records import AppliedEvent
from game.referee.types import EventCard, WorldState

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

SCOPES = ("true", "perceived", "both")


class EventError(ValueError):
    """An event card that cannot be played; the message says why."""


@dataclass(frozen=True, slots=True)
class EventCardSpec:
    """What an event card does and what it needs."""

    key: str
    title: str
    description: str
    targets: int
    target_labels: tuple[str, ...]
    default: float | None
    minimum: float | None
    maximum: float | None
    public: bool


EVENT_CARDS: dict[str, EventCardSpec] = {
    spec.key: spec
    for spec in (
        EventCardSpec(
            "border_incident",
            "Border incident",
            "Soldiers of two states clash at the border: each trusts the other less, "
            "and hawks at home grow louder.",
            2,
            ("first state", "second state"),
            0.5,
            0.0,
            1.0,
            True,
        ),
        EventCardSpec(
            "false_intelligence",
            "False intelligence",
            "An intelligence service tells its government that another state is building "
            "offensive arms, whatever it really did (unless its books are open).",
            2,
            ("state that is misinformed", "state it is told about"),
            None,
            None,
            None,
            False,
        ),
        EventCardSpec(
            "new_technology",
            "New technology",
            "A new weapon shifts the offense advantage: in truth, in belief, or both.",
            0,
            (),
            0.4,
            -1.5,
            1.5,
            True,
        ),
        EventCardSpec(
            "election",
            "Election",
            "An election campaign raises a state's hawkishness (a negative value calms it).",
            1,
            ("state holding the election",),
            0.2,
            -1.0,
            1.0,
            True,
        ),
    )
}

BORDER_TRUST = 0.6  # at full severity the odds of trust fall to 40 %
BORDER_HAWKISHNESS = 0.1
BORDER_TENSION = 0.1


def check_event(world: WorldState, card: EventCard) -> EventCard:
    """Return the card with its value filled in; raise EventError if it cannot be played."""
    spec = EVENT_CARDS.get(card.key)
    if spec is None:
        raise EventError(f"unknown event '{card.key}'; valid events: {', '.join(EVENT_CARDS)}")
    wanted = "1 target state" if spec.targets == 1 else f"{spec.targets} different target states"
    if len(card.targets) != spec.targets:
        raise EventError(f"{spec.title} needs {wanted}, not {len(card.targets)}")
    for target in card.targets:
        if target not in world.seats:
            raise EventError(f"{spec.title}: {target!r} is not a state in this world")
    if len(set(card.targets)) != len(card.targets):
        raise EventError(f"{spec.title} needs {wanted}")
    value = card.value
    if spec.default is None:
        value = None
    elif value is None:
        value = spec.default
    elif not (spec.minimum or 0.0) <= value <= (spec.maximum or 0.0):
        raise EventError(f"{spec.title}: value must be from {spec.minimum:g} to {spec.maximum:g}")
    scope = card.scope
    if card.key == "new_technology":
        scope = scope or "both"
        if scope not in SCOPES:
            raise EventError(f"{spec.title}: scope must be one of {', '.join(SCOPES)}")
    elif scope is not None:
        raise EventError(f"{card.key} takes no scope")
    return EventCard(card.key, tuple(card.targets), value, scope)


def _clamp_advantage(x: float) -> float:
    return round(min(2.0, max(0.5, x)), 4)


def apply(ledger: Ledger, cards: tuple[EventCard, ...]) -> None:
    """Apply each card to the turn and log what it did."""
    for card in cards:
        value = card.value or 0.0
        if card.key == "border_incident":
            a, b = card.targets
            ratio = 1.0 - BORDER_TRUST * value
            ledger.evidence(a, b, ratio)
            ledger.evidence(b, a, ratio)
            for key in (a, b):
                c = ledger.countries[key]
                c.hawkishness = min(1.0, c.hawkishness + BORDER_HAWKISHNESS * value)
            x, y = ledger.pair(a, b)
            ledger.tension_bump[x, y] = (
                ledger.tension_bump.get((x, y), 0.0) + BORDER_TENSION * value
            )
            effect = f"{a} and {b} clash at the border"
            news = effect
        elif card.key == "false_intelligence":
            observer, of = card.targets
            ledger.false_reports.add((observer, of))
            effect = f"{observer} is told that {of} is building offensive arms"
            news = ""
        elif card.key == "new_technology":
            params = ledger.params
            scope = card.scope or "both"
            true_value = params.offense_advantage
            believed = params.believed_offense_advantage
            if scope in ("true", "both"):
                true_value = _clamp_advantage(true_value + value)
            if scope in ("perceived", "both"):
                believed = _clamp_advantage(believed + value)
            # Beliefs stay put when only the truth moves: nobody has noticed yet.
            same = believed == true_value and params.perceived_offense_advantage is None
            ledger.params = dataclasses.replace(
                params,
                offense_advantage=true_value,
                perceived_offense_advantage=None if same else believed,
            )
            effect = f"offense advantage {true_value:g}, believed {believed:g}"
            news = f"New technology: the offense advantage is now believed to be {believed:g}"
            if scope == "true":
                news = ""  # only the truth moved: nobody has noticed
        else:
            (key,) = card.targets
            c = ledger.countries[key]
            c.hawkishness = min(1.0, max(0.0, c.hawkishness + value))
            effect = f"an election in {key} moves hawkishness by {value:+g}"
            news = f"An election campaign in {key}"
        ledger.events.append(AppliedEvent(card, effect, bool(news), news))
