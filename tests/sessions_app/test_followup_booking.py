"""A follow-up is fulfilled by an appointment: booked from its own form, from its Book page (the
dashboard's and the follow-up list's link), or from the session form's follow-up step."""

from datetime import UTC, datetime

import pytest
import time_machine

from sessions_app.models import Appointment, FollowUp
from tests.factories import AppointmentFactory, FollowUpFactory, at

pytestmark = pytest.mark.django_db

MONDAY_7 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # Monday 2 March 2026, 07:00 in the clinic (UTC)


def _followup_data(**extra) -> dict:
    return {"due_on": "2026-03-04", "aftercare": "Walk daily.", "exercises": "", "followup_slot": "", **extra}


@time_machine.travel(MONDAY_7, tick=False)
def test_the_follow_up_form_offers_free_times_near_its_suggested_date(practitioner_client, practitioner, patient_a):
    AppointmentFactory(practitioner=practitioner, starts_at=at("2026-03-09", "08:00"))
    form = practitioner_client.get(f"/patients/{patient_a.pk}/followups/new/").context["form"]
    assert form["due_on"].value().isoformat() == "2026-03-09"  # a week on, without a plan
    offered = [value for value, _label in form.fields["followup_slot"].choices]
    assert offered[:3] == ["", "2026-03-09T08:30", "2026-03-09T09:00"]  # 08:00 is taken


@time_machine.travel(MONDAY_7, tick=False)
def test_choosing_a_free_time_schedules_the_follow_up_and_books_it(practitioner_client, practitioner, patient_a):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/followups/new/", _followup_data(followup_slot="2026-03-04T09:00"), follow=True
    )
    followup = FollowUp.objects.get()
    assert (followup.due_on.isoformat(), followup.aftercare) == ("2026-03-04", "Walk daily.")
    appointment = followup.appointment
    assert (appointment.patient, appointment.practitioner) == (patient_a, practitioner)
    assert (appointment.starts_at, appointment.duration_minutes) == (at("2026-03-04", "09:00"), 30)
    assert "its appointment booked for Wed 4 Mar 2026, 09:00" in response.content.decode()
    assert followup.history.count() == 2  # scheduled, then linked: both in history


@time_machine.travel(MONDAY_7, tick=False)
def test_without_a_time_only_the_follow_up_is_scheduled(practitioner_client, patient_a):
    practitioner_client.post(f"/patients/{patient_a.pk}/followups/new/", _followup_data())
    assert FollowUp.objects.get().appointment is None and not Appointment.objects.exists()


@time_machine.travel(MONDAY_7, tick=False)
@pytest.mark.parametrize(
    "slot",
    ["2026-03-04T10:00", "2026-03-20T09:00", "2026-03-04T09:10", "2026-03-04T19:00", "garbage"],
    ids=["taken", "far-from-the-date", "off-the-grid", "after-closing", "garbage"],
)
def test_a_time_not_offered_is_refused_and_nothing_is_saved(practitioner_client, practitioner, patient_a, slot):
    AppointmentFactory(practitioner=practitioner, starts_at=at("2026-03-04", "10:00"))
    response = practitioner_client.post(f"/patients/{patient_a.pk}/followups/new/", _followup_data(followup_slot=slot))
    assert response.status_code == 200
    assert "no longer offered" in str(response.context["form"].errors["followup_slot"])
    assert not FollowUp.objects.exists() and Appointment.objects.count() == 1


@time_machine.travel(MONDAY_7, tick=False)
def test_the_book_page_books_a_scheduled_follow_up_once(practitioner_client, practitioner, patient_a):
    followup = FollowUpFactory(patient=patient_a, due_on=datetime(2026, 3, 4).date())
    page = practitioner_client.get(f"/sessions/followups/{followup.pk}/book/")
    assert page.context["form"].fields["followup_slot"].choices[0][0] == "2026-03-04T08:00"
    data = {"version": followup.version, "followup_slot": "2026-03-04T08:30", "next": "/sessions/followups/"}

    response = practitioner_client.post(f"/sessions/followups/{followup.pk}/book/", data)

    assert (response.status_code, response.url) == (302, "/sessions/followups/")
    followup.refresh_from_db()
    assert followup.appointment.starts_at == at("2026-03-04", "08:30")
    again = practitioner_client.post(
        f"/sessions/followups/{followup.pk}/book/",
        data | {"version": followup.version, "followup_slot": "2026-03-04T09:00"},
    )
    assert again.status_code == 200  # a second booking is refused: the page says when it is booked
    assert "Already booked for Wed 4 Mar 2026, 08:30" in again.content.decode()
    assert Appointment.objects.count() == 1


@time_machine.travel(MONDAY_7, tick=False)
def test_a_stale_book_page_books_nothing(practitioner_client, patient_a):
    followup = FollowUpFactory(patient=patient_a, due_on=datetime(2026, 3, 4).date())
    stale = {"version": followup.version, "followup_slot": "2026-03-04T08:30"}
    followup.aftercare = "Changed by a colleague."
    followup.version += 1
    followup.save()
    response = practitioner_client.post(f"/sessions/followups/{followup.pk}/book/", stale, follow=True)
    assert "changed this follow-up meanwhile" in response.content.decode()
    assert not Appointment.objects.exists()


@time_machine.travel(MONDAY_7, tick=False)
def test_a_cancelled_appointment_leaves_its_follow_up_to_book_again(practitioner_client, practitioner, patient_a):
    followup = FollowUpFactory(patient=patient_a, due_on=datetime(2026, 3, 4).date())
    followup.appointment = AppointmentFactory(
        practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-04", "08:00"), status="cancelled"
    )
    followup.save()
    assert (
        f"/sessions/followups/{followup.pk}/book/" in practitioner_client.get("/sessions/followups/").content.decode()
    )
    data = {"version": followup.version, "followup_slot": "2026-03-04T08:00"}
    practitioner_client.post(f"/sessions/followups/{followup.pk}/book/", data)
    followup.refresh_from_db()
    assert followup.appointment.status == "booked"


@time_machine.travel(MONDAY_7, tick=False)
def test_a_closed_follow_up_has_no_book_page(practitioner_client, patient_a):
    done = FollowUpFactory(patient=patient_a, status="completed")
    assert practitioner_client.get(f"/sessions/followups/{done.pk}/book/").status_code == 404
