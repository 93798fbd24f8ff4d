"""Real Spiral server processes for browser and multi-process tests.

The server runs as `manage.py serve` in a child process, on the test database,
exactly as `make run` starts it, so browser tests see what users see.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """Ask the OS for a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_database_url() -> str:
    """Return a DATABASE_URL naming the database the tests are using right now."""
    db = connections["default"].settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextlib.contextmanager
def spiral_server(
    extra_env: dict[str, str] | None = None, *, clock: bool = True, args: tuple[str, ...] = ()
) -> Iterator[str]:
    """Start a Spiral server on the test database and yield its base URL.

    `clock=False` leaves out the deadline runner: a server that outlives one test
    must not resolve the turns other tests set up on the same database. `args` go
    to `manage.py serve` (`--resolvers 1`, say).
    """
    port = free_port()
    # The test process relaxes Django's async safety for Playwright; a server must not.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        **serve_env(),
        # The tests' own key: sessions they sign (a student's, a teacher's) must hold there.
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": test_database_url(),
        "SPIRAL_VAR_DIR": str(settings.VAR_DIR),
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    _collect_static(env)
    log = open(server_log_path(url_of(port)), "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)]
        + ([] if clock else ["--no-clock"])
        + list(args),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = url_of(port)
    try:
        _wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def serve_env() -> dict[str, str]:
    """Return the settings `make run` serves with (config/serve.env)."""
    lines = (ROOT / "config" / "serve.env").read_text().splitlines()
    pairs = (line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))
    return {name.strip(): value.strip() for name, value in pairs}


_collected: set[str] = set()


def _collect_static(env: dict[str, str]) -> None:
    """Collect the static files once per test run, as `make run` does before serving."""
    if env["SPIRAL_VAR_DIR"] in _collected:
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    _collected.add(env["SPIRAL_VAR_DIR"])


def url_of(port: int) -> str:
    """Return the base URL of a test server on a loopback port."""
    return f"http://127.0.0.1:{port}"


def server_log_path(url: str) -> Path:
    """Return where the test server at `url` writes its log (kept after it stops)."""
    port = url.rsplit(":", 1)[1]
    return Path(settings.VAR_DIR) / f"test-server-{port}.log"


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server at {url} exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not become healthy within {timeout} s")
