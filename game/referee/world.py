"""Set a world up from a scenario, and reveal its truth at the end."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from game.referee import threat
from game.referee.ledger import TRUST_CEILING, TRUST_FLOOR, Ledger
from game.referee.moves import CHEAP_REASSURANCE
from game.referee.params import ParamError, Params, params_to_dict
from game.referee.rng import draw
from game.referee.scenarios import Scenario, ScenarioError, ScenarioState
from game.referee.types import (
    EXPANSIONIST,
    SECURITY_SEEKER,
    Belief,
    Country,
    Dyad,
    Pact,
    WorldState,
)

OBJECTIVES = {
    SECURITY_SEEKER: (
        "Stay safe and prosper. You want no war and no one's land: end the game secure, "
        "richer than you began, and out of every war."
    ),
    EXPANSIONIST: (
        "Grow at others' expense. You gain from a war you win: build the strength to win "
        "one, and keep your neighbours from seeing it coming."
    ),
}


def _types(scenario: Scenario, params: Params, seed: int, keys: Sequence[str]) -> dict[str, str]:
    if params.expansionists <= 0:
        return {k: scenario.state(k).type for k in keys}
    if params.expansionists > len(keys):
        raise ParamError(f"expansionists must be at most {len(keys)} (the states in this world)")
    ranked = sorted(keys, key=lambda k: (draw(seed, 0, "type", k), k))
    chosen = set(ranked[: params.expansionists])
    return {k: EXPANSIONIST if k in chosen else SECURITY_SEEKER for k in keys}


def new_world(
    scenario: Scenario,
    params: Params,
    seed: int,
    turns: int | None = None,
    seats: Sequence[str] | None = None,
) -> WorldState:
    """Return the world at turn 1: the scenario's states (or `seats` of them) and priors."""
    keys = tuple(seats) if seats is not None else scenario.state_keys
    for key in keys:
        if key not in scenario.state_keys:
            valid = ", ".join(scenario.state_keys)
            raise ScenarioError(f"{scenario.key} has no state {key!r}; states: {valid}")
    if len(set(keys)) != len(keys) or len(keys) < 2:
        raise ScenarioError("a world needs at least two different states")
    planned = scenario.default_turns if turns is None else turns
    if planned < 1:
        raise ParamError("turns must be at least 1")
    types = _types(scenario, params, seed, keys)
    start = _starting_world(scenario, params, keys, tuple(types[k] for k in keys))
    # Beyond the types, neither the seed nor the number of turns changes turn 1 (its
    # threats and tensions draw nothing), so this is the starting world with both set.
    return WorldState(
        start.scenario,
        seed,
        start.turn,
        planned,
        params,
        start.countries,
        start.beliefs,
        start.pacts,
        start.pledges,
        start.agreements,
        start.openings,
        start.proposals,
        start.dyads,
        start.intents,
        start.hotline_available,
    )


# Starting worlds by the identity of their scenario and parameters (so values that are
# equal but print differently, 0 and 0.0, never share one), seats and types. Each entry
# keeps its scenario and parameters alive, so their ids cannot be reused while cached.
_STARTS: dict[
    tuple[int, int, tuple[str, ...], tuple[str, ...]], tuple[Scenario, Params, WorldState]
] = {}
_STARTS_KEPT = 64


def _starting_world(
    scenario: Scenario, params: Params, keys: tuple[str, ...], kinds: tuple[str, ...]
) -> WorldState:
    """Return the world at turn 1 (seed 0, one turn planned), given each seat's type.

    Everything in it follows from the arguments alone, so a batch of games of one scenario
    (the simulation lab, the debrief's estimates) builds it once and not once a game.
    """
    key = (id(scenario), id(params), keys, kinds)
    found = _STARTS.get(key)
    if found is not None:
        return found[2]
    world = _build_starting_world(scenario, params, keys, kinds)
    if len(_STARTS) >= _STARTS_KEPT:
        _STARTS.clear()
    _STARTS[key] = (scenario, params, world)
    return world


def _build_starting_world(
    scenario: Scenario, params: Params, keys: tuple[str, ...], kinds: tuple[str, ...]
) -> WorldState:
    states: dict[str, ScenarioState] = {}
    for s in scenario.states:
        states.setdefault(s.key, s)  # the first of a key, as scenario.state() finds
    countries = []
    for key, kind in zip(keys, kinds, strict=True):
        s = states[key]
        objective = s.objective if kind == s.type else OBJECTIVES[kind]
        countries.append(
            Country(
                key,
                s.name,
                s.regime,
                kind,
                objective,
                s.offense,
                s.defense,
                0,
                0,
                float(s.wealth),
                float(s.hawkishness),
                0.0,
            )
        )
    beliefs = []
    for observer in keys:
        for of in keys:
            if observer == of:
                continue
            s = states[of]
            prior = min(TRUST_CEILING, max(TRUST_FLOOR, scenario.prior_trust(observer, of)))
            beliefs.append(
                Belief(observer, of, prior, float(s.offense), float(s.defense), trust_before=prior)
            )
    index = {k: n for n, k in enumerate(keys)}
    pacts = []
    for a, b in scenario.alliances:
        if a in index and b in index:
            x, y = (a, b) if index[a] < index[b] else (b, a)
            pacts.append(Pact(x, y, "fair", "fair", 0))
    world = WorldState(
        scenario=scenario.key,
        seed=0,
        turn=1,
        turns=1,
        params=params,
        countries=tuple(countries),
        beliefs=tuple(beliefs),
        pacts=tuple(pacts),
        dyads=tuple(Dyad(a, b) for n, a in enumerate(keys) for b in keys[n + 1 :]),
        hotline_available=scenario.hotline_available,
    )
    return _with_starting_threats(world)


def _with_starting_threats(world: WorldState) -> WorldState:
    """Return the world with turn-0 threats and tensions filled in, so turn 1 has a baseline."""
    ledger = Ledger(world, {k: CHEAP_REASSURANCE for k in world.seats})
    threat.apply(ledger)
    tension = {(t.a, t.b): (t.tension, t.crisis) for t in ledger.tensions}
    beliefs = tuple(
        Belief(
            b.observer, b.of, b.trust, b.offense, b.defense, trust_before=b.trust, threat=d.threat
        )
        for b, d in zip(world.beliefs, ledger.drafts, strict=True)
    )
    dyads = tuple(Dyad(d.a, d.b, *tension[d.a, d.b]) for d in world.dyads)
    return WorldState(
        world.scenario,
        world.seed,
        world.turn,
        world.turns,
        world.params,
        world.countries,
        beliefs,
        world.pacts,
        dyads=dyads,
        hotline_available=world.hotline_available,
    )


def reveal(world: WorldState) -> dict[str, Any]:
    """Return the end-of-game truth for the debrief: types, objectives and stated intents."""
    return {
        "scenario": world.scenario,
        "turn": world.turn - 1,
        "params": params_to_dict(world.params),
        "states": [
            {
                "key": c.key,
                "name": c.name,
                "regime": c.regime,
                "type": c.type,
                "objective": c.objective,
                "offense": c.offense,
                "defense": c.defense,
                "wealth": c.wealth,
                "hawkishness": c.hawkishness,
                "score": c.score,
            }
            for c in world.countries
        ],
        "expansionists": [c.key for c in world.countries if c.type == EXPANSIONIST],
        "intents": [
            {"turn": i.turn, "state": i.state, "aimed_at": i.aimed_at, "reason": i.reason}
            for i in world.intents
        ],
    }
