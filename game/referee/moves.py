"""Moves: the one action each state takes per turn, its wire form and its validation."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from game.referee import economy
from game.referee.fastbuild import fast_init

if TYPE_CHECKING:
    from game.referee.types import WorldState

ACTIONS = ("arm", "signal", "ally")
POSTURES = ("defensive", "offensive")
SIZES = (1, 2)
SIGNAL_KINDS = (
    "reassure",
    "costly_reassure",
    "pledge",
    "warn",
    "threaten",
    "transparency",
    "hotline",
    "arms_control",
)
ALLY_OPS = ("propose", "accept", "leave")
BURDENS = ("low", "fair", "high")
TEXT_LIMIT = 280
EVERYONE = "all"
# Words that make a state's name take "the" inside a sentence (the United States, the
# Soviet Union, the Baltic states, the Philippines); other names stand alone (Cuba).
_NAMES_WITH_THE = frozenset(
    {
        "united",
        "union",
        "kingdom",
        "republic",
        "states",
        "emirates",
        "islands",
        "federation",
        "empire",
        "netherlands",
        "philippines",
        "bahamas",
        "gambia",
        "maldives",
    }
)
# What each field naming a state is, in a player's words.
_STATE_FIELDS = {
    "aimed_at": "the state a build is aimed at",
    "to": "the state a signal goes to",
    "with": "an alliance partner",
}

# Which wire fields each action takes; the first ones listed are required.
_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "arm": (("posture", "size"), ("aimed_at", "reason")),
    "signal": (("to", "kind"), ("text",)),
    "ally": (("op", "with"), ("burden",)),
}


class InvalidMove(ValueError):
    """A move the referee refuses; `reason` says why in words a player understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@fast_init
@dataclass(frozen=True, slots=True)
class Move:
    """One state's action for one turn (fields unused by the action stay None)."""

    action: str
    posture: str | None = None
    size: int | None = None
    aimed_at: str | None = None
    reason: str | None = None
    to: str | None = None
    kind: str | None = None
    text: str | None = None
    op: str | None = None
    partner: str | None = None
    burden: str | None = None

    @classmethod
    def arm(
        cls,
        posture: str,
        size: int = 1,
        aimed_at: str | None = None,
        reason: str | None = None,
    ) -> Move:
        """Return an ARM move."""
        return cls("arm", posture=posture, size=size, aimed_at=aimed_at, reason=reason)

    @classmethod
    def signal(cls, kind: str, to: str = EVERYONE, text: str | None = None) -> Move:
        """Return a SIGNAL move."""
        return cls("signal", to=to, kind=kind, text=text)

    @classmethod
    def ally(cls, op: str, partner: str, burden: str | None = "fair") -> Move:
        """Return an ALLY move."""
        return cls("ally", op=op, partner=partner, burden=None if op == "leave" else burden)

    @property
    def is_build(self) -> bool:
        """Return whether this move builds arms."""
        return self.action == "arm"


CHEAP_REASSURANCE = Move.signal("reassure", EVERYONE)


def name_in_sentence(name: str) -> str:
    """Return a state's name as it reads inside a sentence: 'the Soviet Union', 'Cuba'."""
    words = name.lower().replace("-", " ").split()
    if words and words[0] != "the" and any(word in _NAMES_WITH_THE for word in words):
        return f"the {name}"
    return name


def _named(world: WorldState, key: str) -> str:
    """Return the name of the state `key` as a sentence reads it (its key if unknown)."""
    try:
        return name_in_sentence(world.country(key).name)
    except KeyError:
        return key


def _listed(names: list[str]) -> str:
    """Return 'A', 'A or B', 'A, B or C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def clean_text(value: object, field: str) -> str | None:
    """Return free text without control characters, or raise InvalidMove if too long."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidMove(f"{field} must be text")
    kept = []
    for ch in value:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            # Line breaks and tabs become spaces; other invisible characters go.
            if ch in "\n\r\t\u2028\u2029":
                kept.append(" ")
            continue
        kept.append(ch)
    text = "".join(kept).strip()
    if len(text) > TEXT_LIMIT:
        raise InvalidMove(f"{field} is too long: {len(text)} characters, the limit is {TEXT_LIMIT}")
    return text or None


def _choice(data: Mapping[str, object], field: str, choices: tuple[str, ...]) -> str:
    value = data.get(field)
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    raise InvalidMove(f"{field} must be one of {', '.join(choices)}, not {value!r}")


def _state_key(data: Mapping[str, object], field: str, *, optional: bool = False) -> str | None:
    value = data.get(field)
    if value is None or value == "":
        if optional:
            return None
        raise InvalidMove(f"{field} must name a state")
    if not isinstance(value, str):
        raise InvalidMove(f"{field} must name a state")
    text = value.strip()
    return EVERYONE if text.lower() == EVERYONE else text.upper()


def _size(data: Mapping[str, object]) -> int:
    value = data.get("size")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in SIZES:
        return value
    raise InvalidMove(f"size must be 1 or 2, not {value!r}")


def move_from_dict(data: Mapping[str, object]) -> Move:
    """Return the Move a wire dict describes; raise InvalidMove if it is malformed."""
    if not isinstance(data, Mapping):
        raise InvalidMove("a move must be an object with an 'action'")
    action = data.get("action")
    if not isinstance(action, str) or action.strip().lower() not in ACTIONS:
        raise InvalidMove(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    action = action.strip().lower()
    required, optional = _FIELDS[action]
    unknown = sorted(str(k) for k in data if k != "action" and k not in required + optional)
    if unknown:
        allowed = ", ".join(required + optional)
        raise InvalidMove(f"unknown field {unknown[0]!r} for {action}; it takes {allowed}")
    if action == "arm":
        return Move(
            "arm",
            posture=_choice(data, "posture", POSTURES),
            size=_size(data),
            aimed_at=_state_key(data, "aimed_at", optional=True),
            reason=clean_text(data.get("reason"), "reason"),
        )
    if action == "signal":
        return Move(
            "signal",
            to=_state_key(data, "to"),
            kind=_choice(data, "kind", SIGNAL_KINDS),
            text=clean_text(data.get("text"), "text"),
        )
    op = _choice(data, "op", ALLY_OPS)
    partner = _state_key(data, "with")
    if partner == EVERYONE:
        raise InvalidMove("an alliance is made with one state, not with all")
    burden = None
    if op != "leave":
        burden = _choice(data, "burden", BURDENS) if data.get("burden") is not None else "fair"
    return Move("ally", op=op, partner=partner, burden=burden)


def move_to_dict(move: Move) -> dict[str, object]:
    """Return the JSON-safe wire form of a move (unused fields left out)."""
    if move.action == "arm":
        data: dict[str, object] = {"action": "arm", "posture": move.posture, "size": move.size}
        if move.aimed_at is not None:
            data["aimed_at"] = move.aimed_at
        if move.reason is not None:
            data["reason"] = move.reason
        return data
    if move.action == "signal":
        data = {"action": "signal", "to": move.to, "kind": move.kind}
        if move.text is not None:
            data["text"] = move.text
        return data
    data = {"action": "ally", "op": move.op, "with": move.partner}
    if move.burden is not None:
        data["burden"] = move.burden
    return data


@lru_cache(maxsize=4096)
def _normalized(move: Move) -> Move:
    """Return a Move object checked like its wire form (cached: moves repeat a lot)."""
    return move_from_dict(move_to_dict(move))


def _other(world: WorldState, seat: str, key: str | None, field: str) -> None:
    if key is None:
        return
    what = _STATE_FIELDS.get(field, field)
    if key == seat:
        raise InvalidMove(f"{what} cannot be your own state")
    if key not in world.seats:
        others = [_named(world, s) for s in world.seats if s != seat]
        raise InvalidMove(f"{what} must be {_listed(others)}")


def check_move(world: WorldState, seat: str, data: Mapping[str, object] | Move) -> Move:
    """Return the validated Move for `seat` in `world`; raise InvalidMove if it is refused."""
    if world.finished:
        raise InvalidMove("the game is over")
    if seat not in world.seats:
        raise InvalidMove(f"{seat!r} is not a state in this world")
    if isinstance(data, Move):
        try:
            move = _normalized(data)
        except TypeError:  # an unhashable field value: not a move anyone could send
            raise InvalidMove("a move's fields must be text or whole numbers") from None
    else:
        move = move_from_dict(data)
    me = world.country(seat)
    params = world.params
    if move.action == "arm":
        _other(world, seat, move.aimed_at, "aimed_at")
        cost = economy.arm_cost(params, move.size or 1)
        if cost > me.wealth:
            raise InvalidMove(
                f"you cannot afford a build of {move.size}: it costs {cost:g} "
                f"and you have {me.wealth:g}"
            )
        return move
    if move.action == "signal":
        to = move.to
        if to != EVERYONE:
            _other(world, seat, to, "to")
        kind = move.kind
        if kind == "costly_reassure" and not economy.can_pay_costly(
            params.arms_cost, me.offense, me.wealth
        ):
            raise InvalidMove(
                "you cannot pay for a costly reassurance: you have no offense to scrap "
                f"and less than {economy.costly_wealth(params.arms_cost):g} wealth"
            )
        if kind == "hotline":
            if not world.hotline_available:
                raise InvalidMove("there is no hotline in this scenario")
            partners = [k for k in world.seats if k != seat and not world.has_hotline(seat, k)]
            if to != EVERYONE and to not in partners:
                raise InvalidMove(f"you already have a hotline with {_named(world, to or '')}")
            if not partners:
                raise InvalidMove("you already have a hotline with every state")
        if kind == "arms_control" and to != EVERYONE and world.has_arms_control(seat, to or ""):
            raise InvalidMove(
                f"an arms control treaty with {_named(world, to or '')} is already in force"
            )
        return move
    partner = move.partner or ""
    _other(world, seat, partner, "with")
    allied = world.allied(seat, partner)
    if move.op == "propose" and allied:
        raise InvalidMove(f"you are already allied with {_named(world, partner)}")
    if move.op == "accept":
        if allied:
            raise InvalidMove(f"you are already allied with {_named(world, partner)}")
        if not world.has_proposal("ally", partner, seat):
            raise InvalidMove(f"{_named(world, partner)} has not offered you an alliance")
    if move.op == "leave" and not allied:
        raise InvalidMove(f"you are not allied with {_named(world, partner)}")
    return move


def validate_move(world: WorldState, seat: str, data: Mapping[str, object] | Move) -> str | None:
    """Return why the move is refused, or None if it is valid."""
    try:
        check_move(world, seat, data)
    except InvalidMove as refusal:
        return refusal.reason
    return None
