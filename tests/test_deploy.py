"""The deployment files work as docs/deploy.md says: processes, proxy, static files."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import websockets
from django.core.management import get_commands, load_command_class

from tests.support.server import server_log_path, spiral_server

ROOT = Path(__file__).resolve().parents[1]
PROCFILE = ROOT / "Procfile"
NGINX = ROOT / "config" / "deploy" / "nginx.conf"
ENV_EXAMPLE = ROOT / "config" / "deploy" / "spiral.env.example"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-test-only-secret-key-that-is-long-enough-for-django-checks",
    "SECURE_SSL_REDIRECT": "0",
}


def procfile() -> dict[str, list[str]]:
    """Return each Procfile process's command, with ${VAR:-default} at its default."""
    processes = {}
    for line in PROCFILE.read_text().splitlines():
        name, _, command = line.partition(":")
        expanded = re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: m.group(2), command)
        processes[name.strip()] = shlex.split(expanded)
    return processes


def test_the_procfile_starts_every_process_with_real_commands() -> None:
    processes = procfile()
    assert set(processes) == {"web", "resolver", "clock"}
    known = get_commands()
    for name, argv in processes.items():
        assert argv[:2] == ["python", "manage.py"], name
        command = argv[2]
        assert command in known, f"{name}: no manage.py command {command!r}"
        parser = load_command_class(known[command], command).create_parser("manage.py", command)
        parser.parse_args(argv[3:])  # exits (failing the test) on an unknown option
    assert "--no-clock" in processes["web"]
    assert processes["clock"][2] == "clock"
    assert processes["resolver"][2:] == ["runworker", "spiral-resolve"]


def test_the_procfile_reads_port_and_workers_from_the_environment() -> None:
    text = PROCFILE.read_text()
    assert "${PORT:-8000}" in text
    assert "${WEB_WORKERS:-2}" in text


def test_the_nginx_example_upgrades_websockets_and_serves_static_files() -> None:
    conf = NGINX.read_text()
    sockets = conf[conf.index("location /ws/") :]
    sockets = sockets[: sockets.index("}")]
    assert "proxy_http_version 1.1;" in sockets
    assert "proxy_set_header Upgrade $http_upgrade;" in sockets
    assert "proxy_set_header Connection $connection_upgrade;" in sockets
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in sockets
    assert "location /static/" in conf
    assert "location = /healthz" in conf
    assert conf.count("{") == conf.count("}")


def test_the_example_environment_names_every_secret_and_no_real_one() -> None:
    env = dict(
        line.split("=", 1)
        for line in ENV_EXAMPLE.read_text().splitlines()
        if line and not line.startswith("#")
    )
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DEBUG"):
        assert name in env
    assert env["DEBUG"] == "0"
    assert env["TURN_RESOLVER"] == "process"  # the Procfile runs a resolver
    assert "change-me" in env["SECRET_KEY"]


def collectstatic(static_root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **PRODUCTION, "STATIC_ROOT": str(static_root)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_collected_static_files_are_served_hashed_and_compressed_with_debug_off(
    tmp_path: Path,
) -> None:
    result = collectstatic(tmp_path)
    assert result.returncode == 0, result.stderr
    hashed = sorted(tmp_path.glob("css/spiral.*.css"))
    assert hashed, "collectstatic wrote no hashed stylesheet"
    assert hashed[0].with_name(hashed[0].name + ".gz").exists()
    assert (tmp_path / "staticfiles.json").exists()
    with spiral_server({**PRODUCTION, "STATIC_ROOT": str(tmp_path)}) as url:
        request = urllib.request.Request(
            f"{url}/static/css/{hashed[0].name}", headers={"Accept-Encoding": "gzip"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            assert response.headers["Content-Encoding"] == "gzip"
            assert "max-age" in response.headers["Cache-Control"]
        # /favicon.ico leads to the logo under its hashed name.
        with urllib.request.urlopen(f"{url}/favicon.ico", timeout=10) as response:
            assert response.status == 200
            assert re.search(r"/static/img/spiral\.[0-9a-f]+\.svg$", response.url)


@pytest.mark.django_db(transaction=True)
def test_static_files_are_served_with_nothing_in_the_server_log() -> None:
    with (
        spiral_server(clock=False) as url,
        urllib.request.urlopen(f"{url}/static/css/spiral.css", timeout=10) as response,
    ):
        assert response.status == 200
        served = response.read()
    assert served == (ROOT / "static" / "css" / "spiral.css").read_bytes()
    log = server_log_path(url).read_text()
    assert "Warning" not in log, log


async def websocket_extensions(url: str) -> str | None:
    """Open a websocket as a browser does (offering per-message deflate); return what was agreed."""
    async with websockets.connect(
        url.replace("http", "ws") + "/ws/echo/extensions/", additional_headers={"Origin": url}
    ) as socket:
        await socket.send("hello")
        assert await socket.recv() == "hello"
        return socket.response.headers.get("Sec-WebSocket-Extensions")


@pytest.mark.django_db(transaction=True)
def test_websocket_messages_are_compressed_only_when_the_environment_asks() -> None:
    with spiral_server(clock=False) as url:
        assert asyncio.run(websocket_extensions(url)) is None
    with spiral_server({"WEBSOCKET_COMPRESSION": "1"}, clock=False) as url:
        assert "permessage-deflate" in (asyncio.run(websocket_extensions(url)) or "")
