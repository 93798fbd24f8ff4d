"""The turn's working copy: mutable drafts the phases update, frozen again at the end.

Each phase of resolution (economy, stocks, diplomacy, perception, ...) reads and writes
the Ledger; only `resolve_turn` creates one, so the public functions stay pure.
"""

from __future__ import annotations

from game.referee.fastbuild import maker
from game.referee.moves import Move
from game.referee.params import Params
from game.referee.records import (
    AppliedEvent,
    Diplomacy,
    Draw,
    ScoreEntry,
    Spiral,
    War,
)
from game.referee.rounding import round4
from game.referee.types import (
    NO_BUILD,
    Agreement,
    Belief,
    Country,
    Dyad,
    Intent,
    Opening,
    Pact,
    Pledge,
    Proposal,
    WorldState,
)

# Trust never quite reaches certainty either way: evidence can always move it.
TRUST_FLOOR = 0.01
TRUST_CEILING = 0.99


class CountryDraft:
    """A state's condition while the turn is being resolved."""

    __slots__ = (
        "armed",
        "armed_before",
        "defense",
        "expansionist",
        "hawkishness",
        "key",
        "max_threat",
        "name",
        "objective",
        "offense",
        "penalty",
        "pending_defense",
        "pending_offense",
        "regime",
        "score",
        "scrapped",
        "spent",
        "transparency",
        "type",
        "wealth",
        "wealth_before",
    )

    def __init__(self, c: Country, transparency: float) -> None:
        self.key = c.key
        self.name = c.name
        self.regime = c.regime
        self.type = c.type
        self.expansionist = c.type == "expansionist"
        self.objective = c.objective
        self.offense = c.offense
        self.defense = c.defense
        self.pending_offense = c.pending_offense
        self.pending_defense = c.pending_defense
        self.wealth = c.wealth
        self.wealth_before = c.wealth
        self.hawkishness = c.hawkishness
        self.score = c.score
        self.transparency = transparency
        last = c.last_move
        self.armed_before = last.posture if last is not None and last.action == "arm" else ""
        self.armed = ""
        self.spent = 0.0
        self.scrapped = 0
        self.penalty = 0.0
        self.max_threat = 0.0

    def freeze(self, move: Move) -> Country:
        """Return the frozen state after the turn."""
        return _make_country(
            self.key,
            self.name,
            self.regime,
            self.type,
            self.objective,
            self.offense,
            self.defense,
            self.pending_offense,
            self.pending_defense,
            round4(self.wealth),
            round4(self.hawkishness),
            self.score,  # scoring keeps it rounded
            move,
            self.spent,
        )


_make_country = maker(Country)


class BeliefDraft:
    """What one state believes about another while the turn is being resolved.

    It has exactly Belief's slots (so exactly its memory layout): freezing turns the draft
    itself into the Belief instead of copying seventeen fields into a new object.
    """

    __slots__ = Belief.__slots__

    def freeze(self) -> Belief:
        """Return the frozen belief (and this turn's observation); the draft is used up."""
        self.__class__ = Belief  # type: ignore[assignment]
        return self  # type: ignore[return-value]


_new = object.__new__


def thaw(b: Belief) -> BeliefDraft:
    """Return a draft of `b` for this turn: what it saw last turn becomes what it saw before.

    A plain function rather than BeliefDraft.__init__: a ledger drafts every belief every
    turn, and calling a class costs more than calling a function.
    """
    draft: BeliefDraft = _new(BeliefDraft)
    draft.observer = b.observer
    draft.of = b.of
    draft.trust = b.trust
    draft.trust_before = b.trust
    draft.offense = b.offense
    draft.defense = b.defense
    draft.uncertainty = b.uncertainty
    draft.seen = NO_BUILD
    draft.size = 0
    draft.seen_before = b.seen
    draft.grievances = b.grievances
    draft.threat = b.threat
    draft.actual = NO_BUILD
    draft.misread = False
    draft.transparent = False
    draft.chance = 0.0
    draft.draw = None
    return draft


class DyadDraft:
    """A dyad's tension and chance of war while the turn is being resolved."""

    __slots__ = ("a", "b", "crisis", "tension", "war_chance")

    def __init__(self, a: str, b: str, tension: float, crisis: bool) -> None:
        self.a = a
        self.b = b
        self.tension = tension
        self.crisis = crisis
        self.war_chance = 0.0


def pair(index: dict[str, int], a: str, b: str) -> tuple[str, str]:
    """Return the dyad (a, b) in seat order."""
    return (a, b) if index[a] < index[b] else (b, a)


class Ledger:
    """The working copy of a world during one turn's resolution."""

    def __init__(
        self, world: WorldState, moves: dict[str, Move], params: Params | None = None
    ) -> None:
        self.world = world
        self.params = params or world.params
        self.turn = world.turn
        self.seed = world.seed
        self.keys = world.seats
        self.index = {k: n for n, k in enumerate(self.keys)}
        open_books = self.params.transparency  # by regime
        self.countries = {c.key: CountryDraft(c, open_books(c.regime)) for c in world.countries}
        # Every belief's draft in the world's order, then the same drafts by observer (what
        # j believes of each i: rows[j][i]) and by who is observed (each observer's draft of
        # `of`), so the phases need not look pairs up one by one.
        drafts: list[BeliefDraft] = []
        rows: dict[str, dict[str, BeliefDraft]] = {k: {} for k in self.keys}
        columns: dict[str, list[tuple[str, BeliefDraft]]] = {k: [] for k in self.keys}
        for b in world.beliefs:
            draft = thaw(b)
            observer, of = b.observer, b.of
            drafts.append(draft)
            rows[observer][of] = draft
            columns[of].append((observer, draft))
        self.drafts = drafts
        self.rows = rows
        self.columns = columns
        # Evidence gathered this turn, as a likelihood ratio (a pair not here has none: 1.0).
        self.odds: dict[tuple[str, str], float] = {}
        self.moves = moves
        self.pacts: dict[tuple[str, str], Pact] = {(p.a, p.b): p for p in world.pacts}
        self.partners: dict[str, list[tuple[str, str]]] = {}
        self.bound: set[tuple[str, str]] = set()
        self.pacts_changed()
        self.pledges: list[Pledge] = list(world.pledges)
        self.agreements: dict[tuple[str, str, str], Agreement] = {
            (g.kind, g.a, g.b): g for g in world.agreements
        }
        self.openings: list[Opening] = list(world.openings)
        self.proposals: list[Proposal] = list(world.proposals)
        self.dyads: dict[tuple[str, str], Dyad] = {(d.a, d.b): d for d in world.dyads}
        self.intents: list[Intent] = list(world.intents)
        self.wars_allowed = True
        # Filled as the phases run.
        self.events: list[AppliedEvent] = []
        self.diplomacy: list[Diplomacy] = []
        self.draws: list[Draw] = []
        self.tensions: list[DyadDraft] = []
        self.crises: list[tuple[str, str]] = []
        self.wars: list[War] = []
        self.scores: list[ScoreEntry] = []
        self.spirals: list[Spiral] = []
        self.false_reports: set[tuple[str, str]] = set()
        self.tension_bump: dict[tuple[str, str], float] = {}
        self.deterred: set[tuple[str, str]] = set()
        self.at_war: set[str] = set()
        self.truces: set[tuple[str, str]] = set()
        self.world_score = 0.0

    def pair(self, a: str, b: str) -> tuple[str, str]:
        """Return the dyad (a, b) in seat order."""
        return (a, b) if self.index[a] < self.index[b] else (b, a)

    def pacts_changed(self) -> None:
        """Recompute who is allied with whom (call after changing `pacts`)."""
        partners: dict[str, list[tuple[str, str]]] = {k: [] for k in self.keys}
        bound: set[tuple[str, str]] = set()
        for (a, b), p in self.pacts.items():
            partners[a].append((b, p.burden_b))
            partners[b].append((a, p.burden_a))
            bound.add((a, b))
            bound.add((b, a))
        self.partners = partners
        self.bound = bound

    def allied(self, a: str, b: str) -> bool:
        """Return whether a pact binds `a` and `b`."""
        return (a, b) in self.bound

    def allies(self, key: str) -> list[tuple[str, str]]:
        """Return (partner, partner's burden) for each pact of `key`."""
        return self.partners[key]

    def has_agreement(self, kind: str, a: str, b: str) -> bool:
        """Return whether a `kind` agreement binds `a` and `b`."""
        x, y = self.pair(a, b)
        return (kind, x, y) in self.agreements

    def evidence(self, observer: str, of: str, ratio: float) -> None:
        """Add evidence (a likelihood ratio) to what `observer` thinks of `of`."""
        odds = self.odds
        odds[observer, of] = odds.get((observer, of), 1.0) * ratio

    def set_trust(self, observer: str, of: str, trust: float) -> None:
        """Overwrite trust (after a war or an event) and clear this turn's evidence."""
        b = self.rows[observer][of]
        b.trust = min(TRUST_CEILING, max(TRUST_FLOOR, trust))
        self.odds.pop((observer, of), None)

    def recipients(self, sender: str, to: str | None) -> list[str]:
        """Return who a message from `sender` addressed to `to` reaches."""
        if to is None or to == "all":
            return [k for k in self.keys if k != sender]
        return [to]
