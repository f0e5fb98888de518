"""The printable progress report and the referral letter: what they say, read in a fixed number of queries.

Both print the record's facts of the day: the patient's identity and condition, the course of the
pain (baseline -> latest and the responder verdict, from the status readings only), the immediate
effect of needling (a separate measurement), the same SVG charts and pain map as the record page,
the latest sessions and the points used most, plan progress, adverse events and who signs. Every
figure comes from `patients.trends` (through `patients.selectors.patient_record` and
`patients.trend_panel`), never computed here: the report says what the record page says.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from clinic.pdf import static_text
from patients.models import Patient
from patients.selectors import PatientRecord, patient_record
from patients.trend_panel import TrendPanel, build_panel
from sessions_app.models import AdverseEvent, Practitioner, ReferralLetter, SessionPoint

REPORT_SESSIONS = 10  # the newest sessions listed; the count gives the whole course
REPORT_POINTS = 10  # the points needled most often
REPORT_EVENTS = 10  # adverse events listed, newest first; the count gives them all
PAIN_MAP_STYLE = "sessions_app/pain_map_pdf.css"  # inside the map's SVG


@dataclass(frozen=True)
class PointUse:
    code: str
    pinyin: str
    sessions: int


@dataclass
class Report:
    clinic_name: str
    printed_at: datetime
    patient: Patient
    record: PatientRecord
    trend: TrendPanel
    points: list[PointUse]
    adverse_events: list[AdverseEvent]
    adverse_event_count: int
    signer: Practitioner | None
    for_patient: bool
    letter: ReferralLetter | None = None

    @property
    def map_style(self) -> str:
        return static_text(PAIN_MAP_STYLE) if self.record.pain_map else ""

    @property
    def session_count(self) -> int:
        return self.record.sessions.paginator.count


def report_for(
    patient: Patient, *, signer: Practitioner | None, for_patient: bool = False, letter: ReferralLetter | None = None
) -> Report:
    """The report's content. `signer`: the practitioner who signs (the writer of a letter, else the
    practitioner printing it, else the patient's own practitioner)."""
    record = patient_record(patient)
    history = record.history
    return Report(
        clinic_name=settings.CLINIC_NAME,
        printed_at=timezone.now(),
        patient=patient,
        record=record,
        trend=build_panel(history.points, history.scores, history.sessions),
        points=points_used(patient),
        adverse_events=list(_adverse_events(patient)[:REPORT_EVENTS]),
        adverse_event_count=_adverse_events(patient).count(),
        signer=signer or patient.primary_practitioner,
        for_patient=for_patient,
        letter=letter,
    )


def points_used(patient: Patient, limit: int = REPORT_POINTS) -> list[PointUse]:
    """The acupoints needled most often over the patient's current sessions, with their session counts."""
    rows = (
        SessionPoint.objects.filter(session__patient=patient, session__archived_at__isnull=True)
        .values("acupoint__code", "acupoint__pinyin")
        .annotate(sessions=Count("session", distinct=True))
        .order_by("-sessions", "acupoint__code")[:limit]
    )
    return [PointUse(row["acupoint__code"], row["acupoint__pinyin"], row["sessions"]) for row in rows]


def _adverse_events(patient: Patient):
    return (
        AdverseEvent.objects.filter(session__patient=patient, session__archived_at__isnull=True)
        .select_related("session")
        .order_by("-session__started_at", "-pk")
    )
