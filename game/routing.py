"""Websocket URLs of the game."""

from django.urls import path

from game.consumers.dashboard import DashboardConsumer
from game.consumers.echo import EchoConsumer
from game.consumers.lobby import (
    ClassroomWaitConsumer,
    StudentLobbyConsumer,
    TeacherLobbyConsumer,
)
from game.consumers.play import PlayConsumer

websocket_urlpatterns = [
    path("ws/echo/<slug:room>/", EchoConsumer.as_asgi(), name="ws-echo"),
    path(
        "ws/lobby/<int:session_id>/teacher/",
        TeacherLobbyConsumer.as_asgi(),
        name="ws-lobby-teacher",
    ),
    path(
        "ws/lobby/<int:session_id>/student/",
        StudentLobbyConsumer.as_asgi(),
        name="ws-lobby-student",
    ),
    path(
        "ws/class/<int:classroom_id>/wait/",
        ClassroomWaitConsumer.as_asgi(),
        name="ws-classroom-wait",
    ),
    path("ws/play/<int:session_id>/", PlayConsumer.as_asgi(), name="ws-play"),
    path("ws/dashboard/<int:session_id>/", DashboardConsumer.as_asgi(), name="ws-dashboard"),
]
