"""The teacher's debrief tells what the log says: every figure recomputed from the log."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from game import services
from game.debrief.log import load_log
from game.debrief.report import build_report
from game.models import GameSession, Turn, World
from game.referee import (
    TurnRecord,
    WorldState,
    price_of_anarchy,
    replay_without_noise,
    wasted_arms,
)
from tests import factories

pytestmark = pytest.mark.django_db


def log_of(world: World) -> tuple[WorldState, list[TurnRecord]]:
    """Read a world's log straight from its rows, as a researcher would."""
    records = [
        TurnRecord.from_dict(t.record)
        for t in Turn.objects.filter(world=world, record__isnull=False).order_by("number")
    ]
    return WorldState.from_dict(world.initial_state), records


def page(client: Client, session: GameSession) -> str:
    client.force_login(session.classroom.teacher)
    response = client.get(f"/games/{session.pk}/debrief/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, label: str) -> str:
    start = html.index(f'id="world-{label}"')
    end = html.find('<section id="world-', start + 1)
    return html[start : end if end != -1 else len(html)]


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found, f"no {name} figure"
    return unescape(found.group(1)).strip()


def test_the_headline_figures_equal_those_counted_from_the_log(
    client: Client, spiral_game: GameSession
) -> None:
    world = spiral_game.worlds.get()
    initial, records = log_of(world)
    html = section(page(client, spiral_game), world.label)
    tensions = [t.tension for r in records for t in r.tensions]
    spirals = {(s.a, s.b, s.since) for r in records for s in r.spirals}
    assert figure(html, "wars") == str(sum(len(r.wars) for r in records))
    assert figure(html, "crises") == str(sum(len(r.crises) for r in records))
    assert figure(html, "spirals") == str(len(spirals))
    assert figure(html, "misreads") == str(sum(r.misreads for r in records))
    assert figure(html, "mean-tension") == f"{sum(tensions) / len(tensions):.2f}"
    assert figure(html, "world-score") == f"{records[-1].world_score:.2f}"
    assert figure(html, "price-of-anarchy") == f"{round(price_of_anarchy(initial, records) * 100)}%"
    assert float(figure(html, "wasted-arms")) == pytest.approx(wasted_arms(records), abs=0.01)


def test_every_misread_in_the_log_appears_in_the_ledger(
    client: Client, spiral_game: GameSession
) -> None:
    world = spiral_game.worlds.get()
    _, records = log_of(world)
    misread = {(r.turn, o.of, o.observer) for r in records for o in r.observations if o.misread}
    assert misread, "the fixture promises misreads"
    report = build_report(load_log(spiral_game), compute_estimates=False)
    listed = {
        (e.turn, e.state, r.observer)
        for e in report.worlds[0].ledger
        for r in e.readings
        if r.misread
    }
    assert listed == misread
    html = section(page(client, spiral_game), world.label)
    rows = re.findall(r'data-turn="(\d+)" data-state="([A-Z]+)" data-misreads="(\d+)"', html)
    counted = {(int(t), s): int(n) for t, s, n in rows}
    for turn, state, _ in misread:
        assert counted[turn, state] >= 1
    assert sum(counted.values()) == len(misread)
    assert html.count("✗") >= len(misread)


def test_every_arm_in_the_log_is_in_the_ledger_with_its_stated_aim(
    spiral_game: GameSession,
) -> None:
    _, records = log_of(spiral_game.worlds.get())
    builds = {
        (r.turn, e.seat, e.move.aimed_at) for r in records for e in r.moves if e.move.is_build
    }
    report = build_report(load_log(spiral_game), compute_estimates=False)
    ledger = {(e.turn, e.state, e.aimed_at) for e in report.worlds[0].ledger if e.action == "arm"}
    assert ledger == builds


def test_a_spiral_in_the_log_is_told_as_a_chain_of_sentences(
    client: Client, spiral_game: GameSession
) -> None:
    world = spiral_game.worlds.get()
    _, records = log_of(world)
    last = {}
    for r in records:
        for s in r.spirals:
            last[s.a, s.b, s.since] = s
    names = {c.key: c.name for c in records[0].countries}
    html = unescape(section(page(client, spiral_game), world.label))
    for (a, b, _), spiral in last.items():
        block = re.search(rf'<div class="story" data-spiral="{a}-{b}">(.*?)</div>', html, re.S)
        assert block, f"the spiral of {a} and {b} is not told"
        story = block.group(1)
        assert f"{names[a]} and {names[b]}" in story
        first, final = spiral.links[0].turn, spiral.links[-1].turn
        assert re.search(rf"Turns? {first}\b", story)
        assert f"{final}" in story
        assert ("tragic</span>" in story) == spiral.tragic
        assert ("misperception-fed</span>" in story) == spiral.misperception_fed
        assert story.count("<li>") >= 1


def test_the_counterfactual_is_the_referees_replay_without_noise(
    client: Client, spiral_game: GameSession
) -> None:
    world = spiral_game.worlds.get()
    initial, records = log_of(world)
    clean = replay_without_noise(initial, records)
    html = section(page(client, spiral_game), world.label)
    assert figure(html, "replay-wars") == str(sum(len(r.wars) for r in clean))
    tensions = [sum(t.tension for t in r.tensions) / len(r.tensions) for r in clean]
    assert figure(html, "replay-tension") == f"{sum(tensions) / len(tensions):.2f}"


def test_the_charts_are_accessible_svg(client: Client, spiral_game: GameSession) -> None:
    html = page(client, spiral_game)
    charts = re.findall(r"<svg [^>]*>", html)
    assert len(charts) >= 8
    for tag in charts:
        assert 'role="img"' in tag and "aria-labelledby" in tag
    assert html.count("<title id=") == len(charts)
    assert html.count("<desc id=") == len(charts)


def test_worlds_of_an_experiment_are_compared_and_the_difference_stated(
    client: Client, experiment_game: GameSession
) -> None:
    html = unescape(page(client, experiment_game))
    compared = html[html.index('id="worlds-compared"') :]
    assert "Offense dominant, arms look alike" in compared
    assert "Defence dominant, arms told apart" in compared
    report = build_report(load_log(experiment_game), compute_estimates=False)
    hot, calm = sorted(report.worlds, key=lambda w: -w.summary.mean_tension)
    assert f"{hot.summary.mean_tension:.2f}" in compared
    assert f"{calm.summary.mean_tension:.2f}" in compared
    assert 'id="compare-tension"' in compared


def test_there_are_six_to_eight_questions_written_from_this_game(
    spiral_game: GameSession,
) -> None:
    report = build_report(load_log(spiral_game), compute_estimates=False)
    names = [c.name for c in report.worlds[0].log.records[0].countries]
    assert 6 <= len(report.questions) <= 8
    assert len(set(report.questions)) == len(report.questions)
    # Written from this game: each names a state or carries one of its figures.
    for question in report.questions:
        assert any(n in question for n in names) or re.search(r"\d", question), question


def test_concept_cards_cover_the_scenario_and_tie_to_the_game(spiral_game: GameSession) -> None:
    report = build_report(load_log(spiral_game), compute_estimates=False)
    keys = {c.key for c in report.concepts}
    assert set(report.game.scenario.concepts) <= keys
    security = next(c for c in report.concepts if c.key == "security_dilemma")
    assert security.here


def test_the_same_log_gives_the_same_report(client: Client, spiral_game: GameSession) -> None:
    first = page(client, spiral_game)
    second = page(client, spiral_game)
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')
    assert strip.sub("", first) == strip.sub("", second)


def test_a_model_estimate_is_labelled_and_loads_after_the_page(
    client: Client, spiral_game: GameSession
) -> None:
    world = spiral_game.worlds.get()
    html = page(client, spiral_game)
    url = f"/games/{spiral_game.pk}/debrief/worlds/{world.pk}/estimate/"
    assert f'hx-get="{url}"' in html or "model estimate" in html
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "model estimate" in fragment and "Noise off" in fragment
    assert "<svg" in fragment
    # Once computed, the page includes it at once, in the same wrapper as the fragment.
    again = page(client, spiral_game)
    assert "Noise off" in again
    assert f'data-estimate-world="{world.label}"' in fragment
    assert f'data-estimate-world="{world.label}"' in again


# --- the walkthrough of a Cuba 1962 class -----------------------------------


def allied_turns(initial: WorldState, records: list[TurnRecord]) -> set[tuple[int, frozenset]]:
    """Return (turn, pair) for every turn a pact bound the pair, from the log alone."""
    allied = {frozenset((p.a, p.b)) for p in initial.pacts}
    found = set()
    for r in records:
        for d in r.diplomacy:
            if d.kind == "pact_formed":
                allied.add(frozenset((d.a, d.b)))
            elif d.kind == "pact_left":
                allied.discard(frozenset((d.a, d.b)))
        found.update((r.turn, pair) for pair in allied)
    return found


def test_calibration_shows_how_sure_a_player_was_when_right_and_when_wrong(
    client: Client,
) -> None:
    from game.models import Rating, SeatMember
    from tests import factories
    from tests.debrief.helpers import new_session, play_students, seat_students

    session = new_session(factories.classroom(), turns=2, seed=3, bot="tit_for_tat")
    student = seat_students(session, 1)[0]
    play_students(session, ratings=False)
    seat = SeatMember.objects.get(student=student).seat
    others = [k for k in seat.world.seats.values_list("state_key", flat=True) if k != seat]
    others.remove(seat.state_key)
    turns = {t.number: t for t in seat.world.turns.all()}
    # All the tutorial's states are security seekers: hostile is wrong, friendly right.
    for turn, target, friendliness, sure in (
        (1, others[0], -2, 3),
        (2, others[0], -1, 1),
        (1, others[1], 2, 3),
        (2, others[1], 1, 2),
    ):
        Rating.objects.create(
            turn=turns[turn],
            seat=seat,
            student=student,
            target=target,
            friendliness=friendliness,
            confidence=sure,
        )
    html = page(client, session)
    assert figure(html, "calibration-right") == "2 (50%)"
    assert figure(html, "sure-when-right") == "2.5"
    assert figure(html, "sure-when-wrong") == "2.0"  # sure 3 and 1: a mean of 2, not "—"


def test_allies_are_never_told_as_a_spiral_and_every_count_agrees(
    client: Client, cuba_class_game: GameSession
) -> None:
    report = build_report(load_log(cuba_class_game), compute_estimates=False)
    html = unescape(page(client, cuba_class_game))
    tragic = 0
    for w in report.worlds:
        initial, records = log_of(World.objects.get(pk=w.log.id))
        bound = allied_turns(initial, records)
        assert frozenset(("USSR", "CUB")) in {pair for _, pair in bound}  # allied from the start
        for s in w.stories:
            pair = frozenset((s.a, s.b))
            turns = range(s.since, s.last_turn + 1)
            assert not any((t, pair) in bound for t in turns), s.title
            # Its story opens with tension rising from where it stood the turn before.
            opening = re.search(
                r"Tension rose from (\d\.\d\d) to (\d\.\d\d)\.", s.sentences[0].text
            )
            assert opening and float(opening.group(2)) > float(opening.group(1)), s.sentences[0]
        told = section(html, w.label)
        assert 'data-spiral="USSR-CUB"' not in told and 'data-spiral="USA-TUR"' not in told
        assert figure(told, "spirals") == str(len(w.stories))
        assert figure(told, "spiral-count") == str(len(w.stories))
        tragic += sum(1 for s in w.stories if s.tragic)
        # "Wealth spent inside tragic spirals" is the arms bought in the spirals told.
        inside = {
            (k.turn, key)
            for c in w.chains
            if c.tragic
            for k in c.spiral.links
            for key in (c.spiral.a, c.spiral.b)
        }
        spent = sum(c.spent for r in records for c in r.countries if (r.turn, c.key) in inside)
        assert float(figure(told, "wasted-arms")) == pytest.approx(spent, abs=0.01)
    card = next(c for c in report.concepts if c.key == "security_dilemma")
    assert card.here.startswith(f"{tragic} tragic spiral")


def test_a_spiral_an_older_rule_logged_between_allies_is_not_told(
    client: Client, cuba_class_game: GameSession
) -> None:
    import dataclasses

    from game.referee.records import Spiral
    from game.referee.types import SpiralLink

    before = build_report(load_log(cuba_class_game), compute_estimates=False).worlds[0]
    world = cuba_class_game.worlds.get(index=0)
    # What the walkthrough found: the Soviet Union and Cuba, allied, "in a tragic spiral"
    # on turns 4-6 while tension held at 0.09.
    links: tuple[SpiralLink, ...] = ()
    for turn in Turn.objects.filter(world=world, number__in=(4, 5, 6)).order_by("number"):
        record = TurnRecord.from_dict(turn.record)
        links = (
            *links,
            SpiralLink(
                turn.number, "offensive", "offensive", "offensive", "offensive", False, 0.09
            ),
        )
        spiral = Spiral("USSR", "CUB", 4, len(links), True, False, len(links) == 3, links)
        if len(links) >= 3:
            record = dataclasses.replace(record, spirals=(*record.spirals, spiral))
            turn.record = record.to_dict()
            turn.save(update_fields=["record"])
    after = build_report(load_log(cuba_class_game), compute_estimates=False).worlds[0]
    assert [s.title for s in after.stories] == [s.title for s in before.stories]
    assert after.summary == before.summary
    assert after.replay is not None and before.replay is not None
    assert after.replay.wasted_arms == before.replay.wasted_arms
    html = unescape(section(page(client, cuba_class_game), world.label))
    assert 'data-spiral="USSR-CUB"' not in html and "Tension held at 0.09" not in html


def test_people_read_state_names_not_codes(client: Client, cuba_class_game: GameSession) -> None:
    from game.models import SeatMember
    from tests.debrief.helpers import as_student

    html = page(client, cuba_class_game)
    world = section(html, "A")
    # Each line of a chart is labelled with its state's name.
    for chart in ("wA-offense", "wA-defense", "wA-wealth", "wA-score"):
        svg = re.search(rf'<svg [^>]*id="{chart}".*?</svg>', world, re.S).group(0)
        words = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
        for name in ("United States", "Soviet Union", "Cuba", "Turkey"):
            assert name in words, (chart, name)
        assert "USSR" not in words
    # Where a chart's columns are too narrow for names, a key under it gives them.
    for chart in ("wA-trust", "wA-timeline"):
        svg = re.search(rf'<svg [^>]*id="{chart}".*?</svg>', world, re.S).group(0)
        words = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
        assert "USSR: Soviet Union" in words and "CUB: Cuba" in words
    readings = re.findall(r'<span class="reading">([^<]*?) (?:<mark|[a-z])', world)
    assert readings and not [r for r in readings if re.fullmatch(r"[A-Z]{2,5}", r)]
    member = SeatMember.objects.filter(session=cuba_class_game).first()
    student = (
        as_student(Client(), member.student)
        .get(f"/play/{cuba_class_game.pk}/debrief/")
        .content.decode()
    )
    seen = re.findall(r'<span class="reading">([^<]*?) (?:<mark|[a-z])', student)
    assert seen and all(re.fullmatch(r"[A-Z]{2,5}", s) is None for s in seen)
    assert any(s in ("United States", "Soviet Union", "Cuba", "Turkey") for s in seen)


def test_signals_and_alliance_moves_are_listed_under_their_own_headings(client: Client) -> None:
    from game.referee import Move
    from tests import factories
    from tests.debrief.helpers import new_session, play_students, seat_students

    session = new_session(factories.classroom(), turns=2, seed=3, bot="tit_for_tat")
    seat_students(session, 2)
    plan = {
        (1, 0): Move.ally("propose", "BRN", "high"),
        (1, 1): Move.signal("reassure", "ALD", "Señor — we mean no harm"),
    }
    play_students(session, ratings=False, plan=plan)
    html = unescape(section(page(client, session), "A"))
    signals = html[html.index("Every signal and message sent") : html.index("Alliance moves")]
    alliances = html[html.index("Alliance moves") : html.index("What everyone really was")]
    assert "Señor — we mean no harm" in signals
    assert "alliance" not in signals
    assert re.search(r"Aldmark</td><td>Brennia</td><td>propose alliance \(high burden\)", alliances)


def test_sentences_name_states_as_english_does(
    client: Client, cuba_class_game: GameSession
) -> None:
    html = unescape(page(client, cuba_class_game))
    assert "Cuba, 1962 ·" in html and "Cuba, 1962 (1962)" not in html  # no year said twice
    questions = re.search(r'<ol class="questions">(.*?)</ol>', html, re.S).group(1)
    stories = "".join(re.findall(r'<div class="story".*?</div>', html, re.S))
    said = re.sub(r"<[^>]+>", " ", questions + stories)

    assert re.search(r"\bthe (United States|Soviet Union)\b", said)
    # Never 'Soviet Union built' or 'against United States': always with 'the' ...
    assert not re.findall(r"(?<![Tt]he )\b(?:United States|Soviet Union)\b", said)
    # ... and a sentence that opens with a state's name opens with a capital.
    items = re.findall(r"<li>(.*?)</li>", questions + stories, re.S)
    assert items and not [i for i in items if i.strip().startswith("the ")]
    assert not re.findall(r"[.?!] the (?:United States|Soviet Union)", said)
    # A student who played the United States reads how much the others trusted "the" United States.
    from game.models import SeatMember
    from tests.debrief.helpers import as_student

    american = SeatMember.objects.filter(session=cuba_class_game, seat__state_key="USA").first()
    mine = as_student(Client(), american.student).get(f"/play/{cuba_class_game.pk}/debrief/")
    assert "How much each state trusted the United States" in mine.content.decode()
    assert "The Soviet Union ended trusting you" in mine.content.decode()


def test_a_one_turn_game_is_asked_about_in_plain_counts(client: Client) -> None:
    session, _, _, students = factories.game_with_seats(2, turns=3)
    services.start_game(session)
    services.advance_now(session)
    services.end_game(session)

    questions = unescape(
        re.search(r'<ol class="questions">(.*?)</ol>', page(client, session), re.S).group(1)
    )

    assert "1 turns" not in questions
    # Seeing clearly would have changed nothing: no 'N instead of N' to puzzle over.
    same = re.search(
        r"instead of (\d+) and (\d+) \(mean tension ([\d.]+) instead of \3\)", questions
    )
    assert same is None, questions
    # A student nobody misread is told so in words, not "0 times".
    from tests.debrief.helpers import as_student

    for student in students:
        story = as_student(Client(), student).get(f"/play/{session.pk}/debrief/")
        said = re.sub(r"<[^>]+>", "", story.content.decode())
        assert "0 times another state" not in said
        assert re.search(r"No other state misread your move|\d+ times? another state", said)
