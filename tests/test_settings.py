"""Settings follow the environment, twelve-factor style."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import serve_env

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "layer_config": settings.CHANNEL_LAYERS["default"].get("CONFIG", {}),
    "debug": settings.DEBUG, "allowed_hosts": settings.ALLOWED_HOSTS,
    "csrf_trusted_origins": settings.CSRF_TRUSTED_ORIGINS,
    "secure_cookies": settings.SESSION_COOKIE_SECURE, "hsts": settings.SECURE_HSTS_SECONDS,
    "turn_resolver": settings.TURN_RESOLVER, "secret_key": settings.SECRET_KEY,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
}, default=str))
"""
CONFIG_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "BEHIND_HTTPS_PROXY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CHANNEL_LAYER",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "TURN_RESOLVER",
)


def clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(overrides)
    return env


def probe(**env: str) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh interpreter under `env`."""
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
    )


def settings_under(**env: str) -> dict[str, object]:
    result = probe(**env)
    result.check_returncode()
    return json.loads(result.stdout)


def test_bare_machine_defaults_to_sqlite_and_in_memory_layer() -> None:
    probed = settings_under()
    assert probed["engine"] == "django.db.backends.sqlite3"
    assert probed["name"].endswith("db.sqlite3")
    assert probed["layer"] == "channels.layers.InMemoryChannelLayer"
    assert probed["debug"] is True


def test_database_url_switches_to_postgresql() -> None:
    probed = settings_under(DATABASE_URL="postgres://postgres@db.example:5433/spiral")
    assert probed["engine"] == "django.db.backends.postgresql"
    assert probed["name"] == "spiral"
    assert probed["host"] == "db.example"


def test_redis_url_switches_to_redis_pubsub_layer_with_room_in_the_pool() -> None:
    probed = settings_under(REDIS_URL="redis://cache.example:6379/2")
    assert probed["layer"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    host = probed["layer_config"]["hosts"][0]
    assert host["address"] == "redis://cache.example:6379/2"
    assert host["max_connections"] >= 1000


def test_core_redis_layer_can_be_chosen_with_a_capacity_above_the_default() -> None:
    probed = settings_under(REDIS_URL="redis://cache.example:6379/2", CHANNEL_LAYER="core")
    assert probed["layer"] == "channels_redis.core.RedisChannelLayer"
    assert probed["layer_config"]["capacity"] > 100


def test_turns_resolve_inside_the_server_unless_resolver_processes_are_asked_for() -> None:
    assert settings_under()["turn_resolver"] == "thread"
    probed = settings_under(REDIS_URL="redis://cache.example:6379/2", TURN_RESOLVER="Process")
    assert probed["turn_resolver"] == "process"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TURN_RESOLVER": "sideways"}, "TURN_RESOLVER must be 'thread' or 'process'"),
        ({"TURN_RESOLVER": "process"}, "TURN_RESOLVER=process needs REDIS_URL"),
    ],
)
def test_a_bad_turn_resolver_setting_stops_the_start_with_a_clear_error(
    env: dict[str, str], message: str
) -> None:
    result = probe(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_hosts_and_trusted_origins_come_from_comma_separated_lists() -> None:
    probed = settings_under(
        ALLOWED_HOSTS="spiral.school.example, localhost",
        CSRF_TRUSTED_ORIGINS="https://spiral.school.example",
    )
    assert probed["allowed_hosts"] == ["spiral.school.example", "localhost"]
    assert probed["csrf_trusted_origins"] == ["https://spiral.school.example"]


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = probe(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_make_run_serves_without_debug_pages_over_plain_http_with_a_key_of_its_own(
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "secret-key.txt"
    key_file.write_text("a-key-make-run-wrote-once-Qx81bZ2vL0kR7tW4yB5nC9hJ3gF6dS\n")

    probed = settings_under(**serve_env(), SECRET_KEY_FILE=str(key_file))

    assert probed["debug"] is False
    assert probed["secret_key"] == "a-key-make-run-wrote-once-Qx81bZ2vL0kR7tW4yB5nC9hJ3gF6dS"
    # A school's network has no HTTPS in front: no redirect to it, cookies sent over HTTP.
    assert probed["ssl_redirect"] is False
    assert probed["secure_cookies"] is False
    assert probed["hsts"] == 0


def test_an_unreadable_key_file_stops_the_start_with_a_clear_error(tmp_path: Path) -> None:
    result = probe(**serve_env(), SECRET_KEY_FILE=str(tmp_path / "missing.txt"))

    assert result.returncode != 0
    assert "SECRET_KEY_FILE cannot be read" in result.stderr


def test_production_settings_pass_the_deployment_checklist() -> None:
    env = clean_env(
        DEBUG="0",
        SECRET_KEY="a-real-secret-x7Qp2mZ9vL4kR8tW1yB6nC3hJ5gF0dS-9aMe4UrT6wZ",
        ALLOWED_HOSTS="spiral.school.example",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    probed = settings_under(**{k: env[k] for k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")})
    assert probed["secure_cookies"] is True
    assert probed["hsts"] >= 31536000
