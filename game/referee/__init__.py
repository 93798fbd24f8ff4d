"""The referee: Spiral's rules as pure, deterministic Python (no Django here).

Frozen dataclasses in, frozen dataclasses out; randomness is counter-based and seeded;
time is never read. See docs/rules.md for the rules in plain language.
"""

from game.referee.bots import BOT_NAMES, UnknownBot, bot_move, check_bot
from game.referee.counterfactual import (
    bot_replay_estimate,
    price_of_anarchy,
    replay_without_noise,
    wasted_arms,
)
from game.referee.events import EVENT_CARDS, EventCardSpec, EventError, check_event
from game.referee.moves import (
    InvalidMove,
    Move,
    check_move,
    move_from_dict,
    move_to_dict,
    validate_move,
)
from game.referee.params import PARAMETERS, ParamError, Params, ParamSpec, apply_overrides
from game.referee.records import TurnRecord, TurnResult
from game.referee.scenarios import (
    Scenario,
    ScenarioError,
    ScenarioState,
    all_scenarios,
    load_scenario,
    scenario_keys,
)
from game.referee.simulate import run_batch
from game.referee.teams import combine_team_picks
from game.referee.turn import resolve_turn
from game.referee.types import EventCard, WorldState
from game.referee.view import SeatView, TurnNews, news_of, seat_view, seat_views
from game.referee.world import new_world, reveal

__all__ = [
    "BOT_NAMES",
    "EVENT_CARDS",
    "PARAMETERS",
    "EventCard",
    "EventCardSpec",
    "EventError",
    "InvalidMove",
    "Move",
    "ParamError",
    "ParamSpec",
    "Params",
    "Scenario",
    "ScenarioError",
    "ScenarioState",
    "SeatView",
    "TurnNews",
    "TurnRecord",
    "TurnResult",
    "UnknownBot",
    "WorldState",
    "all_scenarios",
    "apply_overrides",
    "bot_move",
    "bot_replay_estimate",
    "check_bot",
    "check_event",
    "check_move",
    "combine_team_picks",
    "load_scenario",
    "move_from_dict",
    "move_to_dict",
    "new_world",
    "news_of",
    "price_of_anarchy",
    "replay_without_noise",
    "resolve_turn",
    "reveal",
    "run_batch",
    "scenario_keys",
    "seat_view",
    "seat_views",
    "validate_move",
    "wasted_arms",
]
