"""One bot student: a browser's socket, a think, a move, every turn.

The bot sends exactly what htmx's ws extension sends when a student submits a
form (every field as a string, empty ones included, and the extra HEADERS
object), reads the HTML panels the server pushes, and notes when each arrived:
the ack of its move (the `move-status` panel with `data-frame="ack"`) and the
turn bar of the next turn (or "Game over" after the last).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

import websockets

from game.loadtest.school import BotSeat

ACK = re.compile(r'data-frame="ack" data-move-id="([^"]+)"')
ERROR = re.compile(r'data-frame="error">([^<]*)<')
TURN_BAR = re.compile(r'class="turn-number">(?:Turn (\d+) of \d+|(Game over))<')
FORBIDDEN = 4403


class BotError(Exception):
    """Something a real student would notice went wrong (refused, timed out, closed)."""


@dataclass
class Inbox:
    """When each thing the bot waits for arrived (wall-clock seconds), and errors seen."""

    acks: dict[str, float] = field(default_factory=dict)
    turns: dict[int, float] = field(default_factory=dict)
    game_over: float | None = None
    errors: list[str] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    closed: str | None = None

    def read(self, text: str, now: float) -> None:
        """Note what one pushed fragment says."""
        for move_id in ACK.findall(text):
            self.acks.setdefault(move_id, now)
        for message in ERROR.findall(text):
            if message.strip():
                self.errors.append(message.strip())
        for number, over in TURN_BAR.findall(text):
            if over:
                self.game_over = self.game_over or now
            else:
                self.turns.setdefault(int(number), now)
        self.changed.set()

    async def until(self, check: Any, seconds: float, what: str) -> Any:
        """Wait until `check()` returns something truthy, or raise BotError after `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            found = check()
            if found:
                return found
            if self.closed is not None:
                raise BotError(f"the socket closed while waiting for {what}: {self.closed}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise BotError(f"no {what} within {seconds:g} s")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout=left)


@dataclass
class StudentLog:
    """What one bot student did and saw."""

    seat: BotSeat
    connected: bool = False
    refused: bool = False
    sent: dict[int, str] = field(default_factory=dict)
    moves: dict[int, dict[str, Any]] = field(default_factory=dict)
    sent_at: dict[int, float] = field(default_factory=dict)
    ack_ms: dict[int, float] = field(default_factory=dict)
    turn_seen: dict[int, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def browser_move(
    seat: BotSeat, turn: int, page_url: str, rng: random.Random
) -> tuple[str, dict[str, Any]]:
    """Return (move id, frame) as the play page's Arm or Signal form would send it."""
    move_id = f"{rng.getrandbits(128):032x}"
    if rng.random() < 0.6:
        form = "form-arm"
        fields: dict[str, Any] = {
            "action": "arm",
            "posture": "defensive" if rng.random() < 0.75 else "offensive",
            "size": "1",
            "aimed_at": rng.choice(("", *seat.others)),
            "reason": rng.choice(("", "", "They are arming faster than we are")),
        }
    else:
        form = "form-signal"
        fields = {
            "action": "signal",
            "kind": rng.choice(("reassure", "reassure", "warn")),
            "to": rng.choice(("all", *seat.others)),
            "text": rng.choice(("", "We mean no harm.")),
        }
    frame = {
        "frame": "move",
        "turn": str(turn),
        "move_id": move_id,
        **fields,
        "HEADERS": {
            "HX-Request": "true",
            "HX-Trigger": form,
            "HX-Trigger-Name": None,
            "HX-Target": form,
            "HX-Current-URL": page_url,
        },
    }
    return move_id, frame


async def play_student(
    seat: BotSeat,
    base_url: str,
    session_id: int,
    turns: int,
    think: tuple[float, float],
    patience: float,
    gate: asyncio.Semaphore,
    go: asyncio.Event,
    log: StudentLog,
    seed: int,
) -> None:
    """Connect, wait for the start, then think and move every turn until the game ends."""
    rng = random.Random(seed * 1_000_003 + seat.index)
    ws_url = base_url.replace("http", "ws", 1) + f"/ws/play/{session_id}/"
    page_url = f"{base_url}/play/{session_id}/"
    headers = {"Cookie": f"{_cookie_name()}={seat.session_key}", "Origin": base_url}
    inbox = Inbox()
    socket = None
    reader = None
    try:
        async with gate:  # a bounded number of handshakes at once, as a class trickles in
            try:
                socket = await _connect(ws_url, headers, patience)
            except websockets.InvalidStatus as refusal:
                # A socket refused before it is accepted reaches the client as HTTP 403.
                log.refused = refusal.response.status_code == 403
                raise
            reader = asyncio.create_task(_read(socket, inbox))
            try:
                await inbox.until(lambda: inbox.turns.get(1), patience, "full state on connect")
            except BotError:
                log.refused = socket.close_code == FORBIDDEN
                raise
            log.connected = True
        await go.wait()
        await _play_turns(socket, inbox, log, seat, turns, think, patience, page_url, rng)
    except (BotError, OSError, TimeoutError, websockets.WebSocketException) as problem:
        log.errors.append(f"{type(problem).__name__}: {problem}"[:300])
    finally:
        if socket is not None:
            await socket.close()
        if reader is not None:
            reader.cancel()
    log.errors.extend(inbox.errors)


async def _play_turns(
    socket: websockets.ClientConnection,
    inbox: Inbox,
    log: StudentLog,
    seat: BotSeat,
    turns: int,
    think: tuple[float, float],
    patience: float,
    page_url: str,
    rng: random.Random,
) -> None:
    for turn in range(1, turns + 1):
        if inbox.game_over:
            return  # the world ended early (a war can end it): nothing left to play
        await asyncio.sleep(rng.uniform(*think))
        move_id, frame = browser_move(seat, turn, page_url, rng)
        errors_before = len(inbox.errors)
        log.sent[turn] = move_id
        log.moves[turn] = frame
        log.sent_at[turn] = time.time()
        await socket.send(json.dumps(frame))
        acked = await inbox.until(
            lambda: inbox.acks.get(move_id) or len(inbox.errors) > errors_before,  # noqa: B023
            patience,
            f"ack of the turn {turn} move",
        )
        if acked is True:
            raise BotError(f"turn {turn} move refused: {inbox.errors[errors_before]}")
        log.ack_ms[turn] = (acked - log.sent_at[turn]) * 1000
        # The next turn opens once every seat of the world has moved.
        seen = await inbox.until(
            lambda: inbox.turns.get(turn + 1) or inbox.game_over,  # noqa: B023
            patience + think[1],
            f"turn {turn + 1}" if turn < turns else "the end of the game",
        )
        log.turn_seen[turn] = seen


async def _connect(url: str, headers: dict[str, str], patience: float) -> Any:
    return await websockets.connect(
        url,
        additional_headers=headers,
        open_timeout=patience,
        # Browsers answer the server's pings but never send their own.
        ping_interval=None,
        max_size=2**20,
    )


async def _read(socket: websockets.ClientConnection, inbox: Inbox) -> None:
    try:
        async for message in socket:
            inbox.read(message if isinstance(message, str) else message.decode(), time.time())
    except websockets.ConnectionClosed:
        pass
    finally:
        code = socket.close_code
        inbox.closed = f"code {code}" if code is not None else "closed"
        inbox.changed.set()


def _cookie_name() -> str:
    from django.conf import settings

    return str(settings.SESSION_COOKIE_NAME)
