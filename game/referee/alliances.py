"""Alliances and agreements: pacts, pledges, hotlines, arms control and transparency form,
hold or break.

An offer (alliance, hotline, arms control) takes effect only when the other side answers
in kind, this turn or within the next two. Promises are public, so breaking one costs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee import economy
from game.referee.records import Diplomacy
from game.referee.types import Agreement, Opening, Pact, Pledge, Proposal

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

PROPOSAL_TURNS = 2  # an offer stays open this many turns after the one it was made in
PLEDGE_TURNS = 3  # a pledge binds the next three turns
OPENING_TURNS = 2  # a transparency measure covers this turn and the next two
ARMS_CONTROL_CUT = 1  # units of offense each side of a new treaty scraps

# Likelihood ratios applied to trust (below 1: evidence of greed).
PACT_TRUST = 2.0
LEAVER_TRUST = 0.7
ABANDONED_TRUST = 0.4
TREATY_TRUST = 2.0
BROKEN_PROMISE_TRUST = 0.15
BYSTANDER_BROKEN_PROMISE_TRUST = 0.6
# Score lost by a state that breaks its word: voters punish democracies more.
BROKEN_PROMISE_PENALTY = {"democracy": 1.0, "autocracy": 0.3}
BROKEN_PROMISE_HAWKISHNESS = 0.1


def apply(ledger: Ledger) -> None:
    """Form, keep or dissolve pacts and agreements according to this turn's moves."""
    _broken_promises(ledger)
    if _pacts(ledger):
        ledger.pacts_changed()
    _offers(ledger)
    _pledges_and_openings(ledger)
    oldest = ledger.turn - PROPOSAL_TURNS
    ledger.proposals = [p for p in ledger.proposals if p.turn >= oldest]
    ledger.openings = [o for o in ledger.openings if o.until >= ledger.turn]


def _punish_broken_promise(ledger: Ledger, breaker: str, victims: list[str]) -> None:
    c = ledger.countries[breaker]
    c.penalty += BROKEN_PROMISE_PENALTY.get(c.regime, 0.3)
    c.hawkishness = min(1.0, c.hawkishness + BROKEN_PROMISE_HAWKISHNESS)
    for other in ledger.keys:
        if other != breaker:
            ratio = BROKEN_PROMISE_TRUST if other in victims else BYSTANDER_BROKEN_PROMISE_TRUST
            ledger.evidence(other, breaker, ratio)


def _broken_promises(ledger: Ledger) -> None:
    turn = ledger.turn
    kept = []
    for pledge in ledger.pledges:
        if pledge.until < turn:
            continue
        move = ledger.moves[pledge.by]
        if pledge.since < turn and move.action == "arm" and move.posture == "offensive":
            victims = ledger.recipients(pledge.by, pledge.to)
            _punish_broken_promise(ledger, pledge.by, victims)
            ledger.diplomacy.append(Diplomacy("pledge_broken", pledge.by, pledge.to))
            continue
        kept.append(pledge)
    ledger.pledges = kept
    for key, treaty in list(ledger.agreements.items()):
        if treaty.kind != "arms_control":
            continue
        for breaker, other in ((treaty.a, treaty.b), (treaty.b, treaty.a)):
            move = ledger.moves[breaker]
            if move.action == "arm" and move.posture == "offensive":
                _punish_broken_promise(ledger, breaker, [other])
                ledger.diplomacy.append(Diplomacy("arms_control_broken", breaker, other))
                del ledger.agreements[key]
                break


def _form_pact(ledger: Ledger, a: str, burden_a: str, b: str, burden_b: str) -> bool:
    """Form the pact of `a` and `b` unless it exists; return whether it was formed."""
    x, y = ledger.pair(a, b)
    if (x, y) in ledger.pacts:
        return False
    if x != a:
        burden_a, burden_b = burden_b, burden_a
    ledger.pacts[x, y] = Pact(x, y, burden_a, burden_b, ledger.turn)
    ledger.proposals = [
        p for p in ledger.proposals if not (p.kind == "ally" and {p.sender, p.to} == {a, b})
    ]
    ledger.evidence(a, b, PACT_TRUST)
    ledger.evidence(b, a, PACT_TRUST)
    ledger.diplomacy.append(Diplomacy("pact_formed", x, y))
    return True


def _open_offer(ledger: Ledger, kind: str, sender: str, to: str) -> Proposal | None:
    for p in ledger.proposals:
        if p.kind == kind and p.sender == sender and p.to in (to, "all"):
            return p
    return None


def _pacts(ledger: Ledger) -> bool:
    """Leave and form pacts as moved; return whether any pact ended or began."""
    moves = ledger.moves
    changed = False
    for key in ledger.keys:
        move = moves[key]
        if move.action == "ally" and move.op == "leave":
            partner = move.partner or ""
            pact = ledger.pacts.pop(ledger.pair(key, partner), None)
            if pact is None:
                continue
            changed = True
            for other in ledger.keys:
                if other != key:
                    ratio = ABANDONED_TRUST if other == partner else LEAVER_TRUST
                    ledger.evidence(other, key, ratio)
            ledger.diplomacy.append(Diplomacy("pact_left", key, partner))
    for key in ledger.keys:
        move = moves[key]
        if move.action != "ally" or move.op == "leave":
            continue
        partner = move.partner or ""
        burden = move.burden or "fair"
        if ledger.pair(key, partner) in ledger.pacts:
            continue
        theirs = _open_offer(ledger, "ally", partner, key)
        if theirs is None:
            answer = moves[partner]
            if answer.action == "ally" and answer.op == "propose" and answer.partner == key:
                theirs = Proposal("ally", partner, key, ledger.turn, answer.burden or "fair")
        if theirs is not None:
            changed = _form_pact(ledger, key, burden, partner, theirs.burden or "fair") or changed
        elif move.op == "propose":
            ledger.proposals = [
                p
                for p in ledger.proposals
                if not (p.kind == "ally" and p.sender == key and p.to == partner)
            ]
            ledger.proposals.append(Proposal("ally", key, partner, ledger.turn, burden))
            ledger.diplomacy.append(Diplomacy("ally_offered", key, partner, burden))
    return changed


def _offers(ledger: Ledger) -> None:
    """Match hotline and arms control offers answered in kind."""
    turn = ledger.turn
    made: set[tuple[str, str, str]] = set()
    for key in ledger.keys:
        move = ledger.moves[key]
        if move.action == "signal" and move.kind in ("hotline", "arms_control"):
            for to in ledger.recipients(key, move.to):
                made.add((move.kind, key, to))
    for kind, sender, to in sorted(made, key=lambda m: (m[0], ledger.pair(m[1], m[2]), m[1])):
        if ledger.has_agreement(kind, sender, to):
            continue
        answered = (kind, to, sender) in made or _open_offer(ledger, kind, to, sender)
        if not answered:
            if not _open_offer(ledger, kind, sender, to):
                ledger.proposals.append(Proposal(kind, sender, to, turn))
                ledger.diplomacy.append(Diplomacy(f"{kind}_offered", sender, to))
            continue
        a, b = ledger.pair(sender, to)
        ledger.agreements[kind, a, b] = Agreement(kind, a, b, turn)
        ledger.proposals = [
            p
            for p in ledger.proposals
            if not (p.kind == kind and {p.sender, p.to} == {a, b} and p.to != "all")
        ]
        if kind == "arms_control":
            for x in (a, b):
                c = ledger.countries[x]
                c.offense = max(0, c.offense - ARMS_CONTROL_CUT)
                c.wealth += economy.PEACE_DIVIDEND
            ledger.evidence(a, b, TREATY_TRUST)
            ledger.evidence(b, a, TREATY_TRUST)
        ledger.diplomacy.append(Diplomacy(f"{kind}_agreed", a, b))


def _pledges_and_openings(ledger: Ledger) -> None:
    turn = ledger.turn
    for key in ledger.keys:
        move = ledger.moves[key]
        if move.action != "signal":
            continue
        if move.kind == "pledge":
            to = move.to or "all"
            ledger.pledges = [p for p in ledger.pledges if not (p.by == key and p.to == to)]
            ledger.pledges.append(Pledge(key, to, turn, turn + PLEDGE_TURNS))
            ledger.diplomacy.append(Diplomacy("pledge_made", key, to))
        elif move.kind == "transparency":
            for observer in ledger.recipients(key, move.to):
                ledger.openings = [
                    o for o in ledger.openings if not (o.sender == key and o.observer == observer)
                ]
                ledger.openings.append(Opening(key, observer, turn + OPENING_TURNS))
            ledger.diplomacy.append(Diplomacy("transparency_opened", key, move.to or "all"))
