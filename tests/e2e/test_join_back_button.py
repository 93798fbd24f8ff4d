"""A refused join leaves a browser history that Back and reload walk through harmlessly."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_after_a_wrong_code_shows_the_join_form_not_a_resubmission(
    live_server_url: str,
) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(live_server_url + "/join/")
        page.get_by_label("Join code").fill("WWW WWW")
        page.get_by_label("Your name").fill("Ben")
        page.get_by_role("button", name="Join").click()
        expect(page.get_by_text("No game uses that join code")).to_be_visible()
        expect(page.get_by_label("Your name")).to_have_value("Ben")
        assert page.url == live_server_url + "/join/"
        # Reloading asks nothing and sends nothing: the refusal was shown by a GET.
        reloaded = page.reload()
        assert reloaded is not None and reloaded.request.method == "GET"
        expect(page.get_by_label("Join code")).to_be_visible()

        page.get_by_role("link", name="Log in").first.click()
        expect(page.get_by_label("Username")).to_be_visible()
        back = page.go_back()
        assert back is not None and back.ok and back.request.method == "GET"
        expect(page.get_by_role("heading", name="Join your class")).to_be_visible()
        expect(page.get_by_role("button", name="Join")).to_be_visible()
