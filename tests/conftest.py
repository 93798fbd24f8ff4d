"""Shared fixtures: a real server on the test database, and the machine's services."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs its own event loop; Django would otherwise refuse
# ORM calls made from the test body while that loop is alive.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def live_server_url(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Serve Spiral from a child process on the test database for the whole run.

    Without its deadline runner: it would otherwise race other tests' servers (and
    their channel layers) for every overdue turn in the shared test database.
    """
    from tests.support.server import spiral_server

    with django_db_blocker.unblock(), spiral_server(clock=False) as url:
        yield url


@pytest.fixture(autouse=True)
def _private_cache(request: pytest.FixtureRequest) -> None:
    """Give each database test its own empty cache: rate limits and nonces never leak."""
    if request.node.get_closest_marker("django_db") is None:
        return
    settings = request.getfixturevalue("settings")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture(autouse=True)
def _resolutions_finish() -> Iterator[None]:
    """Let a turn a test's moves completed finish resolving before its database is emptied."""
    yield
    workers = sys.modules.get("game.workers")  # not loaded: nothing can be resolving
    if workers is not None:
        assert workers.wait_for_resolutions(), "a turn was still resolving 30 s after the test"
