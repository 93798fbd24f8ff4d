"""Exports of the debrief: CSV tables, the full JSON log, and the PDF report.

CSV cells holding text that starts with = + - @ (or a tab or carriage return) get a
leading single quote, so a spreadsheet shows them as text and never runs them as a
formula. Numbers are written as numbers. Columns are documented in docs/debrief.md.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Max

from game.debrief.log import GameLog
from game.models import GameSession, GameStatus, Turn, TurnStatus
from game.referee.params import params_to_dict

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A finished game's PDF is kept this long in the cache. Bump PDF_VERSION whenever the
# printed report changes, so no stored PDF of the old layout is served after a deploy.
PDF_CACHE_SECONDS = 24 * 3600
PDF_VERSION = 2
LOG_FORMAT = "spiral-log"
LOG_VERSION = 1


def cell(value: Any) -> Any:
    """Return a value safe for a spreadsheet cell (text that looks like a formula is quoted)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Return a CSV document with a header row, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue()


OBSERVATION_COLUMNS = (
    "session",
    "world",
    "variation",
    "turn",
    "observer",
    "of",
    "actual",
    "seen",
    "size",
    "misread",
    "transparent",
    "perceived_offense",
    "perceived_defense",
    "trust_before",
    "trust",
    "threat",
)


def observations_csv(game: GameLog) -> str:
    """Return one row per observation: what each state saw of each other state each turn."""
    rows = (
        (
            game.id,
            w.label,
            w.variation_label,
            r.turn,
            o.observer,
            o.of,
            o.actual,
            o.seen,
            o.size,
            o.misread,
            o.transparent,
            o.offense,
            o.defense,
            o.trust_before,
            o.trust,
            o.threat,
        )
        for w in game.worlds
        for r in w.records
        for o in r.observations
    )
    return to_csv(OBSERVATION_COLUMNS, rows)


MOVE_COLUMNS = (
    "session",
    "world",
    "variation",
    "turn",
    "state",
    "action",
    "posture",
    "size",
    "aimed_at",
    "reason",
    "to",
    "kind",
    "text",
    "op",
    "partner",
    "burden",
    "defaulted",
    "played_by",
    "misread_by",
)


def moves_csv(game: GameLog) -> str:
    """Return one row per move the referee resolved (one per state per turn)."""
    rows = []
    for w in game.worlds:
        seats = {s.key: s for s in w.seats}
        for r in w.records:
            misread = {}
            for o in r.observations:
                if o.misread:
                    misread[o.of] = misread.get(o.of, 0) + 1
            for e in r.moves:
                m = e.move
                seat = seats.get(e.seat)
                if e.defaulted:
                    played_by = f"bot:{e.by}" if e.by and e.by != "default" else "default"
                else:
                    played_by = "; ".join(seat.players) if seat and seat.players else "bot"
                rows.append(
                    (
                        game.id,
                        w.label,
                        w.variation_label,
                        r.turn,
                        e.seat,
                        m.action,
                        m.posture,
                        m.size,
                        m.aimed_at,
                        m.reason,
                        m.to,
                        m.kind,
                        m.text,
                        m.op,
                        m.partner,
                        m.burden,
                        e.defaulted,
                        played_by,
                        misread.get(e.seat, 0),
                    )
                )
    return to_csv(MOVE_COLUMNS, rows)


STATE_COLUMNS = (
    "session",
    "world",
    "variation",
    "turn",
    "state",
    "type",
    "regime",
    "offense",
    "defense",
    "pending_offense",
    "pending_defense",
    "wealth",
    "spent",
    "hawkishness",
    "security",
    "prosperity",
    "penalty",
    "earned",
    "score",
    "highest_tension",
    "in_crisis",
    "at_war",
    "in_spiral",
)


def states_csv(game: GameLog) -> str:
    """Return one row per state per turn: its true condition and score after the turn."""
    rows = []
    for w in game.worlds:
        for r in w.records:
            scores = {s.state: s for s in r.scores}
            crisis = {k for pair in r.crises for k in pair}
            war = {k for x in r.wars for k in (*x.side_a, *x.side_b)}
            spiral = {k for s in r.spirals for k in (s.a, s.b)}
            for c in r.countries:
                s = scores.get(c.key)
                highest = max((t.tension for t in r.tensions if c.key in (t.a, t.b)), default=0.0)
                rows.append(
                    (
                        game.id,
                        w.label,
                        w.variation_label,
                        r.turn,
                        c.key,
                        c.type,
                        c.regime,
                        c.offense,
                        c.defense,
                        c.pending_offense,
                        c.pending_defense,
                        c.wealth,
                        c.spent,
                        c.hawkishness,
                        s.security if s else None,
                        s.prosperity if s else None,
                        s.penalty if s else None,
                        s.earned if s else None,
                        c.score,
                        highest,
                        c.key in crisis,
                        c.key in war,
                        c.key in spiral,
                    )
                )
    return to_csv(STATE_COLUMNS, rows)


RATING_COLUMNS = (
    "session",
    "world",
    "turn",
    "student",
    "state",
    "target",
    "friendliness",
    "confidence",
    "target_type",
    "read_right",
)


def ratings_csv(game: GameLog) -> str:
    """Return one row per rating a player made, beside the rated state's true type."""
    from game.debrief.facts import calibration

    rows = []
    for w in game.worlds:
        for player in calibration(w):
            for r in player.ratings:
                g = r.rating
                rows.append(
                    (
                        game.id,
                        w.label,
                        g.turn,
                        g.student,
                        g.seat,
                        g.target,
                        g.friendliness,
                        g.confidence,
                        r.true_type,
                        r.right,
                    )
                )
    rows.sort(key=lambda row: (row[1], row[2], row[3], row[5]))
    return to_csv(RATING_COLUMNS, rows)


REFLECTION_COLUMNS = (
    "classroom",
    "game",
    "world",
    "state",
    "student",
    "question_1",
    "answer_1",
    "question_2",
    "answer_2",
    "question_3",
    "answer_3",
    "words",
    "saved_at",
)


def reflections_csv(
    game: GameLog, reflections: dict[int, Any], questions: dict[str, list[str]]
) -> str:
    """Return one row per seated student, with their answers (empty if they wrote none).

    `reflections` maps student id to a saved Reflection; `questions` maps
    "<world label>:<state>" to the questions that seat was asked.
    """
    rows = []
    for w in game.worlds:
        for seat in w.seats:
            for sid, student in zip(seat.student_ids, seat.players, strict=True):
                saved = reflections.get(sid)
                asked = (
                    list(saved.questions)
                    if saved and saved.questions
                    else questions.get(f"{w.label}:{seat.key}", ["", "", ""])
                )
                asked = [*asked, "", "", ""][:3]
                answers = (
                    [saved.answer_1, saved.answer_2, saved.answer_3] if saved else ["", "", ""]
                )
                words = sum(len(a.split()) for a in answers)
                rows.append(
                    (
                        game.classroom,
                        game.title,
                        w.label,
                        seat.key,
                        student,
                        asked[0],
                        answers[0],
                        asked[1],
                        answers[1],
                        asked[2],
                        answers[2],
                        words,
                        saved.updated_at.isoformat(timespec="seconds") if saved else "",
                    )
                )
    rows.sort(key=lambda row: (str(row[4]).lower(), row[2]))
    return to_csv(REFLECTION_COLUMNS, rows)


def json_log(game: GameLog) -> dict[str, Any]:
    """Return the full log for researchers: set-up, every turn record, picks and ratings.

    Students appear as P1, P2, ... (numbered by when they joined), never by name.
    """
    pseudonyms: dict[int, str] = {}

    def who(student_id: int) -> str:
        if student_id not in pseudonyms:
            pseudonyms[student_id] = f"P{len(pseudonyms) + 1}"
        return pseudonyms[student_id]

    for w in game.worlds:
        for seat in w.seats:
            for sid in seat.student_ids:
                who(sid)
    return {
        "format": LOG_FORMAT,
        "version": LOG_VERSION,
        "session": {
            "id": game.id,
            "title": game.title,
            "scenario": game.scenario.key,
            "status": game.status,
            "turns": game.turns,
            "seed": game.seed,
            "bot_strategy": game.bot_strategy,
            "variations": list(game.variations),
            "started_at": game.started_at.isoformat() if game.started_at else None,
            "ended_at": game.ended_at.isoformat() if game.ended_at else None,
        },
        "worlds": [
            {
                "label": w.label,
                "index": w.index,
                "variation_label": w.variation_label,
                "overrides": w.overrides,
                "params": params_to_dict(w.initial.params) if w.initial else None,
                "seed": w.seed,
                "status": w.status,
                "seats": [
                    {
                        "state": s.key,
                        "players": [who(i) for i in s.student_ids],
                        "bot": s.bot,
                    }
                    for s in w.seats
                ],
                "initial_state": w.initial_data,
                "turns": list(w.record_data),
                "events": [
                    {"turn": e.turn, "card": e.card, "targets": list(e.targets)} for e in w.events
                ],
                "picks": [
                    {"turn": p.turn, "player": who(p.student_id), "seat": p.seat, "move": p.payload}
                    for p in w.picks
                ],
                "ratings": [
                    {
                        "turn": r.turn,
                        "player": who(r.student_id),
                        "seat": r.seat,
                        "target": r.target,
                        "friendliness": r.friendliness,
                        "confidence": r.confidence,
                    }
                    for r in w.ratings
                ],
            }
            for w in game.worlds
        ],
    }


def pdf_bytes(html: str, base_url: str) -> bytes:
    """Return the PDF of a rendered debrief page.

    The cyclic garbage collector is paused while WeasyPrint works: the render allocates
    hundreds of thousands of short-lived objects, and each of the collections they trigger
    walks every object the process holds (all of Django and the game's log), which took a
    fifth to a quarter of the render's CPU time. Reference counting still frees almost all
    of the render's garbage as it goes (peak memory is unchanged), and the collector runs
    again as soon as it is back on.
    """
    from weasyprint import HTML

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return HTML(string=html, base_url=base_url).write_pdf()
    finally:
        if was_enabled:
            gc.enable()


def pdf_cache_key(game: GameSession) -> str | None:
    """Return the cache key of a finished game's PDF, or None while the game can change.

    Once a game has ended its log never changes, so its PDF is rendered once and the
    next download is served from the cache. The key still holds everything the printed
    report shows that could be edited or replayed (title, class name, end time, the last
    resolved turn and how many there are), so a changed game never gets an old PDF.
    """
    if game.status != GameStatus.FINISHED:
        return None
    turns = Turn.objects.filter(world__session=game, status=TurnStatus.RESOLVED).aggregate(
        last=Max("pk"), count=Count("pk")
    )
    ended = game.ended_at.isoformat() if game.ended_at else ""
    parts = (game.title, game.classroom.name, ended, turns["last"], turns["count"])
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:20]
    return f"debrief-pdf:v{PDF_VERSION}:{game.pk}:{digest}"
