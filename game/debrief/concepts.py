"""Concept cards: the ideas the game teaches, each tied to what happened in this game."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.referee.scenarios import CONCEPTS
from game.referee.types import EXPANSIONIST

if TYPE_CHECKING:
    from game.debrief.report import WorldReport


@dataclass(frozen=True, slots=True)
class ConceptCard:
    """One idea: its name, what it says, and where this game showed it."""

    key: str
    title: str
    idea: str
    here: str
    in_scenario: bool


IDEAS: dict[str, tuple[str, str]] = {
    "security_dilemma": (
        "The security dilemma",
        "What one state does to feel safer (arming, allying) makes its neighbours feel less "
        "safe; they answer in kind, and all end up poorer and no safer, though none wanted "
        "war (Herz 1950; Jervis 1978).",
    ),
    "anarchy_self_help": (
        "Anarchy and self-help",
        "There is no world government to call when threatened, so each state must look after "
        "itself, and must plan for what others could do, not only for what they intend.",
    ),
    "offense_defense_balance": (
        "The offense-defense balance",
        "When attack is easier than defence, striking first pays and every build looks like a "
        "threat; when defence is easier, states can feel safe without endangering others.",
    ),
    "differentiation": (
        "Telling offense from defence",
        "If defensive arms look different from offensive ones, a state can arm without "
        "threatening anyone; when they look alike, every build is read in the worst light.",
    ),
    "costly_signals": (
        "Costly signals",
        "A signal that costs something (paying, scrapping weapons where others can check) is "
        "believable because an aggressive state would not pay it.",
    ),
    "cheap_talk": (
        "Cheap talk",
        "Words cost nothing, so an aggressive state can say them as easily as a peaceful one: "
        "reassurance alone moves trust only where trust already exists.",
    ),
    "transparency": (
        "Transparency and confidence-building",
        "Opening one's forces to inspection removes the guesswork: others see what is really "
        "being built, so defensive arming stops looking offensive.",
    ),
    "hotlines": (
        "Hotlines",
        "A direct line between leaders (as after the Cuban crisis of 1962) lets a crisis be "
        "talked down before it becomes a war.",
    ),
    "arms_control": (
        "Arms control",
        "Agreed, verified limits let both sides stop racing at once, so neither has to trust "
        "the other blindly, and both save the cost of arms.",
    ),
    "alliances": (
        "Alliances and the balance of threat",
        "States ally against the most threatening power, not only the strongest; but an "
        "alliance that makes its members safer can look like a threat to everyone outside it.",
    ),
    "entrapment_abandonment": (
        "Entrapment and abandonment",
        "An ally may drag you into its war (entrapment) or fail you when you need it "
        "(abandonment): every alliance trades one fear for the other.",
    ),
    "domestic_pressure": (
        "Domestic pressure",
        "Hawks at home push leaders to arm and punish restraint; a leader under pressure may "
        "arm even when it does not help.",
    ),
    "deterrence_vs_spiral": (
        "Deterrence or spiral?",
        "Against an aggressor, firmness deters; against a fearful neighbour, firmness feeds a "
        "spiral. The hard part is knowing which one you face.",
    ),
    "realism_liberalism": (
        "Realist and liberal readings",
        "A realist sees states arming because anarchy forces them to; a liberal sees "
        "institutions, trade and agreements that can make cooperation stick.",
    ),
    "nuclear_deterrence": (
        "Nuclear deterrence",
        "When both sides can destroy each other whatever happens, war stops being a way to "
        "win, and the danger moves to accidents and misreadings in a crisis.",
    ),
    "misperception": (
        "Misperception",
        "Leaders see what they expect to see: a neighbour's build looks aimed at them, and "
        "their own looks harmless (Jervis 1976).",
    ),
}


def count(n: float, word: str, plural: str | None = None) -> str:
    """Return "1 war" or "3 wars"."""
    return f"{n:g} {word if n == 1 else plural or word + 's'}"


def _sum(reports: Sequence[WorldReport], attribute: str) -> float:
    return sum(getattr(w.summary, attribute) for w in reports)


def _diplomacy(reports: Sequence[WorldReport], kind: str) -> int:
    return sum(1 for w in reports for r in w.log.records for d in r.diplomacy if d.kind == kind)


def _signals(reports: Sequence[WorldReport], kind: str) -> int:
    return sum(
        1
        for w in reports
        for r in w.log.records
        for e in r.moves
        if e.move.action == "signal" and e.move.kind == kind
    )


def _security(reports: Sequence[WorldReport]) -> str:
    tragic = _sum(reports, "tragic_spirals")
    builds = _sum(reports, "builds")
    if tragic:
        return (
            f"{count(tragic, 'tragic spiral')}: security seekers armed against each other although "
            "none of them wanted war."
        )
    if builds:
        return f"{builds:g} arms builds were made; look at how each was received."
    return ""


def _anarchy(reports: Sequence[WorldReport]) -> str:
    wars = _sum(reports, "wars")
    return (
        f"{count(wars, 'war')} broke out, with no one to stop {'it' if wars == 1 else 'them'}."
        if wars
        else ""
    )


def _balance(reports: Sequence[WorldReport]) -> str:
    found = sorted(
        {
            (w.log.initial.params.offense_advantage, w.log.label)
            for w in reports
            if w.log.initial is not None
        }
    )
    if len({v for v, _ in found}) > 1:
        return "Worlds ran with different offense advantages: compare them in “Worlds compared”."
    if found and found[0][0] > 1.0:
        return f"Offense was dominant here (offense advantage {found[0][0]:g})."
    return ""


def _differentiation(reports: Sequence[WorldReport]) -> str:
    misreads = _sum(reports, "misreads")
    return f"Observers misread what others did {count(misreads, 'time')}." if misreads else ""


def _costly(reports: Sequence[WorldReport]) -> str:
    n = _signals(reports, "costly_reassure")
    return f"{count(n, 'costly reassurance')} sent." if n else "Nobody sent a costly signal."


def _cheap(reports: Sequence[WorldReport]) -> str:
    n = _signals(reports, "reassure")
    return f"{count(n, 'cheap reassurance')} sent." if n else ""


def _transparency(reports: Sequence[WorldReport]) -> str:
    n = _diplomacy(reports, "transparency_opened")
    return f"States opened their books {count(n, 'time')}." if n else "Nobody opened its books."


def _hotlines(reports: Sequence[WorldReport]) -> str:
    n = _diplomacy(reports, "hotline_agreed")
    return f"{count(n, 'hotline')} agreed." if n else ""


def _arms_control(reports: Sequence[WorldReport]) -> str:
    n = _diplomacy(reports, "arms_control_agreed")
    broken = _diplomacy(reports, "arms_control_broken")
    if n:
        return (
            f"{count(n, 'arms control treaty', 'arms control treaties')} signed, {broken} broken."
        )
    return ""


def _alliances(reports: Sequence[WorldReport]) -> str:
    n = _diplomacy(reports, "pact_formed")
    return f"{count(n, 'alliance')} formed." if n else ""


def _entrapment(reports: Sequence[WorldReport]) -> str:
    drawn = sum(len(war.drawn_in) for w in reports for r in w.log.records for war in r.wars)
    left = _diplomacy(reports, "pact_left")
    parts = []
    if drawn:
        parts.append(f"{count(drawn, 'state')} drawn into an ally's war")
    if left:
        parts.append(f"{count(left, 'alliance')} abandoned")
    return ("; ".join(parts) + ".") if parts else ""


def _domestic(reports: Sequence[WorldReport]) -> str:
    hawks = [
        (w.log.label, c.name)
        for w in reports
        if w.log.records
        for c in w.log.records[-1].countries
        if c.hawkishness >= 0.65
    ]
    if hawks:
        shown = ", ".join(name for _, name in hawks[:4])
        return f"{count(len(hawks), 'state')} ended with hawks in charge at home ({shown})."
    return ""


def _deterrence(reports: Sequence[WorldReport]) -> str:
    threats = _signals(reports, "threaten") + _signals(reports, "warn")
    hidden = sum(1 for w in reports for t in w.truth if t.type == EXPANSIONIST)
    if threats:
        who = f"{count(hidden, 'real expansionist')}" if hidden else "no real expansionist"
        return f"{count(threats, 'warning or threat', 'warnings or threats')} sent, against {who}."
    return ""


def _realism(reports: Sequence[WorldReport]) -> str:
    agreements = sum(
        _diplomacy(reports, k) for k in ("pact_formed", "hotline_agreed", "arms_control_agreed")
    )
    builds = _sum(reports, "builds")
    return f"{builds:g} arms builds against {agreements} agreements made." if builds else ""


def _nuclear(reports: Sequence[WorldReport]) -> str:
    nuclear = [w for w in reports if w.log.initial is not None and w.log.initial.params.nuclear]
    if nuclear:
        return f"{count(len(nuclear), 'world')} played with mutual second-strike forces."
    return ""


def _misperception(reports: Sequence[WorldReport]) -> str:
    misreads = _sum(reports, "misreads")
    fed = _sum(reports, "misperception_spirals")
    if misreads:
        return f"{count(misreads, 'misread')} in all; {count(fed, 'spiral')} fed by one."
    return ""


EVIDENCE: dict[str, Callable[[Sequence[WorldReport]], str]] = {
    "security_dilemma": _security,
    "anarchy_self_help": _anarchy,
    "offense_defense_balance": _balance,
    "differentiation": _differentiation,
    "costly_signals": _costly,
    "cheap_talk": _cheap,
    "transparency": _transparency,
    "hotlines": _hotlines,
    "arms_control": _arms_control,
    "alliances": _alliances,
    "entrapment_abandonment": _entrapment,
    "domestic_pressure": _domestic,
    "deterrence_vs_spiral": _deterrence,
    "realism_liberalism": _realism,
    "nuclear_deterrence": _nuclear,
    "misperception": _misperception,
}


def concept_cards(
    reports: Sequence[WorldReport], scenario_concepts: Sequence[str]
) -> list[ConceptCard]:
    """Return the cards of the scenario's concepts and of every concept this game showed."""
    cards = []
    always = {"security_dilemma", "misperception", *scenario_concepts}
    for key in CONCEPTS:
        title, idea = IDEAS[key]
        here = EVIDENCE[key](reports)
        if key in always or here:
            cards.append(ConceptCard(key, title, idea, here, key in scenario_concepts))
    return cards
