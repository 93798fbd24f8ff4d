"""Spirals: a dyad is in a spiral when each side armed within a turn of the other's
(perceived) arming, for three or more turns, with tension rising.

A spiral is *tragic* when both states are security seekers (nobody wanted it) and
*misperception-fed* when one of its links began with a misread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee.records import Spiral
from game.referee.types import NO_BUILD, SECURITY_SEEKER, Dyad, SpiralLink
from game.referee.war import TRUCE_TURNS

if TYPE_CHECKING:
    from game.referee.ledger import Ledger


SPIRAL_TURNS = 3  # links needed before a chain counts as a spiral
SLACK = 0.02  # a link may let tension slip this much and still count as rising
MISREAD_REACH = 2  # a misread this many turns before a link still feeds it


def qualifies(links: tuple[SpiralLink, ...], pre_tension: float) -> bool:
    """Return whether a chain of links is a spiral."""
    return len(links) >= SPIRAL_TURNS and links[-1].tension > pre_tension


def apply(ledger: Ledger) -> None:
    """Extend or break every dyad's chain of action and reaction; log spirals."""
    turn = ledger.turn
    countries = ledger.countries
    beliefs = ledger.beliefs
    dyads = ledger.dyads
    truces = ledger.truces
    for t in ledger.tensions:
        a, b = t.a, t.b
        key = (a, b)
        prev = dyads.get(key)
        if prev is None:
            prev = Dyad(a, b)
        ca, cb = countries[a], countries[b]
        a_of_b = beliefs[key]
        b_of_a = beliefs[b, a]
        misread_turn = turn if (a_of_b.misread or b_of_a.misread) else prev.misread_turn
        tension = t.tension
        link = (
            (ca.armed or cb.armed)
            and (ca.armed or ca.armed_before)
            and (cb.armed or cb.armed_before)
            and (a_of_b.seen != NO_BUILD or a_of_b.seen_before != NO_BUILD)
            and (b_of_a.seen != NO_BUILD or b_of_a.seen_before != NO_BUILD)
            and tension >= prev.tension - SLACK
        )
        if link:
            new_link = SpiralLink(
                turn,
                ca.armed or NO_BUILD,
                cb.armed or NO_BUILD,
                a_of_b.seen,
                b_of_a.seen,
                misread_turn >= turn - MISREAD_REACH,
                tension,
            )
            links = (*prev.links, new_link)
            pre = prev.pre_tension if prev.links else prev.tension
        else:
            links = ()
            pre = 0.0
        if links and qualifies(links, pre):
            ledger.spirals.append(
                Spiral(
                    a,
                    b,
                    links[0].turn,
                    len(links),
                    ca.type == SECURITY_SEEKER and cb.type == SECURITY_SEEKER,
                    any(link.misread for link in links),
                    not qualifies(prev.links, prev.pre_tension),
                    links,
                )
            )
        truce = turn + TRUCE_TURNS if truces and key in truces else prev.truce_until
        dyads[key] = Dyad(a, b, tension, t.crisis, t.war_chance, links, pre, misread_turn, truce)
