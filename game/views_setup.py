"""Setting a game up: the "New game" form, the lobbies, and the teacher's seat changes.

Teacher views ask classroom.access for the game (another teacher's URL is a
404); every change is a POST that goes through game.seating and redirects.
Starting the game is `game-start` (game.views), which calls game.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from classroom import once
from classroom.access import classroom_for_teacher, game_for_teacher, student_for_game
from classroom.codes import join_url, qr_svg
from classroom.models import Student
from game import lobby, seating
from game.forms_setup import NewGameForm, param_label
from game.models import GameSession, GameStatus, Seat
from game.referee import load_scenario
from game.referee.moves import name_in_sentence
from game.seating import SeatingError


@login_required
@require_http_methods(["GET", "POST"])
def new_game(request: HttpRequest, classroom_id: int) -> HttpResponse:
    """Set up a game in a classroom and open its lobby."""
    classroom = classroom_for_teacher(request, classroom_id)
    if classroom.archived:
        messages.error(request, "This class is archived: reopen it to start a game.")
        return redirect("classroom-detail", pk=classroom.pk)
    form = NewGameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nonce = form.cleaned_data["nonce"]
        earlier = once.claim(request.user.pk, nonce)
        if earlier is not None:
            messages.info(request, "That game was already created.")
            target = (
                earlier
                if earlier != once.PENDING
                else reverse("classroom-detail", args=[classroom.pk])
            )
            return redirect(target)
        with transaction.atomic():
            game = GameSession.objects.create(**form.session_fields(classroom))
            seating.prepare_worlds(game)
        url = reverse("game-lobby", args=[game.pk])
        once.record(request.user.pk, nonce, url)
        messages.success(request, "Game created: students who arrive now are seated at once.")
        return redirect(url)
    context = {"form": form, "classroom": classroom, "scenarios": form.scenarios}
    status = 400 if request.method == "POST" else 200
    return render(request, "game/setup_new.html", context, status=status)


def _settings_summary(game: GameSession) -> list[tuple[str, str]]:
    """Describe the game's set-up in a few rows for the lobby."""
    if game.turn_seconds is None:
        timer = "No timer: you advance each turn"
    else:
        minutes, seconds = divmod(game.turn_seconds, 60)
        parts = ([f"{minutes} min"] if minutes else []) + ([f"{seconds} s"] if seconds else [])
        timer = " ".join(parts)
    rows = [
        ("Turns", str(game.turns)),
        ("Turn timer", timer),
        (
            "Seating",
            "One student per state"
            if game.seating == "solo"
            else f"Teams of up to {game.team_size} per state",
        ),
        ("Worlds", "Automatic" if game.world_count is None else str(game.world_count)),
        ("Bots", game.bot_strategy.replace("_", " ")),
    ]
    for name, value in (game.params or {}).items():
        rows.append((param_label(name), str(value)))
    if game.variations:
        groups = len(game.variations)
        rows.append(("Experiment", f"{groups} groups of worlds, labelled on each world"))
    return rows


@login_required
@require_GET
def lobby_teacher(request: HttpRequest, session_id: int) -> HttpResponse:
    """Show the teacher who has joined and where they sit, live, with the join code."""
    game = game_for_teacher(request, session_id)
    if game.status != GameStatus.LOBBY:
        return redirect("game-dashboard", session_id=game.pk)
    classroom = game.classroom
    link = join_url(request, classroom.join_code)
    context = {
        **lobby.teacher_context(game),
        "classroom": classroom,
        "join_link": link,
        "qr": qr_svg(link),
        "summary": _settings_summary(game),
    }
    return render(request, "game/lobby_teacher.html", context)


@login_required
@require_GET
def seats(request: HttpRequest, session_id: int) -> HttpResponse:
    """Show every seated student with a way to move them, and team captains."""
    game = game_for_teacher(request, session_id)
    if game.status != GameStatus.LOBBY:
        messages.info(request, "The game has started: seats can no longer be moved.")
        return redirect("game-dashboard", session_id=game.pk)
    context = lobby.teacher_context(game)
    worlds = context["worlds"]
    choices = [
        (row.seat.pk, f"World {w.world.label}: {row.state.name}")
        for w in worlds  # type: ignore[attr-defined]
        for row in w.seats
    ]
    return render(request, "game/lobby_seats.html", {**context, "seat_choices": choices})


def _seat_change(request: HttpRequest, session_id: int) -> tuple[GameSession, Student, Seat]:
    """Return the game, student and seat named by a seat-changing POST (404 if not the game's)."""
    game = game_for_teacher(request, session_id)
    student = get_object_or_404(
        Student, pk=_int(request.POST.get("student")), classroom_id=game.classroom_id
    )
    seat_id = _int(request.POST.get("seat"))
    seat = get_object_or_404(Seat, pk=seat_id, world__session=game)
    return game, student, seat


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0


@login_required
@require_POST
def move_student(request: HttpRequest, session_id: int) -> HttpResponse:
    """Move one student to another state or world (before the start)."""
    game, student, seat = _seat_change(request, session_id)
    try:
        seating.move_student(game, student, seat)
    except SeatingError as refusal:
        messages.error(request, str(refusal))
    else:
        state = name_in_sentence(seating.state_name(game, seat.state_key))
        messages.success(request, f"{student.display_name} now plays {state}.")
    return redirect("game-seats", session_id=game.pk)


@login_required
@require_POST
def set_captain(request: HttpRequest, session_id: int) -> HttpResponse:
    """Make a team member their team's captain."""
    game, student, seat = _seat_change(request, session_id)
    try:
        seating.set_captain(game, seat, student)
    except SeatingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{student.display_name} is now captain of {seat.state_key}.")
    return redirect("game-seats", session_id=game.pk)


@login_required
@require_POST
def unseat(request: HttpRequest, session_id: int) -> HttpResponse:
    """Take a student out of the game before the start."""
    game = game_for_teacher(request, session_id)
    student = get_object_or_404(
        Student, pk=_int(request.POST.get("student")), classroom_id=game.classroom_id
    )
    try:
        seating.unseat_student(game, student)
    except SeatingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{student.display_name} no longer has a seat in this game.")
    return redirect("game-seats", session_id=game.pk)


@login_required
@require_POST
def reseat(request: HttpRequest, session_id: int) -> HttpResponse:
    """Rebalance everyone seated across the worlds."""
    game = game_for_teacher(request, session_id)
    try:
        seating.reseat(game)
    except SeatingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Everyone has been reseated, worlds balanced.")
    return redirect("game-lobby", session_id=game.pk)


@login_required
@require_POST
def add_world(request: HttpRequest, session_id: int) -> HttpResponse:
    """Open one more world for students still arriving."""
    game = game_for_teacher(request, session_id)
    try:
        world = seating.add_world(game)
    except SeatingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"World {world.label} is open.")
    return redirect("game-lobby", session_id=game.pk)


@login_required
@require_POST
def discard(request: HttpRequest, session_id: int) -> HttpResponse:
    """Throw away a game that has not started (nothing has been played in it)."""
    game = game_for_teacher(request, session_id)
    classroom = game.classroom
    deleted = seating.discard_game(game)
    if deleted:
        messages.success(request, "Game discarded.")
    else:
        messages.error(request, "A game that has started cannot be discarded.")
    return redirect("classroom-detail", pk=classroom.pk)


@require_GET
def lobby_student(request: HttpRequest, session_id: int) -> HttpResponse:
    """Show a student their world, state, brief and team while they wait for the start."""
    game = GameSession.objects.select_related("classroom").filter(pk=session_id).first()
    student = student_for_game(request.session, game) if game is not None else None
    if game is None or student is None:
        messages.info(request, "Join your class with the code on the board first.")
        return redirect("join")
    if game.status != GameStatus.LOBBY:
        return redirect("student-home", pk=game.classroom_id)
    if seating.member_of(game, student) is None:
        return redirect("student-home", pk=game.classroom_id)
    scenario = load_scenario(game.scenario_key)
    context = {
        **lobby.student_context(game, student),
        "scenario": scenario,
        "rejoin_url": request.build_absolute_uri(reverse("rejoin", args=[student.token])),
        "finished_games": lobby.finished_games(student),
    }
    return render(request, "game/lobby_student.html", context)
