from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import AccessLog
from tests.factories import (
    FollowUpFactory,
    PainAssessmentFactory,
    PatientFactory,
    PlanFactory,
    PractitionerFactory,
    QuestionnaireFactory,
    SessionFactory,
    add_points,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


def _visit(patient, plan, days_ago, pre, post, practitioner=None):
    extra = {"practitioner": practitioner} if practitioner else {}
    session = SessionFactory(
        patient=patient, plan=plan, started_at=timezone.now() - timedelta(days=days_ago, hours=1), **extra
    )
    add_points(session, [("BL23", "bilateral"), ("GV4", "midline")])
    PainAssessmentFactory(
        patient=patient, session=session, source="pre_session", nrs=pre, assessed_at=session.started_at
    )
    PainAssessmentFactory(
        patient=patient, session=session, source="post_session", nrs=post, assessed_at=session.ends_at
    )
    return session


@pytest.fixture
def treated(patient_a):
    plan = PlanFactory(patient=patient_a, planned_sessions=10)
    for number, (pre, post) in enumerate([(8, 6), (7, 5), (6, 4), (6, 4), (5, 3), (5, 4)]):
        _visit(patient_a, plan, days_ago=30 - 4 * number, pre=pre, post=post)
    FollowUpFactory(patient=patient_a, due_on=timezone.localdate() + timedelta(days=2), aftercare="Heat pack")
    return patient_a


def test_the_page_summarises_the_course_of_care(practitioner_client, treated):
    response = practitioner_client.get(f"/patients/{treated.pk}/")
    assert response.status_code == 200
    summary = response.context["summary"]
    # The course runs through the before-needling scores (8 … 5); the after-needling 4 is one
    # session's immediate effect, never the latest (CONTRACT.md "The trend").
    assert (summary.baseline, summary.latest, summary.percent_change, summary.responder) == (8, 5, -37.5, True)
    assert not summary.substantial
    progress = response.context["record"].progress
    assert (progress.done, progress.planned, progress.milestone) == (6, 10, "halfway")
    html = response.content.decode()
    assert "6 of 10 sessions" in html
    assert "Half-way through the plan: time to reassess." in html
    assert f"/patients/{treated.pk}/questionnaires/new/odi/" in html
    assert f"{treated.age}" in html and "Herniated disc" in html and "Lumbar" in html
    assert 'id="trend"' in html
    assert "Heat pack" in html
    assert "Pain fell from 8 to 5 (−37.5 %)" in html
    assert "Substantial improvement" not in html
    assert "pain fell by 1.8 points on average (6 sessions)" in html


def test_a_questionnaire_after_half_way_clears_the_reassessment_prompt(practitioner_client, treated):
    QuestionnaireFactory(patient=treated, completed_at=timezone.now())
    response = practitioner_client.get(f"/patients/{treated.pk}/")
    assert response.context["record"].progress.reassessment_due is False
    assert "time to reassess" not in response.content.decode()


def test_the_end_of_the_plan_prompts_a_final_reassessment(practitioner_client, patient_a):
    plan = PlanFactory(patient=patient_a, planned_sessions=2)
    _visit(patient_a, plan, days_ago=5, pre=6, post=5)
    QuestionnaireFactory(patient=patient_a, completed_at=timezone.now() - timedelta(days=4))
    _visit(patient_a, plan, days_ago=2, pre=5, post=4)
    response = practitioner_client.get(f"/patients/{patient_a.pk}/")
    progress = response.context["record"].progress
    assert (progress.milestone, progress.reassessment_due) == ("end", True)
    assert "The plan's sessions are done" in response.content.decode()


def test_a_neck_patient_is_prompted_for_the_ndi(practitioner_client):
    patient = PatientFactory(spine_region="cervical")
    assert practitioner_client.get(f"/patients/{patient.pk}/").context["record"].suggested_instrument == "ndi"


def test_red_flags_are_shown_as_a_warning(practitioner_client):
    patient = PatientFactory(rf_cauda_equina=True, rf_weight_loss=True)
    html = practitioner_client.get(f"/patients/{patient.pk}/").content.decode()
    assert "Cauda equina symptoms, Unexplained weight loss" in html
    assert "Refer for medical assessment before needling." in html


def test_viewing_the_record_is_logged(practitioner_client, practitioner, patient_a):
    practitioner_client.get(f"/patients/{patient_a.pk}/")
    log = AccessLog.objects.get()
    assert (log.user, log.patient, log.action, log.path) == (
        practitioner.user,
        patient_a,
        "view",
        f"/patients/{patient_a.pk}/",
    )


def test_the_page_shows_the_trend_chart_and_its_summary(practitioner_client, patient_a):
    PainAssessmentFactory(patient=patient_a, nrs=8, assessed_at=timezone.now() - timedelta(days=20))
    PainAssessmentFactory(patient=patient_a, nrs=4)
    html = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert '<div id="trend">' in html and "<svg" in html
    assert "Pain fell from 8 to 4" in html


def test_an_expired_licence_hides_session_logging_and_says_why(client, patient_a):
    lapsed = PractitionerFactory(license_expires=timezone.localdate() - timedelta(days=3))
    client.force_login(lapsed.user)
    html = client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert "new sessions cannot be logged" in html
    assert f"/patients/{patient_a.pk}/sessions/new/" not in html


def test_sessions_and_pain_scores_are_paginated(practitioner_client, patient_a):
    plan = PlanFactory(patient=patient_a, planned_sessions=30)
    for day in range(12):
        _visit(patient_a, plan, days_ago=40 - day, pre=6, post=4)
    first = practitioner_client.get(f"/patients/{patient_a.pk}/")
    assert len(first.context["record"].sessions) == 10
    assert len(first.context["record"].assessments) == 20
    older = practitioner_client.get(f"/patients/{patient_a.pk}/?sessions=2&assessments=2")
    assert len(older.context["record"].sessions) == 2
    assert len(older.context["record"].assessments) == 4


def test_the_query_count_does_not_grow_with_the_record(practitioner_client, patient_a, colleague):
    plan = PlanFactory(patient=patient_a, planned_sessions=40)
    _visit(patient_a, plan, days_ago=60, pre=7, post=6)
    QuestionnaireFactory(patient=patient_a)
    FollowUpFactory(patient=patient_a)
    few = queries_for(practitioner_client, f"/patients/{patient_a.pk}/")
    for day in range(25):
        session = _visit(patient_a, plan, days_ago=50 - day, pre=6, post=4, practitioner=colleague)
        add_points(session, [("BL40", "bilateral"), ("GB30", "left")])
        QuestionnaireFactory(patient=patient_a)
        FollowUpFactory(patient=patient_a, session=session)
    PlanFactory(patient=patient_a, status="completed")
    many = queries_for(practitioner_client, f"/patients/{patient_a.pk}/")
    assert few == many
    assert many <= 15


def test_patients_may_not_open_the_staff_page_even_their_own(patient_a_client, patient_a, patient_b):
    assert patient_a_client.get(f"/patients/{patient_a.pk}/").status_code == 403
    assert patient_a_client.get(f"/patients/{patient_b.pk}/").status_code == 403
    assert not AccessLog.objects.exists()


def test_an_unknown_patient_is_not_found(practitioner_client):
    assert practitioner_client.get("/patients/999999/").status_code == 404


def test_anonymous_users_sign_in_first(client, patient_a):
    response = client.get(f"/patients/{patient_a.pk}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_page_only_reads(practitioner_client, patient_a):
    assert practitioner_client.post(f"/patients/{patient_a.pk}/").status_code == 405
