"""Clinic outcomes: responder rate and mean NRS change by condition, spine region and number of sessions;
adverse events by kind and severity per 100 sessions.

Everything is aggregated in SQL: five queries, whatever the size of the clinic.

Who counts: active (not archived) patients with at least two status readings of their pain (clinician,
self-report, before needling: `patients.choices.STATUS_SOURCES`). Baseline is the first status reading and
latest the last, as in progress.json; a score taken right after needling is a session's immediate effect and
counts for neither. A responder's pain fell by >= 30 % and >= 2 points (patients.trends; a test pins this
SQL to the Python rule over every pair of scores).
Sessions are the current (not archived) ones.
"""

from dataclasses import dataclass

from django.db.models import Avg, Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from patients.archive import not_archived
from patients.choices import STATUS_SOURCES
from patients.measures import round_half_up as round1
from patients.models import Condition, PainAssessment, Patient, SpineRegion
from patients.trends import NRS_RESPONDER_PERCENT, NRS_RESPONDER_POINTS
from sessions_app.models import AcupunctureSession, AdverseEvent

# Number-of-sessions bands: (label, lowest, highest or None).
SESSION_BANDS = [("0", 0, 0), ("1–5", 1, 5), ("6–10", 6, 10), ("11–20", 11, 20), ("21+", 21, None)]


def _count(queryset) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("patient").annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def evaluable_patients():
    """Active patients with two or more status readings, annotated with change, responder (0/1) and band."""
    scores = _count(PainAssessment.objects.filter(patient=OuterRef("pk"), source__in=STATUS_SOURCES))
    sessions = _count(AcupunctureSession.objects.filter(patient=OuterRef("pk")).current())
    bands = [
        When(Q(n_sessions__gte=low) & (Q(n_sessions__lte=high) if high is not None else Q()), then=Value(label))
        for label, low, high in SESSION_BANDS
    ]
    return (
        Patient.objects.current()
        .with_pain_summary()
        .annotate(n_scores=scores, n_sessions=sessions)
        .filter(n_scores__gte=2)
        .annotate(
            change=F("latest_nrs") - F("baseline_nrs"),
            drop_x100=(F("baseline_nrs") - F("latest_nrs")) * 100,
            needed_x100=F("baseline_nrs") * int(NRS_RESPONDER_PERCENT),
        )
        .annotate(
            responder=Case(
                When(
                    Q(baseline_nrs__gt=0) & Q(change__lte=-NRS_RESPONDER_POINTS) & Q(drop_x100__gte=F("needed_x100")),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=IntegerField(),
            ),
            band=Case(*bands, default=Value("?")),
        )
    )


@dataclass(frozen=True)
class OutcomeRow:
    key: str
    label: str
    patients: int
    responders: int
    mean_change: float | None

    @property
    def responder_rate(self) -> float | None:
        return round1(self.responders / self.patients * 100) if self.patients else None


def _grouped(field: str, labels: dict[str, str]) -> list[OutcomeRow]:
    rows = (
        evaluable_patients()
        .order_by()
        .values(field)
        .annotate(patients=Count("pk"), responders=Sum("responder"), mean_change=Avg("change"))
    )
    found = {row[field]: row for row in rows}
    return [
        OutcomeRow(
            key,
            label,
            found[key]["patients"],
            found[key]["responders"],
            round1(found[key]["mean_change"]),
        )
        for key, label in labels.items()
        if key in found
    ]


@dataclass(frozen=True)
class EventRate:
    kind: str
    severity: str
    count: int
    per_100_sessions: float | None


@dataclass(frozen=True)
class OutcomeReport:
    overall: OutcomeRow
    by_condition: list[OutcomeRow]
    by_region: list[OutcomeRow]
    by_sessions: list[OutcomeRow]
    sessions: int
    events: list[EventRate]
    events_per_100_sessions: float | None

    @property
    def overall_rows(self) -> list[OutcomeRow]:
        return [self.overall] if self.overall.patients else []


def clinic_outcomes() -> OutcomeReport:
    totals = (
        evaluable_patients()
        .order_by()
        .aggregate(patients=Count("pk"), responders=Sum("responder"), mean_change=Avg("change"))
    )
    sessions = AcupunctureSession.objects.current().count()
    counts = (
        AdverseEvent.objects.filter(not_archived("session__"))
        .order_by()
        .values("kind", "severity")
        .annotate(n=Count("pk"))
    )
    found = {(row["kind"], row["severity"]): row["n"] for row in counts}
    events = [
        EventRate(kind.label, severity.label, n, _per_100(n, sessions))
        for kind in AdverseEvent.Kind
        for severity in AdverseEvent.Severity
        if (n := found.get((kind.value, severity.value)))
    ]
    return OutcomeReport(
        overall=OutcomeRow(
            "all",
            _("All patients"),
            totals["patients"],
            totals["responders"] or 0,
            None if totals["mean_change"] is None else round1(totals["mean_change"]),
        ),
        by_condition=_grouped("condition", dict(Condition.choices)),
        by_region=_grouped("spine_region", dict(SpineRegion.choices)),
        by_sessions=_grouped("band", {label: label for label, *_ in SESSION_BANDS}),
        sessions=sessions,
        events=events,
        events_per_100_sessions=_per_100(sum(found.values()), sessions),
    )


def _per_100(count: int, sessions: int) -> float | None:
    return round1(count / sessions * 100) if sessions else None
