from datetime import timedelta

import pytest
from django.utils import timezone

from sessions_app.models import FollowUp
from tests.factories import FollowUpFactory, PatientFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def test_the_list_shows_my_due_and_overdue_followups_and_the_coming_week(practitioner_client, patient_a, colleague):
    overdue = FollowUpFactory(patient=patient_a, due_on=_today() - timedelta(days=2))
    today = FollowUpFactory(patient=patient_a, due_on=_today())
    soon = FollowUpFactory(patient=patient_a, due_on=_today() + timedelta(days=3))
    FollowUpFactory(patient=patient_a, due_on=_today() + timedelta(days=20))
    FollowUpFactory(patient=patient_a, due_on=_today() - timedelta(days=1), status="completed")
    theirs = FollowUpFactory(patient=PatientFactory(primary_practitioner=colleague), due_on=_today())

    response = practitioner_client.get("/sessions/followups/")

    assert response.status_code == 200
    assert list(response.context["page"]) == [overdue, today]
    assert list(response.context["upcoming"]) == [soon]
    everyone = practitioner_client.get("/sessions/followups/?scope=all")
    assert theirs in list(everyone.context["page"])


def test_followups_of_sessions_i_gave_count_as_mine(practitioner_client, practitioner, colleague):
    patient = PatientFactory(primary_practitioner=colleague)
    session = SessionFactory(patient=patient, practitioner=practitioner)
    mine = FollowUpFactory(patient=patient, session=session, due_on=_today())
    assert list(practitioner_client.get("/sessions/followups/").context["page"]) == [mine]


@pytest.mark.parametrize(
    ("action", "status"), [("complete", "completed"), ("missed", "missed"), ("cancel", "cancelled")]
)
def test_a_followup_is_closed_with_one_post(practitioner_client, patient_a, action, status):
    followup = FollowUpFactory(patient=patient_a, due_on=_today())
    response = practitioner_client.post(
        f"/sessions/followups/{followup.pk}/{action}/", {"version": "1", "next": "/sessions/followups/"}
    )
    assert response.status_code == 302
    assert response.url == "/sessions/followups/"
    followup.refresh_from_db()
    assert (followup.status, followup.version) == (status, 2)


def test_closing_twice_is_refused_with_a_message(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a, due_on=_today())
    practitioner_client.post(f"/sessions/followups/{followup.pk}/complete/", {"version": "1"})
    response = practitioner_client.post(f"/sessions/followups/{followup.pk}/missed/", {"version": "2"}, follow=True)
    followup.refresh_from_db()
    assert followup.status == "completed"
    assert "already completed" in response.content.decode()


def test_a_stale_button_changes_nothing(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a, due_on=_today())
    FollowUp.objects.filter(pk=followup.pk).update(version=3)
    response = practitioner_client.post(f"/sessions/followups/{followup.pk}/complete/", {"version": "1"}, follow=True)
    followup.refresh_from_db()
    assert followup.status == "scheduled"
    assert "Someone else changed this follow-up" in response.content.decode()


def test_a_missing_version_changes_nothing(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a, due_on=_today())
    practitioner_client.post(f"/sessions/followups/{followup.pk}/complete/", {})
    followup.refresh_from_db()
    assert followup.status == "scheduled"


def test_the_return_address_never_leaves_the_site(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a, due_on=_today())
    response = practitioner_client.post(
        f"/sessions/followups/{followup.pk}/complete/", {"version": "1", "next": "https://evil.example/"}
    )
    assert response.url == f"/patients/{patient_a.pk}/"


def test_closing_needs_post(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    assert practitioner_client.get(f"/sessions/followups/{followup.pk}/complete/").status_code == 405


def test_an_unknown_followup_is_not_found(practitioner_client):
    assert practitioner_client.post("/sessions/followups/999999/complete/", {"version": "1"}).status_code == 404


def test_a_followup_is_scheduled_from_the_patient_page(practitioner_client, patient_a):
    due = _today() + timedelta(days=14)
    data = {"due_on": due.isoformat(), "aftercare": "Keep walking", "exercises": "Bridges"}
    response = practitioner_client.post(f"/patients/{patient_a.pk}/followups/new/", data)
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.patient, followup.due_on, followup.exercises) == (patient_a, due, "Bridges")


def test_a_new_followup_in_the_past_is_refused(practitioner_client, patient_a):
    data = {"due_on": (_today() - timedelta(days=1)).isoformat(), "aftercare": "", "exercises": ""}
    response = practitioner_client.post(f"/patients/{patient_a.pk}/followups/new/", data)
    assert response.context["form"].errors["due_on"] == ["A new follow-up cannot be due in the past."]
    assert not FollowUp.objects.exists()


def test_patients_and_anonymous_users_cannot_touch_followups(client, patient_a_client, patient_a):
    followup = FollowUpFactory(patient=patient_a, due_on=_today())
    assert patient_a_client.get("/sessions/followups/").status_code == 403
    assert patient_a_client.post(f"/sessions/followups/{followup.pk}/cancel/", {"version": "1"}).status_code == 403
    assert patient_a_client.get(f"/patients/{patient_a.pk}/followups/new/").status_code == 403
    followup.refresh_from_db()
    assert followup.status == "scheduled"
    client.logout()
    assert client.get("/sessions/followups/").url.startswith("/accounts/login/")
