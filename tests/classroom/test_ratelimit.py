"""Join failures are counted per address in Django's cache (Redis when REDIS_URL is set)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from classroom import ratelimit
from tests.support.services import redis_url

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps(settings.CACHES['default']))"
)


def caches_under(**env: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_cache_is_local_memory_by_default_and_redis_with_redis_url() -> None:
    assert caches_under()["BACKEND"].endswith("LocMemCache")
    redis = caches_under(REDIS_URL="redis://cache.example:6379/2")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.example:6379/2"


def count_until_blocked(store: object, address: str) -> list[bool]:
    blocked = []
    for _ in range(11):
        blocked.append(ratelimit.is_blocked(address, store, now=120.0))  # type: ignore[arg-type]
        ratelimit.count_failure(address, store, now=120.0)  # type: ignore[arg-type]
    return blocked


def test_an_address_is_blocked_after_ten_failures_until_the_minute_is_over() -> None:
    store = LocMemCache(f"rate-{uuid.uuid4().hex}", {})
    assert count_until_blocked(store, "10.0.0.7") == [False] * 10 + [True]
    assert not ratelimit.is_blocked("10.0.0.7", store, now=181.0)
    assert not ratelimit.is_blocked("10.0.0.8", store, now=120.0)


def test_failures_are_shared_by_every_server_process_through_redis() -> None:
    store = RedisCache(redis_url(), {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    address = f"10.{uuid.uuid4().int % 250}.0.1"
    assert count_until_blocked(store, address) == [False] * 10 + [True]
    # A second client, as another worker process would have, sees the same count.
    other = RedisCache(redis_url(), {"KEY_PREFIX": store.key_prefix})
    assert ratelimit.is_blocked(address, other, now=120.0)
