"""Debian's chromium driven by sync Playwright, opened inside each test body."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.services import require_chromium

# Without these, chromium keeps trying to reach Google's hosts on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# Counts the action panels the socket has sent, so a test can wait for the first full
# state after a page load and check what it carried over.
COUNT_PANELS_SENT = """
window.panelsSent = 0;
document.addEventListener("htmx:oobAfterSwap", (event) => {
  if (event.target.id === "action-panel") window.panelsSent += 1;
});
"""


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Launch headless chromium for one test and close it afterwards."""
    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_after_the_socket_sent_the_panels(page: Page, url: str | None = None) -> None:
    """Reload `page` (or go to `url`) and wait for the socket's first full state."""
    if url is None:
        page.reload()
    else:
        page.goto(url)
    page.wait_for_function("window.panelsSent > 0")
