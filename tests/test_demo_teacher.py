"""`manage.py demo_teacher` gives `make run` a teacher to log in with."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.django_db
def test_demo_teacher_takes_the_password_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "river-otter-93")
    out = StringIO()
    call_command("demo_teacher", stdout=out)
    assert User.objects.get(username="demo").check_password("river-otter-93")
    assert "'river-otter-93'" in out.getvalue()


@pytest.mark.django_db
def test_generated_demo_password_is_printed_and_kept_across_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with override_settings(VAR_DIR=tmp_path):
        first, second = StringIO(), StringIO()
        call_command("demo_teacher", stdout=first)
        call_command("demo_teacher", stdout=second)
    password = (tmp_path / "demo-password.txt").read_text().strip()
    assert len(password) >= 10
    assert password in first.getvalue() and password in second.getvalue()
    assert User.objects.filter(username="demo").count() == 1
    assert User.objects.get(username="demo").check_password(password)
