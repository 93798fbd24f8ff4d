"""The debrief pages: the teacher's report and exports, the session list, and each
student's own debrief with their reflection.

Every teacher view asks classroom.access for the game, so another teacher's URL is a
404; a student's debrief is a 404 unless the browser is a student seated in the game
and the game has ended.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from classroom.access import game_for_teacher, student_for_game
from classroom.models import Student
from game.debrief import exports, reflections
from game.debrief.counterfactuals import estimates
from game.debrief.log import load_log
from game.debrief.report import build_report, build_world, estimate_chart
from game.debrief.student import student_debrief
from game.models import GameSession, GameStatus, Reflection, Seat, SeatMember

CSV_TABLES = {
    "observations": exports.observations_csv,
    "moves": exports.moves_csv,
    "states": exports.states_csv,
    "ratings": exports.ratings_csv,
}


def _slug(game: GameSession) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", game.title.lower()).strip("-")[:40] or "game"
    return f"spiral-{game.pk}-{text}"


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    """List the teacher's games, newest first, with links to their debriefs."""
    games = (
        GameSession.objects.filter(classroom__teacher_id=request.user.pk)
        .select_related("classroom")
        .prefetch_related("worlds")
        .order_by("-created_at")
    )
    return render(request, "debrief/list.html", {"games": games, "GameStatus": GameStatus})


def _reflection_rows(game: GameSession) -> list[tuple[SeatMember, Reflection | None]]:
    saved = {r.student_id: r for r in Reflection.objects.filter(session=game)}
    members = (
        SeatMember.objects.filter(session=game)
        .select_related("student", "seat__world")
        .order_by("seat__world__index", "seat__order", "student__display_name")
    )
    return [(m, saved.get(m.student_id)) for m in members]


@login_required
def teacher_debrief(request: HttpRequest, session_id: int) -> HttpResponse:
    """Show the owning teacher the whole debrief of a game."""
    game = game_for_teacher(request, session_id)
    report = build_report(load_log(game), compute_estimates=False)
    return render(
        request,
        "debrief/teacher.html",
        {
            "report": report,
            "game": game,
            "pdf": False,
            "reflection_rows": _reflection_rows(game),
            "csv_tables": [*CSV_TABLES, "reflections"],
        },
    )


@login_required
def estimate_fragment(request: HttpRequest, session_id: int, world_id: int) -> HttpResponse:
    """Return one world's bot replay (a model estimate), computing it if needed."""
    game = game_for_teacher(request, session_id)
    log = load_log(game, world_ids={world_id})
    if not log.worlds:
        raise Http404("No such world.")
    world = log.worlds[0]
    found = estimates(log, world) or []
    chart = estimate_chart(f"w{world.label}-estimates", world.label, found) if found else ""
    context = {"found": found, "chart": chart, "world": world, "game": game}
    if request.htmx:
        return render(request, "debrief/_estimates.html", context)
    return render(request, "debrief/estimates_page.html", context)


@login_required
def pdf_report(request: HttpRequest, session_id: int) -> HttpResponse:
    """Return the teacher's debrief as a PDF (a finished game's is rendered only once)."""
    game = game_for_teacher(request, session_id)
    key = exports.pdf_cache_key(game)
    data = cache.get(key) if key else None
    if data is None:
        data = render_pdf(game, request.build_absolute_uri("/"))
        if key:
            cache.set(key, data, exports.PDF_CACHE_SECONDS)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_slug(game)}-debrief.pdf"'
    return response


def render_pdf(game: GameSession, base_url: str) -> bytes:
    """Render the teacher's debrief of a game as a PDF (no cache)."""
    report = build_report(load_log(game), compute_estimates=True, for_print=True)
    html = render_to_string("debrief/pdf.html", {"report": report, "game": game, "pdf": True})
    return exports.pdf_bytes(html, base_url)


@login_required
def csv_export(request: HttpRequest, session_id: int, table: str) -> HttpResponse:
    """Return one of the debrief's tables as CSV (UTF-8 with a byte-order mark, for Excel)."""
    game = game_for_teacher(request, session_id)
    if table == "reflections":
        body = _reflections_csv(game)
    elif table in CSV_TABLES:
        body = CSV_TABLES[table](load_log(game))
    else:
        raise Http404("No such table.")
    # A byte-order mark first, or Excel reads the file as its local code page and garbles
    # every dash and accented name.
    response = HttpResponse(body.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_slug(game)}-{table}.csv"'
    return response


def _reflections_csv(game: GameSession) -> str:
    log = load_log(game)
    questions: dict[str, list[str]] = {}
    saved = {r.student_id: r for r in Reflection.objects.filter(session=game)}
    from game.debrief.narrate import reflection_questions

    for w in log.worlds:
        if any(seat.players for seat in w.seats):
            report = build_world(log, w, compute_estimates=False)
            for seat in w.seats:
                if seat.players:
                    questions[f"{w.label}:{seat.key}"] = reflection_questions(report, seat.key)
    return exports.reflections_csv(log, saved, questions)


@login_required
def json_export(request: HttpRequest, session_id: int) -> HttpResponse:
    """Return the game's full log as JSON, for researchers."""
    game = game_for_teacher(request, session_id)
    response = JsonResponse(exports.json_log(load_log(game)), json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{_slug(game)}-log.json"'
    return response


# --- the student's debrief --------------------------------------------------


def _student_seat(request: HttpRequest, session_id: int) -> tuple[GameSession, Student, Seat]:
    """Return the game, student and seat of this browser, or 404 unless the game has ended."""
    game = get_object_or_404(GameSession.objects.select_related("classroom"), pk=session_id)
    student = student_for_game(request.session, game)
    if student is None:
        raise Http404("You are not seated in this game.")
    seat = Seat.objects.filter(members__student=student, world__session=game).first()
    if seat is None:
        raise Http404("You are not seated in this game.")
    if game.status != GameStatus.FINISHED:
        raise Http404("Your debrief opens when your teacher ends the game.")
    return game, student, seat


@require_http_methods(["GET", "POST"])
def student_page(request: HttpRequest, session_id: int) -> HttpResponse:
    """Show a student their state's story and reflection; save their answers on POST."""
    game, student, seat = _student_seat(request, session_id)
    log = load_log(game, world_ids={seat.world_id})
    world = build_world(log, log.worlds[0], compute_estimates=False)
    debrief = student_debrief(world, seat.state_key, student.pk)
    saved = reflections.reflection_of(game, student)
    answers = reflections.answers_of(saved)
    error = ""
    status = 200
    if request.method == "POST":
        answers = [request.POST.get(f"answer_{n}", "") for n in range(1, 4)]
        try:
            saved = reflections.save_reflection(game, student, debrief.questions, answers)
        except reflections.ReflectionError as refusal:
            error, status = str(refusal), 400
        if request.htmx:
            # htmx swaps only successful answers: the error is a 200 with role="alert".
            return render(
                request, "debrief/_reflection_status.html", {"saved": saved, "error": error}
            )
        if not error:
            messages.success(request, "Your reflection is saved. You can change it any time.")
            return redirect(reverse("debrief-student", args=[game.pk]) + "#reflection")
    context = {
        "game": game,
        "student": student,
        "d": debrief,
        "world": world,
        "names": world.names,
        "revealed": game.intents_revealed,
        "questions": list(zip(debrief.questions, answers, strict=True)),
        "saved": saved,
        "error": error,
        "limit": reflections.ANSWER_LIMIT,
        # A team's moves and reasons are its state's, not always this student's own.
        "team": seat.members.count() > 1,
    }
    return render(request, "debrief/student.html", context, status=status)
