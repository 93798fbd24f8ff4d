"""The admin for classrooms and students: for looking things up, rarely for changing them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from classroom.models import Classroom, Student


class StudentInline(admin.TabularInline):
    """The roster, read-only, inside its classroom."""

    model = Student
    extra = 0
    fields = ("display_name", "joined_at", "last_seen_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        """Students join with the code, never through the admin."""
        return False


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    """Classrooms: find by name, code or teacher."""

    list_display = ("name", "teacher", "join_code", "archived", "created_at")
    list_filter = ("archived",)
    search_fields = ("name", "join_code", "teacher__username")
    readonly_fields = ("join_code", "created_at")
    list_select_related = ("teacher",)
    inlines = (StudentInline,)


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    """Students: find by name or classroom; their rejoin token stays hidden."""

    list_display = ("display_name", "classroom", "joined_at", "last_seen_at")
    search_fields = ("display_name", "classroom__name", "classroom__join_code")
    list_select_related = ("classroom",)
    fields = ("classroom", "display_name", "joined_at", "last_seen_at")
    readonly_fields = ("classroom", "joined_at", "last_seen_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Students join with the code, never through the admin."""
        return False
