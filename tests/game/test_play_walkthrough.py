"""The play page as students in the Cuba 1962 scenario read it, on a phone or a laptop.

Each test is a problem a student met: a saved read that came back wrong, state codes
in sentences, clumsy wording, forms that disagreed with the rules, defaults that
looked like choices, a page that never said which state you play, a team never told
whose pick counted, and student text that nothing could wrap.
"""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from classroom.models import Student
from config.asgi import application
from game import lobby, panels, seating, services
from game.models import GameSession, Rating, Seat, SeatMember, World
from game.referee import Move, news_of, resolve_turn, seat_view
from game.templatetags.spiral import describe_move, public_sentence
from tests.factories import game_with_seats
from tests.game.test_play_and_dashboard_pages import as_student
from tests.game.test_play_socket import ORIGIN, browser_session_for
from tests.referee.helpers import NAMES as HELPER_NAMES
from tests.referee.helpers import make_world

pytestmark = pytest.mark.django_db
NAMES = {"USA": "United States", "USSR": "Soviet Union", "CUB": "Cuba", "TUR": "Turkey"}
CODES = re.compile(r"\b(USA|USSR|CUB|TUR)\b")


def cuba(humans: int = 2) -> tuple[GameSession, World, list[Seat], list[Student]]:
    """Start a Cuba 1962 game: the first `humans` states have a student (USA, USSR, ...)."""
    session, world, seats, students = game_with_seats(humans, scenario_key="cuba_1962")
    services.start_game(session)
    return session, world, seats, students


def page(student: Student, session: GameSession) -> str:
    return as_student(Client(), student).get(f"/play/{session.pk}/").content.decode()


def pick(seat: Seat, student: Student, turn: int, move: dict[str, str], move_id: str) -> None:
    services.submit_move(panels.seat(seat.pk), student, turn, move, move_id)


def section(html: str, panel_id: str) -> str:
    """Return the inside of the panel `panel_id`."""
    start = html.index(">", html.index(f'id="{panel_id}"')) + 1
    return html[start : html.index("</section>", start)]


def text_of(html: str) -> str:
    """Return what a reader sees of some HTML: its text, with spaces made single."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))).strip()


class _Selected(HTMLParser):
    """Collect, per rating form, the value each select shows as chosen."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self.target = ""
        self.select = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and found.get("name") == "target":
            self.target = found.get("value") or ""
            self.forms[self.target] = {}
        elif tag == "select":
            self.select = found.get("name") or ""
        elif tag == "option" and "selected" in found and self.target:
            self.forms[self.target][self.select] = found.get("value") or ""


def shown_reads(html: str) -> dict[str, dict[str, str]]:
    parser = _Selected()
    parser.feed(section(html, "others"))
    return parser.forms


# --- 1. a saved read comes back as saved ------------------------------------


def test_a_saved_read_comes_back_with_its_sureness_and_saving_again_keeps_it() -> None:
    session, _, seats, students = cuba()
    services.record_rating(panels.seat(seats[0].pk), students[0], 1, "USSR", -1, 1)
    html = page(students[0], session)
    shown = shown_reads(html)
    assert shown["USSR"] == {"friendliness": "-1", "confidence": "1"}  # Wary, Unsure
    assert shown["CUB"] == {"friendliness": "0", "confidence": "2"}  # nothing saved yet
    assert "Your read of the Soviet Union is saved." in text_of(section(html, "others"))
    # Pressing Save again sends what the form shows: the stored read does not change.
    services.record_rating(
        panels.seat(seats[0].pk),
        students[0],
        1,
        "USSR",
        int(shown["USSR"]["friendliness"]),
        int(shown["USSR"]["confidence"]),
    )
    rating = Rating.objects.get(student=students[0], target="USSR")
    assert (rating.friendliness, rating.confidence) == (-1, 1)


def test_the_saved_confirmation_lands_in_the_rated_states_own_form() -> None:
    session, _, _, students = cuba()
    html = section(page(students[0], session), "others")
    form = html[html.index('value="USSR"') :]
    form = form[: form.index("</form>")]
    assert 'id="rating-status-USSR"' in form and 'role="status"' in form
    ack = panels.rating_ack("USSR", NAMES)
    assert 'id="rating-status-USSR"' in ack and 'hx-swap-oob="true"' in ack
    assert text_of(ack) == "Your read of the Soviet Union is saved."
    assert text_of(panels.rating_ack("USSR")) == "Your read is saved."


@pytest.mark.django_db(transaction=True)
async def test_pressing_save_shows_saved_under_that_states_form() -> None:
    @database_sync_to_async
    def start() -> tuple[GameSession, str]:
        session, _, _, students = cuba()
        return session, browser_session_for(students[0])

    session, cookie = await start()
    socket = WebsocketCommunicator(
        application,
        f"/ws/play/{session.pk}/",
        headers=[ORIGIN, (b"cookie", f"sessionid={cookie}".encode())],
    )
    assert (await socket.connect())[0]
    first = await socket.receive_from(timeout=5)
    assert 'id="rating-status-USSR"' in first
    frame = {"frame": "rating", "turn": "1", "target": "USSR", "friendliness": "-1"}
    await socket.send_to(text_data=json.dumps({**frame, "confidence": "1"}))
    reply = await socket.receive_from(timeout=5)
    assert 'id="rating-status-USSR"' in reply and 'hx-swap-oob="true"' in reply
    assert text_of(reply) == "Your read of the Soviet Union is saved."
    await socket.disconnect()


# --- 2. states by name, never by code ----------------------------------------


@pytest.mark.parametrize(
    ("move", "said"),
    [
        ({"action": "ally", "op": "accept", "with": "USSR"}, "The Soviet Union has not offered"),
        ({"action": "ally", "op": "leave", "with": "CUB"}, "You are not allied with Cuba."),
        ({"action": "ally", "op": "propose", "with": "TUR"}, "You are already allied with Turkey."),
    ],
)
def test_a_refused_move_names_the_state(move: dict[str, str], said: str) -> None:
    _, _, seats, students = cuba()
    with pytest.raises(services.GameError) as refusal:
        pick(seats[0], students[0], 1, move, "m-1")
    assert said in str(refusal.value)
    assert not CODES.search(str(refusal.value))
    error = panels.error_fragment(str(refusal.value))
    assert said in text_of(error)


def test_the_lobby_names_the_students_state_as_a_sentence_reads_it() -> None:
    session, _, _, students = game_with_seats(1, scenario_key="cuba_1962")
    panel = lobby.student_panel(session.pk, students[0])
    assert 'You play <span class="state-title">the United States</span>' in panel


def test_a_finished_game_promises_no_arms_next_turn() -> None:
    session, _, seats, students = cuba()
    pick(seats[0], students[0], 1, {"action": "arm", "posture": "defensive", "size": "1"}, "a")
    assert "next turn)" in page(students[0], session)
    services.end_game(session)
    assert "next turn)" not in page(students[0], session)


def test_a_full_seat_is_named_in_the_teachers_notice() -> None:
    session, _, seats, students = game_with_seats(2, scenario_key="cuba_1962")
    session.seating, session.team_size = "teams", 1
    session.save()
    with pytest.raises(seating.SeatingError) as refusal:
        seating.move_student(session, students[1], seats[0])
    assert "United States in world A is full" in str(refusal.value)
    assert seating.state_name(session, "USSR") == "Soviet Union"


def test_no_sentence_on_the_play_page_shows_a_state_code() -> None:
    session, _, seats, students = cuba()
    pick(seats[0], students[0], 1, {"action": "signal", "kind": "pledge", "to": "all"}, "a")
    pick(seats[1], students[1], 1, {"action": "signal", "kind": "transparency", "to": "USA"}, "b")
    html = page(students[0], session)
    for panel in ("turn-bar", "news", "agreements", "action-panel", "move-status", "team"):
        assert not CODES.search(text_of(section(html, panel))), panel


# --- 3. natural English --------------------------------------------------------


def test_the_news_reads_as_english() -> None:
    session, _, seats, students = cuba()
    pick(seats[0], students[0], 1, {"action": "signal", "kind": "pledge", "to": "all"}, "a")
    pick(seats[1], students[1], 1, {"action": "signal", "kind": "transparency", "to": "USA"}, "b")
    news = text_of(section(page(students[0], session), "news"))
    assert "You saw the Soviet Union build no new arms. verified: its books are open to you" in news
    assert "You saw Cuba build no new arms." in news
    assert "The United States pledges not to build offensive arms for the next three turns." in news
    assert "The Soviet Union opens its books to the United States" in news
    assert "Crisis between the United States and the Soviet Union." in news
    for clumsy in ("build no arms", "against all", "arms verified", "→ all"):
        assert clumsy not in news
    agreements = text_of(section(page(students[1], session), "agreements"))
    assert "Pledge: the United States promised not to build offensive arms through turn 4" in (
        agreements
    )


@pytest.mark.parametrize(
    ("kind", "states", "text", "said"),
    [
        ("pledge_made", ("USA", "all"), "USA pledges not to arm against all",
         "The United States pledges not to build offensive arms for the next three turns."),
        ("pledge_made", ("USA", "CUB"), "USA pledges not to arm against CUB",
         "The United States pledges to Cuba not to build offensive arms for the next three turns."),
        ("pledge_broken", ("USSR", "all"), "USSR breaks its pledge to all",
         "The Soviet Union breaks its pledge not to build offensive arms."),
        ("pledge_broken", ("USSR", "TUR"), "USSR breaks its pledge to TUR",
         "The Soviet Union breaks its pledge to Turkey."),
        ("transparency_opened", ("CUB", "all"), "CUB opens its books to all",
         "Cuba opens its books to everyone for this turn and the next two."),
        ("pact_formed", ("USA", "TUR"), "USA and TUR form an alliance",
         "The United States and Turkey form an alliance."),
        ("pact_left", ("USSR", "CUB"), "USSR leaves its alliance with CUB",
         "The Soviet Union leaves its alliance with Cuba."),
        ("ally_offered", ("CUB", "USSR"), "CUB offers USSR an alliance",
         "Cuba offers the Soviet Union an alliance."),
        ("hotline_offered", ("USA", "USSR"), "USA offers USSR a hotline",
         "The United States offers the Soviet Union a hotline."),
        ("hotline_agreed", ("USA", "USSR"), "USA and USSR open a hotline",
         "The United States and the Soviet Union open a hotline."),
        ("arms_control_offered", ("USSR", "USA"), "USSR offers USA arms control",
         "The Soviet Union offers the United States an arms control treaty."),
        ("arms_control_agreed", ("USA", "USSR"), "USA and USSR sign an arms control treaty",
         "The United States and the Soviet Union sign an arms control treaty."),
        ("arms_control_broken", ("USA", "USSR"), "USA breaks its arms control treaty with USSR",
         "The United States breaks its arms control treaty with the Soviet Union."),
        ("crisis", ("USA", "USSR"), "Crisis between USA and USSR",
         "Crisis between the United States and the Soviet Union."),
        ("war", ("USA", "TUR", "USSR", "CUB"), "War: USA, TUR and USSR, CUB; USSR wins",
         "War: the United States and Turkey against the Soviet Union and Cuba. "
         "The Soviet Union wins."),
        ("war", ("CUB", "USA"), "War: CUB and USA; USA wins",
         "War: Cuba against the United States. The United States wins."),
        ("border_incident", ("USA", "CUB"), "USA and CUB clash at the border",
         "The United States and Cuba clash at the border."),
        ("election", ("USA",), "An election campaign in USA",
         "An election campaign in the United States."),
    ],
)  # fmt: skip
def test_every_kind_of_public_news_reads_as_a_sentence(
    kind: str, states: tuple[str, ...], text: str, said: str
) -> None:
    assert public_sentence(kind, states, text, NAMES) == said


def test_the_referees_own_war_news_reads_as_a_sentence() -> None:
    enemies = [{"from": "ALD", "to": "BRN", "value": 0}, {"from": "BRN", "to": "ALD", "value": 0}]
    world = make_world(
        ("ALD", "BRN", "COR"),
        params={"noise": 0, "offense_advantage": 2, "war_threshold": 0.3},
        stocks=(10, 2),
        trust=enemies,
        alliances=[["ALD", "COR"]],
    )
    result = resolve_turn(world, {})
    public = seat_view(result.world, "COR", [news_of(result.record)]).public
    said = [public_sentence(n.kind, n.states, n.text, HELPER_NAMES) for n in public]
    assert said[:2] == [
        "War: Aldoria and Corvia against Bernia. Bernia wins.",
        "Crisis between Aldoria and Bernia.",
    ]


@pytest.mark.parametrize(
    ("move", "described"),
    [
        (Move.ally("leave", "USSR"), "Ally: leave the alliance with the Soviet Union"),
        (Move.ally("propose", "CUB"), "Ally: propose an alliance to Cuba"),
        (Move.ally("accept", "TUR"), "Ally: accept the alliance Turkey offered"),
        (
            Move.signal("pledge"),
            "Signal: pledge not to build offensive arms for the next three turns",
        ),
        (Move.signal("pledge", "USSR"), "Signal: pledge to the Soviet Union not to build"),
        (Move.signal("reassure"), "Signal: reassure everyone"),
        (Move.signal("warn", "USA"), "Signal: warn the United States"),
        (Move.signal("transparency"), "Signal: open the books to everyone"),
        (Move.signal("hotline", "USSR"), "Signal: propose a hotline to the Soviet Union"),
        (Move.arm("offensive", 2, "CUB"), "Arm: build 2 offensive units, aimed at Cuba"),
        (Move.arm("defensive", 1), "Arm: build 1 defensive unit"),
    ],
)
def test_every_kind_of_move_is_described_in_plain_words(move: Move, described: str) -> None:
    assert describe_move(move, NAMES).startswith(described)


def test_the_locked_in_move_reads_as_english() -> None:
    session, _, seats, students = cuba()
    pick(seats[1], students[1], 1, {"action": "ally", "op": "leave", "with": "CUB"}, "m")
    status = text_of(section(page(students[1], session), "move-status"))
    assert "Move locked in: Ally: leave the alliance with Cuba." in status


# --- 4. the forms say what the rules say -------------------------------------


def test_the_action_forms_say_what_the_rules_say() -> None:
    session, _, _, students = cuba()
    panel = text_of(section(page(students[0], session), "action-panel"))
    # docs/rules.md: both units of a double build land next turn, at three units' cost.
    assert "Size (every build lands next turn)" in panel
    assert "1 unit (costs 1 wealth)" in panel
    assert "2 units (costs 3 wealth: three times one unit)" in panel
    # A pledge: no offensive builds for the next three turns.
    assert "Pledge: no offensive builds for the next three turns" in panel
    # Transparency: this turn and the next two.
    assert "Open your books (transparency: this turn and the next two)" in panel
    assert "Costly reassurance (scrap 1 unit of offense; with none, pay 3 wealth)" in panel
    for wrong in ("2 turns)", "against them", "as much; lands next turn"):
        assert wrong not in panel


# --- 5. defaults are marked in the live news -----------------------------------


def test_a_move_nobody_made_is_marked_default_in_the_news() -> None:
    session, _, seats, students = cuba()
    pick(seats[0], students[0], 1, {"action": "signal", "kind": "warn", "to": "all"}, "a")
    services.advance_now(session)  # the Soviet student never moved
    messages = section(page(students[0], session), "news")
    lines = [text_of(li) for li in messages.split("<li>")[1:]]
    ussr = next(line for line in lines if line.startswith("T1 Soviet Union"))
    usa = next(line for line in lines if line.startswith("T1 United States"))
    assert ussr == "T1 Soviet Union → everyone: reassurance (default)"
    assert usa == "T1 United States → everyone: warning"


# --- 6. which state you play, and your brief -----------------------------------


def test_the_turn_bar_says_which_state_you_play_and_the_brief_is_at_hand() -> None:
    session, _, _, students = cuba()
    html = page(students[1], session)
    bar = text_of(section(html, "turn-bar"))
    assert bar.startswith("You play the Soviet Union · Turn 1 of 4")
    assert "World A" in bar
    # The state's name comes before anything else on the page but the site's header.
    main = html[html.index('<main id="main"') :]
    assert main.index("You play <strong>the Soviet Union</strong>") < main.index(
        'id="action-panel"'
    )
    brief = html[html.index('<details class="card play-brief">') :]
    brief = brief[: brief.index("</details>")]
    assert "<summary>Your brief: Soviet Union</summary>" in brief
    assert "You are the Soviet Union, led by First Secretary Khrushchev." in brief


def test_the_pushed_turn_bar_names_each_seats_own_state() -> None:
    _, world, seats, students = cuba()
    pick(seats[0], students[0], 1, {"action": "arm", "posture": "defensive", "size": "1"}, "a")
    pick(seats[1], students[1], 1, {"action": "arm", "posture": "defensive", "size": "1"}, "b")
    _, pushed = panels.world_full_states(world.pk)
    bars = {seat_id: text_of(section(html or "", "turn-bar")) for seat_id, html in pushed}
    assert bars[seats[0].pk].startswith("You play the United States · Turn 2")
    assert bars[seats[1].pk].startswith("You play the Soviet Union · Turn 2")


def test_a_late_joiner_is_told_once_they_took_the_state_over_from_a_bot() -> None:
    session, _, _, students = cuba(humans=1)
    cleo = Student.objects.create(classroom=session.classroom, display_name="Cleo")
    member = seating.seat_student(session, cleo)
    assert member.seat.state_key == "USSR"
    panel = text_of(section(page(cleo, session), "action-panel"))
    assert "You have taken over the Soviet Union: a bot played it until you arrived." in panel
    assert "taken over" not in text_of(section(page(students[0], session), "action-panel"))
    services.advance_now(session)
    assert "taken over" not in text_of(section(page(cleo, session), "action-panel"))


# --- 7. a team is told whose pick its state played -----------------------------


def team_of_two() -> tuple[GameSession, World, Seat, Student, Student]:
    session, world, seats, students = cuba()
    ada = students[0]
    ada.display_name = "Ada"
    ada.save()
    cleo = Student.objects.create(classroom=session.classroom, display_name="Cleo")
    SeatMember.objects.create(session=session, seat=seats[0], student=cleo)
    return session, world, seats[0], ada, cleo


def test_a_team_is_told_whose_pick_its_state_played_and_whose_was_dropped() -> None:
    session, world, seat, ada, cleo = team_of_two()  # Ada captains the United States
    pick(seat, ada, 1, {"action": "arm", "posture": "offensive", "size": "1"}, "ada")
    pick(seat, cleo, 1, {"action": "signal", "kind": "hotline", "to": "USSR"}, "cleo")
    services.advance_now(session)
    said = (
        "Your team: your state played Ada's pick — Arm: build 1 offensive unit — because a "
        "tie goes to the captain's pick. Not played: Cleo's pick — Signal: propose a hotline "
        "to the Soviet Union."
    )
    for student in (ada, cleo):
        assert said in text_of(section(page(student, session), "news"))
    # What a turn's resolution pushes to the team says the same.
    _, pushed = panels.world_full_states(world.pk)
    assert said in text_of(section(dict(pushed)[seat.pk] or "", "news"))


def test_a_team_that_agrees_and_a_team_member_who_did_not_pick_are_told_so() -> None:
    session, _, seat, ada, _ = team_of_two()
    pick(seat, ada, 1, {"action": "signal", "kind": "reassure", "to": "all"}, "ada")
    services.advance_now(session)
    news = text_of(section(page(ada, session), "news"))
    assert (
        "Your team: your state played Ada's pick — Signal: reassure everyone — because it was "
        "the only pick. Cleo did not pick." in news
    )


def test_an_autocracy_team_is_told_its_captain_decided() -> None:
    session, _, seats, students = cuba()
    captain = students[1]  # the Soviet Union's first student captains it
    boris = Student.objects.create(classroom=session.classroom, display_name="Boris")
    SeatMember.objects.create(session=session, seat=seats[1], student=boris)
    pick(seats[1], boris, 1, {"action": "signal", "kind": "reassure", "to": "all"}, "b")
    pick(seats[1], captain, 1, {"action": "arm", "posture": "defensive", "size": "2"}, "c")
    services.advance_now(session)
    news = text_of(section(page(boris, session), "news"))
    assert (
        f"Your team: your state played {captain.display_name}'s pick — Arm: build 2 defensive "
        "units — because an autocracy plays its captain's pick. Not played: Boris's pick — "
        "Signal: reassure everyone." in news
    )


def test_a_lone_student_gets_no_team_line() -> None:
    session, _, seats, students = cuba()
    pick(seats[0], students[0], 1, {"action": "arm", "posture": "defensive", "size": "1"}, "a")
    services.advance_now(session)
    assert "Your team:" not in text_of(section(page(students[0], session), "news"))


# --- 8. student text can be wrapped -------------------------------------------


def test_every_piece_of_student_text_sits_in_a_user_text_element() -> None:
    session, _, seat, ada, cleo = team_of_two()
    ussr = Seat.objects.get(world=seat.world, state_key="USSR")
    soviet = ussr.members.get().student
    word, reason = "W" * 280, "R" * 280
    arm = {"action": "arm", "posture": "defensive", "size": "1"}
    pick(seat, ada, 1, {**arm, "reason": reason}, "a")
    pick(seat, cleo, 1, arm, "c")
    pick(ussr, soviet, 1, {"action": "signal", "kind": "warn", "to": "all", "text": word}, "s")
    services.end_game(session)
    services.reveal_intents(session)
    html = page(cleo, session)
    # The stylesheet wraps `.user-text` anywhere: messages, reasons and names.
    assert f'“<span class="user-text">{word}</span>”' in section(html, "news")
    assert f'“<span class="user-text">{reason}</span>”' in section(html, "reveal")
    assert '<span class="user-text">Ada</span>' in section(html, "team")
    assert '<span class="user-text">Cleo</span>' in section(html, "team")
    assert '<strong class="user-text">Cleo</strong>' in html  # "Playing as Cleo"
