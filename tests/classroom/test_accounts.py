"""Teacher accounts: sign up, log in, log out and change password, with Django's auth."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_signup_page_asks_for_a_username_and_a_password_twice() -> None:
    html = Client().get("/accounts/signup/").content.decode()
    for label in ("Username", "Password", "Password confirmation"):
        assert f">{label}</label>" in html
    assert ">Sign up</button>" in html


def test_a_signup_with_mismatched_passwords_is_refused(teacher: User) -> None:
    response = Client().post(
        "/accounts/signup/",
        {"username": "newbie", "password1": "tide-pool-47", "password2": "tide-pool-48"},
    )
    assert response.status_code == 200
    assert "The two password fields didn" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_a_taken_username_is_refused(teacher: User) -> None:
    response = Client().post(
        "/accounts/signup/",
        {"username": teacher.username, "password1": "tide-pool-47x", "password2": "tide-pool-47x"},
    )
    assert "already exists" in response.content.decode()
    assert User.objects.filter(username=teacher.username).count() == 1


def test_a_teacher_logs_in_and_out(teacher: User) -> None:
    client = Client()
    page = client.get("/accounts/login/").content.decode()
    assert ">Log in</button>" in page
    response = client.post(
        "/accounts/login/",
        {"username": teacher.username, "password": "correct-horse-battery-9"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/classrooms/"
    assert ">Log out</button>" in response.content.decode()
    client.post("/accounts/logout/")
    assert client.get("/classrooms/")["Location"].startswith("/accounts/login/")


def test_a_wrong_password_does_not_log_in(teacher: User) -> None:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": teacher.username, "password": "wrong-password"}
    )
    assert "Please enter a correct username and password" in response.content.decode()
    assert client.get("/classrooms/").status_code == 302


def test_a_teacher_changes_their_password(teacher: User, teacher_client: Client) -> None:
    response = teacher_client.post(
        "/accounts/password/",
        {
            "old_password": "correct-horse-battery-9",
            "new_password1": "river-otter-93-kite",
            "new_password2": "river-otter-93-kite",
        },
        follow=True,
    )
    assert "Password changed" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password("river-otter-93-kite")
