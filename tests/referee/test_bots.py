"""Bots: each plays a valid move from its seat's view alone, deterministically."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.referee import BOT_NAMES, Move, bot_move, resolve_turn, seat_view, validate_move
from game.referee.bots import BOTS, UnknownBot
from game.referee.view import SeatView
from tests.referee.helpers import ARM, ARM_OFF, REASSURE, make_world, play
from tests.referee.strategies import turn_moves, worlds

REQUIRED = (
    "dove",
    "hawk",
    "tit_for_tat",
    "generous_tit_for_tat",
    "contrite_tit_for_tat",
    "grim",
    "balancer",
    "random",
)


def test_every_named_strategy_exists_and_decides_from_the_view_alone():
    assert set(BOT_NAMES) == set(REQUIRED)
    for strategy in BOTS.values():
        (parameter,) = inspect.signature(strategy).parameters.values()
        assert parameter.annotation in (SeatView, "SeatView")


def test_an_unknown_bot_is_refused_naming_the_valid_ones():
    with pytest.raises(UnknownBot, match="unknown bot 'owl'; valid bots: dove, hawk"):
        bot_move("owl", seat_view(make_world(), "ALD"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds(), st.data())
def test_every_bot_plays_a_valid_move_in_any_world(world, data):
    for _ in range(3):
        for seat in world.seats:
            view = seat_view(world, seat)
            for name in BOT_NAMES:
                move = bot_move(name, view)
                assert validate_move(world, seat, move) is None, (name, move)
                assert bot_move(name, view) == move
        world = resolve_turn(world, data.draw(turn_moves(world))).world
        if world.finished:
            break


def after_seeing(move: Move, bot: str, **params):
    rivals = [{"from": "ALD", "to": "BRN", "value": 0.2}]
    world, _ = play(make_world(params={"noise": 0, **params}, trust=rivals), [{"BRN": move}])
    return bot_move(bot, seat_view(world, "ALD"))


def test_tit_for_tat_answers_a_seen_offensive_build_and_otherwise_cooperates():
    assert after_seeing(ARM_OFF, "tit_for_tat").action == "arm"
    assert after_seeing(ARM_OFF, "tit_for_tat").aimed_at == "BRN"
    assert after_seeing(REASSURE, "tit_for_tat") == Move.signal("reassure", "all")


def test_generous_tit_for_tat_sometimes_forgives():
    answers = []
    for seed in range(60):
        world, _ = play(make_world(seed=seed, params={"noise": 0}), [{"BRN": ARM_OFF}])
        answers.append(bot_move("generous_tit_for_tat", seat_view(world, "ALD")).action)
    forgiven = answers.count("signal")
    assert 8 < forgiven < 35  # one in three


def test_contrite_tit_for_tat_takes_one_answer_to_its_own_build():
    answered, _ = play(
        make_world(params={"noise": 0}),
        [{"ALD": Move.arm("offensive", 1, "BRN"), "BRN": ARM_OFF}],
    )
    assert bot_move("contrite_tit_for_tat", seat_view(answered, "ALD")) == Move.signal(
        "reassure", "BRN"
    )
    assert bot_move("tit_for_tat", seat_view(answered, "ALD")).action == "arm"
    provoked, _ = play(make_world(params={"noise": 0}), [{"BRN": ARM_OFF}])
    assert bot_move("contrite_tit_for_tat", seat_view(provoked, "ALD")).action == "arm"


def test_grim_never_forgives():
    world, _ = play(make_world(params={"noise": 0}), [{"BRN": ARM_OFF}] + [{"BRN": REASSURE}] * 3)
    assert bot_move("grim", seat_view(world, "ALD")).action == "arm"
    assert bot_move("tit_for_tat", seat_view(world, "ALD")).action == "signal"


def test_a_dove_never_builds_and_a_hawk_always_does():
    world = make_world(params={"noise": 0})
    for _ in range(5):
        dove = bot_move("dove", seat_view(world, "ALD"))
        hawk = bot_move("hawk", seat_view(world, "BRN"))
        assert dove.action == "signal"
        assert (hawk.action, hawk.posture) == ("arm", "offensive")
        world = resolve_turn(world, {"ALD": dove, "BRN": hawk}).world


def test_bots_build_what_the_believed_balance_favours():
    offense = after_seeing(ARM_OFF, "tit_for_tat", offense_advantage=1.8, differentiation=0.1)
    defence = after_seeing(ARM_OFF, "tit_for_tat", offense_advantage=0.6, differentiation=0.1)
    telling = after_seeing(ARM_OFF, "tit_for_tat", offense_advantage=1.8, differentiation=0.9)
    assert (offense.posture, defence.posture, telling.posture) == (
        "offensive",
        "defensive",
        "defensive",
    )


def test_the_balancer_seeks_an_ally_against_the_most_threatening_state():
    enemies = [{"from": "ALD", "to": "BRN", "value": 0.05}]
    world = make_world(("ALD", "BRN", "COR"), params={"noise": 0}, trust=enemies)
    move = bot_move("balancer", seat_view(world, "ALD"))
    assert move == Move.ally("propose", "COR", "fair")
    world, _ = play(world, [{"ALD": move}])
    assert bot_move("balancer", seat_view(world, "ALD")) == Move.arm("defensive", 1, "BRN")


def test_bots_are_deterministic_for_a_given_view():
    world, _ = play(make_world(params={"noise": 0.3}), [{"ALD": ARM, "BRN": ARM_OFF}])
    view = seat_view(world, "ALD")
    for name in BOT_NAMES:
        assert bot_move(name, view) == bot_move(name, view)
