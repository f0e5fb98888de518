"""The patient's record and the practitioner's home as staff see them: patients and sessions together.

This layer composes the clinical core (`patients.selectors`, `patients.readings`) with the treatment
workflow (`sessions_app.selectors`), each read in a fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import F
from django.utils import timezone

from patients.models import Patient
from patients.readings import pain_points_and_maps, session_times
from patients.region_outcomes import peripheralising_patients
from patients.region_panel import PainCourse, pain_course
from patients.selectors import CountedPaginator, patients_of, questionnaires_newest_first, suggested_instrument
from patients.stratified_care import RiskScreening, risk_screening
from patients.trends import History, NrsSummary, scores_of, summarise_points
from sessions_app import selectors as session_selectors
from sessions_app.models import AcupunctureSession, FollowUp, Practitioner, TreatmentPlan

SESSIONS_PER_PAGE = 10
# What the record's session rows show (records.rows.session_rows; the practitioner's name is
# `Practitioner.__str__`): reading only these halves the Python cost of the page's session query
# (the session and user rows are wide; measured in docs/performance.md, "The record page and /me/").
SESSION_ROW_FIELDS = (
    "pk",
    "started_at",
    "duration_minutes",
    "technique",
    "practitioner__user__first_name",
    "practitioner__user__last_name",
    "practitioner__user__username",
)
ASSESSMENTS_PER_PAGE = 20
RECENT_ROWS = 10


@dataclass
class PatientRecord:
    patient: Patient
    summary: NrsSummary
    history: History
    sessions: Page
    assessments: Page
    questionnaires: list
    followups: list
    plans: list
    progress: session_selectors.PlanProgress | None
    suggested_instrument: str
    pain_course: PainCourse | None = None
    risk: RiskScreening | None = None


def patient_record(patient: Patient, *, sessions_page=None, assessments_page=None) -> PatientRecord:
    """Everything the patient page shows, paginated: the query count never grows with the record.

    The pain scores (with their notes and the latest pain map), questionnaires and session times are
    read once and shared by the summary, the trend panel, the lists and their counts: six queries for
    the whole record."""
    points, maps = pain_points_and_maps(patient)
    responses = list(questionnaires_newest_first(patient))
    history = History(points, scores_of(responses), session_times(patient))
    questionnaires = responses[:RECENT_ROWS]
    last_reassessed = max((q.completed_at for q in responses if q.completed_at), default=None)
    plans = session_selectors.plans_with_counts(patient, last_reassessed)
    active = next((plan for plan in plans if plan.status == TreatmentPlan.Status.ACTIVE), None)
    sessions = CountedPaginator(
        session_selectors.sessions_for_record(patient).only(*SESSION_ROW_FIELDS),
        SESSIONS_PER_PAGE,
        count=len(history.sessions),
    ).get_page(sessions_page)
    sessions.object_list = list(sessions.object_list)
    session_selectors.attach_session_details(sessions.object_list, points)
    return PatientRecord(
        patient=patient,
        summary=summarise_points(points),
        history=history,
        sessions=sessions,
        assessments=Paginator(points[::-1], ASSESSMENTS_PER_PAGE).get_page(assessments_page),
        questionnaires=questionnaires,
        followups=list(patient.followups.order_by("-due_on", "-pk")[:RECENT_ROWS]),
        plans=plans,
        progress=session_selectors.plan_progress(active) if active else None,
        suggested_instrument=suggested_instrument(patient),
        pain_course=pain_course(maps),
        risk=risk_screening(responses),
    )


# --- the practitioner's home -------------------------------------------------------------------

LICENCE_WARNING_DAYS = 60
HOME_ROWS = 10


@dataclass
class Dashboard:
    today: date
    practitioner: Practitioner | None
    due_followups: list[FollowUp]
    recent_sessions: list[AcupunctureSession]
    worse: list[Patient]
    red_flags: list[Patient]
    peripheralising: list[Patient]

    @property
    def licence_days_left(self) -> int | None:
        if self.practitioner is None:
            return None
        return (self.practitioner.license_expires - self.today).days

    @property
    def licence_expired(self) -> bool:
        return self.licence_days_left is not None and self.licence_days_left < 0

    @property
    def licence_expiring(self) -> bool:
        days = self.licence_days_left
        return days is not None and 0 <= days <= LICENCE_WARNING_DAYS

    @property
    def certification_expiring(self) -> bool:
        expires = self.practitioner and self.practitioner.certification_expires
        return bool(expires) and (expires - self.today).days <= LICENCE_WARNING_DAYS


def dashboard(user, practitioner: Practitioner | None) -> Dashboard:
    """A practitioner's day (their patients); the whole clinic for an admin."""
    today = timezone.localdate()
    patients = Patient.objects.visible_to(user).current()
    sessions = AcupunctureSession.objects.visible_to(user).current().select_related("patient")
    if practitioner is not None:
        patients = patients.filter(patients_of(practitioner))
        sessions = sessions.filter(practitioner=practitioner)
    summary = patients.with_pain_summary()
    return Dashboard(
        today=today,
        practitioner=practitioner,
        due_followups=list(session_selectors.due_followups(user, practitioner, today)[: HOME_ROWS * 2]),
        recent_sessions=list(sessions.order_by("-started_at", "-pk")[:HOME_ROWS]),
        worse=list(summary.filter(latest_nrs__gt=F("baseline_nrs")).order_by("last_name", "pk")[:HOME_ROWS]),
        red_flags=list(summary.with_red_flags().order_by("last_name", "pk")[:HOME_ROWS]),
        peripheralising=list(
            patients.filter(pk__in=peripheralising_patients(patients)).order_by("last_name", "pk")[:HOME_ROWS]
        ),
    )
