"""The exports: CSV that parses back to the log, the JSON log, and a real PDF."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
from django.test import Client

from game.debrief.exports import cell
from game.models import GameSession, Move, Turn
from game.referee import TurnRecord, move_to_dict
from tests.debrief.helpers import new_session, play_students, seat_students
from tests.support.services import unavailable

pytestmark = pytest.mark.django_db
BOM = "\ufeff".encode()  # UTF-8's byte-order mark: how Excel knows a CSV is UTF-8


def download(client: Client, session: GameSession, name: str) -> list[dict[str, str]]:
    client.force_login(session.classroom.teacher)
    response = client.get(f"/games/{session.pk}/debrief/{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def records(session: GameSession) -> list[tuple[str, TurnRecord]]:
    return [
        (t.world.label, TurnRecord.from_dict(t.record))
        for t in Turn.objects.filter(world__session=session, record__isnull=False)
        .select_related("world")
        .order_by("world__index", "number")
    ]


def unquote(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:2] in "=+-@" else value


@pytest.fixture
def class_game(db: None) -> GameSession:
    """A finished game of three students and a bot, with reasons and ratings."""
    from tests import factories

    session = new_session(factories.classroom(), turns=5, seed=5, bot="tit_for_tat")
    seat_students(session, 3)
    play_students(session)
    return session


def test_moves_csv_parses_back_to_the_logs_moves(client: Client, class_game: GameSession) -> None:
    rows = download(client, class_game, "moves")
    logged = [(label, r.turn, e) for label, r in records(class_game) for e in r.moves]
    assert len(rows) == len(logged)
    fields = ("posture", "size", "aimed_at", "reason", "to", "kind", "text", "op", "burden")
    for row, (label, turn, entry) in zip(rows, logged, strict=True):
        assert (row["world"], int(row["turn"]), row["state"]) == (label, turn, entry.seat)
        assert row["action"] == entry.move.action
        wire = move_to_dict(entry.move)
        for field in fields:
            assert unquote(row[field]) == str(wire.get(field, "") or ""), field
        assert unquote(row["partner"]) == str(wire.get("with", "") or "")
        assert row["defaulted"] == ("true" if entry.defaulted else "false")


def test_observations_csv_parses_back_to_the_logs_observations(
    client: Client, class_game: GameSession
) -> None:
    rows = download(client, class_game, "observations")
    logged = [(label, r.turn, o) for label, r in records(class_game) for o in r.observations]
    assert len(rows) == len(logged)
    for row, (label, turn, o) in zip(rows, logged, strict=True):
        assert (row["world"], int(row["turn"]), row["observer"], row["of"]) == (
            label,
            turn,
            o.observer,
            o.of,
        )
        assert (row["actual"], row["seen"]) == (o.actual, o.seen)
        assert row["misread"] == ("true" if o.misread else "false")
        assert float(row["trust"]) == o.trust
        assert float(row["trust_before"]) == o.trust_before


def test_states_csv_has_one_row_per_turn_and_state(client: Client, class_game: GameSession) -> None:
    rows = download(client, class_game, "states")
    logged = [(label, r.turn, c) for label, r in records(class_game) for c in r.countries]
    assert [(r["world"], int(r["turn"]), r["state"]) for r in rows] == [
        (label, turn, c.key) for label, turn, c in logged
    ]
    for row, (_, _, c) in zip(rows, logged, strict=True):
        assert (int(row["offense"]), int(row["defense"])) == (c.offense, c.defense)
        assert float(row["score"]) == c.score


def test_text_that_looks_like_a_formula_is_neutralised(
    client: Client, class_game: GameSession
) -> None:
    raw = download(client, class_game, "moves")
    reasons = [r["reason"] for r in raw if r["reason"]]
    assert reasons, "the students gave reasons"
    for reason in reasons:
        assert not reason.startswith(("=", "+", "-", "@"))
    assert any(r.startswith("'=") for r in reasons)
    assert cell("=1+1") == "'=1+1" and cell("@x") == "'@x" and cell("-2") == "'-2"
    assert cell(-2) == -2 and cell("plain") == "plain" and cell(True) == "true"


def test_ratings_csv_holds_every_rating_beside_the_truth(
    client: Client, class_game: GameSession
) -> None:
    rows = download(client, class_game, "ratings")
    from game.models import Rating

    assert len(rows) == Rating.objects.filter(turn__world__session=class_game).count() > 0
    for row in rows:
        assert row["target_type"] in ("security_seeker", "expansionist")
        assert -2 <= int(row["friendliness"]) <= 2


def test_the_json_log_holds_every_turn_record_and_no_student_names(
    client: Client, class_game: GameSession
) -> None:
    client.force_login(class_game.classroom.teacher)
    response = client.get(f"/games/{class_game.pk}/debrief/log.json")
    assert response.status_code == 200
    log = json.loads(response.content)
    assert log["format"] == "spiral-log"
    stored = [
        t.record
        for t in Turn.objects.filter(world__session=class_game, record__isnull=False).order_by(
            "world__index", "number"
        )
    ]
    assert [r for w in log["worlds"] for r in w["turns"]] == stored
    assert (
        len([p for w in log["worlds"] for p in w["picks"]])
        == Move.objects.filter(turn__world__session=class_game).count()
    )
    assert "Student 01" not in response.content.decode()
    assert {p["player"] for w in log["worlds"] for p in w["picks"]} <= {"P1", "P2", "P3"}


def test_every_csv_download_starts_with_a_byte_order_mark_for_excel(
    client: Client, class_game: GameSession
) -> None:
    from classroom.models import Student

    # Excel opens a CSV without a byte-order mark in the local code page: "Zoë" and "—"
    # would come out garbled.
    Student.objects.filter(classroom=class_game.classroom, display_name="Student 01").update(
        display_name="Zoë — Ñúñez"
    )
    for table in ("observations", "moves", "states", "ratings", "reflections"):
        rows = download(client, class_game, table)  # asserts the mark, reads UTF-8
        assert rows and next(iter(rows[0])) in ("session", "classroom"), table
    ratings = download(client, class_game, "ratings")
    assert "Zoë — Ñúñez" in {r["student"] for r in ratings}
    raw = client.get(f"/games/{class_game.pk}/debrief/reflections.csv").content
    assert raw.count(BOM) == 1 and "Zoë — Ñúñez".encode() in raw


def test_an_unknown_table_is_not_found(client: Client, class_game: GameSession) -> None:
    client.force_login(class_game.classroom.teacher)
    assert client.get(f"/games/{class_game.pk}/debrief/secrets.csv").status_code == 404


def pdf_text(data: bytes) -> str:
    if not shutil.which("pdftotext"):
        unavailable("pdftotext is not installed (apt-get install poppler-utils)")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


def test_the_pdf_is_a_pdf_with_the_sections_and_the_questions(
    client: Client, spiral_game: GameSession
) -> None:
    from game.debrief.log import load_log
    from game.debrief.report import build_report

    client.force_login(spiral_game.classroom.teacher)
    response = client.get(f"/games/{spiral_game.pk}/debrief.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    text = " ".join(pdf_text(data).split())
    for heading in (
        "At a glance",
        "Forces, wealth and score",
        "Tension and trust",
        "Timeline",
        "What they meant, what others saw",
        "Spirals",
        "What if? The counterfactuals",
        "model estimate",
        "Calibration",
        "The archive and the reveal",
        "Concepts and the historical case",
        "Questions for discussion",
    ):
        assert heading in text, heading
    report = build_report(load_log(spiral_game), compute_estimates=False)
    for question in report.questions:
        assert " ".join(question.split()) in text
