"""The debrief in words: spirals told as sentences, worlds compared, and the questions
for the class and for each student, all written from this game's own events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.text import capfirst

from game.debrief.facts import SpiralChain, tension_before
from game.debrief.log import WorldLog
from game.referee.records import TurnRecord
from game.referee.types import DEFENSIVE, EXPANSIONIST, NO_BUILD, OFFENSIVE, SpiralLink
from game.templatetags.spiral import the_state

if TYPE_CHECKING:
    from game.debrief.report import WorldReport

ADVERB = {OFFENSIVE: "offensively", DEFENSIVE: "defensively"}


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a story; `misread` marks the ones that turn on a misperception."""

    turn: int
    text: str
    misread: bool


@dataclass(frozen=True, slots=True)
class SpiralStory:
    """A spiral told in plain sentences, with its verdict."""

    a: str
    b: str
    title: str
    since: int
    turns: int
    tragic: bool
    misperception_fed: bool
    ended: bool
    last_turn: int
    spent: float
    war_turn: int | None
    sentences: tuple[Sentence, ...]
    verdict: str


def _aim(record: TurnRecord | None, key: str, names: Mapping[str, str]) -> str:
    if record is None:
        return ""
    for e in record.moves:
        if e.seat == key and e.move.action == "arm" and e.move.aimed_at:
            return f" against {the_state(e.move.aimed_at, names)}"
    return ""


def _reading(observer: str, of: str, actual: str, saw: str, single: bool) -> tuple[str, bool]:
    """Return how `observer` read `of`'s arming this turn, and whether it was a misread."""
    thing = "it" if single else f"{of}'s build"
    if actual == NO_BUILD:
        if saw == NO_BUILD:
            return "", False
        return f"{observer} thought {of} was arming {ADVERB.get(saw, saw)} (it was not)", True
    if saw == NO_BUILD:
        return f"{observer} did not notice {of}'s build", True
    if saw != actual:
        return f"{observer} read {thing} as {saw}", True
    return f"{observer} read {thing} as {saw}", False


def _link_parts(
    link: SpiralLink, a: str, b: str, record: TurnRecord | None, names: Mapping[str, str]
) -> tuple[str, bool]:
    """Return what happened in one link (who built what, how each read the other)."""
    name_a, name_b = the_state(a, names), the_state(b, names)
    acts = []
    if link.a_armed != NO_BUILD:
        acts.append(
            f"{name_a} built {ADVERB.get(link.a_armed, link.a_armed)}{_aim(record, a, names)}"
        )
    if link.b_armed != NO_BUILD:
        acts.append(
            f"{name_b} built {ADVERB.get(link.b_armed, link.b_armed)}{_aim(record, b, names)}"
        )
    single = len(acts) == 1
    reads = []
    misread = False
    for observer, of, actual, saw in (
        (name_b, name_a, link.a_armed, link.b_saw),
        (name_a, name_b, link.b_armed, link.a_saw),
    ):
        text, wrong = _reading(observer, of, actual, saw, single)
        if text:
            reads.append(text + (", a misread" if wrong else ""))
            misread = misread or wrong
    if not acts:
        acts.append(f"neither {name_a} nor {name_b} built, but each still feared the other")
    text = " and ".join(acts)
    if reads:
        text += "; " + "; ".join(reads)
    return text, misread


def _tension_move(first: float, last: float, previous: float | None, turns: int) -> str:
    if previous is None and turns == 1:
        return f"Tension stood at {last:.2f}."
    start = first if previous is None else previous
    if last > start + 0.005:
        return f"Tension rose from {start:.2f} to {last:.2f}."
    if last < start - 0.005:
        return f"Tension eased only from {start:.2f} to {last:.2f}."
    return f"Tension held at {last:.2f}."


def link_sentence(
    link: SpiralLink,
    a: str,
    b: str,
    record: TurnRecord | None,
    names: Mapping[str, str],
    previous: float | None,
) -> Sentence:
    """Tell one turn of a spiral: who built what, how the other read it, where tension went."""
    text, misread = _link_parts(link, a, b, record, names)
    move = _tension_move(link.tension, link.tension, previous, 1)
    return Sentence(link.turn, f"Turn {link.turn}: {text}. {move}", misread)


def chain_sentences(
    links: Sequence[SpiralLink],
    a: str,
    b: str,
    records: Mapping[int, TurnRecord],
    names: Mapping[str, str],
    before: float | None = None,
) -> list[Sentence]:
    """Tell a chain of links, one sentence per run of turns in which the same thing happened.

    `before` is the pair's tension the turn before the chain began: the first sentence then
    says where tension went from there, so a spiral's rise shows from its first turn.
    """
    runs: list[tuple[list[SpiralLink], str, bool]] = []
    for link in links:
        text, misread = _link_parts(link, a, b, records.get(link.turn), names)
        last = runs[-1] if runs else None
        if last is not None and last[1] == text and last[0][-1].turn == link.turn - 1:
            last[0].append(link)
        else:
            runs.append(([link], text, misread))
    out = []
    previous = before
    for run, text, misread in runs:
        first, last = run[0], run[-1]
        if len(run) == 1:
            when = f"Turn {first.turn}"
        else:
            text += ", every turn"
            when = f"Turns {first.turn}\u2013{last.turn}"
        move = _tension_move(first.tension, last.tension, previous, len(run))
        out.append(Sentence(first.turn, f"{when}: {text}. {move}", misread))
        previous = last.tension
    return out


def _misread_verdict(links: Sequence[SpiralLink], name_a: str, name_b: str) -> str:
    """Say which kind of misread fed a spiral: a threat seen that was not there, or missed."""
    phantom = missed = ""
    for link in links:
        for observer, actual, saw in (
            (name_b, link.a_armed, link.b_saw),
            (name_a, link.b_armed, link.a_saw),
        ):
            if saw == actual:
                continue
            if saw == OFFENSIVE and not phantom:
                phantom = f"on turn {link.turn} {observer} saw a threat that was not there"
            elif not missed:
                missed = f"on turn {link.turn} {observer} took a real build for a harmless one"
    if phantom:
        return f"A misread fed it: {phantom}."
    if missed:
        return f"A misread fed it: {missed}."
    return "It began within two turns of a misread between them."


def spiral_story(chain: SpiralChain, world: WorldLog, names: Mapping[str, str]) -> SpiralStory:
    """Tell a spiral as a chain of sentences, marked tragic or misperception-fed."""
    s = chain.spiral
    by_turn = {r.turn: r for r in world.records}
    before = tension_before(world, s.a, s.b, s.links[0].turn)
    sentences = chain_sentences(s.links, s.a, s.b, by_turn, names, before)
    turns = {link.turn for link in s.links}
    spent = round(
        sum(
            c.spent
            for t in turns
            for c in (by_turn[t].countries if t in by_turn else ())
            if c.key in (s.a, s.b)
        ),
        4,
    )
    war_turn = next(
        (
            r.turn
            for r in world.records
            if r.turn >= s.since
            and r.turn <= chain.last_turn + 1
            and any({w.a, w.b} == {s.a, s.b} for w in r.wars)
        ),
        None,
    )
    name_a, name_b = the_state(s.a, names), the_state(s.b, names)
    verdict = []
    if s.tragic:
        verdict.append(
            f"Both {name_a} and {name_b} were security seekers: neither wanted this race, "
            "so the spiral was tragic."
        )
    else:
        verdict.append("At least one side really was an expansionist: not every fear was wrong.")
    if s.misperception_fed:
        verdict.append(_misread_verdict(s.links, name_a, name_b))
    verdict.append(f"Together they spent {spent:g} wealth on arms while it lasted.")
    if war_turn is not None:
        verdict.append(f"It ended in war on turn {war_turn}.")
    elif chain.ended:
        verdict.append(f"It broke off after turn {chain.last_turn}.")
    else:
        verdict.append("It was still running when the game ended.")
    first, last = s.links[0].turn, s.links[-1].turn
    return SpiralStory(
        s.a,
        s.b,
        f"{name_a} and {name_b}, turns {first}\u2013{last}",
        s.since,
        len(s.links),
        s.tragic,
        s.misperception_fed,
        chain.ended,
        chain.last_turn,
        spent,
        war_turn,
        tuple(sentences),
        " ".join(verdict),
    )


# --- worlds compared --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Group:
    """Worlds that played the same variation, with their mean figures."""

    label: str
    worlds: tuple[str, ...]
    wars: float
    crises: float
    spirals: float
    tragic_spirals: float
    mean_tension: float
    misread_rate: float
    price_of_anarchy: float | None
    world_score: float


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def groups(reports: Sequence[WorldReport]) -> list[Group]:
    """Return the worlds grouped by experiment variation, in the order they were handed out."""
    order: dict[str, list[WorldReport]] = {}
    for w in reports:
        order.setdefault(w.log.variation_label or "Same rules", []).append(w)
    out = []
    for label, members in order.items():
        poas = [w.replay.price_of_anarchy for w in members if w.replay is not None]
        out.append(
            Group(
                label,
                tuple(w.log.label for w in members),
                _mean([w.summary.wars for w in members]),
                _mean([w.summary.crises for w in members]),
                _mean([w.summary.spirals for w in members]),
                _mean([w.summary.tragic_spirals for w in members]),
                _mean([w.summary.mean_tension for w in members]),
                _mean([w.summary.misread_rate for w in members]),
                _mean(poas) if poas else None,
                _mean([w.summary.world_score for w in members]),
            )
        )
    return out


def _plural(n: float, word: str) -> str:
    shown = f"{n:g}"
    if n == 1:
        return f"{shown} {word}"
    return f"{shown} {word[:-2]}es" if word.endswith("is") else f"{shown} {word}s"


def comparison_statements(reports: Sequence[WorldReport], found: Sequence[Group]) -> list[str]:
    """Return the difference between worlds in plain sentences."""
    if len(reports) < 2:
        return []
    out = []
    if len(found) >= 2:
        hot = max(found, key=lambda g: (g.mean_tension, g.wars))
        calm = min(found, key=lambda g: (g.mean_tension, g.wars))
        out.append(
            f"Worlds playing “{hot.label}” ({', '.join(hot.worlds)}) averaged tension "
            f"{hot.mean_tension:.2f}, {_plural(hot.wars, 'war')}, "
            f"{_plural(hot.spirals, 'spiral')} and {hot.misread_rate:.0%} misreads; worlds "
            f"playing “{calm.label}” ({', '.join(calm.worlds)}) averaged "
            f"{calm.mean_tension:.2f}, {_plural(calm.wars, 'war')}, "
            f"{_plural(calm.spirals, 'spiral')} and {calm.misread_rate:.0%} misreads."
        )
        if hot.mean_tension > calm.mean_tension:
            gap = hot.mean_tension - calm.mean_tension
            out.append(
                f"The rules of “{hot.label}” raised mean tension by {gap:.2f} over “{calm.label}”."
            )
        if hot.price_of_anarchy is not None and calm.price_of_anarchy is not None:
            out.append(
                f"Against mutual restraint they kept {hot.price_of_anarchy:.0%} and "
                f"{calm.price_of_anarchy:.0%} of the score respectively."
            )
    else:
        hot = max(reports, key=lambda w: (w.summary.mean_tension, w.summary.wars))
        calm = min(reports, key=lambda w: (w.summary.mean_tension, w.summary.wars))
        out.append(
            "Every world played the same rules, so their differences come from the players' "
            f"choices and from chance: world {hot.log.label} was the tensest "
            f"({hot.summary.mean_tension:.2f}, {_plural(hot.summary.wars, 'war')}), world "
            f"{calm.log.label} the calmest ({calm.summary.mean_tension:.2f}, "
            f"{_plural(calm.summary.wars, 'war')})."
        )
    return out


# --- discussion questions ---------------------------------------------------


def _worst_misread(w: WorldReport) -> tuple[float, int, str, str, str, str] | None:
    """Return (weight, turn, builder, observer, built, seen) of the most telling misread.

    A defensive build taken for an offensive one is the security dilemma itself, so it
    comes first; among equals, the misread that cost the most trust.
    """
    best = None
    for e in w.ledger:
        for r in e.readings:
            if not r.misread:
                continue
            weight = (3.0 if e.built == DEFENSIVE else 2.0) + max(0.0, r.trust_before - r.trust)
            if best is None or weight > best[0]:
                best = (weight, e.turn, e.state, r.observer, e.built, r.seen)
    return best


def _built_phrase(built: str) -> str:
    return "built nothing" if built == NO_BUILD else f"built {built} arms"


# The order questions are asked in: from what happened to why, then to what it means.
QUESTION_ORDER = (
    "misread",
    "spiral",
    "war",
    "expansionist",
    "compare",
    "counterfactual",
    "signals",
    "pledge",
    "pact",
    "anarchy",
    "trusted",
    "peace",
)


def _world_questions(w: WorldReport, where: str) -> list[tuple[str, float, str]]:
    """Return (kind, weight, question) for what happened in one world."""
    names = w.names
    found: list[tuple[str, float, str]] = []
    worst = _worst_misread(w)
    if worst is not None:
        weight, turn, builder, observer, built, seen = worst
        found.append(
            (
                "misread",
                weight,
                f"On turn {turn}{where}, {the_state(builder, names)} {_built_phrase(built)}, but "
                f"{the_state(observer, names)} saw {seen} arms. What could "
                f"{the_state(builder, names)} have done to make its purpose visible, and what "
                "would that have cost it?",
            )
        )
    tragic = [s for s in w.stories if s.tragic]
    if tragic:
        s = max(tragic, key=lambda s: (s.turns, -s.since))
        found.append(
            (
                "spiral",
                2.5 + s.turns / 10,
                f"{capfirst(the_state(s.a, names))} and {the_state(s.b, names)} were both "
                f"security seekers, yet{where} they armed against each other from turn "
                f"{s.since} for {s.turns} turns. Who started it, and at which turn could "
                "either side have stopped it?",
            )
        )
    for r in w.log.records:
        if r.wars:
            war = r.wars[0]
            wanted = [
                c.key for c in r.countries if c.type == EXPANSIONIST and c.key in (war.a, war.b)
            ]
            note = (
                "Neither side was an expansionist."
                if not wanted
                else f"{capfirst(the_state(wanted[0], names))} was secretly an expansionist."
            )
            found.append(
                (
                    "war",
                    2.7,
                    f"{capfirst(the_state(war.a, names))} and {the_state(war.b, names)} went to "
                    f"war on turn {r.turn}{where}. {note} What did each believe about the "
                    "other the turn before, and was that belief true?",
                )
            )
            break
    rp = w.replay
    if rp is not None and rp.actual_wars + rp.actual_crises > 0:
        replay = f"{_plural(rp.replay_wars, 'war')} and {_plural(rp.replay_crises, 'crisis')}"
        tension, actual_tension = f"{_mean(rp.replay_mean):.2f}", f"{_mean(rp.actual_mean):.2f}"
        if (rp.replay_wars, rp.replay_crises, tension) == (
            rp.actual_wars,
            rp.actual_crises,
            actual_tension,
        ):
            # Nothing to weigh when seeing clearly changes nothing: ask about the moves.
            question = (
                f"With the same moves and no misperception{where}, there would still have been "
                f"{replay} (mean tension {tension}). The conflict came from the moves "
                "themselves: which of them drove it, and what could each side have done instead?"
            )
        else:
            question = (
                f"With the same moves and no misperception{where}, there would have been "
                f"{replay} instead of {rp.actual_wars} and {rp.actual_crises} (mean tension "
                f"{tension} instead of {actual_tension}). How much of the conflict came from "
                "misreading, and how much from the moves themselves?"
            )
        found.append(
            (
                "counterfactual",
                1.5 + abs(rp.actual_wars - rp.replay_wars) + abs(rp.actual_misreads) / 10,
                question,
            )
        )
    s = w.summary
    if s.costly_signals:
        found.append(
            (
                "signals",
                1.6,
                f"{_plural(s.costly_signals, 'costly signal')} and "
                f"{_plural(s.cheap_signals, 'cheap reassurance')} were sent{where}. Look at the "
                "trust each moved: why does paying for a signal say more than words?",
            )
        )
    elif s.cheap_signals:
        found.append(
            (
                "signals",
                1.4,
                f"{_plural(s.cheap_signals, 'cheap reassurance')} were sent{where} and not one "
                "costly signal. Why do words alone move trust so little, and what would a costly "
                "signal have risked?",
            )
        )
    broken = [p for p in w.pledges if p.fate == "broken"]
    kept = [p for p in w.pledges if p.fate == "kept"]
    if broken:
        p = broken[0]
        found.append(
            (
                "pledge",
                1.9,
                f"{capfirst(the_state(p.by, names))} pledged restraint to "
                f"{the_state(p.to, names)} on turn {p.turn} and broke the pledge on turn "
                f"{p.broken_at}{where}. Why might a state tie its hands, and what did "
                "breaking its word cost?",
            )
        )
    elif kept:
        p = kept[0]
        found.append(
            (
                "pledge",
                1.3,
                f"{capfirst(the_state(p.by, names))} pledged restraint to "
                f"{the_state(p.to, names)} on turn {p.turn}{where} and kept it. Did the pledge "
                f"change how the others saw {the_state(p.by, names)}? Why is a public promise "
                "more believable than a private one?",
            )
        )
    pacts = [i for i in w.timeline if i.kind == "pact"]
    if pacts:
        item = pacts[0]
        a, b = item.states
        found.append(
            (
                "pact",
                1.2,
                f"{capfirst(the_state(a, names))} and {the_state(b, names)} allied on turn "
                f"{item.turn}{where}. "
                "Did the alliance make them safer, or did the states outside it feel more "
                "threatened?",
            )
        )
    if rp is not None and rp.price_of_anarchy < 0.95:
        found.append(
            (
                "anarchy",
                1.7,
                f"World {w.log.label} earned {rp.price_of_anarchy:.0%} of the score that mutual "
                f"restraint would have earned, and spent {rp.wasted_arms:g} wealth on arms "
                "inside tragic spirals. Where did the rest go, and who gained from it?",
            )
        )
    if w.trust and w.log.records:
        received: dict[str, list[float]] = {}
        for (_, of), value in w.trust.items():
            received.setdefault(of, []).append(value)
        least = min(received, key=lambda k: (sum(received[k]) / len(received[k]), k))
        mean = sum(received[least]) / len(received[least])
        found.append(
            (
                "trusted",
                1.1,
                f"By the end{where}, {the_state(least, names)} was the least trusted state (the "
                f"others trusted it {mean:.0%} on average). How did it come to be seen that way, "
                "and did it deserve it?",
            )
        )
    if w.log.records and not s.wars:
        found.append(
            (
                "peace",
                1.0,
                f"Nobody went to war{where} in {_plural(len(w.log.records), 'turn')}. What kept "
                "the peace: trust, fear of what war would cost, or the rules of the world?",
            )
        )
    hidden = [t for t in w.truth if t.type == EXPANSIONIST]
    if hidden:
        found.append(
            (
                "expansionist",
                2.6,
                f"{capfirst(the_state(hidden[0].key, names))} was secretly an "
                f"expansionist{where}. Could the others tell? Which of its moves gave it away, "
                "and which hid it?",
            )
        )
    return found


def discussion_questions(reports: Sequence[WorldReport], scenario_title: str) -> list[str]:
    """Return six to eight questions written from this game's events, one of each kind."""
    many = len(reports) > 1
    best: dict[str, tuple[float, str]] = {}
    for w in reports:
        where = f" in world {w.log.label}" if many else ""
        for kind, weight, text in _world_questions(w, where):
            if kind not in best or weight > best[kind][0]:
                best[kind] = (weight, text)
    found_groups = groups(reports) if many else []
    if len(found_groups) >= 2:
        hot = max(found_groups, key=lambda g: (g.mean_tension, g.wars))
        calm = min(found_groups, key=lambda g: (g.mean_tension, g.wars))
        best["compare"] = (
            3.5,
            f"Worlds playing “{hot.label}” averaged {_plural(hot.wars, 'war')} and tension "
            f"{hot.mean_tension:.2f}; worlds playing “{calm.label}” averaged "
            f"{_plural(calm.wars, 'war')} and {calm.mean_tension:.2f}. What about the rules "
            "made the difference, and what does it say about the offense-defense balance?",
        )
    chosen = sorted(best.items(), key=lambda item: -item[1][0])[:8]
    questions = [text for _, (_, text) in sorted(chosen, key=lambda i: QUESTION_ORDER.index(i[0]))]
    if reports and len(questions) < 6:
        names = reports[0].names
        keys = list(reports[0].log.keys)
        fallbacks = [
            f"If you played {scenario_title} again as {the_state(keys[0], names)}, what would you "
            "do differently on turn 1, and why?",
            "Which state seemed most threatening to you during the game, and was it really a "
            "threat? What in your information made it look that way?",
            "A realist and a liberal look at this game: what would each say went wrong, and "
            "what would each have done about it?",
        ]
        questions.extend(fallbacks[: 6 - len(questions)])
    return questions[:8]


# --- a student's reflection questions ---------------------------------------


def reflection_questions(w: WorldReport, seat: str) -> list[str]:
    """Return the three reflection questions for the student who played `seat`."""
    names = w.names
    me = the_state(seat, names)
    # A threat seen where there was none is the security dilemma's misread: ask about it first.
    mine = sorted(
        (
            (r.seen != OFFENSIVE, e.turn, e.state, e.built, r.seen)
            for e in w.ledger
            for r in e.readings
            if r.observer == seat and r.misread
        ),
    )
    if mine:
        _, turn, other, built, seen = mine[0]
        if seen == OFFENSIVE:
            q1 = (
                f"On turn {turn} you saw {the_state(other, names)} build offensive arms, but "
                f"it had really {_built_phrase(built)}. What made it look threatening, and "
                "what would have changed your mind?"
            )
        else:
            q1 = (
                f"On turn {turn} you took {the_state(other, names)}'s offensive build for a "
                "harmless one. Looking back, what signs did you miss, and what would you have "
                "done had you seen it clearly?"
            )
    else:
        drops = [
            (r.trust_before - r.trust, e.turn, e.state)
            for e in w.ledger
            for r in e.readings
            if r.observer == seat
        ]
        if drops and max(drops)[0] > 0:
            _, turn, other = max(drops)
            q1 = (
                f"On turn {turn} your trust in {the_state(other, names)} fell the most. What "
                "did it do, what did you think it meant, and what did it really mean?"
            )
        else:
            q1 = "Which state worried you most during the game, and what did it really want?"
    seen_as_threat = [
        (e.turn, r.observer, e.built)
        for e in w.ledger
        if e.state == seat
        for r in e.readings
        if r.misread and r.seen == OFFENSIVE
    ]
    misread_me = sum(1 for e in w.ledger if e.state == seat for r in e.readings if r.misread)
    if seen_as_threat:
        turn, observer, built = seen_as_threat[0]
        q2 = (
            f"The others misread your moves {_plural(misread_me, 'time')}: on turn {turn}, "
            f"{the_state(observer, names)} saw offensive arms when you had {_built_phrase(built)}. "
            "What could you have done to show what you really meant?"
        )
    else:
        trust = [(v, o) for (o, of), v in w.trust.items() if of == seat]
        if trust:
            low, observer = min(trust)
            q2 = (
                f"At the end {the_state(observer, names)} trusted {me} only {low:.0%}. What did "
                "you do that shaped its view of you, and was that the view you wanted?"
            )
        else:
            q2 = "How do you think the others saw you, and was that the view you wanted?"
    s = w.summary
    types = [t for t in w.truth if t.type == EXPANSIONIST]
    who = (
        "Nobody in your world was an expansionist."
        if not types
        else f"{capfirst(', '.join(the_state(t.key, names) for t in types))} secretly wanted "
        "to expand."
    )
    q3 = (
        f"Your world ended with {_plural(s.wars, 'war')}, {_plural(s.spirals, 'arms spiral')} "
        f"and {_plural(s.crises, 'crisis')}. {who} Using the idea of the security dilemma, "
        "explain how the game ended the way it did, and what one change would have helped most."
    )
    return [q1, q2, q3]
