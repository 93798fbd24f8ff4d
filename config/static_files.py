"""Static files under ASGI: WhiteNoise's file responses, read without blocking the loop.

WhiteNoise answers with a `FileResponse`, whose iterator is synchronous. Django's ASGI
handler then reads the file in a thread anyway, but warns about it in the server log
on the first static file each process serves. This middleware, placed just outside
WhiteNoise, hands such responses over as an asynchronous iterator that does the same
read in a thread (as Django's own `ASGIStaticFilesHandler` does for `runserver`), so
the file is served the same and the log stays clean.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponseBase


class AsyncFileResponses:
    """Give ASGI servers a file response's content as an asynchronous iterator."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        streaming = getattr(response, "streaming", False)
        if isinstance(request, ASGIRequest) and streaming and not response.is_async:
            response.streaming_content = read_in_thread(response.streaming_content)
        return response


async def read_in_thread(content: Iterable[bytes]) -> AsyncIterator[bytes]:
    """Yield a synchronous iterator's parts, read in a worker thread."""
    for part in await sync_to_async(list)(content):
        yield part
