"""A class plays three turns live: four students in four browsers, the teacher's dashboard.

Each student uses the Arm, Signal and Ally panels; one reloads mid-turn and keeps the
locked-in move; one is absent for a turn and is defaulted; the dashboard follows along.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from game.models import GameSession, TurnStatus
from tests.factories import game_with_seats
from tests.support.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PASSWORD = "correct-horse-battery-9"
PHONE = {"width": 390, "height": 844}


def student_page(browser: Browser, url: str, token: str, session_id: int) -> Page:
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{url}/rejoin/{token}/")
    page.goto(f"{url}/play/{session_id}/")
    expect(page.locator("#turn-bar")).to_contain_text("Turn 1 of 4")
    return page


def choose(page: Page, action: str) -> None:
    page.get_by_role("button", name=action, exact=True).click()
    expect(page.locator(f"#form-{action.lower()}")).to_be_visible()


def lock_in_arm(page: Page, posture: str, last: bool = False) -> None:
    choose(page, "Arm")
    page.locator("#form-arm").get_by_label(posture.capitalize(), exact=False).check()
    page.get_by_role("button", name="Lock in Arm").click()
    if not last:  # the last move resolves the turn and the page moves on at once
        expect(page.locator("#move-status")).to_contain_text("Move locked in")


def lock_in_signal(page: Page, text: str) -> None:
    choose(page, "Signal")
    page.get_by_label("Kind of signal").select_option("reassure")
    page.get_by_label("Message (optional)").fill(text)
    page.get_by_role("button", name="Lock in Signal").click()
    expect(page.locator("#move-status")).to_contain_text("Move locked in")


def lock_in_ally(page: Page, partner_name: str) -> None:
    choose(page, "Ally")
    page.get_by_label("What").select_option("propose")
    page.get_by_label("With").select_option(label=partner_name)
    page.get_by_role("button", name="Lock in Ally").click()
    expect(page.locator("#move-status")).to_contain_text("Move locked in")


def wait_for_turn(pages: list[Page], number: int) -> None:
    for page in pages:
        expect(page.locator("#turn-bar")).to_contain_text(f"Turn {number} of 4", timeout=15000)


def test_a_class_plays_three_turns_live(live_server_url: str) -> None:
    session, _, seats, students = game_with_seats(4, turn_seconds=None, turns=4)
    teacher = session.classroom.teacher
    with chromium() as browser:
        dash = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        dash.goto(f"{live_server_url}/accounts/login/")
        dash.get_by_label("Username").fill(teacher.username)
        dash.get_by_label("Password").fill(PASSWORD)
        dash.get_by_role("button", name="Log in").click()
        dash.goto(f"{live_server_url}/games/{session.pk}/dashboard/")
        dash.get_by_role("button", name="Start game").click()
        expect(dash.locator("#dashboard-worlds")).to_contain_text("Turn 1")

        pages = [student_page(browser, live_server_url, s.token, session.pk) for s in students]
        partner = pages[0].locator("#own-state h2").inner_text().split(" ")[0]

        # Turn 1: every panel is used; the last move resolves the turn for everyone.
        lock_in_arm(pages[0], "defensive")
        lock_in_signal(pages[1], "We mean no harm")
        lock_in_ally(pages[2], partner)
        expect(dash.locator("#dashboard-worlds")).to_contain_text("✓", timeout=10000)
        lock_in_arm(pages[3], "offensive", last=True)
        wait_for_turn(pages, 2)
        expect(pages[0].locator("#news")).to_contain_text("What happened in turn 1")
        expect(pages[0].locator("#news")).to_contain_text("We mean no harm")
        expect(dash.locator("#dashboard-worlds")).to_contain_text("Turn 2")

        # Turn 2: a reload keeps the locked-in move; the fourth student stays away.
        lock_in_signal(pages[0], "Still friends")
        pages[0].reload()
        expect(pages[0].locator("#move-status")).to_contain_text("Move locked in")
        expect(pages[0].locator("#move-status")).to_contain_text("Signal: reassure")
        lock_in_arm(pages[1], "defensive")
        lock_in_arm(pages[2], "defensive")
        dash.get_by_role("button", name="Advance now").click()
        wait_for_turn(pages, 3)

        # The event-card form arrived over the dashboard's socket: playing it works.
        dash.get_by_label("Event card", exact=True).select_option(label="Border incident")
        dash.get_by_label("and (border incidents)").select_option(index=2)
        dash.get_by_role("button", name="Play card").click()
        expect(dash.get_by_text("Event card played into world A.")).to_be_visible()

        # Turn 3: everyone is back.
        lock_in_arm(pages[0], "defensive")
        lock_in_ally(pages[1], partner)
        lock_in_signal(pages[2], "Talks?")
        lock_in_arm(pages[3], "defensive", last=True)
        wait_for_turn(pages, 4)
        expect(dash.locator("#dashboard-worlds")).to_contain_text("Turn 4")

        DOCS.mkdir(parents=True, exist_ok=True)
        pages[0].screenshot(path=str(DOCS / "play-student-phone.png"), full_page=True)
        dash.screenshot(path=str(DOCS / "dashboard.png"), full_page=True)
        laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        laptop.goto(f"{live_server_url}/rejoin/{students[1].token}/")
        laptop.goto(f"{live_server_url}/play/{session.pk}/")
        choose(laptop, "Arm")
        laptop.screenshot(path=str(DOCS / "play-student-laptop.png"), full_page=True)

    records = {
        t.number: t.record
        for t in GameSession.objects.get(pk=session.pk)
        .worlds.get()
        .turns.filter(status=TurnStatus.RESOLVED)
    }
    assert sorted(records) == [1, 2, 3]
    absent = seats[3].state_key
    turn_two = {m["seat"]: m for m in records[2]["moves"]}
    assert turn_two[absent]["defaulted"] is True
    assert [m["defaulted"] for m in records[3]["moves"]] == [False] * 4
    assert {m["move"]["action"] for m in records[1]["moves"]} == {"arm", "signal", "ally"}
