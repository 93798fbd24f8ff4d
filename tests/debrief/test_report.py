"""The teacher's debrief tells what the log says: every figure recomputed from the log."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

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
