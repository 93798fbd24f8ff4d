"""A seat's view: what one state may see, and nothing more.

Its own true stocks, wealth, score, mood, type and objective; for every other state only
what it perceives (stocks with their uncertainty), its own trust and threat, and the
dyad's tension. It never holds another state's true stocks, type, objective, wealth,
score or observations, except that a state whose books are open to it (a transparency
measure) shows its true stocks: that is the point of the measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from sys import intern
from typing import Any

from game.referee import codec
from game.referee.fastbuild import fast_init, maker
from game.referee.moves import Move
from game.referee.params import Params
from game.referee.records import TurnRecord, War
from game.referee.rng import draw_key
from game.referee.types import Agreement, Belief, Pact, Pledge, Proposal, WorldState

# Hawkishness bands shown to the player as a mood.
MOODS = ((0.35, "calm"), (0.65, "uneasy"), (1.01, "hawkish"))
PUBLIC_DIPLOMACY = (
    "pact_formed",
    "pact_left",
    "pledge_made",
    "pledge_broken",
    "hotline_agreed",
    "arms_control_agreed",
    "arms_control_broken",
    "transparency_opened",
)
DIPLOMACY_NEWS = {
    "pact_formed": "{a} and {b} form an alliance",
    "pact_left": "{a} leaves its alliance with {b}",
    "ally_offered": "{a} offers {b} an alliance",
    "pledge_made": "{a} pledges not to arm against {b}",
    "pledge_broken": "{a} breaks its pledge to {b}",
    "hotline_offered": "{a} offers {b} a hotline",
    "hotline_agreed": "{a} and {b} open a hotline",
    "arms_control_offered": "{a} offers {b} arms control",
    "arms_control_agreed": "{a} and {b} sign an arms control treaty",
    "arms_control_broken": "{a} breaks its arms control treaty with {b}",
    "transparency_opened": "{a} opens its books to {b}",
}
PUBLIC_PARAMS = (
    "differentiation",
    "noise",
    "arms_cost",
    "growth",
    "crisis_threshold",
    "war_threshold",
    "nuclear",
)


def mood(hawkishness: float) -> str:
    """Return the word for a level of hawkishness."""
    for limit, word in MOODS:
        if hawkishness < limit:
            return word
    return MOODS[-1][1]


@fast_init
@dataclass(frozen=True, slots=True)
class SelfView:
    """The seat's own state, truly."""

    key: str
    name: str
    regime: str
    type: str
    objective: str
    offense: int
    defense: int
    pending_offense: int
    pending_defense: int
    wealth: float
    score: float
    hawkishness: float
    mood: str
    last_move: Move | None
    allies: tuple[str, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class OtherView:
    """Another state as this seat perceives it."""

    key: str
    name: str
    regime: str
    offense: float
    defense: float
    uncertainty: float
    trust: float
    threat: float
    tension: float
    seen: str
    seen_before: str
    grievances: int
    transparent: bool
    allied: bool
    hotline: bool
    arms_control: bool


@fast_init
@dataclass(frozen=True, slots=True)
class NewsItem:
    """What this seat saw another state do in a turn (as it saw it, right or wrong)."""

    turn: int
    of: str
    seen: str
    size: int
    offense: float
    defense: float
    transparent: bool


@fast_init
@dataclass(frozen=True, slots=True)
class MessageView:
    """A signal this seat sent or received."""

    turn: int
    sender: str
    to: str
    kind: str
    text: str | None


@fast_init
@dataclass(frozen=True, slots=True)
class PublicNews:
    """Something everyone knows happened: a war, a crisis, a pact, an event."""

    turn: int
    kind: str
    states: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class TurnNews:
    """What the players may read of one resolved turn, filed by who may read it.

    A seat's view needs only this of a turn's record, about a quarter of the record's
    size in memory (the record also holds every belief in full, every state's truth,
    the tensions and the scores), so the processes that render play pages keep this
    and let the record go. `news_of` makes it; `seat_view` reads it.
    """

    turn: int
    seen: dict[str, tuple[NewsItem, ...]]  # by observer, in the record's order
    signals: tuple[tuple[str, str | None, MessageView], ...]  # (sender, addressee, signal)
    public: tuple[tuple[tuple[str, ...], PublicNews], ...]  # (its readers, () for all, news)
    crises: tuple[tuple[str, str], ...]
    wars: tuple[War, ...]
    # Seats whose move the absent policy chose (a bot, or the default), as the log marks them.
    defaulted: tuple[str, ...] = ()


_make_news_item = maker(NewsItem)


def news_of(record: TurnRecord) -> TurnNews:
    """Return what the players may read of a turn, from its record."""
    turn = record.turn
    seen: dict[str, list[NewsItem]] = {}
    for o in record.observations:
        # A decoded record holds its own copy of every state key and action word:
        # interned, thousands of turns kept share one of each.
        of, what = intern(o.of), intern(o.seen)
        item = _make_news_item(turn, of, what, o.size, o.offense, o.defense, o.transparent)
        seen.setdefault(intern(o.observer), []).append(item)
    signals = []
    for entry in record.moves:
        m = entry.move
        if m.action == "signal":
            signal = MessageView(turn, entry.seat, m.to or "all", m.kind or "", m.text)
            signals.append((entry.seat, m.to, signal))
    public: list[tuple[tuple[str, ...], PublicNews]] = []
    for w in record.wars:
        sides = " and ".join((", ".join(w.side_a), ", ".join(w.side_b)))
        text = f"War: {sides}; {w.winner} wins"
        public.append(((), PublicNews(turn, "war", (*w.side_a, *w.side_b), text)))
    for a, b in record.crises:
        public.append(((), PublicNews(turn, "crisis", (a, b), f"Crisis between {a} and {b}")))
    for d in record.diplomacy:
        readers = () if d.kind in PUBLIC_DIPLOMACY else (d.a, d.b)
        text = DIPLOMACY_NEWS.get(d.kind, "{a}: {b}").format(a=d.a, b=d.b)
        public.append((readers, PublicNews(turn, d.kind, (d.a, d.b), text)))
    for e in record.events:
        if e.public:
            public.append(((), PublicNews(turn, e.card.key, e.card.targets, e.news)))
    return TurnNews(
        turn,
        {observer: tuple(items) for observer, items in seen.items()},
        tuple(signals),
        tuple(public),
        record.crises,
        record.wars,
        tuple([intern(entry.seat) for entry in record.moves if entry.defaulted]),
    )


@fast_init
@dataclass(frozen=True, slots=True)
class SeatView:
    """Everything one seat may see."""

    seat: str
    scenario: str
    turn: int
    turns: int
    finished: bool
    draw_key: int
    offense_advantage: float
    rules: dict[str, float | bool]
    hotline_available: bool
    me: SelfView
    others: tuple[OtherView, ...]
    pacts: tuple[Pact, ...]
    pledges: tuple[Pledge, ...]
    agreements: tuple[Agreement, ...]
    offers_to_me: tuple[Proposal, ...]
    my_offers: tuple[Proposal, ...]
    news: tuple[NewsItem, ...] = ()
    messages: tuple[MessageView, ...] = ()
    public: tuple[PublicNews, ...] = ()

    def other(self, key: str) -> OtherView:
        """Return how this seat sees `key`."""
        for o in self.others:
            if o.key == key:
                return o
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe form."""
        return codec.to_data(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SeatView:
        """Return the view a to_dict() mapping describes."""
        return codec.from_data(cls, data)


@lru_cache(maxsize=4096)
def _draw_key(seed: int, seat: str) -> int:
    return draw_key(seed, seat)


@lru_cache(maxsize=256)
def _rules(params: Params) -> tuple[tuple[str, float | bool], ...]:
    return tuple((name, getattr(params, name)) for name in PUBLIC_PARAMS)


def _beliefs_of(world: WorldState, seat: str) -> tuple[Belief, ...]:
    """Return what `seat` believes of each other state (beliefs are kept observer by observer)."""
    n = len(world.countries) - 1
    for i, c in enumerate(world.countries):
        if c.key == seat:
            block = world.beliefs[i * n : (i + 1) * n]
            if block and block[0].observer == seat and block[-1].observer == seat:
                return block
            break
    return tuple(b for b in world.beliefs if b.observer == seat)


_NONE: frozenset[str] = frozenset()


class _Shared:
    """What every seat's view of one world is built from (computed once per world)."""

    __slots__ = (
        "advantage",
        "allies",
        "countries",
        "hotlines",
        "open_to",
        "rules",
        "tension",
        "treaties",
    )

    def __init__(self, world: WorldState) -> None:
        self.countries = {c.key: c for c in world.countries}
        self.advantage = world.params.believed_offense_advantage
        keys = self.countries
        # Each seat's tension with each other state, by seat, so a view looks it up by key.
        tension: dict[str, dict[str, float]] = {k: {} for k in keys}
        for d in world.dyads:
            tension[d.a][d.b] = tension[d.b][d.a] = d.tension
        self.tension = tension
        self.rules = _rules(world.params)
        allies: dict[str, list[str]] = {k: [] for k in keys}
        for p in world.pacts:
            allies[p.a].append(p.b)
            allies[p.b].append(p.a)
        self.allies = {k: tuple(v) for k, v in allies.items()}
        # Most worlds have no agreements or open books: then every seat shares one empty set.
        self.hotlines: dict[str, frozenset[str] | set[str]] = dict.fromkeys(keys, _NONE)
        self.treaties: dict[str, frozenset[str] | set[str]] = dict.fromkeys(keys, _NONE)
        for g in world.agreements:
            found = self.hotlines if g.kind == "hotline" else self.treaties
            found[g.a] = {*found[g.a], g.b}
            found[g.b] = {*found[g.b], g.a}
        self.open_to: dict[str, frozenset[str] | set[str]] = dict.fromkeys(keys, _NONE)
        for o in world.openings:
            if o.until >= world.turn:
                self.open_to[o.observer] = {*self.open_to[o.observer], o.sender}


def seat_view(world: WorldState, seat: str, news: Sequence[TurnNews] = ()) -> SeatView:
    """Return what `seat` may see of `world` (and of the turns in `news`, see `news_of`)."""
    if seat not in world.seats:
        raise KeyError(seat)
    return _view(world, seat, _Shared(world), news, _beliefs_of(world, seat))


def seat_views(world: WorldState, news: Sequence[TurnNews] = ()) -> dict[str, SeatView]:
    """Return every seat's view of `world`, each exactly as seat_view would build it."""
    shared = _Shared(world)
    beliefs = world.beliefs
    n = len(world.countries) - 1
    views = {}
    for i, seat in enumerate(world.seats):
        # The seat's block of beliefs where _beliefs_of would find it (in a world as the
        # referee keeps it); any other arrangement is searched as _beliefs_of does.
        block = beliefs[i * n : (i + 1) * n]
        if not (block and block[0].observer == seat and block[-1].observer == seat):
            block = _beliefs_of(world, seat)
        views[seat] = _view(world, seat, shared, news, block)
    return views


_make_other = maker(OtherView)
_make_self = maker(SelfView)
_make_seat = maker(SeatView)


def _view(
    world: WorldState,
    seat: str,
    shared: _Shared,
    news: Sequence[TurnNews],
    beliefs: tuple[Belief, ...],
) -> SeatView:
    countries = shared.countries
    me = countries[seat]
    tension = shared.tension[seat]
    allies = shared.allies[seat]
    hotlines = shared.hotlines[seat]
    treaties = shared.treaties[seat]
    open_to_me = shared.open_to[seat]
    turn = world.turn
    others = []
    for b in beliefs:
        of = b.of
        other = countries[of]
        if of in open_to_me:
            offense, defense, uncertainty, clear = (
                float(other.offense),
                float(other.defense),
                0.0,
                True,
            )
        else:
            offense, defense, uncertainty, clear = b.offense, b.defense, b.uncertainty, False
        others.append(
            _make_other(
                of,
                other.name,
                other.regime,
                offense,
                defense,
                uncertainty,
                b.trust,
                b.threat,
                tension.get(of, 0.0),
                b.seen,
                b.seen_before,
                b.grievances,
                clear,
                of in allies,
                of in hotlines,
                of in treaties,
            )
        )
    seen, messages, public = _readable(seat, news) if news else ((), (), ())
    proposals = world.proposals
    return _make_seat(
        seat,
        world.scenario,
        turn,
        world.turns,
        turn > world.turns,
        _draw_key(world.seed, seat),
        shared.advantage,
        dict(shared.rules),
        world.hotline_available,
        _make_self(
            me.key,
            me.name,
            me.regime,
            me.type,
            me.objective,
            me.offense,
            me.defense,
            me.pending_offense,
            me.pending_defense,
            me.wealth,
            me.score,
            me.hawkishness,
            mood(me.hawkishness),
            me.last_move,
            allies,
        ),
        tuple(others),
        world.pacts,
        world.pledges,
        world.agreements,
        tuple([p for p in proposals if p.to in (seat, "all") and p.sender != seat])
        if proposals
        else (),
        tuple([p for p in proposals if p.sender == seat]) if proposals else (),
        seen,
        messages,
        public,
    )


def _readable(
    seat: str, news: Sequence[TurnNews]
) -> tuple[tuple[NewsItem, ...], tuple[MessageView, ...], tuple[PublicNews, ...]]:
    seen: list[NewsItem] = []
    messages: list[MessageView] = []
    public: list[PublicNews] = []
    for turn in news:
        seen.extend(turn.seen.get(seat, ()))
        for sender, to, signal in turn.signals:
            if sender == seat or to in (seat, "all"):
                messages.append(signal)
        for readers, item in turn.public:
            if not readers or seat in readers:
                public.append(item)
    return tuple(seen), tuple(messages), tuple(public)
