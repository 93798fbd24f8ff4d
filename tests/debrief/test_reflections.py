"""A student's reflection: three questions from their own game, saved, never lost, editable."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client

from classroom.models import Student
from game import services
from game.debrief.reflections import ANSWER_LIMIT
from game.models import GameSession, Reflection, Seat
from tests import factories
from tests.debrief.helpers import as_student, new_session, play_students, seat_students

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(db: None) -> tuple[GameSession, list[Student]]:
    session = new_session(factories.classroom(), turns=4, seed=4, bot="tit_for_tat")
    students = seat_students(session, 2)
    play_students(session)
    return session, students


def url(session: GameSession) -> str:
    return f"/play/{session.pk}/debrief/"


def test_the_student_page_tells_their_story_and_asks_three_questions(
    ended: tuple[GameSession, list[Student]],
) -> None:
    session, students = ended
    html = as_student(Client(), students[0]).get(url(session)).content.decode()
    assert "Your state's story" in html and "How the others saw you" in html
    assert html.count('<textarea id="answer_') == 3
    assert "Turn 1" in html or ">1</td>" in html
    assert "<svg" in html


def test_every_turn_of_the_story_says_what_the_student_meant_and_what_happened_or_a_dash(
    db: None,
) -> None:
    session = new_session(factories.classroom(), turns=4, seed=4, bot="tit_for_tat")
    students = seat_students(session, 3)  # the third plays a hawk: it builds, with reasons
    play_students(session)
    meant = []
    for student in students:
        html = as_student(Client(), student).get(url(session)).content.decode()
        cells = re.findall(r'<td data-label="You meant"[^>]*>(.*?)</td>', html)
        assert len(cells) == session.turns
        meant += cells
        happened = re.findall(r'<td data-label="What happened to you">(.*?)</td>', html)
        assert len(happened) == session.turns and all(cell.strip() for cell in happened)
    assert all(cell.strip() for cell in meant)
    # Only builds carry a reason; every other turn shows a dash, never an empty cell.
    assert any("—" in cell for cell in meant) and any("“" in cell for cell in meant)


def test_answers_are_saved_and_can_be_changed_later(
    ended: tuple[GameSession, list[Student]],
) -> None:
    session, students = ended
    browser = as_student(Client(), students[0])
    answers = {"answer_1": "We feared them.", "answer_2": "Open our books.", "answer_3": "Trust."}
    response = browser.post(url(session), answers)
    assert response.status_code == 302
    saved = Reflection.objects.get(session=session, student=students[0])
    assert (saved.answer_1, saved.answer_2, saved.answer_3) == tuple(answers.values())
    assert len(saved.questions) == 3
    page = browser.get(url(session)).content.decode()
    assert "We feared them." in page and "Your reflection is saved" in page
    browser.post(url(session), {**answers, "answer_3": "Costly signals."})
    saved.refresh_from_db()
    assert saved.answer_3 == "Costly signals."
    assert Reflection.objects.filter(session=session, student=students[0]).count() == 1


def test_autosave_answers_with_a_status_line(ended: tuple[GameSession, list[Student]]) -> None:
    session, students = ended
    browser = as_student(Client(), students[1])
    response = browser.post(
        url(session),
        {"answer_1": "Half a thought", "answer_2": "", "answer_3": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="reflection-status"' in response.content.decode()
    # The time says its zone: a class and its server may not share one.
    assert re.search(r"Saved at \d\d:\d\d:\d\d UTC\.", response.content.decode())
    assert Reflection.objects.get(student=students[1]).answer_1 == "Half a thought"


def test_a_too_long_answer_is_refused_changes_nothing_and_keeps_the_text(
    ended: tuple[GameSession, list[Student]],
) -> None:
    session, students = ended
    browser = as_student(Client(), students[0])
    browser.post(url(session), {"answer_1": "First", "answer_2": "", "answer_3": ""})
    long = "x" * (ANSWER_LIMIT + 1)
    response = browser.post(url(session), {"answer_1": "Changed", "answer_2": long, "answer_3": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "limit" in html and "nothing was saved" in html
    assert "Changed" in html and long in html
    assert Reflection.objects.get(student=students[0]).answer_1 == "First"


def test_reflections_are_closed_until_the_game_ends(db: None) -> None:
    session, _, _, students = factories.game_with_seats(1, turns=3)
    services.start_game(session)
    browser = as_student(Client(), students[0])
    assert browser.post(url(session), {"answer_1": "Early"}).status_code == 404
    assert not Reflection.objects.exists()


def test_the_teacher_sees_and_exports_one_row_per_student(
    ended: tuple[GameSession, list[Student]],
) -> None:
    session, students = ended
    as_student(Client(), students[0]).post(
        url(session), {"answer_1": "=SUM(A1)", "answer_2": "Two", "answer_3": "Three"}
    )
    teacher = Client()
    teacher.force_login(session.classroom.teacher)
    page = teacher.get(f"/games/{session.pk}/debrief/").content.decode()
    assert "Students' reflections" in page and "Two" in page
    response = teacher.get(f"/games/{session.pk}/debrief/reflections.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel's cue that it is UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r["student"] for r in rows) == sorted(s.display_name for s in students)
    answered = next(r for r in rows if r["student"] == students[0].display_name)
    assert answered["answer_1"] == "'=SUM(A1)"
    assert answered["answer_2"] == "Two" and answered["question_1"]
    silent = next(r for r in rows if r["student"] == students[1].display_name)
    assert silent["answer_1"] == "" and silent["question_1"] and silent["saved_at"] == ""


def test_a_team_member_reads_their_states_moves_as_the_teams_not_their_own(
    cuba_class_game: GameSession,
) -> None:
    """The move and reason a team's state played may be a teammate's pick."""
    session = cuba_class_game
    teams = [s for s in Seat.objects.filter(world__session=session) if s.members.count() > 1]
    assert teams
    member = teams[0].members.first().student
    html = as_student(Client(), member).get(url(session)).content.decode()
    assert '<th scope="col">Your state did</th><th scope="col">It meant</th>' in html
    assert 'data-label="You meant"' not in html
    alone = Seat.objects.filter(world__session=session).exclude(pk__in=[s.pk for s in teams])
    solo = next(s for s in alone if s.members.exists()).members.first().student
    solo_html = as_student(Client(), solo).get(url(session)).content.decode()
    assert '<th scope="col">You did</th><th scope="col">You meant</th>' in solo_html
