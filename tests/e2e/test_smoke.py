"""A browser opens the landing page and joins by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import SCREENSHOTS, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_join_form_works_from_the_keyboard(live_server_url: str) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(live_server_url + "/")
        assert page.get_by_label("Join code").is_visible()
        # Skip link, brand, Log in, Sign up: then the first field of the form.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.get_by_label("Join code").focus()
        page.keyboard.type("zzz999")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "id_name"
        page.keyboard.type("Ada")
        page.keyboard.press("Enter")
        expect(page.get_by_text("No game uses that join code")).to_be_visible()
        expect(page.get_by_label("Your name")).to_have_value("Ada")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "landing-phone.png"), full_page=True)
