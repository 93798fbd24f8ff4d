"""The printed report: charts as images, declared table columns, and a finished game's PDF
rendered once and served again from the cache."""

from __future__ import annotations

import gc
import logging
import re
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.test import Client

from game.debrief import exports, views
from game.debrief.log import load_log
from game.debrief.report import build_report
from game.models import GameSession, GameStatus
from tests.debrief.helpers import LONG_WORD
from tests.support.services import unavailable

pytestmark = pytest.mark.django_db


def printed_html(session: GameSession) -> str:
    report = build_report(load_log(session), compute_estimates=True, for_print=True)
    return render_to_string("debrief/pdf.html", {"report": report, "game": session, "pdf": True})


def test_the_printed_report_draws_charts_as_images_and_declares_every_column(
    experiment_game: GameSession,
) -> None:
    html = printed_html(experiment_game)
    # Charts are images of their SVG (read far faster by WeasyPrint than inline SVG).
    assert "<svg" not in html
    images = re.findall(r'<img class="chart" alt="([^"]*)"[^>]* src="data:image/svg\+xml', html)
    assert len(images) >= 2 * 8 + 2  # eight charts a world, two comparing the worlds
    assert all(images)  # each has its title as alternative text
    # The fixed table layout needs every printed table to declare its columns' widths.
    tables = re.findall(r"<table[^>]*>(.*?)</table>", html, re.S)
    assert tables
    for table in tables:
        declared = re.search(r"<colgroup>(.*?)</colgroup>", table, re.S)
        assert declared, table[:200]
        widths = [int(w) for w in re.findall(r"width: (\d+)%", declared.group(1))]
        header = re.search(r"<thead>(.*?)</thead>", table, re.S)
        assert header and len(widths) == header.group(1).count("<th")
        assert sum(widths) == 100


def pdf_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the PDF renders the view makes."""
    calls: list[int] = []
    render = views.render_pdf

    def counted(game: GameSession, base_url: str) -> bytes:
        calls.append(game.pk)
        return render(game, base_url)

    monkeypatch.setattr(views, "render_pdf", counted)
    return calls


def test_a_finished_games_pdf_is_rendered_once_and_served_again(
    client: Client, spiral_game: GameSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert spiral_game.status == GameStatus.FINISHED
    renders = pdf_renders(monkeypatch)
    client.force_login(spiral_game.classroom.teacher)
    url = f"/games/{spiral_game.pk}/debrief.pdf"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert renders == [spiral_game.pk]
    # A renamed game is printed again under its new title.
    spiral_game.title = "Renamed after the game"
    spiral_game.save(update_fields=["title"])
    assert client.get(url).status_code == 200
    assert renders == [spiral_game.pk, spiral_game.pk]


def test_only_a_finished_game_keeps_its_pdf(spiral_game: GameSession) -> None:
    key = exports.pdf_cache_key(spiral_game)
    assert key and key.startswith(f"debrief-pdf:v{exports.PDF_VERSION}:{spiral_game.pk}:")
    spiral_game.status = GameStatus.RUNNING
    assert exports.pdf_cache_key(spiral_game) is None


@pytest.mark.parametrize("enabled", [True, False])
def test_the_render_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        data = exports.pdf_bytes("<p>Spiral</p>", "http://testserver/")
        assert data.startswith(b"%PDF-")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_pdf_render_logs_no_warning_and_no_progress(
    cuba_class_game: GameSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    data = views.render_pdf(cuba_class_game, "http://testserver/")
    assert data.startswith(b"%PDF-")
    said = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.records]
    # The stylesheet is one WeasyPrint reads whole (no media query, no clip it refuses),
    # and its step-by-step progress stays out of the server's log.
    assert not [line for line in said if "weasyprint" in line], said
    assert not logging.getLogger("weasyprint.progress").isEnabledFor(logging.INFO)


def poppler(*args: str, data: bytes) -> str:
    if not shutil.which("pdftotext"):
        unavailable("pdftotext is not installed (apt-get install poppler-utils)")
    done = subprocess.run(["pdftotext", *args, "-", "-"], input=data, capture_output=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode()


def test_a_long_word_wraps_inside_the_printed_page(cuba_class_game: GameSession) -> None:
    data = views.render_pdf(cuba_class_game, "http://testserver/")
    # Every character of every long message and reason is printed, none cut off ...
    text = poppler("-raw", data=data)
    quoted = re.findall(r"\u201c(https://.*?)\u201d", text, re.S)
    assert quoted, "the long words are printed"
    for found in quoted:
        assert "".join(found.split()) == LONG_WORD
    # ... and no word runs past the page's right edge.
    boxes = poppler("-bbox", data=data)
    for width, page in re.findall(
        r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes, re.S
    ):
        for right, word in re.findall(r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', page):
            assert float(right) <= float(width) - 20, word
