"""The students' side: the landing page, joining with a code, rejoining, and waiting.

Students have no account. Joining puts them on the classroom's roster and makes
the browser remember them; arriving in the classroom seats them in the game
that is open, if any, and sends them to its lobby (or, once it runs, to play).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from classroom import ratelimit
from classroom.access import (
    classrooms_remembered,
    forget_student,
    is_teacher,
    remember_student,
    student_from_session,
)
from classroom.codes import normalise_code
from classroom.forms import JoinForm
from classroom.models import Classroom, Student
from classroom.roster import RosterError, add_student
from game import seating
from game.models import GameStatus

NO_SUCH_GAME = "No game uses that join code. Check the code on the board and try again."
CODE_RETIRED = "That join code is no longer in use: ask your teacher for the new one."
TOO_MANY_TRIES = (
    "Too many wrong join codes from this network in the last minute. "
    "Wait a minute, check the code on the board, and try again."
)
NOT_JOINED = "Join your class with the code on the board first."


def home(request: HttpRequest) -> HttpResponse:
    """Send teachers to their classrooms; show everyone else the join form."""
    if is_teacher(request.user):
        return redirect("classroom-list")
    return _landing(request, JoinForm())


def _landing(request: HttpRequest, form: JoinForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "remembered": classrooms_remembered(request)}
    return render(request, "landing.html", context, status=status)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Put a student on the roster of the classroom whose join code they typed."""
    if request.method == "GET":
        code = normalise_code(request.GET.get("code", ""))[:16]
        return _landing(request, JoinForm(initial={"code": code} if code else None))
    address = ratelimit.client_address(request)
    if ratelimit.is_blocked(address):
        form = JoinForm(request.POST)
        form.is_valid()
        form.add_error(None, TOO_MANY_TRIES)
        return _landing(request, form, status=429)
    form = JoinForm(request.POST)
    if not form.is_valid():
        ratelimit.count_failure(address)
        return _landing(request, form, status=400)
    code = form.cleaned_data["code"]
    classroom = Classroom.objects.filter(join_code=code, archived=False).first()
    if classroom is None:
        ratelimit.count_failure(address)
        retired = Classroom.objects.filter(join_code=code, archived=True).exists()
        form.add_error("code", CODE_RETIRED if retired else NO_SUCH_GAME)
        return _landing(request, form, status=404)
    student = student_from_session(request, classroom)
    if student is not None:
        # The same browser joining again (a double submit, a second tab): one student.
        messages.info(request, f"Welcome back, {student.display_name}.")
        return redirect("student-home", pk=classroom.pk)
    try:
        student = add_student(classroom, form.cleaned_data["name"])
    except RosterError as refusal:
        form.add_error("name", str(refusal))
        return _landing(request, form, status=409)
    remember_student(request, student)
    return redirect("student-home", pk=classroom.pk)


@require_GET
def join_link(request: HttpRequest, code: str) -> HttpResponse:
    """Open the join form with the code filled in (the QR code's short link)."""
    return HttpResponseRedirect(f"{reverse('join')}?code={normalise_code(code)[:16]}")


@require_GET
def rejoin(request: HttpRequest, token: str) -> HttpResponse:
    """Make this browser a student again from their personal link (e.g. on a new device)."""
    student = get_object_or_404(
        Student.objects.select_related("classroom"), token=token[:64], classroom__archived=False
    )
    remember_student(request, student)
    messages.success(request, f"Welcome back, {student.display_name}.")
    return redirect("student-home", pk=student.classroom_id)


def _student_or_none(request: HttpRequest, pk: int) -> tuple[Classroom, Student] | None:
    classroom = Classroom.objects.filter(pk=pk, archived=False).first()
    if classroom is None:
        return None
    student = student_from_session(request, classroom)
    return None if student is None else (classroom, student)


@require_GET
def student_home(request: HttpRequest, pk: int) -> HttpResponse:
    """Seat the student in the open game and send them to it, or let them wait here."""
    found = _student_or_none(request, pk)
    if found is None:
        messages.info(request, NOT_JOINED)
        return redirect("join")
    classroom, student = found
    Student.objects.filter(pk=student.pk).update(last_seen_at=timezone.now())
    arrival = seating.arrive(classroom, student)
    if arrival.member is not None and arrival.game is not None:
        if arrival.game.status == GameStatus.LOBBY:
            return redirect("game-lobby-student", session_id=arrival.game.pk)
        return redirect("game-play", session_id=arrival.game.pk)
    context = {
        "classroom": classroom,
        "student": student,
        "game": arrival.game,
        "problem": arrival.problem,
        "rejoin_url": request.build_absolute_uri(reverse("rejoin", args=[student.token])),
    }
    return render(request, "classroom/student_wait.html", context)


@require_POST
def student_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Make this browser forget its student in a classroom (a shared device)."""
    classroom = get_object_or_404(Classroom, pk=pk)
    student = student_from_session(request, classroom)
    if student is None:
        messages.info(request, NOT_JOINED)
        return redirect("join")
    forget_student(request, classroom)
    messages.info(
        request,
        f"This browser no longer plays as {student.display_name}. "
        "Use your rejoin link to come back.",
    )
    return redirect("home")
