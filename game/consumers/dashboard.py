"""The teacher's live dashboard: every world's turn, moves, tensions and alerts.

Controls (start, pause, advance, ...) are plain POSTs to views, protected by
CSRF; this socket only pushes the refreshed panels. The pushed panels hold forms
too (event cards, running an all-bot world), so each is rendered with a CSRF
token made from this browser's own CSRF cookie, as the page itself was.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware, get_token

from classroom.access import owned_game
from game import broadcast, panels

FORBIDDEN = 4403
# A busy class moves many times a second: refresh the teacher's view at most this often.
REFRESH_SECONDS = 1.0


def csrf_token_for(scope: dict[str, Any]) -> str:
    """Return a CSRF token for the browser behind a socket, from its CSRF cookie.

    Empty if the browser has no valid CSRF cookie: a socket cannot set one.
    """
    request = HttpRequest()
    request.COOKIES = dict(scope.get("cookies") or {})
    CsrfViewMiddleware(lambda _: None).process_request(request)
    if "CSRF_COOKIE" not in request.META or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return ""
    return get_token(request)


class DashboardConsumer(AsyncWebsocketConsumer):
    """The owning teacher's socket for one game session."""

    session_id: int
    csrf_token: str = ""
    last_sent: float = 0.0
    refresh: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        """Accept only the logged-in teacher who owns the session."""
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        user = self.scope.get("user")
        owned = await database_sync_to_async(owned_game)(user, self.session_id)
        if owned is None:
            await self.close(code=FORBIDDEN)
            return
        self.csrf_token = csrf_token_for(self.scope)
        await self.channel_layer.group_add(
            broadcast.dashboard_group(self.session_id), self.channel_name
        )
        await self.accept()
        await self.send_dashboard()

    async def disconnect(self, code: int) -> None:
        """Leave the dashboard group and drop any refresh still waiting."""
        if self.refresh is not None:
            self.refresh.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.refresh
        await self.channel_layer.group_discard(
            broadcast.dashboard_group(self.session_id), self.channel_name
        )

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Any frame asks for the whole dashboard again (controls go over HTTP)."""
        await self.send_dashboard()

    async def send_dashboard(self) -> None:
        """Send every panel of the dashboard."""
        self.last_sent = time.monotonic()
        html = await database_sync_to_async(panels.dashboard)(self.session_id, self.csrf_token)
        await self.send(text_data=html)

    async def dashboard_changed(self, event: dict[str, Any]) -> None:
        """Something changed in one of the session's worlds: refresh, at most once a second.

        Changes that arrive while a refresh waits are folded into it, so the
        last change is always shown, a second late at most.
        """
        if self.refresh is not None and not self.refresh.done():
            return
        wait = self.last_sent + REFRESH_SECONDS - time.monotonic()
        if wait <= 0:
            await self.send_dashboard()
        else:
            self.refresh = asyncio.create_task(self.refresh_later(wait))

    async def refresh_later(self, wait: float) -> None:
        """Send the dashboard after `wait` seconds."""
        await asyncio.sleep(wait)
        await self.send_dashboard()
