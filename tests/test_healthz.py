"""`/healthz` checks the database and the channel layer by real round trips."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[1]
CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:9/0"}]},
    }
}


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_and_channel_layer_work(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["components"]["database"]["ok"] is True
    assert body["components"]["channel_layer"]["ok"] is True


@pytest.mark.django_db
def test_healthz_names_the_channel_layer_when_redis_is_unreachable(client: Client) -> None:
    with override_settings(CHANNEL_LAYERS=CLOSED_PORT_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["channel_layer"]
    assert body["components"]["database"]["ok"] is True
    assert body["components"]["channel_layer"]["error"]


def test_healthz_names_the_database_when_it_is_unreachable() -> None:
    # A separate interpreter, so the closed-port database is the only one it knows.
    probe = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/spiral",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["down"] == ["database"]
    assert answer["body"]["components"]["channel_layer"]["ok"] is True
