"""The admin for games: read-mostly. Turn records, moves, ratings and events are the log.

Set-up rows (sessions, worlds, seats) may be corrected by hand; the log may be
read but never added to, changed or deleted here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from game.models import (
    GameSession,
    InjectedEvent,
    Move,
    Rating,
    Reflection,
    Seat,
    SeatMember,
    Turn,
    World,
)


class LogAdmin(admin.ModelAdmin):
    """A read-only view of one kind of log entry."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        """The log is written by the game only."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The log is never edited."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """The log is never deleted by hand."""
        return False


class WorldInline(admin.TabularInline):
    """A session's worlds, read-only."""

    model = World
    extra = 0
    fields = ("label", "variation_label", "status", "turn_number", "seed")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Worlds are opened by seating."""
        return False


@admin.register(GameSession)
class GameSessionAdmin(admin.ModelAdmin):
    """Game sessions: find by title, scenario, classroom or teacher."""

    list_display = ("title", "classroom", "scenario_key", "status", "created_at", "started_at")
    list_filter = ("status", "scenario_key", "seating")
    search_fields = ("title", "classroom__name", "classroom__teacher__username")
    list_select_related = ("classroom",)
    readonly_fields = ("classroom", "scenario_key", "seed", "created_at", "started_at", "ended_at")
    inlines = (WorldInline,)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A played game is its log: only a game still in its lobby may be deleted."""
        return obj is None or obj.status == "lobby"


@admin.register(World)
class WorldAdmin(admin.ModelAdmin):
    """Worlds: their seeds, parameters and state, read-only."""

    list_display = ("__str__", "label", "variation_label", "status", "turn_number")
    list_filter = ("status",)
    search_fields = ("session__title", "label", "variation_label")
    list_select_related = ("session",)
    readonly_fields = (
        "session",
        "index",
        "label",
        "seed",
        "params",
        "initial_state",
        "state",
        "turn_number",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Worlds hold the log's context: never deleted by hand."""
        return False


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    """Seats: which state, which world, who plays it (a bot when bot_strategy is set)."""

    list_display = ("state_key", "world", "bot_strategy", "captain", "missed_turns")
    list_filter = ("bot_strategy",)
    search_fields = ("state_key", "world__session__title")
    list_select_related = ("world__session", "captain")
    readonly_fields = ("world", "state_key", "order")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Seats are part of a world: never deleted by hand."""
        return False


@admin.register(SeatMember)
class SeatMemberAdmin(admin.ModelAdmin):
    """Who sits where."""

    list_display = ("student", "seat", "session", "joined_at")
    search_fields = ("student__display_name", "session__title")
    list_select_related = ("student", "seat__world", "session")
    readonly_fields = ("session", "seat", "student", "joined_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Students are seated by the game's seating, not by hand."""
        return False


@admin.register(Turn)
class TurnAdmin(LogAdmin):
    """Turns and their referee records."""

    list_display = ("__str__", "status", "opened_at", "deadline", "resolved_at")
    list_filter = ("status",)
    search_fields = ("world__session__title",)
    list_select_related = ("world__session",)


@admin.register(Move)
class MoveAdmin(LogAdmin):
    """Every pick a student locked in."""

    list_display = ("__str__", "student", "seat", "submitted_at")
    search_fields = ("student__display_name", "seat__state_key")
    list_select_related = ("student", "seat__world__session", "turn__world__session")


@admin.register(Rating)
class RatingAdmin(LogAdmin):
    """Students' one-tap reads of other states."""

    list_display = ("__str__", "friendliness", "confidence")
    search_fields = ("student__display_name", "target")
    list_select_related = ("student", "turn__world__session")


@admin.register(InjectedEvent)
class InjectedEventAdmin(LogAdmin):
    """Event cards teachers played into worlds."""

    list_display = ("card", "world", "turn_number", "target", "created_at")
    list_filter = ("card",)
    search_fields = ("card", "world__session__title")
    list_select_related = ("world__session",)


@admin.register(Reflection)
class ReflectionAdmin(LogAdmin):
    """Students' answers to the debrief's questions (theirs to edit, not the admin's)."""

    list_display = ("__str__", "session", "updated_at")
    search_fields = ("student__display_name", "session__title")
    list_select_related = ("student", "session")
