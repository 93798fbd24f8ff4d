from django.apps import AppConfig


class GameConfig(AppConfig):
    """The game: worlds, seats, turns and the live play around the referee."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "game"
