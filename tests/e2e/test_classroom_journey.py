"""From nothing to a class seated in a game: a teacher and four students, in real browsers.

The teacher signs up, creates a classroom and a tutorial game; four students
join from four separate browsers with the join code. Each student's lobby shows
their state and its brief, and the teacher's lobby lists all four without a
reload. The screenshots taken on the way illustrate docs/teacher-guide.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from game.referee import load_scenario
from tests.support.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
STUDENTS = ("Ada", "Bongani", "Chen", "Dara")


def shoot(page: Page, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


def test_a_teacher_seats_four_students_in_a_tutorial_game(live_server_url: str) -> None:
    tutorial = load_scenario("tutorial")
    with chromium() as browser:
        teacher = browser.new_context(viewport=LAPTOP).new_page()
        teacher.goto(live_server_url + "/")
        teacher.get_by_role("link", name="Sign up").first.click()
        teacher.get_by_label("Username").fill("ms_okafor")
        teacher.get_by_label("Password", exact=True).fill("tide-pool-47-lantern")
        teacher.get_by_label("Password confirmation").fill("tide-pool-47-lantern")
        teacher.get_by_role("button", name="Sign up").click()
        expect(teacher.get_by_role("heading", name="Your classes")).to_be_visible()

        teacher.get_by_role("link", name="New classroom").first.click()
        teacher.get_by_label("Class name").fill("History 10B")
        teacher.get_by_role("button", name="Create classroom").click()
        code = teacher.locator(".join-code").inner_text().strip()
        assert len(code) == 6
        expect(teacher.locator("svg.qr")).to_be_visible()
        shoot(teacher, "teacher-classroom.png", full_page=False)

        teacher.get_by_role("link", name="New game").click()
        teacher.get_by_text(tutorial.title).click()
        expect(teacher.locator("#scenario-tutorial")).to_be_checked()
        shoot(teacher, "teacher-new-game.png")
        teacher.get_by_role("button", name="Create game and open the lobby").click()
        expect(teacher.get_by_role("button", name="Start game")).to_be_visible()
        expect(teacher.locator(".lobby-count")).to_have_text("0")
        # A reload would lose this marker: the lobby must update in place.
        teacher.evaluate("window.__sameLobby = true")

        phones = []
        for number, name in enumerate(STUDENTS):
            phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            phone.goto(live_server_url + "/")
            phone.get_by_label("Join code").fill(code.lower())
            phone.get_by_label("Your name").fill(name)
            phone.get_by_role("button", name="Join").click()
            state = tutorial.states[number]
            expect(phone.locator(".state-title")).to_have_text(state.name)
            expect(phone.get_by_text(state.brief)).to_be_visible()
            expect(phone.get_by_text("Waiting for your teacher to start the game")).to_be_visible()
            phones.append(phone)
            expect(teacher.locator(".lobby-count")).to_have_text(str(number + 1))

        for name in STUDENTS:
            expect(teacher.locator("#lobby-worlds").get_by_text(name, exact=True)).to_be_visible()
        assert teacher.evaluate("window.__sameLobby") is True
        shoot(teacher, "teacher-lobby.png")
        shoot(phones[0], "student-lobby-phone.png")

        # Starting the game moves every student's lobby on to the game page by itself.
        teacher.get_by_role("button", name="Start game").click()
        expect(teacher).to_have_url(re.compile(r"/games/\d+/dashboard/$"))
        for phone in phones:
            expect(phone).to_have_url(re.compile(r"/play/\d+/$"))
