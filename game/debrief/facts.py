"""What happened in a world, computed from its log alone: series, the intent ledger,
pledges, the timeline, spirals, calibration, the archive and the reveal.

Pure functions of a WorldLog (no database): the same log always gives the same facts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from game.debrief.log import RatingLog, WorldLog
from game.referee.alliances import PLEDGE_TURNS
from game.referee.moves import Move
from game.referee.records import Spiral, TurnRecord
from game.referee.types import EXPANSIONIST, NO_BUILD, Country

EVENT_SHORT = {
    "border_incident": "incident",
    "false_intelligence": "false report",
    "new_technology": "new tech",
    "election": "election",
}


# --- series -----------------------------------------------------------------


def countries_by_turn(world: WorldLog) -> list[tuple[Country, ...]]:
    """Return the true states at the start and after every resolved turn."""
    start = world.initial.countries if world.initial is not None else ()
    return [start, *(r.countries for r in world.records)]


def stock_series(world: WorldLog, attribute: str) -> dict[str, list[float | None]]:
    """Return each state's `attribute` (offense, defense, wealth, score) from the start on."""
    series: dict[str, list[float | None]] = {k: [] for k in world.keys}
    for countries in countries_by_turn(world):
        found = {c.key: float(getattr(c, attribute)) for c in countries}
        for key in series:
            series[key].append(found.get(key))
    return series


def pairs(world: WorldLog) -> list[tuple[str, str]]:
    """Return every dyad of the world in seat order."""
    return list(combinations(world.keys, 2))


def tension_matrix(world: WorldLog) -> list[list[float | None]]:
    """Return each dyad's tension in each resolved turn (rows: dyads, columns: turns)."""
    rows = []
    for a, b in pairs(world):
        row: list[float | None] = []
        for r in world.records:
            row.append(_tension(r, a, b))
        rows.append(row)
    return rows


def _tension(record: TurnRecord, a: str, b: str) -> float | None:
    for t in record.tensions:
        if {t.a, t.b} == {a, b}:
            return t.tension
    return None


def tension_before(world: WorldLog, a: str, b: str, turn: int) -> float | None:
    """Return the pair's tension at the end of the turn before `turn` (the start for turn 1)."""
    if turn <= 1:
        if world.initial is None:
            return None
        return next((d.tension for d in world.initial.dyads if {d.a, d.b} == {a, b}), None)
    record = next((r for r in world.records if r.turn == turn - 1), None)
    return _tension(record, a, b) if record is not None else None


def tension_marks(world: WorldLog) -> dict[tuple[int, int], str]:
    """Return heatmap marks: (dyad row, turn column) -> 'war' or 'crisis'."""
    index = {frozenset(p): n for n, p in enumerate(pairs(world))}
    marks: dict[tuple[int, int], str] = {}
    for col, r in enumerate(world.records):
        for a, b in r.crises:
            row = index.get(frozenset((a, b)))
            if row is not None:
                marks[row, col] = "crisis"
        for w in r.wars:
            row = index.get(frozenset((w.a, w.b)))
            if row is not None:
                marks[row, col] = "war"
    return marks


def mean_tension_by_turn(records: Sequence[TurnRecord]) -> list[float]:
    """Return the mean tension over every dyad, turn by turn."""
    return [
        round(sum(t.tension for t in r.tensions) / len(r.tensions), 4) if r.tensions else 0.0
        for r in records
    ]


def peak_tension_by_turn(records: Sequence[TurnRecord]) -> list[float]:
    """Return the highest dyad tension, turn by turn."""
    return [max((t.tension for t in r.tensions), default=0.0) for r in records]


def final_trust(world: WorldLog) -> dict[tuple[str, str], float]:
    """Return trust[observer, of] at the end (after the last turn, else the priors)."""
    if world.records:
        return {(o.observer, o.of): o.trust for o in world.records[-1].observations}
    if world.initial is not None:
        return {(b.observer, b.of): b.trust for b in world.initial.beliefs}
    return {}


# --- summary ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    """One world's headline figures, every one counted from the log."""

    turns: int
    wars: int
    crises: int
    spirals: int
    tragic_spirals: int
    misperception_spirals: int
    misreads: int
    observations: int
    builds: int
    mean_tension: float
    peak_tension: float
    world_score: float
    expected_wars: float
    pacts: int
    pledges: int
    pledges_broken: int
    costly_signals: int
    cheap_signals: int

    @property
    def misread_rate(self) -> float:
        """Return the share of observations that were misreads."""
        return round(self.misreads / self.observations, 4) if self.observations else 0.0


def summarize(world: WorldLog) -> Summary:
    """Return a world's headline figures."""
    records = world.records
    tensions = [t.tension for r in records for t in r.tensions]
    chains = spiral_chains(world)
    signals = [e.move for r in records for e in r.moves if e.move.action == "signal"]
    diplomacy = [d for r in records for d in r.diplomacy]
    return Summary(
        turns=len(records),
        wars=sum(len(r.wars) for r in records),
        crises=sum(len(r.crises) for r in records),
        spirals=len(chains),
        tragic_spirals=sum(1 for s in chains if s.tragic),
        misperception_spirals=sum(1 for s in chains if s.misperception_fed),
        misreads=sum(r.misreads for r in records),
        observations=sum(len(r.observations) for r in records),
        builds=sum(1 for r in records for e in r.moves if e.move.action == "arm"),
        mean_tension=round(sum(tensions) / len(tensions), 4) if tensions else 0.0,
        peak_tension=round(max(tensions, default=0.0), 4),
        world_score=records[-1].world_score if records else 0.0,
        expected_wars=round(sum(t.war_chance for r in records for t in r.tensions), 4),
        pacts=sum(1 for d in diplomacy if d.kind == "pact_formed"),
        pledges=sum(1 for d in diplomacy if d.kind == "pledge_made"),
        pledges_broken=sum(1 for d in diplomacy if d.kind == "pledge_broken"),
        costly_signals=sum(1 for m in signals if m.kind == "costly_reassure"),
        cheap_signals=sum(1 for m in signals if m.kind == "reassure"),
    )


# --- what they meant, what others saw ---------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """How one other state saw a move."""

    observer: str
    seen: str
    size: int
    misread: bool
    transparent: bool
    trust_before: float
    trust: float

    @property
    def seen_word(self) -> str:
        """Return what the observer saw, in a word or two."""
        return SEEN_WORDS.get(self.seen, self.seen)


SEEN_WORDS = {"offensive": "offensive", "defensive": "defensive", NO_BUILD: "no build"}


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One move beside how each other state perceived it."""

    turn: int
    state: str
    move: Move
    action: str
    posture: str | None
    size: int
    aimed_at: str | None
    reason: str | None
    defaulted: bool
    by: str | None
    readings: tuple[Reading, ...]

    @property
    def misreads(self) -> int:
        """Return how many observers misread this move."""
        return sum(1 for r in self.readings if r.misread)

    @property
    def built(self) -> str:
        """Return what the state really built: offensive, defensive or none."""
        return (self.posture or "defensive") if self.action == "arm" else NO_BUILD


def intent_ledger(world: WorldLog) -> list[LedgerEntry]:
    """Return every Arm, and every other move someone misread, with each state's reading."""
    entries = []
    for r in world.records:
        seen_of: dict[str, list[Reading]] = {}
        for o in r.observations:
            seen_of.setdefault(o.of, []).append(
                Reading(
                    o.observer, o.seen, o.size, o.misread, o.transparent, o.trust_before, o.trust
                )
            )
        for e in r.moves:
            readings = tuple(seen_of.get(e.seat, ()))
            if e.move.action != "arm" and not any(x.misread for x in readings):
                continue
            entries.append(
                LedgerEntry(
                    r.turn,
                    e.seat,
                    e.move,
                    e.move.action,
                    e.move.posture,
                    e.move.size or 0,
                    e.move.aimed_at,
                    e.move.reason,
                    e.defaulted,
                    e.by,
                    readings,
                )
            )
    return entries


# --- pledges and the timeline -----------------------------------------------


@dataclass(frozen=True, slots=True)
class PledgeFate:
    """A pledge and what became of it: kept, broken, or still binding at the end."""

    turn: int
    by: str
    to: str
    until: int
    fate: str
    broken_at: int | None = None


def pledge_fates(world: WorldLog) -> list[PledgeFate]:
    """Return every pledge made, and whether it was kept or broken."""
    last = world.records[-1].turn if world.records else 0
    made: list[tuple[int, str, str]] = []
    broken: list[tuple[int, str, str]] = []
    for r in world.records:
        for d in r.diplomacy:
            if d.kind == "pledge_made":
                made.append((r.turn, d.a, d.b))
            elif d.kind == "pledge_broken":
                broken.append((r.turn, d.a, d.b))
    fates = []
    for n, (turn, by, to) in enumerate(made):
        until = turn + PLEDGE_TURNS
        renewed = next(
            (t for t, b, o in made[n + 1 :] if (b, o) == (by, to) and turn < t <= until), None
        )
        horizon = renewed if renewed is not None else until
        breach = next((t for t, b, o in broken if (b, o) == (by, to) and turn < t <= horizon), None)
        if breach is not None:
            fates.append(PledgeFate(turn, by, to, until, "broken", breach))
        elif renewed is not None or until <= last:
            fates.append(PledgeFate(turn, by, to, until, "kept"))
        else:
            fates.append(PledgeFate(turn, by, to, until, "open"))
    return fates


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One thing on the timeline: a crisis, war, pact, pledge, agreement, spiral or event."""

    turn: int
    lane: str
    kind: str
    states: tuple[str, ...]
    text: str


def _pair_text(a: str, b: str) -> str:
    return f"{a}\u2013{b}"


def timeline_items(world: WorldLog) -> list[TimelineItem]:
    """Return every crisis, war, new spiral, pact, pledge, agreement and event card."""
    items: list[TimelineItem] = []
    fates = {(p.turn, p.by, p.to): p for p in pledge_fates(world)}
    for r in world.records:
        t = r.turn
        for a, b in r.crises:
            items.append(TimelineItem(t, "Crises", "crisis", (a, b), _pair_text(a, b)))
        for w in r.wars:
            items.append(TimelineItem(t, "Wars", "war", (w.a, w.b), _pair_text(w.a, w.b)))
        for s in r.spirals:
            if s.new:
                items.append(TimelineItem(t, "Spirals", "spiral", (s.a, s.b), _pair_text(s.a, s.b)))
        for d in r.diplomacy:
            if d.kind == "pact_formed":
                items.append(TimelineItem(t, "Pacts", "pact", (d.a, d.b), _pair_text(d.a, d.b)))
            elif d.kind == "pact_left":
                items.append(
                    TimelineItem(t, "Pacts", "pact_left", (d.a, d.b), f"{d.a} leaves {d.b}")
                )
            elif d.kind == "pledge_made":
                fate = fates.get((t, d.a, d.b))
                kind = "pledge_kept" if fate is not None and fate.fate == "kept" else "pledge_open"
                items.append(TimelineItem(t, "Pledges", kind, (d.a, d.b), f"{d.a}→{d.b}"))
            elif d.kind == "pledge_broken":
                items.append(
                    TimelineItem(t, "Pledges", "pledge_broken", (d.a, d.b), f"{d.a}→{d.b} broken")
                )
            elif d.kind in ("hotline_agreed", "arms_control_agreed"):
                short = "hotline" if d.kind == "hotline_agreed" else "treaty"
                text = f"{short} {_pair_text(d.a, d.b)}"
                items.append(TimelineItem(t, "Agreements", "agreement", (d.a, d.b), text))
            elif d.kind == "arms_control_broken":
                items.append(
                    TimelineItem(
                        t, "Agreements", "agreement_broken", (d.a, d.b), f"{d.a} breaks treaty"
                    )
                )
            elif d.kind == "transparency_opened":
                items.append(
                    TimelineItem(t, "Agreements", "agreement", (d.a, d.b), f"{d.a} opens books")
                )
        for e in r.events:
            short = EVENT_SHORT.get(e.card.key, e.card.key.replace("_", " "))
            who = "\u2013".join(e.card.targets)
            items.append(
                TimelineItem(
                    t, "Events", "event", e.card.targets, f"{short} {who}".strip() if who else short
                )
            )
    return items


TIMELINE_LANES = ("Crises", "Wars", "Spirals", "Pacts", "Pledges", "Agreements", "Events")


# --- spirals ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpiralChain:
    """A spiral as it stood the last turn it was logged, and when it ended (if it did)."""

    spiral: Spiral
    last_turn: int
    ended: bool

    @property
    def tragic(self) -> bool:
        """Return whether both sides were security seekers."""
        return self.spiral.tragic

    @property
    def misperception_fed(self) -> bool:
        """Return whether a link of the chain began with a misread."""
        return self.spiral.misperception_fed


def spiral_chains(world: WorldLog) -> list[SpiralChain]:
    """Return every distinct spiral of the world (a dyad's chain, by its first turn)."""
    latest: dict[tuple[str, str, int], tuple[Spiral, int]] = {}
    for r in world.records:
        for s in r.spirals:
            latest[s.a, s.b, s.since] = (s, r.turn)
    last_turn = world.records[-1].turn if world.records else 0
    return sorted(
        (SpiralChain(s, turn, turn < last_turn) for s, turn in latest.values()),
        key=lambda c: (c.spiral.since, c.spiral.a, c.spiral.b),
    )


# --- calibration ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalibratedRating:
    """A player's read of a state beside the truth: its type and what it really did."""

    rating: RatingLog
    true_type: str
    did: str

    @property
    def right(self) -> bool:
        """Return whether the read matched the state's real intent.

        A friendly or neutral read of a security seeker is right, and so is a hostile read
        of an expansionist: the truth is what the state wanted, not what it built.
        """
        if self.true_type == EXPANSIONIST:
            return self.rating.friendliness < 0
        return self.rating.friendliness >= 0


@dataclass(frozen=True, slots=True)
class PlayerCalibration:
    """One player's ratings of the others against the truth."""

    student: str
    seat: str
    ratings: tuple[CalibratedRating, ...]

    @property
    def right(self) -> int:
        """Return how many reads matched the truth."""
        return sum(1 for r in self.ratings if r.right)

    @property
    def share_right(self) -> float:
        """Return the share of reads that matched the truth."""
        return round(self.right / len(self.ratings), 4) if self.ratings else 0.0

    def mean_confidence(self, right: bool) -> float | None:
        """Return the mean sureness of the right (or wrong) reads, or None if there were none."""
        chosen = [r.rating.confidence for r in self.ratings if r.right == right]
        return round(sum(chosen) / len(chosen), 2) if chosen else None

    @property
    def mean_confidence_right(self) -> float | None:
        """Return how sure (1 to 3) the player was, on average, when their read was right."""
        return self.mean_confidence(True)

    @property
    def mean_confidence_wrong(self) -> float | None:
        """Return how sure (1 to 3) the player was, on average, when their read was wrong."""
        return self.mean_confidence(False)


def _did(record: TurnRecord | None, key: str) -> str:
    if record is None:
        return "unknown"
    for e in record.moves:
        if e.seat == key:
            m = e.move
            if m.action == "arm":
                return f"built {m.posture} arms"
            if m.action == "signal":
                return f"signalled: {(m.kind or '').replace('_', ' ')}"
            return f"alliance: {m.op}"
    return "unknown"


def calibration(world: WorldLog) -> list[PlayerCalibration]:
    """Return each rating player's reads beside each rated state's true type and move."""
    by_turn = {r.turn: r for r in world.records}
    types: dict[str, str] = {}
    for countries in countries_by_turn(world):
        for c in countries:
            types[c.key] = c.type
    players: dict[tuple[int, str], list[CalibratedRating]] = {}
    names: dict[int, str] = {}
    for rating in world.ratings:
        names[rating.student_id] = rating.student
        players.setdefault((rating.student_id, rating.seat), []).append(
            CalibratedRating(
                rating,
                types.get(rating.target, "unknown"),
                _did(by_turn.get(rating.turn), rating.target),
            )
        )
    return [
        PlayerCalibration(names[sid], seat, tuple(found))
        for (sid, seat), found in sorted(players.items(), key=lambda p: (names[p[0][0]], p[0][1]))
    ]


# --- archive and reveal -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Message:
    """A signal or alliance move sent, as the archive lists it (`action`: signal or ally)."""

    turn: int
    sender: str
    to: str
    action: str
    kind: str
    text: str | None
    defaulted: bool


def archive(world: WorldLog) -> list[Message]:
    """Return every signal and alliance move sent, in order."""
    out = []
    for r in world.records:
        for e in r.moves:
            m = e.move
            if m.action == "signal":
                out.append(
                    Message(
                        r.turn, e.seat, m.to or "all", "signal", m.kind or "", m.text, e.defaulted
                    )
                )
            elif m.action == "ally":
                kind = f"{m.op} alliance" + (f" ({m.burden} burden)" if m.burden else "")
                out.append(
                    Message(r.turn, e.seat, m.partner or "", "ally", kind, None, e.defaulted)
                )
    return out


@dataclass(frozen=True, slots=True)
class TrueState:
    """A state's truth at the end: what it was, what it wanted, where it ended."""

    key: str
    name: str
    regime: str
    type: str
    objective: str
    offense: int
    defense: int
    wealth: float
    score: float
    players: tuple[str, ...]
    bot: str

    @property
    def objective_short(self) -> str:
        """Return the objective card's opening sentences (the printed report's reveal)."""
        sentences = self.objective.split(". ")
        for n in range(1, len(sentences) + 1):
            kept = ". ".join(sentences[:n])
            if len(kept) >= 80:
                break
        else:
            return self.objective
        return kept if kept.endswith((".", "!", "?")) else kept + "."


@dataclass(frozen=True, slots=True)
class StatedIntent:
    """What a builder said its build was for (private until the debrief)."""

    turn: int
    state: str
    posture: str
    aimed_at: str | None
    reason: str | None


def reveal_states(world: WorldLog) -> list[TrueState]:
    """Return every state's true type, objective and final standing."""
    seats = {s.key: s for s in world.seats}
    final = countries_by_turn(world)[-1]
    out = []
    for c in final:
        seat = seats.get(c.key)
        out.append(
            TrueState(
                c.key,
                c.name,
                c.regime,
                c.type,
                c.objective,
                c.offense,
                c.defense,
                c.wealth,
                c.score,
                seat.players if seat else (),
                seat.bot if seat else "",
            )
        )
    return out


def stated_intents(world: WorldLog) -> list[StatedIntent]:
    """Return every build's stated aim and reason, where the builder gave one."""
    return [
        StatedIntent(r.turn, e.seat, e.move.posture or "", e.move.aimed_at, e.move.reason)
        for r in world.records
        for e in r.moves
        if e.move.action == "arm" and (e.move.aimed_at or e.move.reason)
    ]


def name_of(names: Mapping[str, str], key: str | None) -> str:
    """Return a state's name, 'everyone' for all, or the key itself."""
    if key in (None, "", "all"):
        return "everyone"
    return names.get(key, key)
