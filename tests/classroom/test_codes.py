"""Join codes are short, unambiguous on a projector, and unique among open classes."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from classroom.codes import CodeExhausted, looks_like_a_code, normalise_code, save_with_fresh_code
from classroom.models import JOIN_CODE_ALPHABET, LOOK_ALIKES, Classroom, new_join_code


def test_codes_avoid_characters_that_look_alike() -> None:
    for confusable in "0O1IL5S2Z8B6GUVDQ":
        assert confusable not in JOIN_CODE_ALPHABET
    codes = {new_join_code() for _ in range(200)}
    assert all(looks_like_a_code(code) for code in codes)
    assert len(codes) > 190


def test_no_character_of_a_look_alike_group_is_ever_drawn() -> None:
    """A projected 8 is read as B, a 6 as G: a new code holds neither side of any pair."""
    for pair in ("0O", "1I", "1L", "2Z", "5S", "6G", "8B"):
        assert any(set(pair) <= set(group) for group in LOOK_ALIKES), pair
    for group in LOOK_ALIKES:
        assert not set(group) & set(JOIN_CODE_ALPHABET), group
    drawn = set("".join(new_join_code() for _ in range(2000)))
    assert drawn == set(JOIN_CODE_ALPHABET)
    # Still enough codes that guessing one, ten tries a minute, is hopeless.
    assert len(set(JOIN_CODE_ALPHABET)) ** 6 > 40_000_000


@pytest.mark.django_db
def test_a_code_drawn_before_the_alphabet_changed_still_joins(teacher: User) -> None:
    """Codes on the board before (say VH8MKJ) keep working for students who type them."""
    from django.test import Client

    from tests.classroom.helpers import join, student_of

    old = Classroom.objects.create(teacher=teacher, name="Last term", join_code="VH8MKJ")
    client = Client()
    assert join(client, "vh8-mkj", "Ben").status_code == 302
    assert student_of(client, old) is not None


def test_typed_codes_are_normalised() -> None:
    assert normalise_code(" k7q-x3 m ") == "K7QX3M"


@pytest.mark.django_db
def test_a_code_taken_by_an_open_class_is_drawn_again(teacher: User) -> None:
    Classroom.objects.create(teacher=teacher, name="First", join_code="AAAAAA")
    draws = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    second = Classroom(teacher=teacher, name="Second")
    save_with_fresh_code(second, draw=lambda: next(draws))
    assert second.join_code == "BBBBBB"


@pytest.mark.django_db
def test_an_archived_class_does_not_hold_on_to_its_code(teacher: User) -> None:
    Classroom.objects.create(teacher=teacher, name="Old", join_code="AAAAAA", archived=True)
    fresh = Classroom(teacher=teacher, name="New")
    save_with_fresh_code(fresh, draw=lambda: "AAAAAA")
    assert fresh.join_code == "AAAAAA"


@pytest.mark.django_db
def test_the_database_refuses_two_open_classes_with_one_code(teacher: User) -> None:
    Classroom.objects.create(teacher=teacher, name="One", join_code="AAAAAA")
    with pytest.raises(IntegrityError), transaction.atomic():
        Classroom.objects.create(teacher=teacher, name="Two", join_code="AAAAAA")


@pytest.mark.django_db
def test_drawing_gives_up_clearly_when_every_code_is_taken(teacher: User) -> None:
    Classroom.objects.create(teacher=teacher, name="One", join_code="AAAAAA")
    with pytest.raises(CodeExhausted):
        save_with_fresh_code(
            Classroom(teacher=teacher, name="Two"), draw=itertools.repeat("AAAAAA").__next__
        )
