"""The websocket protocol of the play page, validated in one place.

Browsers send JSON text frames (htmx's ws extension serialises the form that
was submitted, so values arrive as strings and an extra "HEADERS" object comes
along); the server answers with HTML fragments whose ids say which panel they
replace. docs/protocol.md documents every frame with examples.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

MAX_FRAME_BYTES = 4096
MOVE_ID_MAX = 64
# Fields a browser may add that carry no meaning for the game.
IGNORED_FIELDS = frozenset({"HEADERS", "csrfmiddlewaretoken"})
MOVE_FIELDS = frozenset(
    {
        "action",
        "posture",
        "size",
        "aimed_at",
        "reason",
        "to",
        "kind",
        "text",
        "op",
        "with",
        "burden",
    }
)
FRAME_FIELDS: dict[str, frozenset[str]] = {
    "move": frozenset({"frame", "turn", "move_id"}) | MOVE_FIELDS,
    "rating": frozenset({"frame", "turn", "target", "friendliness", "confidence"}),
    "take_back": frozenset({"frame"}),
    "sync": frozenset({"frame"}),
    "ping": frozenset({"frame"}),
}


class BadFrame(ValueError):
    """A frame the server refuses; the message is shown to the student as is."""


@dataclass(frozen=True, slots=True)
class Frame:
    """One validated frame from a browser."""

    kind: str
    turn: int | None = None
    move_id: str = ""
    move: dict[str, Any] = field(default_factory=dict)
    target: str = ""
    friendliness: int = 0
    confidence: int = 0


def parse_frame(text: str | None) -> Frame:
    """Return the validated frame in `text`, or raise BadFrame saying what is wrong."""
    if text is None:
        raise BadFrame("Only text frames are understood.")
    if len(text.encode()) > MAX_FRAME_BYTES:
        raise BadFrame(f"That message is too large (the limit is {MAX_FRAME_BYTES} bytes).")
    try:
        data = json.loads(text)
    except ValueError:
        raise BadFrame("That message is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadFrame("A message must be a JSON object with a 'frame' field.")
    kind = data.get("frame")
    if kind not in FRAME_FIELDS:
        raise BadFrame(f"Unknown frame {kind!r}; expected one of {', '.join(FRAME_FIELDS)}.")
    unknown = sorted(k for k in data if k not in FRAME_FIELDS[kind] and k not in IGNORED_FIELDS)
    if unknown:
        raise BadFrame(f"Unknown field {unknown[0]!r} in a {kind} frame.")
    if kind == "move":
        move = {k: v for k, v in data.items() if k in MOVE_FIELDS and v not in ("", None)}
        if "action" not in move:
            raise BadFrame("Choose Arm, Signal or Ally first.")
        return Frame(kind, turn=_whole(data, "turn"), move_id=_move_id(data), move=move)
    if kind == "rating":
        target = data.get("target")
        if not isinstance(target, str) or not target.strip():
            raise BadFrame("A rating needs the state it is about.")
        return Frame(
            kind,
            turn=_whole(data, "turn"),
            target=target.strip().upper(),
            friendliness=_whole(data, "friendliness"),
            confidence=_whole(data, "confidence"),
        )
    return Frame(kind)


def _whole(data: dict[str, Any], name: str) -> int:
    value = data.get(name)
    if isinstance(value, bool):
        raise BadFrame(f"'{name}' must be a whole number.")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise BadFrame(f"'{name}' must be a whole number.")


def _move_id(data: dict[str, Any]) -> str:
    value = data.get("move_id")
    if not isinstance(value, str) or not value.strip():
        raise BadFrame("A move needs a 'move_id' so that sending it twice counts once.")
    value = value.strip()
    if len(value) > MOVE_ID_MAX or not all(ch.isalnum() or ch in "-_" for ch in value):
        raise BadFrame(f"'move_id' takes up to {MOVE_ID_MAX} letters, digits, '-' or '_'.")
    return value


class RateLimit:
    """A token bucket per connection: bursts are fine, floods get an error frame."""

    def __init__(self, per_second: float = 5.0, burst: int = 20) -> None:
        self.per_second = per_second
        self.burst = float(burst)
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def allow(self) -> bool:
        """Take a token if one is left; refill with time."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False
