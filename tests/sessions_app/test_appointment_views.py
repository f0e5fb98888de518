"""Booking from the record, moving, cancelling, marking, and "start visit" from the calendar."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sessions_app.models import AcupunctureSession, Appointment
from tests.factories import AppointmentFactory, FollowUpFactory, at
from tests.session_forms import session_data

pytestmark = pytest.mark.django_db


def _book_data(practitioner, start="2026-03-03T09:00", minutes=30, **extra) -> dict:
    return {"practitioner": practitioner.pk, "starts_at": start, "duration_minutes": minutes, **extra}


def test_booking_from_the_record_saves_and_returns_to_that_day(practitioner_client, practitioner, patient_a):
    page = practitioner_client.get(f"/calendar/patients/{patient_a.pk}/book/?starts_at=2026-03-03T09:30")
    assert page.context["form"]["starts_at"].value().strftime("%H:%M") == "09:30"
    response = practitioner_client.post(f"/calendar/patients/{patient_a.pk}/book/", _book_data(practitioner))
    assert response.status_code == 302
    assert response.url == f"/calendar/?date=2026-03-03&practitioner={practitioner.pk}"
    appointment = Appointment.objects.get()
    assert (appointment.patient, appointment.starts_at, appointment.duration_minutes) == (
        patient_a,
        at("2026-03-03", "09:00"),
        30,
    )


def test_a_double_booking_is_refused_next_to_the_time_and_nothing_is_saved(
    practitioner_client, practitioner, patient_a, patient_b
):
    AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=at("2026-03-03", "09:00"))
    response = practitioner_client.post(
        f"/calendar/patients/{patient_a.pk}/book/", _book_data(practitioner, "2026-03-03T09:15")
    )
    assert response.status_code == 200
    assert "09:00–09:30" in " ".join(response.context["form"].errors["starts_at"])
    assert Appointment.objects.count() == 1


def test_an_invalid_booking_is_shown_again_with_errors(practitioner_client, practitioner, patient_a):
    response = practitioner_client.post(
        f"/calendar/patients/{patient_a.pk}/book/", _book_data(practitioner, "not a time", minutes=500)
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"starts_at", "duration_minutes"}
    assert not Appointment.objects.exists()


def test_a_practitioner_cannot_book_for_a_colleague(practitioner_client, colleague, patient_a):
    response = practitioner_client.post(f"/calendar/patients/{patient_a.pk}/book/", _book_data(colleague))
    assert "practitioner" in response.context["form"].errors
    assert not Appointment.objects.exists()


def test_an_admin_books_for_any_practitioner(admin_client, colleague, patient_a):
    response = admin_client.post(f"/calendar/patients/{patient_a.pk}/book/", _book_data(colleague))
    assert response.status_code == 302
    assert Appointment.objects.get().practitioner == colleague


def test_an_archived_patient_cannot_be_booked(practitioner_client, practitioner, patient_a):
    patient_a.archived_at = timezone.now()
    patient_a.save()
    response = practitioner_client.post(f"/calendar/patients/{patient_a.pk}/book/", _book_data(practitioner))
    assert response.status_code == 302 and response.url == f"/patients/{patient_a.pk}/"
    assert not Appointment.objects.exists()


def test_moving_an_appointment(practitioner_client, practitioner, patient_a):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a)
    response = practitioner_client.post(
        f"/calendar/appointments/{appointment.pk}/reschedule/",
        {"version": 1, "starts_at": "2026-03-05T14:00", "duration_minutes": 45},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.ends_at) == (at("2026-03-05", "14:00"), at("2026-03-05", "14:45"))


def test_a_stale_move_is_refused_and_says_what_changed(practitioner_client, practitioner, patient_a):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a, version=2)
    response = practitioner_client.post(
        f"/calendar/appointments/{appointment.pk}/reschedule/",
        {"version": 1, "starts_at": "2026-03-05T14:00", "duration_minutes": 45},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    appointment.refresh_from_db()
    assert appointment.starts_at == at("2026-03-03", "09:00")


def test_cancelling_needs_a_reason(practitioner_client, practitioner, patient_a):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a)
    refused = practitioner_client.post(f"/calendar/appointments/{appointment.pk}/cancel/", {"version": 1, "reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["cancel_form"].errors
    assert Appointment.objects.get().status == "booked"
    done = practitioner_client.post(f"/calendar/appointments/{appointment.pk}/cancel/", {"version": 1, "reason": "Ill"})
    assert done.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason) == ("cancelled", "Ill")


@pytest.mark.parametrize(
    ("action", "status"), [("arrived", "arrived"), ("no-show", "no_show"), ("completed", "completed")]
)
def test_marking_an_appointment_is_one_post_and_kept_in_history(
    practitioner_client, practitioner, patient_a, action, status
):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a)
    response = practitioner_client.post(f"/calendar/appointments/{appointment.pk}/{action}/", {"version": 1})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == status
    assert appointment.history.first().history_user == practitioner.user


def test_marking_twice_is_refused_with_a_message(practitioner_client, practitioner, patient_a):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a)
    practitioner_client.post(f"/calendar/appointments/{appointment.pk}/no-show/", {"version": 1})
    response = practitioner_client.post(
        f"/calendar/appointments/{appointment.pk}/arrived/", {"version": 2}, follow=True
    )
    assert Appointment.objects.get().status == "no_show"
    assert "cannot be marked arrived" in response.content.decode()


def test_a_colleagues_appointment_is_not_found(practitioner_client, colleague, patient_a):
    appointment = AppointmentFactory(practitioner=colleague, patient=patient_a)
    assert practitioner_client.get(f"/calendar/appointments/{appointment.pk}/").status_code == 404
    response = practitioner_client.post(
        f"/calendar/appointments/{appointment.pk}/cancel/", {"version": 1, "reason": "x"}
    )
    assert response.status_code == 404
    assert Appointment.objects.get().status == "booked"


def test_a_write_by_get_is_refused(practitioner_client, practitioner, patient_a):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a)
    assert practitioner_client.get(f"/calendar/appointments/{appointment.pk}/cancel/").status_code == 405


def test_start_visit_prefills_the_session_form_and_links_the_session(practitioner_client, practitioner, patient_a):
    start = (timezone.now() - timedelta(hours=2)).replace(second=0, microsecond=0)
    appointment = AppointmentFactory(
        practitioner=practitioner, patient=patient_a, starts_at=start, ends_at=start + timedelta(minutes=60)
    )
    url = f"/patients/{patient_a.pk}/sessions/new/?appointment={appointment.pk}"
    form = practitioner_client.get(url).context["form"]
    assert form["started_at"].value().strftime("%H:%M") == timezone.localtime(start).strftime("%H:%M")
    assert form["duration_minutes"].value() == 40  # a 60-minute booking, a session of at most 40

    response = practitioner_client.post(
        url, session_data(started_at=timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"))
    )

    session = AcupunctureSession.objects.get()
    assert (response.status_code, response.url) == (302, f"/calendar/visits/{session.pk}/")  # to the room view
    appointment.refresh_from_db()
    assert appointment.session == session
    assert appointment.status == "completed"


def test_a_colleagues_appointment_cannot_be_started(practitioner_client, colleague, patient_a):
    appointment = AppointmentFactory(practitioner=colleague, patient=patient_a)
    response = practitioner_client.get(f"/patients/{patient_a.pk}/sessions/new/?appointment={appointment.pk}")
    assert response.status_code == 404


def test_the_due_followups_link_to_booking_them_or_say_when_they_are_booked(
    practitioner_client, practitioner, patient_a, patient_b
):
    due = FollowUpFactory(patient=patient_a, due_on=timezone.localdate())
    booked = FollowUpFactory(patient=patient_b, due_on=timezone.localdate())
    start = timezone.now() + timedelta(days=1)
    booked.appointment = AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=start)
    booked.save()
    for page in ("/", "/sessions/followups/"):
        html = practitioner_client.get(page).content.decode()
        assert f"/sessions/followups/{due.pk}/book/" in html, page
        assert f"/sessions/followups/{booked.pk}/book/" not in html, page
        assert f"booked for {timezone.localtime(start):%a %-d %b %H:%M}" in html, page


def test_a_free_slot_of_a_patients_booking_day_books_that_patient(practitioner_client, practitioner, patient_a):
    response = practitioner_client.get(f"/calendar/?date=2026-03-03&patient={patient_a.pk}")
    assert "Choose a free time for Alice Archer." in response.content.decode()
    slot = f"/calendar/patients/{patient_a.pk}/book/?starts_at=2026-03-03T08:00&practitioner={practitioner.pk}"
    assert slot in response.content.decode()
    assert practitioner_client.get("/calendar/?patient=999999").status_code == 404


def test_a_time_that_does_not_exist_on_the_dst_day_is_refused_not_a_500(
    settings, practitioner_client, practitioner, patient_a
):
    settings.TIME_ZONE = "Europe/Amsterdam"  # 02:00 -> 03:00 on 29 March 2026
    response = practitioner_client.post(
        f"/calendar/patients/{patient_a.pk}/book/", _book_data(practitioner, "2026-03-29T02:30")
    )
    assert response.status_code == 200 and "starts_at" in response.context["form"].errors
    assert not Appointment.objects.exists()
