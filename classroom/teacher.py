"""The teacher's side of classrooms: list, create, show (code, QR, roster, games), change.

Every view asks classroom.access for the classroom, so another teacher's URL
is a 404. Changes are POSTs that redirect afterwards; creating uses a one-time
nonce and rotating the code names the code being replaced, so a form sent
twice changes things once.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from classroom import once
from classroom.access import classroom_for_teacher
from classroom.codes import join_url, qr_svg, save_with_fresh_code
from classroom.forms import ClassroomForm
from classroom.models import Classroom, new_join_code
from game import lobby
from game.models import GameStatus


@login_required
def classroom_list(request: HttpRequest) -> HttpResponse:
    """Show the teacher's classrooms, open ones first."""
    classrooms = (
        Classroom.objects.filter(teacher=request.user)
        .prefetch_related("students", "games")
        .order_by("archived", "-created_at")
    )
    return render(request, "classroom/list.html", {"classrooms": classrooms})


@login_required
@require_http_methods(["GET", "POST"])
def classroom_create(request: HttpRequest) -> HttpResponse:
    """Create a classroom with a fresh join code."""
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nonce = form.cleaned_data["nonce"]
        earlier = once.claim(request.user.pk, nonce)
        if earlier is not None:
            messages.info(request, "That class was already created.")
            return redirect(earlier if earlier != once.PENDING else reverse("classroom-list"))
        classroom = Classroom(teacher=request.user, name=form.cleaned_data["name"])
        save_with_fresh_code(classroom)
        url = reverse("classroom-detail", args=[classroom.pk])
        once.record(request.user.pk, nonce, url)
        messages.success(request, f"Class created. Its join code is {classroom.join_code}.")
        return redirect(url)
    status = 400 if request.method == "POST" else 200
    return render(request, "classroom/create.html", {"form": form}, status=status)


@login_required
def classroom_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the join code large, its QR code, the roster with rejoin links, and the games."""
    classroom = classroom_for_teacher(request, pk)
    link = join_url(request, classroom.join_code)
    roster = [
        (student, request.build_absolute_uri(reverse("rejoin", args=[student.token])))
        for student in classroom.students.order_by("joined_at", "id")
    ]
    context = {
        "classroom": classroom,
        "join_link": link,
        "qr": "" if classroom.archived else qr_svg(link),
        "roster": roster,
        "games": classroom.games.order_by("-created_at"),
        "GameStatus": GameStatus,
    }
    return render(request, "classroom/detail.html", context)


@login_required
def classroom_board(request: HttpRequest, pk: int) -> HttpResponse:
    """Show only the join code and QR code, as large as the screen allows, for the projector."""
    classroom = classroom_for_teacher(request, pk)
    if classroom.archived:
        messages.error(request, "This class is archived: reopen it to show its code.")
        return redirect("classroom-detail", pk=classroom.pk)
    link = join_url(request, classroom.join_code)
    context = {"classroom": classroom, "join_link": link, "qr": qr_svg(link)}
    return render(request, "classroom/board.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def classroom_rename(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a classroom a new name."""
    classroom = classroom_for_teacher(request, pk)
    form = ClassroomForm(request.POST or None, initial={"name": classroom.name})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["name"] != classroom.name:
            classroom.name = form.cleaned_data["name"]
            classroom.save(update_fields=["name"])
            messages.success(request, "Class renamed.")
        return redirect("classroom-detail", pk=classroom.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "classroom/rename.html", {"form": form, "classroom": classroom}, status=status
    )


@login_required
@require_POST
def classroom_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive a classroom: its code stops working; its roster and games stay readable."""
    classroom = classroom_for_teacher(request, pk)
    if classroom.archived:
        messages.info(request, "This class was already archived.")
    elif (
        classroom.games.exclude(status=GameStatus.FINISHED)
        .exclude(status=GameStatus.LOBBY)
        .exists()
    ):
        messages.error(request, "A game is still running in this class: end it first.")
    else:
        with transaction.atomic():
            classroom.archived = True
            classroom.save(update_fields=["archived"])
            lobby.classroom_changed(classroom)
        messages.success(request, "Class archived. Its join code no longer works.")
    return redirect("classroom-detail", pk=classroom.pk)


@login_required
@require_POST
def classroom_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Reopen an archived classroom (with a new code if another class took the old one)."""
    classroom = classroom_for_teacher(request, pk)
    if not classroom.archived:
        messages.info(request, "This class is already open.")
        return redirect("classroom-detail", pk=classroom.pk)
    old_code = classroom.join_code
    classroom.archived = False
    save_with_fresh_code(classroom, draw=_first_then_fresh(old_code))
    if classroom.join_code == old_code:
        messages.success(request, f"Class reopened with its old code, {old_code}.")
    else:
        messages.success(request, f"Class reopened with a new code, {classroom.join_code}.")
    return redirect("classroom-detail", pk=classroom.pk)


def _first_then_fresh(code: str) -> Callable[[], str]:
    """Return a code drawer that offers `code` first and random codes after it."""
    offered = [code]

    def draw() -> str:
        return offered.pop() if offered else new_join_code()

    return draw


@login_required
@require_POST
def classroom_rotate_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Replace the join code (students already on the roster keep their place)."""
    classroom = classroom_for_teacher(request, pk)
    if classroom.archived:
        messages.error(request, "This class is archived: reopen it first.")
    elif request.POST.get("code") != classroom.join_code:
        # The page showed an older code: this post was already applied once.
        messages.info(request, f"The code was already changed: it is now {classroom.join_code}.")
    else:
        old_code = classroom.join_code
        save_with_fresh_code(classroom)
        messages.success(
            request, f"New join code: {classroom.join_code}. The old code {old_code} is retired."
        )
    return redirect("classroom-detail", pk=classroom.pk)
