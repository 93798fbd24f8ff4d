"""What a load run is asked to do, checked before anything is created."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from game.referee import ScenarioError, load_scenario, scenario_keys

MAX_STUDENTS = 20_000
MAX_TURNS = 50
MAX_THINK_SECONDS = 600.0


class BadOption(ValueError):
    """An option the harness cannot run with; the message says which and why."""


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """One load run: where, how many students, in worlds of what size, for how long."""

    urls: tuple[str, ...]
    students: int
    world_size: int
    turns: int
    think: tuple[float, float]
    scenario: str
    seed: int = 1
    connect_concurrency: int = 25
    # Seconds a bot waits for an answer (an ack, or the next turn once its world has moved).
    patience: float = 60.0

    @property
    def worlds(self) -> int:
        """Return how many worlds the students fill (the last one may have bots in it)."""
        return -(-self.students // self.world_size)


def parse_url(text: str) -> str:
    """Return a server's base URL (http or https, host, port), or raise BadOption."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadOption(f"--url must look like http://127.0.0.1:8000, not {text!r}")
    try:
        port = parts.port
    except ValueError:
        raise BadOption(f"--url has a bad port: {text!r}") from None
    if parts.path not in ("", "/") or parts.query:
        raise BadOption(f"--url takes the server's address only, without a path: {text!r}")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def url_port(url: str) -> int:
    """Return the TCP port a base URL names (80 or 443 when it names none)."""
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def parse_think(text: str) -> tuple[float, float]:
    """Return (low, high) seconds from "2-8" (or "3" for exactly 3), or raise BadOption."""
    low_text, _, high_text = text.strip().partition("-")
    try:
        low = float(low_text)
        high = float(high_text) if high_text else low
    except ValueError:
        raise BadOption(f"--think takes seconds as LOW-HIGH, e.g. 2-8, not {text!r}") from None
    if not 0 <= low <= high <= MAX_THINK_SECONDS:
        raise BadOption(
            f"--think needs 0 <= LOW <= HIGH <= {MAX_THINK_SECONDS:g} seconds, not {text!r}"
        )
    return low, high


def whole(flag: str, text: str | int, low: int, high: int) -> int:
    """Return a whole number within [low, high], or raise BadOption naming the flag."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        raise BadOption(f"{flag} takes a whole number, not {text!r}") from None
    if not low <= value <= high:
        raise BadOption(f"{flag} must be between {low} and {high}, not {value}")
    return value


def pick_scenario(world_size: int, key: str | None = None) -> str:
    """Return a scenario with at least `world_size` states: `key`, or the first that fits.

    A scenario with exactly that many states is preferred, so every seat has a student.
    """
    if key:
        try:
            scenario = load_scenario(key)
        except ScenarioError as exc:
            raise BadOption(f"--scenario: {exc}") from None
        if len(scenario.states) < world_size:
            raise BadOption(
                f"--scenario {key} has {len(scenario.states)} states, "
                f"fewer than --world-size {world_size}"
            )
        return key
    sizes = {k: len(load_scenario(k).states) for k in scenario_keys()}
    exact = [k for k, n in sizes.items() if n == world_size]
    larger = [k for k, n in sizes.items() if n > world_size]
    if not exact and not larger:
        raise BadOption(
            f"--world-size {world_size} is larger than every scenario "
            f"(the largest has {max(sizes.values())} states)"
        )
    return (exact or larger)[0]


def largest_world() -> int:
    """Return the most states any scenario has (the largest possible --world-size)."""
    return max(len(load_scenario(k).states) for k in scenario_keys())
