"""Eight parallel posts on PostgreSQL: one record, and no post answers with a server error.

Real threads, each with its own signed-in client and database connection, start together on a
barrier. PostgreSQL only: SQLite serialises every writer (tests/test_sqlite_writers.py).
"""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from patients.models import AssessmentSource, PainAssessment, QuestionnaireResponse
from sessions_app.models import AcupunctureSession, FollowUp, PointPrescription, TreatmentPlan
from tests.factories import PatientFactory
from tests.session_forms import local_input, session_data

PARALLEL = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL"),
]


def _post_together(user, url: str | list[str], bodies: list[dict]) -> list[int]:
    """Post each body (to its own url, or all to one) from its own thread at once; the status codes."""
    urls = url if isinstance(url, list) else [url] * len(bodies)
    clients = []
    for _ in bodies:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    start, statuses = threading.Barrier(len(bodies)), []

    def post(client: Client, url: str, body: dict) -> None:
        try:
            start.wait()
            statuses.append(client.post(url, body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=args) for args in zip(clients, urls, bodies, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_eight_parallel_posts_of_one_session_form_log_one_visit(practitioner, patient_a):
    body = session_data(pre_nrs=7, post_nrs=4, followup_due_on=timezone.localdate() + timedelta(days=7))

    statuses = _post_together(practitioner.user, f"/patients/{patient_a.pk}/sessions/new/", [body] * PARALLEL)

    assert statuses == [302] * PARALLEL
    assert AcupunctureSession.objects.filter(patient=patient_a).count() == 1
    assert PainAssessment.objects.filter(patient=patient_a).count() == 2
    assert FollowUp.objects.filter(patient=patient_a).count() == 1


def test_eight_tabs_logging_overlapping_visits_at_once_log_one(practitioner):
    """Different forms (new tokens) for the same time: the overlap check runs inside the lock."""
    start = local_input(timezone.now() - timedelta(hours=1))
    urls = [f"/patients/{PatientFactory().pk}/sessions/new/" for _ in range(PARALLEL)]
    bodies = [session_data(started_at=start) for _ in range(PARALLEL)]

    statuses = _post_together(practitioner.user, urls, bodies)

    assert 500 not in statuses
    assert sorted(statuses) == [200] * (PARALLEL - 1) + [302]
    assert AcupunctureSession.objects.count() == 1


def test_eight_parallel_assign_posts_leave_one_pending_questionnaire(practitioner, patient_a, demo_texts):
    body = {"instrument": "odi", "submission_token": str(uuid.uuid4())}

    statuses = _post_together(practitioner.user, f"/patients/{patient_a.pk}/questionnaires/assign/", [body] * PARALLEL)

    assert statuses == [302] * PARALLEL
    assert QuestionnaireResponse.objects.filter(patient=patient_a, completed_at__isnull=True).count() == 1


def test_eight_tabs_assigning_the_same_questionnaire_never_answer_500(practitioner, patient_a, demo_texts):
    bodies = [{"instrument": "odi", "submission_token": str(uuid.uuid4())} for _ in range(PARALLEL)]

    statuses = _post_together(practitioner.user, f"/patients/{patient_a.pk}/questionnaires/assign/", bodies)

    assert 500 not in statuses
    assert QuestionnaireResponse.objects.filter(patient=patient_a, completed_at__isnull=True).count() == 1


def test_eight_parallel_self_reports_of_one_day_keep_one(patient_a):
    bodies = [{"nrs": str(number), "notes": "", "submission_token": str(uuid.uuid4())} for number in range(PARALLEL)]

    statuses = _post_together(patient_a.user, "/me/pain/", bodies)

    assert statuses == [302] * PARALLEL
    assert PainAssessment.objects.filter(patient=patient_a, source=AssessmentSource.SELF_REPORT).count() == 1


def test_eight_parallel_new_plans_leave_one_active_plan(practitioner, patient_a):
    bodies = [
        {
            "goal": f"Goal {number}",
            "planned_sessions": "10",
            "sessions_per_week": "2",
            "start_on": timezone.localdate().isoformat(),
            "style": "tcm",
            "rationale": "",
            "submission_token": str(uuid.uuid4()),
        }
        for number in range(PARALLEL)
    ]

    statuses = _post_together(practitioner.user, f"/patients/{patient_a.pk}/plans/new/", bodies)

    assert 500 not in statuses
    assert statuses.count(302) == 1
    assert TreatmentPlan.objects.filter(patient=patient_a, status="active").count() == 1


def test_eight_parallel_prescriptions_of_one_name_keep_one(practitioner):
    bodies = [
        {
            "name": "Lumbar standard",
            "submission_token": str(uuid.uuid4()),
            "points-TOTAL_FORMS": "1",
            "points-INITIAL_FORMS": "0",
            "points-MIN_NUM_FORMS": "0",
            "points-MAX_NUM_FORMS": "60",
            "points-0-code": "BL23",
            "points-0-side": "bilateral",
            "points-0-level": "",
            "points-0-depth_mm": "",
        }
        for _ in range(PARALLEL)
    ]

    statuses = _post_together(practitioner.user, "/sessions/prescriptions/new/", bodies)

    assert 500 not in statuses
    assert statuses.count(302) == 1
    assert PointPrescription.objects.filter(practitioner=practitioner).count() == 1
