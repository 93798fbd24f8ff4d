"""Setting a game up: the "New game" form, the lobbies, and the teacher's seat changes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from classroom.access import STUDENTS_KEY
from classroom.models import Classroom, Student
from game import seating
from game.experiments import JERVIS_FOUR_WORLDS
from game.models import GameSession, GameStatus, Seat, SeatMember
from game.referee import all_scenarios, load_scenario
from tests import factories

pytestmark = pytest.mark.django_db

TUTORIAL = load_scenario("tutorial")


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    """Hash the teachers' passwords cheaply: these tests are about setting games up."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def teacher() -> User:
    return factories.teacher("ms_okafor")


@pytest.fixture
def room(teacher: User) -> Classroom:
    return factories.classroom(teacher, name="History 10B")


@pytest.fixture
def teacher_client(teacher: User) -> Client:
    client = Client()
    client.force_login(teacher)
    return client


def form_data(**changes: object) -> dict[str, object]:
    """Return a valid "New game" post: the tutorial, defaults everywhere else."""
    data: dict[str, object] = {
        "scenario": "tutorial",
        "title": "",
        "turns": "",
        "timer": "120",
        "seating": "solo",
        "team_size": "3",
        "worlds": "auto",
        "world_count": "",
        "experiment": "none",
        "compare_param": "offense_advantage",
        "compare_first": "",
        "compare_second": "",
        "bot_strategy": "tit_for_tat",
        "nonce": "nonce-1",
    }
    data.update(changes)
    return data


def create_game(client: Client, room: Classroom, **changes: object) -> GameSession:
    response = client.post(f"/classrooms/{room.pk}/games/new/", form_data(**changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    return GameSession.objects.get(pk=int(re.findall(r"\d+", response["Location"])[0]))


def student_browser(student: Student) -> Client:
    client = Client()
    session = client.session
    session[STUDENTS_KEY] = {str(student.classroom_id): student.pk}
    session.save()
    return client


def join(room: Classroom, name: str) -> tuple[Client, Student]:
    client = Client()
    client.post("/join/", {"code": room.join_code, "name": name}, follow=True)
    return client, Student.objects.get(classroom=room, display_name=name)


# --- the form -------------------------------------------------------------


def test_the_new_game_form_offers_every_scenario_with_its_brief(
    teacher_client: Client, room: Classroom
) -> None:
    html = teacher_client.get(f"/classrooms/{room.pk}/games/new/").content.decode()
    for scenario in all_scenarios():
        assert f'value="{scenario.key}"' in html
        assert scenario.summary.replace("'", "&#x27;") in html
    assert "Brief and teacher note" in html
    assert '<label for="id_timer">Turn timer</label>' in html
    assert "No timer: I advance each turn" in html
    assert "Jervis" in html


def test_a_teacher_creates_a_game_with_the_scenarios_defaults(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    assert (game.scenario_key, game.title, game.turns) == (
        "tutorial",
        TUTORIAL.title,
        TUTORIAL.default_turns,
    )
    assert (game.turn_seconds, game.params, game.variations) == (120, {}, [])
    assert game.status == GameStatus.LOBBY
    assert game.worlds.count() == 1
    assert game.worlds.get().seats.count() == len(TUTORIAL.states)


def test_every_choice_of_the_form_reaches_the_game(teacher_client: Client, room: Classroom) -> None:
    game = create_game(
        teacher_client,
        room,
        title="Friday spiral",
        turns="6",
        timer="manual",
        seating="teams",
        team_size="2",
        worlds="fixed",
        world_count="3",
        bot_strategy="dove",
        param_offense_advantage="1.5",
        param_noise="0",
        param_nuclear="true",
        param_expansionists="1",
    )
    assert (game.title, game.turns, game.turn_seconds) == ("Friday spiral", 6, None)
    assert (game.seating, game.team_size, game.world_count, game.bot_strategy) == (
        "teams",
        2,
        3,
        "dove",
    )
    assert game.params == {
        "offense_advantage": 1.5,
        "noise": 0.0,
        "expansionists": 1,
        "nuclear": True,
    }
    assert game.worlds.count() == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"param_offense_advantage": "3"}, "param_offense_advantage", "from 0.5 to 2"),
        ({"param_noise": "lots"}, "param_noise", "Noise must be a number"),
        ({"param_expansionists": "5"}, "param_expansionists", "at most 4 can be"),
        ({"timer": "5"}, "timer", "Select a valid choice"),
        ({"turns": "0"}, "turns", "A game has 1 to 30 turns."),
        ({"turns": "31"}, "turns", "A game has 1 to 30 turns."),
        ({"scenario": "atlantis"}, "scenario", "Select a valid choice"),
        ({"worlds": "fixed", "world_count": ""}, "world_count", "Give a number of worlds"),
        ({"worlds": "fixed", "world_count": "27"}, "world_count", "from 1 to 26"),
        ({"seating": "teams", "team_size": "9"}, "team_size", "Teams have 2 to 6 students."),
        ({"bot_strategy": "skynet"}, "bot_strategy", "Select a valid choice"),
        (
            {"experiment": "compare", "compare_first": "1.8", "compare_second": "1.8"},
            "compare_second",
            "different values",
        ),
        (
            {"experiment": "compare", "compare_first": "9", "compare_second": "1"},
            "compare_first",
            "from 0.5 to 2",
        ),
    ],
)
def test_a_bad_setting_gets_a_clear_message_and_creates_nothing(
    teacher_client: Client, room: Classroom, changes: dict[str, str], field: str, message: str
) -> None:
    response = teacher_client.post(f"/classrooms/{room.pk}/games/new/", form_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html or field == "scenario"
    assert message in html
    assert not GameSession.objects.exists()


def test_a_team_size_out_of_range_gets_one_clear_message(
    teacher_client: Client, room: Classroom
) -> None:
    response = teacher_client.post(
        f"/classrooms/{room.pk}/games/new/", form_data(seating="teams", team_size="9")
    )
    html = response.content.decode()
    field = html[html.index('<label for="id_team_size">') :]
    field = field[: field.index("</div>")]
    assert field.count('class="field-error"') == 1
    assert "Teams have 2 to 6 students." in field
    assert "Ensure this value" not in html
    assert not GameSession.objects.exists()


def test_a_form_with_errors_lists_them_at_the_top_linked_to_their_fields(
    teacher_client: Client, room: Classroom
) -> None:
    response = teacher_client.post(
        f"/classrooms/{room.pk}/games/new/",
        form_data(seating="teams", team_size="9", param_noise="lots", turns="31"),
    )
    html = response.content.decode()
    start = html.index('class="form-errors error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert "3 things to fix" in summary
    # In the order of the page: the rules sit below the seating.
    assert summary.index('href="#id_turns"') < summary.index('href="#id_team_size"')
    assert summary.index('href="#id_team_size"') < summary.index('href="#id_param_noise"')
    assert "Students per team: Teams have 2 to 6 students." in summary
    # Every link leads to an element of the page, and the summary comes before the form's fields.
    for target in re.findall(r'href="#([^"]+)"', summary):
        assert f'id="{target}"' in html
    assert html.index("error-summary") < html.index('id="scenarios"')


def test_a_scenario_error_in_the_summary_leads_to_the_scenario_cards(
    teacher_client: Client, room: Classroom
) -> None:
    response = teacher_client.post(
        f"/classrooms/{room.pk}/games/new/", form_data(scenario="atlantis")
    )
    html = response.content.decode()
    start = html.index('class="form-errors error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert '<a href="#scenarios">Scenario: Select a valid choice.' in summary
    assert '<fieldset class="card" id="scenarios">' in html


def test_a_valid_new_game_form_shows_no_error_summary(
    teacher_client: Client, room: Classroom
) -> None:
    html = teacher_client.get(f"/classrooms/{room.pk}/games/new/").content.decode()
    assert "error-summary" not in html
    assert "to fix" not in html


def test_jervis_four_worlds_is_one_click(teacher_client: Client, room: Classroom) -> None:
    game = create_game(
        teacher_client,
        room,
        scenario="four_worlds",
        experiment="jervis",
        worlds="fixed",
        world_count="4",
    )
    assert [v["label"] for v in game.variations] == [v["label"] for v in JERVIS_FOUR_WORLDS]
    labels = list(game.worlds.order_by("index").values_list("variation_label", flat=True))
    assert labels == [v["label"] for v in JERVIS_FOUR_WORLDS]


def test_two_groups_of_worlds_can_be_compared_on_one_parameter(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(
        teacher_client,
        room,
        experiment="compare",
        compare_param="offense_advantage",
        compare_first="1.8",
        compare_second="0.6",
        worlds="fixed",
        world_count="4",
    )
    assert game.variations == [
        {"label": "Offense advantage 1.8", "overrides": {"offense_advantage": 1.8}},
        {"label": "Offense advantage 0.6", "overrides": {"offense_advantage": 0.6}},
    ]
    labels = list(game.worlds.order_by("index").values_list("variation_label", flat=True))
    assert labels == ["Offense advantage 1.8"] * 2 + ["Offense advantage 0.6"] * 2


def test_the_new_game_form_sent_twice_creates_one_game(
    teacher_client: Client, room: Classroom
) -> None:
    first = teacher_client.post(f"/classrooms/{room.pk}/games/new/", form_data())
    second = teacher_client.post(f"/classrooms/{room.pk}/games/new/", form_data())
    assert first["Location"] == second["Location"]
    assert GameSession.objects.count() == 1


def test_an_archived_class_gets_no_new_game(teacher_client: Client, room: Classroom) -> None:
    room.archived = True
    room.save()
    response = teacher_client.post(f"/classrooms/{room.pk}/games/new/", form_data(), follow=True)
    assert "archived" in response.content.decode()
    assert not GameSession.objects.exists()


def test_a_title_with_markup_is_shown_as_text(teacher_client: Client, room: Classroom) -> None:
    game = create_game(teacher_client, room, title="<img src=x onerror=alert(1)>")
    for url in (f"/games/{game.pk}/lobby/", f"/classrooms/{room.pk}/"):
        html = teacher_client.get(url).content.decode()
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --- arriving ------------------------------------------------------------


def test_a_student_who_joins_while_a_game_is_open_is_seated_and_sent_to_the_lobby(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    client = Client()
    response = client.post("/join/", {"code": room.join_code, "name": "Ada"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/lobby/{game.pk}/"
    html = response.content.decode()
    first = TUTORIAL.states[0]
    assert first.name in html
    assert first.brief.replace("'", "&#x27;") in html
    assert "World A" in html
    assert "Waiting for your teacher to start the game" in html
    assert f'ws-connect="/ws/lobby/{game.pk}/student/"' in html


def test_a_student_already_on_the_roster_is_seated_when_they_come_back(
    teacher_client: Client, room: Classroom
) -> None:
    client, ada = join(room, "Ada")  # before any game
    assert client.get(f"/class/{room.pk}/").status_code == 200
    game = create_game(teacher_client, room)
    response = client.get(f"/class/{room.pk}/")
    assert response["Location"] == f"/lobby/{game.pk}/"
    assert seating.member_of(game, ada) is not None


def test_the_teachers_lobby_lists_who_sits_where_with_the_code(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    join(room, "Ada")
    join(room, "Grace")
    html = teacher_client.get(f"/games/{game.pk}/lobby/").content.decode()
    assert 'data-seated="2">2</span> students seated in 1 world' in html
    assert "Ada" in html and "Grace" in html
    assert room.join_code in html and 'class="qr"' in html
    assert ">Start game</button>" in html
    assert f'action="/games/{game.pk}/start/"' in html
    assert f'ws-connect="/ws/lobby/{game.pk}/teacher/"' in html


def test_a_team_member_sees_their_teammates_and_captain(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room, seating="teams", team_size="2")
    for name in ("Ada", "Ben", "Cy", "Di", "Eve"):
        join(room, name)
    eve = Student.objects.get(display_name="Eve")
    html = student_browser(eve).get(f"/lobby/{game.pk}/").content.decode()
    assert "Your team" in html
    assert "Ada · captain" in html
    assert "Eve (you)" in html


def test_a_student_cannot_see_another_games_lobby(teacher_client: Client, room: Classroom) -> None:
    game = create_game(teacher_client, room)
    elsewhere = factories.classroom(factories.teacher("other"), name="Elsewhere")
    stranger = Student.objects.create(classroom=elsewhere, display_name="Mallory")
    response = student_browser(stranger).get(f"/lobby/{game.pk}/")
    assert response.status_code == 302 and response["Location"] == "/join/"


def test_once_the_game_runs_the_student_lobby_sends_students_to_play(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    client, _ = join(room, "Ada")
    response = teacher_client.post(f"/games/{game.pk}/start/")
    assert response.status_code == 302
    game.refresh_from_db()
    assert game.status == GameStatus.RUNNING
    response = client.get(f"/lobby/{game.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/play/{game.pk}/"


def test_a_late_joiner_goes_straight_to_play_in_a_bots_seat(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    join(room, "Ada")
    teacher_client.post(f"/games/{game.pk}/start/")
    client = Client()
    response = client.post("/join/", {"code": room.join_code, "name": "Late"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/play/{game.pk}/"
    seat = Seat.objects.get(members__student__display_name="Late")
    assert seat.bot_strategy == ""


def test_a_student_arriving_at_a_full_game_is_told_and_waits(
    teacher_client: Client, room: Classroom
) -> None:
    create_game(teacher_client, room, worlds="fixed", world_count="1")
    for name in ("A1", "A2", "A3", "A4"):
        join(room, name)
    client = Client()
    response = client.post("/join/", {"code": room.join_code, "name": "Fifth"}, follow=True)
    html = response.content.decode()
    assert "Every seat in this game is taken" in html
    assert not SeatMember.objects.filter(student__display_name="Fifth").exists()


def test_a_finished_game_takes_no_one_and_the_student_waits_for_the_next(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    GameSession.objects.filter(pk=game.pk).update(status=GameStatus.FINISHED)
    client = Client()
    response = client.post("/join/", {"code": room.join_code, "name": "Ada"}, follow=True)
    assert "No game is open right now" in response.content.decode()
    assert not SeatMember.objects.exists()


# --- the teacher's changes -------------------------------------------------


def test_the_teacher_moves_a_student_to_another_state(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    _, ada = join(room, "Ada")
    html = teacher_client.get(f"/games/{game.pk}/seats/").content.decode()
    assert "Move Ada to" in html
    target = Seat.objects.get(world__session=game, state_key=TUTORIAL.states[2].key)
    response = teacher_client.post(
        f"/games/{game.pk}/seats/move/", {"student": ada.pk, "seat": target.pk}
    )
    assert response.status_code == 302
    assert seating.member_of(game, ada).seat == target
    # The notice names the state as the class knows it, not by its code.
    notice = teacher_client.get(response["Location"]).content.decode()
    assert f"Ada now plays {TUTORIAL.states[2].name}." in notice


def test_moving_a_student_into_another_game_is_not_found(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    other = create_game(teacher_client, room, nonce="nonce-2")
    _, ada = join(room, "Ada")
    foreign_seat = Seat.objects.filter(world__session=other).first()
    response = teacher_client.post(
        f"/games/{game.pk}/seats/move/", {"student": ada.pk, "seat": foreign_seat.pk}
    )
    assert response.status_code == 404


def test_a_move_with_a_missing_student_is_not_found(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    seat = Seat.objects.filter(world__session=game).first()
    response = teacher_client.post(
        f"/games/{game.pk}/seats/move/", {"student": "x", "seat": seat.pk}
    )
    assert response.status_code == 404


def test_the_teacher_names_a_captain_and_removes_a_student(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room, seating="teams", team_size="2")
    for name in ("Ada", "Ben", "Cy", "Di", "Eve"):
        join(room, name)
    eve = Student.objects.get(display_name="Eve")
    seat = seating.member_of(game, eve).seat
    teacher_client.post(f"/games/{game.pk}/seats/captain/", {"student": eve.pk, "seat": seat.pk})
    seat.refresh_from_db()
    assert seat.captain == eve
    teacher_client.post(f"/games/{game.pk}/seats/remove/", {"student": eve.pk})
    assert seating.member_of(game, eve) is None
    seat.refresh_from_db()
    assert seat.captain.display_name == "Ada"


def test_reseat_and_add_a_world_from_the_lobby(teacher_client: Client, room: Classroom) -> None:
    game = create_game(teacher_client, room)
    for number in range(5):
        join(room, f"S{number}")
    teacher_client.post(f"/games/{game.pk}/reseat/")
    counts = sorted(
        SeatMember.objects.filter(session=game, seat__world__label=label).count()
        for label in ("A", "B")
    )
    assert counts == [2, 3]
    teacher_client.post(f"/games/{game.pk}/worlds/add/")
    assert game.worlds.count() == 3


def test_a_game_in_its_lobby_can_be_discarded_but_a_started_one_cannot(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    teacher_client.post(f"/games/{game.pk}/discard/")
    assert not GameSession.objects.filter(pk=game.pk).exists()
    started = create_game(teacher_client, room, nonce="nonce-2")
    join(room, "Ada")
    teacher_client.post(f"/games/{started.pk}/start/")
    response = teacher_client.post(f"/games/{started.pk}/discard/", follow=True)
    assert "cannot be discarded" in response.content.decode()
    assert GameSession.objects.filter(pk=started.pk).exists()


def test_after_the_start_the_lobby_and_seats_pages_lead_to_the_dashboard(
    teacher_client: Client, room: Classroom
) -> None:
    game = create_game(teacher_client, room)
    join(room, "Ada")
    teacher_client.post(f"/games/{game.pk}/start/")
    for url in (f"/games/{game.pk}/lobby/", f"/games/{game.pk}/seats/"):
        response = teacher_client.get(url)
        assert response["Location"] == f"/games/{game.pk}/dashboard/"
