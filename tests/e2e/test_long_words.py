"""One student's long unbroken word never pushes anyone's page sideways.

Messages and reasons take up to 280 characters and may hold no space at all (a pasted
link, a row of letters). They wrap inside their panel, on the sender's phone and on
every phone that shows them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_half_filled_move import PHONE, teacher_starts_a_game
from tests.support.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONG_WORD = "https://example.org/" + "x" * 200


def scrolls_sideways(page: Page) -> bool:
    """Tell whether the page is wider than the phone's screen."""
    return bool(
        page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    )


def test_a_long_word_in_a_message_and_a_reason_wraps_on_every_phone(
    live_server_url: str,
) -> None:
    with chromium() as browser:
        dash, sender, students = teacher_starts_a_game(browser, live_server_url)
        reader = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
        reader.goto(f"{live_server_url}/rejoin/{students[1].token}/")
        reader.goto(sender.url)
        phones = [sender, reader]
        for phone in phones:
            expect(phone.locator("#turn-bar")).to_contain_text("Turn 1")

        sender.get_by_role("button", name="Signal", exact=True).click()
        sender.get_by_label("Message (optional)").fill(LONG_WORD)
        sender.get_by_role("button", name="Lock in Signal").click()
        expect(sender.locator("#move-status")).to_contain_text("Move locked in")
        reader.get_by_role("button", name="Arm", exact=True).click()
        reader.locator("#form-arm [name=reason]").fill("R" * 280)
        # The last move of the turn: its ack gives way at once to the next turn.
        reader.get_by_role("button", name="Lock in Arm").click()

        for phone in phones:
            expect(phone.locator("#turn-bar")).to_contain_text("Turn 2")
        expect(reader.locator("#news")).to_contain_text("x" * 40)
        for phone in phones:
            assert not scrolls_sideways(phone)
        dash.reload()
        expect(dash.locator("#dashboard-worlds")).to_contain_text("Turn 2")
        assert not scrolls_sideways(dash)
