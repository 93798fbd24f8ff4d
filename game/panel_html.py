"""The hottest loops of a seat's panels, written in Python instead of template tags.

Every seat's full state is rendered at every turn; most of that time went into
two loops of Django template code: each other state's estimates (eleven
`floatformat`s and a five-way rating select per state) and the news lists (which
grow every turn). The templates still hold the panels; these loops are template
tags (`game/templatetags/spiral.py`) that build the same HTML, byte for byte
(`tests/game/test_panel_html.py` renders both and compares), several times
faster. Items may be the referee's dataclasses (the page) or plain dicts (pushes).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape

from game.referee.moves import name_in_sentence
from game.templatetags.spiral import public_sentence, seen_phrase, signal_noun, the_state

_EXACT = Context(prec=60)
_STEPS = {1: Decimal("0.1"), 2: Decimal("0.01")}


def plain_numbers() -> bool:
    """Tell whether numbers print as Python prints them (the '.' and no grouping: 'en')."""
    return get_format("DECIMAL_SEPARATOR") == "." and not settings.USE_THOUSAND_SEPARATOR


def fixed(value: Any, places: int, plain: bool) -> str:
    """Return `value|floatformat:places` for 1 or 2 places, about five times faster.

    The same rounding (half up, on the shortest decimal that prints the float) and
    no sign on a zero; anything but a finite, modest float or int in a plain-number
    locale goes to Django's own filter.
    """
    kind = type(value)
    if not plain or (kind is not float and kind is not int) or places not in _STEPS:
        return str(floatformat(value, places))
    if not -1e15 < value < 1e15:  # also false for nan
        return str(floatformat(value, places))
    rounded = Decimal(repr(value)).quantize(_STEPS[places], ROUND_HALF_UP, _EXACT)
    text = format(rounded, "f")
    return text[1:] if text[0] == "-" and not rounded else text


def number(value: Any, plain: bool) -> str:
    """Return an int as `{{ value }}` prints it."""
    if plain and type(value) is int:
        return str(value)
    return str(conditional_escape(localize(value)))


def text(value: Any) -> str:
    """Return a value as `{{ value }}` prints it: localized, then escaped."""
    if type(value) is str:
        return str(conditional_escape(value))
    return str(conditional_escape(localize(value)))


def field(item: Any, name: str) -> Any:
    """Read a field of a dict or a dataclass."""
    if type(item) is dict:
        return item.get(name)
    return getattr(item, name, None)


def name_of(names: Mapping[str, str] | None, key: Any, default: str | None = None) -> str:
    """Return `names|get_item:key` (with `|default:...` when given), escaped."""
    found = (names or {}).get(key)
    if default is not None and not found:
        return default
    return text(found)


# --- how you see the others ----------------------------------------------------

# How sure a student is of a read (a rating's confidence).
_SURENESS = ((1, "Unsure"), (2, "Fairly sure"), (3, "Sure"))

_METER = (
    '        <label class="meter-label">{label} <meter min="0" max="1" low="{low}" '
    'high="{high}" optimum="{optimum}" value="{value}">{value}</meter> '
    '<span class="num">{value}</span></label>\n'
)


def others_items(
    others: Iterable[Any],
    turn: Any,
    finished: bool,
    rating_scale: Iterable[tuple[int, str]],
    ratings: Mapping[str, Any] | None,
) -> str:
    """Return the items of the 'How you see the others' list."""
    plain = plain_numbers()
    scale = [(value, number(value, plain), text(label)) for value, label in rating_scale]
    ask = bool(turn) and not finished
    turn_number = number(turn.number, plain) if ask else ""
    parts = []
    for other in others:
        name = text(field(other, "name"))
        key = text(field(other, "key"))
        badges = ' <span class="badge badge-ok">ally</span>' if field(other, "allied") else ""
        if field(other, "transparent"):
            badges += ' <span class="badge">books open</span>'
        uncertainty = field(other, "uncertainty")
        spread = (
            f' <span class="muted">(± {fixed(uncertainty, 1, plain)})</span>' if uncertainty else ""
        )
        parts.append(
            '\n    <li class="other">\n'
            f'      <div class="other-head"><strong>{name}</strong> '
            f'<span class="badge">{text(field(other, "regime"))}</span>{badges}</div>\n'
            f'      <p class="small">Offense ≈ {fixed(field(other, "offense"), 1, plain)} · '
            f"Defence ≈ {fixed(field(other, 'defense'), 1, plain)}{spread}</p>\n"
            '      <div class="meters">\n'
        )
        for label, low, high, optimum, which in (
            ("Trust", "0.35", "0.65", "1", "trust"),
            ("Threat", "0.35", "0.65", "0", "threat"),
            ("Tension", "0.5", "0.75", "0", "tension"),
        ):
            value = fixed(field(other, which), 2, plain)
            parts.append(
                _METER.format(label=label, low=low, high=high, optimum=optimum, value=value)
            )
        parts.append("      </div>\n      ")
        if ask:
            rating = (ratings or {}).get(field(other, "key"))
            options = "".join(
                f'<option value="{shown}"'
                + (
                    " selected"
                    if (rating and rating.friendliness == value) or (not rating and value == 0)
                    else ""
                )
                + f">{label}</option>"
                for value, shown, label in scale
            )
            # A saved read shows as saved, sureness included, so saving again changes nothing.
            sure = rating.confidence if rating else 2
            sureness = "".join(
                f'<option value="{value}"{" selected" if value == sure else ""}>{label}</option>'
                for value, label in _SURENESS
            )
            about = text(name_in_sentence(field(other, "name") or ""))
            saved = f"Your read of {about} is saved." if rating else ""
            parts.append(
                f'\n      <form class="rating" ws-send aria-label="Your read of {about}">\n'
                '        <input type="hidden" name="frame" value="rating">'
                f'<input type="hidden" name="turn" value="{turn_number}">'
                f'<input type="hidden" name="target" value="{key}">\n'
                f'        <label>Your read <select name="friendliness">{options}</select></label>\n'
                f'        <label>How sure <select name="confidence">{sureness}</select></label>\n'
                '        <button type="submit" class="button-small">Save</button>\n'
                f'        <p id="rating-status-{key}" class="rating-status muted small" '
                f'role="status">{saved}</p>\n'
                "      </form>\n      "
            )
        parts.append("\n    </li>\n  ")
    return "".join(parts)


# --- news ------------------------------------------------------------------------


# Marks what this seat saw through open books: the truth, not an estimate.
_VERIFIED = ' <span class="badge">verified: its books are open to you</span>'


def _saw(item: Any, names: Mapping[str, str] | None) -> str:
    """Return 'You saw <the state> build ...' for one observation."""
    seen = text(seen_phrase(field(item, "seen"), field(item, "size")))
    verified = _VERIFIED if field(item, "transparent") else ""
    of = text(the_state(field(item, "of"), names))
    return f"You saw <strong>{of}</strong> {seen}.{verified}"


def news_this_turn(news: Iterable[Any] | None, turn: Any, names: Mapping[str, str]) -> str:
    """Return what this seat saw others do in the turn just resolved."""
    return "".join(
        f"<li>{_saw(item, names)}</li>" for item in news or () if field(item, "turn") == turn
    )


def public_this_turn(public: Iterable[Any] | None, turn: Any, names: Mapping[str, str]) -> str:
    """Return what everyone learnt in the turn just resolved."""
    out = []
    for p in public or ():
        if field(p, "turn") == turn:
            kind = field(p, "kind")
            said = public_sentence(kind, field(p, "states") or (), field(p, "text"), names)
            out.append(f'<li class="public public-{text(kind)}">{text(said)}</li>')
    return "".join(out)


def messages_newest_first(
    messages: Iterable[Any] | None,
    names: Mapping[str, str],
    defaulted: Mapping[int, Collection[str]] | None = None,
) -> str:
    """Return the signals this seat sent or received, newest first.

    A signal the absent policy sent for a seat that did not move is marked
    "(default)", as the debrief marks it. Free text sits in a `.user-text` span.
    """
    plain = plain_numbers()
    defaulted = defaulted or {}
    out = []
    for m in reversed(list(messages or ())):
        said = field(m, "text")
        quote = f' — “<span class="user-text">{text(said)}</span>”' if said else ""
        turn, sender = field(m, "turn"), field(m, "sender")
        default = (
            ' <span class="muted">(default)</span>' if sender in defaulted.get(turn, ()) else ""
        )
        to = field(m, "to")
        out.append(
            f'<li><span class="muted">T{number(turn, plain)}</span> '
            f"<strong>{name_of(names, sender)}</strong> → "
            f"{name_of(names, to) if to and to != 'all' else 'everyone'}: "
            f"{text(signal_noun(field(m, 'kind')))}{default}{quote}</li>"
        )
    return "".join(out)


def earlier_news(news: Iterable[Any] | None, last_news: Any, names: Mapping[str, str]) -> str:
    """Return what this seat saw in the turns before the last one, newest first."""
    plain = plain_numbers()
    return "".join(
        f'<li><span class="muted">T{number(field(item, "turn"), plain)}</span> '
        f"{_saw(item, names)}</li>"
        for item in reversed(list(news or ()))
        if not last_news or field(item, "turn") != last_news.turn
    )
