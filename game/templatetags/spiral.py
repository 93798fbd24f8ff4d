"""Template filters that put the game's data into words."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from game.referee import Move, move_from_dict
from game.referee.economy import ARM_UNITS, costly_wealth
from game.referee.moves import EVERYONE, name_in_sentence

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    """Look `key` up in a mapping (None when absent)."""
    return (mapping or {}).get(key)


@register.filter
def humanize_key(value: str | None) -> str:
    """Turn `costly_reassure` into `costly reassure`."""
    return (value or "").replace("_", " ")


@register.filter
def the_state(key: str | None, names: Mapping[str, str] | None = None) -> str:
    """Name a state as a sentence reads it: 'the Soviet Union', 'Cuba'; 'all' is 'everyone'."""
    if key in (None, "", EVERYONE):
        return "everyone"
    return name_in_sentence((names or {}).get(key) or key)


@register.filter
def in_sentence(name: str | None) -> str:
    """Write a state's name as a sentence reads it: 'the United States', 'Cuba'."""
    return name_in_sentence(name or "")


def _units(size: int, posture: str) -> str:
    return f"{size} {posture} unit" + ("" if size == 1 else "s")


@register.filter
def seen_phrase(seen: str, size: int = 0) -> str:
    """Say what an observer saw a state do with its arms ('build 2 offensive units')."""
    if seen in ("offensive", "defensive"):
        return f"build {_units(size, seen)}" if size else f"build {seen} arms"
    return "build no new arms"


# What a pledge promises (docs/rules.md: no offensive builds for the next three turns).
PLEDGE_TERMS = "not to build offensive arms for the next three turns"


@register.filter
def describe_move(move: Move | None, names: Mapping[str, str] | None = None) -> str:
    """Describe a move in plain words ('Ally: leave the alliance with the Soviet Union')."""
    if move is None:
        return ""

    def name(key: str | None) -> str:
        return the_state(key, names)

    if move.action == "arm":
        aimed = f", aimed at {name(move.aimed_at)}" if move.aimed_at else ""
        return f"Arm: build {_units(move.size or 1, move.posture or '')}{aimed}"
    if move.action == "signal":
        to, kind = move.to or EVERYONE, move.kind or ""
        everyone = to == EVERYONE
        said = {
            "reassure": f"reassure {name(to)}",
            "costly_reassure": f"costly reassurance to {name(to)}",
            "pledge": f"pledge {PLEDGE_TERMS}"
            if everyone
            else f"pledge to {name(to)} {PLEDGE_TERMS}",
            "warn": f"warn {name(to)}",
            "threaten": f"threaten {name(to)}",
            "transparency": f"open the books to {name(to)}",
            "hotline": f"propose a hotline to {name(to)}",
            "arms_control": f"propose arms control to {name(to)}",
        }.get(kind, f"{humanize_key(kind)} to {name(to)}")
        return f"Signal: {said}"
    partner = name(move.partner)
    if move.op == "propose":
        return f"Ally: propose an alliance to {partner}"
    if move.op == "accept":
        return f"Ally: accept the alliance {partner} offered"
    return f"Ally: leave the alliance with {partner}"


@register.filter
def describe_payload(
    payload: Mapping[str, Any] | None, names: Mapping[str, str] | None = None
) -> str:
    """Describe a stored move (its wire form) in plain words."""
    return describe_move(move_from_dict(payload), names) if payload else ""


def _seconds_left(moment: datetime | None) -> float:
    """Return the seconds from now until `moment`, never negative (0 without one)."""
    return 0.0 if moment is None else max(0.0, (moment - timezone.now()).total_seconds())


@register.filter
def seconds_until(moment: datetime | None) -> str:
    """Return the seconds from now until `moment` (never negative), for the countdown."""
    return f"{_seconds_left(moment):.1f}"


@register.filter
def clock_until(moment: datetime | None) -> str:
    """Return the time left until `moment` as m:ss, as the page's countdown shows it."""
    return clock_of_seconds(_seconds_left(moment))


@register.filter
def clock_of_seconds(seconds: float | None) -> str:
    """Return a number of seconds as m:ss (a paused turn's time left, say)."""
    left = max(0, math.ceil(seconds or 0))
    return f"{left // 60}:{left % 60:02d}"


@register.filter
def build_cost(arms_cost: float, size: int) -> float:
    """Return the wealth a build of `size` costs (a double build costs three units)."""
    return ARM_UNITS.get(int(size), 1.0) * float(arms_cost or 0)


@register.filter
def costly_cost(arms_cost: float) -> float:
    """Return the wealth a costly reassurance costs a state with no offense left to scrap."""
    return costly_wealth(float(arms_cost or 0))


PROPOSALS = {"ally": "an alliance", "hotline": "a hotline", "arms_control": "arms control"}
STATE_KEY = re.compile(r"\b[A-Z]{2,4}\b")
# The referee's war news: "War: A, B and C, D; W wins" (one side, " and ", the other).
WAR_NEWS = re.compile(
    r"^War: ([A-Z]{2,4}(?:, [A-Z]{2,4})*) and ([A-Z]{2,4}(?:, [A-Z]{2,4})*); ([A-Z]{2,4}) wins$"
)
# Signals as the messages list names them.
SIGNAL_NOUNS = {
    "reassure": "reassurance",
    "costly_reassure": "costly reassurance",
    "pledge": "pledge: no offensive builds for three turns",
    "warn": "warning",
    "threaten": "threat",
    "transparency": "open books",
    "hotline": "hotline offer",
    "arms_control": "arms control offer",
}


@register.filter
def proposal_phrase(kind: str) -> str:
    """Say what an open offer proposes."""
    return PROPOSALS.get(kind, humanize_key(kind))


@register.filter
def signal_noun(kind: str | None) -> str:
    """Name a kind of signal as a noun ('warning', 'hotline offer')."""
    return SIGNAL_NOUNS.get(kind or "", humanize_key(kind))


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


@register.filter
def with_names(text: str, names: Mapping[str, str] | None) -> str:
    """Replace state keys (USA) in a sentence with the states' names (the United States)."""
    names = names or {}
    named = STATE_KEY.sub(
        lambda m: name_in_sentence(names[m.group(0)]) if m.group(0) in names else m.group(0),
        text or "",
    )
    return _sentence_start(named)


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def public_sentence(
    kind: str, states: Sequence[str], text: str, names: Mapping[str, str] | None
) -> str:
    """Say in a sentence what everyone learnt: a pact, a pledge, a crisis, a war, an event."""
    a, b = [*states, "", ""][:2]
    them = the_state(b, names)
    to_all = b == EVERYONE
    said = {
        "pact_formed": f"{{a}} and {them} form an alliance",
        "pact_left": f"{{a}} leaves its alliance with {them}",
        "ally_offered": f"{{a}} offers {them} an alliance",
        "pledge_made": f"{{a}} pledges {PLEDGE_TERMS}"
        if to_all
        else f"{{a}} pledges to {them} {PLEDGE_TERMS}",
        "pledge_broken": "{a} breaks its pledge not to build offensive arms"
        if to_all
        else f"{{a}} breaks its pledge to {them}",
        "hotline_offered": f"{{a}} offers {them} a hotline",
        "hotline_agreed": f"{{a}} and {them} open a hotline",
        "arms_control_offered": f"{{a}} offers {them} an arms control treaty",
        "arms_control_agreed": f"{{a}} and {them} sign an arms control treaty",
        "arms_control_broken": f"{{a}} breaks its arms control treaty with {them}",
        "transparency_opened": f"{{a}} opens its books to {them} for this turn and the next two",
        "crisis": f"Crisis between {{a}} and {them}",
    }.get(kind)
    if said is not None and a and b:
        sentence = said.format(a=the_state(a, names))
    elif kind == "war" and (war := WAR_NEWS.match(text or "")):
        one, other = (
            _and([the_state(key, names) for key in side.split(", ")])
            for side in (war.group(1), war.group(2))
        )
        winner = _sentence_start(the_state(war.group(3), names))
        sentence = f"War: {one} against {other}. {winner} wins"
    else:
        sentence = with_names(text, names)
    sentence = _sentence_start(sentence)
    return sentence if sentence.endswith((".", "!", "?")) else f"{sentence}."


@register.filter
def public_news(item: Any, names: Mapping[str, str] | None) -> str:
    """Say in a sentence one item of public news (a referee dataclass or its plain dict)."""
    read = item.get if isinstance(item, dict) else lambda name: getattr(item, name, None)
    return public_sentence(read("kind"), read("states") or (), read("text"), names)


# --- the hottest loops of the seat panels, built in Python (game/panel_html.py) ---


@register.simple_tag
def others_items(
    others: Any, turn: Any, finished: bool, rating_scale: Any, ratings: Any
) -> SafeString:
    """Render the items of the 'How you see the others' list."""
    from game import panel_html

    return mark_safe(panel_html.others_items(others, turn, finished, rating_scale, ratings))


@register.simple_tag
def news_this_turn(news: Any, last_news: Any, names: Any) -> SafeString:
    """Render what this seat saw others do in the turn just resolved."""
    from game import panel_html

    return mark_safe(panel_html.news_this_turn(news, last_news.turn, names))


@register.simple_tag
def public_this_turn(public: Any, last_news: Any, names: Any) -> SafeString:
    """Render what everyone learnt in the turn just resolved."""
    from game import panel_html

    return mark_safe(panel_html.public_this_turn(public, last_news.turn, names))


@register.simple_tag
def messages_newest_first(messages: Any, names: Any, defaulted: Any = None) -> SafeString:
    """Render the signals this seat sent or received, newest first (defaults marked)."""
    from game import panel_html

    return mark_safe(panel_html.messages_newest_first(messages, names, defaulted))


@register.simple_tag
def earlier_news(news: Any, last_news: Any, names: Any) -> SafeString:
    """Render what this seat saw in earlier turns, newest first."""
    from game import panel_html

    return mark_safe(panel_html.earlier_news(news, last_news, names))
