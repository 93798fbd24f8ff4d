"""The world's true state: frozen dataclasses the referee reads and returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.referee import codec
from game.referee.fastbuild import fast_init
from game.referee.moves import Move, move_from_dict, move_to_dict
from game.referee.params import Params

SECURITY_SEEKER = "security_seeker"
EXPANSIONIST = "expansionist"
TYPES = (SECURITY_SEEKER, EXPANSIONIST)
REGIMES = ("democracy", "autocracy")

# What an observer saw a state do with its arms in a turn.
NO_BUILD = "none"
OFFENSIVE = "offensive"
DEFENSIVE = "defensive"


@fast_init
@dataclass(frozen=True, slots=True)
class Country:
    """One state's true condition (hidden from others unless revealed)."""

    key: str
    name: str
    regime: str
    type: str
    objective: str
    offense: int
    defense: int
    pending_offense: int
    pending_defense: int
    wealth: float
    hawkishness: float
    score: float
    # What it did last turn: its own move and its arms spending.
    last_move: Move | None = None
    spent: float = 0.0


@fast_init
@dataclass(frozen=True, slots=True)
class Belief:
    """What `observer` believes about `of` after a turn, and what it saw in that turn.

    The world keeps the latest; each turn record keeps that turn's (its observations).
    `actual`, `misread`, `chance` and `draw` are the truth behind what was seen: the
    referee's, never shown to the observer.
    """

    observer: str
    of: str
    trust: float
    offense: float
    defense: float
    uncertainty: float = 0.0
    seen: str = NO_BUILD
    size: int = 0
    seen_before: str = NO_BUILD
    grievances: int = 0
    threat: float = 0.0
    trust_before: float = 0.0
    actual: str = NO_BUILD
    misread: bool = False
    transparent: bool = False
    chance: float = 0.0
    draw: float | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Pact:
    """An alliance in force; each partner lends the other its defence, weighted by burden."""

    a: str
    b: str
    burden_a: str
    burden_b: str
    since: int


@fast_init
@dataclass(frozen=True, slots=True)
class Pledge:
    """A public promise by `by` not to build offense (against `to`) until turn `until`."""

    by: str
    to: str
    since: int
    until: int


@fast_init
@dataclass(frozen=True, slots=True)
class Proposal:
    """An offer waiting for an answer in kind: an alliance, a hotline or arms control."""

    kind: str
    sender: str
    to: str
    turn: int
    burden: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Agreement:
    """A hotline or arms control treaty in force between two states."""

    kind: str
    a: str
    b: str
    since: int


@fast_init
@dataclass(frozen=True, slots=True)
class Opening:
    """A transparency measure: `observer` sees `sender` truly until turn `until`."""

    sender: str
    observer: str
    until: int


@fast_init
@dataclass(frozen=True, slots=True)
class SpiralLink:
    """One turn of a dyad's action-reaction chain."""

    turn: int
    a_armed: str
    b_armed: str
    a_saw: str
    b_saw: str
    misread: bool
    tension: float


@fast_init
@dataclass(frozen=True, slots=True)
class Dyad:
    """A pair of states after a turn: its tension, the chance of war it carried, and the
    chain of action and reaction the referee is following for spirals."""

    a: str
    b: str
    tension: float = 0.0
    crisis: bool = False
    war_chance: float = 0.0
    links: tuple[SpiralLink, ...] = ()
    pre_tension: float = 0.0
    misread_turn: int = -99
    truce_until: int = 0


@fast_init
@dataclass(frozen=True, slots=True)
class Intent:
    """A state's privately stated intent for a build (shown only in the debrief)."""

    turn: int
    state: str
    aimed_at: str | None
    reason: str | None


@fast_init
@dataclass(frozen=True, slots=True)
class EventCard:
    """An event the teacher plays into a turn: what, on whom, how strongly."""

    key: str
    targets: tuple[str, ...] = ()
    value: float | None = None
    scope: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class WorldState:
    """Everything true about one world between turns."""

    scenario: str
    seed: int
    turn: int
    turns: int
    params: Params
    countries: tuple[Country, ...]
    beliefs: tuple[Belief, ...]
    pacts: tuple[Pact, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    openings: tuple[Opening, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    dyads: tuple[Dyad, ...] = ()
    intents: tuple[Intent, ...] = ()
    hotline_available: bool = True

    @property
    def seats(self) -> tuple[str, ...]:
        """Return the state keys in seat order."""
        return tuple(c.key for c in self.countries)

    @property
    def finished(self) -> bool:
        """Return whether every planned turn has been resolved."""
        return self.turn > self.turns

    def country(self, key: str) -> Country:
        """Return the true state of `key`."""
        for c in self.countries:
            if c.key == key:
                return c
        raise KeyError(key)

    def belief(self, observer: str, of: str) -> Belief:
        """Return what `observer` believes about `of`."""
        for b in self.beliefs:
            if b.observer == observer and b.of == of:
                return b
        raise KeyError((observer, of))

    def allied(self, a: str, b: str) -> bool:
        """Return whether a pact binds `a` and `b`."""
        return any({p.a, p.b} == {a, b} for p in self.pacts)

    def allies(self, key: str) -> tuple[str, ...]:
        """Return the partners of `key`."""
        return tuple(p.b if p.a == key else p.a for p in self.pacts if key in (p.a, p.b))

    def has_hotline(self, a: str, b: str) -> bool:
        """Return whether a hotline links `a` and `b`."""
        return any(g.kind == "hotline" and {g.a, g.b} == {a, b} for g in self.agreements)

    def has_arms_control(self, a: str, b: str) -> bool:
        """Return whether an arms control treaty binds `a` and `b`."""
        return any(g.kind == "arms_control" and {g.a, g.b} == {a, b} for g in self.agreements)

    def has_proposal(self, kind: str, sender: str, to: str) -> bool:
        """Return whether `sender` has an open `kind` offer addressed to `to`."""
        return any(
            p.kind == kind and p.sender == sender and p.to in (to, "all") for p in self.proposals
        )

    def transparent(self, sender: str, observer: str) -> bool:
        """Return whether `observer` sees `sender` truly this turn."""
        return any(
            o.sender == sender and o.observer == observer and o.until >= self.turn
            for o in self.openings
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form (round-trips through from_dict exactly)."""
        return codec.to_data(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorldState:
        """Return the world a to_dict() mapping describes."""
        return codec.from_data(cls, data)


codec.register(Move, move_to_dict, move_from_dict)
