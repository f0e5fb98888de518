"""CSV export of one patient's pain scores, pain-map scores, questionnaire scores and sessions (five
queries).

A questionnaire row says which text was answered (`language`, `text_version`: both blank for a paper
form), the STarT Back risk group (`risk_group`), and for a PSFS the activities the patient named with
their ratings (`activities`: "activity=rating" joined by " | ").

One table, one row per record, with a `record` column (`pain`, `region`, `questionnaire`, `session`;
a `region` row names its pain row in `assessment_id`) so that a spreadsheet can filter it; numbers
are written as plain numbers and read back unchanged.
"""

import csv
import io
from datetime import UTC

from django.db.models import Prefetch
from django.utils import timezone

from patients.models import PainAssessment, PainRegionScore, Patient, QuestionnaireResponse
from sessions_app.models import AcupunctureSession, SessionPoint

COLUMNS = [
    "record",
    "id",
    "date",
    "nrs",
    "source",
    "session_id",
    "instrument",
    "score",
    "duration_minutes",
    "technique",
    "points",
    "practitioner",
    "assessment_id",
    "region",
    "side",
    "intensity",
    "language",
    "text_version",
    "risk_group",
    "activities",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _when(moment) -> str:
    """Local time; in UTC for a moment stored before the date rules that has none (year 1)."""
    try:
        return timezone.localtime(moment).isoformat(timespec="seconds")
    except OverflowError:
        return moment.astimezone(UTC).isoformat(timespec="seconds")


def export_rows(patient: Patient) -> list[dict]:
    rows = [
        {
            "record": "pain",
            "id": a.pk,
            "date": _when(a.assessed_at),
            "nrs": a.nrs,
            "source": a.source,
            "session_id": a.session_id or "",
        }
        for a in PainAssessment.objects.filter(patient=patient).order_by("assessed_at", "pk")
    ]
    scores = (
        PainRegionScore.objects.filter(assessment__patient=patient)
        .order_by("assessment__assessed_at", "assessment__pk", "pk")
        .values_list("pk", "assessment_id", "assessment__assessed_at", "region", "side", "intensity")
    )
    rows += [
        {
            "record": "region",
            "id": pk,
            "date": _when(assessed_at),
            "assessment_id": assessment_id,
            "region": region,
            "side": side,
            "intensity": intensity,
        }
        for pk, assessment_id, assessed_at, region, side, intensity in scores
    ]
    rows += [
        {
            "record": "questionnaire",
            "id": q.pk,
            "date": _when(q.completed_at),
            "session_id": q.session_id or "",
            "instrument": q.instrument,
            "score": "" if q.score is None else f"{q.score:g}",
            "language": q.language,
            "text_version": _text(q.text_version),
            "risk_group": q.risk_group,
            "activities": _text(" | ".join(f"{activity}={rating}" for activity, rating in q.rated_activities)),
        }
        for q in QuestionnaireResponse.objects.filter(patient=patient, completed_at__isnull=False).order_by(
            "completed_at", "pk"
        )
    ]
    sessions = (
        AcupunctureSession.objects.filter(patient=patient)
        .current()
        .select_related("practitioner__user")
        .prefetch_related(Prefetch("session_points", queryset=SessionPoint.objects.select_related("acupoint")))
        .order_by("started_at", "pk")
    )
    rows += [
        {
            "record": "session",
            "id": s.pk,
            "date": _when(s.started_at),
            "duration_minutes": s.duration_minutes,
            "technique": s.technique,
            "points": " ".join(f"{sp.acupoint.code}:{sp.side}" for sp in s.session_points.all()),
            "practitioner": _text(str(s.practitioner)),
        }
        for s in sessions
    ]
    return rows


def export_csv(patient: Patient) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows(patient))
    return buffer.getvalue()
