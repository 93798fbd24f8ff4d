"""Beliefs: trust updates like a likelihood ratio on what each state saw and heard.

Trust T[j][i] is j's estimate that i is a security seeker. Each piece of evidence
multiplies the odds T / (1 - T) by a likelihood ratio: P(evidence | security seeker) /
P(evidence | expansionist). Seen offensive arming is evidence of greed; a seen defensive
build reassures only when arms can be told apart; cheap talk counts only where trust
already exists; a costly signal counts a lot; a broken promise collapses trust.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.referee.ledger import TRUST_CEILING, TRUST_FLOOR
from game.referee.types import DEFENSIVE, EXPANSIONIST, NO_BUILD, OFFENSIVE

if TYPE_CHECKING:
    from game.referee.ledger import Ledger

# P(build | type). A defensive build reassures only as far as arms can be told apart
# (pulled toward 1:1 as differentiation falls); a build that *looks* offensive is read as
# offensive at any differentiation: states read ambiguous arms in the worst light.
OFFENSIVE_BUILD = (0.3, 0.6)  # (security seeker, expansionist)
OFFENSIVE_BLUR = 0.0
DEFENSIVE_BUILD = (0.5, 0.3)
DEFENSIVE_MIDPOINT = 0.4
NO_BUILD_RATIO = 1.2  # not building is weak evidence of good intent
BIG_BUILD_EXPONENT = 1.5  # a double build counts as one and a half builds

CHEAP_TALK = 0.4  # reassurance ratio is 1 + CHEAP_TALK * trust already there
COSTLY_SIGNAL = 3.0
PLEDGE = {"democracy": 1.6, "autocracy": 1.2}
SIGNAL_RATIOS = {
    "transparency": 1.3,
    "hotline": 1.1,
    "arms_control": 1.1,
    "warn": 0.85,
    "threaten": 0.7,
}
# A warning raises a security seeker's fear (hawkishness) and may deter an expansionist.
FEAR = {"warn": 0.05, "threaten": 0.1}


def build_ratios(differentiation: float) -> dict[str, float]:
    """Return the likelihood ratio of seeing each kind of build, given differentiation."""
    blur = 1.0 - differentiation
    ss_off = OFFENSIVE_BUILD[0] + OFFENSIVE_BLUR * blur
    ex_off = OFFENSIVE_BUILD[1] - OFFENSIVE_BLUR * blur
    ss_def = DEFENSIVE_MIDPOINT + (DEFENSIVE_BUILD[0] - DEFENSIVE_MIDPOINT) * differentiation
    ex_def = DEFENSIVE_MIDPOINT + (DEFENSIVE_BUILD[1] - DEFENSIVE_MIDPOINT) * differentiation
    return {
        OFFENSIVE: ss_off / ex_off,
        DEFENSIVE: ss_def / ex_def,
        NO_BUILD: NO_BUILD_RATIO,
    }


def update_trust(trust: float, ratio: float) -> float:
    """Return trust after evidence with likelihood ratio `ratio` (Bayes on the odds)."""
    odds = trust / (1.0 - trust) * ratio
    value = odds / (1.0 + odds)
    return min(TRUST_CEILING, max(TRUST_FLOOR, value))


def signal_ratio(kind: str, trust: float, regime: str) -> float:
    """Return the likelihood ratio of receiving a signal of `kind`."""
    if kind == "reassure":
        return 1.0 + CHEAP_TALK * trust
    if kind == "costly_reassure":
        return COSTLY_SIGNAL
    if kind == "pledge":
        return PLEDGE.get(regime, PLEDGE["autocracy"])
    return SIGNAL_RATIOS.get(kind, 1.0)


def apply(ledger: Ledger) -> None:
    """Update every state's trust in every other from what it saw and heard this turn."""
    ratios = build_ratios(ledger.params.differentiation)
    big = {k: v**BIG_BUILD_EXPONENT for k, v in ratios.items()}
    countries = ledger.countries
    partners = ledger.partners
    evidence = ledger.odds
    # Who signalled whom this turn, once per sender: its addressee, the kind and its regime.
    signals: dict[str, tuple[str | None, str, str]] = {}
    for of, move in ledger.moves.items():
        if move.action == "signal":
            signals[of] = (move.to, move.kind or "reassure", countries[of].regime)
    # Observer by observer, each in the world's order, as the trust updates have always run
    # (hawkishness, which a warning raises, is the observer's own).
    for observer, row in ledger.rows.items():
        allies = {partner for partner, _ in partners[observer]}
        for of, b in row.items():
            seen = b.seen
            if of in allies:
                ratio = 1.0  # a partner's arms are part of one's own protection
            else:
                ratio = (big if b.size == 2 else ratios)[seen]
                if seen == OFFENSIVE:
                    b.grievances += 1
            signal = signals.get(of)
            if signal is not None and (signal[0] == observer or signal[0] == "all"):
                kind = signal[1]
                ratio *= signal_ratio(kind, b.trust, signal[2])
                if kind in FEAR:
                    target = countries[observer]
                    if target.type == EXPANSIONIST:
                        ledger.deterred.add((observer, of))
                    else:
                        target.hawkishness = min(1.0, target.hawkishness + FEAR[kind])
            odds = b.trust / (1.0 - b.trust) * ratio
            if evidence:
                # Other evidence gathered this turn; a pair with none would multiply by 1.0.
                odds *= evidence.get((observer, of), 1.0)
            value = odds / (1.0 + odds)
            if value < TRUST_FLOOR:
                value = TRUST_FLOOR
            elif value > TRUST_CEILING:
                value = TRUST_CEILING
            b.trust = int(value * 10000.0 + 0.5) / 10000.0  # four places, half up
    evidence.clear()
