"""The student's play page, the teacher's dashboard, and the teacher's controls.

Views stay thin: they check who is asking (classroom.access), call the services,
and render. Live updates come over the websockets of game/consumers/.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from classroom.access import game_for_teacher, student_for_game
from game import panels, services
from game.models import GameSession, Seat, World


def play(request: HttpRequest, session_id: int) -> HttpResponse:
    """Show a seated student their state, the others as they see them, and the action panel."""
    game = get_object_or_404(GameSession, pk=session_id)
    student = student_for_game(request.session, game)
    if student is None:
        raise Http404("You are not seated in this game.")
    seat = Seat.objects.filter(members__student=student, world__session=game).first()
    if seat is None:
        raise Http404("You are not seated in this game.")
    context = panels.seat_context(seat.pk, student.pk).as_dict()
    return render(request, "game/play.html", {**context, "oob": False})


@login_required
def dashboard(request: HttpRequest, session_id: int) -> HttpResponse:
    """Show the owning teacher every world of a game, live."""
    game = game_for_teacher(request, session_id)
    return render(
        request, "game/dashboard.html", {**panels.dashboard_context(game.pk), "oob": False}
    )


CONTROLS = {
    "start": lambda game, request: services.start_game(game),
    "pause": lambda game, request: services.pause_game(game),
    "resume": lambda game, request: services.resume_game(game),
    "advance": lambda game, request: services.advance_now(game),
    "end": lambda game, request: services.end_game(game),
    "reveal": lambda game, request: services.reveal_intents(game),
    "extend": lambda game, request: services.extend_timer(game, _seconds(request)),
}
CONTROL_DONE = {
    "start": "The game has started.",
    "pause": "Paused: every clock is stopped.",
    "resume": "Resumed.",
    "advance": "Turn advanced.",
    "end": "The game has ended.",
    "reveal": "True intents are now shown to the students.",
    "extend": "Timer extended.",
}


def _seconds(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("seconds", "30"))
    except ValueError:
        raise services.GameError("Extend by a whole number of seconds.") from None


@login_required
@require_POST
def control(request: HttpRequest, session_id: int, action: str) -> HttpResponse:
    """Apply one teacher control (start, pause, resume, extend, advance, end, reveal)."""
    game = game_for_teacher(request, session_id)
    if action not in CONTROLS:
        raise Http404("No such control.")
    try:
        CONTROLS[action](game, request)
    except services.GameError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, CONTROL_DONE[action])
    return redirect("game-dashboard", session_id=game.pk)


@login_required
@require_POST
def start(request: HttpRequest, session_id: int) -> HttpResponse:
    """Start a game from its lobby and go to the dashboard."""
    return control(request, session_id, "start")


@login_required
@require_POST
def run_demo_world(request: HttpRequest, session_id: int, world_id: int) -> HttpResponse:
    """Play one all-bot world of the teacher's game through to the end."""
    game = game_for_teacher(request, session_id)
    world = get_object_or_404(World, pk=world_id, session=game)
    try:
        turns = services.run_demo_world(world)
    except services.GameError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"World {world.label} played {turns} turns by itself.")
    return redirect("game-dashboard", session_id=game.pk)


@login_required
@require_POST
def inject_event(request: HttpRequest, session_id: int, world_id: int) -> HttpResponse:
    """Play an event card into one world of the teacher's game."""
    game = game_for_teacher(request, session_id)
    world = get_object_or_404(World, pk=world_id, session=game)
    targets = [request.POST.get("target", ""), request.POST.get("target2", "")]
    try:
        services.inject_event(world, request.POST.get("card", ""), targets)
    except services.GameError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Event card played into world {world.label}.")
    return redirect("game-dashboard", session_id=game.pk)
