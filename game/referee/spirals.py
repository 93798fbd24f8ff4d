"""Spirals: a dyad is in a spiral when each side armed within a turn of the other's
(perceived) arming, for three or more turns, with tension rising.

Tension has risen when the chain's last turn ends at least RISE above where the pair
stood the turn before the chain began. Allies are never in a spiral with each other:
while a pact binds two states, their arming is not aimed at each other, and their chain
breaks.

A spiral is *tragic* when both states are security seekers (nobody wanted it) and
*misperception-fed* when one of its links began with a misread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from game.referee.fastbuild import maker
from game.referee.records import Spiral, TurnRecord
from game.referee.types import NO_BUILD, SECURITY_SEEKER, Dyad, SpiralLink, WorldState
from game.referee.war import TRUCE_TURNS

if TYPE_CHECKING:
    from game.referee.ledger import Ledger


SPIRAL_TURNS = 3  # links needed before a chain counts as a spiral
SLACK = 0.02  # a link may let tension slip this much and still count as rising
RISE = 0.05  # how far tension must have climbed over the chain for it to count as rising
MISREAD_REACH = 2  # a misread this many turns before a link still feeds it


def rose(tension: float, pre_tension: float) -> bool:
    """Return whether tension has climbed at least RISE above `pre_tension`."""
    # Tensions carry four decimals: compare the rounded difference, not the raw floats.
    return round(tension - pre_tension, 4) >= RISE


def qualifies(links: tuple[SpiralLink, ...], pre_tension: float) -> bool:
    """Return whether a chain of links is a spiral (`pre_tension`: the turn before it)."""
    return len(links) >= SPIRAL_TURNS and rose(links[-1].tension, pre_tension)


_make_link = maker(SpiralLink)
_make_dyad = maker(Dyad)


def apply(ledger: Ledger) -> None:
    """Extend or break every dyad's chain of action and reaction; log spirals."""
    turn = ledger.turn
    countries = ledger.countries
    rows = ledger.rows
    dyads = ledger.dyads
    truces = ledger.truces
    bound = ledger.bound  # pairs a pact binds this turn, both ways round
    misread_from = turn - MISREAD_REACH
    for t in ledger.tensions:
        a, b = t.a, t.b
        key = (a, b)
        prev = dyads.get(key)
        if prev is None:
            prev = Dyad(a, b)
        ca, cb = countries[a], countries[b]
        a_of_b = rows[a][b]
        b_of_a = rows[b][a]
        misread_turn = turn if (a_of_b.misread or b_of_a.misread) else prev.misread_turn
        tension = t.tension
        prev_links = prev.links
        if (
            (ca.armed or cb.armed)
            and key not in bound
            and (ca.armed or ca.armed_before)
            and (cb.armed or cb.armed_before)
            and (a_of_b.seen != NO_BUILD or a_of_b.seen_before != NO_BUILD)
            and (b_of_a.seen != NO_BUILD or b_of_a.seen_before != NO_BUILD)
            and tension >= prev.tension - SLACK
        ):
            new_link = _make_link(
                turn,
                ca.armed or NO_BUILD,
                cb.armed or NO_BUILD,
                a_of_b.seen,
                b_of_a.seen,
                misread_turn >= misread_from,
                tension,
            )
            links = (*prev_links, new_link)
            pre = prev.pre_tension if prev_links else prev.tension
            # qualifies(links, pre), inlined: this runs for every dyad every turn.
            if len(links) >= SPIRAL_TURNS and round(tension - pre, 4) >= RISE:
                fed = new_link.misread
                if not fed:
                    for link in prev_links:
                        if link.misread:
                            fed = True
                            break
                ledger.spirals.append(
                    Spiral(
                        a,
                        b,
                        links[0].turn,
                        len(links),
                        ca.type == SECURITY_SEEKER and cb.type == SECURITY_SEEKER,
                        fed,
                        not qualifies(prev_links, pre),
                        links,
                    )
                )
        else:
            links = ()
            pre = 0.0
        truce = turn + TRUCE_TURNS if truces and key in truces else prev.truce_until
        dyads[key] = _make_dyad(
            a, b, tension, t.crisis, t.war_chance, links, pre, misread_turn, truce
        )


def recheck(initial: WorldState, records: Sequence[TurnRecord]) -> list[TurnRecord]:
    """Return the records with their spirals as the rule above finds them.

    A log kept from an older rule may hold chains this rule breaks (a pair bound by a
    pact) or does not count (tension that barely moved). The chain of action and
    reaction itself is unchanged, so cutting each logged chain after the last turn its
    pair was allied, and asking again whether tension rose, gives exactly the spirals
    `apply` would log; records this rule made come back equal.
    """
    allied = {frozenset((p.a, p.b)) for p in initial.pacts}
    tension = {(0, frozenset((d.a, d.b))): d.tension for d in initial.dyads}
    allied_turns: set[tuple[int, frozenset[str]]] = set()
    out = []
    for record in records:
        turn = record.turn
        for d in record.diplomacy:
            if d.kind == "pact_formed":
                allied.add(frozenset((d.a, d.b)))
            elif d.kind == "pact_left":
                allied.discard(frozenset((d.a, d.b)))
        allied_turns.update((turn, pair) for pair in allied)
        for t in record.tensions:
            tension[turn, frozenset((t.a, t.b))] = t.tension
        kept = []
        for s in record.spirals:
            pair = frozenset((s.a, s.b))
            links = s.links
            for n in range(len(links) - 1, -1, -1):
                if (links[n].turn, pair) in allied_turns:
                    links = links[n + 1 :]
                    break
            if not links:
                continue
            pre = tension.get((links[0].turn - 1, pair), 0.0)
            if not qualifies(links, pre):
                continue
            kept.append(
                Spiral(
                    s.a,
                    s.b,
                    links[0].turn,
                    len(links),
                    s.tragic,
                    any(link.misread for link in links),
                    not qualifies(links[:-1], pre),
                    links,
                )
            )
        spirals = tuple(kept)
        out.append(record if spirals == record.spirals else replace(record, spirals=spirals))
    return out
