"""What a student or teacher has half entered survives the panels being sent again.

A connect, a pause and a resume each send the student's whole state, the action panel and
their reads of the others included; within the same turn the open tab, the filled-in
fields and an unsaved read carry over. The teacher's dashboard is sent again as students
move; an event card being chosen carries over too. A student's unsent work also survives
a reload and the tab being closed, until the move is locked in or the turn ends, and never
shows up for the next student on the same browser.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from classroom.models import Student
from tests.factories import game_with_seats
from tests.support.browser import (
    COUNT_PANELS_SENT,
    chromium,
    open_after_the_socket_sent_the_panels,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-9"
PHONE = {"width": 390, "height": 844}
# A browser that refuses storage altogether, as some do in private mode.
NO_STORAGE = """
Object.defineProperty(window, "localStorage", {
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


def teacher_starts_a_game(browser: Browser, url: str) -> tuple[Page, Page, list[Student]]:
    """Start a game of two students as its teacher.

    Return the dashboard, the first student's phone on the play page, and the students.
    """
    session, _, _, students = game_with_seats(2, turn_seconds=None, turns=4)
    dash = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    dash.goto(f"{url}/accounts/login/")
    dash.get_by_label("Username").fill(session.classroom.teacher.username)
    dash.get_by_label("Password").fill(PASSWORD)
    dash.get_by_role("button", name="Log in").click()
    dash.goto(f"{url}/games/{session.pk}/dashboard/")
    dash.get_by_role("button", name="Start game").click()
    expect(dash.locator("#dashboard-worlds")).to_contain_text("Turn 1")
    phone_context = browser.new_context(viewport=PHONE, is_mobile=True)
    phone_context.add_init_script(COUNT_PANELS_SENT)
    phone = phone_context.new_page()
    phone.goto(f"{url}/rejoin/{students[0].token}/")
    phone.goto(f"{url}/play/{session.pk}/")
    return dash, phone, students


def test_a_half_filled_signal_and_an_unsaved_read_survive_a_pause_and_resume(
    live_server_url: str,
) -> None:
    with chromium() as browser:
        dash, phone, _ = teacher_starts_a_game(browser, live_server_url)
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
        dash, phone, _ = teacher_starts_a_game(browser, live_server_url)
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


def test_a_half_filled_signal_survives_a_reload_and_the_tab_closed_until_it_is_sent(
    live_server_url: str,
) -> None:
    with chromium() as browser:
        dash, phone, _ = teacher_starts_a_game(browser, live_server_url)
        play_url = phone.url
        phone.get_by_role("button", name="Signal", exact=True).click()
        phone.get_by_label("Kind of signal").select_option("pledge")
        phone.get_by_label("To", exact=True).select_option(index=1)
        to = phone.get_by_label("To", exact=True).input_value()
        phone.get_by_label("Message (optional)").fill("We will not arm against you")
        phone.locator("#others form.rating").first.get_by_label("Your read").select_option("Wary")

        def the_signal_is_as_left(page: Page) -> None:
            expect(page.locator("#form-signal")).to_be_visible()
            expect(page.locator("#form-arm")).to_be_hidden()
            expect(page.get_by_label("Kind of signal")).to_have_value("pledge")
            expect(page.get_by_label("To", exact=True)).to_have_value(to)
            expect(page.get_by_label("Message (optional)")).to_have_value(
                "We will not arm against you"
            )
            read = page.locator("#others form.rating").first.get_by_label("Your read")
            expect(read).to_have_value("-1")

        open_after_the_socket_sent_the_panels(phone)
        the_signal_is_as_left(phone)

        context = phone.context
        phone.close()
        phone = context.new_page()
        open_after_the_socket_sent_the_panels(phone, play_url)
        the_signal_is_as_left(phone)

        # Locked in: a reload shows the move's forms fresh; the unsaved read stays.
        phone.get_by_role("button", name="Lock in Signal").click()
        expect(phone.locator("#move-status")).to_contain_text("Move locked in")
        open_after_the_socket_sent_the_panels(phone)
        expect(phone.locator("#move-status")).to_contain_text("Move locked in")
        expect(phone.locator("#form-signal")).to_be_hidden()
        expect(phone.get_by_label("Kind of signal")).to_have_value("reassure")
        expect(phone.get_by_label("Message (optional)")).to_have_value("")
        read = phone.locator("#others form.rating").first.get_by_label("Your read")
        expect(read).to_have_value("-1")

        # A draft of turn 1 is never restored into turn 2.
        phone.get_by_role("button", name="Arm", exact=True).click()
        phone.get_by_label("Offensive").check()
        dash.get_by_role("button", name="Advance now").click()
        expect(phone.locator("#turn-bar")).to_contain_text("Turn 2 of 4", timeout=15000)
        expect(phone.locator("#form-arm")).to_be_hidden()
        open_after_the_socket_sent_the_panels(phone)
        expect(phone.locator("#turn-bar")).to_contain_text("Turn 2 of 4")
        expect(phone.locator("#form-arm")).to_be_hidden()
        expect(phone.locator("#form-signal")).to_be_hidden()
        expect(phone.get_by_label("Defensive")).to_be_checked()
        expect(read).to_have_value("0")
        assert phone.evaluate("localStorage.getItem('spiral.draft')") is None


def test_the_next_student_on_the_same_browser_never_sees_the_last_ones_draft(
    live_server_url: str,
) -> None:
    with chromium() as browser:
        _, phone, students = teacher_starts_a_game(browser, live_server_url)
        play_url = phone.url
        phone.get_by_role("button", name="Signal", exact=True).click()
        phone.get_by_label("Message (optional)").fill("For my partner only")

        phone.goto(f"{live_server_url}/rejoin/{students[1].token}/")
        open_after_the_socket_sent_the_panels(phone, play_url)
        expect(phone.locator(".nav-links")).to_contain_text(students[1].display_name)
        expect(phone.locator("#form-signal")).to_be_hidden()
        expect(phone.get_by_label("Message (optional)")).to_have_value("")
        assert phone.evaluate("localStorage.getItem('spiral.draft')") is None

        # The first student's draft went with their turn at the computer.
        phone.goto(f"{live_server_url}/rejoin/{students[0].token}/")
        open_after_the_socket_sent_the_panels(phone, play_url)
        expect(phone.locator(".nav-links")).to_contain_text(students[0].display_name)
        expect(phone.locator("#form-signal")).to_be_hidden()
        expect(phone.get_by_label("Message (optional)")).to_have_value("")


def test_a_browser_that_refuses_storage_still_plays(live_server_url: str) -> None:
    with chromium() as browser:
        dash, phone, _ = teacher_starts_a_game(browser, live_server_url)
        errors: list[Exception] = []
        phone.on("pageerror", lambda error: errors.append(error))
        phone.context.add_init_script(NO_STORAGE)
        open_after_the_socket_sent_the_panels(phone)
        assert phone.evaluate("() => { try { localStorage; } catch (e) { return true; } }")

        phone.get_by_role("button", name="Signal", exact=True).click()
        phone.get_by_label("Message (optional)").fill("Still here")
        dash.get_by_role("button", name="Pause").click()
        expect(phone.locator("#action-panel")).to_contain_text("The game is paused")
        dash.get_by_role("button", name="Resume").click()
        expect(phone.get_by_label("Message (optional)")).to_have_value("Still here")
        phone.get_by_role("button", name="Lock in Signal").click()
        expect(phone.locator("#move-status")).to_contain_text("Move locked in")
        assert errors == []
