from django.apps import AppConfig


class ClassroomConfig(AppConfig):
    """Teachers, classrooms, join codes and game-session set-up."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "classroom"
