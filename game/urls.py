"""HTTP URLs of the game: set-up and lobbies, play page, dashboard and teacher controls."""

from django.urls import path

from game import views, views_setup

# Setting up: the "New game" form, the lobbies and the teacher's seat changes.
setup_patterns = [
    path("classrooms/<int:classroom_id>/games/new/", views_setup.new_game, name="game-new"),
    path("games/<int:session_id>/lobby/", views_setup.lobby_teacher, name="game-lobby"),
    path("games/<int:session_id>/seats/", views_setup.seats, name="game-seats"),
    path("games/<int:session_id>/seats/move/", views_setup.move_student, name="game-seat-move"),
    path(
        "games/<int:session_id>/seats/captain/",
        views_setup.set_captain,
        name="game-seat-captain",
    ),
    path("games/<int:session_id>/seats/remove/", views_setup.unseat, name="game-seat-remove"),
    path("games/<int:session_id>/reseat/", views_setup.reseat, name="game-reseat"),
    path("games/<int:session_id>/worlds/add/", views_setup.add_world, name="game-world-add"),
    path("games/<int:session_id>/discard/", views_setup.discard, name="game-discard"),
    path("lobby/<int:session_id>/", views_setup.lobby_student, name="game-lobby-student"),
]

urlpatterns = [
    *setup_patterns,
    path("play/<int:session_id>/", views.play, name="game-play"),
    path("games/<int:session_id>/dashboard/", views.dashboard, name="game-dashboard"),
    path("games/<int:session_id>/start/", views.start, name="game-start"),
    path("games/<int:session_id>/control/<slug:action>/", views.control, name="game-control"),
    path(
        "games/<int:session_id>/worlds/<int:world_id>/run/",
        views.run_demo_world,
        name="game-run-world",
    ),
    path(
        "games/<int:session_id>/worlds/<int:world_id>/event/",
        views.inject_event,
        name="game-event",
    ),
]
