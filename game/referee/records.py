"""The turn record: everything that happened in one turn, and why (the log is the truth)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.referee import codec
from game.referee.fastbuild import fast_init
from game.referee.moves import Move
from game.referee.types import Belief, Country, Dyad, EventCard, SpiralLink, WorldState


@fast_init
@dataclass(frozen=True, slots=True)
class MoveEntry:
    """The move a seat played; `defaulted` when the absent policy chose it."""

    seat: str
    move: Move
    defaulted: bool = False
    by: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Loss:
    """What a war cost one state."""

    state: str
    wealth: float
    offense: int
    defense: int


@fast_init
@dataclass(frozen=True, slots=True)
class War:
    """A war: who started it, who was drawn in, who won and what it cost."""

    a: str
    b: str
    initiator: str
    side_a: tuple[str, ...]
    side_b: tuple[str, ...]
    drawn_in: tuple[str, ...]
    winner: str
    chance: float
    nuclear: bool
    losses: tuple[Loss, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class ScoreEntry:
    """One state's score this turn: security plus prosperity minus penalties."""

    state: str
    security: float
    prosperity: float
    penalty: float
    earned: float
    total: float


@fast_init
@dataclass(frozen=True, slots=True)
class Spiral:
    """A dyad locked in action and reaction for three or more turns with tension rising."""

    a: str
    b: str
    since: int
    turns: int
    tragic: bool
    misperception_fed: bool
    new: bool
    links: tuple[SpiralLink, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class AppliedEvent:
    """An event card played into the turn and what it did."""

    card: EventCard
    effect: str
    public: bool
    news: str = ""


@fast_init
@dataclass(frozen=True, slots=True)
class Diplomacy:
    """A change in pacts, pledges, proposals or agreements."""

    kind: str
    a: str
    b: str
    note: str = ""


@fast_init
@dataclass(frozen=True, slots=True)
class Draw:
    """A random draw that decided something: `outcome` is whether value < chance."""

    phase: str
    i: str
    j: str
    k: int
    value: float
    chance: float
    outcome: bool


@fast_init
@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One resolved turn: moves, true state after, observations, tensions, wars, scores."""

    turn: int
    moves: tuple[MoveEntry, ...]
    countries: tuple[Country, ...]
    observations: tuple[Belief, ...]
    tensions: tuple[Dyad, ...]
    crises: tuple[tuple[str, str], ...]
    wars: tuple[War, ...]
    scores: tuple[ScoreEntry, ...]
    world_score: float
    spirals: tuple[Spiral, ...]
    events: tuple[AppliedEvent, ...]
    diplomacy: tuple[Diplomacy, ...]
    draws: tuple[Draw, ...]

    @property
    def misreads(self) -> int:
        """Return how many observations this turn were misreads."""
        return sum(1 for o in self.observations if o.misread)

    def move_of(self, seat: str) -> MoveEntry:
        """Return the move `seat` played this turn."""
        for entry in self.moves:
            if entry.seat == seat:
                return entry
        raise KeyError(seat)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form (round-trips through from_dict exactly)."""
        return codec.to_data(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TurnRecord:
        """Return the record a to_dict() mapping describes."""
        return codec.from_data(cls, data)


@fast_init
@dataclass(frozen=True, slots=True)
class TurnResult:
    """What resolve_turn returns: the next world and the record of the turn."""

    world: WorldState
    record: TurnRecord
