"""Teachers create classrooms, show the join code and QR code, rename, rotate and archive."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from classroom.models import JOIN_CODE_ALPHABET, Classroom, Student
from game.models import GameSession
from tests.classroom.helpers import join, refusal_shown

pytestmark = pytest.mark.django_db


def nonce_of(html: str) -> str:
    found = re.search(r'name="nonce" value="([^"]+)"', html)
    assert found, "the form carries a nonce"
    return found.group(1)


def test_after_logging_in_a_teacher_sees_their_classes(
    teacher_client: Client, room: Classroom, other_teacher: User
) -> None:
    Classroom.objects.create(teacher=other_teacher, name="Not yours", join_code="KKKKKK")
    response = teacher_client.get("/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/classrooms/"
    assert "History 10B" in html
    assert room.join_code in html
    assert "Not yours" not in html
    assert ">New classroom</a>" in html


def test_a_teacher_creates_a_classroom_with_a_readable_join_code(
    teacher_client: Client, teacher: User
) -> None:
    form = teacher_client.get("/classrooms/new/").content.decode()
    response = teacher_client.post(
        "/classrooms/new/", {"name": "  Politics   12A ", "nonce": nonce_of(form)}
    )
    classroom = Classroom.objects.get(teacher=teacher)
    assert response["Location"] == f"/classrooms/{classroom.pk}/"
    assert classroom.name == "Politics 12A"
    assert len(classroom.join_code) == 6
    assert set(classroom.join_code) <= set(JOIN_CODE_ALPHABET)


def test_the_create_form_sent_twice_makes_one_classroom(
    teacher_client: Client, teacher: User
) -> None:
    nonce = nonce_of(teacher_client.get("/classrooms/new/").content.decode())
    first = teacher_client.post("/classrooms/new/", {"name": "Politics", "nonce": nonce})
    second = teacher_client.post("/classrooms/new/", {"name": "Politics", "nonce": nonce})
    assert Classroom.objects.filter(teacher=teacher).count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_classroom_needs_a_sensible_name(
    teacher_client: Client, teacher: User, name: str
) -> None:
    response = teacher_client.post("/classrooms/new/", {"name": name, "nonce": "n1"})
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert not Classroom.objects.filter(teacher=teacher).exists()


def test_the_classroom_page_shows_the_code_large_with_a_qr_code_of_the_join_link(
    teacher_client: Client, room: Classroom
) -> None:
    html = teacher_client.get(f"/classrooms/{room.pk}/").content.decode()
    assert '<p class="join-code"' in html and f">{room.join_code}</p>" in html
    assert f"http://testserver/j/{room.join_code}/" in html
    svg = re.search(r"<svg[^>]*class=\"qr\"[^>]*>.*?</svg>", html, re.S)
    assert svg, "an inline SVG QR code"
    assert "<path" in svg.group(0)
    assert "https://" not in html  # made here, not by an outside service
    assert ">New game</a>" in html


def test_the_qr_code_encodes_the_join_link() -> None:
    import segno

    from classroom.codes import qr_svg

    link = "http://testserver/j/K7QX3M/"
    assert qr_svg(link) == segno.make(link, error="m").svg_inline(
        scale=8, dark="#1b2430", light="#ffffff", omitsize=True, svgclass="qr", lineclass=None
    )


def test_the_board_view_shows_only_the_code_and_qr_for_the_projector(
    teacher_client: Client, room: Classroom
) -> None:
    html = teacher_client.get(f"/classrooms/{room.pk}/board/").content.decode()
    assert room.join_code in html
    assert 'class="qr"' in html
    assert "Rejoin link" not in html


def test_the_roster_lists_students_with_rejoin_links_for_the_teacher(
    teacher_client: Client, room: Classroom
) -> None:
    join(Client(), room.join_code, "Ada")
    join(Client(), room.join_code, "Grace")
    html = teacher_client.get(f"/classrooms/{room.pk}/").content.decode()
    for student in Student.objects.all():
        assert student.display_name in html
        assert f"http://testserver/rejoin/{student.token}/" in html


def test_a_teacher_renames_a_classroom(teacher_client: Client, room: Classroom) -> None:
    assert teacher_client.get(f"/classrooms/{room.pk}/rename/").status_code == 200
    response = teacher_client.post(f"/classrooms/{room.pk}/rename/", {"name": "History 11B"})
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.name == "History 11B"


def test_a_blank_rename_is_refused_and_keeps_the_name(
    teacher_client: Client, room: Classroom
) -> None:
    response = teacher_client.post(f"/classrooms/{room.pk}/rename/", {"name": "  "})
    assert response.status_code == 400
    room.refresh_from_db()
    assert room.name == "History 10B"


def test_a_new_code_retires_the_old_one_and_keeps_the_roster(
    teacher_client: Client, room: Classroom
) -> None:
    join(Client(), room.join_code, "Ada")
    old = room.join_code
    teacher_client.post(f"/classrooms/{room.pk}/rotate-code/", {"code": old})
    room.refresh_from_db()
    assert room.join_code != old
    assert "No game uses that join code" in refusal_shown(old, "Grace")
    assert join(Client(), room.join_code, "Grace").status_code == 302
    assert room.students.count() == 2


def test_the_rotate_form_sent_twice_changes_the_code_once(
    teacher_client: Client, room: Classroom
) -> None:
    old = room.join_code
    teacher_client.post(f"/classrooms/{room.pk}/rotate-code/", {"code": old})
    room.refresh_from_db()
    new = room.join_code
    response = teacher_client.post(
        f"/classrooms/{room.pk}/rotate-code/", {"code": old}, follow=True
    )
    room.refresh_from_db()
    assert room.join_code == new
    assert "already changed" in response.content.decode()


def test_archiving_stops_the_code_and_reopening_brings_it_back(
    teacher_client: Client, room: Classroom
) -> None:
    code = room.join_code
    teacher_client.post(f"/classrooms/{room.pk}/archive/")
    room.refresh_from_db()
    assert room.archived
    html = teacher_client.get(f"/classrooms/{room.pk}/").content.decode()
    assert "Archived" in html and 'class="qr"' not in html
    assert "That join code is no longer in use" in refusal_shown(code, "Ada")
    teacher_client.post(f"/classrooms/{room.pk}/reopen/")
    room.refresh_from_db()
    assert not room.archived and room.join_code == code
    assert join(Client(), code, "Ada").status_code == 302


def test_a_reopened_class_gets_a_new_code_if_another_class_took_the_old_one(
    teacher_client: Client, room: Classroom, other_teacher: User
) -> None:
    code = room.join_code
    teacher_client.post(f"/classrooms/{room.pk}/archive/")
    Classroom.objects.create(teacher=other_teacher, name="Theirs", join_code=code)
    response = teacher_client.post(f"/classrooms/{room.pk}/reopen/", follow=True)
    room.refresh_from_db()
    assert not room.archived and room.join_code != code
    assert "new code" in response.content.decode()


def test_archiving_twice_is_harmless(teacher_client: Client, room: Classroom) -> None:
    teacher_client.post(f"/classrooms/{room.pk}/archive/")
    response = teacher_client.post(f"/classrooms/{room.pk}/archive/", follow=True)
    assert "already archived" in response.content.decode()


def test_a_classroom_name_with_markup_is_shown_as_text(
    teacher_client: Client, teacher: User
) -> None:
    teacher_client.post("/classrooms/new/", {"name": "<b>10B</b><script>x()</script>"})
    room = Classroom.objects.get(teacher=teacher)
    for url in ("/classrooms/", f"/classrooms/{room.pk}/"):
        html = teacher_client.get(url).content.decode()
        assert "<script>x()</script>" not in html
        assert "&lt;b&gt;10B&lt;/b&gt;" in html


def test_changes_need_a_post(teacher_client: Client, room: Classroom) -> None:
    for action in ("archive", "reopen", "rotate-code"):
        assert teacher_client.get(f"/classrooms/{room.pk}/{action}/").status_code == 405
    room.refresh_from_db()
    assert not room.archived


@pytest.mark.parametrize(("zone", "label"), [("UTC", "13:39 UTC"), ("Europe/Berlin", "14:39 CET")])
def test_times_on_the_classroom_page_say_their_time_zone(
    teacher_client: Client, room: Classroom, settings: Any, zone: str, label: str
) -> None:
    settings.TIME_ZONE = zone
    join(Client(), room.join_code, "Ada")
    moment = datetime(2025, 12, 2, 13, 39, tzinfo=UTC)
    Student.objects.filter(classroom=room).update(joined_at=moment)
    game = GameSession.objects.create(
        classroom=room, scenario_key="tutorial", title="Vell Valley", turns=4, seed=1
    )
    GameSession.objects.filter(pk=game.pk).update(created_at=moment)
    html = teacher_client.get(f"/classrooms/{room.pk}/").content.decode()
    assert f"2 Dec, {label}" in html  # joined
    assert f"2 Dec 2025, {label}" in html  # when the game was set up
