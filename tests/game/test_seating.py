"""Seating: students are seated as they arrive, balanced across worlds, moved by the teacher."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from classroom.models import Classroom, Student
from game import seating, services
from game.models import GameSession, GameStatus, Seat, Seating, SeatMember, World
from game.referee import load_scenario
from game.seating import SeatingError
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    """Hash the teachers' passwords cheaply: these tests are about seats."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


TUTORIAL = load_scenario("tutorial").state_keys  # four states


def new_game(room: Classroom | None = None, **fields: object) -> GameSession:
    """Create a game the way the "New game" form does, with its first worlds open."""
    room = room or factories.classroom()
    defaults: dict[str, object] = {
        "scenario_key": "tutorial",
        "title": "Tutorial",
        "turns": 4,
        "turn_seconds": 60,
        "seed": 1234,
    }
    game = GameSession.objects.create(classroom=room, **{**defaults, **fields})
    seating.prepare_worlds(game)
    return game


def arrive(game: GameSession, count: int, prefix: str = "S") -> list[Student]:
    """Seat `count` new students of the game's class, one after another."""
    students = []
    for number in range(count):
        student = Student.objects.create(
            classroom=game.classroom, display_name=f"{prefix}{number + 1}"
        )
        seating.seat_student(game, student)
        students.append(student)
    return students


def where(game: GameSession, student: Student) -> tuple[str, str]:
    """Return (world label, state key) of a student's seat."""
    seat = SeatMember.objects.select_related("seat__world").get(session=game, student=student).seat
    return seat.world.label, seat.state_key


def humans_per_world(game: GameSession) -> dict[str, int]:
    counts = Counter(
        SeatMember.objects.filter(session=game).values_list("seat__world__label", flat=True)
    )
    return {w.label: counts[w.label] for w in game.worlds.order_by("index")}


def test_a_new_game_opens_one_world_with_every_state_of_the_scenario() -> None:
    game = new_game()
    world = game.worlds.get()
    assert world.label == "A"
    assert list(world.seats.order_by("order").values_list("state_key", flat=True)) == list(TUTORIAL)


def test_students_fill_the_states_in_scenario_order() -> None:
    game = new_game()
    students = arrive(game, 3)
    assert [where(game, s) for s in students] == [("A", k) for k in TUTORIAL[:3]]


def test_thirty_students_in_a_six_state_scenario_make_five_full_worlds() -> None:
    states = len(load_scenario("europe_1914").states)
    game = new_game(scenario_key="europe_1914")
    arrive(game, 5 * states)
    assert humans_per_world(game) == dict.fromkeys("ABCDE", states)
    assert not Seat.objects.filter(world__session=game, members__isnull=True).exists()


def test_a_new_world_opens_only_when_every_seat_is_taken() -> None:
    game = new_game()
    arrive(game, 4)
    assert game.worlds.count() == 1
    (fifth,) = arrive(game, 1, prefix="late")
    assert where(game, fifth) == ("B", TUTORIAL[0])


def test_with_a_fixed_number_of_worlds_arrivals_are_spread_evenly() -> None:
    game = new_game(world_count=3)
    students = arrive(game, 5)
    assert [where(game, s) for s in students] == [
        ("A", TUTORIAL[0]),
        ("B", TUTORIAL[0]),
        ("C", TUTORIAL[0]),
        ("A", TUTORIAL[1]),
        ("B", TUTORIAL[1]),
    ]


def test_a_full_game_with_fixed_worlds_says_so_and_seats_nobody() -> None:
    game = new_game(world_count=1)
    arrive(game, 4)
    extra = Student.objects.create(classroom=game.classroom, display_name="Extra")
    with pytest.raises(SeatingError, match="Every seat in this game is taken"):
        seating.seat_student(game, extra)
    assert not SeatMember.objects.filter(student=extra).exists()


def test_teams_spread_over_every_state_before_any_team_grows() -> None:
    game = new_game(seating=Seating.TEAMS, team_size=2)
    arrive(game, 6)
    members = Counter(
        SeatMember.objects.filter(session=game).values_list("seat__state_key", flat=True)
    )
    assert members == {TUTORIAL[0]: 2, TUTORIAL[1]: 2, TUTORIAL[2]: 1, TUTORIAL[3]: 1}
    arrive(game, 3, prefix="T")
    assert game.worlds.count() == 2  # eight places in world A, the ninth opens world B


def test_the_first_member_of_a_team_is_its_captain() -> None:
    game = new_game(seating=Seating.TEAMS, team_size=3)
    first, *_ = arrive(game, 5)
    seat = Seat.objects.get(world__session=game, state_key=TUTORIAL[0])
    assert seat.captain == first


def test_seating_the_same_student_twice_gives_the_same_seat() -> None:
    game = new_game()
    (student,) = arrive(game, 1)
    again = seating.seat_student(game, student)
    assert again.seat.state_key == TUTORIAL[0]
    assert SeatMember.objects.filter(student=student).count() == 1


def test_a_student_of_another_class_cannot_be_seated() -> None:
    game = new_game()
    elsewhere = factories.classroom(factories.teacher("someone_else"))
    stranger = Student.objects.create(classroom=elsewhere, display_name="X")
    with pytest.raises(SeatingError, match="not in this game's class"):
        seating.seat_student(game, stranger)


def test_moving_onto_a_taken_state_swaps_the_two_students() -> None:
    game = new_game()
    ada, ben = arrive(game, 2)
    target = Seat.objects.get(world__session=game, state_key=TUTORIAL[1])
    seating.move_student(game, ada, target)
    assert where(game, ada) == ("A", TUTORIAL[1])
    assert where(game, ben) == ("A", TUTORIAL[0])


def test_moving_to_another_world_leaves_the_old_seat_free() -> None:
    game = new_game(world_count=2)
    ada, _ = arrive(game, 2)
    target = Seat.objects.get(world__session=game, world__label="B", state_key=TUTORIAL[3])
    seating.move_student(game, ada, target)
    assert where(game, ada) == ("B", TUTORIAL[3])
    assert not Seat.objects.get(world__label="A", world__session=game, order=0).members.exists()


def test_a_full_team_takes_nobody_else() -> None:
    game = new_game(seating=Seating.TEAMS, team_size=2)
    students = arrive(game, 8)
    target = Seat.objects.get(world__session=game, state_key=TUTORIAL[0])
    with pytest.raises(SeatingError, match="is full"):
        seating.move_student(game, students[1], target)


def test_a_captain_who_moves_away_hands_over_to_the_next_member() -> None:
    game = new_game(seating=Seating.TEAMS, team_size=3)
    first, _, _, _, fifth = arrive(game, 5)
    seat = Seat.objects.get(world__session=game, state_key=TUTORIAL[0])
    assert seat.captain == first
    seating.move_student(game, first, Seat.objects.get(world__session=game, state_key=TUTORIAL[3]))
    seat.refresh_from_db()
    assert seat.captain == fifth


def test_the_teacher_can_choose_a_teams_captain() -> None:
    game = new_game(seating=Seating.TEAMS, team_size=3)
    students = arrive(game, 5)
    seat = Seat.objects.get(world__session=game, state_key=TUTORIAL[0])
    seating.set_captain(game, seat, students[4])
    seat.refresh_from_db()
    assert seat.captain == students[4]
    with pytest.raises(SeatingError, match="not in that team"):
        seating.set_captain(game, seat, students[1])


def test_reseating_balances_the_worlds() -> None:
    game = new_game()
    arrive(game, 9)  # A: 4, B: 4, C: 1
    assert humans_per_world(game) == {"A": 4, "B": 4, "C": 1}
    seating.reseat(game)
    assert humans_per_world(game) == {"A": 3, "B": 3, "C": 3}
    seated = SeatMember.objects.filter(session=game)
    assert set(seated.values_list("seat__state_key", flat=True)) == set(TUTORIAL[:3])


def test_reseating_closes_worlds_nobody_needs() -> None:
    game = new_game()
    students = arrive(game, 5)
    SeatMember.objects.filter(student__in=students[:3]).delete()
    seating.reseat(game)
    assert humans_per_world(game) == {"A": 2}
    assert game.worlds.count() == 1


def test_reseating_twice_changes_nothing_more() -> None:
    game = new_game()
    students = arrive(game, 7)
    seating.reseat(game)
    first = [where(game, s) for s in students]
    seating.reseat(game)
    assert [where(game, s) for s in students] == first


def test_a_world_can_be_added_for_students_still_arriving() -> None:
    game = new_game(world_count=1)
    arrive(game, 4)
    world = seating.add_world(game)
    game.refresh_from_db()
    assert (world.label, game.world_count) == ("B", 2)
    (late,) = arrive(game, 1, prefix="late")
    assert where(game, late) == ("B", TUTORIAL[0])


def test_seats_cannot_be_changed_once_the_game_has_started() -> None:
    game = new_game()
    ada, _ = arrive(game, 2)
    services.start_game(game)
    target = Seat.objects.get(world__session=game, state_key=TUTORIAL[3])
    for change in (
        lambda: seating.move_student(game, ada, target),
        lambda: seating.reseat(game),
        lambda: seating.add_world(game),
        lambda: seating.unseat_student(game, ada),
    ):
        with pytest.raises(SeatingError, match="only before the game starts"):
            change()
    assert where(game, ada) == ("A", TUTORIAL[0])


def test_bots_take_every_empty_seat_at_the_start() -> None:
    game = new_game(bot_strategy="dove")
    arrive(game, 2)
    services.start_game(game)
    seats = {s.state_key: s.bot_strategy for s in Seat.objects.filter(world__session=game)}
    assert seats == {TUTORIAL[0]: "", TUTORIAL[1]: "", TUTORIAL[2]: "dove", TUTORIAL[3]: "dove"}


def test_a_late_joiner_takes_over_a_state_a_bot_has_been_playing() -> None:
    game = new_game(bot_strategy="hawk")
    arrive(game, 2)
    services.start_game(game)
    (late,) = arrive(game, 1, prefix="late")
    seat = Seat.objects.get(members__student=late)
    assert seat.state_key == TUTORIAL[2]
    assert seat.bot_strategy == ""
    assert seat.captain == late


def test_a_late_joiner_joins_a_team_with_room_when_no_state_is_free() -> None:
    game = new_game(seating=Seating.TEAMS, team_size=2)
    arrive(game, 4)
    services.start_game(game)
    (late,) = arrive(game, 1, prefix="late")
    assert Seat.objects.get(members__student=late).members.count() == 2


def test_a_late_joiner_finds_no_seat_when_every_state_has_its_player() -> None:
    game = new_game()
    arrive(game, 4)
    services.start_game(game)
    late = Student.objects.create(classroom=game.classroom, display_name="Late")
    with pytest.raises(SeatingError, match="Every seat in this game is taken"):
        seating.seat_student(game, late)


def test_nobody_joins_a_finished_game() -> None:
    game = new_game()
    GameSession.objects.filter(pk=game.pk).update(status=GameStatus.FINISHED)
    student = Student.objects.create(classroom=game.classroom, display_name="Late")
    with pytest.raises(SeatingError, match="has finished"):
        seating.seat_student(game, student)


def test_an_arriving_student_goes_to_their_own_game_first_then_the_open_lobby() -> None:
    room = factories.classroom()
    older = new_game(room)
    (ada,) = arrive(older, 1)
    services.start_game(older)
    newer = new_game(room)
    assert seating.current_game(room, ada) == older
    ben = Student.objects.create(classroom=room, display_name="Ben")
    assert seating.arrive(room, ben).game == newer
    assert seating.arrive(room, ben).member.seat.world.session == newer


def test_with_no_open_game_an_arriving_student_waits() -> None:
    room = factories.classroom()
    student = Student.objects.create(classroom=room, display_name="Ada")
    assert seating.arrive(room, student) == seating.Arrival(None, None)


def test_worlds_of_an_experiment_share_a_seed_and_are_labelled_in_blocks() -> None:
    variations = [
        {"label": "Offense", "overrides": {"offense_advantage": 1.8}},
        {"label": "Defence", "overrides": {"offense_advantage": 0.6}},
    ]
    game = new_game(world_count=4, variations=variations)
    worlds = list(World.objects.filter(session=game).order_by("index"))
    assert [w.variation_label for w in worlds] == ["Offense", "Offense", "Defence", "Defence"]
    assert {w.seed for w in worlds} == {game.seed}


def test_worlds_without_an_experiment_each_have_their_own_seed() -> None:
    game = new_game(world_count=3)
    assert len(set(game.worlds.values_list("seed", flat=True))) == 3


@pytest.mark.django_db(transaction=True)
def test_students_arriving_at_the_same_moment_never_share_a_seat() -> None:
    game = new_game(world_count=1)
    students = [
        Student.objects.create(classroom=game.classroom, display_name=f"S{n}") for n in range(8)
    ]
    outcomes: list[str] = []
    start = threading.Barrier(len(students))

    def arrive_now(student: Student) -> None:
        start.wait()
        try:
            seating.seat_student(game, student)
            outcomes.append("seated")
        except SeatingError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=arrive_now, args=(s,)) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full"] * 4 + ["seated"] * 4
    taken = list(SeatMember.objects.filter(session=game).values_list("seat_id", flat=True))
    assert len(taken) == len(set(taken)) == 4
