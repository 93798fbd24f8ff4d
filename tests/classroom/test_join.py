"""Students join with the code on the board and a name: no account, no e-mail."""

from __future__ import annotations

import pytest
from django.test import Client

from classroom.models import Classroom, Student
from tests.classroom.helpers import join, student_client, student_of

pytestmark = pytest.mark.django_db


def test_a_student_who_joins_is_on_the_roster_and_remembered_by_the_browser(
    room: Classroom,
) -> None:
    client = Client()
    response = join(client, room.join_code.lower(), "  Ada   Lovelace ")
    assert response.status_code == 302
    assert response["Location"] == f"/class/{room.pk}/"
    student = Student.objects.get(classroom=room)
    assert student.display_name == "Ada Lovelace"
    assert student_of(client, room) == student


def test_the_code_may_be_typed_with_spaces_dashes_and_small_letters(room: Classroom) -> None:
    code = room.join_code
    assert join(Client(), f" {code[:3].lower()}-{code[3:]} ", "Ada").status_code == 302


def test_the_short_link_opens_the_join_form_with_the_code_filled_in(room: Classroom) -> None:
    client = Client()
    response = client.get(f"/j/{room.join_code}/")
    assert response.status_code == 302
    assert response["Location"] == f"/join/?code={room.join_code}"
    html = client.get(response["Location"]).content.decode()
    assert f'value="{room.join_code}"' in html
    assert '<label for="id_name">Your name</label>' in html


def test_two_students_with_the_same_name_are_told_apart(room: Classroom) -> None:
    for _ in range(3):
        join(Client(), room.join_code, "Ada")
    join(Client(), room.join_code, "ada")
    names = sorted(room.students.values_list("display_name", flat=True))
    assert names == ["Ada", "Ada 2", "Ada 3", "ada 4"]


def test_joining_twice_from_the_same_browser_makes_one_student(room: Classroom) -> None:
    client = Client()
    first = join(client, room.join_code, "Ada")
    second = join(client, room.join_code, "Ada")
    assert first["Location"] == second["Location"]
    assert room.students.count() == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required"),
        ("   ", "This field is required"),
        ("\u200b\u200b", "Please enter the name your class will see."),
        ("x" * 500, "at most 40 characters"),
    ],
)
def test_an_empty_or_overlong_name_is_refused_and_nobody_joins(
    room: Classroom, name: str, message: str
) -> None:
    client = Client()
    assert join(client, room.join_code, name).status_code == 303
    assert message in client.get("/join/").content.decode()
    assert not room.students.exists()


def test_a_name_with_markup_is_kept_as_text_and_shown_escaped(
    room: Classroom, teacher_client: Client
) -> None:
    client = Client()
    join(client, room.join_code, "<script>alert(1)</script>")
    student = Student.objects.get(classroom=room)
    assert student.display_name == "<script>alert(1)</script>"
    for html in (
        client.get(f"/class/{room.pk}/").content.decode(),
        teacher_client.get(f"/classrooms/{room.pk}/").content.decode(),
    ):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def wrong_code(room: Classroom) -> str:
    """Return a well-formed code that no class uses."""
    return "WWWWWW" if room.join_code != "WWWWWW" else "XXXXXX"


def test_a_wrong_code_says_so_and_changes_nothing(room: Classroom) -> None:
    client = Client()
    response = join(client, wrong_code(room), "Ada")
    assert response.status_code == 303
    assert response["Location"] == "/join/"
    assert "No game uses that join code" in client.get("/join/").content.decode()
    assert not Student.objects.exists()


def test_the_code_of_an_archived_class_no_longer_works(room: Classroom) -> None:
    room.archived = True
    room.save()
    client = Client()
    assert join(client, room.join_code, "Ada").status_code == 303
    assert "no longer in use" in client.get("/join/").content.decode()
    assert not Student.objects.exists()


def test_after_ten_wrong_codes_in_a_minute_the_address_must_wait(room: Classroom) -> None:
    for _ in range(10):
        assert join(Client(), wrong_code(room), "Guess", address="10.1.2.3").status_code == 303
    blocked = Client()
    assert join(blocked, room.join_code, "Ada", address="10.1.2.3").status_code == 303
    html = blocked.get("/join/").content.decode()
    assert "Too many wrong join codes from this network" in html
    assert "Wait a minute" in html
    assert not Student.objects.exists()
    # Another address (another school) is not affected.
    assert join(Client(), room.join_code, "Ada", address="10.9.9.9").status_code == 302


def test_a_refused_join_redirects_so_back_and_reload_never_resend_the_form(
    room: Classroom,
) -> None:
    client = Client()
    response = join(client, wrong_code(room), "Ada Lovelace", address="10.1.2.4")
    # 303 See Other: the browser shows the refusal from a GET, which Back can reload.
    assert response.status_code == 303
    assert response["Location"] == "/join/"
    page = client.get("/join/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "No game uses that join code" in html
    # What the student typed is still there to correct.
    assert f'value="{wrong_code(room)}"' in html
    assert 'value="Ada Lovelace"' in html
    # The refusal is shown once: coming back later gives a clean form.
    again = client.get("/join/").content.decode()
    assert "No game uses that join code" not in again
    assert 'value="Ada Lovelace"' not in again


def test_a_refused_name_with_markup_is_shown_again_as_text(room: Classroom) -> None:
    client = Client()
    join(client, "AB", "<script>alert(1)</script>")
    html = client.get("/join/").content.decode()
    assert "A join code has 6 letters and digits" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_student_who_corrects_the_code_joins_and_leaves_no_refusal_behind(
    room: Classroom,
) -> None:
    client = Client()
    join(client, wrong_code(room), "Ada")
    assert join(client, room.join_code, "Ada").status_code == 302
    assert Student.objects.get().display_name == "Ada"
    assert "No game uses that join code" not in client.get("/join/").content.decode()


def test_a_refused_join_counts_against_the_rate_limit_once(room: Classroom) -> None:
    """Showing the refusal again (the redirect's GET, a reload) is not another wrong code."""
    for _ in range(9):
        client = Client()
        join(client, wrong_code(room), "Guess", address="10.1.2.5")
        for _ in range(3):
            client.get("/join/", REMOTE_ADDR="10.1.2.5")
    assert join(Client(), room.join_code, "Ada", address="10.1.2.5").status_code == 302


def test_a_whole_class_behind_one_address_can_join_in_the_same_minute(room: Classroom) -> None:
    for number in range(30):
        response = join(Client(), room.join_code, f"Student {number}", address="10.0.0.1")
        assert response.status_code == 302
    assert room.students.count() == 30


def test_the_rejoin_link_makes_another_browser_the_same_student(room: Classroom) -> None:
    join(Client(), room.join_code, "Ada")
    student = Student.objects.get()
    phone = Client()
    response = phone.get(f"/rejoin/{student.token}/")
    assert response.status_code == 302
    assert response["Location"] == f"/class/{room.pk}/"
    assert student_of(phone, room) == student
    assert room.students.count() == 1


def test_a_made_up_rejoin_link_is_not_found(room: Classroom) -> None:
    assert Client().get("/rejoin/not-a-real-token/").status_code == 404


def test_a_rejoin_link_of_an_archived_class_is_not_found(room: Classroom) -> None:
    join(Client(), room.join_code, "Ada")
    room.archived = True
    room.save()
    assert Client().get(f"/rejoin/{Student.objects.get().token}/").status_code == 404


def test_a_student_can_leave_on_a_shared_device(room: Classroom) -> None:
    join(Client(), room.join_code, "Ada")
    student = Student.objects.get()
    client = student_client(student)
    response = client.post(f"/class/{room.pk}/leave/", follow=True)
    assert "no longer plays as Ada" in response.content.decode()
    assert student_of(client, room) is None
    assert room.students.count() == 1


def test_the_waiting_page_shows_the_students_name_and_their_own_rejoin_link(
    room: Classroom,
) -> None:
    client = Client()
    join(client, room.join_code, "Ada")
    html = client.get(f"/class/{room.pk}/").content.decode()
    assert "Hello, Ada" in html
    assert "Waiting for your teacher" in html
    assert f"/rejoin/{Student.objects.get().token}/" in html
    assert f'ws-connect="/ws/class/{room.pk}/wait/"' in html


def test_a_browser_that_never_joined_is_sent_to_the_join_form(room: Classroom) -> None:
    response = Client().get(f"/class/{room.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/join/"


def test_the_landing_page_offers_to_continue_where_the_browser_left_off(
    room: Classroom,
) -> None:
    client = Client()
    join(client, room.join_code, "Ada")
    html = client.get("/").content.decode()
    assert "Continue as Ada" in html
    assert f'href="/class/{room.pk}/"' in html
