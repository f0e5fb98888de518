"""The query plans behind the key pages (`manage.py bench --explain`), as recorded in docs/performance.md.

Each entry is the read a page makes, written as the ORM writes it, so the plan printed is the plan
the page gets. On PostgreSQL the plans are EXPLAIN ANALYZE (they run the query); on SQLite,
EXPLAIN QUERY PLAN.
"""

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from demo import seed as demo
from interop import fhir
from patients import selectors
from patients.models import PainAssessment, Patient, QuestionnaireResponse
from patients.permissions import staff_roles
from sessions_app import selectors as session_selectors
from sessions_app.models import AcupunctureSession, FollowUp, SessionPoint

LIST_PAGE_SIZE = 25


def reads() -> list[tuple[str, object]]:
    typical = Patient.objects.get(mrn=demo._mrn(1))
    long_patient = Patient.objects.filter(mrn=demo.LONG_HISTORY_MRN).first() or typical
    listing = Patient.objects.active().with_pain_summary().order_by("last_name", "first_name", "pk")
    late_offset = max(0, (Patient.objects.active().count() // LIST_PAGE_SIZE - 1) * LIST_PAGE_SIZE)  # last full page
    late_keys = list(listing.values_list("pk", flat=True)[late_offset : late_offset + LIST_PAGE_SIZE])
    sessions = AcupunctureSession.objects.filter(patient=long_patient)
    user = User.objects.filter(username="practitioner").first() or User.objects.order_by("pk").first()
    page_sessions = list(session_selectors.sessions_for_record(long_patient).values_list("pk", flat=True)[:10])
    return [
        (
            "the signed-in user's roles: admin group and practitioner row (every staff request)",
            staff_roles(User).filter(pk=user.pk),
        ),
        (
            "patient page: the patient and its next follow-up",
            selectors.patient_page_queryset(user).filter(pk=long_patient.pk),
        ),
        (
            "patient page: a page of sessions, adverse events counted",
            session_selectors.sessions_for_record(long_patient)[:10],
        ),
        ("patient page: the point codes of that page", session_selectors.point_codes(page_sessions)),
        ("patient page and portal: every questionnaire", selectors.questionnaires_newest_first(long_patient)),
        ("FHIR: the points of the current sessions, one join", fhir.point_rows(long_patient)),
        ("FHIR: the practitioners who treated the patient", fhir.practitioners_of(long_patient)),
        ("patient list: page 1 with pain summary, one query", listing[:LIST_PAGE_SIZE]),
        (
            "patient list: last page with pain summary, one query (OFFSET evaluates the subqueries)",
            listing[late_offset : late_offset + LIST_PAGE_SIZE],
        ),
        (
            "patient list: last page, keys first (KeysFirstPaginator step 1)",
            listing.values_list("pk", flat=True)[late_offset : late_offset + LIST_PAGE_SIZE],
        ),
        ("patient list: last page, its rows (KeysFirstPaginator step 2)", listing.filter(pk__in=late_keys)),
        ("patient search by name prefix", Patient.objects.active().filter(last_name__istartswith="tan")[:25]),
        (
            "a patient's assessments by time (1,000-score patient)",
            PainAssessment.objects.filter(patient=long_patient).order_by("assessed_at", "pk"),
        ),
        ("a patient's latest sessions", sessions.order_by("-started_at", "-pk")[:20]),
        ("a patient's sessions by time (FHIR)", sessions.order_by("started_at", "pk")),
        (
            "the points of a patient's sessions (prefetch: session_id IN ...)",
            SessionPoint.objects.filter(session_id__in=list(sessions.values_list("pk", flat=True))).select_related(
                "acupoint"
            ),
        ),
        ("a patient's follow-ups", FollowUp.objects.filter(patient=long_patient).order_by("due_on", "pk")),
        ("follow-ups due by today", FollowUp.objects.due_by(timezone.localdate()).order_by("due_on", "pk")[:50]),
        (
            "a patient's questionnaires",
            QuestionnaireResponse.objects.filter(patient=long_patient).order_by("completed_at", "pk"),
        ),
    ]


def plans() -> str:
    """Every read's plan, as text."""
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    out = []
    for label, queryset in reads():
        sql = str(queryset.query)
        out.append(f"-- {label}\n{sql if len(sql) < 600 else sql[:600] + ' ...'}\n")
        out.append(queryset.explain(**options) + "\n")
    return "\n".join(out)
