"""Charts as server-rendered SVG: line chart, heatmap, grouped bars, timeline.

Every chart is a self-contained `<svg role="img">` with a `<title>` and a `<desc>`, drawn
in the Okabe-Ito palette, and never tells anything by colour alone: lines carry markers,
dash patterns and end labels; bars carry patterns and printed values; heatmap cells
carry their value, an outline for a crisis and hatching for a war. No JavaScript: the
same markup shows in the browser, prints, and goes into the PDF.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

# Okabe-Ito, in the order of static/css/spiral.css's --s1..--s8.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
)
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "10 2", "1 2", "6 2 2 2")
MARKERS = ("circle", "square", "triangle", "diamond", "down", "plus", "cross", "star")
# Sequential scales whose lightness falls monotonically (readable in any colour vision).
ORANGES = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")
BLUES = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
FONT = "DejaVu Sans, Verdana, sans-serif"
INK = "#1b2430"
MUTED = "#4f5b69"
GRID = "#d5d9de"
WIDTH = 640


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a line chart (or one group of bars): its label and values."""

    label: str
    values: Sequence[float | None]
    style: int = 0
    short: str = ""


@dataclass(frozen=True, slots=True)
class Mark:
    """One item on a timeline lane: at `turn`, a short `text`, drawn as `kind`."""

    turn: int
    text: str
    kind: str


@dataclass(frozen=True, slots=True)
class Lane:
    """One row of a timeline."""

    label: str
    marks: Sequence[Mark] = field(default_factory=tuple)


# What each kind of timeline mark looks like: (shape, fill, hollow).
MARK_STYLES: dict[str, tuple[str, str, bool]] = {
    "crisis": ("triangle", PALETTE[1], False),
    "war": ("cross", PALETTE[5], False),
    "pact": ("circle", PALETTE[0], False),
    "pact_left": ("circle", PALETTE[0], True),
    "pledge_kept": ("square", PALETTE[2], False),
    "pledge_broken": ("square", PALETTE[5], True),
    "pledge_open": ("square", PALETTE[4], True),
    "agreement": ("diamond", PALETTE[3], False),
    "agreement_broken": ("diamond", PALETTE[3], True),
    "event": ("star", PALETTE[7], False),
    "spiral": ("down", PALETTE[6], False),
}


def _num(value: float) -> str:
    """Return a coordinate with at most one decimal."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(chart_id: str, title: str, desc: str, width: float, height: float) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="{FONT}" font-size="11" fill="{INK}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)
_SIZE = re.compile(r'<svg [^>]*?width="([^"]+)" height="([^"]+)"')


def as_image(svg: str) -> str:
    """Return a chart as an `<img>` holding its SVG as a data URL, for the printed report.

    WeasyPrint parses an image's SVG with ElementTree, in C, where an inline `<svg>` goes
    through the HTML parser (pure Python) and gets every one of its elements styled by
    the page's CSS cascade; the drawing is the same. The chart's title is the image's
    alternative text.
    """
    if not svg:
        return ""
    title = _TITLE.search(svg)
    size = _SIZE.search(svg)
    alt = title.group(1) if title else ""  # already escaped for markup
    dims = f' width="{size.group(1)}" height="{size.group(2)}"' if size else ""
    data = base64.b64encode(svg.encode()).decode("ascii")
    return f'<img class="chart" alt="{alt}"{dims} src="data:image/svg+xml;base64,{data}">'


def _polygon(shape: str, x: float, y: float, r: float) -> str:
    if shape == "triangle":
        pts = [(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
    elif shape == "down":
        pts = [(x, y + r), (x + r, y - r * 0.8), (x - r, y - r * 0.8)]
    elif shape == "diamond":
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    else:  # star
        pts = []
        for n in range(10):
            radius = r if n % 2 == 0 else r * 0.45
            angle = math.pi / 2 + n * math.pi / 5
            pts.append((x + radius * math.cos(angle), y - radius * math.sin(angle)))
    return " ".join(f"{_num(px)},{_num(py)}" for px, py in pts)


def shape_path(shape: str, x: float, y: float, r: float = 4.0) -> str:
    """Return path data for one marker shape centred on (x, y), to merge many into one path."""
    if shape == "circle":
        return (
            f"M{_num(x - r)} {_num(y)}a{_num(r)} {_num(r)} 0 1 0 {_num(2 * r)} 0"
            f"a{_num(r)} {_num(r)} 0 1 0 {_num(-2 * r)} 0z"
        )
    if shape == "square":
        s = r * 0.9
        return f"M{_num(x - s)} {_num(y - s)}h{_num(2 * s)}v{_num(2 * s)}h{_num(-2 * s)}z"
    if shape in ("plus", "cross"):
        d = r * 1.1
        if shape == "plus":
            return f"M{_num(x - d)} {_num(y)}H{_num(x + d)}M{_num(x)} {_num(y - d)}V{_num(y + d)}"
        return (
            f"M{_num(x - d)} {_num(y - d)}L{_num(x + d)} {_num(y + d)}"
            f"M{_num(x - d)} {_num(y + d)}L{_num(x + d)} {_num(y - d)}"
        )
    points = _polygon(shape, x, y, r * 1.2).split(" ")
    return "M" + "L".join(p.replace(",", " ") for p in points) + "z"


def shapes(
    shape: str,
    points: Sequence[tuple[float, float]],
    colour: str,
    r: float = 4.0,
    hollow: bool = False,
    series: str = "",
) -> str:
    """Return one path element drawing the same marker at every point (cheap to render)."""
    if not points:
        return ""
    d = "".join(shape_path(shape, x, y, r) for x, y in points)
    tag = f' class="markers" data-series="{escape(series)}"' if series else ""
    if shape in ("plus", "cross"):
        return f'<path{tag} d="{d}" stroke="{colour}" stroke-width="2.4" fill="none"/>'
    if hollow:
        return f'<path{tag} d="{d}" fill="#ffffff" stroke="{colour}" stroke-width="1.8"/>'
    return f'<path{tag} d="{d}" fill="{colour}" stroke="#ffffff" stroke-width="1.2"/>'


# Advance widths of DejaVu Sans (thousandths of an em) for the characters of GLYPHS, so a
# chart can place every label as one element (x and y for each character) and stay fast to
# render in the PDF; a browser with another font shifts letters a little, never loses them.
GLYPHS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
    "{|}~\u2013\u2212\u00d7\u2192\u00b7"
)
REGULAR_WIDTHS = (
    318,
    401,
    460,
    838,
    636,
    950,
    780,
    275,
    390,
    390,
    500,
    838,
    318,
    361,
    318,
    337,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    337,
    337,
    838,
    838,
    838,
    531,
    1000,
    684,
    686,
    698,
    770,
    632,
    575,
    775,
    752,
    295,
    295,
    656,
    557,
    863,
    748,
    787,
    603,
    787,
    695,
    635,
    611,
    732,
    684,
    989,
    685,
    611,
    685,
    390,
    337,
    390,
    838,
    500,
    500,
    613,
    635,
    550,
    635,
    615,
    352,
    635,
    634,
    278,
    278,
    579,
    278,
    974,
    634,
    612,
    635,
    635,
    411,
    521,
    392,
    634,
    592,
    818,
    592,
    592,
    525,
    636,
    337,
    636,
    838,
    500,
    838,
    838,
    838,
    318,
)
BOLD_WIDTHS = (
    348,
    456,
    521,
    838,
    696,
    1002,
    872,
    306,
    457,
    457,
    523,
    838,
    380,
    415,
    380,
    365,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    400,
    400,
    838,
    838,
    838,
    580,
    1000,
    774,
    762,
    734,
    830,
    683,
    683,
    821,
    837,
    372,
    372,
    775,
    637,
    995,
    837,
    850,
    733,
    850,
    770,
    720,
    682,
    812,
    774,
    1103,
    771,
    724,
    725,
    457,
    365,
    457,
    838,
    500,
    500,
    675,
    716,
    593,
    716,
    678,
    435,
    716,
    712,
    343,
    343,
    665,
    343,
    1042,
    712,
    687,
    716,
    716,
    493,
    595,
    478,
    712,
    652,
    924,
    645,
    652,
    582,
    712,
    365,
    712,
    838,
    500,
    838,
    838,
    838,
    380,
)
REGULAR = dict(zip(GLYPHS, REGULAR_WIDTHS, strict=True))
BOLD = dict(zip(GLYPHS, BOLD_WIDTHS, strict=True))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Return the width of `text` in DejaVu Sans at `size` (unknown characters: 0.6 em)."""
    table = BOLD if bold else REGULAR
    return sum(table.get(ch, 600) for ch in text) * size / 1000


class Labels:
    """Every label of a chart, drawn as one text element per style (not one per label)."""

    def __init__(self) -> None:
        self.runs: dict[tuple[float, str, str], list[tuple[float, float, str, str]]] = {}

    def add(
        self,
        x: float,
        y: float,
        text: str,
        anchor: str = "start",
        size: float | None = None,
        weight: str | None = None,
        fill: str | None = None,
    ) -> None:
        """Place `text` at (x, y), anchored at its start, middle or end."""
        if text:
            key = (size or 11.0, weight or "", fill or INK)
            self.runs.setdefault(key, []).append((x, y, text, anchor))

    def render(self) -> list[str]:
        """Return the text elements."""
        out = []
        for (size, weight, fill), items in self.runs.items():
            bold = weight == "bold"
            table = BOLD if bold else REGULAR
            xs: list[str] = []
            ys: list[str] = []
            chars: list[str] = []
            for x, y, text, anchor in items:
                width = text_width(text, size, bold)
                cx = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
                for ch in text:
                    xs.append(_num(cx))
                    ys.append(_num(y))
                    chars.append(ch)
                    cx += table.get(ch, 600) * size / 1000
            extra = f' font-weight="{weight}"' if weight else ""
            out.append(
                f'<text x="{" ".join(xs)}" y="{" ".join(ys)}" font-size="{_num(size)}" '
                f'fill="{fill}"{extra}>{escape("".join(chars))}</text>'
            )
        return out


def key_lines(items: Sequence[str], room: float, size: float = 10.0) -> list[str]:
    """Return `items` ("USA: United States") joined by " · " into lines no wider than `room`.

    A chart too narrow for names labels states by their codes; this key, printed under it,
    gives each code's name.
    """
    lines: list[str] = []
    for item in items:
        if lines and text_width(lines[-1] + " · " + item, size) <= room:
            lines[-1] += " · " + item
        else:
            lines.append(item)
    return lines


def nice_step(top: float, count: int = 4) -> float:
    """Return a round tick step (1, 2, 2.5 or 5 times a power of ten) for an axis to `top`."""
    if top <= 0:
        return 0.25
    raw = top / count
    exponent = math.floor(math.log10(raw))
    base = 10**exponent
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * base + 1e-12:
            return step * base
    return 10 * base


def nice_max(value: float, count: int = 4) -> float:
    """Return a round number at or above `value` for an axis top (a whole number of steps)."""
    if value <= 0:
        return 1.0
    step = nice_step(value, count)
    return math.ceil(value / step - 1e-9) * step


def _ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    step = nice_step(hi - lo, count)
    ticks = []
    value = lo
    while value <= hi + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _fmt_tick(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _spread(positions: list[tuple[float, int]], gap: float, lo: float, hi: float) -> list[float]:
    """Return label y positions pushed apart by at least `gap`, kept within [lo, hi]."""
    order = sorted(range(len(positions)), key=lambda n: positions[n][0])
    placed = [0.0] * len(positions)
    last = lo - gap
    for n in order:
        y = max(positions[n][0], last + gap)
        placed[n] = y
        last = y
    overflow = last - hi
    if overflow > 0:
        for n in order:
            placed[n] -= overflow
    return placed


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    y_label: str,
    y_range: tuple[float, float] | None = None,
    y_ticks: Sequence[float] | None = None,
    tick_format: Callable[[float], str] = _fmt_tick,
    height: float = 230,
    width: float = 460,
) -> str:
    """Return a line chart: one marked, dashed, end-labelled line per series."""
    label_w = 6.4 * max((len(s.short or s.label) for s in series), default=3)
    left, right, top, bottom = 50.0, 26.0 + label_w, 14.0, 40.0
    plot_w = width - left - right
    plot_h = height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    if y_range is None:
        low = min([0.0, *values])
        lo = -nice_max(-low) if low < 0 else 0.0
        hi = nice_max(max(values, default=1.0))
        y_range = (lo, hi if hi > lo else lo + 1.0)
    lo, hi = y_range
    ticks = list(y_ticks) if y_ticks is not None else _ticks(lo, hi)
    n = max(len(x_labels), 1)

    def px(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def py(v: float) -> float:
        return top + plot_h * (1.0 - (v - lo) / (hi - lo))

    out = _open(chart_id, title, desc, width, height)
    labels = Labels()
    grid = "".join(f"M{_num(left)} {_num(py(t))}H{_num(left + plot_w)}" for t in ticks)
    out.append(f'<path d="{grid}" stroke="{GRID}" stroke-width="1" fill="none"/>')
    for t in ticks:
        labels.add(left - 6, py(t) + 4, tick_format(t), "end", fill=MUTED)
    every = 1 if n <= 13 else 2
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == n - 1:
            labels.add(px(i), top + plot_h + 15, label, "middle", fill=MUTED)
    labels.add(left + plot_w / 2, height - 6, "Turn", "middle", fill=MUTED)
    out.append(
        f'<text transform="translate(13 {_num(top + plot_h / 2)}) rotate(-90)" '
        f'text-anchor="middle" fill="{MUTED}">{escape(y_label)}</text>'
    )
    out.append(f'<path d="M{_num(left)} {_num(top)}V{_num(top + plot_h)}" stroke="{MUTED}"/>')
    ends: list[tuple[float, int]] = []
    drawn: list[list[tuple[float, float]]] = []
    for index, s in enumerate(series):
        colour = PALETTE[s.style % len(PALETTE)]
        dash = DASHES[s.style % len(DASHES)]
        points = [(px(i), py(v)) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<polyline class="series" data-series="{escape(s.label)}" points="{path}" '
            f'fill="none" stroke="{colour}" stroke-width="2.2"{dash_attr} '
            'stroke-linejoin="round"/>'
        )
        drawn.append(points)
        ends.append((points[-1][1], index))
    placed = _spread(ends, 13.0, top + 4, top + plot_h)
    # Each line's markers, and the one beside its end label, are one path: one element to draw.
    for (_, index), y, points in zip(ends, placed, drawn, strict=True):
        s = series[index]
        colour = PALETTE[s.style % len(PALETTE)]
        shape = MARKERS[s.style % len(MARKERS)]
        x = left + plot_w + 10
        out.append(shapes(shape, [*points, (x + 4, y)], colour, 3.6, series=s.label))
        labels.add(x + 12, y + 4, s.short or s.label)
    out.extend(labels.render())
    out.append("</svg>")
    return "".join(out)


def _mix(a: str, b: str, t: float) -> str:
    ar, ag, ab = (int(a[i : i + 2], 16) for i in (1, 3, 5))
    br, bg, bb = (int(b[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b_ = (round(x + (y - x) * t) for x, y in ((ar, br), (ag, bg), (ab, bb)))
    return f"#{r:02x}{g:02x}{b_:02x}"


def scale_colour(value: float, lo: float, hi: float, stops: Sequence[str] = ORANGES) -> str:
    """Return the colour of `value` on a sequential scale from `lo` to `hi`."""
    t = 0.0 if hi <= lo else min(1.0, max(0.0, (value - lo) / (hi - lo)))
    pos = t * (len(stops) - 1)
    i = min(int(pos), len(stops) - 2)
    return _mix(stops[i], stops[i + 1], pos - i)


def _ink_on(value: float, lo: float, hi: float) -> str:
    t = 0.0 if hi <= lo else (value - lo) / (hi - lo)
    return "#ffffff" if t > 0.55 else INK


def heatmap(
    chart_id: str,
    title: str,
    desc: str,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    values: Sequence[Sequence[float | None]],
    value_range: tuple[float, float] = (0.0, 1.0),
    marks: dict[tuple[int, int], str] | None = None,
    stops: Sequence[str] = ORANGES,
    legend: str = "",
    col_title: str = "Turn",
    key: Sequence[str] = (),
) -> str:
    """Return a grid of coloured cells, each with its value printed; marks: crisis, war.

    `key` ("USA: United States", ...) is printed under the grid, for labels that are codes.
    """
    marks = marks or {}
    left = 14.0 + 7.0 * max((len(r) for r in row_labels), default=4)
    top = 22.0
    cols = max(len(col_labels), 1)
    cell_w = min(56.0, (WIDTH - left - 8) / cols)
    cell_h = 22.0
    grid_h = cell_h * len(row_labels)
    width = max(left + cell_w * cols + 8, left + 160 + 5.6 * len(legend))
    keyed = key_lines(key, width - 16)
    height = top + grid_h + (44.0 if legend or marks else 24.0) + 14.0 * len(keyed)
    lo, hi = value_range
    hatch = f"{chart_id}-hatch"
    out = _open(chart_id, title, desc, width, height)
    labels = Labels()
    out.append(
        f'<defs><pattern id="{escape(hatch)}" patternUnits="userSpaceOnUse" width="6" '
        f'height="6"><path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="{INK}" '
        'stroke-width="1.1"/></pattern></defs>'
    )
    for j, label in enumerate(col_labels):
        labels.add(left + cell_w * (j + 0.5), top - 7, label, "middle", 11, fill=MUTED)
    # Cells of one colour (values rounded to 0.05) are one path: few elements, fast PDFs.
    fills: dict[str, list[str]] = {}
    empty: list[str] = []
    outlines: list[str] = []
    wars: list[str] = []
    labels_bg: list[str] = []
    war_labels: list[tuple[float, str]] = []
    for i, label in enumerate(row_labels):
        y = top + cell_h * i
        labels.add(left - 6, y + cell_h / 2 + 4, label, "end")
        inks: dict[tuple[str, bool], list[tuple[float, str]]] = {}
        for j in range(cols):
            value = values[i][j] if j < len(values[i]) else None
            x = left + cell_w * j
            cell = f"M{_num(x)} {_num(y)}h{_num(cell_w)}v{_num(cell_h)}h{_num(-cell_w)}z"
            if value is None:
                empty.append(cell)
                continue
            colour = scale_colour(round(value * 20) / 20, lo, hi, stops)
            fills.setdefault(colour, []).append(cell)
            kind = marks.get((i, j))
            if kind in ("war", "crisis"):
                outlines.append(
                    f"M{_num(x + 1.5)} {_num(y + 1.5)}h{_num(cell_w - 3)}"
                    f"v{_num(cell_h - 3)}h{_num(3 - cell_w)}z"
                )
            if kind == "war":
                wars.append(cell)
                labels_bg.append(
                    f"M{_num(x + cell_w / 2 - 15)} {_num(y + cell_h / 2 - 7)}h30v13h-30z"
                )
                war_labels.append((x + cell_w / 2, "WAR"))
                continue
            text = f"{value:.2f}".lstrip("0") if 0 <= value < 1 else f"{value:.1f}"
            ink = _ink_on(value, lo, hi)
            inks.setdefault((ink, bool(kind)), []).append((x + cell_w / 2, text))
        for (ink, bold), items in sorted(inks.items()):
            weight = "bold" if bold else None
            for cx, text in items:
                labels.add(cx, y + cell_h / 2 + 4, text, "middle", 10, weight, ink)
        if war_labels:
            for cx, text in war_labels:
                labels.add(cx, y + cell_h / 2 + 4, text, "middle", 10, "bold", INK)
            war_labels = []
    for colour, cells in sorted(fills.items()):
        out.append(f'<path d="{"".join(cells)}" fill="{colour}" stroke="#ffffff"/>')
    if empty:
        out.append(f'<path d="{"".join(empty)}" fill="#ffffff" stroke="{GRID}"/>')
    if wars:
        out.append(f'<path d="{"".join(wars)}" fill="url(#{escape(hatch)})" opacity="0.55"/>')
        out.append(f'<path d="{"".join(labels_bg)}" fill="#ffffff"/>')
    if outlines:
        out.append(f'<path d="{"".join(outlines)}" fill="none" stroke="{INK}" stroke-width="2.2"/>')
    y = top + grid_h + 16
    out.append(_legend_scale(left, y, lo, hi, stops, labels))
    if legend:
        labels.add(left + 150, y + 4, legend, fill=MUTED, size=10)
    for n, line in enumerate(keyed):
        labels.add(8, y + 24 + 14.0 * n, line, fill=MUTED, size=10)
    out.extend(labels.render())
    out.append("</svg>")
    return "".join(out)


def _legend_scale(
    x: float, y: float, lo: float, hi: float, stops: Sequence[str], labels: Labels
) -> str:
    labels.add(x, y + 4, _fmt_tick(lo), "end", 10, fill=MUTED)
    parts = []
    steps = 10
    for n in range(steps):
        colour = scale_colour(lo + (hi - lo) * (n + 0.5) / steps, lo, hi, stops)
        parts.append(
            f'<rect x="{_num(x + 4 + n * 9)}" y="{_num(y - 5)}" width="9" height="10" '
            f'fill="{colour}"/>'
        )
    labels.add(x + 8 + steps * 9, y + 4, _fmt_tick(hi), fill=MUTED, size=10)
    return "".join(parts)


# Bar fills: the palette colour, then a pattern over it, so groups differ without colour.
BAR_PATTERNS = ("", "hatch", "dots", "cross")


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    y_label: str,
    y_max: float | None = None,
    value_format: Callable[[float], str] = _fmt_tick,
    height: float = 240,
) -> str:
    """Return grouped vertical bars with their values printed and a patterned legend."""
    left, right, top = 52.0, 12.0, 18.0
    legend_rows = _legend_rows([s.label for s in series], WIDTH - left - right)
    two_lines = any("\n" in c for c in categories)
    bottom = 34.0 + 16.0 * legend_rows + (13.0 if two_lines else 0.0)
    plot_w = WIDTH - left - right
    plot_h = height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    hi = y_max if y_max is not None else nice_max(max(values, default=1.0))
    ticks = _ticks(0.0, hi)
    groups = max(len(categories), 1)
    group_w = plot_w / groups
    bar_w = min(46.0, group_w * 0.8 / max(len(series), 1))
    out = _open(chart_id, title, desc, WIDTH, height)
    labels = Labels()
    out.append(_bar_defs(chart_id))
    for t in ticks:
        y = top + plot_h * (1 - t / hi)
        out.append(
            f'<line x1="{_num(left)}" x2="{_num(left + plot_w)}" y1="{_num(y)}" y2="{_num(y)}" '
            f'stroke="{GRID}"/>'
        )
        labels.add(left - 6, y + 4, _fmt_tick(t), "end", fill=MUTED)
    out.append(
        f'<text transform="translate(13 {_num(top + plot_h / 2)}) rotate(-90)" '
        f'text-anchor="middle" fill="{MUTED}">{escape(y_label)}</text>'
    )
    for g, category in enumerate(categories):
        gx = left + group_w * g + (group_w - bar_w * len(series)) / 2
        first, _, second = category.partition("\n")
        labels.add(left + group_w * (g + 0.5), top + plot_h + 15, first, "middle")
        labels.add(left + group_w * (g + 0.5), top + plot_h + 28, second, "middle", 9.5, fill=MUTED)
        for k, s in enumerate(series):
            value = s.values[g] if g < len(s.values) else None
            if value is None:
                continue
            h = plot_h * min(value, hi) / hi
            x = gx + bar_w * k
            y = top + plot_h - h
            out.append(_bar(chart_id, x, y, bar_w - 2, h, s.style))
            labels.add(x + (bar_w - 2) / 2, y - 3, value_format(value), "middle", 10)
    out.append(
        f'<line x1="{_num(left)}" x2="{_num(left + plot_w)}" y1="{_num(top + plot_h)}" '
        f'y2="{_num(top + plot_h)}" stroke="{MUTED}"/>'
    )
    if len(series) > 1:
        lx, ly = left, top + plot_h + 26 + (13.0 if two_lines else 0.0)
        for s in series:
            item_w = 30 + 6.0 * len(s.label)
            if lx > left and lx - left + item_w > WIDTH - right - left:
                lx, ly = left, ly + 16
            out.append(_bar(chart_id, lx, ly, 14, 11, s.style))
            labels.add(lx + 19, ly + 10, s.label, size=10.5)
            lx += item_w
    out.extend(labels.render())
    out.append("</svg>")
    return "".join(out)


def _legend_rows(labels: Sequence[str], room: float) -> int:
    """Return how many rows the legend of a bar chart takes (none for one series)."""
    if len(labels) < 2:
        return 0
    rows, used = 1, 0.0
    for label in labels:
        item_w = 30 + 6.0 * len(label)
        if used and used + item_w > room:
            rows, used = rows + 1, 0.0
        used += item_w
    return rows


def _bar_defs(chart_id: str) -> str:
    cid = escape(chart_id)
    return (
        "<defs>"
        f'<pattern id="{cid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="#ffffff" stroke-width="1.4"/></pattern>'
        f'<pattern id="{cid}-dots" patternUnits="userSpaceOnUse" width="6" height="6">'
        '<circle cx="3" cy="3" r="1.3" fill="#ffffff"/></pattern>'
        f'<pattern id="{cid}-cross" patternUnits="userSpaceOnUse" width="7" height="7">'
        '<path d="M0 3.5H7M3.5 0V7" stroke="#ffffff" stroke-width="1.3"/></pattern>'
        "</defs>"
    )


def _bar(chart_id: str, x: float, y: float, w: float, h: float, style: int) -> str:
    colour = PALETTE[style % len(PALETTE)]
    pattern = BAR_PATTERNS[style % len(BAR_PATTERNS)]
    rect = (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0.5))}" '
        f'height="{_num(max(h, 0.0))}"'
    )
    out = f'{rect} fill="{colour}" stroke="{INK}" stroke-width="0.6"/>'
    if pattern:
        out += f'{rect} fill="url(#{escape(chart_id)}-{pattern})"/>'
    return out


def timeline(
    chart_id: str,
    title: str,
    desc: str,
    turns: int,
    lanes: Sequence[Lane],
    key: Sequence[str] = (),
) -> str:
    """Return a lane per kind of event, turns across, each mark with its shape and label.

    Marks name states by code (a turn's column is narrow); `key` ("USA: United States",
    ...) is printed under the lanes to give each code's name.
    """
    left, top = 96.0, 22.0
    cols = max(turns, 1)
    col_w = (WIDTH - left - 8) / cols
    line_h = 12.0
    label_size = 9.0 if col_w >= 60 else 8.0
    lane_heights = []
    for lane in lanes:
        per_turn: dict[int, int] = {}
        for m in lane.marks:
            per_turn[m.turn] = per_turn.get(m.turn, 0) + 1
        lane_heights.append(max(22.0, 8.0 + line_h * max(per_turn.values(), default=1)))
    keyed = key_lines(key, WIDTH - 16)
    lanes_end = top + sum(lane_heights)
    height = lanes_end + 8 + (14.0 * len(keyed) + 6 if keyed else 0.0)
    out = _open(chart_id, title, desc, WIDTH, height)
    labels = Labels()
    for t in range(cols):
        labels.add(left + col_w * (t + 0.5), top - 8, f"T{t + 1}", "middle", 11, fill=MUTED)
    rules = "".join(f"M{_num(left + col_w * t)} {_num(top)}V{_num(lanes_end)}" for t in range(cols))
    y = top
    drawn: dict[tuple[str, str, bool], list[tuple[float, float]]] = {}
    for lane, lane_h in zip(lanes, lane_heights, strict=True):
        rules += f"M0 {_num(y)}H{_num(WIDTH)}"
        labels.add(left - 8, y + 15, lane.label, "end", weight="bold")
        stacked: dict[int, int] = {}
        for m in lane.marks:
            if not 1 <= m.turn <= cols:
                continue
            row = stacked.get(m.turn, 0)
            stacked[m.turn] = row + 1
            shape, colour, hollow = MARK_STYLES.get(m.kind, ("circle", INK, False))
            mx = left + col_w * (m.turn - 1) + 8
            my = y + 11 + line_h * row
            drawn.setdefault((shape, colour, hollow), []).append((mx, my))
            labels.add(mx + 7, my + 3.5, m.text, size=label_size)
        y += lane_h
    for n, line in enumerate(keyed):
        labels.add(8, lanes_end + 18 + 14.0 * n, line, fill=MUTED, size=10)
    out.insert(3, f'<path d="{rules}" stroke="{GRID}" fill="none"/>')
    for (shape, colour, hollow), points in sorted(drawn.items()):
        out.append(shapes(shape, points, colour, 3.4, hollow))
    out.extend(labels.render())
    out.append("</svg>")
    return "".join(out)
