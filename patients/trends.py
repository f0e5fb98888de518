"""Pain and function trends: the one place that turns assessments into baseline, change and responder status.

Every page, JSON document, chart and export reads its figures from here; templates only display them.
Over 500 lines on purpose: the NRS course, the immediate effect and each questionnaire's rule (with
their sources) are read together by every page, and keeping them in one module keeps one home for
the responder rules; the database reads are in `patients/readings.py`.

Two different measurements (shared clinical-standards.md §8.1; CONTRACT.md "The trend"):
- The course of the pain: baseline = the first *status* reading, latest = the last one
  (`patients.choices.STATUS_SOURCES`: clinician, self-report, before needling). A score taken right
  after needling is never the baseline or the latest.
- The immediate effect of needling: per session post − pre; over a course, the mean of those
  differences over the sessions that have both scores, and how many they are.

Thresholds (shared clinical-standards.md §3):
- NRS responder: pain fell by >= 30 % AND by >= 2 points (IMMPACT, Dworkin 2008; Ostelo 2008);
  >= 50 % is "substantial" (IMMPACT).
- ODI responder: >= 30 % OR >= 10 points better; RMDQ: >= 30 % OR >= 5 points (Ostelo 2008).
- NDI responder: >= 5 raw points out of 50 (Vernon), i.e. >= 10 on the percentage score we store.
- PSFS responder: the mean rating rose by >= 2 points (Stratford 1995, clinical-standards.md §2.5).
  Higher is better on the PSFS (`scoring.HIGHER_IS_BETTER`): its improvement is a rise, and every
  sentence and target here reads the direction from there.
- A >= 50 % improvement of a responder is reported as "substantial" on every measure where lower is
  better; no source gives such a tier for the PSFS, so none is claimed there.
- STarT Back is a screening tool, not an outcome: no responder rule; its figure is the risk group
  (`scoring.startback_risk`, Hill et al. 2008).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django.utils import dateformat, timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from patients import scoring
from patients.choices import (
    IMMEDIATE_EFFECT_SOURCE,
    STATUS_SOURCES,
    AssessmentSource,
    Instrument,
    RiskGroup,
    choice_label,
)
from patients.dates import local_date
from patients.measures import SCORE_MAX
from patients.measures import round_half_up as round1
from patients.pain_map import ORDER

NRS_RESPONDER_PERCENT = 30.0
NRS_RESPONDER_POINTS = 2
SUBSTANTIAL_PERCENT = 50.0
MOVING_AVERAGE_WINDOW = 5  # readings: smooths day-to-day noise without hiding a course of ten sessions
MAX_CHART_POINTS = 300  # above this a history is drawn as weekly (or wider) averages


def percent_change(baseline: float | None, latest: float | None) -> float | None:
    """(latest - baseline) / baseline x 100, one decimal half-up; None when undefined."""
    if baseline is None or latest is None or baseline == 0:
        return None
    value = Decimal(str(latest - baseline)) / Decimal(str(baseline)) * 100
    return round1(value)


def is_nrs_responder(baseline: int | None, latest: int | None) -> bool:
    pct = percent_change(baseline, latest)
    if pct is None:
        return False
    return -pct >= NRS_RESPONDER_PERCENT and baseline - latest >= NRS_RESPONDER_POINTS


@dataclass(frozen=True)
class NrsSummary:
    baseline: int | None
    latest: int | None
    change: int | None
    percent_change: float | None
    responder: bool

    @property
    def substantial(self) -> bool:
        return self.responder and -self.percent_change >= SUBSTANTIAL_PERCENT

    @property
    def worse(self) -> bool:
        return self.change is not None and self.change > 0

    @property
    def target(self) -> float | None:
        """The NRS at or below which the patient counts as a responder (30 % and 2 points lower)."""
        if not self.baseline:
            return None
        return min(self.baseline * (1 - NRS_RESPONDER_PERCENT / 100), self.baseline - NRS_RESPONDER_POINTS)


def nrs_summary(baseline: int | None, latest: int | None) -> NrsSummary:
    change = None if baseline is None or latest is None else latest - baseline
    return NrsSummary(
        baseline=baseline,
        latest=latest,
        change=change,
        percent_change=percent_change(baseline, latest),
        responder=is_nrs_responder(baseline, latest),
    )


# --- questionnaires -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponderRule:
    """Improvement needed to call a change clinically important: `percent` OR `points` (None: points only)."""

    percent: float | None
    points: float


QUESTIONNAIRE_RULES = {
    "odi": ResponderRule(percent=30.0, points=10.0),  # Ostelo 2008
    "rmdq": ResponderRule(percent=30.0, points=5.0),  # Ostelo 2008
    "ndi": ResponderRule(percent=None, points=10.0),  # Vernon: 5 raw points /50 = 10 percentage points
    "psfs": ResponderRule(percent=None, points=2.0),  # Stratford 1995: MDC90 of the mean score
}


def improvement(instrument: str, change: float | None) -> float | None:
    """The change in the direction of getting better: a fall, or a rise where higher is better."""
    if change is None:
        return None
    return change if instrument in scoring.HIGHER_IS_BETTER else -change


@dataclass(frozen=True)
class QuestionnaireSummary:
    instrument: str
    baseline: float | None
    latest: float | None
    change: float | None
    percent_change: float | None
    responder: bool

    @property
    def higher_is_better(self) -> bool:
        return self.instrument in scoring.HIGHER_IS_BETTER

    @property
    def substantial(self) -> bool:
        """A >= 50 % fall (IMMPACT's tier, applied to the disability scores). No source gives such a
        tier for a measure where higher is better (the PSFS): none is claimed there."""
        if self.higher_is_better:
            return False
        return self.responder and self.percent_change is not None and -self.percent_change >= SUBSTANTIAL_PERCENT

    @property
    def improved(self) -> bool:
        better = improvement(self.instrument, self.change)
        return better is not None and better > 0

    @property
    def target(self) -> float | None:
        """The score at or past which the change counts as clinically important (below it, or above it
        where higher is better); None without a rule or beyond the scale."""
        rule = QUESTIONNAIRE_RULES.get(self.instrument)
        if self.baseline is None or rule is None:
            return None
        if self.higher_is_better:
            by_points = self.baseline + rule.points
            return by_points if by_points <= SCORE_MAX[self.instrument] else None
        by_points = self.baseline - rule.points
        if rule.percent is None:
            return by_points
        return max(by_points, self.baseline * (1 - rule.percent / 100))


def questionnaire_summary(instrument: str, baseline: float | None, latest: float | None) -> QuestionnaireSummary:
    change = None if baseline is None or latest is None else round1(latest - baseline)
    pct = percent_change(baseline, latest)
    rule = QUESTIONNAIRE_RULES.get(instrument)
    better, better_pct = improvement(instrument, change), improvement(instrument, pct)
    responder = (
        rule is not None
        and better is not None
        and (
            better >= rule.points
            or (rule.percent is not None and better_pct is not None and better_pct >= rule.percent)
        )
    )
    return QuestionnaireSummary(instrument, baseline, latest, change, pct, responder)


# --- series: readings, moving average, immediate effect, aggregation ------------------------------


@dataclass(frozen=True)
class PainPoint:
    at: datetime
    nrs: int
    source: str
    session_id: int | None
    notes: str = ""  # read only where a page lists the notes (`readings.pain_points(patient, notes=True)`)
    # The row and its author, for the record page's "Correct" link (`readings.pain_points_and_maps`); not part
    # of the reading, so two points of the same reading compare equal whichever query read them.
    pk: int | None = field(default=None, compare=False)
    recorded_by_id: int | None = field(default=None, compare=False)

    @property
    def source_label(self) -> str:
        return choice_label(AssessmentSource, self.source)

    @property
    def is_status(self) -> bool:
        """A reading of the course of the pain (not the immediate effect of one session's needling)."""
        return self.source in STATUS_SOURCES


@dataclass(frozen=True)
class ScorePoint:
    at: datetime
    score: float
    risk_group: str = ""  # STarT Back only
    language: str = ""
    text_version: str = ""


def scores_of(responses) -> dict[str, list[ScorePoint]]:
    """`score_points` from questionnaire responses a page has already read (any order, any status)."""
    done = sorted(
        (r for r in responses if r.completed_at is not None and r.score is not None),
        key=lambda r: (r.completed_at, r.pk),
    )
    return by_instrument(
        (r.instrument, r.completed_at, r.score, r.risk_group, r.language, r.text_version) for r in done
    )


def by_instrument(rows) -> dict[str, list[ScorePoint]]:
    series: dict[str, list[ScorePoint]] = {}
    for instrument, *point in rows:
        series.setdefault(instrument, []).append(ScorePoint(*point))
    return series


@dataclass(frozen=True)
class History:
    """What the trend panel draws, read once and shared with the rest of a page."""

    points: list[PainPoint]
    scores: dict[str, list[ScorePoint]]
    sessions: list[datetime]


def status_points(points: Sequence[PainPoint]) -> list[PainPoint]:
    """The readings that measure the course of the pain, in their order."""
    return [point for point in points if point.source in STATUS_SOURCES]


def summarise_points(points: Sequence[PainPoint]) -> NrsSummary:
    """Baseline = first status reading, latest = last status reading (oldest-first `points`).
    `Patient.objects.with_pain_summary()` is the same rule in SQL (pinned by a test)."""
    status = status_points(points)
    if not status:
        return nrs_summary(None, None)
    return nrs_summary(status[0].nrs, status[-1].nrs)


def summarise_scores(instrument: str, points: Sequence[ScorePoint]) -> QuestionnaireSummary:
    if not points:
        return questionnaire_summary(instrument, None, None)
    return questionnaire_summary(instrument, points[0].score, points[-1].score)


def moving_average(values: Sequence[float], window: int = MOVING_AVERAGE_WINDOW) -> list[float]:
    """Trailing mean of the last `window` values (fewer at the start), one decimal."""
    averages, total = [], 0.0
    for i, value in enumerate(values):
        total += value
        if i >= window:
            total -= values[i - window]
        averages.append(round1(total / min(i + 1, window)))
    return averages


@dataclass(frozen=True)
class SessionEffect:
    """Pain just before and just after needling in one session."""

    session_id: int
    at: datetime
    pre: int
    post: int

    @property
    def change(self) -> int:
        return self.post - self.pre


def session_effects(points: Sequence[PainPoint]) -> list[SessionEffect]:
    pre, post = {}, {}
    for point in points:
        if point.session_id is None:
            continue
        if point.source == AssessmentSource.PRE_SESSION:
            pre[point.session_id] = point
        elif point.source == IMMEDIATE_EFFECT_SOURCE:
            post[point.session_id] = point
    effects = [
        SessionEffect(session_id, point.at, point.nrs, post[session_id].nrs)
        for session_id, point in pre.items()
        if session_id in post
    ]
    return sorted(effects, key=lambda effect: effect.at)


def mean_immediate_change(effects: Sequence[SessionEffect]) -> float | None:
    if not effects:
        return None
    return round1(sum(effect.change for effect in effects) / len(effects))


@dataclass(frozen=True)
class Bucket:
    """Readings averaged over `start` .. `end` (inclusive local dates)."""

    start: date
    end: date
    mean: float
    count: int


def bucket_days(first: date, last: date, max_buckets: int = MAX_CHART_POINTS) -> int:
    """A week, or as many weeks as needed to keep the number of buckets under `max_buckets`."""
    weeks = (last - first).days // 7 + 1
    return 7 * max(1, math.ceil(weeks / max_buckets))


def aggregate(values: Sequence[tuple[datetime, float]], days: int, origin: date) -> list[Bucket]:
    """Mean of the values per `days`-long bucket counted from `origin` (a Monday), oldest first."""
    sums: dict[int, list[float]] = {}
    tz = timezone.get_current_timezone()  # once: a long history has thousands of values
    first = origin.toordinal()
    for at, value in values:
        # The local day as an ordinal (`_date_in` without a date object per value: the hot loop of a
        # long history's chart).
        try:
            day = at.astimezone(tz).toordinal()
        except OverflowError:
            day = at.toordinal()
        index = (day - first) // days
        items = sums.get(index)
        if items is None:
            sums[index] = [value]
        else:
            items.append(value)
    step, rest = timedelta(days=days), timedelta(days=days - 1)
    buckets = []
    for index, items in sorted(sums.items()):
        start = origin + index * step
        buckets.append(Bucket(start, start + rest, round1(sum(items) / len(items)), len(items)))
    return buckets


def _date_in(moment: datetime, tz) -> date:
    """The local date, or the UTC date of a moment that has no local time (year 1 west of Greenwich:
    stored before `patients.dates` bounded what is typed)."""
    try:
        return moment.astimezone(tz).date()
    except OverflowError:
        return moment.date()


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- the contract's progress.json --------------------------------------------------------------------


def progress_payload(patient, readings: Sequence[PainPoint], regions: Sequence["RegionPoint"]) -> dict:
    """The trend as CONTRACT.md fixes it: every assessment oldest first, the course of the pain from
    the status readings, the immediate effect of needling and the pain map per region, from the
    patient's readings (`patients.readings.pain_points` and `region_points`). The time zone is looked
    up once: a 1,000-score history is one list."""
    tz = timezone.get_current_timezone()
    summary = summarise_points(readings)
    effects = session_effects(readings)
    return {
        "patient": patient.pk,
        "points": [
            {"date": p.at.astimezone(tz).isoformat(timespec="seconds"), "nrs": p.nrs, "source": p.source}
            for p in readings
        ],
        "baseline": summary.baseline,
        "latest": summary.latest,
        "change": summary.change,
        "percent_change": summary.percent_change,
        "responder": summary.responder,
        "immediate_effect": {"sessions": len(effects), "mean_change": mean_immediate_change(effects)},
        "regions": region_payload(regions, tz),
    }


def questionnaire_payload(scores: dict[str, list[ScorePoint]], tz=None) -> dict[str, dict]:
    """questionnaires.json, beside progress.json (whose keys the contract fixes): per instrument its
    scores oldest first, each with the text answered (language, version; blank for paper) and STarT
    Back's risk group, and the summary by the instrument's own rule and direction (`higher_is_better`)."""
    tz = tz or timezone.get_current_timezone()
    payload = {}
    for instrument, points in scores.items():
        summary = summarise_scores(instrument, points)
        payload[instrument] = {
            "points": [
                {
                    "date": p.at.astimezone(tz).isoformat(timespec="seconds"),
                    "score": p.score,
                    "language": p.language,
                    "text_version": p.text_version,
                }
                | ({"risk_group": p.risk_group} if instrument == "startback" else {})
                for p in points
            ],
            "higher_is_better": summary.higher_is_better,
            "baseline": summary.baseline,
            "latest": summary.latest,
            "change": summary.change,
            "percent_change": summary.percent_change,
            "responder": summary.responder,
        }
    return payload


# --- the pain map over time --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionPoint:
    region: str
    at: datetime
    side: str
    intensity: int


def region_payload(points: Sequence[RegionPoint], tz=None) -> dict[str, list[dict]]:
    """{"L4": [{"date", "side", "intensity"}, ...]}: per region in the map's order (spine first, top
    down), each region's scores oldest first; {} when none (CONTRACT.md "The trend")."""
    tz = tz or timezone.get_current_timezone()
    regions: dict[str, list[dict]] = {}
    for p in points:
        regions.setdefault(p.region, []).append(
            {"date": p.at.astimezone(tz).isoformat(timespec="seconds"), "side": p.side, "intensity": p.intensity}
        )
    return {code: regions[code] for code in sorted(regions, key=lambda code: ORDER.get(code, len(ORDER)))}


# --- plain-language sentences ------------------------------------------------------------------------


def format_percent(value: float) -> str:
    """-37.5 -> "−37.5 %" (a true minus sign, as printed), 12.0 -> "+12.0 %"."""
    sign = "−" if value < 0 else "+"
    return f"{sign}{number_format(abs(value), 1)} %"


def format_day(moment: datetime | date, today: date | None = None) -> str:
    """ "5 January", with the year when it is not this year."""
    day = local_date(moment) if isinstance(moment, datetime) else moment
    today = today or timezone.localdate()
    return _day_label(day, day.year == today.year, get_language())


def day_formatter() -> Callable[[datetime | date], str]:
    """`format_day` for the many labels of one chart: the time zone, this year and the language are
    read once, not for each of a long history's thousand labels."""
    tz, language = timezone.get_current_timezone(), get_language()
    this_year = timezone.now().astimezone(tz).year

    def format_one(moment: datetime | date) -> str:
        day = _date_in(moment, tz) if isinstance(moment, datetime) else moment
        return _day_label(day, day.year == this_year, language)

    return format_one


# A day in a sentence or a chart's label, "4 November" ("4. November": German writes the day as an ordinal).
DAY_FORMATS = {"de": ("j. F", "j. F Y")}
DEFAULT_DAY_FORMAT = ("j F", "j F Y")


@lru_cache(maxsize=4096)
def _day_label(day: date, this_year: bool, language: str | None) -> str:
    # A chart labels every reading and session: formatting each day once per language saves most of it.
    this_year_format, other_year_format = DAY_FORMATS.get((language or "")[:2], DEFAULT_DAY_FORMAT)
    return dateformat.format(day, this_year_format if this_year else other_year_format)


def _verdict(responder: bool, substantial: bool) -> str:
    if substantial:
        return _("a substantial improvement")
    if responder:
        return _("a clinically important improvement")
    return _("not yet a clinically important improvement")


def nrs_sentence(summary: NrsSummary, since: datetime | None) -> str:
    if summary.baseline is None:
        return _("No pain scores have been recorded yet.")
    day = format_day(since)
    values = {"baseline": summary.baseline, "latest": summary.latest, "day": day}
    if summary.change == 0:
        return _("Pain is unchanged at %(latest)s out of 10 since %(day)s.") % values
    if summary.percent_change is None:
        return _("Pain rose from %(baseline)s to %(latest)s since %(day)s.") % values
    values["percent"] = format_percent(summary.percent_change)
    if summary.change > 0:
        return _("Pain rose from %(baseline)s to %(latest)s (%(percent)s) since %(day)s.") % values
    values["verdict"] = _verdict(summary.responder, summary.substantial)
    return _("Pain fell from %(baseline)s to %(latest)s (%(percent)s) since %(day)s: %(verdict)s.") % values


def single_point_sentence(point: PainPoint) -> str:
    return _("Pain was %(nrs)s out of 10 on %(day)s; the next score will show the trend.") % {
        "nrs": point.nrs,
        "day": format_day(point.at),
    }


def pain_sentence(points: Sequence[PainPoint]) -> str:
    """The course of the pain in words, from the status readings only."""
    status = status_points(points)
    if not status and points:
        return _(
            "Only scores taken right after needling have been recorded: they show each session's immediate "
            "effect, not the course of the pain. Record a score before needling or between visits."
        )
    if len(status) == 1:
        return single_point_sentence(status[0])
    return nrs_sentence(summarise_points(status), status[0].at if status else None)


def questionnaire_sentence(summary: QuestionnaireSummary, points: Sequence[ScorePoint]) -> str:
    name = Instrument(summary.instrument).label
    if not points:
        return _("No %(name)s has been completed yet.") % {"name": name}
    if summary.instrument == "startback":
        return startback_sentence(points)
    values = {
        "name": name,
        "baseline": scoring.format_score(summary.instrument, summary.baseline),
        "latest": scoring.format_score(summary.instrument, summary.latest),
        "day": format_day(points[0].at),
    }
    if len(points) == 1:
        return _("%(name)s score was %(latest)s on %(day)s.") % values
    if summary.change == 0:
        return _("%(name)s score is unchanged at %(latest)s since %(day)s.") % values
    if summary.higher_is_better:
        return _higher_is_better_sentence(summary, values)
    if summary.percent_change is None:
        return _("%(name)s score rose from %(baseline)s to %(latest)s since %(day)s.") % values
    values["percent"] = format_percent(summary.percent_change)
    if summary.change > 0:
        return _("%(name)s score rose from %(baseline)s to %(latest)s (%(percent)s) since %(day)s.") % values
    values["verdict"] = _verdict(summary.responder, summary.substantial)
    return _("%(name)s score fell from %(baseline)s to %(latest)s (%(percent)s) since %(day)s: %(verdict)s.") % values


def _higher_is_better_sentence(summary: QuestionnaireSummary, values: dict) -> str:
    """A measure where a rise is the improvement (PSFS): the verdict follows a rise, a fall is worse."""
    if summary.change < 0:
        values["percent"] = format_percent(summary.percent_change)
        return (
            _(
                "%(name)s score fell from %(baseline)s to %(latest)s (%(percent)s) since %(day)s: worse "
                "(higher is better on this measure)."
            )
            % values
        )
    values["verdict"] = _verdict(summary.responder, summary.substantial)
    if summary.percent_change is None:
        return _("%(name)s score rose from %(baseline)s to %(latest)s since %(day)s: %(verdict)s.") % values
    values["percent"] = format_percent(summary.percent_change)
    return _("%(name)s score rose from %(baseline)s to %(latest)s (%(percent)s) since %(day)s: %(verdict)s.") % values


def risk_group_label(risk_group: str) -> str:
    return choice_label(RiskGroup, risk_group) if risk_group else _("not scored")


def startback_sentence(points: Sequence[ScorePoint]) -> str:
    """The risk group (Hill et al. 2008): the latest, and the first when it differed."""
    first, latest = points[0], points[-1]
    values = {
        "risk": risk_group_label(latest.risk_group),
        "total": scoring.format_score("startback", latest.score),
        "day": format_day(latest.at),
    }
    if len(points) == 1 or first.risk_group == latest.risk_group:
        return _("STarT Back: %(risk)s (total %(total)s) on %(day)s.") % values
    values |= {"first": risk_group_label(first.risk_group), "first_day": format_day(first.at)}
    return _("STarT Back: %(risk)s (total %(total)s) on %(day)s; %(first)s on %(first_day)s.") % values


def immediate_effect_sentence(effects: Sequence[SessionEffect]) -> str:
    mean = mean_immediate_change(effects)
    if mean is None:
        return ""
    values = {"points": number_format(abs(mean), 1), "count": len(effects)}
    if mean < 0:
        return _("Right after needling, pain fell by %(points)s points on average (%(count)s sessions).") % values
    if mean > 0:
        return _("Right after needling, pain rose by %(points)s points on average (%(count)s sessions).") % values
    return _("Right after needling, pain was on average unchanged (%(count)s sessions).") % values
