"""`GET /healthz`: is each component this process depends on really answering?

Each check makes a real round trip (a query; a message sent to a fresh channel
and received back) under a short timeout, so a load balancer can take a worker
whose database or channel layer is unreachable out of rotation.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

CHECK_TIMEOUT_SECONDS = 3.0


def _query_database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() != (1,):
                raise RuntimeError("SELECT 1 returned something else")
    finally:
        # Health probes run often: don't keep a connection per probe thread.
        connection.close()


async def check_database() -> None:
    """Run `SELECT 1` on the default database."""
    await sync_to_async(_query_database, thread_sensitive=False)()


async def check_channel_layer() -> None:
    """Send a message to a fresh channel and receive it back."""
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    channel = await layer.new_channel()
    token = uuid.uuid4().hex
    await layer.send(channel, {"type": "health.ping", "token": token})
    message = await layer.receive(channel)
    if message.get("token") != token:
        raise RuntimeError("the channel layer returned a different message")


async def _timed(check: Callable[[], Awaitable[None]]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        return {"ok": False, "error": f"no answer within {CHECK_TIMEOUT_SECONDS:g} s"}
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_GET
async def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when every component works, else 503 naming those that are down."""
    database, channel_layer = await asyncio.gather(
        _timed(check_database), _timed(check_channel_layer)
    )
    components = {"database": database, "channel_layer": channel_layer}
    down = [name for name, result in components.items() if not result["ok"]]
    body = {"status": "down" if down else "ok", "down": down, "components": components}
    return JsonResponse(body, status=503 if down else 200)
