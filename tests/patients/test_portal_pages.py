from datetime import timedelta

import pytest
from django.utils import timezone

from sessions_app.models import Acupoint, SessionPoint
from tests.factories import FollowUpFactory, PlanFactory, QuestionnaireFactory, SessionFactory
from tests.trend_histories import long_history, pain_history


@pytest.mark.django_db
def test_the_portal_home_shows_trend_plan_follow_ups_questionnaires_and_downloads(
    patient_a_client, patient_a, practitioner
):
    pain_history(patient_a, [8, 7, 5])
    plan = PlanFactory(patient=patient_a, practitioner=practitioner, planned_sessions=10)
    for day in range(3):
        SessionFactory(
            patient=patient_a, practitioner=practitioner, plan=plan, started_at=timezone.now() - timedelta(days=day)
        )
    SessionFactory(patient=patient_a, practitioner=practitioner, plan=plan, archived_at=timezone.now())
    FollowUpFactory(patient=patient_a, aftercare="Heat pack twice a day", exercises="Knee-to-chest stretch")
    FollowUpFactory(patient=patient_a, due_on=timezone.localdate() - timedelta(days=3), aftercare="Past advice")
    FollowUpFactory(patient=patient_a, status="cancelled", aftercare="Cancelled advice")
    pending = QuestionnaireFactory(patient=patient_a, instrument="ndi", answers=[], completed_at=None)
    response = patient_a_client.get("/me/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pain fell from 8 to 5 (−37.5 %) since 5 January: a clinically important improvement." in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "Heat pack twice a day" in html and "Knee-to-chest stretch" in html
    assert "Past advice" not in html and "Cancelled advice" not in html
    assert "3 of 10 sessions" in html
    assert '<progress id="plan-progress" class="w-100" value="3" max="10">' in html
    assert f'href="/me/questionnaires/{pending.pk}/"' in html
    assert 'href="/me/fhir/"' in html and 'href="/me/export.csv"' in html
    assert "Report my pain today" in html


@pytest.mark.django_db
def test_the_portal_home_works_with_an_empty_record(patient_a_client):
    response = patient_a_client.get("/me/")
    assert response.status_code == 200
    assert "No pain scores have been recorded yet." in response.content.decode()
    assert "No active treatment plan." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 1000])
def test_the_portal_home_runs_a_fixed_number_of_queries(
    patient_a_client, patient_a, practitioner, count, django_assert_num_queries
):
    long_history(patient_a, count)
    for day in range(count // 100 + 1):
        SessionFactory(patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(days=day))
        FollowUpFactory(patient=patient_a, due_on=timezone.localdate() + timedelta(days=day))
        QuestionnaireFactory(patient=patient_a, answers=[2] * 10, completed_at=timezone.now() - timedelta(days=day))
    PlanFactory(patient=patient_a)
    # session, user, patient (role), staff roles (navigation), today's report, questionnaires (the list
    # and the charts), follow-ups, plan, pain scores, session times, upcoming appointments and the
    # calendar feed (issue 13), 3 to save the session
    with django_assert_num_queries(15):
        response = patient_a_client.get("/me/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_sessions_page_lists_date_duration_points_and_practitioner(patient_a_client, patient_a, practitioner):
    session = SessionFactory(patient=patient_a, practitioner=practitioner, duration_minutes=25)
    SessionPoint.objects.create(session=session, acupoint=Acupoint.objects.get(code="BL23"), side="bilateral")
    SessionPoint.objects.create(session=session, acupoint=Acupoint.objects.get(code="GV4"), side="midline")
    SessionFactory(patient=patient_a, practitioner=practitioner, archived_at=timezone.now(), duration_minutes=39)
    html = patient_a_client.get("/me/sessions/").content.decode()
    assert "25 min" in html and "39 min" not in html
    assert "BL23 Shenshu (bilateral)" in html and "GV4 Mingmen (midline)" in html
    assert "Lin Chen" in html


@pytest.mark.django_db
def test_the_sessions_page_paginates(patient_a_client, patient_a, practitioner):
    for day in range(12):
        SessionFactory(patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(days=day))
    first = patient_a_client.get("/me/sessions/").content.decode()
    second = patient_a_client.get("/me/sessions/?page=2").content.decode()
    assert first.count("<tr>") == 10 + 1 and second.count("<tr>") == 2 + 1
    assert "Page 1 of 2" in first


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_the_sessions_page_runs_a_fixed_number_of_queries(
    patient_a_client, patient_a, practitioner, count, django_assert_num_queries
):
    for day in range(count):
        session = SessionFactory(
            patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(days=day)
        )
        SessionPoint.objects.create(session=session, acupoint=Acupoint.objects.get(code="BL23"), side="left")
    # session, user, patient (role), staff roles (navigation), count, page, points, 3 to save the session
    with django_assert_num_queries(10):
        assert patient_a_client.get("/me/sessions/").status_code == 200


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client):
    for url in ("/me/", "/me/sessions/"):
        assert client.get(url)["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_staff_cannot_open_the_portal(practitioner_client):
    assert practitioner_client.get("/me/").status_code == 403
    assert practitioner_client.get("/me/sessions/").status_code == 403


@pytest.mark.django_db
def test_a_user_without_a_patient_record_cannot_open_the_portal(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(groups=["Patients"]))
    assert client.get("/me/").status_code == 403


@pytest.mark.django_db
def test_portal_pages_refuse_post(patient_a_client):
    assert patient_a_client.post("/me/").status_code == 405
    assert patient_a_client.post("/me/sessions/").status_code == 405


@pytest.mark.django_db
def test_the_patient_navigation_links_to_the_portal(patient_a_client):
    assert patient_a_client.get("/")["Location"] == "/me/"
    html = patient_a_client.get("/me/").content.decode()
    assert 'href="/me/"' in html and 'href="/me/sessions/"' in html
