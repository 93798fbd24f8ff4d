"""Spirals: a dyad is in a spiral when each side armed within a turn of the other's
(perceived) arming, for three or more turns, with tension rising.

A spiral is *tragic* when both states are security seekers (nobody wanted it) and
*misperception-fed* when one of its links began with a misread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee.fastbuild import maker
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


_make_link = maker(SpiralLink)
_make_dyad = maker(Dyad)


def apply(ledger: Ledger) -> None:
    """Extend or break every dyad's chain of action and reaction; log spirals."""
    turn = ledger.turn
    countries = ledger.countries
    rows = ledger.rows
    dyads = ledger.dyads
    truces = ledger.truces
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
            if len(links) >= SPIRAL_TURNS and tension > pre:
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
                        not qualifies(prev_links, prev.pre_tension),
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
