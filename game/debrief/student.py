"""A student's own debrief: their state's story, how the others saw it, and their reads."""

from __future__ import annotations

from dataclasses import dataclass

from game.debrief import charts, facts, narrate
from game.debrief.charts import Series
from game.debrief.facts import SEEN_WORDS, name_of
from game.debrief.report import WorldReport
from game.referee.view import DIPLOMACY_NEWS
from game.templatetags.spiral import describe_move, public_sentence, the_state


@dataclass(frozen=True, slots=True)
class SeenBy:
    """How one other state saw the student's move in one turn."""

    observer: str
    seen: str
    misread: bool
    trust_before: float
    trust: float

    @property
    def seen_word(self) -> str:
        """Return what the observer saw, in a word or two."""
        return SEEN_WORDS.get(self.seen, self.seen)


@dataclass(frozen=True, slots=True)
class StoryTurn:
    """One turn of the student's state: the move, its stated aim, how others saw it."""

    turn: int
    move: str
    aim: str
    reason: str
    defaulted: bool
    seen_by: tuple[SeenBy, ...]
    news: tuple[str, ...]
    earned: float
    wealth: float

    @property
    def misreads(self) -> int:
        """Return how many states misread this move."""
        return sum(1 for s in self.seen_by if s.misread)


@dataclass
class StudentDebrief:
    """Everything one student's debrief page shows."""

    world: WorldReport
    seat: str
    name: str
    story: list[StoryTurn]
    misread_me: int
    trusted_by: list[tuple[str, float]]
    trust_chart: str
    reads: facts.PlayerCalibration | None
    questions: list[str]
    spirals: list[narrate.SpiralStory]


def _news(world: WorldReport, turn: int, seat: str) -> tuple[str, ...]:
    names = world.names
    record = next((r for r in world.log.records if r.turn == turn), None)
    if record is None:
        return ()
    out = []
    for w in record.wars:
        if seat in (*w.side_a, *w.side_b):
            out.append(
                f"War: {', '.join(the_state(k, names) for k in w.side_a)} against "
                f"{', '.join(the_state(k, names) for k in w.side_b)}; "
                f"{the_state(w.winner, names)} won."
            )
    crises = [the_state(b if a == seat else a, names) for a, b in record.crises if seat in (a, b)]
    if crises:
        others = crises[0] if len(crises) == 1 else ", ".join(crises[:-1]) + " and " + crises[-1]
        out.append(f"{'Crisis' if len(crises) == 1 else 'Crises'} with {others}.")
    # Said as the play page's news said it ('The United States pledges to Cuba ...').
    out.extend(
        public_sentence(d.kind, (d.a, d.b), "", names)
        for d in record.diplomacy
        if seat in (d.a, d.b) and d.kind in DIPLOMACY_NEWS
    )
    return tuple(out)


def student_debrief(world: WorldReport, seat: str, student_id: int) -> StudentDebrief:
    """Return the debrief of the student who played `seat` in `world`."""
    names = world.names
    story = []
    for r in world.log.records:
        entry = next((e for e in r.moves if e.seat == seat), None)
        if entry is None:
            continue
        move = entry.move
        seen_by = tuple(
            SeenBy(o.observer, o.seen, o.misread, o.trust_before, o.trust)
            for o in r.observations
            if o.of == seat
        )
        score = next((s for s in r.scores if s.state == seat), None)
        country = next((c for c in r.countries if c.key == seat), None)
        story.append(
            StoryTurn(
                r.turn,
                f"Built {move.posture} arms (size {move.size})"
                if move.action == "arm"
                else describe_move(move, names),
                name_of(names, move.aimed_at) if move.aimed_at else "",
                move.reason or "",
                entry.defaulted,
                seen_by,
                _news(world, r.turn, seat),
                score.earned if score else 0.0,
                country.wealth if country else 0.0,
            )
        )
    others = [k for k in world.log.keys if k != seat]
    trusted_by = [(k, world.trust.get((k, seat), 0.0)) for k in others]
    series = []
    initial = world.log.initial
    for n, observer in enumerate(others):
        values: list[float | None] = []
        if initial is not None:
            values.append(
                next(
                    (b.trust for b in initial.beliefs if (b.observer, b.of) == (observer, seat)),
                    None,
                )
            )
        for r in world.log.records:
            values.append(
                next(
                    (o.trust for o in r.observations if (o.observer, o.of) == (observer, seat)),
                    None,
                )
            )
        style = world.log.keys.index(observer) if observer in world.log.keys else n
        series.append(Series(name_of(names, observer), values, style))
    labels = ["Start", *(str(r.turn) for r in world.log.records)]
    chart = charts.line_chart(
        f"trust-in-{seat}",
        f"How much each state trusted {the_state(seat, names)}, turn by turn",
        "Line chart, one line per other state, of its trust that you were a security seeker, "
        "from 0 to 1. At the end: "
        + "; ".join(f"{name_of(names, k)} {v:.0%}" for k, v in trusted_by)
        + ".",
        labels,
        series,
        "trust",
        y_range=(0.0, 1.0),
    )
    mine = [
        p
        for p in world.calibration
        if p.seat == seat and any(r.rating.student_id == student_id for r in p.ratings)
    ]
    return StudentDebrief(
        world=world,
        seat=seat,
        name=name_of(names, seat),
        story=story,
        misread_me=sum(t.misreads for t in story),
        trusted_by=trusted_by,
        trust_chart=chart,
        reads=mine[0] if mine else None,
        questions=narrate.reflection_questions(world, seat),
        spirals=[s for s in world.stories if seat in (s.a, s.b)],
    )
