"""Template filters that put the game's data into words."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from game.referee import Move, move_from_dict

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
def seen_phrase(seen: str, size: int = 0) -> str:
    """Say what an observer saw a state do with its arms."""
    if seen == "offensive":
        return f"build offensive arms (size {size})" if size else "build offensive arms"
    if seen == "defensive":
        return f"build defensive arms (size {size})" if size else "build defensive arms"
    return "build no arms"


@register.filter
def describe_move(move: Move | None, names: Mapping[str, str] | None = None) -> str:
    """Describe a move in plain words."""
    if move is None:
        return ""
    names = names or {}

    def name(key: str | None) -> str:
        return "everyone" if key in (None, "all") else names.get(key, key)

    if move.action == "arm":
        aimed = f", aimed at {name(move.aimed_at)}" if move.aimed_at else ""
        return f"Arm: {move.posture} build of {move.size}{aimed}"
    if move.action == "signal":
        return f"Signal: {humanize_key(move.kind)} to {name(move.to)}"
    return f"Ally: {move.op} with {name(move.partner)}"


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
    left = math.ceil(_seconds_left(moment))
    return f"{left // 60}:{left % 60:02d}"


PROPOSALS = {"ally": "an alliance", "hotline": "a hotline", "arms_control": "arms control"}
STATE_KEY = re.compile(r"\b[A-Z]{2,4}\b")


@register.filter
def proposal_phrase(kind: str) -> str:
    """Say what an open offer proposes."""
    return PROPOSALS.get(kind, humanize_key(kind))


@register.filter
def with_names(text: str, names: Mapping[str, str] | None) -> str:
    """Replace state keys (BRN) in a sentence with the states' names (Brennia)."""
    names = names or {}
    return STATE_KEY.sub(lambda m: names.get(m.group(0), m.group(0)), text or "")


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
def messages_newest_first(messages: Any, names: Any) -> SafeString:
    """Render the signals this seat sent or received, newest first."""
    from game import panel_html

    return mark_safe(panel_html.messages_newest_first(messages, names))


@register.simple_tag
def earlier_news(news: Any, last_news: Any, names: Any) -> SafeString:
    """Render what this seat saw in earlier turns, newest first."""
    from game import panel_html

    return mark_safe(panel_html.earlier_news(news, last_news, names))
