"""ASGI entry point: HTTP goes to Django, websockets to Spiral's consumers.

Websockets pass origin validation (the page's Host must be an allowed host) and
session authentication before the URL router picks a consumer. The `spiral-resolve`
channel is for resolver processes (`manage.py runworker spiral-resolve`), which
resolve turns when TURN_RESOLVER=process.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django must be set up before the consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ChannelNameRouter, ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from game.consumers.resolver import RESOLVE_CHANNEL, TurnResolverConsumer  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
        "channel": ChannelNameRouter({RESOLVE_CHANNEL: TurnResolverConsumer.as_asgi()}),
    }
)
