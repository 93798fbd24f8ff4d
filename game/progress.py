"""Who has moved in a world this turn, and has everyone: one query for both.

After every move the world's 'who has moved' strip is pushed and the turn is
checked for completion; both need the same facts about each seat (is a bot
playing it, how many students sit in it, how many of them have picked). One
hand-written query answers them all: the ORM's version of the two questions cost
more to compile than to run, and a move asks them on every turn of every world.

The thread that saved a move asks right after its commit (when it renders the
strip it pushes) and remembers the answer for a moment, so the ack and the
completion check that follow in the same thread reuse it instead of asking again.
An answer is reused only when it was asked after the move was saved, hence after
its commit: of two last moves committed at once, the later check still sees both,
so a complete turn is always noticed by someone.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.db import connection

from game.models import Move, Seat, SeatMember, Turn, TurnStatus, World

# How long an answer is reused by the thread that asked: a move's ack and check follow
# within milliseconds; anything older is asked again.
RECENT_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class SeatProgress:
    """One seat's standing in the open turn (never what anyone picked)."""

    seat_id: int
    state_key: str
    bot_strategy: str
    members: int
    members_picked: int
    picked: bool

    @property
    def has_moved(self) -> bool:
        """Tell whether the seat counts as moved: the turn no longer waits for it.

        A team counts as moved only once every member has picked, as the turn
        counts it: a first teammate's pick must not show other states that the
        team has decided.
        """
        return not self.waiting

    @property
    def waiting(self) -> bool:
        """Tell whether the turn waits for this seat: nobody in it, or someone yet to pick."""
        return not self.bot_strategy and (self.members == 0 or self.members_picked < self.members)


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _seat_columns(turn: str) -> str:
    """Return the columns of a seat's standing in the turn whose id `turn` names.

    Its members, the members who have picked, and whether anyone has picked.
    """
    member, move = _quote(SeatMember._meta.db_table), _quote(Move._meta.db_table)
    return (
        f"(SELECT COUNT(*) FROM {member} m WHERE m.seat_id = s.id),"
        f" (SELECT COUNT(*) FROM {member} m WHERE m.seat_id = s.id AND EXISTS("
        f"SELECT 1 FROM {move} v"
        f" WHERE v.turn_id = {turn} AND v.seat_id = s.id AND v.student_id = m.student_id)),"
        f" EXISTS(SELECT 1 FROM {move} v WHERE v.turn_id = {turn} AND v.seat_id = s.id)"
    )


def _sql() -> str:
    return (
        f"SELECT s.id, s.state_key, s.bot_strategy, {_seat_columns('%s')}"
        f" FROM {_quote(Seat._meta.db_table)} s WHERE s.world_id = %s"
        f" ORDER BY s.{_quote('order')}, s.id"
    )


def world_progress(world_id: int, turn: Turn | None) -> list[SeatProgress]:
    """Return every seat of a world in order, with its members and picks in `turn` (one query)."""
    turn_id = turn.pk if turn is not None else None
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [turn_id, turn_id, world_id])
        rows = cursor.fetchall()
    return [
        SeatProgress(pk, key, bot or "", int(members), int(picked_members), bool(picked))
        for pk, key, bot, members, picked_members, picked in rows
    ]


def _session_sql() -> str:
    return (
        f"SELECT s.world_id, s.id, s.state_key, s.bot_strategy, {_seat_columns('t.id')}"
        f" FROM {_quote(Seat._meta.db_table)} s"
        f" JOIN {_quote(World._meta.db_table)} w ON w.id = s.world_id"
        f" LEFT JOIN {_quote(Turn._meta.db_table)} t ON t.world_id = s.world_id AND t.status = %s"
        f" WHERE w.session_id = %s ORDER BY w.{_quote('index')}, s.{_quote('order')}, s.id"
    )


def session_progress(session_id: int) -> dict[int, list[SeatProgress]]:
    """Return {world id: its seats in order} with members and picks in each open turn.

    One query for every world of a session (the teacher's dashboard); a world with
    no open turn has no picks.
    """
    with connection.cursor() as cursor:
        cursor.execute(_session_sql(), [TurnStatus.OPEN.value, session_id])
        rows = cursor.fetchall()
    found: dict[int, list[SeatProgress]] = {}
    seen: set[int] = set()
    for world_id, pk, key, bot, members, picked_members, picked in rows:
        if pk in seen:
            continue
        seen.add(pk)
        found.setdefault(world_id, []).append(
            SeatProgress(pk, key, bot or "", int(members), int(picked_members), bool(picked))
        )
    return found


def everyone_moved(progress: list[SeatProgress]) -> bool:
    """Tell whether no seat keeps the turn waiting (bots always have moved)."""
    return not any(seat.waiting for seat in progress)


# --- what this thread just found ----------------------------------------------

_recent = threading.local()


@dataclass(frozen=True, slots=True)
class Recent:
    """What this thread found about a world's turn, and when (monotonic) it asked."""

    world: World
    turn: Turn | None
    progress: list[SeatProgress]
    moved: list[tuple[str, str, bool]]
    strip: str | None
    clock: float

    def seat(self, seat_id: int) -> SeatProgress | None:
        """Return one seat's standing, if the seat is in this world."""
        return next((seat for seat in self.progress if seat.seat_id == seat_id), None)


def clock() -> float:
    """Return this process's monotonic clock: take it before saving, or before asking."""
    return time.monotonic()


def remember(
    world: World,
    turn: Turn | None,
    progress: list[SeatProgress],
    moved: list[tuple[str, str, bool]],
    asked: float,
    strip: str | None = None,
) -> None:
    """Keep what this thread found by asking at `asked`, for the ack and check that follow."""
    _recent.found = Recent(world, turn, progress, moved, strip, asked)


def recent(world_id: int, since: float | None, turn_id: int | None = None) -> Recent | None:
    """Return what this thread asked about a world at or after `since`, if just now.

    `since` is the clock taken before the move was saved (None: nothing is reused);
    with `turn_id`, only an answer about that open turn is returned.
    """
    found: Recent | None = getattr(_recent, "found", None)
    if (
        since is None
        or found is None
        or found.world.pk != world_id
        or found.clock < since
        or time.monotonic() - found.clock > RECENT_SECONDS
    ):
        return None
    if turn_id is not None and (found.turn is None or found.turn.pk != turn_id):
        return None
    return found


def forget() -> None:
    """Drop what this thread remembers."""
    _recent.__dict__.pop("found", None)
