"""Only the owning teacher sees a game's debrief; a student sees only their own, after the end."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from classroom.models import Student
from game import services
from game.models import GameSession, World
from tests import factories
from tests.debrief.helpers import as_student

pytestmark = pytest.mark.django_db

TEACHER_PAGES = (
    "/games/{id}/debrief/",
    "/games/{id}/debrief.pdf",
    "/games/{id}/debrief/moves.csv",
    "/games/{id}/debrief/observations.csv",
    "/games/{id}/debrief/states.csv",
    "/games/{id}/debrief/ratings.csv",
    "/games/{id}/debrief/reflections.csv",
    "/games/{id}/debrief/log.json",
    "/games/{id}/debrief/worlds/{world}/estimate/",
)


def urls(session: GameSession) -> list[str]:
    world = World.objects.filter(session=session).first()
    return [u.format(id=session.pk, world=world.pk) for u in TEACHER_PAGES]


@pytest.fixture
def ended_game(db: None) -> tuple[GameSession, list[Student]]:
    session, _, _, students = factories.game_with_seats(2, turns=2)
    services.start_game(session)
    services.advance_now(session)
    services.end_game(session)
    session.refresh_from_db()
    return session, students


def test_the_owning_teacher_gets_every_page_and_export(
    client: Client, ended_game: tuple[GameSession, list[Student]]
) -> None:
    session, _ = ended_game
    client.force_login(session.classroom.teacher)
    for url in urls(session):
        assert client.get(url).status_code == 200, url


def test_another_teacher_gets_not_found_for_every_page(
    client: Client, ended_game: tuple[GameSession, list[Student]]
) -> None:
    session, _ = ended_game
    client.force_login(factories.teacher("someone_else"))
    for url in urls(session):
        assert client.get(url).status_code == 404, url
    assert session.title not in client.get("/debriefs/").content.decode()


def test_anonymous_visitors_and_students_are_sent_to_log_in(
    client: Client, ended_game: tuple[GameSession, list[Student]]
) -> None:
    session, students = ended_game
    for browser in (Client(), as_student(Client(), students[0])):
        for url in urls(session):
            response = browser.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/")


def test_the_session_list_shows_the_teachers_games_with_links(
    client: Client, ended_game: tuple[GameSession, list[Student]]
) -> None:
    session, _ = ended_game
    client.force_login(session.classroom.teacher)
    html = client.get("/debriefs/").content.decode()
    assert session.title in html
    assert f"/games/{session.pk}/debrief/" in html
    assert f"/games/{session.pk}/debrief.pdf" in html
    assert Client().get("/debriefs/").status_code == 302


def test_a_student_sees_their_own_debrief_only_after_the_game_ends(db: None) -> None:
    session, _, _, students = factories.game_with_seats(2, turns=3)
    services.start_game(session)
    services.advance_now(session)
    browser = as_student(Client(), students[0])
    url = f"/play/{session.pk}/debrief/"
    assert browser.get(url).status_code == 404
    services.end_game(session)
    response = browser.get(url)
    assert response.status_code == 200
    assert "Your debrief" in response.content.decode()


def test_the_debrief_is_not_found_for_a_browser_with_no_seat(
    ended_game: tuple[GameSession, list[Student]],
) -> None:
    session, _ = ended_game
    url = f"/play/{session.pk}/debrief/"
    assert Client().get(url).status_code == 404
    outsider = Student.objects.create(classroom=session.classroom, display_name="Late")
    assert as_student(Client(), outsider).get(url).status_code == 404
    teacher = Client()
    teacher.force_login(session.classroom.teacher)
    assert teacher.get(url).status_code == 404
    assert Client().get("/play/999999/debrief/").status_code == 404


def test_a_student_sees_their_own_state_not_anothers(
    ended_game: tuple[GameSession, list[Student]],
) -> None:
    session, students = ended_game
    first = as_student(Client(), students[0]).get(f"/play/{session.pk}/debrief/")
    second = as_student(Client(), students[1]).get(f"/play/{session.pk}/debrief/")
    assert "Your debrief: Aldmark" in first.content.decode()
    assert "Your debrief: Brennia" in second.content.decode()


def test_true_intents_are_shown_to_students_only_once_revealed(
    ended_game: tuple[GameSession, list[Student]],
) -> None:
    session, students = ended_game
    url = f"/play/{session.pk}/debrief/"
    browser = as_student(Client(), students[0])
    before = browser.get(url).content.decode()
    assert "has not revealed" in before
    assert "Objective card" not in before
    services.reveal_intents(session)
    after = browser.get(url).content.decode()
    assert "what everyone really was" in after.lower()
    assert "Security seeker" in after


def test_the_play_page_and_the_dashboard_link_to_the_debrief_once_the_game_ends(
    db: None,
) -> None:
    session, _, _, students = factories.game_with_seats(1, turns=3)
    services.start_game(session)
    student = as_student(Client(), students[0])
    teacher = Client()
    teacher.force_login(session.classroom.teacher)
    link = f"/play/{session.pk}/debrief/"
    assert link not in student.get(f"/play/{session.pk}/").content.decode()
    services.end_game(session)
    assert link in student.get(f"/play/{session.pk}/").content.decode()
    dashboard = teacher.get(f"/games/{session.pk}/dashboard/").content.decode()
    assert f"/games/{session.pk}/debrief/" in dashboard


def printers(record: logging.LogRecord) -> list[logging.Handler]:
    """Return the handlers that would write `record` to the server's log (not pytest's)."""
    found = []
    logger: logging.Logger | None = logging.getLogger(record.name)
    while logger is not None:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest") or isinstance(handler, Kept):
                continue
            if record.levelno >= handler.level and handler.filter(record):
                found.append(handler)
        logger = logger.parent if logger.propagate else None
    return found


class Kept(logging.Handler):
    """Keep every record it is handed."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_not_found_debrief_is_logged_once(
    client: Client, ended_game: tuple[GameSession, list[Student]], settings: object
) -> None:
    session, _ = ended_game
    settings.DEBUG = True  # as `make run` serves: Django's own console handler is live then
    kept = Kept()
    logging.getLogger("django.request").addHandler(kept)
    try:
        client.force_login(factories.teacher("someone_else"))
        assert client.get(f"/games/{session.pk}/debrief/").status_code == 404
    finally:
        logging.getLogger("django.request").removeHandler(kept)
    assert [r.getMessage() for r in kept.records] == [f"Not Found: /games/{session.pk}/debrief/"]
    assert len(printers(kept.records[0])) == 1
