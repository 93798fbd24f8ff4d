"""The play page on a 390 px phone: which state you play, your brief, and a saved read."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from game import services
from tests.factories import game_with_seats
from tests.support.browser import (
    COUNT_PANELS_SENT,
    chromium,
    open_after_the_socket_sent_the_panels,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_a_phone_shows_the_state_at_once_and_keeps_a_saved_read(live_server_url: str) -> None:
    session, _, _, students = game_with_seats(2, scenario_key="cuba_1962", turn_seconds=None)
    services.start_game(session)
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, is_mobile=True)
        context.add_init_script(COUNT_PANELS_SENT)
        phone = context.new_page()
        phone.goto(f"{live_server_url}/rejoin/{students[1].token}/")
        # Measured once the socket's full state has replaced the page's first panels.
        open_after_the_socket_sent_the_panels(phone, f"{live_server_url}/play/{session.pk}/")

        # Which state you play is on the first screen, without scrolling.
        state = phone.locator("#turn-bar .turn-state")
        expect(state).to_have_text("You play the Soviet Union")
        box = state.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"]
        assert phone.evaluate("window.scrollY") == 0

        # The state's brief is one tap away.
        brief = phone.locator("details.play-brief")
        expect(brief.get_by_text("led by First Secretary Khrushchev", exact=False)).to_be_hidden()
        brief.locator("summary").click()
        expect(brief.get_by_text("led by First Secretary Khrushchev", exact=False)).to_be_visible()

        # A read saved as Wary / Unsure says so under its form, and comes back as saved.
        read = phone.locator("#others form.rating").filter(
            has=phone.locator("input[name=target][value=USA]")
        )
        read.get_by_label("Your read").select_option("Wary")
        read.get_by_label("How sure").select_option("Unsure")
        read.get_by_role("button", name="Save").click()
        expect(phone.locator("#rating-status-USA")).to_contain_text("is saved")
        phone.reload()
        expect(read.get_by_label("Your read")).to_have_value("-1")
        expect(read.get_by_label("How sure")).to_have_value("1")
        expect(phone.locator("#rating-status-USA")).to_have_text(
            "Your read of the United States is saved."
        )
