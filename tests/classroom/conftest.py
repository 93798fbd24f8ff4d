"""Fixtures for classroom tests: teachers, their classes, and students' browsers."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from classroom.codes import save_with_fresh_code
from classroom.models import Classroom
from tests import factories


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings: Any) -> None:
    """Hash test passwords cheaply: these tests are about classrooms, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def teacher(db: None) -> User:
    """The teacher who owns the class under test."""
    return factories.teacher("ms_okafor")


@pytest.fixture
def other_teacher(db: None) -> User:
    """A second teacher, who must never see the first one's things."""
    return factories.teacher("mr_lindqvist")


@pytest.fixture
def room(teacher: User) -> Classroom:
    """An open classroom with a fresh join code."""
    classroom = Classroom(teacher=teacher, name="History 10B")
    save_with_fresh_code(classroom)
    return classroom


@pytest.fixture
def teacher_client(teacher: User) -> Client:
    """A browser with the owning teacher logged in."""
    client = Client()
    client.force_login(teacher)
    return client


@pytest.fixture
def other_client(other_teacher: User) -> Client:
    """A browser with the other teacher logged in."""
    client = Client()
    client.force_login(other_teacher)
    return client
