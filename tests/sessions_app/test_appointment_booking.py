"""The booking services: book, reschedule, cancel with a reason, arrived / no-show / completed."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from patients.concurrency import StaleEdit
from sessions_app import booking
from sessions_app.models import Appointment
from tests.factories import at

pytestmark = pytest.mark.django_db


def _book(practitioner, patient, start: str = "09:00", minutes: int = 30, day: str = "2026-03-03"):
    starts_at = at(day, start)
    return booking.appointment_book(
        patient=patient, practitioner=practitioner, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes)
    )


def test_booking_refuses_a_double_booking_and_writes_nothing(practitioner, patient_a, patient_b):
    _book(practitioner, patient_a)
    with pytest.raises(ValidationError) as refused:
        _book(practitioner, patient_b, "09:20")
    assert "09:00–09:30" in str(refused.value)
    assert Appointment.objects.count() == 1


def test_booking_refuses_an_archived_patient(practitioner, patient_a):
    patient_a.archived_at = timezone.now()
    patient_a.save()
    with pytest.raises(ValidationError):
        _book(practitioner, patient_a)
    assert not Appointment.objects.exists()


def test_rescheduling_moves_it_and_keeps_the_old_time_in_history(practitioner, patient_a):
    appointment = _book(practitioner, patient_a)
    booking.appointment_reschedule(
        appointment=appointment, expected_version=1, starts_at=at("2026-03-04", "10:00"),
        ends_at=at("2026-03-04", "10:45"), location=None,
    )  # fmt: skip
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.duration_minutes, appointment.version) == (
        at("2026-03-04", "10:00"),
        45,
        2,
    )
    assert [h.starts_at for h in appointment.history.order_by("history_date")] == [
        at("2026-03-03", "09:00"),
        at("2026-03-04", "10:00"),
    ]


def test_rescheduling_onto_another_appointment_is_refused(practitioner, patient_a, patient_b):
    _book(practitioner, patient_a, "10:00")
    moving = _book(practitioner, patient_b, "09:00")
    with pytest.raises(ValidationError):
        booking.appointment_reschedule(
            appointment=moving, expected_version=1, starts_at=at("2026-03-03", "09:45"),
            ends_at=at("2026-03-03", "10:15"), location=None,
        )  # fmt: skip
    moving.refresh_from_db()
    assert (moving.starts_at, moving.version) == (at("2026-03-03", "09:00"), 1)


def test_a_stale_reschedule_is_refused(practitioner, patient_a):
    appointment = _book(practitioner, patient_a)
    booking.appointment_set_status(appointment=appointment, expected_version=1, status="arrived")
    stale = Appointment.objects.get(pk=appointment.pk)
    stale.version = 1
    with pytest.raises(StaleEdit):
        booking.appointment_reschedule(
            appointment=stale, expected_version=1, starts_at=at("2026-03-05", "09:00"),
            ends_at=at("2026-03-05", "09:30"), location=None,
        )  # fmt: skip
    assert Appointment.objects.get(pk=appointment.pk).starts_at == at("2026-03-03", "09:00")


def test_cancelling_needs_a_reason_and_keeps_it(practitioner, patient_a):
    appointment = _book(practitioner, patient_a)
    with pytest.raises(ValidationError):
        booking.appointment_cancel(appointment=appointment, expected_version=1, reason="  ")
    appointment = Appointment.objects.get(pk=appointment.pk)
    booking.appointment_cancel(appointment=appointment, expected_version=1, reason="Flu")
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason) == ("cancelled", "Flu")
    history = appointment.history.order_by("history_date")
    assert [h.status for h in history] == ["booked", "cancelled"]


def test_a_cancelled_slot_can_be_booked_again(practitioner, patient_a, patient_b):
    appointment = _book(practitioner, patient_a)
    booking.appointment_cancel(appointment=appointment, expected_version=1, reason="Moved away")
    assert _book(practitioner, patient_b).status == "booked"


@pytest.mark.parametrize("status", ["arrived", "no_show", "completed"])
def test_status_changes_are_in_the_history(practitioner, patient_a, status):
    appointment = _book(practitioner, patient_a)
    booking.appointment_set_status(appointment=appointment, expected_version=1, status=status)
    assert [h.status for h in appointment.history.order_by("history_date")] == ["booked", status]


def test_a_closed_appointment_cannot_change_status_again(practitioner, patient_a):
    appointment = _book(practitioner, patient_a)
    booking.appointment_set_status(appointment=appointment, expected_version=1, status="no_show")
    with pytest.raises(ValidationError):
        booking.appointment_set_status(appointment=appointment, expected_version=2, status="arrived")
    with pytest.raises(ValidationError):
        booking.appointment_cancel(appointment=appointment, expected_version=2, reason="x")


def test_linking_a_session_completes_the_appointment_once(practitioner, patient_a):
    from tests.factories import SessionFactory

    appointment = _book(practitioner, patient_a)
    session = SessionFactory(patient=patient_a, practitioner=practitioner)
    booking.appointment_link_session(appointment=appointment, session=session)
    appointment.refresh_from_db()
    assert (appointment.session, appointment.status) == (session, "completed")
    with pytest.raises(ValidationError):
        booking.appointment_link_session(
            appointment=appointment, session=SessionFactory(patient=patient_a, practitioner=practitioner)
        )


def test_a_feed_is_reissued_with_a_new_token_and_the_old_one_revoked(practitioner):
    first = booking.calendar_feed_issue(practitioner=practitioner)
    second = booking.calendar_feed_issue(practitioner=practitioner)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert first.token != second.token and len(second.token) >= 40
    assert booking.calendar_feed_revoke(practitioner=practitioner) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_bookings_at_the_same_moment_make_one_appointment(practitioner, patient_a, patient_b):
    barrier, outcomes = threading.Barrier(2), []

    def book(patient):
        try:
            barrier.wait()
            _book(practitioner, patient)
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=book, args=(p,)) for p in (patient_a, patient_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert Appointment.objects.count() == 1
