"""The landing page: students join with a code and a name; teachers log in or sign up."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.mark.django_db
def test_landing_page_shows_the_join_form_and_the_teacher_links(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<label for="id_code">Join code</label>' in html
    assert '<label for="id_name">Your name</label>' in html
    assert ">Join</button>" in html
    assert ">Log in</a>" in html
    assert ">Sign up</a>" in html


@pytest.mark.django_db
def test_landing_page_loads_htmx_from_our_own_static_files(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "/static/django_htmx/ext/hx-ws-2.min.js" in html
    assert "https://" not in html


@pytest.mark.django_db
def test_an_unknown_join_code_says_no_such_game(client: Client) -> None:
    response = client.post("/join/", {"code": "k7p-x3m", "name": "Ada"})
    # Answered by a redirect, so that Back or a reload never sends the form again.
    assert response.status_code == 303
    assert response["Location"] == "/join/"
    page = client.get("/join/").content.decode()
    assert "No game uses that join code" in page
    assert 'value="Ada"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "ABC", "name": "Ada"}, "A join code has 6 letters and digits"),
        ({"code": "K7PX3M", "name": "   "}, "This field is required"),
        ({"code": "K7PX3M", "name": "x" * 500}, "at most 40 characters"),
    ],
)
def test_a_malformed_join_gets_a_clear_message(
    client: Client, data: dict[str, str], message: str
) -> None:
    response = client.post("/join/", data)
    assert response.status_code == 303
    assert message in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_name_with_markup_is_shown_as_text(client: Client) -> None:
    response = client.post("/join/", {"code": "AB", "name": "<script>alert(1)</script>"})
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_a_teacher_can_sign_up_and_is_logged_in(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ms_okafor",
            "password1": "tide-pool-47-lantern",
            "password2": "tide-pool-47-lantern",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "ms_okafor" in response.content.decode()
    user = User.objects.get(username="ms_okafor")
    assert user.password.startswith(("pbkdf2_", "argon2", "bcrypt", "scrypt"))
    assert "tide-pool-47-lantern" not in user.password


def test_a_browser_asking_for_favicon_ico_gets_the_logo(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    assert "spiral" in response["Location"]
