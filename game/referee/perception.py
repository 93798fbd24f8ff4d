"""Observation: each state sees each other state's action through its own noisy channel.

A defensive build is misread as offensive with probability
sigma * (1 - differentiation) * (1 - transparency of the builder); an offensive one as
defensive half as often (complacency); a turn without a build is taken for an offensive
build a quarter as often (a road read as a runway). Stocks are seen with multiplicative
noise of the same scale. Under a transparency measure or an arms control treaty the
observer sees the truth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee.rng import FIRST_THREE, UNIT, phase_hash
from game.referee.rounding import round4, round6
from game.referee.types import DEFENSIVE, NO_BUILD, OFFENSIVE

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

COMPLACENCY = 0.5  # offensive read as defensive, relative to the defensive misread
PHANTOM = 0.25  # no build read as an offensive build, relative to the defensive misread


def misread_chance(sigma: float, differentiation: float, transparency: float) -> float:
    """Return the chance a defensive build is misread as offensive."""
    return sigma * (1.0 - differentiation) * (1.0 - transparency)


def apply(ledger: Ledger) -> None:
    """Fill in what every observer saw of every other state this turn."""
    params = ledger.params
    sigma = params.noise
    blur = 1.0 - params.differentiation
    seed, turn = ledger.seed, ledger.turn
    countries = ledger.countries
    moves = ledger.moves
    clear: set[tuple[str, str]] = {
        (o.sender, o.observer) for o in ledger.openings if o.until >= turn
    }
    for kind, a, b in ledger.agreements:
        if kind == "arms_control":
            clear.add((a, b))
            clear.add((b, a))
    false_reports = ledger.false_reports
    columns = ledger.columns
    # first_draws(seed, turn, "see", observer, of), inlined: the phase's hash is copied and
    # finished with "observer|of|0" for each pair; its first three words are draws k = 0, 1, 2.
    prefix = phase_hash(seed, turn, "see")
    unpack = FIRST_THREE.unpack_from
    unit = UNIT
    for of, c in countries.items():
        move = moves[of]
        if move.action == "arm":
            actual = move.posture or DEFENSIVE
            size = move.size or 1
        else:
            actual = NO_BUILD
            size = 0
        scale = sigma * (1.0 - c.transparency)
        if actual == DEFENSIVE:
            chance = scale * blur
            wrong = OFFENSIVE
        elif actual == OFFENSIVE:
            chance = scale * blur * COMPLACENCY
            wrong = DEFENSIVE
        else:
            chance = scale * blur * PHANTOM
            wrong = OFFENSIVE
        true_offense = c.offense
        true_defense = c.defense
        shown_chance = round6(chance)
        shown_scale = round4(scale)
        # What each observer would see with the true stocks plus what it thinks was built.
        if actual == OFFENSIVE:
            clear_offense, clear_defense = float(true_offense + size), float(true_defense)
        elif actual == DEFENSIVE:
            clear_offense, clear_defense = float(true_offense), float(true_defense + size)
        else:
            clear_offense, clear_defense = float(true_offense), float(true_defense)
        suffix = f"|{of}|0".encode()
        for observer, b in columns[of]:
            b.actual = actual
            if clear and (of, observer) in clear:
                b.transparent = True
                b.seen = actual
                b.size = size
                b.offense = clear_offense
                b.defense = clear_defense
                b.uncertainty = 0.0
                continue
            seen = actual
            if false_reports and (observer, of) in false_reports:
                seen = OFFENSIVE  # a false report: no draw, it is simply told so
                b.chance = 1.0
            if scale > 0.0:
                h = prefix.copy()
                h.update(observer.encode() + suffix)
                w0, w1, w2 = unpack(h.digest())
                u0 = w0 * unit
                if chance > 0.0 and seen == actual:
                    if u0 < chance:
                        seen = wrong
                    b.chance = shown_chance
                    b.draw = u0
                spread_o = 1.0 + scale * (2.0 * (w1 * unit) - 1.0)
                spread_d = 1.0 + scale * (2.0 * (w2 * unit) - 1.0)
            else:
                spread_o = spread_d = 1.0
            b.seen = seen
            b.uncertainty = shown_scale
            # What it thinks is being built counts as if landed. Stocks are rounded to
            # hundredths (they are never negative, so this rounds half up).
            if seen == NO_BUILD:
                b.size = 0
                b.offense = int(true_offense * spread_o * 100.0 + 0.5) / 100.0
                b.defense = int(true_defense * spread_d * 100.0 + 0.5) / 100.0
                continue
            b.misread = seen != actual
            seen_size = size or 1
            b.size = seen_size
            if seen == OFFENSIVE:
                b.offense = int((true_offense + seen_size) * spread_o * 100.0 + 0.5) / 100.0
                b.defense = int(true_defense * spread_d * 100.0 + 0.5) / 100.0
            else:
                b.offense = int(true_offense * spread_o * 100.0 + 0.5) / 100.0
                b.defense = int((true_defense + seen_size) * spread_d * 100.0 + 0.5) / 100.0
