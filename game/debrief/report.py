"""Assemble the debrief from a game's log: one report per world, and one for the session.

`build_report(load_log(session))` is the whole debrief as plain data and SVG strings;
templates only lay it out. Nothing here reads the database or the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from game.debrief import charts, counterfactuals, facts, narrate
from game.debrief.charts import Lane, Mark, Series
from game.debrief.concepts import ConceptCard, concept_cards
from game.debrief.log import GameLog, WorldLog

PRINTED_MISREADS = 10


@dataclass
class WorldReport:
    """Everything the debrief shows about one world."""

    log: WorldLog
    names: dict[str, str]
    summary: facts.Summary
    ledger: list[facts.LedgerEntry]
    chains: list[facts.SpiralChain]
    stories: list[narrate.SpiralStory]
    pledges: list[facts.PledgeFate]
    timeline: list[facts.TimelineItem]
    replay: counterfactuals.Replay | None
    estimates: list[dict[str, Any]] | None
    calibration: list[facts.PlayerCalibration]
    archive: list[facts.Message]
    truth: list[facts.TrueState]
    intents: list[facts.StatedIntent]
    trust: dict[tuple[str, str], float]
    charts: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Return the world's letter."""
        return self.log.label

    @property
    def anchor(self) -> str:
        """Return the id of the world's section."""
        return f"world-{self.log.label}"

    @property
    def replay_mean_tension(self) -> float | None:
        """Return the mean tension of the no-misperception replay."""
        if self.replay is None or not self.replay.replay_mean:
            return None
        return round(sum(self.replay.replay_mean) / len(self.replay.replay_mean), 4)

    @property
    def calibration_charts(self) -> list[tuple[str, str]]:
        """Return (caption, chart) for each rating player, in the table's order."""
        return [
            (f"{p.student}'s reads of the others", self.charts.get(f"calibration-{n}", ""))
            for n, p in enumerate(self.calibration)
        ]

    @cached_property
    def top_story(self) -> narrate.SpiralStory | None:
        """Return the spiral that mattered most: one ending in war, then the longest."""
        return max(
            self.stories,
            key=lambda s: (s.war_turn is not None, s.turns, s.misperception_fed, -s.since),
            default=None,
        )

    @cached_property
    def printed_ledger(self) -> list[facts.LedgerEntry]:
        """Return the misread moves the printed report lists: the ten that cost most trust."""
        misread = [e for e in self.ledger if e.misreads]
        cost = {
            id(e): sum(r.trust_before - r.trust for r in e.readings if r.misread) for e in misread
        }
        kept = sorted(misread, key=lambda e: -cost[id(e)])[:PRINTED_MISREADS]
        return sorted(kept, key=lambda e: (e.turn, e.state))

    @property
    def signals(self) -> list[facts.Message]:
        """Return every signal sent (reassurances, warnings, threats, with any words)."""
        return [m for m in self.archive if m.action == "signal"]

    @property
    def alliance_moves(self) -> list[facts.Message]:
        """Return every alliance move made: proposals, acceptances and departures."""
        return [m for m in self.archive if m.action == "ally"]

    @property
    def archive_counts(self) -> list[tuple[str, int]]:
        """Return how many signals of each kind were sent, most sent first."""
        return _counts(self.signals)

    @property
    def alliance_counts(self) -> list[tuple[str, int]]:
        """Return how many alliance moves of each kind were made, most made first."""
        return _counts(self.alliance_moves)

    @property
    def messages(self) -> list[facts.Message]:
        """Return the signals that carried words."""
        return [m for m in self.signals if m.text]

    @property
    def misread_entries(self) -> int:
        """Return how many ledger entries hold at least one misread."""
        return sum(1 for e in self.ledger if e.misreads)


def _counts(moves: Sequence[facts.Message]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for m in moves:
        kind = m.kind.replace("_", " ")
        counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class SessionReport:
    """The whole debrief: each world, the worlds compared, concepts and questions."""

    game: GameLog
    worlds: list[WorldReport]
    groups: list[narrate.Group]
    comparison: list[str]
    comparison_charts: dict[str, str]
    concepts: list[ConceptCard]
    questions: list[str]

    @property
    def estimates_ready(self) -> bool:
        """Tell whether every world's bot replay is included."""
        return all(w.estimates is not None for w in self.worlds)


def _x_labels(count: int, start: bool = True) -> list[str]:
    labels = [str(n) for n in range(1, count + 1)]
    return ["Start", *labels] if start else labels


def _state_series(
    world: WorldLog, names: dict[str, str], values: dict[str, list[float | None]]
) -> list[Series]:
    # Each line is labelled with its state's name: the chart's margin widens to fit it.
    return [Series(names.get(key, key), values[key], style=n) for n, key in enumerate(world.keys)]


def names_key(world: WorldLog, names: dict[str, str]) -> list[str]:
    """Return "code: name" for each state, the key under a chart too narrow for names."""
    return [f"{key}: {names.get(key, key)}" for key in world.keys if names.get(key, key) != key]


def world_charts(w: WorldReport, for_print: bool = False) -> dict[str, str]:
    """Return the SVG charts of one world's section.

    For the printed report (`for_print`), the charts it leaves out (each player's reads,
    the model estimate's bars) are not drawn, and the others come as images
    (`charts.as_image`), which WeasyPrint reads much faster than inline SVG.
    """
    log, names = w.log, w.names
    cid = f"w{log.label}"
    labels = _x_labels(log.turns_played)
    keys = ", ".join(names.get(k, k) for k in log.keys)
    out: dict[str, str] = {}
    if not log.records:
        return out
    for attribute, title, unit in (
        ("offense", "Offense", "units"),
        ("defense", "Defence", "units"),
        ("wealth", "Wealth", "wealth"),
        ("score", "Score", "points"),
    ):
        series = facts.stock_series(log, attribute)
        finals = "; ".join(
            f"{names.get(k, k)} {series[k][-1]:g}" for k in log.keys if series[k][-1] is not None
        )
        out[attribute] = charts.line_chart(
            f"{cid}-{attribute}",
            f"{title} of every state, turn by turn (world {log.label})",
            f"Line chart, one line per state ({keys}), from the start to turn "
            f"{log.turns_played}. At the end: {finals}.",
            labels,
            _state_series(log, names, series),
            unit,
        )
    pairs = facts.pairs(log)
    rows = [f"{names.get(a, a)}\u2013{names.get(b, b)}" for a, b in pairs]
    matrix = facts.tension_matrix(log)
    marks = facts.tension_marks(log)
    hottest = max(
        ((v, rows[i], j + 1) for i, row in enumerate(matrix) for j, v in enumerate(row) if v),
        default=None,
    )
    peak = f" Highest: {hottest[1]} on turn {hottest[2]} ({hottest[0]:.2f})." if hottest else ""
    out["tension"] = charts.heatmap(
        f"{cid}-tension",
        f"Tension of every pair, turn by turn (world {log.label})",
        f"Heatmap: one row per pair of states, one column per turn, darker is tenser (0 to 1)."
        f" {len(marks)} cells mark a crisis or war.{peak}",
        rows,
        _x_labels(log.turns_played, start=False),
        matrix,
        marks=marks,
        legend="outlined: crisis · hatched “WAR”: war",
    )
    trust_rows = []
    for observer in log.keys:
        trust_rows.append(
            [None if of == observer else w.trust.get((observer, of)) for of in log.keys]
        )
    out["trust"] = charts.heatmap(
        f"{cid}-trust",
        f"Trust between states at the end (world {log.label})",
        "Heatmap: each row is how much that state trusted each column's state at the end, "
        "from 0 (sure it is an expansionist) to 1 (sure it is a security seeker).",
        [f"{names.get(k, k)} trusts" for k in log.keys],
        list(log.keys),
        trust_rows,
        stops=charts.BLUES,
        legend="0 = sure it is hostile · 1 = sure it is peaceful",
        key=names_key(log, names),
    )
    lanes = []
    for lane in facts.TIMELINE_LANES:
        items = [i for i in w.timeline if i.lane == lane]
        if lane == "Crises":
            # The heatmap names each pair in crisis; the timeline counts them per turn.
            per_turn: dict[int, list[facts.TimelineItem]] = {}
            for i in items:
                per_turn.setdefault(i.turn, []).append(i)
            marks_in = [
                Mark(t, found[0].text if len(found) == 1 else f"{len(found)} crises", "crisis")
                for t, found in sorted(per_turn.items())
            ]
        else:
            marks_in = [Mark(i.turn, i.text, i.kind) for i in items]
        lanes.append(Lane(lane, marks_in))
    counts = ", ".join(
        f"{sum(1 for i in w.timeline if i.lane == lane)} {lane.lower()}"
        for lane in facts.TIMELINE_LANES
    )
    out["timeline"] = charts.timeline(
        f"{cid}-timeline",
        f"Crises, wars, spirals, pacts, pledges, agreements and events (world {log.label})",
        f"Timeline with one lane per kind of event and one column per turn: {counts}.",
        log.turns_played,
        lanes,
        key=names_key(log, names),
    )
    if w.replay is not None:
        rp = w.replay
        out["replay"] = charts.line_chart(
            f"{cid}-replay",
            f"Tension as played and with no misperception (world {log.label})",
            "Line chart of the mean and the highest tension between pairs, turn by turn, as "
            "played and replayed with the same moves and no misreads. Mean as played "
            f"{narrate._mean(rp.actual_mean):.2f}, without misperception "
            f"{narrate._mean(rp.replay_mean):.2f}.",
            _x_labels(log.turns_played, start=False),
            [
                Series("Mean, as played", rp.actual_mean, 5, "mean, as played"),
                Series("Mean, no misperception", rp.replay_mean, 0, "mean, no misreads"),
                Series("Highest, as played", rp.actual_peak, 1, "peak, as played"),
                Series("Highest, no misperception", rp.replay_peak, 2, "peak, no misreads"),
            ],
            "tension",
            y_range=(0.0, 1.0),
        )
    if for_print:
        return {key: charts.as_image(svg) for key, svg in out.items()}
    if w.estimates:
        out["estimates"] = estimate_chart(f"{cid}-estimates", log.label, w.estimates)
    for n, player in enumerate(w.calibration):
        targets = sorted({r.rating.target for r in player.ratings})
        series = []
        for m, target in enumerate(targets):
            by_turn = {
                r.rating.turn: r.rating.friendliness
                for r in player.ratings
                if r.rating.target == target
            }
            series.append(
                Series(
                    names.get(target, target),
                    [by_turn.get(t) for t in range(1, log.turns_played + 1)],
                    style=log.keys.index(target) if target in log.keys else m,
                )
            )
        out[f"calibration-{n}"] = charts.line_chart(
            f"{cid}-calibration-{n}",
            f"{player.student}'s reads of the others, turn by turn (world {log.label})",
            f"Line chart of {player.student}'s ratings from -2 (hostile) to +2 (friendly); "
            f"{player.right} of {len(player.ratings)} matched the rated state's true intent.",
            _x_labels(log.turns_played, start=False),
            series,
            "rating",
            y_range=(-2.0, 2.0),
            height=200,
        )
    return out


def estimate_chart(chart_id: str, label: str, found: Sequence[dict[str, Any]]) -> str:
    """Return the bars of the bot replays: as the world's rules, and with each change."""
    base = found[0]["base"]
    series = [
        Series(
            "Rules as played",
            [base["war_rate"], base["spiral_rate"], base["mean_tension"]],
            0,
        )
    ]
    for n, e in enumerate(found):
        changed = e["changed"]
        series.append(
            Series(
                e.get("title", "changed"),
                [changed["war_rate"], changed["spiral_rate"], changed["mean_tension"]],
                n + 1,
            )
        )
    return charts.bar_chart(
        chart_id,
        f"Model estimate: bots replaying world {label} over {found[0]['seeds']} seeds",
        "Grouped bars: share of bot games with a war, with a spiral, and mean tension, "
        "under the world's rules and with each change. "
        + "; ".join(
            f"{s.label}: war {s.values[0]:.0%}, spiral {s.values[1]:.0%}, tension {s.values[2]:.2f}"
            for s in series
        ),
        ["Games with a war", "Games with a spiral", "Mean tension"],
        series,
        "share (0-1)",
        y_max=1.0,
        value_format=lambda v: f"{v:.2f}",
    )


def build_world(
    game: GameLog, log: WorldLog, compute_estimates: bool = True, for_print: bool = False
) -> WorldReport:
    """Return one world's report (with its charts as the printed report wants them)."""
    names = game.names
    chains = facts.spiral_chains(log)
    report = WorldReport(
        log=log,
        names=names,
        summary=facts.summarize(log),
        ledger=facts.intent_ledger(log),
        chains=chains,
        stories=[narrate.spiral_story(c, log, names) for c in chains],
        pledges=facts.pledge_fates(log),
        timeline=facts.timeline_items(log),
        replay=counterfactuals.replay(log),
        estimates=counterfactuals.estimates(game, log, compute=compute_estimates),
        calibration=facts.calibration(log),
        archive=facts.archive(log),
        truth=facts.reveal_states(log),
        intents=facts.stated_intents(log),
        trust=facts.final_trust(log),
    )
    report.charts = world_charts(report, for_print)
    return report


def comparison_charts(reports: Sequence[WorldReport], for_print: bool = False) -> dict[str, str]:
    """Return the charts that set the worlds side by side (as images for print)."""
    if len(reports) < 2:
        return {}
    labels = [
        f"World {w.log.label}" + (f"\n{w.log.variation_label}" if w.log.variation_label else "")
        for w in reports
    ]
    short = [f"World {w.log.label}" for w in reports]
    out = {
        "tension": charts.bar_chart(
            "compare-tension",
            "Mean and highest tension in each world",
            "Bars per world: "
            + "; ".join(
                f"world {w.log.label}: mean {w.summary.mean_tension:.2f}, highest "
                f"{w.summary.peak_tension:.2f}"
                for w in reports
            ),
            short if len(reports) > 4 else labels,
            [
                Series("Mean tension", [w.summary.mean_tension for w in reports], 0),
                Series("Highest tension", [w.summary.peak_tension for w in reports], 5),
            ],
            "tension",
            y_max=1.0,
            value_format=lambda v: f"{v:.2f}",
        ),
        "events": charts.bar_chart(
            "compare-events",
            "Wars, crises, spirals and misreads in each world",
            "Bars per world: "
            + "; ".join(
                f"world {w.log.label}: {w.summary.wars} wars, {w.summary.crises} crises, "
                f"{w.summary.spirals} spirals, {w.summary.misreads} misreads"
                for w in reports
            ),
            short if len(reports) > 4 else labels,
            [
                Series("Wars", [w.summary.wars for w in reports], 5),
                Series("Crises", [w.summary.crises for w in reports], 1),
                Series("Spirals", [w.summary.spirals for w in reports], 2),
                Series("Misreads", [w.summary.misreads for w in reports], 0),
            ],
            "count",
        ),
    }
    if for_print:
        return {key: charts.as_image(svg) for key, svg in out.items()}
    return out


def build_report(
    game: GameLog, compute_estimates: bool = True, for_print: bool = False
) -> SessionReport:
    """Return the whole debrief of a session from its log (`for_print`: for the PDF)."""
    worlds = [build_world(game, w, compute_estimates, for_print) for w in game.worlds]
    found = narrate.groups(worlds)
    return SessionReport(
        game=game,
        worlds=worlds,
        groups=found,
        comparison=narrate.comparison_statements(worlds, found),
        comparison_charts=comparison_charts(worlds, for_print),
        concepts=concept_cards(worlds, game.scenario.concepts),
        questions=narrate.discussion_questions(worlds, game.scenario.title),
    )
