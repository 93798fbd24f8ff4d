"""Every URL checks who is asking: a permission matrix over the whole URL list.

Each URL is classified from its route (teacher classroom, teacher game,
student classroom, student game, public, teacher-only); a URL nobody
classified fails `test_every_url_is_in_the_permission_matrix`, and every
classified URL is requested by an anonymous browser, a student of the class,
the owning teacher and another teacher, by GET and by POST. Refusals change
nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from classroom.models import Classroom, Student
from game import seating, services
from game.models import GameSession, Seat, SeatMember
from tests.classroom.helpers import student_client

pytestmark = pytest.mark.django_db

# URLs anyone may open (some send a logged-in teacher elsewhere).
PUBLIC = {
    "healthz",
    "favicon",
    "home",
    "join",
    "join-link",
    "rejoin",
    "signup",
    "login",
    "logout",
}
# URLs for any logged-in teacher, about no one else's things.
TEACHER_ONLY = {
    "classroom-list",
    "classroom-create",
    "debrief-list",
    "password_change",
    "password_change_done",
}
# URLs with a game id that are the student's, not the teacher's.
STUDENT_GAME = {"game-lobby-student", "game-play", "debrief-student"}
ROLES = ("anonymous", "student", "owner", "other_teacher")


@dataclass(frozen=True)
class Route:
    """One named URL and what kind of object it is about."""

    name: str
    kind: str  # public, teacher-only, teacher-classroom, teacher-game, student-classroom, ...
    params: tuple[str, ...]


def _walk(patterns: list, prefix: str = "", namespace: str | None = None) -> Iterator[tuple]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern.name, prefix + str(pattern.pattern), pattern


def routes() -> list[Route]:
    """Return every named URL of the project (the admin has its own staff checks)."""
    found = []
    for namespace, name, route, pattern in _walk(get_resolver().url_patterns):
        if namespace == "admin":
            continue
        params = tuple(pattern.pattern.converters)
        if name in PUBLIC:
            kind = "public"
        elif name in TEACHER_ONLY:
            kind = "teacher-only"
        elif name in STUDENT_GAME:
            kind = "student-game"
        elif "session_id" in params:
            kind = "teacher-game"
        elif route.startswith("classrooms/") and {"pk", "classroom_id"} & set(params):
            kind = "teacher-classroom"
        elif route.startswith("class/") and "pk" in params:
            kind = "student-classroom"
        else:
            kind = "unclassified"
        found.append(Route(name or route, kind, params))
    return found


ROUTES = routes()
CHECKED = [r for r in ROUTES if r.kind not in {"public", "unclassified"}]


def test_every_url_is_in_the_permission_matrix() -> None:
    unclassified = [r.name for r in ROUTES if r.kind == "unclassified"]
    assert not unclassified, f"add these URLs to the permission matrix: {unclassified}"


@dataclass
class World:
    """A class with a finished game, its student, its teacher and another teacher."""

    owner: User
    other: User
    room: Classroom
    game: GameSession
    student: Student
    clients: dict[str, Client]


@pytest.fixture
def world(settings: object) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    owner = User.objects.create_user("owner", password="pw-owner-12345")
    other = User.objects.create_user("other", password="pw-other-12345")
    room = Classroom.objects.create(teacher=owner, name="History 10B", join_code="KKKKKK")
    game = GameSession.objects.create(
        classroom=room, scenario_key="tutorial", title="Tutorial", seed=3
    )
    seating.prepare_worlds(game)
    student = Student.objects.create(classroom=room, display_name="Ada")
    seating.seat_student(game, student)
    services.start_game(game)
    # Finished: every page about the game, the debrief included, has something to show.
    services.end_game(game)
    clients = {"anonymous": Client(), "student": student_client(student)}
    for role, user in (("owner", owner), ("other_teacher", other)):
        clients[role] = Client()
        clients[role].force_login(user)
    return World(owner, other, room, game, student, clients)


def url_for(route: Route, world: World) -> str:
    values = {
        "pk": world.room.pk,
        "classroom_id": world.room.pk,
        "session_id": world.game.pk,
        "world_id": world.game.worlds.first().pk,  # type: ignore[union-attr]
        "action": "reveal",
        "table": "reflections",
        "code": world.room.join_code,
        "token": world.student.token,
    }
    return reverse(route.name, kwargs={name: values[name] for name in route.params})


def post_data(route: Route, world: World) -> dict[str, object]:
    """Return a plausible form for a POST: the class's student and their seat."""
    seat = Seat.objects.filter(members__student=world.student).first()
    return {"student": world.student.pk, "seat": seat.pk if seat else 0, "name": "Renamed"}


def fingerprint() -> tuple:
    """Return what a refused request must leave untouched."""
    return (
        list(Classroom.objects.order_by("pk").values_list("name", "join_code", "archived")),
        list(GameSession.objects.order_by("pk").values_list("status", "title", "world_count")),
        list(SeatMember.objects.order_by("pk").values_list("seat_id", "student_id")),
        list(Seat.objects.order_by("pk").values_list("bot_strategy", "captain_id")),
        Student.objects.count(),
    )


def refused(response) -> bool:
    """Tell whether a response refuses: a 404, a 405, or a redirect to log in or to join."""
    if response.status_code in (404, 405):
        return True
    if response.status_code == 302:
        target = response["Location"]
        return target.startswith("/accounts/login/") or target == "/join/"
    return False


def allowed(response) -> bool:
    """Tell whether a response serves the request (a page, a redirect, a form error)."""
    if response.status_code in (200, 400, 405):
        return True
    if response.status_code == 302:
        target = response["Location"]
        return not target.startswith("/accounts/login/") and target != "/join/"
    return False


def who_may(route: Route) -> set[str]:
    """Return the roles a URL serves."""
    if route.kind == "teacher-only":
        return {"owner", "other_teacher"}
    if route.kind.startswith("teacher"):
        return {"owner"}
    return {"student"}


@pytest.mark.parametrize("route", CHECKED, ids=[r.name for r in CHECKED])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_right_people_reach_each_url(
    world: World, route: Route, role: str, method: str
) -> None:
    client = world.clients[role]
    url = url_for(route, world)
    before = fingerprint()
    response = getattr(client, method)(url, post_data(route, world) if method == "post" else {})
    assert response.status_code != 500
    if role in who_may(route):
        assert allowed(response), (role, method, url, response.status_code)
    else:
        assert refused(response), (role, method, url, response.status_code)
        assert fingerprint() == before, f"a refused {method.upper()} {url} changed something"


TEACHER_OBJECTS = [r for r in CHECKED if r.kind in {"teacher-classroom", "teacher-game"}]


@pytest.mark.parametrize("route", TEACHER_OBJECTS, ids=[r.name for r in TEACHER_OBJECTS])
def test_another_teacher_gets_not_found_wherever_the_owner_gets_through(
    world: World, route: Route
) -> None:
    url = url_for(route, world)
    for method in ("get", "post"):
        data = post_data(route, world) if method == "post" else {}
        other = getattr(world.clients["other_teacher"], method)(url, data)
        owner = getattr(world.clients["owner"], method)(url, data)
        if owner.status_code != 405:
            assert other.status_code == 404, (method, url, other.status_code)


def test_another_teachers_classroom_is_not_found_even_by_guessing_ids(world: World) -> None:
    client = world.clients["other_teacher"]
    for pk in (world.room.pk, world.room.pk + 1, 999999):
        assert client.get(f"/classrooms/{pk}/").status_code == 404
    assert "History 10B" not in client.get("/classrooms/").content.decode()
