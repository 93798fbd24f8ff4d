"""The play page's websocket: frames in, a seat's own panels out, bad frames refused."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore

from classroom.access import STUDENTS_KEY
from classroom.models import Student
from config.asgi import application
from game import services, workers
from game.models import GameSession, Move, TurnStatus
from tests.factories import game_with_seats

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1:8000")


def browser_session_for(student: Student) -> str:
    store = SessionStore()
    store[STUDENTS_KEY] = {str(student.classroom_id): student.pk}
    store.create()
    return store.session_key or ""


@database_sync_to_async
def started_game(humans: int = 2) -> tuple[GameSession, list[str], list[str], list[Student]]:
    session, _world, seats, students = game_with_seats(humans)
    services.start_game(session)
    cookies = [browser_session_for(s) for s in students]
    return session, cookies, [s.state_key for s in seats], students


async def connect(session_id: int, cookie: str | None) -> WebsocketCommunicator:
    headers = [ORIGIN]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/play/{session_id}/", headers=headers)


async def received_until(socket: WebsocketCommunicator, text: str, frames: int = 10) -> str:
    """Return everything the socket received up to the first frame holding `text`."""
    seen = ""
    for _ in range(frames):
        seen += await socket.receive_from(timeout=5)
        if text in seen:
            return seen
    raise AssertionError(f"{text!r} never arrived in {frames} frames")


async def test_a_seated_student_gets_their_full_state_on_connect() -> None:
    session, cookies, _keys, _ = await started_game()
    socket = await connect(session.pk, cookies[0])
    assert (await socket.connect())[0]
    html = await socket.receive_from(timeout=5)
    for panel in ("turn-bar", "own-state", "others", "action-panel", "moved-strip", "news"):
        assert f'id="{panel}"' in html
    assert 'hx-swap-oob="true"' in html
    assert "Turn 1 of" in html
    await socket.disconnect()


async def test_a_browser_without_a_seat_is_refused() -> None:
    session, _, _, _ = await started_game()
    socket = await connect(session.pk, None)
    connected, code = await socket.connect()
    assert not connected
    assert code == 4403


async def test_a_move_is_acknowledged_at_once_and_counts_once_when_resent() -> None:
    session, cookies, _keys, _ = await started_game(humans=3)
    socket = await connect(session.pk, cookies[0])
    await socket.connect()
    await socket.receive_from(timeout=5)
    frame = {
        "frame": "move",
        "turn": "1",
        "move_id": "abc-1",
        "action": "arm",
        "posture": "defensive",
        "size": "1",
        "HEADERS": {"HX-Request": "true"},
    }
    await socket.send_to(text_data=json.dumps(frame))
    reply = await socket.receive_from(timeout=5)
    assert "Move locked in" in reply
    assert 'data-move-id="abc-1"' in reply
    await socket.send_to(text_data=json.dumps(frame))
    assert "Move locked in" in await socket.receive_from(timeout=5)
    assert await database_sync_to_async(Move.objects.count)() == 1
    await socket.disconnect()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"frame": "dance"}', "Unknown frame"),
        (
            '{"frame": "move", "turn": "1", "move_id": "x", "action": "arm", "colour": "red"}',
            "Unknown field",
        ),
        ('{"frame": "move", "turn": "1", "action": "arm"}', "move_id"),
        (
            '{"frame": "move", "turn": "7", "move_id": "x", "action": "arm", '
            '"posture": "defensive", "size": "1"}',
            "for turn 7",
        ),
        (
            '{"frame": "move", "turn": "1", "move_id": "x", "action": "ally", '
            '"op": "accept", "with": "OTHER"}',
            "has not offered you",
        ),
        (
            '{"frame": "move", "turn": "1", "move_id": "y", "action": "arm", '
            '"posture": "sideways", "size": "1"}',
            "Posture must be one of",
        ),
        ("x" * 5000, "too large"),
    ],
)
async def test_a_bad_frame_gets_a_clear_error_and_the_socket_stays_open(
    text: str, message: str
) -> None:
    session, cookies, keys, _ = await started_game()
    text = text.replace("OTHER", keys[1])
    socket = await connect(session.pk, cookies[0])
    await socket.connect()
    await socket.receive_from(timeout=5)
    await socket.send_to(text_data=text)
    reply = await socket.receive_from(timeout=5)
    assert 'data-frame="error"' in reply
    assert message in reply
    assert await database_sync_to_async(Move.objects.count)() == 0
    await socket.send_to(text_data='{"frame": "ping"}')
    assert 'data-frame="pong"' in await socket.receive_from(timeout=5)
    await socket.disconnect()


async def test_a_flood_of_frames_is_refused_without_closing_the_socket() -> None:
    session, cookies, _, _ = await started_game()
    socket = await connect(session.pk, cookies[0])
    await socket.connect()
    await socket.receive_from(timeout=5)
    replies = []
    for _ in range(40):
        await socket.send_to(text_data='{"frame": "ping"}')
        replies.append(await socket.receive_from(timeout=5))
    assert any("Too many messages" in r for r in replies)
    await socket.disconnect()


async def test_message_text_is_escaped_for_every_reader() -> None:
    session, cookies, _keys, _ = await started_game()
    alice, bob = await connect(session.pk, cookies[0]), await connect(session.pk, cookies[1])
    await alice.connect()
    await bob.connect()
    await alice.receive_from(timeout=5)
    await bob.receive_from(timeout=5)
    frame = {
        "frame": "move",
        "turn": "1",
        "move_id": "sig-1",
        "action": "signal",
        "to": "all",
        "kind": "reassure",
        "text": "<script>alert('x')</script>",
    }
    await alice.send_to(text_data=json.dumps(frame))
    await bob.send_to(text_data=json.dumps({**frame, "move_id": "sig-2", "text": "peace"}))
    seen = ""
    for _ in range(12):
        try:
            seen += await bob.receive_from(timeout=3)
        except TimeoutError:
            break
        if "&lt;script&gt;" in seen:
            break
    assert "<script>alert" not in seen
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in seen
    await alice.disconnect()
    await bob.disconnect()


async def test_no_frame_to_one_seat_holds_another_seats_private_fields() -> None:
    session, cookies, keys, _ = await started_game()

    @database_sync_to_async
    def give_everyone_a_secret() -> None:
        world = session.worlds.get()
        for country in world.state["countries"]:
            country["objective"] = f"SECRET-PLAN-OF-{country['key']}"
            country["wealth"] = 1234.5 if country["key"] != keys[0] else 99.0
        world.save()

    await give_everyone_a_secret()
    alice = await connect(session.pk, cookies[0])
    await alice.connect()
    html = await alice.receive_from(timeout=5)
    assert f"SECRET-PLAN-OF-{keys[0]}" in html
    for other in keys[1:]:
        assert f"SECRET-PLAN-OF-{other}" not in html
    assert "1234.5" not in html
    await alice.disconnect()


async def test_everyone_sees_the_turn_resolve_when_the_last_seat_moves() -> None:
    session, cookies, _keys, _ = await started_game(humans=2)
    alice, bob = await connect(session.pk, cookies[0]), await connect(session.pk, cookies[1])
    await alice.connect()
    await bob.connect()
    await alice.receive_from(timeout=5)
    await bob.receive_from(timeout=5)
    base = {"frame": "move", "turn": "1", "action": "arm", "posture": "defensive", "size": "1"}
    await alice.send_to(text_data=json.dumps({**base, "move_id": "a1"}))
    await bob.send_to(text_data=json.dumps({**base, "move_id": "b1"}))
    for socket in (alice, bob):
        assert "What happened in turn 1" in await received_until(socket, "Turn 2 of")
    turns = await database_sync_to_async(
        lambda: list(session.worlds.get().turns.values_list("number", "status"))
    )()
    assert sorted(turns) == [(1, TurnStatus.RESOLVED), (2, TurnStatus.OPEN)]
    await alice.disconnect()
    await bob.disconnect()


@pytest.mark.parametrize("move_id", ["m0", "m0-picked-again"])
async def test_a_turn_left_unresolved_by_a_crash_resolves_when_a_move_is_sent_again(
    move_id: str,
) -> None:
    """Every move is in but no server resolved the turn: the next move sent finishes it.

    The same move id is what a browser's queued re-send after a reconnect carries; a
    new one is the student locking in a pick again.
    """
    session, cookies, _keys, students = await started_game(humans=2)
    base = {"action": "arm", "posture": "defensive", "size": "1"}

    @database_sync_to_async
    def both_moved_then_the_server_died() -> None:
        world = session.worlds.get()
        for n, student in enumerate(students):
            seat = world.seats.get(members__student=student)
            services.submit_move(seat, student, 1, base, f"m{n}", resolve=False)

    await both_moved_then_the_server_died()
    alice = await connect(session.pk, cookies[0])
    await alice.connect()
    assert "Turn 1 of" in await alice.receive_from(timeout=5)
    await alice.send_to(
        text_data=json.dumps({"frame": "move", "turn": "1", "move_id": move_id, **base})
    )
    assert "What happened in turn 1" in await received_until(alice, "Turn 2 of")
    await alice.disconnect()


async def test_a_class_wide_notice_gives_each_socket_its_own_seat_rendered_once_per_world(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from game import panels
    from game.consumers import play

    session, cookies, keys, _ = await started_game(humans=2)

    @database_sync_to_async
    def give_everyone_a_secret() -> None:
        world = session.worlds.get()
        for country in world.state["countries"]:
            country["objective"] = f"SECRET-PLAN-OF-{country['key']}"
        world.save()

    await give_everyone_a_secret()
    alice, bob = await connect(session.pk, cookies[0]), await connect(session.pk, cookies[1])
    for socket in (alice, bob):
        await socket.connect()
        await socket.receive_from(timeout=5)
    renders = []
    render = panels.world_full_states
    monkeypatch.setattr(panels, "world_full_states", lambda *a: renders.append(a) or render(*a))
    await database_sync_to_async(services.pause_game)(session)
    for socket, mine in ((alice, keys[0]), (bob, keys[1])):
        html = await socket.receive_from(timeout=5)
        assert "Paused by your teacher" in html
        assert f"SECRET-PLAN-OF-{mine}" in html
        assert [k for k in keys if f"SECRET-PLAN-OF-{k}" in html] == [mine]
    assert len(renders) == 1
    assert not play._shared or all(key[0] == renders[0][0] for key in play._shared)
    await alice.disconnect()
    await bob.disconnect()


async def two_students_with_a_frame_held(
    held: threading.Event,
) -> tuple[GameSession, WebsocketCommunicator, WebsocketCommunicator, asyncio.Future[bool]]:
    """Connect two students of a new game, and hold a frame in flight until `held` is set."""
    session, cookies, _keys, _ = await started_game(humans=2)
    alice, bob = await connect(session.pk, cookies[0]), await connect(session.pk, cookies[1])
    for socket in (alice, bob):
        await socket.connect()
        await socket.receive_from(timeout=5)
    frame_in_flight = asyncio.ensure_future(workers.on_a_worker(held.wait)(30))
    await asyncio.sleep(0)
    return session, alice, bob, frame_in_flight


async def both_move(alice: WebsocketCommunicator, bob: WebsocketCommunicator) -> None:
    base = {"frame": "move", "turn": "1", "action": "arm", "posture": "defensive", "size": "1"}
    await alice.send_to(text_data=json.dumps({**base, "move_id": "a1"}))
    await bob.send_to(text_data=json.dumps({**base, "move_id": "b1"}))


async def test_a_completed_turn_waits_for_the_frames_in_flight_then_reaches_everyone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Acks first: a resolution on this process waits while a student's frame is handled.

    One server process resolves on its own thread, and the interpreter runs one thread
    at a time; the turn waits for the frame (here one held on a worker thread) and
    then reaches both students all the same.
    """
    monkeypatch.setattr(workers, "FRAMES_FIRST_SECONDS", 30.0)
    held = threading.Event()
    session, alice, bob, frame_in_flight = await two_students_with_a_frame_held(held)
    assert workers.frames_in_flight() == 1
    await both_move(alice, bob)
    assert "Move locked in" in await received_until(bob, "Move locked in")
    await asyncio.sleep(0.3)
    open_turn = await database_sync_to_async(
        lambda: session.worlds.get().turns.get(number=1).status
    )()
    assert open_turn == TurnStatus.OPEN
    held.set()
    assert await frame_in_flight
    for socket in (alice, bob):
        assert "What happened in turn 1" in await received_until(socket, "Turn 2 of")
    assert workers.frames_in_flight() == 0
    await alice.disconnect()
    await bob.disconnect()


async def test_a_frame_that_never_finishes_holds_a_turn_back_only_briefly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A class that never pauses still sees its turns: the wait for quiet is bounded."""
    monkeypatch.setattr(workers, "FRAMES_FIRST_SECONDS", 0.05)
    held = threading.Event()
    _session, alice, bob, frame_in_flight = await two_students_with_a_frame_held(held)
    await both_move(alice, bob)
    for socket in (alice, bob):
        assert "What happened in turn 1" in await received_until(socket, "Turn 2 of")
    assert workers.frames_in_flight() == 1
    held.set()
    assert await frame_in_flight
    await alice.disconnect()
    await bob.disconnect()
