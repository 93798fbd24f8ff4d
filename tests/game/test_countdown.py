"""The countdown reads right from the first paint, before any script runs."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from classroom.access import STUDENTS_KEY
from game import services
from tests.factories import game_with_seats

pytestmark = pytest.mark.django_db


def countdown_text(html: str) -> str:
    match = re.search(r'class="countdown-text">([^<]*)<', html)
    assert match, "the page has no countdown"
    return match.group(1)


def test_the_student_and_the_teacher_see_the_time_left_as_the_page_arrives(
    client: Client,
) -> None:
    session, _, _, students = game_with_seats(1, turn_seconds=90)
    services.start_game(session)
    browser = client.session
    browser[STUDENTS_KEY] = {str(students[0].classroom_id): students[0].pk}
    browser.save()
    assert countdown_text(client.get(f"/play/{session.pk}/").content.decode()) in {"1:30", "1:29"}
    teacher = Client()
    teacher.force_login(session.classroom.teacher)
    dashboard = teacher.get(f"/games/{session.pk}/dashboard/").content.decode()
    assert countdown_text(dashboard) in {"1:30", "1:29"}
