"""The query plans behind the key pages (`manage.py bench --explain`), as recorded in docs/performance.md.

Each entry is the read a page makes, written as the ORM writes it, so the plan printed is the plan
the page gets. On PostgreSQL the plans are EXPLAIN ANALYZE (they run the query); on SQLite,
EXPLAIN QUERY PLAN.
"""

from django.db import connection
from django.utils import timezone

from patients.models import PainAssessment, Patient, QuestionnaireResponse
from sessions_app import demo
from sessions_app.models import AcupunctureSession, FollowUp, SessionPoint

LIST_PAGE_SIZE = 25


def reads() -> list[tuple[str, object]]:
    typical = Patient.objects.get(mrn=demo._mrn(1))
    long_patient = Patient.objects.filter(mrn=demo.LONG_HISTORY_MRN).first() or typical
    listing = Patient.objects.active().with_pain_summary().order_by("last_name", "first_name", "pk")
    late_offset = max(0, (Patient.objects.active().count() // LIST_PAGE_SIZE - 1) * LIST_PAGE_SIZE)  # last full page
    late_keys = list(listing.values_list("pk", flat=True)[late_offset : late_offset + LIST_PAGE_SIZE])
    sessions = AcupunctureSession.objects.filter(patient=long_patient)
    return [
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
