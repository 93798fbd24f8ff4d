"""Websockets reach consumers through origin validation and the real channel layer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from config.asgi import application
from tests.support.services import redis_url

ALLOWED_ORIGIN = [(b"origin", b"http://127.0.0.1:8000")]


def communicator(
    room: str, origin: list[tuple[bytes, bytes]] = ALLOWED_ORIGIN
) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, f"/ws/echo/{room}/", headers=origin)


async def assert_round_trip(room: str) -> None:
    alice, bob = communicator(room), communicator(room)
    assert (await alice.connect())[0]
    assert (await bob.connect())[0]
    await alice.send_to(text_data=json.dumps({"hello": "world"}))
    assert json.loads(await bob.receive_from(timeout=5)) == {"hello": "world"}
    assert json.loads(await alice.receive_from(timeout=5)) == {"hello": "world"}
    await alice.disconnect()
    await bob.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_frame_reaches_everyone_in_the_room_through_the_configured_layer() -> None:
    await assert_round_trip("configured")


@pytest.fixture(params=["pubsub", "core"])
async def redis_layer(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    backend = {
        "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "core": "channels_redis.core.RedisChannelLayer",
    }[request.param]
    layers = {"default": {"BACKEND": backend, "CONFIG": {"hosts": [{"address": redis_url()}]}}}
    with override_settings(CHANNEL_LAYERS=layers):
        yield request.param
        await channel_layers["default"].flush()


@pytest.mark.django_db(transaction=True)
async def test_a_frame_reaches_everyone_in_the_room_through_redis(redis_layer: str) -> None:
    await assert_round_trip(f"redis-{redis_layer}")


@pytest.mark.django_db(transaction=True)
async def test_a_page_from_another_site_cannot_open_a_websocket() -> None:
    intruder = communicator("guarded", origin=[(b"origin", b"http://evil.example")])
    connected, _ = await intruder.connect()
    assert not connected


@pytest.mark.django_db(transaction=True)
async def test_an_oversized_frame_gets_an_error_and_the_socket_stays_open() -> None:
    alice = communicator("big")
    assert (await alice.connect())[0]
    await alice.send_to(text_data="x" * 5000)
    assert json.loads(await alice.receive_from(timeout=5))["type"] == "error"
    await alice.send_to(text_data='"still here"')
    assert json.loads(await alice.receive_from(timeout=5)) == "still here"
    await alice.disconnect()
