"""Seating: the only writer of worlds, seats and seat members while a game is in its lobby.

A student is seated when they arrive: in the lobby, in the world with the fewest
humans, at the first free state in scenario order (teams: the state with the
fewest members, up to the team size); when every seat is taken and the world
count is automatic, a new world opens. Once the game runs, a late joiner takes
a seat nobody sits in (a bot has been playing it), or joins a team with room.
Every change locks the session row first, so two students arriving at the same
moment cannot take the same seat, and tells the lobbies after commit.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from classroom.models import Classroom, Student
from game import lobby
from game.models import GameSession, GameStatus, Seat, Seating, SeatMember, World
from game.referee import load_scenario

# Labels A..Z: enough worlds for any class, and each label a single letter on the board.
MAX_WORLDS = 26


class SeatingError(Exception):
    """A seat could not be given or changed; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Arrival:
    """Where an arriving student ends up: their game and seat, or why they have none."""

    game: GameSession | None
    member: SeatMember | None
    problem: str = ""


def world_label(index: int) -> str:
    """Return the letter a world is called by (A for the first)."""
    return chr(ord("A") + index)


def world_seed(session: GameSession, index: int) -> int:
    """Return world `index`'s seed: the session's in an experiment, else its own draw.

    Worlds of a class experiment share the seed (common random numbers), so they
    differ only by the parameters being compared and by the players' choices.
    """
    if session.variations:
        return session.seed
    digest = hashlib.sha256(f"{session.seed}:{index}".encode()).digest()
    return int.from_bytes(digest[:7], "big")


def seats_per_state(session: GameSession) -> int:
    """Return how many students one state takes: 1 alone, the team size in teams."""
    return session.team_size if session.seating == Seating.TEAMS else 1


def state_keys(session: GameSession) -> tuple[str, ...]:
    """Return the session's state keys in scenario order."""
    return load_scenario(session.scenario_key).state_keys


def state_name(session: GameSession, key: str) -> str:
    """Return the name a session's scenario gives the state `key` (the key if it has none).

    Notices name states as students and teachers know them: 'Soviet Union', not 'USSR'.
    """
    try:
        return load_scenario(session.scenario_key).state(key).name
    except KeyError:
        return key


def _locked(session: GameSession) -> GameSession:
    """Lock the session row for the rest of the transaction and return it fresh."""
    return GameSession.objects.select_for_update().get(pk=session.pk)


def _create_world(session: GameSession, index: int, keys: Sequence[str]) -> World:
    world = World.objects.create(
        session=session,
        index=index,
        label=world_label(index),
        seed=world_seed(session, index),
    )
    Seat.objects.bulk_create(
        Seat(world=world, state_key=key, order=order) for order, key in enumerate(keys)
    )
    return world


def _label_variations(session: GameSession) -> None:
    """Name each world's experiment group the way the game will hand them out at start."""
    if not session.variations:
        return
    from game.services import world_overrides

    worlds = list(session.worlds.order_by("index"))
    for world in worlds:
        _, label = world_overrides(session, world.index, len(worlds))
        if world.variation_label != label:
            World.objects.filter(pk=world.pk).update(variation_label=label)


def prepare_worlds(session: GameSession) -> list[World]:
    """Open a new game's worlds: the fixed number, or one to start with when automatic."""
    keys = state_keys(session)
    count = session.world_count or 1
    if not 1 <= count <= MAX_WORLDS:
        raise SeatingError(f"A game has 1 to {MAX_WORLDS} worlds.")
    with transaction.atomic():
        worlds = [_create_world(session, index, keys) for index in range(count)]
        _label_variations(session)
        lobby.lobby_changed(session)
    return worlds


def member_of(session: GameSession, student: Student) -> SeatMember | None:
    """Return the student's seat in a session, if they have one."""
    return (
        SeatMember.objects.select_related("seat__world")
        .filter(session=session, student=student)
        .first()
    )


def _occupancy(session: GameSession) -> tuple[list[Seat], Counter[int], Counter[int]]:
    """Return the session's seats in order, members per seat, and humans per world."""
    seats = list(
        Seat.objects.filter(world__session=session)
        .select_related("world")
        .order_by("world__index", "order")
    )
    per_seat: Counter[int] = Counter(
        SeatMember.objects.filter(session=session).values_list("seat_id", flat=True)
    )
    per_world: Counter[int] = Counter()
    for seat in seats:
        per_world[seat.world_id] += per_seat[seat.pk]
    return seats, per_seat, per_world


def _lobby_seat(session: GameSession) -> Seat:
    """Choose the seat for the next arrival in the lobby, opening a world if allowed."""
    seats, per_seat, per_world = _occupancy(session)
    room = seats_per_state(session)
    open_seats = [seat for seat in seats if per_seat[seat.pk] < room]
    if not open_seats:
        worlds = {seat.world_id for seat in seats}
        if session.world_count is not None or len(worlds) >= MAX_WORLDS:
            raise SeatingError("Every seat in this game is taken. Ask your teacher to add a world.")
        world = _create_world(session, len(worlds), state_keys(session))
        _label_variations(session)
        return world.seats.order_by("order").first()  # type: ignore[return-value]
    # The world with the fewest humans; in it the state with the fewest members, in order.
    return min(
        open_seats,
        key=lambda s: (per_world[s.world_id], s.world.index, per_seat[s.pk], s.order),
    )


def _late_seat(session: GameSession) -> Seat:
    """Choose a seat for a student arriving after the start: a bot's empty seat, or a team."""
    seats, per_seat, per_world = _occupancy(session)
    running = [s for s in seats if s.world.status != GameStatus.FINISHED]
    empty = [s for s in running if per_seat[s.pk] == 0]
    if empty:
        return min(empty, key=lambda s: (per_world[s.world_id], s.world.index, s.order))
    room = seats_per_state(session)
    teams = [s for s in running if per_seat[s.pk] < room]
    if teams:
        return min(teams, key=lambda s: (per_seat[s.pk], per_world[s.world_id], s.world.index))
    raise SeatingError("Every seat in this game is taken. Ask your teacher for a seat.")


def seat_student(session: GameSession, student: Student) -> SeatMember:
    """Seat a student in a session (or return their seat if they already have one)."""
    if student.classroom_id != session.classroom_id:
        raise SeatingError("That student is not in this game's class.")
    existing = member_of(session, student)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            session = _locked(session)
            if session.status == GameStatus.FINISHED:
                raise SeatingError("This game has finished. Wait for your teacher's next one.")
            late = session.status != GameStatus.LOBBY
            seat = _late_seat(session) if late else _lobby_seat(session)
            member = SeatMember.objects.create(session=session, seat=seat, student=student)
            changes: dict[str, object] = {}
            if seat.captain_id is None:
                changes["captain"] = student
            if late and seat.bot_strategy:
                # The student takes the state over from the bot that has been playing it.
                changes.update(bot_strategy="", missed_turns=0)
            if changes:
                Seat.objects.filter(pk=seat.pk).update(**changes)
            if late:
                from game import broadcast

                broadcast.world_changed(seat.world_id, session.pk, "joined")
            lobby.lobby_changed(session)
    except IntegrityError:
        # The same student arrived twice at once: the other request seated them.
        existing = member_of(session, student)
        if existing is None:
            raise
        return existing
    return SeatMember.objects.select_related("seat__world").get(pk=member.pk)


def current_game(classroom: Classroom, student: Student | None = None) -> GameSession | None:
    """Return the game a student arriving in the classroom belongs in, if any.

    Their own unfinished game first; else the newest game in its lobby; else the
    newest running one (to join late).
    """
    games = GameSession.objects.filter(classroom=classroom).exclude(status=GameStatus.FINISHED)
    if student is not None:
        own = games.filter(members__student=student).order_by("-created_at").first()
        if own is not None:
            return own
    lobby_game = games.filter(status=GameStatus.LOBBY).order_by("-created_at").first()
    return lobby_game or games.order_by("-created_at").first()


def arrive(classroom: Classroom, student: Student) -> Arrival:
    """Seat a student arriving in their classroom in the current game, if there is one."""
    game = current_game(classroom, student)
    if game is None:
        return Arrival(None, None)
    try:
        return Arrival(game, seat_student(game, student))
    except SeatingError as refusal:
        return Arrival(game, None, str(refusal))


def _require_lobby(session: GameSession) -> None:
    if session.status != GameStatus.LOBBY:
        raise SeatingError("Seats can be changed only before the game starts.")


def _reassign_captain(seat: Seat) -> None:
    """Keep a seat's captain among its members: the first to sit down, if the old one left."""
    members = list(seat.members.order_by("joined_at", "id").values_list("student_id", flat=True))
    captain = seat.captain_id if seat.captain_id in members else (members[0] if members else None)
    if captain != seat.captain_id:
        Seat.objects.filter(pk=seat.pk).update(captain_id=captain)


def move_student(session: GameSession, student: Student, seat: Seat) -> None:
    """Move a student to another seat before the start (alone: swapping with its occupant)."""
    with transaction.atomic():
        session = _locked(session)
        _require_lobby(session)
        seat = Seat.objects.select_related("world").get(pk=seat.pk)
        if seat.world.session_id != session.pk:
            raise SeatingError("That seat is in another game.")
        member = member_of(session, student)
        if member is not None and member.seat_id == seat.pk:
            return
        occupants = list(seat.members.all())
        solo = session.seating == Seating.SOLO
        if solo and occupants and member is not None:
            # One student per state: the two students swap places.
            SeatMember.objects.filter(pk__in=[m.pk for m in occupants]).update(seat=member.seat)
        elif len(occupants) >= seats_per_state(session):
            raise SeatingError(
                f"{state_name(session, seat.state_key)} in world {seat.world.label} is full: "
                "move someone out first."
            )
        if member is None:
            SeatMember.objects.create(session=session, seat=seat, student=student)
        else:
            old_seat = member.seat
            SeatMember.objects.filter(pk=member.pk).update(seat=seat)
            _reassign_captain(Seat.objects.get(pk=old_seat.pk))
        _reassign_captain(Seat.objects.get(pk=seat.pk))
        lobby.lobby_changed(session)


def set_captain(session: GameSession, seat: Seat, student: Student) -> None:
    """Make a team member their team's captain (who decides for an autocracy)."""
    with transaction.atomic():
        session = _locked(session)
        if session.status == GameStatus.FINISHED:
            raise SeatingError("This game has finished.")
        if not seat.members.filter(student=student).exists():
            raise SeatingError(f"{student.display_name} is not in that team.")
        Seat.objects.filter(pk=seat.pk).update(captain=student)
        lobby.lobby_changed(session)


def unseat_student(session: GameSession, student: Student) -> None:
    """Take a student out of a game before the start (their seat opens for someone else)."""
    with transaction.atomic():
        session = _locked(session)
        _require_lobby(session)
        member = member_of(session, student)
        if member is None:
            return
        seat = member.seat
        member.delete()
        _reassign_captain(Seat.objects.get(pk=seat.pk))
        lobby.lobby_changed(session)


def add_world(session: GameSession) -> World:
    """Open one more world before the start (a fixed world count grows by one)."""
    with transaction.atomic():
        session = _locked(session)
        _require_lobby(session)
        count = session.worlds.count()
        if count >= MAX_WORLDS:
            raise SeatingError(f"A game has at most {MAX_WORLDS} worlds.")
        world = _create_world(session, count, state_keys(session))
        if session.world_count is not None:
            GameSession.objects.filter(pk=session.pk).update(world_count=count + 1)
            session.world_count = count + 1
        _label_variations(session)
        lobby.lobby_changed(session)
    return world


def discard_game(session: GameSession) -> bool:
    """Delete a game that has not started, with its worlds and seats; return whether it did."""
    with transaction.atomic():
        deleted, _ = GameSession.objects.filter(pk=session.pk, status=GameStatus.LOBBY).delete()
        if deleted:
            lobby.lobby_changed(session)
    return bool(deleted)


def balanced_sizes(students: int, worlds: int) -> list[int]:
    """Split `students` over `worlds` so that sizes differ by at most one, larger first."""
    base, extra = divmod(students, worlds)
    return [base + (1 if index < extra else 0) for index in range(worlds)]


def reseat(session: GameSession) -> None:
    """Rebalance everyone seated: even worlds, states filled in scenario order, joiners first."""
    with transaction.atomic():
        session = _locked(session)
        _require_lobby(session)
        keys = state_keys(session)
        room = seats_per_state(session)
        members = list(SeatMember.objects.filter(session=session).order_by("joined_at", "id"))
        if session.world_count is None:
            count = max(1, math.ceil(len(members) / (len(keys) * room)))
            count = min(count, MAX_WORLDS)
        else:
            count = session.world_count
        if len(members) > count * len(keys) * room:
            raise SeatingError("There are more students than seats: add a world first.")
        worlds = list(session.worlds.order_by("index"))
        for index in range(len(worlds), count):
            worlds.append(_create_world(session, index, keys))
        seats = {
            (seat.world_id, seat.order): seat
            for seat in Seat.objects.filter(world__session=session)
        }
        start = 0
        for world, size in zip(worlds, balanced_sizes(len(members), count), strict=False):
            for position, member in enumerate(members[start : start + size]):
                seat = seats[(world.pk, position % len(keys))]
                SeatMember.objects.filter(pk=member.pk).update(seat=seat)
            start += size
        Seat.objects.filter(world__session=session).update(captain=None)
        World.objects.filter(session=session, index__gte=count).delete()
        for seat in Seat.objects.filter(world__session=session):
            _reassign_captain(seat)
        _label_variations(session)
        lobby.lobby_changed(session)


def fill_empty_seats_with_bots(session: GameSession) -> int:
    """Give every seat nobody sits in to a bot of the session's strategy; return how many."""
    seated = SeatMember.objects.filter(seat=OuterRef("pk"))
    seats = Seat.objects.filter(world__session=session)
    seats.filter(Exists(seated)).exclude(bot_strategy="").update(bot_strategy="")
    return seats.filter(~Exists(seated)).update(bot_strategy=session.bot_strategy)
