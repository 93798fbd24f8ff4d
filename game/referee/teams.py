"""Teams: when several students play one state, their picks become one move."""

from __future__ import annotations

from collections.abc import Mapping

from game.referee.moves import Move


def _choice(move: Move) -> Move:
    """Return the move without its free text: picks that differ only in words agree."""
    return Move(
        move.action,
        move.posture,
        move.size,
        move.aimed_at,
        None,
        move.to,
        move.kind,
        None,
        move.op,
        move.partner,
        move.burden,
    )


def _most_common(picks: Mapping[str, Move], prefer: str | None) -> Move:
    counts: dict[Move, int] = {}
    for member in sorted(picks):
        choice = _choice(picks[member])
        counts[choice] = counts.get(choice, 0) + 1
    best = max(counts.values())
    tied = [choice for choice, n in counts.items() if n == best]
    if prefer is not None and _choice(picks[prefer]) in tied:
        return picks[prefer]
    # No captain's pick among the tied: the first member (by name) with a tied pick.
    for member in sorted(picks):
        if _choice(picks[member]) in tied:
            return picks[member]
    raise AssertionError("unreachable")


def combine_team_picks(regime: str, picks: Mapping[str, Move], captain: str) -> Move:
    """Return the team's move from its members' picks (member name -> move).

    A democracy plays its members' most common pick (picks equal but for their free text
    count as one); a tie goes to the captain's pick. An autocracy plays its leader's (the
    captain's) pick. If the captain did not pick, both fall back to the most common pick,
    ties going to the member whose name sorts first. Free text comes from the member whose
    pick is played. Raise ValueError when nobody picked.
    """
    if not picks:
        raise ValueError("no member of the team has picked a move")
    has_captain = captain in picks
    if regime == "autocracy" and has_captain:
        return picks[captain]
    return _most_common(picks, captain if has_captain else None)
