"""What the tests need from the machine, and what to do when it is missing.

Outside CI a missing browser, PostgreSQL or Redis skips the tests that need it
with a reason; in CI (CI=true) nothing may skip for want of a service, so the
same condition fails the test loudly instead.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def in_ci() -> bool:
    """Tell whether this run is CI, where every test must really run."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip the current test with `reason`, or fail it in CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI must run every test)", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """Tell whether something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def redis_url() -> str:
    """Return the Redis to test against (REDIS_URL, else the local default), or skip."""
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    parsed = urlparse(url)
    if not port_open(parsed.hostname or "127.0.0.1", parsed.port or 6379):
        unavailable(f"Redis is not reachable at {url}")
    return url


def require_chromium() -> str:
    """Return the path of Debian's chromium, or skip."""
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        unavailable("Debian's chromium is not installed (apt-get install chromium)")
    return CHROMIUM if os.path.exists(CHROMIUM) else str(shutil.which("chromium"))
