"""The only writer of game state: start, moves, turn resolution, and teacher controls.

Each action validates (`GameError` with a message a student or teacher can read),
changes the database inside one transaction, and asks browsers to refresh only
after that transaction commits. A turn is resolved exactly once, whichever of
the deadline runners, worker processes or teacher clicks gets there first: the
resolver claims it with a conditional `UPDATE ... WHERE status='open'` and acts
only if it changed one row (this works on SQLite too, where row locks do not).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from classroom.models import Student
from game import broadcast, progress
from game.compiled import CompiledQuery
from game.models import (
    GameSession,
    GameStatus,
    InjectedEvent,
    Move,
    Rating,
    Seat,
    Turn,
    TurnStatus,
    World,
)
from game.referee import (
    EVENT_CARDS,
    EventCard,
    InvalidMove,
    TurnNews,
    TurnRecord,
    WorldState,
    apply_overrides,
    check_event,
    check_move,
    combine_team_picks,
    load_scenario,
    move_from_dict,
    move_to_dict,
    new_world,
    news_of,
    resolve_turn,
    validate_move,
)

log = logging.getLogger(__name__)

MISSED_TURNS_BEFORE_BOT = 2
MAX_EXTENSION_SECONDS = 600
FRIENDLINESS = range(-2, 3)
CONFIDENCE = range(1, 4)


class GameError(Exception):
    """An action refused; the message says why in words a student or teacher understands."""


# --- decoded state, once per process --------------------------------------
# Decoding a world's stored state takes milliseconds (tens of them late in a game)
# and every move, ack and panel needs it: each process keeps the last decodings.
# An entry is used only for the state version it was decoded from (a new random
# version with every state written), and a turn's news only for the same row
# resolved at the same instant, so a cache can never serve a state the database no
# longer holds. Keyed by version, the hot queries need not read the state at all.
# Of a turn's record the panels read only its news (`news_of`), a quarter of the
# record's size decoded: that is what is kept, for every turn of every world in play.

STATE_CACHE_SIZE = 2048
NEWS_CACHE_SIZE = 8192
_cache_lock = threading.Lock()
_states: OrderedDict[int, tuple[UUID, WorldState]] = OrderedDict()
_news: OrderedDict[tuple[int, datetime], TurnNews] = OrderedDict()
# What a world's state is read with, so the world stays one snapshot.
_SNAPSHOT = ("pk", "state", "state_version", "turn_number", "status")


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any, size: int) -> None:
    with _cache_lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)


def world_state(world: World) -> WorldState:
    """Return a world's current state, decoded at most once per process per change."""
    with _cache_lock:
        cached = _states.get(world.pk)
    if cached is not None and cached[0] == world.state_version:
        return cached[1]
    preload_states([world])
    state = WorldState.from_dict(world.state)
    remember_state(world, state)
    return state


def preload_states(worlds: Sequence[World]) -> None:
    """Read, in one query, the states left out of these worlds that this process does not hold."""
    with _cache_lock:
        missing = {
            w.pk: w
            for w in worlds
            if w.has_state
            and "state" in w.get_deferred_fields()
            and ((cached := _states.get(w.pk)) is None or cached[0] != w.state_version)
        }
    if not missing:
        return
    for pk, *values in World.objects.filter(pk__in=missing).values_list(*_SNAPSHOT):
        for name, value in zip(_SNAPSHOT[1:], values, strict=True):
            setattr(missing[pk], name, value)


def remember_state(world: World, state: WorldState) -> None:
    """Keep a world's decoded state for its current version (set by saving the state)."""
    if world.state_version is not None:
        _remember(_states, world.pk, (world.state_version, state), STATE_CACHE_SIZE)


def world_news(world: World) -> list[TurnNews]:
    """Return the news of a world's resolved turns in order, each decoded once per process."""
    rows = list(
        world.turns.filter(status=TurnStatus.RESOLVED, record__isnull=False)
        .order_by("number")
        .values_list("pk", "resolved_at")
    )
    found = decoded_news(rows)
    return [news for key in rows if (news := found.get(key)) is not None]


def decoded_news(
    keys: Sequence[tuple[int, datetime]],
) -> dict[tuple[int, datetime], TurnNews]:
    """Return the news of the turns keyed (pk, resolved_at), in one query for those not held."""
    with _cache_lock:
        found = {key: news for key in keys if (news := _news.get(key)) is not None}
    missing = [pk for pk, at in keys if (pk, at) not in found]
    if missing:
        for pk, at, data in Turn.objects.filter(pk__in=missing, record__isnull=False).values_list(
            "pk", "resolved_at", "record"
        ):
            news = news_of(TurnRecord.from_dict(data))
            found[(pk, at)] = news
            _remember(_news, (pk, at), news, NEWS_CACHE_SIZE)
    return found


# --- set-up -----------------------------------------------------------------


def world_overrides(session: GameSession, index: int, world_count: int) -> tuple[dict, str]:
    """Return world `index`'s parameter overrides and its experiment label.

    Variations are handed out in blocks (A and B get the first, C and D the second),
    so a class experiment compares neighbouring worlds.
    """
    overrides = dict(session.params or {})
    variations = session.variations or []
    if not variations:
        return overrides, ""
    block = min(len(variations) - 1, index * len(variations) // max(world_count, 1))
    variation = variations[block]
    overrides.update(variation.get("overrides", {}))
    return overrides, str(variation.get("label", ""))


def start_game(session: GameSession) -> None:
    """Start every world of a session in its lobby: bots take empty seats, turn 1 opens."""
    from game.seating import fill_empty_seats_with_bots

    with transaction.atomic():
        claimed = GameSession.objects.filter(pk=session.pk, status=GameStatus.LOBBY).update(
            status=GameStatus.RUNNING, started_at=timezone.now()
        )
        if claimed != 1:
            raise GameError("This game has already started.")
        session.refresh_from_db()
        # Every world was opened with the session; seats nobody took go to bots, so a
        # game started before anyone joins plays itself (a teacher's preview).
        worlds = list(session.worlds.order_by("index"))
        fill_empty_seats_with_bots(session)
        scenario = load_scenario(session.scenario_key)
        now = timezone.now()
        for world in worlds:
            overrides, label = world_overrides(session, world.index, len(worlds))
            try:
                params = apply_overrides(scenario.params, overrides)
            except ValueError as exc:
                raise GameError(f"World {world.label}: {exc}") from exc
            seats = [seat.state_key for seat in world.seats.order_by("order")]
            state = new_world(scenario, params, world.seed, turns=session.turns, seats=seats)
            world.params = overrides
            world.variation_label = label or world.variation_label
            world.initial_state = world.state = state.to_dict()
            world.turn_number = 1
            world.status = GameStatus.RUNNING
            world.save()
            remember_state(world, state)
            Turn.objects.create(world=world, number=1, deadline=_deadline(session, now))
            broadcast.world_changed(world.pk, session.pk, "started")
        broadcast.session_changed(session.pk, "started")


def _deadline(session: GameSession, now: datetime) -> datetime | None:
    if session.turn_seconds is None:
        return None
    return now + timedelta(seconds=session.turn_seconds)


# --- moves ------------------------------------------------------------------


def open_turn(world: World) -> Turn:
    """Return the world's open turn, or raise GameError if moves are not being taken."""
    if world.status == GameStatus.PAUSED:
        raise GameError("The game is paused: your teacher will resume it.")
    if world.status != GameStatus.RUNNING:
        raise GameError("This world is not running.")
    turn = current_turn(world)
    if turn is None:
        raise GameError("The turn is being resolved: wait a moment.")
    return turn


# Every move looks up its world's open turn: compiled once, the query costs a third.
_OPEN_TURN = CompiledQuery(
    lambda world_id: Turn.objects.filter(world_id=world_id, status=TurnStatus.OPEN).order_by(
        "-number"
    )[:1]
)


def current_turn(world: World) -> Turn | None:
    """Return the world's open turn, if any, with the world as its own."""
    found = _OPEN_TURN.all(world.pk)
    if not found:
        return None
    found[0].world = world
    return found[0]


def submit_move(
    seat: Seat,
    student: Student,
    turn_number: int,
    payload: Mapping[str, Any],
    move_id: str,
    *,
    resolve: bool = True,
) -> Move:
    """Lock in (or change) a student's move for their seat this turn.

    Re-sending the same `move_id` changes nothing, so a reconnecting browser can
    safely send its last move again. The move that completes the turn resolves it,
    unless `resolve` is False: then the caller calls `complete_turn` (the play socket
    does, once the student has their ack).
    """
    world = seat.world
    turn = open_turn(world)
    if turn_number != turn.number:
        raise GameError(f"That move is for turn {turn_number}, but this is turn {turn.number}.")
    if seat.bot_strategy:
        raise GameError("A bot is playing your state: take your seat back first.")
    state = world_state(world)
    try:
        move = check_move(state, seat.state_key, payload)
    except InvalidMove as refusal:
        raise GameError(_sentence(refusal.reason)) from refusal
    picked = move_to_dict(move)
    # Before saving: what this thread asks after the commit may be reused (`complete_turn`).
    saving = progress.clock()
    # A lone insert commits by itself; a transaction (savepoint) only when there is more
    # to write with it, or the caller's transaction must survive a duplicate.
    alone = not seat.missed_turns and not transaction.get_connection().in_atomic_block
    try:
        # Most picks are a student's first of the turn: insert it.
        with nullcontext() if alone else transaction.atomic():
            saved = Move.objects.create(
                turn=turn, seat=seat, student=student, move_id=move_id, payload=picked
            )
            _picked(seat, move_id, turn)
    except IntegrityError:
        # This student has a pick in already: change it (or, sent again, leave it be).
        with transaction.atomic():
            saved = Move.objects.select_for_update().get(turn=turn, seat=seat, student=student)
            saved.turn = turn
            if saved.move_id == move_id:
                return saved
            saved.move_id = move_id
            saved.payload = picked
            saved.save(update_fields=["move_id", "payload", "submitted_at"])
            _picked(seat, move_id, turn)
    saved.saved_clock = saving  # type: ignore[attr-defined]
    if resolve:
        complete_turn(turn, since=saving)
    return saved


def _picked(seat: Seat, move_id: str, turn: Turn) -> None:
    """Clear the seat's missed turns and tell the world, once the pick commits."""
    if seat.missed_turns:
        Seat.objects.filter(pk=seat.pk).update(missed_turns=0)
    broadcast.seat_changed(seat.pk, turn.world_id, seat.world.session_id, "moved", move_id, turn)


def complete_turn(turn: Turn, since: float | None = None) -> bool:
    """Resolve the turn now if every seat has moved; return whether this call resolved it.

    `since`: as for `everyone_moved_since`.
    """
    return everyone_moved_since(turn, since) and claim_and_resolve(turn.pk)


def everyone_moved_since(turn: Turn, since: float | None = None) -> bool:
    """Tell whether every seat of the turn's world has moved, asking again only if need be.

    `since`, the clock `submit_move` took before saving the move (its `saved_clock`):
    what this thread asked about the turn after that commit (to push the 'who has
    moved' strip) is still the answer, so it is not asked again.
    """
    found = progress.recent(turn.world_id, since, turn.pk)
    return progress.everyone_moved(found.progress) if found else turn_complete(turn)


def _sentence(reason: str) -> str:
    reason = reason.strip()
    text = reason[:1].upper() + reason[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def turn_complete(turn: Turn) -> bool:
    """Tell whether every seat of the turn's world has moved (bots always have).

    One query whatever the size of the world: is there a seat without a bot that
    has nobody in it, or someone in it who has not picked yet?
    """
    return progress.everyone_moved(progress.world_progress(turn.world_id, turn))


def record_rating(
    seat: Seat, student: Student, turn_number: int, target: str, friendliness: int, confidence: int
) -> Rating:
    """Save a student's one-tap read of another state for this turn."""
    turn = open_turn(seat.world)
    if turn_number != turn.number:
        raise GameError(f"That rating is for turn {turn_number}, but this is turn {turn.number}.")
    others = [
        s for s in seat.world.seats.values_list("state_key", flat=True) if s != seat.state_key
    ]
    if target not in others:
        raise GameError(f"You can rate {', '.join(others)}; not {target!r}.")
    if friendliness not in FRIENDLINESS or confidence not in CONFIDENCE:
        raise GameError("A rating goes from -2 (hostile) to +2 (friendly), sureness from 1 to 3.")
    rating, _ = Rating.objects.update_or_create(
        turn=turn,
        student=student,
        target=target,
        defaults={"seat": seat, "friendliness": friendliness, "confidence": confidence},
    )
    return rating


def take_back_seat(seat: Seat, student: Student) -> None:
    """Let a seated student take their state back from the bot that held it."""
    if not seat.members.filter(student=student).exists():
        raise GameError("That is not your seat.")
    with transaction.atomic():
        Seat.objects.filter(pk=seat.pk).update(bot_strategy="", missed_turns=0)
        broadcast.seat_changed(seat.pk, seat.world_id, seat.world.session_id, "taken back")


# --- resolution -------------------------------------------------------------


def claim_and_resolve(turn_id: int) -> bool:
    """Resolve an open turn exactly once; return False if someone else already did."""
    with transaction.atomic():
        now = timezone.now()
        claimed = Turn.objects.filter(pk=turn_id, status=TurnStatus.OPEN).update(
            status=TurnStatus.RESOLVED, resolved_at=now
        )
        if claimed != 1:
            return False
        # The turn's old record and the world's first state are neither read nor written.
        turn = (
            Turn.objects.select_related("world__session")
            .defer("record", "world__initial_state", "world__state")
            .get(pk=turn_id)
        )
        _resolve(turn, now)
    return True


def _resolve(turn: Turn, now: datetime, *, last: bool = False) -> None:
    """Resolve a claimed turn and open the next; `last`: the game is ending, open none."""
    world = turn.world
    session = world.session
    state = world_state(world)
    seats = list(world.seats.order_by("order"))
    picks: dict[int, dict[str, Any]] = {}
    for move in Move.objects.filter(turn=turn).order_by("submitted_at", "pk"):
        picks.setdefault(move.seat_id, {})[str(move.student_id)] = move_from_dict(move.payload)
    moves = {}
    absent: dict[str, str | None] = {}
    missed: list[Seat] = []
    for seat in seats:
        seat_picks = picks.get(seat.pk)
        if seat.bot_strategy:
            absent[seat.state_key] = seat.bot_strategy
        elif seat_picks:
            regime = state.country(seat.state_key).regime
            captain = str(seat.captain_id) if seat.captain_id else next(iter(seat_picks))
            move = combine_team_picks(regime, seat_picks, captain)
            # A pick valid when sent can lapse (a pact was offered, then withdrawn).
            if validate_move(state, seat.state_key, move) is None:
                moves[seat.state_key] = move
            else:
                absent[seat.state_key] = None
        else:
            absent[seat.state_key] = None
            missed.append(seat)
    if not last:
        # No bot takes over a seat after the game's last turn.
        _count_missed_turns(missed, session.bot_strategy)
    events = [
        EventCard(key=e.card, targets=tuple(t for t in e.target.split(",") if t))
        for e in world.events.filter(turn_number=turn.number).order_by("pk")
    ]
    result = resolve_turn(state, moves, absent=absent, events=events)
    turn.record = result.record.to_dict()
    turn.save(update_fields=["record"])
    world.state = result.world.to_dict()
    world.turn_number = turn.number + 1
    _remember(_news, (turn.pk, now), news_of(result.record), NEWS_CACHE_SIZE)
    if last or result.world.finished or turn.number >= session.turns:
        world.status = GameStatus.FINISHED
        world.save(update_fields=["state", "turn_number", "status"])
        remember_state(world, result.world)
        if not last:
            # Ending the game finishes the session itself (and says so once).
            _finish_session_if_done(session, now)
        # The session may have just finished in the database only: the pushes read it back.
        broadcast.world_changed(world.pk, session.pk, "resolved")
        return
    world.save(update_fields=["state", "turn_number"])
    # The next reader of this world (in this process) need not decode what we hold.
    remember_state(world, result.world)
    paused = world.status == GameStatus.PAUSED
    opened = Turn.objects.create(
        world=world,
        number=turn.number + 1,
        deadline=None if paused else _deadline(session, now),
        seconds_left_when_paused=session.turn_seconds if paused else None,
    )
    # The pushed states are rendered from what was just committed, not read back.
    broadcast.world_changed(world.pk, session.pk, "resolved", resolved=(opened, world))


def _count_missed_turns(seats: list[Seat], bot_strategy: str) -> None:
    """Count a missed turn for each seat; two in a row and a bot holds the seat (2 queries)."""
    # Two missed turns in a row: a bot with a declared strategy holds the seat.
    to_bot = [s.pk for s in seats if s.missed_turns + 1 >= MISSED_TURNS_BEFORE_BOT]
    waiting = [s.pk for s in seats if s.missed_turns + 1 < MISSED_TURNS_BEFORE_BOT]
    if to_bot:
        Seat.objects.filter(pk__in=to_bot).update(
            missed_turns=F("missed_turns") + 1, bot_strategy=bot_strategy
        )
    if waiting:
        Seat.objects.filter(pk__in=waiting).update(
            missed_turns=F("missed_turns") + 1, bot_strategy=""
        )


def _finish_session_if_done(session: GameSession, now: datetime) -> None:
    if not session.worlds.exclude(status=GameStatus.FINISHED).exists():
        GameSession.objects.filter(pk=session.pk).exclude(status=GameStatus.FINISHED).update(
            status=GameStatus.FINISHED, ended_at=now
        )
        broadcast.session_changed(session.pk, "finished")


def due_turns(now: datetime | None = None) -> list[int]:
    """Return the ids of open turns whose deadline has passed in running worlds."""
    now = now or timezone.now()
    return list(
        Turn.objects.filter(
            status=TurnStatus.OPEN, deadline__lte=now, world__status=GameStatus.RUNNING
        ).values_list("pk", flat=True)
    )


def resolve_due_turns(now: datetime | None = None) -> int:
    """Resolve every turn whose deadline has passed; return how many this call resolved."""
    resolved = 0
    for turn_id in due_turns(now):
        try:
            resolved += claim_and_resolve(turn_id)
        except Exception:
            # One broken world must not stop the clock for every other class.
            log.exception("resolving turn %s failed", turn_id)
    return resolved


# --- teacher controls -------------------------------------------------------


def _running_worlds(session: GameSession, world: World | None = None) -> list[World]:
    worlds = session.worlds.exclude(status=GameStatus.FINISHED)
    if world is not None:
        worlds = worlds.filter(pk=world.pk)
    return list(worlds)


def pause_game(session: GameSession) -> None:
    """Stop every clock of a running session, remembering the time left."""
    now = timezone.now()
    with transaction.atomic():
        if (
            GameSession.objects.filter(pk=session.pk, status=GameStatus.RUNNING).update(
                status=GameStatus.PAUSED
            )
            != 1
        ):
            raise GameError("Only a running game can be paused.")
        for turn in Turn.objects.filter(world__session=session, status=TurnStatus.OPEN):
            left = (
                None if turn.deadline is None else max(0.0, (turn.deadline - now).total_seconds())
            )
            Turn.objects.filter(pk=turn.pk).update(deadline=None, seconds_left_when_paused=left)
        session.worlds.filter(status=GameStatus.RUNNING).update(status=GameStatus.PAUSED)
        broadcast.session_changed(session.pk, "paused")
    session.refresh_from_db()


def resume_game(session: GameSession) -> None:
    """Restart the clocks of a paused session with the time they had left."""
    now = timezone.now()
    with transaction.atomic():
        if (
            GameSession.objects.filter(pk=session.pk, status=GameStatus.PAUSED).update(
                status=GameStatus.RUNNING
            )
            != 1
        ):
            raise GameError("Only a paused game can be resumed.")
        session.worlds.filter(status=GameStatus.PAUSED).update(status=GameStatus.RUNNING)
        for turn in Turn.objects.filter(world__session=session, status=TurnStatus.OPEN):
            left = turn.seconds_left_when_paused
            deadline = None if left is None else now + timedelta(seconds=max(left, 5.0))
            Turn.objects.filter(pk=turn.pk).update(deadline=deadline, seconds_left_when_paused=None)
        broadcast.session_changed(session.pk, "resumed")
    session.refresh_from_db()


def extend_timer(session: GameSession, seconds: int) -> None:
    """Give every open turn of the session `seconds` more."""
    if not 1 <= seconds <= MAX_EXTENSION_SECONDS:
        raise GameError(f"Extend by 1 to {MAX_EXTENSION_SECONDS} seconds.")
    with transaction.atomic():
        open_turns = Turn.objects.filter(world__session=session, status=TurnStatus.OPEN)
        if session.status == GameStatus.PAUSED:
            open_turns.exclude(seconds_left_when_paused=None).update(
                seconds_left_when_paused=F("seconds_left_when_paused") + seconds
            )
        elif session.status == GameStatus.RUNNING:
            open_turns.exclude(deadline=None).update(
                deadline=F("deadline") + timedelta(seconds=seconds)
            )
        else:
            raise GameError("Only a running or paused game has a timer to extend.")
        broadcast.session_changed(session.pk, "extended")


def advance_now(session: GameSession, world: World | None = None) -> int:
    """Resolve the open turn of every world (or one) now; return how many resolved."""
    if session.status not in (GameStatus.RUNNING, GameStatus.PAUSED):
        raise GameError("Only a running or paused game can be advanced.")
    resolved = 0
    for each in _running_worlds(session, world):
        turn = each.turns.filter(status=TurnStatus.OPEN).first()
        if turn is not None:
            resolved += claim_and_resolve(turn.pk)
    return resolved


def run_demo_world(world: World) -> int:
    """Play an all-bot world through to its last turn now; return the turns resolved."""
    if world.seats.filter(bot_strategy="").exists():
        raise GameError(f"World {world.label} has students in it: only all-bot worlds run alone.")
    resolved = 0
    while True:
        world.refresh_from_db()
        if world.status != GameStatus.RUNNING:
            break
        turn = world.turns.filter(status=TurnStatus.OPEN).first()
        if turn is None or not claim_and_resolve(turn.pk):
            break
        resolved += 1
    if not resolved:
        raise GameError(f"World {world.label} is not running.")
    return resolved


def end_game(session: GameSession) -> None:
    """End the game now, after the current turn of every world (paused ones too).

    A world's open turn is resolved with the moves that are in, seats that have not
    moved taking their default as at a deadline, and no next turn opens. A turn
    nobody has moved or rated in yet is dropped instead: an all-default turn is not
    what the class played (a read given in it is kept, so that turn is resolved).
    Each turn is claimed like any resolution (`UPDATE ... WHERE
    status='open'`), so one that a deadline or a last move is resolving at this
    moment is resolved once, by whichever gets there first.
    """
    now = timezone.now()
    with transaction.atomic():
        if (
            GameSession.objects.filter(pk=session.pk)
            .exclude(status=GameStatus.FINISHED)
            .update(status=GameStatus.FINISHED, ended_at=now)
            != 1
        ):
            raise GameError("This game has already ended.")
        for world_id in session.worlds.exclude(status=GameStatus.FINISHED).values_list(
            "pk", flat=True
        ):
            _end_world(world_id, now)
        # Worlds that never started (the game ended from its lobby) have no turn to end.
        session.worlds.exclude(status=GameStatus.FINISHED).update(status=GameStatus.FINISHED)
        broadcast.session_changed(session.pk, "ended")
    session.refresh_from_db()


def _end_world(world_id: int, now: datetime) -> None:
    """Resolve a world's open turn as its last (or drop it if unplayed), and finish it."""
    played = False
    while True:
        still_open = Turn.objects.filter(world_id=world_id, status=TurnStatus.OPEN)
        turn = still_open.order_by("number").first()
        if turn is None:
            break
        claimed = Turn.objects.filter(pk=turn.pk, status=TurnStatus.OPEN).update(
            status=TurnStatus.RESOLVED, resolved_at=now, deadline=None
        )
        if claimed != 1:
            # Resolved by a deadline or a last move just now: the turn it opened is next.
            continue
        entered = (
            Move.objects.filter(turn_id=turn.pk).exists()
            or Rating.objects.filter(turn_id=turn.pk).exists()
        )
        if played or not entered:
            # Opened as the game ended, or nobody moved or rated: nothing of it was
            # played. A student's read is kept, so a turn with one is resolved.
            Turn.objects.filter(pk=turn.pk).delete()
            continue
        turn = (
            Turn.objects.select_related("world__session")
            .defer("record", "world__initial_state", "world__state")
            .get(pk=turn.pk)
        )
        _resolve(turn, now, last=True)
        played = True
    World.objects.filter(pk=world_id).exclude(status=GameStatus.FINISHED).update(
        status=GameStatus.FINISHED
    )


def reveal_intents(session: GameSession) -> None:
    """Show every student the true types, objectives and stated intents (after the end)."""
    if session.status != GameStatus.FINISHED:
        raise GameError("True intents are revealed only once the game has ended.")
    with transaction.atomic():
        GameSession.objects.filter(pk=session.pk).update(intents_revealed=True)
        broadcast.session_changed(session.pk, "revealed")
    session.refresh_from_db()


def inject_event(world: World, card: str, targets: Sequence[str] = ()) -> InjectedEvent:
    """Play an event card into a world's current turn; it applies when the turn resolves."""
    spec = EVENT_CARDS.get(card)
    if spec is None:
        raise GameError(f"Unknown event card {card!r}; choose one of {', '.join(EVENT_CARDS)}.")
    turn = open_turn(world) if world.status != GameStatus.PAUSED else _paused_turn(world)
    chosen = tuple(dict.fromkeys(t for t in targets if t))[: spec.targets]
    try:
        check_event(world_state(world), EventCard(key=card, targets=chosen))
    except ValueError as refusal:
        raise GameError(_sentence(str(refusal))) from refusal
    with transaction.atomic():
        event = InjectedEvent.objects.create(
            world=world, turn_number=turn.number, card=card, target=",".join(chosen)
        )
        broadcast.world_changed(world.pk, world.session_id, "event")
    return event


def _paused_turn(world: World) -> Turn:
    turn = world.turns.filter(status=TurnStatus.OPEN).first()
    if turn is None:
        raise GameError("This world has no open turn.")
    return turn
