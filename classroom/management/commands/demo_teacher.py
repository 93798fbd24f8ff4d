"""Create (or refresh) the demo teacher that `make run` logs you in with."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

DEMO_USERNAME = "demo"


def demo_password_file() -> Path:
    """Where a generated demo password is kept, so every `make run` prints the same one."""
    return Path(settings.VAR_DIR) / "demo-password.txt"


class Command(BaseCommand):
    help = (
        "Ensure the demo teacher account exists. Its password comes from DEMO_PASSWORD, "
        "or is generated once, saved under var/ and printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default=DEMO_USERNAME, help="default: demo")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        if not username:
            raise CommandError("--username must not be empty", returncode=2)
        password = os.environ.get("DEMO_PASSWORD", "")
        source = "from DEMO_PASSWORD"
        if not password:
            password, source = self._saved_or_new_password()
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        self.stdout.write(f"Demo teacher: username {username!r}, password {password!r} ({source})")

    def _saved_or_new_password(self) -> tuple[str, str]:
        path = demo_password_file()
        if path.exists():
            saved = path.read_text().strip()
            if saved:
                return saved, f"saved in {path}"
        password = secrets.token_urlsafe(9)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password + "\n")
        path.chmod(0o600)
        return password, f"generated, saved in {path}"
