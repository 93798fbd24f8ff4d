"""Error pages speak the game's language: why a page is closed, and where to go next."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from game import services
from tests import factories
from tests.debrief.helpers import as_student


def test_a_bare_miss_says_there_is_no_such_page_with_the_site_around_it(db: None) -> None:
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "There is no page at this address." in page
    assert "Spiral's front page" in page
    assert 'class="site-header"' in page  # the site's own layout, not a bare server page


def test_a_closed_page_says_why(db: None) -> None:
    session, _, _, students = factories.game_with_seats(2, turns=3)
    services.start_game(session)
    browser = as_student(Client(), students[0])

    response = browser.get(f"/play/{session.pk}/debrief/")

    assert response.status_code == 404
    assert "Your debrief opens when your teacher ends the game." in response.content.decode()


def test_a_missing_game_is_told_in_plain_words_not_the_database_s(db: None) -> None:
    page = Client().get("/play/424242/debrief/").content.decode()

    assert "There is no page at this address." in page
    assert "GameSession" not in page


def test_a_teacher_missing_a_classroom_is_pointed_back_to_their_classrooms(db: None) -> None:
    browser = Client()
    browser.force_login(factories.teacher("ms_lee"))

    page = browser.get("/classrooms/999999/").content.decode()

    assert "No such classroom." in page
    assert 'href="/classrooms/"' in page


def test_a_stale_form_asks_to_reload_and_send_again(db: None) -> None:
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/join/", {"code": "ABCDEF", "display_name": "Ana"})

    assert response.status_code == 403
    assert "reload the page and send it again" in response.content.decode()


def broken(request: object) -> None:
    raise RuntimeError("a fault in the server")


urlpatterns = [path("broken/", broken)]


@pytest.mark.urls("tests.test_error_pages")
def test_a_server_fault_shows_a_calm_page_without_details(db: None) -> None:
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    assert "What you saved before is kept." in page
    assert "a fault in the server" not in page
