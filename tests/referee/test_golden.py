"""The referee's output, pinned byte for byte.

Seeded games of every preset (bots, absent seats, event cards, a no-noise replay) and a
simulation lab batch are encoded with the referee's own codec and hashed. A speed-up must
leave these digests alone; a deliberate change to the rules changes them, and then they
are updated here with the change.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from game.referee import (
    BOT_NAMES,
    EventCard,
    apply_overrides,
    bot_move,
    load_scenario,
    new_world,
    news_of,
    replay_without_noise,
    resolve_turn,
    run_batch,
    scenario_keys,
    seat_views,
)

GAMES_DIGEST = "6823c75d34893283a04f458a154eb94d987432d58e67a276071e989aeb7ae611"
LAB_DIGEST = "70c069eb9af309da745e67ebb2c4f45b8b2f58002590da0939c6c62b4637c999"
RULES = ({}, {"noise": 0.5, "differentiation": 0.0, "offense_advantage": 1.8, "nuclear": True})


def _encode(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def games_digest() -> str:
    """Return the digest of the turn records, views and worlds of the pinned games."""
    digest = hashlib.sha256()
    for key in scenario_keys():
        scenario = load_scenario(key)
        for n, overrides in enumerate(RULES):
            params = apply_overrides(scenario.params, overrides)
            for seed in (3, 2024):
                world = start = new_world(scenario, params, seed, 6)
                records = []
                while not world.finished:
                    views = seat_views(world, [news_of(r) for r in records[-2:]])
                    digest.update(_encode([views[s].to_dict() for s in world.seats]))
                    seats = world.seats
                    turn = world.turn
                    moves = {
                        s: bot_move(BOT_NAMES[(i + turn + n) % len(BOT_NAMES)], views[s])
                        for i, s in enumerate(seats)
                        if (i + turn) % 5 != 2  # this seat is absent
                    }
                    absent = {s: "random" if i % 2 else None for i, s in enumerate(seats)}
                    cards = {
                        2: (EventCard("border_incident", (seats[0], seats[1])),),
                        3: (EventCard("false_intelligence", (seats[1], seats[0])),),
                        4: (EventCard("new_technology", (), 0.3, "perceived"),),
                    }.get(turn, ())
                    result = resolve_turn(world, moves, absent=absent, events=cards)
                    digest.update(_encode(result.record.to_dict()))
                    records.append(result.record)
                    world = result.world
                digest.update(_encode(world.to_dict()))
                digest.update(_encode([r.to_dict() for r in replay_without_noise(start, records)]))
    return digest.hexdigest()


def lab_digest() -> str:
    """Return the digest of a simulation lab batch's summary."""
    bots = ("tit_for_tat", "balancer", "random", "generous_tit_for_tat", "hawk", "grim")
    summary = run_batch("europe_1914", bots, 10, 12, 1, {"noise": 0.4})
    return hashlib.sha256(_encode(summary)).hexdigest()


def test_seeded_games_give_the_pinned_records():
    assert games_digest() == GAMES_DIGEST


def test_a_lab_batch_gives_the_pinned_summary():
    assert lab_digest() == LAB_DIGEST
