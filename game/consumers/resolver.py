"""The resolver process: turns resolved beside the servers instead of inside them.

With TURN_RESOLVER=process, the server that takes the move completing a turn sends
the turn to the `spiral-resolve` channel rather than resolving it on a thread of its
own. Channels' worker (`manage.py runworker spiral-resolve`) runs this consumer,
which resolves one turn at a time, in the order the worlds completed: the referee,
its writes and every seat's next turn rendered then run on a core of their own,
and the servers' interpreters are left to the sockets. The claim is still the
conditional update in `services.claim_and_resolve`, so several resolvers, or a
server falling back to resolving a turn itself, still resolve each turn once.
"""

from __future__ import annotations

import logging
from typing import Any

from channels.consumer import SyncConsumer

from game import services
from game.workers import fresh_connection

log = logging.getLogger(__name__)

RESOLVE_CHANNEL = "spiral-resolve"


def resolve_message(turn_id: int) -> dict[str, Any]:
    """Return the message that asks a resolver process to resolve a turn."""
    return {"type": "resolve.turn", "turn": turn_id}


class TurnResolverConsumer(SyncConsumer):
    """Resolve the turns the servers hand over, one at a time."""

    def resolve_turn(self, message: dict[str, Any]) -> None:
        """Claim and resolve one turn; a turn already resolved elsewhere is left be."""
        turn_id = message.get("turn")
        if type(turn_id) is not int or turn_id < 1:
            log.warning("ignored a message to resolve no turn: %r", message)
            return
        try:
            fresh_connection(services.claim_and_resolve)(turn_id)
        except Exception:
            # The turn stays open with every move in: the server that handed it over
            # resolves it after RESOLVER_PATIENCE_SECONDS, and a deadline would too.
            log.exception("resolving turn %s failed", turn_id)
