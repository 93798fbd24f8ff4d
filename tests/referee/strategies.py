"""Hypothesis strategies: random small worlds and the games played in them."""

from __future__ import annotations

from hypothesis import strategies as st

from game.referee import BOT_NAMES, Move, bot_move, new_world, seat_view, validate_move
from game.referee.moves import BURDENS, SIGNAL_KINDS
from game.referee.scenarios import parse_scenario
from tests.referee.helpers import scenario_data

KEYS = ("ALD", "BRN", "COR", "DUN", "EST")


@st.composite
def worlds(draw, max_states: int = 4):
    """Draw a small world with random stocks, regimes, priors and parameters."""
    n = draw(st.integers(2, max_states))
    keys = KEYS[:n]
    data = scenario_data(
        keys,
        params={
            "noise": draw(st.sampled_from([0.0, 0.2, 0.5])),
            "differentiation": draw(st.sampled_from([0.0, 0.5, 1.0])),
            "offense_advantage": draw(st.sampled_from([0.5, 1.0, 2.0])),
            "nuclear": draw(st.booleans()),
            "arms_cost": draw(st.sampled_from([0.0, 1.0, 5.0])),
            "expansionists": draw(st.integers(0, 1)),
        },
        trust=[
            {"from": a, "to": b, "value": draw(st.sampled_from([0.0, 0.1, 0.9, 1.0]))}
            for a in keys
            for b in keys
            if a != b and draw(st.booleans())
        ],
        alliances=[list(keys[:2])] if draw(st.booleans()) else [],
    )
    for state in data["states"]:
        state["offense"] = draw(st.integers(0, 12))
        state["defense"] = draw(st.integers(0, 12))
        state["wealth"] = draw(st.sampled_from([0.5, 3, 30, 200]))
        state["regime"] = draw(st.sampled_from(["democracy", "autocracy"]))
        state["hawkishness"] = draw(st.sampled_from([0.0, 0.5, 1.0]))
    scenario = parse_scenario(data, "drawn.json")
    seed = draw(st.integers(0, 2**32))
    return new_world(scenario, scenario.params, seed, turns=draw(st.integers(1, 6)))


def candidate_moves(seat: str, others: tuple[str, ...]) -> list[Move]:
    """Return a wide spread of moves a seat might try (some will be refused)."""
    moves = [Move.arm(p, s) for p in ("defensive", "offensive") for s in (1, 2)]
    for to in (*others, "all"):
        moves += [Move.signal(kind, to, "Hello") for kind in SIGNAL_KINDS]
    for other in others:
        moves += [Move.ally(op, other, b) for op in ("propose", "accept") for b in BURDENS]
        moves.append(Move.ally("leave", other))
    return moves


@st.composite
def turn_moves(draw, world):
    """Draw one turn's valid moves: some by bots, some at random, some seats absent."""
    moves = {}
    for seat in world.seats:
        how = draw(st.sampled_from(["bot", "any", "absent"]))
        if how == "bot":
            moves[seat] = bot_move(draw(st.sampled_from(BOT_NAMES)), seat_view(world, seat))
        elif how == "any":
            others = tuple(k for k in world.seats if k != seat)
            move = draw(st.sampled_from(candidate_moves(seat, others)))
            if validate_move(world, seat, move) is None:
                moves[seat] = move
    return moves
