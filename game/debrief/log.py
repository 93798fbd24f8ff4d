"""Read a game's log from the database into plain frozen data, in a handful of queries.

The debrief is built from this log alone: each world's starting state, its turn records,
the players' picks and ratings, and the event cards played. Everything after loading is
pure, so the same log always gives the same report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from game.models import (
    GameSession,
    InjectedEvent,
    Move,
    Rating,
    Seat,
    SeatMember,
    Turn,
    TurnStatus,
    World,
)
from game.referee import Scenario, TurnRecord, WorldState, load_scenario
from game.referee.spirals import recheck


@dataclass(frozen=True, slots=True)
class SeatLog:
    """Who played a state: the students seated there, or the bot."""

    key: str
    name: str
    players: tuple[str, ...]
    student_ids: tuple[int, ...]
    bot: str


@dataclass(frozen=True, slots=True)
class RatingLog:
    """A student's one-tap read of another state in one turn."""

    turn: int
    student_id: int
    student: str
    seat: str
    target: str
    friendliness: int
    confidence: int


@dataclass(frozen=True, slots=True)
class PickLog:
    """A student's locked-in pick for their seat in one turn (teams: one per member)."""

    turn: int
    student_id: int
    student: str
    seat: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EventLog:
    """An event card the teacher played into a turn."""

    turn: int
    card: str
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorldLog:
    """One world's log: set-up, resolved turns, picks, ratings and event cards.

    `records` are the turn records with their spirals as the referee's current rule finds
    them (`spirals.recheck`), so a game logged under an older rule is told by today's;
    `record_data` is every record exactly as stored.
    """

    id: int
    index: int
    label: str
    variation_label: str
    overrides: dict[str, Any]
    seed: int
    status: str
    initial: WorldState | None
    records: tuple[TurnRecord, ...]
    record_data: tuple[dict[str, Any], ...]
    initial_data: dict[str, Any] | None
    seats: tuple[SeatLog, ...]
    ratings: tuple[RatingLog, ...]
    picks: tuple[PickLog, ...]
    events: tuple[EventLog, ...]

    @property
    def turns_played(self) -> int:
        """Return how many turns were resolved."""
        return len(self.records)

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the state keys in seat order."""
        if self.initial is not None:
            return self.initial.seats
        return tuple(s.key for s in self.seats)


@dataclass(frozen=True, slots=True)
class GameLog:
    """A whole session's log."""

    id: int
    title: str
    classroom: str
    classroom_id: int
    scenario: Scenario
    status: str
    turns: int
    seed: int
    bot_strategy: str
    variations: tuple[dict[str, Any], ...]
    intents_revealed: bool
    started_at: datetime | None
    ended_at: datetime | None
    worlds: tuple[WorldLog, ...]

    @property
    def names(self) -> dict[str, str]:
        """Return each state's name by key."""
        return {s.key: s.name for s in self.scenario.states}

    def world(self, world_id: int) -> WorldLog:
        """Return the log of one world."""
        for w in self.worlds:
            if w.id == world_id:
                return w
        raise KeyError(world_id)


def load_log(session: GameSession, world_ids: set[int] | None = None) -> GameLog:
    """Return the log of a session (or of some of its worlds) as plain data."""
    scenario = load_scenario(session.scenario_key)
    names = {s.key: s.name for s in scenario.states}
    worlds = list(World.objects.filter(session=session).order_by("index"))
    if world_ids is not None:
        worlds = [w for w in worlds if w.pk in world_ids]
    ids = [w.pk for w in worlds]
    initial = {w.pk: WorldState.from_dict(w.initial_state) for w in worlds if w.initial_state}
    records: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for world_id, data in (
        Turn.objects.filter(world_id__in=ids, status=TurnStatus.RESOLVED, record__isnull=False)
        .order_by("world_id", "number")
        .values_list("world_id", "record")
    ):
        records[world_id].append(data)
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for seat_id, student_id, name in (
        SeatMember.objects.filter(seat__world_id__in=ids)
        .order_by("joined_at", "id")
        .values_list("seat_id", "student_id", "student__display_name")
    ):
        members[seat_id].append((student_id, name))
    seats: dict[int, list[SeatLog]] = defaultdict(list)
    for seat_id, world_id, key, bot in (
        Seat.objects.filter(world_id__in=ids)
        .order_by("world_id", "order")
        .values_list("pk", "world_id", "state_key", "bot_strategy")
    ):
        seated = members.get(seat_id, [])
        seats[world_id].append(
            SeatLog(
                key,
                names.get(key, key),
                tuple(n for _, n in seated),
                tuple(i for i, _ in seated),
                bot,
            )
        )
    ratings: dict[int, list[RatingLog]] = defaultdict(list)
    for world_id, turn, sid, student, seat, target, friendly, sure in (
        Rating.objects.filter(turn__world_id__in=ids)
        .order_by("turn__world_id", "turn__number", "student__display_name", "target", "pk")
        .values_list(
            "turn__world_id",
            "turn__number",
            "student_id",
            "student__display_name",
            "seat__state_key",
            "target",
            "friendliness",
            "confidence",
        )
    ):
        ratings[world_id].append(RatingLog(turn, sid, student, seat, target, friendly, sure))
    picks: dict[int, list[PickLog]] = defaultdict(list)
    for world_id, turn, sid, student, seat, payload in (
        Move.objects.filter(turn__world_id__in=ids)
        .order_by("turn__world_id", "turn__number", "seat__order", "student__display_name")
        .values_list(
            "turn__world_id",
            "turn__number",
            "student_id",
            "student__display_name",
            "seat__state_key",
            "payload",
        )
    ):
        picks[world_id].append(PickLog(turn, sid, student, seat, payload))
    events: dict[int, list[EventLog]] = defaultdict(list)
    for world_id, turn, card, target in (
        InjectedEvent.objects.filter(world_id__in=ids)
        .order_by("world_id", "turn_number", "pk")
        .values_list("world_id", "turn_number", "card", "target")
    ):
        events[world_id].append(EventLog(turn, card, tuple(t for t in target.split(",") if t)))
    return GameLog(
        id=session.pk,
        title=session.title,
        classroom=session.classroom.name,
        classroom_id=session.classroom_id,
        scenario=scenario,
        status=session.status,
        turns=session.turns,
        seed=session.seed,
        bot_strategy=session.bot_strategy,
        variations=tuple(session.variations or ()),
        intents_revealed=session.intents_revealed,
        started_at=session.started_at,
        ended_at=session.ended_at,
        worlds=tuple(
            WorldLog(
                id=w.pk,
                index=w.index,
                label=w.label,
                variation_label=w.variation_label,
                overrides=dict(w.params or {}),
                seed=w.seed,
                status=w.status,
                initial=initial.get(w.pk),
                records=_records(initial.get(w.pk), records[w.pk]),
                record_data=tuple(records[w.pk]),
                initial_data=w.initial_state,
                seats=tuple(seats[w.pk]),
                ratings=tuple(ratings[w.pk]),
                picks=tuple(picks[w.pk]),
                events=tuple(events[w.pk]),
            )
            for w in worlds
        ),
    )


def _records(initial: WorldState | None, stored: list[dict[str, Any]]) -> tuple[TurnRecord, ...]:
    """Return a world's stored records, their spirals as the current rule finds them."""
    records = [TurnRecord.from_dict(r) for r in stored]
    return tuple(recheck(initial, records) if initial is not None else records)
