"""Fixtures for the debrief's tests: finished games played through the services."""

from __future__ import annotations

import pytest

from game.experiments import JERVIS_FOUR_WORLDS
from game.models import GameSession, Seating, Turn
from tests import factories
from tests.debrief.helpers import (
    LONG_WORD,
    finished_bot_game,
    new_session,
    play_students,
    seat_students,
)


def eventful(session: GameSession) -> bool:
    """Tell whether a finished game's log holds at least one misread and one spiral."""
    records = [t.record for t in Turn.objects.filter(world__session=session) if t.record]
    misreads = any(o["misread"] for r in records for o in r["observations"])
    spirals = any(r["spirals"] for r in records)
    return misreads and spirals


@pytest.fixture
def spiral_game(db: None) -> GameSession:
    """Return a finished all-bot game whose log holds misreads and a spiral.

    Offense dominant and arms that look alike; tit-for-tat bots answer what they think they
    saw. The first seed (and bot) whose game shows both is used, so the tests never hang on
    one seed of a referee whose numbers may be tuned.
    """
    variations = [JERVIS_FOUR_WORLDS[0]]
    owner = factories.teacher()
    for bot in ("tit_for_tat", "grim", "hawk"):
        for seed in range(1, 6):
            session = finished_bot_game(seed=seed, variations=variations, bot=bot, owner=owner)
            if eventful(session):
                return session
    raise AssertionError("no seed gave a game with a misread and a spiral")


@pytest.fixture
def experiment_game(db: None) -> GameSession:
    """Return a finished all-bot game of two worlds: offense against defence dominant."""
    return finished_bot_game(
        seed=1,
        worlds=2,
        bot="tit_for_tat",
        variations=[JERVIS_FOUR_WORLDS[0], JERVIS_FOUR_WORLDS[3]],
    )


@pytest.fixture
def cuba_class_game(db: None) -> GameSession:
    """Return a finished Cuba 1962 game of two worlds played by teams of students.

    Ten students share eight seats, so two states are played by a team of two; every
    build's reason and every signal's message is one long unbroken word; students rate
    the others each turn. The Soviet Union and Cuba, like the United States and Turkey,
    start allied.
    """
    session = new_session(
        factories.classroom(), "cuba_1962", worlds=2, turns=6, seed=1, bot="tit_for_tat"
    )
    session.seating, session.team_size = Seating.TEAMS, 2
    session.save(update_fields=["seating", "team_size"])
    seat_students(session, 10)
    play_students(session, say=LONG_WORD)
    return session
