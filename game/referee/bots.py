"""Bots: strategies that decide from a seat's view alone, as a human in that seat would.

Every bot is deterministic: what randomness it uses is a counter-based draw keyed on the
view's draw key, turn and purpose. "Cooperating" means not building arms (answering
offers in kind, reassuring); "defecting" means building. A bot builds what the believed
balance favours: defence when defence dominates or arms can be told apart, offense otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from game.referee import economy
from game.referee.moves import CHEAP_REASSURANCE, EVERYONE, Move
from game.referee.rng import draw, first_draws
from game.referee.types import OFFENSIVE
from game.referee.view import OtherView, SeatView

GENEROSITY = 1 / 3  # generous tit-for-tat forgives a seen build this often
COSTLY_BELOW = 0.3  # a dove pays to reassure a state whose trust in it has fallen this low
BALANCE_FROM = 0.5  # the balancer acts against a threat above this level
PROVOKED_FROM = 0.3  # a build counts as aimed at us when its builder threatens us this much
ALLY_TRUST = 0.5  # the balancer seeks partners it trusts at least this much
ACCEPT_TRUST = 0.4  # ... and takes up offers from states it trusts at least this much


def _cheap() -> Move:
    return CHEAP_REASSURANCE  # the same frozen move every time: nothing to build


@lru_cache(maxsize=1024)
def _arm(posture: str, target: str | None) -> Move:
    """Return a one-unit build (moves are frozen, so bots can share them)."""
    return Move.arm(posture, 1, aimed_at=target)


def _posture(view: SeatView) -> str:
    """Return what a security-minded bot builds.

    Defence when defence is believed to dominate, or when arms can be told apart (so a
    defensive build reads as what it is); offense only when it is believed to dominate
    and nobody could tell the difference anyway.
    """
    distinguishable = float(view.rules["differentiation"]) >= 0.5
    if view.offense_advantage > 1.0 and not distinguishable:
        return "offensive"
    return "defensive"


def _can_build(view: SeatView, size: int = 1) -> bool:
    cost = economy.ARM_UNITS[size] * float(view.rules["arms_cost"])
    return view.me.wealth >= cost


def _build(view: SeatView, target: str | None, posture: str | None = None) -> Move:
    if not _can_build(view):
        return _cheap()
    return _arm(posture or _posture(view), target)


def _answer_offers(view: SeatView) -> Move | None:
    """Return a move that answers an open hotline or arms control offer in kind."""
    for offer in view.offers_to_me:
        if offer.kind == "hotline" and view.hotline_available:
            if not view.other(offer.sender).hotline:
                return Move.signal("hotline", offer.sender)
        elif offer.kind == "arms_control" and not view.other(offer.sender).arms_control:
            return Move.signal("arms_control", offer.sender)
    return None


def _cooperate(view: SeatView) -> Move:
    return _answer_offers(view) or _cheap()


def _most_threatening(others: list[OtherView] | tuple[OtherView, ...]) -> OtherView:
    """Return max(others, key=lambda o: (o.threat, o.key)), without a key tuple per state."""
    if not others:
        raise ValueError("max() arg is an empty sequence")
    best = others[0]
    for o in others[1:]:
        # The tuple comparison, spelled out: threat first, then the key on a tie.
        if o.threat > best.threat or (o.threat == best.threat and o.key > best.key):
            best = o
    return best


def _provokers(view: SeatView) -> list[OtherView]:
    """Return the threatening states this seat saw building offensive arms last turn."""
    return [
        o for o in view.others if o.seen == OFFENSIVE and not o.allied and o.threat >= PROVOKED_FROM
    ]


def dove(view: SeatView) -> Move:
    """Never build; answer offers; pay to reassure whoever has come to distrust us most."""
    answer = _answer_offers(view)
    if answer is not None:
        return answer
    last = view.me.last_move
    if last is None or last.kind != "costly_reassure":
        worried = [o for o in view.others if o.trust < COSTLY_BELOW]
        can_pay = economy.can_pay_costly(
            float(view.rules["arms_cost"]), view.me.offense, view.me.wealth
        )
        if worried and can_pay:
            target = min(worried, key=lambda o: (o.trust, o.key))
            return Move.signal("costly_reassure", target.key)
    return _cheap()


def hawk(view: SeatView) -> Move:
    """Build offense every turn, aimed at the most threatening state."""
    target = _most_threatening(view.others).key
    if _can_build(view):
        return _arm("offensive", target)
    return Move.signal("threaten", target)


def tit_for_tat(view: SeatView) -> Move:
    """Cooperate first; then build against whoever was seen building offense last turn."""
    provokers = _provokers(view)
    if provokers:
        return _build(view, _most_threatening(provokers).key)
    return _cooperate(view)


def generous_tit_for_tat(view: SeatView) -> Move:
    """Like tit-for-tat, but forgive each seen build with probability one in three."""
    unforgiven = [
        o
        for o in _provokers(view)
        if draw(view.draw_key, view.turn, "forgive", view.seat, o.key) >= GENEROSITY
    ]
    if unforgiven:
        return _build(view, _most_threatening(unforgiven).key)
    return _cooperate(view)


def contrite_tit_for_tat(view: SeatView) -> Move:
    """Like tit-for-tat, but take one answer to our own build without answering back."""
    last = view.me.last_move
    answered = last.aimed_at if last is not None and last.action == "arm" else None
    provokers = [o for o in _provokers(view) if o.key != answered]
    if provokers:
        return _build(view, _most_threatening(provokers).key)
    if answered is not None:
        return Move.signal("reassure", answered)
    return _cooperate(view)


def grim(view: SeatView) -> Move:
    """Cooperate until anyone is ever seen building offense; then build against it forever."""
    wronged = [o for o in view.others if o.grievances > 0 and not o.allied]
    if wronged:
        return _build(view, max(wronged, key=lambda o: (o.grievances, o.threat, o.key)).key)
    return _cooperate(view)


def balancer(view: SeatView) -> Move:
    """Balance against the most threatening state: with an ally if one is at hand, else arms."""
    target = _most_threatening(view.others)
    if target.threat < BALANCE_FROM:
        return _cooperate(view)
    for offer in view.offers_to_me:
        if (
            offer.kind == "ally"
            and offer.sender != target.key
            and view.other(offer.sender).trust >= ACCEPT_TRUST
        ):
            return Move.ally("accept", offer.sender, "fair")
    offered = {p.to for p in view.my_offers if p.kind == "ally"}
    candidates = [
        o
        for o in view.others
        if o.key != target.key and not o.allied and o.trust >= ALLY_TRUST and o.key not in offered
    ]
    if candidates and not view.me.allies:
        partner = max(candidates, key=lambda o: (o.trust, o.key))
        return Move.ally("propose", partner.key, "fair")
    return _build(view, target.key)


def random_bot(view: SeatView) -> Move:
    """Pick any sensible move at random (from the view's own draws)."""
    others = [o.key for o in view.others]
    # Draws k = 0 and 1 of one key: both come from the same digest.
    u, v, _ = first_draws(view.draw_key, view.turn, "random", view.seat, "")
    target = others[int(v * len(others))]
    options: list[Callable[[], Move | None]] = [
        lambda: _build(view, target, "defensive"),
        lambda: _build(view, target, "offensive"),
        _cheap,
        lambda: Move.signal("pledge", target),
        lambda: Move.signal("warn", target),
        lambda: Move.signal("transparency", EVERYONE),
        lambda: _answer_offers(view),
    ]
    choice = options[int(u * len(options))]()
    return choice or _cheap()


BOTS: dict[str, Callable[[SeatView], Move]] = {
    "dove": dove,
    "hawk": hawk,
    "tit_for_tat": tit_for_tat,
    "generous_tit_for_tat": generous_tit_for_tat,
    "contrite_tit_for_tat": contrite_tit_for_tat,
    "grim": grim,
    "balancer": balancer,
    "random": random_bot,
}
BOT_NAMES: tuple[str, ...] = tuple(BOTS)


class UnknownBot(ValueError):
    """A bot name that is not one of BOT_NAMES."""


def check_bot(name: str) -> str:
    """Return `name` if it names a bot; raise UnknownBot naming the valid ones."""
    if name not in BOTS:
        raise UnknownBot(f"unknown bot {name!r}; valid bots: {', '.join(BOT_NAMES)}")
    return name


def bot_move(name: str, view: SeatView) -> Move:
    """Return the move bot `name` plays from this seat view."""
    return BOTS[check_bot(name)](view)
