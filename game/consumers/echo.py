"""A bare group echo: proves the channel layer end to end.

It backs the websocket smoke test and serves as the baseline that the load
benchmark compares Spiral's own consumers with, so it must stay minimal.
"""

from __future__ import annotations

from channels.generic.websocket import AsyncWebsocketConsumer

MAX_FRAME_BYTES = 4096


class EchoConsumer(AsyncWebsocketConsumer):
    """Relay every text frame to everyone in the same room, sender included."""

    group_name: str

    async def connect(self) -> None:
        """Join the room's group and accept."""
        self.group_name = f"echo.{self.scope['url_route']['kwargs']['room']}"
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        """Leave the room's group."""
        await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Broadcast a text frame to the room; refuse oversize or binary frames."""
        if text_data is None or len(text_data.encode()) > MAX_FRAME_BYTES:
            await self.send(text_data='{"type": "error", "error": "frame too large or not text"}')
            return
        await self.channel_layer.group_send(
            self.group_name, {"type": "echo.message", "text": text_data}
        )

    async def echo_message(self, event: dict[str, str]) -> None:
        """Deliver one relayed frame to this socket."""
        await self.send(text_data=event["text"])
