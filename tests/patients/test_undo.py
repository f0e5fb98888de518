"""The Undo button of every one-click change (patients/undo.py): it reverses the change once, keeps
both in history, and is refused when the record changed since, is archived, or it is too late."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.utils import timezone

from patients.models import Patient, UndoTicket
from patients.undo import UNDO_WINDOW
from sessions_app.models import AcupunctureSession, Appointment, FollowUp, PointPrescription
from tests.factories import AppointmentFactory, FollowUpFactory, PrescriptionFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _complete(client, followup, next_path="/"):
    return client.post(f"/sessions/followups/{followup.pk}/complete/", {"version": followup.version, "next": next_path})


def _ticket():
    return UndoTicket.objects.latest("pk")


def _undo(client, ticket, next_path="/"):
    return client.post(f"/undo/{ticket.token}/", {"next": next_path})


def _texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_success_message_of_a_one_click_change_carries_an_undo_button(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    response = practitioner_client.post(
        f"/sessions/followups/{followup.pk}/complete/", {"version": followup.version, "next": "/"}, follow=True
    )
    page = response.content.decode()
    assert "Follow-up marked as completed." in page
    assert f'action="/undo/{_ticket().token}/"' in page
    assert 'name="csrfmiddlewaretoken"' in page.split(f"/undo/{_ticket().token}/")[1][:400]


def test_undo_puts_the_follow_up_back_and_history_keeps_both_changes(practitioner_client, practitioner, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    _complete(practitioner_client, followup)
    response = _undo(practitioner_client, _ticket(), next_path="/sessions/followups/")
    assert response.status_code == 302 and response.url == "/sessions/followups/"
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.SCHEDULED
    rows = list(followup.history.order_by("history_date", "history_id"))
    assert [row.status for row in rows] == ["scheduled", "completed", "scheduled"]
    assert all(row.history_user_id == practitioner.user_id for row in rows[1:])
    assert rows[-1].history_change_reason == "Undo"
    assert "Undone" in " ".join(_texts(response))


def test_a_double_posted_undo_undoes_once(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    _complete(practitioner_client, followup)
    ticket = _ticket()
    _undo(practitioner_client, ticket)
    second = _undo(practitioner_client, ticket)
    assert "This change was already undone." in _texts(second)
    assert followup.history.count() == 3  # created, completed, undone: the second post wrote nothing


def test_undo_is_refused_when_the_record_changed_since(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    _complete(practitioner_client, followup)
    ticket = _ticket()
    FollowUp.objects.filter(pk=followup.pk).update(version=ticket.version_after + 1)  # a colleague saved
    response = _undo(practitioner_client, ticket)
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.COMPLETED
    assert any("someone changed this record since" in text for text in _texts(response))
    assert UndoTicket.objects.get(pk=ticket.pk).undone_at is None


def test_undo_is_refused_when_the_patient_was_archived_since(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    _complete(practitioner_client, followup)
    Patient.objects.filter(pk=patient_a.pk).update(archived_at=timezone.now())
    response = _undo(practitioner_client, _ticket())
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.COMPLETED
    assert any("archived" in text for text in _texts(response))


def test_undo_is_refused_when_it_is_too_late(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    _complete(practitioner_client, followup)
    with time_machine.travel(timezone.now() + UNDO_WINDOW + timedelta(seconds=1)):
        response = _undo(practitioner_client, _ticket())
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.COMPLETED
    assert any("Too late to undo" in text for text in _texts(response))


def test_undo_just_inside_the_window_works(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    _complete(practitioner_client, followup)
    with time_machine.travel(timezone.now() + UNDO_WINDOW - timedelta(seconds=5)):
        _undo(practitioner_client, _ticket())
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.SCHEDULED


def test_someone_elses_undo_ticket_does_not_exist_for_me(client, practitioner, colleague, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    client.force_login(practitioner.user)
    _complete(client, followup)
    client.force_login(colleague.user)
    assert _undo(client, _ticket()).status_code == 404
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.COMPLETED


def test_undo_needs_post_and_a_staff_login(client, practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    _complete(practitioner_client, followup)
    ticket = _ticket()
    assert practitioner_client.get(f"/undo/{ticket.token}/").status_code == 405
    client.logout()
    assert client.post(f"/undo/{ticket.token}/").status_code == 302  # to the login page
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.COMPLETED


def test_undo_never_redirects_off_site(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a)
    _complete(practitioner_client, followup)
    assert _undo(practitioner_client, _ticket(), next_path="https://evil.example/").url == "/"


@pytest.mark.parametrize("action", ["miss", "cancel"])
def test_missed_and_cancelled_are_undone_too(practitioner_client, patient_a, action):
    followup = FollowUpFactory(patient=patient_a)
    path = {"miss": "missed", "cancel": "cancel"}[action]
    practitioner_client.post(f"/sessions/followups/{followup.pk}/{path}/", {"version": followup.version})
    assert FollowUp.objects.get(pk=followup.pk).status != FollowUp.Status.SCHEDULED
    _undo(practitioner_client, _ticket())
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUp.Status.SCHEDULED


@pytest.mark.parametrize(
    ("path", "start", "after"),
    [("arrived", "booked", "arrived"), ("no-show", "booked", "no_show"), ("completed", "arrived", "completed")],
)
def test_an_appointment_status_from_the_calendar_is_undone(
    practitioner_client, practitioner, patient_a, path, start, after
):
    appointment = AppointmentFactory(
        patient=patient_a, practitioner=practitioner, status=start, starts_at=timezone.now() + timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=1, minutes=30),
    )  # fmt: skip
    practitioner_client.post(f"/calendar/appointments/{appointment.pk}/{path}/", {"version": appointment.version})
    assert Appointment.objects.get(pk=appointment.pk).status == after
    _undo(practitioner_client, _ticket())
    restored = Appointment.objects.get(pk=appointment.pk)
    assert restored.status == start
    assert [row.status for row in restored.history.order_by("history_date", "history_id")][-2:] == [after, start]


def test_archiving_a_session_is_undone(practitioner_client, practitioner, patient_a):
    session = SessionFactory(patient=patient_a, practitioner=practitioner)
    practitioner_client.post(f"/sessions/{session.pk}/archive/")
    assert AcupunctureSession.objects.get(pk=session.pk).is_archived
    _undo(practitioner_client, _ticket())
    session.refresh_from_db()
    assert not session.is_archived
    assert session.history.latest("history_date").history_change_reason == "Undo"


def test_archiving_a_patient_is_undone(practitioner_client, patient_a):
    practitioner_client.post(f"/patients/{patient_a.pk}/archive/")
    assert Patient.objects.get(pk=patient_a.pk).is_archived
    _undo(practitioner_client, _ticket())
    assert not Patient.objects.get(pk=patient_a.pk).is_archived


def test_a_deleted_prescription_comes_back_with_its_points(practitioner_client, practitioner):
    prescription = PrescriptionFactory(practitioner=practitioner, points=[("BL23", "bilateral")])
    practitioner_client.post(f"/sessions/prescriptions/{prescription.pk}/delete/")
    assert not PointPrescription.objects.in_use().exists()
    _undo(practitioner_client, _ticket())
    restored = PointPrescription.objects.in_use().get()
    assert [item.acupoint.code for item in restored.items.all()] == ["BL23"]


def test_undoing_a_delete_is_refused_when_the_name_is_taken_again(practitioner_client, practitioner):
    prescription = PrescriptionFactory(practitioner=practitioner, name="Lumbar standard")
    practitioner_client.post(f"/sessions/prescriptions/{prescription.pk}/delete/")
    PrescriptionFactory(practitioner=practitioner, name="Lumbar standard")
    response = _undo(practitioner_client, _ticket())
    assert PointPrescription.objects.in_use().count() == 1
    assert any(text.startswith("Not undone") for text in _texts(response))
