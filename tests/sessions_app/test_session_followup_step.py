"""The session form's follow-up step: a follow-up already scheduled is moved or another added (never
silently both), its appointment can be booked in the same save, all in one transaction."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from sessions_app.models import AcupunctureSession, Appointment, FollowUp
from tests.factories import AppointmentFactory, FollowUpFactory, at
from tests.session_forms import session_data

pytestmark = pytest.mark.django_db

MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _url(patient) -> str:
    return f"/patients/{patient.pk}/sessions/new/"


@pytest.fixture
def scheduled(patient_a):
    return FollowUpFactory(patient=patient_a, due_on=date(2026, 3, 2), aftercare="Old advice.")


@time_machine.travel(MONDAY_10, tick=False)
def test_the_form_says_a_follow_up_is_scheduled_and_offers_move_or_add(practitioner_client, patient_a, scheduled):
    response = practitioner_client.get(_url(patient_a))
    html = response.content.decode()
    assert "already has a follow-up scheduled on Mon 2 Mar 2026" in html
    assert response.context["form"]["followup_existing"].value() == "move"
    assert response.context["form"]["followup_version"].value() == scheduled.version


@time_machine.travel(MONDAY_10, tick=False)
def test_moving_keeps_one_follow_up_at_the_new_date_with_history(practitioner_client, patient_a, scheduled):
    data = session_data(followup_due_on="2026-03-09", followup_existing="move", followup_version=scheduled.version)
    assert practitioner_client.post(_url(patient_a), data).status_code == 302
    followup = FollowUp.objects.get()
    session = AcupunctureSession.objects.get()
    assert (followup.pk, followup.due_on, followup.session) == (scheduled.pk, date(2026, 3, 9), session)
    assert followup.aftercare == "Old advice."  # no new advice given: the old one is kept
    assert [h.due_on for h in followup.history.order_by("history_id")] == [date(2026, 3, 2), date(2026, 3, 9)]


@time_machine.travel(MONDAY_10, tick=False)
def test_adding_keeps_the_scheduled_one_and_adds_another(practitioner_client, patient_a, scheduled):
    data = session_data(followup_due_on="2026-03-09", followup_existing="add", followup_version=scheduled.version)
    practitioner_client.post(_url(patient_a), data)
    assert sorted(FollowUp.objects.values_list("due_on", flat=True)) == [date(2026, 3, 2), date(2026, 3, 9)]


@time_machine.travel(MONDAY_10, tick=False)
def test_without_a_choice_nothing_is_saved(practitioner_client, patient_a, scheduled):
    response = practitioner_client.post(_url(patient_a), session_data(followup_due_on="2026-03-09"))
    assert response.status_code == 200
    assert "move the follow-up already scheduled, or add another" in str(response.context["form"].errors)
    assert not AcupunctureSession.objects.exists() and FollowUp.objects.get().due_on == date(2026, 3, 2)


@time_machine.travel(MONDAY_10, tick=False)
def test_a_follow_up_moved_meanwhile_refuses_the_whole_visit_and_shows_it_as_it_is_now(
    practitioner_client, patient_a, scheduled
):
    data = session_data(followup_due_on="2026-03-09", followup_existing="move", followup_version=scheduled.version)
    scheduled.due_on, scheduled.version = date(2026, 3, 5), scheduled.version + 1  # a colleague moved it
    scheduled.save()

    response = practitioner_client.post(_url(patient_a), data)

    assert response.status_code == 200
    assert "Someone changed the scheduled follow-up meanwhile" in response.content.decode()
    assert "scheduled on Thu 5 Mar 2026" in response.content.decode()
    assert response.context["form"]["followup_version"].value() == scheduled.version  # saving again is deliberate
    assert not AcupunctureSession.objects.exists() and FollowUp.objects.get().due_on == date(2026, 3, 5)


@time_machine.travel(MONDAY_10, tick=False)
def test_no_scheduled_follow_up_no_question(practitioner_client, patient_a):
    form = practitioner_client.get(_url(patient_a)).context["form"]
    assert "followup_existing" not in form.fields
    practitioner_client.post(_url(patient_a), session_data(followup_due_on="2026-03-09"))
    assert FollowUp.objects.get().due_on == date(2026, 3, 9)


@time_machine.travel(MONDAY_10, tick=False)
def test_the_follow_up_step_books_a_free_time_in_the_same_save(practitioner_client, practitioner, patient_a):
    form = practitioner_client.get(_url(patient_a)).context["form"]
    assert ("2026-03-09T08:00", "Mon 9 Mar 2026, 08:00") in form.fields["followup_slot"].choices

    data = session_data(followup_due_on="2026-03-09", followup_slot="2026-03-09T08:00")
    assert practitioner_client.post(_url(patient_a), data).status_code == 302

    followup = FollowUp.objects.get()
    assert followup.appointment.starts_at == at("2026-03-09", "08:00")
    assert followup.appointment.practitioner == practitioner


@time_machine.travel(MONDAY_10, tick=False)
def test_a_taken_time_refuses_the_visit_and_books_nothing(practitioner_client, practitioner, patient_a, patient_b):
    AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=at("2026-03-09", "08:00"))
    data = session_data(followup_due_on="2026-03-09", followup_slot="2026-03-09T08:00")
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 200
    assert "no longer offered" in str(response.context["form"].errors["followup_slot"])
    assert not AcupunctureSession.objects.exists() and not FollowUp.objects.exists()
    assert Appointment.objects.count() == 1


@time_machine.travel(MONDAY_10, tick=False)
def test_a_time_without_a_follow_up_date_is_refused(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(followup_slot="2026-03-09T08:00"))
    assert response.status_code == 200
    assert not AcupunctureSession.objects.exists() and not Appointment.objects.exists()


@time_machine.travel(MONDAY_10, tick=False)
def test_a_booked_follow_up_is_not_moved_away_from_its_appointment(
    practitioner_client, practitioner, patient_a, scheduled
):
    booked = AppointmentFactory(patient=patient_a, practitioner=practitioner, starts_at=at("2026-03-03", "09:30"))
    scheduled.appointment = booked
    scheduled.save()
    data = session_data(followup_due_on="2026-03-09", followup_existing="move", followup_version=scheduled.version)
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 200
    assert "is booked for" in str(response.context["form"].errors["followup_existing"])
    assert not AcupunctureSession.objects.exists()
    assert FollowUp.objects.get().due_on == date(2026, 3, 2)
    # Adding another instead keeps the booked one as it is.
    data["followup_existing"] = "add"
    assert practitioner_client.post(_url(patient_a), data).status_code == 302
    assert sorted(FollowUp.objects.values_list("due_on", flat=True)) == [date(2026, 3, 2), date(2026, 3, 9)]
    assert FollowUp.objects.get(due_on=date(2026, 3, 2)).appointment == booked
