"""Resolve one turn: the moves in, the next world and the turn's record out.

The phases run in the rulebook's order: events, economy, stocks, alliances and
agreements, observation, beliefs, threat and tension, war, score, domestic pressure,
spirals. Same world, moves and seed: byte-identical record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.referee import (
    alliances,
    beliefs,
    domestic,
    economy,
    perception,
    scoring,
    spirals,
    stocks,
    threat,
    war,
)
from game.referee import events as event_cards
from game.referee.events import check_event
from game.referee.ledger import BeliefDraft, Ledger
from game.referee.moves import CHEAP_REASSURANCE, InvalidMove, Move, check_move
from game.referee.records import MoveEntry, TurnRecord, TurnResult
from game.referee.types import EventCard, Intent, WorldState

DEFAULT_POLICY = "default"  # the record's `by` for a seat given the cheap reassurance


def absent_move(world: WorldState, seat: str, policy: str | None) -> tuple[Move, str]:
    """Return the move the absent policy plays for `seat`, and who chose it."""
    if not policy:
        return CHEAP_REASSURANCE, DEFAULT_POLICY
    from game.referee.bots import bot_move
    from game.referee.view import seat_view

    move = bot_move(policy, seat_view(world, seat))
    try:
        return check_move(world, seat, move), policy
    except InvalidMove:
        return CHEAP_REASSURANCE, DEFAULT_POLICY


def resolve_turn(
    world: WorldState,
    moves: Mapping[str, Move | Mapping[str, object]],
    *,
    absent: Mapping[str, str | None] | None = None,
    events: Sequence[EventCard] = (),
) -> TurnResult:
    """Resolve the world's current turn; raise InvalidMove (changing nothing) if refused."""
    if world.finished:
        raise InvalidMove("the game is over")
    for seat in moves:
        if seat not in world.seats:
            raise InvalidMove(f"{seat!r} is not a state in this world")
    chosen: dict[str, Move] = {}
    entries = []
    policies = absent or {}
    for seat in world.seats:
        if seat in moves:
            move = check_move(world, seat, moves[seat])
            entries.append(MoveEntry(seat, move))
        else:
            move, by = absent_move(world, seat, policies.get(seat))
            entries.append(MoveEntry(seat, move, True, by))
        chosen[seat] = move
    cards = tuple(check_event(world, card) for card in events)
    return resolve_checked(world, chosen, tuple(entries), cards)


def resolve_checked(
    world: WorldState,
    moves: dict[str, Move],
    entries: tuple[MoveEntry, ...],
    cards: tuple[EventCard, ...] = (),
    *,
    wars: bool = True,
) -> TurnResult:
    """Resolve a turn whose moves and cards are already checked (wars=False: no war)."""
    ledger = Ledger(world, moves)
    event_cards.apply(ledger, cards)
    economy.apply(ledger)
    stocks.apply(ledger)
    alliances.apply(ledger)
    perception.apply(ledger)
    beliefs.apply(ledger)
    threat.apply(ledger)
    if wars:
        war.apply(ledger)
    scoring.apply(ledger)
    domestic.apply(ledger)
    spirals.apply(ledger)
    return _freeze(ledger, entries)


def _freeze(ledger: Ledger, entries: tuple[MoveEntry, ...]) -> TurnResult:
    world = ledger.world
    turn = ledger.turn
    moves = ledger.moves
    intents = ledger.intents
    for key in ledger.keys:
        move = moves[key]
        if move.action == "arm" and (move.aimed_at or move.reason):
            intents.append(Intent(turn, key, move.aimed_at, move.reason))
    countries = tuple([c.freeze(moves[k]) for k, c in ledger.countries.items()])
    freeze = BeliefDraft.freeze
    beliefs = tuple([freeze(b) for b in ledger.drafts])
    dyads = tuple(ledger.dyads.values())
    next_world = WorldState(
        world.scenario,
        world.seed,
        turn + 1,
        world.turns,
        ledger.params,
        countries,
        beliefs,
        tuple(ledger.pacts.values()),
        tuple(ledger.pledges),
        tuple(ledger.agreements.values()),
        tuple(ledger.openings),
        tuple(ledger.proposals),
        dyads,
        tuple(intents),
        world.hotline_available,
    )
    record = TurnRecord(
        turn,
        entries,
        countries,
        beliefs,
        dyads,
        tuple(ledger.crises),
        tuple(ledger.wars),
        tuple(ledger.scores),
        ledger.world_score,
        tuple(ledger.spirals),
        tuple(ledger.events),
        tuple(ledger.diplomacy),
        tuple(ledger.draws),
    )
    return TurnResult(next_world, record)
