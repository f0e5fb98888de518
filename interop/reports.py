"""The printable progress report and the referral letter: what they say, read in a fixed number of queries.

Both print the record's facts of the day: the patient's identity and condition, the course of the
pain (baseline -> latest and the responder verdict, from the status readings only), the immediate
effect of needling (a separate measurement), the same SVG charts and pain map as the record page,
the latest sessions and the points used most, plan progress, adverse events and who signs. Every
figure comes from `patients.trends` (through `patients.trend_panel`, as on the record page) and the
sessions app's selectors, never computed here: the report says what the record page says. A fixed
number of queries, whatever the length of the record.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html

from interop.pdf import static_text
from patients.archive import not_archived
from patients.models import Patient
from patients.readings import pain_points_and_maps, score_points
from patients.region_panel import PainMap
from patients.trend_panel import TrendPanel, build_panel
from sessions_app import selectors
from sessions_app.models import (
    AcupunctureSession,
    AdverseEvent,
    Practitioner,
    ReferralLetter,
    SessionPoint,
    TreatmentPlan,
)

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
    trend: TrendPanel
    pain_map: PainMap | None
    sessions: list[AcupunctureSession]  # the newest REPORT_SESSIONS, with pain before and after and points
    session_count: int
    progress: selectors.PlanProgress | None
    points: list[PointUse]
    adverse_events: list[AdverseEvent]  # the newest REPORT_EVENTS
    adverse_event_count: int
    signer: Practitioner | None
    for_patient: bool
    letter: ReferralLetter | None = None

    @property
    def map_style(self) -> str:
        """The map's stylesheet as a <style> element inside its SVG, where WeasyPrint reads it. Only a PDF
        has it: pages style the map from clinic.css and their templates hold no inline style (CSP)."""
        return format_html("<style>{}</style>", static_text(PAIN_MAP_STYLE)) if self.pain_map else ""


def report_for(
    patient: Patient, *, signer: Practitioner | None, for_patient: bool = False, letter: ReferralLetter | None = None
) -> Report:
    """The report's content. `signer`: the practitioner who signs (the writer of a letter, else the
    practitioner printing it, else the patient's own practitioner)."""
    points, maps = pain_points_and_maps(patient)
    # Every current session, newest first, in one query: the chart's session marks and the count, and the
    # newest REPORT_SESSIONS for the table.
    every_session = list(selectors.sessions_for_record(patient))
    times = [session.started_at for session in reversed(every_session)]
    sessions = every_session[:REPORT_SESSIONS]
    codes, most_used = needled_points(patient)
    selectors.attach_session_details(sessions, points, codes)
    plans = selectors.plans_with_counts(patient)
    active = next((plan for plan in plans if plan.status == TreatmentPlan.Status.ACTIVE), None)
    events = list(
        AdverseEvent.objects.filter(not_archived("session__"), session__patient=patient)
        .select_related("session")
        .order_by("-session__started_at", "-pk")
    )
    return Report(
        clinic_name=settings.CLINIC_NAME,
        printed_at=timezone.now(),
        patient=patient,
        trend=build_panel(points, score_points(patient), times),
        pain_map=PainMap.of(maps[-1]) if maps else None,  # the latest map, as the record page draws it
        sessions=sessions,
        session_count=len(times),
        progress=selectors.plan_progress(active) if active else None,
        points=most_used,
        adverse_events=events[:REPORT_EVENTS],
        adverse_event_count=len(events),
        signer=signer or patient.primary_practitioner,
        for_patient=for_patient,
        letter=letter,
    )


def needled_points(patient: Patient) -> tuple[dict[int, list[str]], list[PointUse]]:
    """Every point of the patient's current sessions in one query: the codes of each session (for the
    sessions table) and the REPORT_POINTS points needled in the most sessions."""
    rows = (
        SessionPoint.objects.filter(not_archived("session__"), session__patient=patient)
        .order_by("session_id", "pk")
        .values_list("session_id", "acupoint__code", "acupoint__pinyin")
    )
    codes: dict[int, list[str]] = {}
    pinyin: dict[str, str] = {}
    sessions_of: dict[str, set[int]] = {}
    for session_id, code, name in rows:
        codes.setdefault(session_id, []).append(code)
        pinyin[code] = name
        sessions_of.setdefault(code, set()).add(session_id)  # Jiaji at two levels: one session
    ranked = sorted(sessions_of, key=lambda code: (-len(sessions_of[code]), code))[:REPORT_POINTS]
    return codes, [PointUse(code, pinyin[code], len(sessions_of[code])) for code in ranked]
