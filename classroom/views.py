"""The students' side: the landing page, joining with a code, rejoining, and waiting.

Students have no account. Joining puts them on the classroom's roster and makes
the browser remember them; arriving in the classroom seats them in the game
that is open, if any, and sends them to its lobby (or, once it runs, to play).
"""

from __future__ import annotations

from collections.abc import Sequence

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
from game import lobby, seating
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


def _landing(request: HttpRequest, form: JoinForm) -> HttpResponse:
    context = {"form": form, "remembered": classrooms_remembered(request)}
    return render(request, "landing.html", context)


# Session key: the last failed join (what was typed, and the refusals the form alone
# cannot work out again), shown once by the GET that follows it.
ATTEMPT_KEY = "spiral_join_attempt"
# What is kept of each typed field: enough to show it again and to refuse it again.
TYPED_MAX = 200


def _try_again(
    request: HttpRequest, form: JoinForm, refusals: Sequence[tuple[str | None, str]] = ()
) -> HttpResponse:
    """Remember a failed join and send the browser to the join form (post/redirect/get).

    The form's own errors are worked out again from what was typed; `refusals` are
    the ones only this view knows (a wrong code, a refused name, too many tries).
    Answering the POST with a redirect means Back and reload never resend the form.
    """
    request.session[ATTEMPT_KEY] = {
        "typed": {name: str(form.data.get(name, ""))[:TYPED_MAX] for name in ("code", "name")},
        "refusals": [[field, message] for field, message in refusals],
    }
    response = HttpResponseRedirect(reverse("join"))
    response.status_code = 303  # See Other: the browser follows with a GET
    return response


def _form_after(attempt: object) -> JoinForm | None:
    """Return the join form as a failed attempt left it (typed values and errors)."""
    if not isinstance(attempt, dict) or not isinstance(attempt.get("typed"), dict):
        return None
    form = JoinForm({name: str(attempt["typed"].get(name, "")) for name in ("code", "name")})
    form.is_valid()
    for refusal in attempt.get("refusals") or []:
        if isinstance(refusal, list) and len(refusal) == 2:
            form.add_error(refusal[0] if refusal[0] in form.fields else None, str(refusal[1]))
    return form


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Put a student on the roster of the classroom whose join code they typed.

    A refused join redirects back here and its errors are shown by the GET, so the
    page a student returns to with Back is an ordinary page, never a resent form.
    """
    if request.method == "GET":
        form = _form_after(request.session.pop(ATTEMPT_KEY, None))
        if form is None:
            code = normalise_code(request.GET.get("code", ""))[:16]
            form = JoinForm(initial={"code": code} if code else None)
        return _landing(request, form)
    address = ratelimit.client_address(request)
    form = JoinForm(request.POST)
    if ratelimit.is_blocked(address):
        return _try_again(request, form, [(None, TOO_MANY_TRIES)])
    if not form.is_valid():
        ratelimit.count_failure(address)
        return _try_again(request, form)
    code = form.cleaned_data["code"]
    classroom = Classroom.objects.filter(join_code=code, archived=False).first()
    if classroom is None:
        ratelimit.count_failure(address)
        retired = Classroom.objects.filter(join_code=code, archived=True).exists()
        return _try_again(request, form, [("code", CODE_RETIRED if retired else NO_SUCH_GAME)])
    # A refusal shown earlier is over: it must not come back on the next visit.
    request.session.pop(ATTEMPT_KEY, None)
    student = student_from_session(request, classroom)
    if student is not None:
        # The same browser joining again (a double submit, a second tab): one student.
        messages.info(request, f"Welcome back, {student.display_name}.")
        return redirect("student-home", pk=classroom.pk)
    try:
        student = add_student(classroom, form.cleaned_data["name"])
    except RosterError as refusal:
        return _try_again(request, form, [("name", str(refusal))])
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
        "finished_games": lobby.finished_games(student),
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
