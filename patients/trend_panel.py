"""The trend panel: pain and questionnaire charts, their plain-language sentences and data tables.

`trend_context(patient)` gives the context of `templates/patients/includes/trend_panel.html`, used by
the practitioner's patient page and the patient's own portal. Three queries, whatever the history.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.paginator import Page, Paginator
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from patients import scoring
from patients.charts import Series, line_chart
from patients.choices import choice_label
from patients.dates import local_date
from patients.html_rows import at_time, on_day
from patients.measures import NRS_MAX, SCORE_MAX
from patients.models import AssessmentSource, Instrument
from patients.numbers import local_number
from patients.readings import history_of
from patients.trends import (
    MAX_CHART_POINTS,
    MOVING_AVERAGE_WINDOW,
    Bucket,
    History,
    NrsSummary,
    PainPoint,
    QuestionnaireSummary,
    ScorePoint,
    SessionEffect,
    aggregate,
    bucket_days,
    day_formatter,
    immediate_effect_sentence,
    moving_average,
    pain_sentence,
    questionnaire_sentence,
    risk_group_label,
    session_effects,
    status_points,
    summarise_points,
    summarise_scores,
    week_start,
)

TABLE_PAGE_SIZE = 10
CHART_STEP = {"rmdq": 4, "startback": 3, "psfs": 2}  # gridlines at whole scores
PAGE_PARAM = "trend_page"


@dataclass(frozen=True)
class TrendChart:
    key: str
    heading: str
    sentence: str
    svg: SafeString
    aggregated: bool
    drawn_points: int
    # The chart's legend again, as HTML under it on a phone (where the SVG's own is too small to read).
    legend: tuple = ()


@dataclass(frozen=True)
class PainRow:
    at: datetime
    nrs: int
    source: str


@dataclass(frozen=True)
class ScoreRow:
    at: datetime
    score: str
    band: str


@dataclass(frozen=True)
class QuestionnaireTrend:
    chart: TrendChart
    summary: QuestionnaireSummary
    rows: list[ScoreRow]
    rows_html: SafeString = SafeString("")  # the table's rows, as `score_rows_html` draws them


@dataclass(frozen=True)
class TrendPanel:
    summary: NrsSummary
    nrs: TrendChart
    effect_sentence: str
    table: Page
    page_param: str
    questionnaires: list[QuestionnaireTrend]
    nrs_max: int = NRS_MAX  # the badges' "/10"
    table_rows: SafeString = SafeString("")  # the shown page of `table`, as `pain_rows_html` draws it


def trend_context(patient, *, page: str | int | None = None, history: History | None = None) -> dict:
    """Context for trend_panel.html; `page` is the data table's page (request.GET["trend_page"]).
    A page that has read the patient's `History` for its own use passes it: no query here then."""
    history = history or history_of(patient)
    return {"trend": build_panel(history.points, history.scores, history.sessions, page=page)}


def build_panel(
    points: list[PainPoint],
    scores: dict[str, list[ScorePoint]],
    sessions: list[datetime],
    *,
    page: str | int | None = None,
) -> TrendPanel:
    summary = summarise_points(points)
    sentence = pain_sentence(points)
    effects = session_effects(points)  # once: the chart and the sentence both show them
    series, aggregated = nrs_series(points, sessions, effects=effects, summary=summary)
    chart = line_chart(
        chart_id="trend-nrs",
        title=_("Pain over time (NRS 0–10)"),
        description=sentence,
        series=series,
        top_value=NRS_MAX,
        step=2,
        labels={
            "line": _("Pain course"),
            "average": _("Moving average"),
            "pair": _("After needling"),
            "session": _("Session"),
            "baseline": _("Baseline"),
            "target": _("30 % target"),
        },
        empty_message=_("No pain scores yet"),
    )
    table = Paginator(points[::-1], TABLE_PAGE_SIZE).get_page(page)
    # Only the shown page's rows are labelled (a long history has a thousand).
    table.object_list = [PainRow(p.at, p.nrs, choice_label(AssessmentSource, p.source)) for p in table.object_list]
    return TrendPanel(
        summary=summary,
        nrs=TrendChart("nrs", _("Pain"), sentence, chart.render(), aggregated, chart.drawn_points, tuple(chart.legend)),
        effect_sentence=immediate_effect_sentence(effects),
        table=table,
        page_param=PAGE_PARAM,
        table_rows=pain_rows_html(table.object_list),
        questionnaires=[
            questionnaire_trend(instrument, scores[instrument])
            for instrument in Instrument.values
            if instrument in scores
        ],
    )


def nrs_series(
    points: Sequence[PainPoint],
    sessions: Sequence[datetime],
    *,
    effects: list[SessionEffect] | None = None,
    summary: NrsSummary | None = None,
) -> tuple[Series, bool]:
    """What the pain chart draws: the course line through the status readings only (clinician,
    self-report, before needling; `patients.trends.status_points`); each session's after-needling
    score as a mark hanging from its before-needling score (the immediate effect), never on the line;
    sessions, baseline and responder target. Averages per week or wider when the history is long."""
    effects = session_effects(points) if effects is None else effects
    paired = {effect.session_id for effect in effects}
    main = status_points(points)
    # An after-needling score without a before-needling one: its own mark, still off the course line.
    lone = [p for p in points if p.source == AssessmentSource.POST_SESSION and p.session_id not in paired]
    summary = summarise_points(points) if summary is None else summary
    aggregated = len(points) > MAX_CHART_POINTS or len(sessions) > MAX_CHART_POINTS
    label = _Labels()
    if not aggregated:
        line = [
            (p.at, p.nrs, f"{label.day(p.at)}: {p.nrs}/{NRS_MAX} ({choice_label(AssessmentSource, p.source)})")
            for p in main
        ]
        pairs = [(e.at, e.pre, e.post, label.pair(e.at, e.pre, e.post)) for e in effects]
        pairs += [(p.at, p.nrs, p.nrs, label.lone(p.at, p.nrs)) for p in lone]
        marks = [(moment, label.session % {"day": label.day(moment)}) for moment in sessions]
    else:
        moments = [p.at for p in (*points[:1], *points[-1:])] + [*sessions[:1], *sessions[-1:]]
        origin = week_start(local_date(min(moments)))
        days = bucket_days(origin, local_date(max(moments)))
        line = [
            (label.middle(b, days), b.mean, label.bucket(b))
            for b in aggregate([(p.at, p.nrs) for p in main], days, origin)
        ]
        post = {b.start: b for b in aggregate([(e.at, e.post) for e in effects], days, origin)}
        pairs = [
            (label.middle(b, days), b.mean, post[b.start].mean, label.pair(b.start, b.mean, post[b.start].mean))
            for b in aggregate([(e.at, e.pre) for e in effects], days, origin)
        ]
        pairs += [
            (label.middle(b, days), b.mean, b.mean, label.lone(b.start, b.mean))
            for b in aggregate([(p.at, p.nrs) for p in lone], days, origin)
        ]
        marks = [
            (label.middle(b, days), label.sessions % {"count": b.count, "day": label.day(b.start)})
            for b in aggregate([(moment, 1) for moment in sessions], days, origin)
        ]
    return Series(line, _average(line), pairs, marks, summary.baseline, summary.target), aggregated


def questionnaire_trend(instrument: str, points: list[ScorePoint]) -> QuestionnaireTrend:
    summary = summarise_scores(instrument, points)
    sentence = questionnaire_sentence(summary, points)
    top = SCORE_MAX[instrument]
    label = _Labels()
    if len(points) > MAX_CHART_POINTS:
        origin = week_start(local_date(points[0].at))
        days = bucket_days(origin, local_date(points[-1].at))
        line = [
            (label.middle(b, days), b.mean, label.bucket(b))
            for b in aggregate([(p.at, p.score) for p in points], days, origin)
        ]
    else:
        line = [(p.at, p.score, f"{label.day(p.at)}: {scoring.format_score(instrument, p.score)}") for p in points]
    name = Instrument(instrument).label
    title = (
        _("%(name)s over time (0–%(top)s, higher is better)")
        if summary.higher_is_better
        else _("%(name)s over time (0–%(top)s, lower is better)")
    )
    chart = line_chart(
        chart_id=f"trend-{instrument}",
        title=title % {"name": name, "top": local_number(top)},
        description=sentence,
        series=Series(line, [], [], [], summary.baseline, summary.target),
        top_value=top,
        step=CHART_STEP.get(instrument, top / 5),
        labels={"line": name, "baseline": _("Baseline"), "target": _("Important change")},
    )
    rows = [
        ScoreRow(
            p.at,
            scoring.format_score(instrument, p.score),
            risk_group_label(p.risk_group) if p.risk_group else scoring.band(instrument, p.score),
        )
        for p in reversed(points)
    ]
    return QuestionnaireTrend(
        chart=TrendChart(
            instrument,
            name,
            sentence,
            chart.render(),
            len(points) > MAX_CHART_POINTS,
            chart.drawn_points,
            tuple(chart.legend),
        ),
        summary=summary,
        rows=rows,
        rows_html=score_rows_html(rows),
    )


# The two tables of the panel in Python (patients.html_rows says why): the same markup as the
# `{% for %}` loops of trend_panel.html wrote, each value escaped by format_html_join.


def pain_rows_html(rows: list[PainRow]) -> SafeString:
    """The pain table's rows (an NRS score has no digit grouping: its text is the number)."""
    return format_html_join(
        "",
        "\n          <tr><td>{}</td><td>{}</td><td>{}</td></tr>\n        ",
        ((at_time(row.at), row.nrs, row.source) for row in rows),
    )


def score_rows_html(rows: list[ScoreRow]) -> SafeString:
    return format_html_join(
        "", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", ((on_day(row.at), row.score, row.band) for row in rows)
    )


def _average(line: list[tuple[datetime, float, str]]) -> list[tuple[datetime, float]]:
    if len(line) <= MOVING_AVERAGE_WINDOW:
        return []
    averages = moving_average([point[1] for point in line])
    return [(point[0], average) for point, average in zip(line, averages, strict=True)]


class _Labels:
    """A chart's tooltips and bucket positions: the time zone, the language and the translated
    sentences are read once per chart, not for each of a long history's thousand labels."""

    def __init__(self):
        self.day = day_formatter()
        self.tz = timezone.get_current_timezone()
        self.session = _("Session on %(day)s")
        self.sessions = _("%(count)s sessions from %(day)s")
        self.pair_text = _("%(day)s: %(pre)s before → %(post)s after needling (immediate effect)")
        self.lone_text = _("%(day)s: %(post)s after needling (no score before needling)")
        self.bucket_text = _("%(start)s – %(end)s: average %(mean)s (%(count)s scores)")
        self._middles: dict = {}  # the pain chart's line, pairs and sessions share most weeks

    def pair(self, moment, pre: float, post: float) -> str:
        return self.pair_text % {"day": self.day(moment), "pre": local_number(pre), "post": local_number(post)}

    def lone(self, moment, post: float) -> str:
        return self.lone_text % {"day": self.day(moment), "post": local_number(post)}

    def bucket(self, bucket: Bucket) -> str:
        values = {"start": self.day(bucket.start), "end": self.day(bucket.end), "mean": local_number(bucket.mean)}
        return self.bucket_text % (values | {"count": bucket.count})

    def middle(self, bucket: Bucket, days: int) -> datetime:
        """The middle of a bucket: where its average is drawn."""
        key = (bucket.start, days)
        middle = self._middles.get(key)
        if middle is None:
            middle = datetime.combine(bucket.start, datetime.min.time(), tzinfo=self.tz) + timedelta(days=days / 2)
            self._middles[key] = middle
        return middle
