"""Every websocket URL in one list, gathered from the apps."""

from game.routing import websocket_urlpatterns as game_patterns

websocket_urlpatterns = [*game_patterns]
