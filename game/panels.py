"""Render the live panels of the play page and the teacher's dashboard.

Every panel is a whole element with an id; pushed over a websocket it carries
`hx-swap-oob="true"` so htmx replaces the element of the same id. A seat's
panels are built from the referee's seat view only, so they cannot leak what
another seat sees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from classroom.access import student_for_game
from classroom.models import Student
from game import progress
from game.compiled import CompiledQuery
from game.models import (
    GameSession,
    GameStatus,
    Move,
    Rating,
    Seat,
    SeatMember,
    Turn,
    TurnStatus,
    World,
)
from game.referee import (
    Scenario,
    TurnNews,
    combine_team_picks,
    load_scenario,
    move_from_dict,
    move_to_dict,
    reveal,
    seat_view,
)
from game.referee.moves import Move as Pick
from game.referee.moves import name_in_sentence
from game.referee.view import SeatView
from game.services import (
    current_turn,
    decoded_news,
    preload_states,
    world_news,
    world_state,
)
from game.templatetags.spiral import describe_move

SEAT_PANELS = (
    "turn_bar",
    "own_state",
    "others",
    "agreements",
    "moved_strip",
    "action_panel",
    "move_status",
    "team",
    "news",
    "reveal",
)
# Panels that read only the world (its turn, who has moved), never the seat: a
# turn's resolution renders them once for all of the world's seats. (The turn bar
# names the seat's own state, so each seat renders its own.)
WORLD_PANELS = ("moved_strip",)


# --- who is this socket? ----------------------------------------------------


def seat_for_scope(scope: Mapping[str, Any], session_id: int) -> tuple[int, int, int] | None:
    """Return (seat id, world id, student id) for the student in a socket's session."""
    game = GameSession.objects.filter(pk=session_id).first()
    session = scope.get("session")
    if game is None or session is None:
        return None
    student = student_for_game(session, game)
    if student is None:
        return None
    seat = (
        Seat.objects.filter(members__student=student, world__session=game)
        .values_list("pk", "world_id")
        .first()
    )
    if seat is None:
        return None
    return seat[0], seat[1], student.pk


# Every move loads its seat: compiled once, the query costs a third of what it did.
_SEAT = CompiledQuery(
    lambda seat_id: (
        Seat.objects.select_related("world__session")
        .defer("world__initial_state", "world__state")
        .filter(pk=seat_id)
    )
)


def seat(seat_id: int) -> Seat:
    """Return a seat with its world and session."""
    found = _SEAT.all(seat_id)
    if not found:
        raise Seat.DoesNotExist(f"There is no seat {seat_id}.")
    return found[0]


def student(student_id: int) -> Student:
    """Return a student."""
    return Student.objects.get(pk=student_id)


# --- the seat's context -----------------------------------------------------


@dataclass
class SeatContext:
    """Everything the play page's panels show for one student in one seat."""

    seat: Seat
    student: Student
    world: World
    session: GameSession
    view: SeatView | None
    turn: Turn | None
    names: dict[str, str]
    my_pick: Move | None
    team_picks: list[tuple[str, dict[str, Any] | None]]
    moved: list[tuple[str, str, bool]]
    ratings: dict[str, Rating]
    last_news: TurnNews | None
    # {turn: seats whose move the absent policy chose}, to mark their signals in the news.
    defaulted: dict[int, tuple[str, ...]]
    # What a team's state played in the turn just resolved, and whose pick it was.
    team_decision: SafeString | None
    # The student took this state over from a bot in the turn now open.
    took_over: bool

    def as_dict(self) -> dict[str, Any]:
        """Return the template context."""
        scenario = load_scenario(self.session.scenario_key)
        return {
            "seat": self.seat,
            "student": self.student,
            "world": self.world,
            "game": self.session,
            "view": self.view,
            "turn": self.turn,
            "names": self.names,
            "my_name": self.names.get(self.seat.state_key, self.seat.state_key),
            "my_brief": state_brief(scenario, self.seat.state_key),
            "situation": scenario.student_brief,
            "defaulted": self.defaulted,
            "team_decision": self.team_decision,
            "took_over": self.took_over,
            "my_pick": self.my_pick,
            "my_pick_move": move_from_dict(self.my_pick.payload) if self.my_pick else None,
            "team_picks": self.team_picks,
            "moved": self.moved,
            "ratings": self.ratings,
            "last_news": self.last_news,
            "others": [o for o in self.view.others] if self.view else [],
            "paused": self.world.status == GameStatus.PAUSED,
            "finished": self.world.status == GameStatus.FINISHED,
            "bot_holds_seat": bool(self.seat.bot_strategy),
            "rating_scale": RATING_SCALE,
            "reveal": self.revealed(),
        }

    def template_context(self) -> dict[str, Any]:
        """Return `as_dict()` with the seat's view as plain dicts and lists.

        The HTML is the same; Django's templates just read a dict key faster than
        an attribute (they try the key first and fail over to the attribute).
        """
        context = self.as_dict()
        view = plain(self.view) if self.view else None
        context["view"] = view
        context["others"] = view["others"] if view else []
        return context

    def revealed(self) -> dict[str, Any] | None:
        """Return the end-of-game truth once the teacher has revealed it, else None."""
        if not (self.session.intents_revealed and self.world.has_state):
            return None
        return reveal(world_state(self.world))


_LEAVES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Return a tree of dataclasses as dicts and lists (other values as they are)."""
    if type(value) in _LEAVES:  # most of a view: answered before any attribute lookup
        return value
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: plain(getattr(value, name)) for name in fields}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


# A move's free text: picks that differ only in it count as the same pick.
FREE_TEXT = ("text", "reason")
RATING_SCALE = ((-2, "Hostile"), (-1, "Wary"), (0, "Neutral"), (1, "Friendly"), (2, "Ally-like"))


def seat_context(seat_id: int, student_id: int) -> SeatContext:
    """Gather what one seat's panels need, in a fixed handful of queries."""
    the_seat = seat(seat_id)
    world = the_seat.world
    names = state_names(world.session.scenario_key)
    turn = current_turn(world)
    news = world_news(world)
    picks = list(Move.objects.filter(turn=turn, seat=the_seat)) if turn else []
    members = list(the_seat.members.select_related("student"))
    ratings = Rating.objects.filter(turn=turn, student_id=student_id) if turn else []
    last_picks: list[Move] = []
    if len(members) > 1 and news:
        # Only a team is told whose pick its state played in the turn just resolved.
        last_picks = list(
            Move.objects.filter(turn__world=world, turn__number=news[-1].turn, seat=the_seat)
        )
    return _seat_context(
        the_seat,
        student(student_id),
        names,
        turn,
        news,
        picks,
        members,
        {r.target: r for r in ratings},
        moved_states(world, turn, names),
        last_picks,
    )


def _seat_context(
    the_seat: Seat,
    the_student: Student,
    names: dict[str, str],
    turn: Turn | None,
    news: list[TurnNews],
    picks: list[Move],
    members: list[SeatMember],
    ratings: dict[str, Rating],
    moved: list[tuple[str, str, bool]],
    last_picks: list[Move],
) -> SeatContext:
    world = the_seat.world
    view = None
    if world.has_state:
        view = seat_view(world_state(world), the_seat.state_key, news)
    by_student = {m.student_id: m.payload for m in picks}
    decision = None
    if view is not None and news and len(members) > 1:
        decision = team_decision(the_seat, members, last_picks, view, news[-1].turn, names)
    return SeatContext(
        seat=the_seat,
        student=the_student,
        world=world,
        session=world.session,
        view=view,
        turn=turn,
        names=names,
        my_pick=next((m for m in picks if m.student_id == the_student.pk), None),
        team_picks=[(m.student.display_name, by_student.get(m.student_id)) for m in members],
        moved=moved,
        ratings=ratings,
        last_news=news[-1] if news else None,
        defaulted={n.turn: n.defaulted for n in news if n.defaulted},
        team_decision=decision,
        took_over=taken_over_from_bot(the_seat, members, the_student, turn),
    )


def taken_over_from_bot(
    seat: Seat, members: list[SeatMember], student: Student, turn: Turn | None
) -> bool:
    """Tell whether `student` took the seat over from a bot in the turn now open.

    A seat nobody sat in at the start is played by a bot; the first student to sit in
    it after the start takes it over. The page says so for the turn they arrive in.
    """
    started = seat.world.session.started_at
    if started is None or turn is None or not members or seat.bot_strategy:
        return False
    first = members[0]
    return (
        first.student_id == student.pk
        and first.joined_at > started
        and first.joined_at >= turn.opened_at
    )


def _choice(move: Pick) -> tuple[tuple[str, object], ...]:
    """Return a pick without its free text: picks that differ only in words agree."""
    return tuple(sorted((k, v) for k, v in move_to_dict(move).items() if k not in FREE_TEXT))


def team_decision(
    seat: Seat,
    members: list[SeatMember],
    picks: list[Move],
    view: SeatView,
    turn_number: int,
    names: Mapping[str, str],
) -> SafeString | None:
    """Tell a team what its state played in turn `turn_number`, whose pick it was and why.

    The team's picks are combined exactly as the turn's resolution combined them
    (`combine_team_picks`, picks in the order they were saved, the captain's
    preferred); the state's own last move says what was really played, so a pick
    that could no longer be played shows as the default it became.
    """
    played = view.me.last_move
    if played is None:
        return None
    who = {str(m.student_id): m.student.display_name for m in members}
    ordered = sorted(picks, key=lambda m: (m.submitted_at, m.pk))
    by_member = {str(m.student_id): move_from_dict(m.payload) for m in ordered}
    move = describe_move(played, names)
    idle = format_html_join(
        "",
        ' <span class="user-text">{}</span> did not pick.',
        ((name,) for key, name in who.items() if key not in by_member),
    )
    if not by_member:
        return format_html(
            "<strong>Your team:</strong> nobody picked a move, so your state played its "
            "default — {}.",
            move,
        )
    captain = str(seat.captain_id) if seat.captain_id else next(iter(by_member))
    chosen = combine_team_picks(view.me.regime, by_member, captain)
    chooser = next(key for key, pick in by_member.items() if pick is chosen)
    chooser_name = who.get(chooser, "a former member")
    if chosen != played:
        return format_html(
            '<strong>Your team:</strong> <span class="user-text">{}</span>\'s pick could no '
            "longer be played, so your state played its default — {}.{}",
            chooser_name,
            move,
            idle,
        )
    counts = Counter(_choice(pick) for pick in by_member.values())
    winner = _choice(chosen)
    if len(counts) == 1:
        why = "every pick agreed" if len(by_member) > 1 else "it was the only pick"
    elif view.me.regime == "autocracy" and captain in by_member:
        why = "an autocracy plays its captain's pick"
    elif all(n < counts[winner] for choice, n in counts.items() if choice != winner):
        why = "it was the most common pick"
    elif chooser == captain:
        why = "a tie goes to the captain's pick"
    else:
        why = "it was tied, and the captain did not pick"
    dropped = format_html_join(
        "",
        ' Not played: <span class="user-text">{}</span>\'s pick — {}.',
        (
            (who.get(key, "a former member"), describe_move(pick, names))
            for key, pick in by_member.items()
            if _choice(pick) != winner
        ),
    )
    return format_html(
        "<strong>Your team:</strong> your state played "
        '<span class="user-text">{}</span>\'s pick — {} — because {}.{}{}',
        chooser_name,
        move,
        why,
        dropped,
        idle,
    )


def state_brief(scenario: Scenario, state_key: str) -> str:
    """Return the brief a scenario gives one of its states ('' if it has none)."""
    try:
        return scenario.state(state_key).brief
    except KeyError:
        return ""


def state_names(scenario_key: str) -> dict[str, str]:
    """Return {state key: state name} for a scenario."""
    return {s.key: s.name for s in load_scenario(scenario_key).states}


def _open_turn_and_world(world_id: int) -> tuple[Turn | None, World]:
    """Return a world's open turn (if any) and the world with its session, in one query."""
    turn = (
        Turn.objects.select_related("world__session")
        .defer("record", "world__initial_state", "world__state")
        .filter(world_id=world_id, status=TurnStatus.OPEN)
        .order_by("-number")
        .first()
    )
    if turn is not None:
        return turn, turn.world
    return None, (
        World.objects.select_related("session").defer("initial_state", "state").get(pk=world_id)
    )


def moved_states(
    world: World, turn: Turn | None, names: dict[str, str]
) -> list[tuple[str, str, bool]]:
    """Return (key, name, has moved) for every seat of the world this turn (never what)."""
    return _moved(progress.world_progress(world.pk, turn), names)


def _moved(
    seats: list[progress.SeatProgress], names: dict[str, str]
) -> list[tuple[str, str, bool]]:
    return [(s.state_key, names.get(s.state_key, s.state_key), s.has_moved) for s in seats]


# --- fragments --------------------------------------------------------------


def render_panels(context: Mapping[str, Any], panels: tuple[str, ...], oob: bool) -> str:
    """Render the named panels, marked for out-of-band swaps when pushed."""
    return "".join(
        render_to_string(f"game/panels/{name}.html", {**context, "oob": oob}) for name in panels
    )


def full_state(seat_id: int, student_id: int) -> str:
    """Return every panel of one seat, for a (re)connect or after a turn resolves."""
    return render_panels(
        seat_context(seat_id, student_id).template_context(), SEAT_PANELS, oob=True
    )


def move_ack(
    seat_id: int,
    student_id: int,
    move: Move,
    *,
    seat: Seat | None = None,
    student: Student | None = None,
) -> str:
    """Return the panels that confirm a locked-in move.

    The confirmation names the move just saved, even when that move completed
    the turn and the next one is already open. These panels need neither the
    turns' news nor the seat's perception, so neither is loaded. Right after
    `services.submit_move` in the same thread, what its broadcast just found
    (who has moved, the strip it rendered) is reused; a one-student seat passed
    in as `seat` and `student` then needs no query at all.
    """
    recent = progress.recent(move.turn.world_id, getattr(move, "saved_clock", None))
    if recent is not None:
        turn, world, seats, moved = recent.turn, recent.world, recent.progress, recent.moved
        strip = recent.strip
    else:
        turn, world = _open_turn_and_world(move.turn.world_id)
        seats = progress.world_progress(world.pk, turn)
        moved, strip = _moved(seats, state_names(world.session.scenario_key)), None
    names = state_names(world.session.scenario_key)
    mine = next((s for s in seats if s.seat_id == seat_id), None)
    view = None
    if mine is not None and mine.members == 1 and seat is not None and student is not None:
        # A seat of one: its only member is this student, and no team panel is shown.
        the_seat = seat
        team_picks: list[tuple[str, Any]] = [(student.display_name, None)]
    else:
        members = list(
            SeatMember.objects.filter(seat_id=seat_id).select_related("student", "seat__captain")
        )
        the_seat = members[0].seat if members else Seat.objects.get(pk=seat_id)
        the_seat.world = world
        picks: dict[int, Any] = {}
        if len(members) > 1:
            # Only a team's panel shows the picks and reads the seat's view (its regime).
            if turn is not None:
                picks = {
                    m.student_id: m.payload for m in Move.objects.filter(turn=turn, seat=the_seat)
                }
            if world.has_state:
                view = seat_view(world_state(world), the_seat.state_key)
        team_picks = [(m.student.display_name, picks.get(m.student_id)) for m in members]
    confirmed = {
        "seat": the_seat,
        "world": world,
        "game": world.session,
        "view": view,
        "turn": turn,
        "names": names,
        "team_picks": team_picks,
        "moved": moved,
        "finished": world.status == GameStatus.FINISHED,
        "bot_holds_seat": bool(the_seat.bot_strategy),
        "my_pick": move,
        "my_pick_move": move_from_dict(move.payload),
        "ack_move_id": move.move_id,
        "ack_turn": move.turn.number,
    }
    if strip is None:
        strip = render_panels(confirmed, ("moved_strip",), oob=True)
    return (
        render_panels(confirmed, ("move_status",), oob=True)
        + strip
        + render_panels(confirmed, ("team",), oob=True)
        + error_fragment("")
    )


def world_full_states(
    world_id: int, resolved: tuple[Turn | None, World] | None = None
) -> tuple[int, list[tuple[int, str | None]]]:
    """Return the world's turn number and (seat id, full state) for each seat with students.

    This is what a turn's resolution pushes: one render per seat, shared by its
    members, from queries shared by the whole world. A seat whose members might
    see different panels (a team where someone already picked or rated in the
    open turn) gets None instead, and each of its sockets renders its own.
    `resolved`: the open turn and the world (with its session) as the resolver
    just committed them, instead of reading them back.
    """
    turn, world = resolved if resolved is not None else _open_turn_and_world(world_id)
    names = state_names(world.session.scenario_key)
    news = world_news(world)
    asked = progress.clock()
    seats = progress.world_progress(world.pk, turn)
    moved = _moved(seats, names)
    progress.remember(world, turn, seats, moved, asked)
    members: dict[int, list[SeatMember]] = {}
    for member in SeatMember.objects.filter(seat__world=world).select_related("student"):
        members.setdefault(member.seat_id, []).append(member)
    picks: dict[int, list[Move]] = {}
    ratings: dict[int, dict[str, Rating]] = {}
    if turn is not None:
        for move in Move.objects.filter(turn=turn):
            picks.setdefault(move.seat_id, []).append(move)
        for rating in Rating.objects.filter(turn=turn):
            ratings.setdefault(rating.student_id, {})[rating.target] = rating
    last_picks: dict[int, list[Move]] = {}
    if news and any(len(seated) > 1 for seated in members.values()):
        # Teams are told whose pick their state played in the turn just resolved.
        for move in Move.objects.filter(turn__world=world, turn__number=news[-1].turn):
            last_picks.setdefault(move.seat_id, []).append(move)
    rendered: list[tuple[int, str | None]] = []
    shared: dict[str, str] = {}
    for the_seat in world.seats.select_related("captain").order_by("order"):
        seated = members.get(the_seat.pk)
        if not seated:
            continue
        the_seat.world = world
        chosen = picks.get(the_seat.pk, [])
        rated = [m for m in seated if m.student_id in ratings]
        if len(seated) > 1 and (chosen or rated):
            rendered.append((the_seat.pk, None))
            continue
        first = seated[0]
        context = _seat_context(
            the_seat,
            first.student,
            names,
            turn,
            news,
            chosen,
            seated,
            ratings.get(first.student_id, {}),
            moved,
            last_picks.get(the_seat.pk, []),
        )
        values = context.template_context()
        if not shared:
            shared = {name: render_panels(values, (name,), oob=True) for name in WORLD_PANELS}
        html = "".join(
            shared[name] if name in shared else render_panels(values, (name,), oob=True)
            for name in SEAT_PANELS
        )
        rendered.append((the_seat.pk, html))
    return world.turn_number, rendered


def team_update(seat_id: int, student_id: int) -> str:
    """Return the panels a teammate's pick changes (never the action forms)."""
    context = seat_context(seat_id, student_id).template_context()
    return render_panels(context, ("move_status", "team"), oob=True)


def moved_strip(world_id: int) -> str:
    """Return the 'who has moved' strip of a world."""
    return moved_strip_of_turn(world_id)[0]


def moved_strip_of_turn(world_id: int, turn: Turn | None = None) -> tuple[str, int]:
    """Return a world's 'who has moved' strip and the number of the turn it shows.

    `turn`, the open turn with its world and session, saves one query when known.
    """
    if turn is None:
        turn, world = _open_turn_and_world(world_id)
    else:
        world = turn.world
    names = state_names(world.session.scenario_key)
    asked = progress.clock()
    seats = progress.world_progress(world.pk, turn)
    moved = _moved(seats, names)
    strip = render_panels({"moved": moved, "turn": turn}, ("moved_strip",), oob=True)
    # The ack and the completion check that follow in this thread reuse all of it.
    progress.remember(world, turn, seats, moved, asked, strip)
    return strip, world.turn_number


def rating_ack(target: str, names: Mapping[str, str] | None = None) -> str:
    """Return the confirmation, under the rating form of `target`, that its read was saved.

    `names` ({state key: name}) names the state; without it the confirmation says
    only that the read is saved (it sits in that state's own form anyway).
    """
    name = (names or {}).get(target)
    said = f"Your read of {name_in_sentence(name)} is saved." if name else "Your read is saved."
    return format_html(
        '<p id="rating-status-{}" hx-swap-oob="true" class="rating-status muted small" '
        'role="status">{}</p>',
        target,
        said,
    )


def error_fragment(message: str) -> str:
    """Return the error panel next to the action forms (empty clears it)."""
    if not message:
        return '<div id="move-error" hx-swap-oob="true"></div>'
    return format_html(
        '<div id="move-error" hx-swap-oob="true" role="alert" class="form-errors" '
        'data-frame="error">{}</div>',
        message,
    )


def pong() -> str:
    """Answer a ping."""
    return '<template id="pong" hx-swap-oob="true" data-frame="pong"></template>'


# --- the teacher's dashboard ------------------------------------------------


def dashboard_context(session_id: int) -> dict[str, Any]:
    """Gather every world's turn, moves, tensions and alerts for the dashboard.

    A fixed number of queries however many worlds the class fills.
    """
    game = GameSession.objects.select_related("classroom").get(pk=session_id)
    scenario = load_scenario(game.scenario_key)
    names = {s.key: s.name for s in scenario.states}
    worlds_of_game = list(game.worlds.order_by("index").defer("initial_state", "state"))
    preload_states(worlds_of_game)
    open_turns: dict[int, Turn] = {}
    last_turns: dict[int, tuple[int, int, Any]] = {}
    for turn in Turn.objects.filter(world__session=game).defer("record").order_by("number"):
        if turn.status == TurnStatus.OPEN:
            open_turns[turn.world_id] = turn
        elif turn.status == TurnStatus.RESOLVED:
            last_turns[turn.world_id] = (turn.number, turn.pk, turn.resolved_at)
    last_news = decoded_news([(pk, at) for _, pk, at in last_turns.values()])
    seats: dict[int, list[tuple[int, str, str]]] = {}
    for world_id, pk, key, bot in (
        Seat.objects.filter(world__session=game)
        .order_by("order")
        .values_list("world_id", "pk", "state_key", "bot_strategy")
    ):
        seats.setdefault(world_id, []).append((pk, key, bot))
    players: dict[int, list[str]] = {}
    for seat_id, display_name in (
        SeatMember.objects.filter(session=game)
        .order_by("student__display_name")
        .values_list("seat_id", "student__display_name")
    ):
        players.setdefault(seat_id, []).append(display_name)
    seated = set(players)
    # What each open turn waits for, as the turn counts it (a team: every member).
    standing = progress.session_progress(game.pk)
    worlds = []
    for world in worlds_of_game:
        turn = open_turns.get(world.pk)
        last = last_turns.get(world.pk)
        news = last_news.get((last[1], last[2])) if last else None
        tensions = []
        if world.has_state:
            state = world_state(world)
            by_pair = {(d.a, d.b): d.tension for d in state.dyads}
            for a, b in combinations(state.seats, 2):
                value = by_pair.get((a, b), by_pair.get((b, a), 0.0))
                tensions.append((names.get(a, a), names.get(b, b), value))
        world_seats = seats.get(world.pk, [])
        worlds.append(
            {
                "world": world,
                "turn": turn,
                # (key, name) of the world's states, in seat order.
                "states": [(key, names.get(key, key)) for _, key, _ in world_seats],
                "progress": standing.get(world.pk, []) if turn is not None else [],
                # Who sits in each state, so the teacher sees whom a class is waiting for.
                "players": {
                    key: ", ".join(players[pk]) if pk in players else ("bot" if bot else "")
                    for pk, key, bot in world_seats
                },
                "tensions": tensions,
                "crises": [(names.get(a, a), names.get(b, b)) for a, b in news.crises]
                if news
                else [],
                "wars": news.wars if news else (),
                "last_turn": last[0] if last else 0,
                "humans": sum(1 for pk, _, _ in world_seats if pk in seated),
                "all_bots": not any(bot == "" for _, _, bot in world_seats),
            }
        )
    from game.referee import EVENT_CARDS

    return {
        "game": game,
        "worlds": worlds,
        "names": names,
        "scenario": scenario,
        "event_cards": EVENT_CARDS,
    }


def dashboard(session_id: int, csrf_token: str = "") -> str:
    """Return the whole dashboard panel, for a push to the browser whose CSRF token is given."""
    context = {**dashboard_context(session_id), "oob": True, "csrf_token": csrf_token}
    return render_to_string("game/panels/dashboard_worlds.html", context)
