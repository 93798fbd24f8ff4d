"""The deadline runner: resolves every turn whose deadline has passed.

Any number of runners may run at once (one inside `manage.py serve`, more as
`manage.py clock` processes on other hosts): `claim_and_resolve` lets exactly
one of them resolve each turn. Deadlines live in the database, so a restarted
server honours the ones that passed while it was down.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections, connection

from game.services import resolve_due_turns

log = logging.getLogger(__name__)

TICK_SECONDS = 0.25


def tick() -> int:
    """Resolve the turns that are due now; return how many this runner resolved."""
    close_old_connections()
    try:
        return resolve_due_turns()
    finally:
        close_old_connections()


def run(stop: threading.Event, tick_seconds: float = TICK_SECONDS) -> None:
    """Tick until `stop` is set; errors are logged and the clock keeps going."""
    while not stop.is_set():
        try:
            tick()
        except Exception:
            log.exception("the deadline runner failed a tick")
            time.sleep(1)
        stop.wait(tick_seconds)
    connection.close()


def start_in_background(tick_seconds: float = TICK_SECONDS) -> threading.Event:
    """Run the clock in a daemon thread of this process; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run, args=(stop, tick_seconds), name="spiral-clock", daemon=True
    )
    thread.start()
    return stop
