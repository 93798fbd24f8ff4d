"""What a student or teacher has half entered survives the panels being sent again.

A connect, a pause and a resume each send the student's whole state, the action panel and
their reads of the others included; within the same turn the open tab, the filled-in
fields and an unsaved read carry over. The teacher's dashboard is sent again as students
move; an event card being chosen carries over too.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.factories import game_with_seats
from tests.support.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-9"
PHONE = {"width": 390, "height": 844}


def teacher_starts_a_game(browser: Browser, url: str) -> tuple[Page, Page]:
    """Start a game of two students as its teacher; return the dashboard and a phone."""
    session, _, _, students = game_with_seats(2, turn_seconds=None, turns=4)
    dash = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    dash.goto(f"{url}/accounts/login/")
    dash.get_by_label("Username").fill(session.classroom.teacher.username)
    dash.get_by_label("Password").fill(PASSWORD)
    dash.get_by_role("button", name="Log in").click()
    dash.goto(f"{url}/games/{session.pk}/dashboard/")
    dash.get_by_role("button", name="Start game").click()
    expect(dash.locator("#dashboard-worlds")).to_contain_text("Turn 1")
    phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
    phone.goto(f"{url}/rejoin/{students[0].token}/")
    phone.goto(f"{url}/play/{session.pk}/")
    return dash, phone


def test_a_half_filled_signal_and_an_unsaved_read_survive_a_pause_and_resume(
    live_server_url: str,
) -> None:
    with chromium() as browser:
        dash, phone = teacher_starts_a_game(browser, live_server_url)
        # Chosen at once: the socket's first full state may arrive after the click.
        phone.get_by_role("button", name="Signal", exact=True).click()
        expect(phone.locator("#form-signal")).to_be_visible()
        read = phone.locator("#others form.rating").first.get_by_label("Your read")
        read.select_option("Wary")
        phone.get_by_label("Kind of signal").select_option("warn")
        phone.get_by_label("Message (optional)").fill("Hold the border, nothing more")

        dash.get_by_role("button", name="Pause").click()
        expect(phone.locator("#action-panel")).to_contain_text("The game is paused")
        dash.get_by_role("button", name="Resume").click()
        expect(phone.locator("#form-signal")).to_be_visible()
        expect(phone.get_by_label("Kind of signal")).to_have_value("warn")
        expect(phone.get_by_label("Message (optional)")).to_have_value(
            "Hold the border, nothing more"
        )
        expect(phone.locator("#form-arm")).to_be_hidden()
        expect(read).to_have_value("-1")
        # The student was typing there: the keyboard stays where it was.
        expect(phone.get_by_label("Message (optional)")).to_be_focused()

        phone.get_by_role("button", name="Lock in Signal").click()
        expect(phone.locator("#move-status")).to_contain_text("Move locked in")
        expect(phone.locator("#move-status")).to_contain_text("Signal: warn")


def test_an_event_card_being_chosen_survives_the_dashboard_refreshing(
    live_server_url: str,
) -> None:
    """The dashboard is sent again as students move; the teacher's choice stays put."""
    with chromium() as browser:
        dash, phone = teacher_starts_a_game(browser, live_server_url)
        card = dash.get_by_label("Event card", exact=True)
        card.select_option(label="Border incident")
        second = dash.get_by_label("and (border incidents)")
        second.select_option(index=2)
        chosen = (card.input_value(), second.input_value())
        moved_before = dash.locator("#dashboard-worlds .chip-done").count()

        phone.get_by_role("button", name="Arm", exact=True).click()
        phone.get_by_role("button", name="Lock in Arm").click()
        expect(phone.locator("#move-status")).to_contain_text("Move locked in")

        # The dashboard was sent again: one more state shows it has moved.
        expect(dash.locator("#dashboard-worlds .chip-done")).to_have_count(moved_before + 1)
        assert (card.input_value(), second.input_value()) == chosen
        dash.get_by_role("button", name="Play card").click()
        expect(dash.get_by_text("Event card played into world A.")).to_be_visible()
