"""A teacher opens the debrief after a short game: the charts show, the PDF and CSV download."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from game.experiments import JERVIS_FOUR_WORLDS
from game.models import GameSession, SeatMember
from tests import factories
from tests.debrief.helpers import finished_bot_game
from tests.support.browser import SCREENSHOTS, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-9"


def test_the_teacher_reads_the_debrief_and_downloads_the_pdf_and_csv(
    live_server_url: str,
) -> None:
    owner = factories.teacher("debrief_teacher")
    game = finished_bot_game(
        seed=1,
        turns=3,
        worlds=2,
        bot="tit_for_tat",
        variations=[JERVIS_FOUR_WORLDS[0], JERVIS_FOUR_WORLDS[3]],
        owner=owner,
    )
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.goto(f"{live_server_url}/accounts/login/?next=/games/{game.pk}/debrief/")
        page.get_by_label("Username").fill("debrief_teacher")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name=f"Debrief: {game.title}")).to_be_visible()
        tension = page.locator("svg#wA-tension")
        expect(tension).to_be_visible()
        box = tension.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
        for chart in ("wA-offense", "wA-defense", "wA-wealth", "wA-score", "wA-timeline"):
            expect(page.locator(f"svg#{chart}")).to_be_visible()
        assert page.locator("svg.chart[role=img]").count() >= 10
        # The model estimate arrives after the page, by itself.
        expect(page.locator('[data-estimate-world="A"] svg')).to_be_visible(timeout=30_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "debrief-teacher.png"), full_page=False)
        with page.expect_download() as pdf:
            page.get_by_role("link", name="PDF report").click()
        path = pdf.value.path()
        assert path is not None
        data = path.read_bytes()
        assert data.startswith(b"%PDF-")
        assert pdf.value.suggested_filename.endswith("-debrief.pdf")
        with page.expect_download() as moves:
            page.get_by_role("link", name="Moves (CSV)").click()
        raw = moves.value.path().read_bytes()
        assert raw.startswith("\ufeff".encode())  # Excel reads it as UTF-8
        text = raw.decode("utf-8-sig")
        assert text.startswith("session,world,variation,turn,state,action")
        assert len(text.splitlines()) == 1 + 2 * 3 * 4


def test_a_student_reflection_saves_itself_while_they_type(live_server_url: str) -> None:
    from game import services
    from tests.debrief.helpers import new_session, play_students, seat_students

    session = new_session(factories.classroom(), turns=2, seed=2, bot="tit_for_tat")
    student = seat_students(session, 1)[0]
    play_students(session, ratings=False)
    services.reveal_intents(session)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{live_server_url}/rejoin/{student.token}/")
        page.goto(f"{live_server_url}/play/{session.pk}/")
        page.get_by_role("link", name="Read your debrief and write your reflection").click()
        expect(page.get_by_role("heading", name="Your debrief: Aldmark")).to_be_visible()
        expect(page.locator("svg.chart").first).to_be_visible()
        # Laid out with its stylesheet (a chart can show before the stylesheet arrives).
        page.wait_for_load_state("load")
        # Every table fits the phone: nothing to scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.wait_for_function("() => window.htmx !== undefined")
        page.locator("#answer_1").press_sequentially(
            "We feared their army, but they only built walls.", delay=20
        )
        expect(page.locator("#reflection-status")).to_contain_text("Saved at", timeout=10_000)
        page.reload()
        expect(page.locator("#answer_1")).to_have_value(
            "We feared their army, but they only built walls."
        )
        page.screenshot(path=str(SCREENSHOTS / "debrief-student-phone.png"), full_page=False)


def scrolls_sideways(page: Page) -> bool:
    """Tell whether the page itself is wider than its window."""
    return bool(
        page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    )


def log_in(page: Page, url: str, username: str, then: str) -> None:
    """Log in as `username` and land on the path `then`."""
    page.goto(f"{url}/accounts/login/?next={then}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_long_words_and_wide_tables_never_push_the_debrief_sideways(
    live_server_url: str, cuba_class_game: GameSession
) -> None:
    game = cuba_class_game
    debrief = f"/games/{game.pk}/debrief/"
    student = SeatMember.objects.filter(session=game).select_related("student").first().student
    with chromium() as browser:
        for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
            phone = viewport["width"] < 500
            page = browser.new_context(viewport=viewport, is_mobile=phone).new_page()
            log_in(page, live_server_url, game.classroom.teacher.username, debrief)
            expect(page.get_by_role("heading", name=f"Debrief: {game.title}")).to_be_visible()
            page.wait_for_load_state("load")
            # The students' long words wrap where they stand ...
            message = page.locator("table.signals td.said").first
            expect(message).to_contain_text("x" * 40)
            box = message.bounding_box()
            assert box is not None and box["width"] < viewport["width"]
            if not phone:  # on a phone its table may scroll, inside its own box
                assert box["x"] + box["width"] <= viewport["width"]
            # ... and the page itself never scrolls sideways: a table too wide for a phone
            # scrolls inside its own box.
            assert not scrolls_sideways(page), viewport
            widest = page.evaluate(
                "Math.max(...[...document.querySelectorAll('.table-scroll')]"
                ".map(b => b.scrollWidth - b.clientWidth))"
            )
            assert (widest > 0) == phone, widest
            name = "debrief-teacher-phone.png" if phone else "debrief-teacher-long-words.png"
            page.screenshot(path=str(SCREENSHOTS / name), full_page=False)
            mine = browser.new_context(viewport=viewport, is_mobile=phone).new_page()
            mine.goto(f"{live_server_url}/rejoin/{student.token}/")
            mine.goto(f"{live_server_url}/play/{game.pk}/debrief/")
            expect(mine.get_by_role("heading", name="Your state's story")).to_be_visible()
            mine.wait_for_load_state("load")
            # A team member's column reads "It meant": the reason may be a teammate's.
            meant = mine.locator(
                'td[data-label="You meant"], td[data-label="It meant"]', has_text="x" * 40
            )
            expect(meant.first).to_be_visible()
            assert not scrolls_sideways(mine), viewport
