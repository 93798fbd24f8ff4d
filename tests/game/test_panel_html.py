"""The panel loops built in Python print exactly what their template code printed.

`game/panel_html.py` replaced the slowest loops of the seat panels (the others'
estimates and the news lists) with Python; `reference_panels/` holds those panels
as they were, all template code, and every panel must come out byte for byte the same.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest
from django.template import engines
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from game import panel_html, panels, services
from game.models import GameStatus, Rating
from tests.factories import classroom, game_with_seats, teacher

# The two panels as they were before their loops moved to Python.
REFERENCE = Path(__file__).parent / "reference_panels"
ORIGINAL_OTHERS = (REFERENCE / "others.html").read_text(encoding="utf-8")
ORIGINAL_NEWS = (REFERENCE / "news.html").read_text(encoding="utf-8")
ARM = {"action": "arm", "posture": "offensive", "size": "2", "aimed_at": ""}


def original(source: str, context: dict[str, Any]) -> str:
    return engines["django"].from_string(source).render(context)


def now(name: str, context: dict[str, Any]) -> str:
    return render_to_string(f"game/panels/{name}.html", context)


@pytest.mark.parametrize("places", [1, 2])
def test_fixed_rounds_exactly_as_floatformat(places: int) -> None:
    chance = random.Random(7)
    values: list[Any] = [0, 1, -1, 0.0, -0.0, 0.005, 0.015, 0.025, -0.004, -0.005, 0.05, 0.45,
                         1.005, 2.675, 999.995, 1234.5, 1e-9, -1e-9, 12345678.125, 7, -3,
                         math.inf, -math.inf, math.nan, True, None, "0.5", 1e16]  # fmt: skip
    values += [chance.uniform(-5, 5) for _ in range(3000)]
    values += [round(chance.uniform(0, 1), 3) for _ in range(3000)]
    values += [chance.randint(0, 2000) / 200 for _ in range(3000)]
    for value in values:
        assert panel_html.fixed(value, places, panel_html.plain_numbers()) == str(
            floatformat(value, places)
        ), value


@pytest.mark.django_db
def test_the_python_loops_print_what_the_template_loops_printed() -> None:
    room = classroom(teacher("t-panels"), name="Period 9")
    session, world, seats, students = game_with_seats(
        6, scenario_key="europe_1914", turns=10, room=room
    )
    services.start_game(session)
    keys = [s.state_key for s in seats]
    for number in range(1, 4):
        for n, (seat, student) in enumerate(zip(seats, students, strict=True)):
            other = keys[(n + 1) % 6]
            choices = [
                {"action": "signal", "kind": "costly_reassure", "to": other,
                 "text": '<b>peace</b> & "quiet"'},
                {"action": "signal", "kind": "threaten", "to": "all", "text": ""},
                {"action": "ally", "op": "propose", "with": other, "burden": "high"},
                {"action": "signal", "kind": "transparency", "to": "all"},
                ARM,
                {"action": "arm", "posture": "defensive", "size": "1", "aimed_at": other},
            ]  # fmt: skip
            chosen = choices[(n + number) % 6]
            try:
                services.submit_move(
                    panels.seat(seat.pk), student, number, chosen, f"m{number}-{n}"
                )
            except services.GameError:
                services.submit_move(panels.seat(seat.pk), student, number, ARM, f"m{number}-{n}")
    # Turn 4: the last state does not move, so the news marks its signal as a default.
    for n, (seat, student) in enumerate(zip(seats[:-1], students[:-1], strict=True)):
        services.submit_move(panels.seat(seat.pk), student, 4, ARM, f"m4-{n}")
    services.advance_now(session)
    services.record_rating(panels.seat(seats[0].pk), students[0], 5, keys[2], -2, 3)
    services.record_rating(panels.seat(seats[0].pk), students[0], 5, keys[3], 1, 1)
    team_line = mark_safe("<strong>Your team:</strong> your state played <span>Ada</span>'s pick.")
    checked = 0
    for seat, student in zip(seats, students, strict=True):
        context = panels.seat_context(seat.pk, student.pk)
        assert context.view is not None and context.view.messages
        assert context.defaulted[4] == (keys[-1],)
        for built in (context.as_dict(), context.template_context()):
            variants = [built, {**built, "turn": None}, {**built, "finished": True},
                        {**built, "last_news": None}, {**built, "oob": True},
                        {**built, "team_decision": team_line, "defaulted": {}},
                        {**built, "view": None, "others": [], "last_news": None}]  # fmt: skip
            for variant in variants:
                assert now("others", variant) == original(ORIGINAL_OTHERS, variant)
                assert now("news", variant) == original(ORIGINAL_NEWS, variant)
                checked += 1
    assert checked == 6 * 2 * 7
    assert Rating.objects.filter(student=students[0]).count() == 2
    first = panels.seat_context(seats[0].pk, students[0].pk).as_dict()
    assert "(default)" in now("news", first) and "verified: its books are open" in now(
        "news", first
    )
    assert '<option value="3" selected>Sure</option>' in now("others", first)
    assert '<option value="1" selected>Unsure</option>' in now("others", first)
    assert world.status != GameStatus.FINISHED
