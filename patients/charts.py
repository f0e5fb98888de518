"""Server-rendered SVG line charts, written by our own code.

Why not pygal: pygal colours its lines through a `<style>` element inside the SVG, which a Content
Security Policy without 'unsafe-inline' blocks; the lines then render as black filled shapes. Here
every colour is an SVG presentation attribute (`stroke="#0d6efd"`), which CSP does not govern, and
the SVG holds no script, no style element, no style attribute and no URL but the SVG namespace.

This module only places things on the canvas; the figures come from `patients.trends`.
Coordinates are pre-formatted strings so that number localisation can never reach the SVG.
The SVG is written with string formatting, every label escaped: about ten times faster than through
a template for a ten-year history (measured: docs/performance.md).
"""

import html
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from patients.dates import local_date
from patients.numbers import local_number

WIDTH, HEIGHT = 720, 330
LEFT, RIGHT, TOP, BOTTOM = 40, 704, 14, 264  # the plot area
X_LABELS, LEGEND_Y, LEGEND_TEXT_Y = BOTTOM + 16, HEIGHT - 26, HEIGHT - 22
MAX_X_TICKS = 7

COLOURS = {
    "line": "#0d6efd",
    "average": "#6f42c1",
    "baseline": "#6c757d",
    "target": "#198754",
    "session": "#ced4da",
    "pair": "#d63384",
    "grid": "#e9ecef",
    "text": "#212529",
}


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def escape(text) -> str:
    """Django's `escape` without its lazy-text wrapper (the same characters replaced, the same
    output): a long history's chart escapes about a thousand labels, and the wrapper that looks for a
    lazy argument took as long as the escaping (cProfile, bench database)."""
    return html.escape(str(text))


@dataclass(frozen=True)
class Tick:
    pos: str
    label: str


@dataclass(frozen=True)
class Mark:
    x: str
    y: str
    label: str


@dataclass(frozen=True)
class Pair:
    x: str
    y1: str
    y2: str
    label: str


@dataclass(frozen=True)
class Reference:
    kind: str  # "baseline" or "target"
    y: str
    label: str
    colour: str
    label_y: str


@dataclass(frozen=True)
class LegendItem:
    kind: str
    label: str
    colour: str
    x: str
    x2: str
    text_x: str
    dashed: bool = False


@dataclass
class Chart:
    id: str
    title: str
    description: str
    empty_message: str = ""
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    line: str = ""
    marks: list[Mark] = field(default_factory=list)
    average: str = ""
    references: list[Reference] = field(default_factory=list)
    sessions: list[Mark] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM
    x_labels: int = X_LABELS
    legend_y: int = LEGEND_Y
    legend_text_y: int = LEGEND_TEXT_Y
    centre_x: int = (LEFT + RIGHT) // 2
    centre_y: int = (TOP + BOTTOM) // 2
    y_labels: int = LEFT - 6
    colours: dict = field(default_factory=lambda: COLOURS)

    @property
    def drawn_points(self) -> int:
        return len(self.marks) + len(self.pairs) + len(self.sessions)

    def render(self) -> SafeString:
        """The SVG, every label escaped (the only text in it besides fixed names and numbers)."""
        c = self.colours
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" class="trend-chart" '
            f'role="img" aria-labelledby="{escape(self.id)}-title {escape(self.id)}-desc" '
            f'font-family="system-ui, -apple-system, \'Segoe UI\', Roboto, sans-serif" font-size="11" '
            f'fill="{c["text"]}">\n'
            f'<title id="{escape(self.id)}-title">{escape(self.title)}</title>\n'
            f'<desc id="{escape(self.id)}-desc">{escape(self.description)}</desc>\n'
            f'<g class="grid" stroke="{c["grid"]}" stroke-width="1">'
        ]
        out += [f'\n<line x1="{self.left}" y1="{t.pos}" x2="{self.right}" y2="{t.pos}"/>' for t in self.y_ticks]
        out.append('\n</g>\n<g class="y-axis" text-anchor="end">')
        out += [f'\n<text x="{self.y_labels}" y="{t.pos}" dy="4">{escape(t.label)}</text>' for t in self.y_ticks]
        out.append('\n</g>\n<g class="x-axis" text-anchor="middle">')
        out += [f'\n<text x="{t.pos}" y="{self.x_labels}">{escape(t.label)}</text>' for t in self.x_ticks]
        out.append(
            f'\n</g>\n<line x1="{self.left}" y1="{self.bottom}" x2="{self.right}" y2="{self.bottom}" '
            f'stroke="{c["baseline"]}" stroke-width="1"/>\n'
        )
        if self.empty_message:
            out.append(
                f'<text class="empty" x="{self.centre_x}" y="{self.centre_y}" text-anchor="middle" '
                f'font-size="14">{escape(self.empty_message)}</text>\n'
            )
        out.append(f'<g class="sessions" stroke="{c["session"]}" stroke-width="1">')
        out += [
            f'\n<line x1="{m.x}" y1="{self.top}" x2="{m.x}" y2="{self.bottom}"><title>{escape(m.label)}</title></line>'
            for m in self.sessions
        ]
        out.append("\n</g>\n")
        for ref in self.references:
            out.append(
                f'<g class="reference-{ref.kind}">\n'
                f'<line x1="{self.left}" y1="{ref.y}" x2="{self.right}" y2="{ref.y}" stroke="{ref.colour}" '
                f'stroke-width="1.5" stroke-dasharray="6 4"/>\n'
                f'<text x="{self.right}" y="{ref.label_y}" text-anchor="end" fill="{ref.colour}">'
                f"{escape(ref.label)}</text>\n</g>\n"
            )
        if self.average:
            out.append(
                f'<polyline class="average" points="{self.average}" fill="none" stroke="{c["average"]}" '
                f'stroke-width="2" stroke-dasharray="4 3"/>\n'
            )
        if self.line:
            out.append(
                f'<polyline class="line" points="{self.line}" fill="none" stroke="{c["line"]}" stroke-width="2" '
                f'stroke-linejoin="round"/>\n'
            )
        out.append(f'<g class="marks" fill="{c["line"]}">')
        out += [f'\n<circle cx="{m.x}" cy="{m.y}" r="3"><title>{escape(m.label)}</title></circle>' for m in self.marks]
        out.append(f'\n</g>\n<g class="pairs" stroke="{c["pair"]}" fill="{c["pair"]}" stroke-width="2">')
        out += [
            f'\n<g><title>{escape(p.label)}</title><line x1="{p.x}" y1="{p.y1}" x2="{p.x}" y2="{p.y2}"/>'
            f'<circle cx="{p.x}" cy="{p.y2}" r="3.5" fill="#ffffff"/></g>'
            for p in self.pairs
        ]
        out.append('\n</g>\n<g class="legend">')
        for item in self.legend:
            dash = ' stroke-dasharray="5 3"' if item.dashed else ""
            out.append(
                f'\n<line x1="{item.x}" y1="{self.legend_y}" x2="{item.x2}" y2="{self.legend_y}" '
                f'stroke="{item.colour}" stroke-width="3"{dash}/>\n'
                f'<text x="{item.text_x}" y="{self.legend_text_y}">{escape(item.label)}</text>'
            )
        out.append("\n</g>\n</svg>\n")
        # Safe: every label is escaped above.
        return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


class TimeScale:
    def __init__(self, moments: list[datetime]):
        start, end = min(moments), max(moments)
        if end - start < timedelta(days=2):  # a single day: centre it in a three-day window
            start, end = _shifted(start, -1), _shifted(end, 1)
        self.start, self.end = start, end
        self.span = (end - start).total_seconds()

    def x(self, moment: datetime) -> float:
        return LEFT + (moment - self.start).total_seconds() / self.span * (RIGHT - LEFT)

    def ticks(self) -> list[Tick]:
        """Labels on whole days (every 1, 2, 3, 7 or 14 days) or on the first of months, at most MAX_X_TICKS."""
        first, last = local_date(self.start), local_date(self.end)
        span = (last - first).days
        step = next((days for days in (1, 2, 3, 7, 14) if span / days < MAX_X_TICKS), None)
        if step is not None:
            day = first if step < 7 else first + timedelta(days=(7 - first.weekday()) % 7)  # weeks start on Monday
            days = [day + timedelta(days=step * i) for i in range(MAX_X_TICKS + 1)]
            label = get_format("MONTH_DAY_FORMAT")  # the page language's (clinic/formats)
        else:
            months = (last.year - first.year) * 12 + last.month - first.month
            step = next((m for m in (1, 2, 3, 6, 12, 24, 60) if months / m < MAX_X_TICKS), 120)
            days = [_add_months(first.replace(day=1), step * (i + 1)) for i in range(MAX_X_TICKS + 1)]
            label = get_format("YEAR_MONTH_FORMAT")
        ticks, language = [], get_language()
        for day in days:
            try:
                moment = timezone.make_aware(datetime.combine(day, time.min))
                if self.start <= moment <= self.end:
                    ticks.append(Tick(_fmt(self.x(moment)), _tick_label(day, label, language)))
            except OverflowError:  # a day with no local midnight (year 1 west of Greenwich): no label
                continue
        return ticks


@lru_cache(maxsize=1024)
def _tick_label(day: date, label_format: str, language: str | None) -> str:
    # Each chart of a page labels up to eight days (a record has up to six charts): formatting a day
    # once per format and language, as `patients.trends._day_label` does for the tooltips.
    return dateformat.format(day, label_format)


def _shifted(moment: datetime, days: int) -> datetime:
    """`moment` moved by `days`, or left where it is at the end of the calendar (a reading of
    year 1 or 9999 stored before the date rules still draws)."""
    try:
        return moment + timedelta(days=days)
    except OverflowError:
        return moment


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class ValueScale:
    def __init__(self, top_value: float, step: float):
        self.top_value, self.step = top_value, step

    def y(self, value: float) -> float:
        return BOTTOM - value / self.top_value * (BOTTOM - TOP)

    def ticks(self) -> list[Tick]:
        count = round(self.top_value / self.step)
        return [Tick(_fmt(self.y(i * self.step)), local_number(i * self.step)) for i in range(count + 1)]


@dataclass(frozen=True)
class Series:
    """What one chart shows. Moments are aware datetimes; labels become native SVG tooltips."""

    points: list[tuple[datetime, float, str]]
    average: list[tuple[datetime, float]] = field(default_factory=list)
    pairs: list[tuple[datetime, float, float, str]] = field(default_factory=list)
    sessions: list[tuple[datetime, str]] = field(default_factory=list)
    baseline: float | None = None
    target: float | None = None


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Series,
    top_value: float,
    step: float,
    labels: dict[str, str],
    empty_message: str = "",
) -> Chart:
    """Lay out `series` on a time axis and a 0..`top_value` value axis.

    `labels` names the legend entries: "line", "average", "pair", "session", "baseline", "target".
    """
    chart = Chart(id=chart_id, title=title, description=description)
    values = ValueScale(top_value, step)
    chart.y_ticks = values.ticks()
    moments = [m for m, *_ in series.points] + [m for m, *_ in series.pairs] + [m for m, _ in series.sessions]
    if not moments:
        chart.empty_message = empty_message
        return chart
    axis = TimeScale(moments)
    chart.x_ticks = axis.ticks()
    chart.marks = [Mark(_fmt(axis.x(m)), _fmt(values.y(v)), label) for m, v, label in series.points]
    if len(chart.marks) > 1:
        chart.line = " ".join(f"{mark.x},{mark.y}" for mark in chart.marks)
    if len(series.average) > 1:
        chart.average = " ".join(f"{_fmt(axis.x(m))},{_fmt(values.y(v))}" for m, v in series.average)
    chart.pairs = [
        Pair(_fmt(axis.x(m)), _fmt(values.y(pre)), _fmt(values.y(post)), label) for m, pre, post, label in series.pairs
    ]
    chart.sessions = [Mark(_fmt(axis.x(m)), "", label) for m, label in series.sessions]
    for kind, value in (("baseline", series.baseline), ("target", series.target)):
        if value is not None and 0 <= value <= top_value:
            y = values.y(value)
            label_y = y - 4 if kind == "baseline" else y + 12
            chart.references.append(
                Reference(
                    kind,
                    _fmt(y),
                    f"{labels[kind]} {local_number(value, '.3g')}",
                    COLOURS[kind],
                    _fmt(min(label_y, BOTTOM - 2)),
                )
            )
    chart.legend = _legend(chart, labels)
    return chart


def _legend(chart: Chart, labels: dict[str, str]) -> list[LegendItem]:
    present = [
        ("line", bool(chart.marks), False),
        ("average", bool(chart.average), True),
        ("pair", bool(chart.pairs), False),
        ("session", bool(chart.sessions), False),
        ("baseline", any(r.kind == "baseline" for r in chart.references), True),
        ("target", any(r.kind == "target" for r in chart.references), True),
    ]
    items, x = [], float(LEFT)
    for kind, shown, dashed in present:
        if shown and kind in labels:
            items.append(LegendItem(kind, labels[kind], COLOURS[kind], _fmt(x), _fmt(x + 20), _fmt(x + 25), dashed))
            x += 25 + 6 * len(labels[kind]) + 16
    return items


# --- the pain map over time: one line per region ------------------------------------------------------

REGION_LINE_CLASSES = 8  # .region-line-0 ... -7 in patients/static/clinic/clinic.css (no colour in the SVG)
REGION_LEGEND_ROW = 14


def region_chart(
    *, chart_id: str, title: str, description: str, series: list[tuple[str, list[tuple[datetime, int, str]]]]
) -> SafeString:
    """Intensity 0-10 per region over time: `series` is (region label, [(moment, intensity, tooltip)]).
    Each line's colour is a class of our stylesheet (CSP: no style in the SVG); the legend names them."""
    values = ValueScale(10, 2)
    legend_rows = (len(series) + 2) // 3
    height = BOTTOM + 30 + legend_rows * REGION_LEGEND_ROW
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="trend-chart region-chart" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" font-size="11" '
        f'fill="{COLOURS["text"]}">\n<title id="{escape(chart_id)}-title">{escape(title)}</title>\n'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>\n<g stroke="{COLOURS["grid"]}">'
    ]
    ticks = values.ticks()
    out += [f'\n<line x1="{LEFT}" y1="{t.pos}" x2="{RIGHT}" y2="{t.pos}"/>' for t in ticks]
    out.append('\n</g>\n<g text-anchor="end">')
    out += [f'\n<text x="{LEFT - 6}" y="{t.pos}" dy="4">{escape(t.label)}</text>' for t in ticks]
    out.append("\n</g>\n")
    moments = [moment for _label, points in series for moment, *_rest in points]
    if moments:
        axis = TimeScale(moments)
        out.append('<g text-anchor="middle">')
        out += [f'\n<text x="{t.pos}" y="{X_LABELS}">{escape(t.label)}</text>' for t in axis.ticks()]
        out.append("\n</g>\n")
        for index, (label, points) in enumerate(series):
            css = f"region-line-{index % REGION_LINE_CLASSES}"
            coords = [(_fmt(axis.x(m)), _fmt(values.y(v)), tip) for m, v, tip in points]
            out.append(f'<g class="region-series {css}"><title>{escape(label)}</title>')
            if len(coords) > 1:
                line = " ".join(f"{x},{y}" for x, y, _t in coords)
                out.append(f'<polyline fill="none" stroke-width="2" points="{line}"/>')
            out += [f'<circle cx="{x}" cy="{y}" r="3"><title>{escape(tip)}</title></circle>' for x, y, tip in coords]
            out.append("</g>\n")
            row, column = divmod(index, 3)
            x, y = LEFT + column * 220, BOTTOM + 36 + row * REGION_LEGEND_ROW
            out.append(
                f'<g class="region-legend {css}">'
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 20}" y2="{y - 4}" stroke-width="3"/>'
                f'<text x="{x + 25}" y="{y}">{escape(label)}</text></g>\n'
            )
    out.append(f'<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="{COLOURS["baseline"]}"/>\n</svg>\n')
    # Safe: every label is escaped above.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703
