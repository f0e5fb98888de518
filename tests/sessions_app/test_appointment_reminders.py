"""Reminders the day before (once, however often the command runs) and notices of moves and cancellations."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from sessions_app import booking
from sessions_app.appointment_reminders import send_appointment_reminders
from sessions_app.models import Appointment
from tests.factories import AppointmentFactory, PatientFactory, at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # a fixed clock: reminders go out for 3 March


@pytest.fixture
def patient(db):
    return PatientFactory(first_name="Alice", last_name="Archer", email="alice@example.org", condition="sciatica")


def _ics(message) -> Calendar:
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("appointment.ics", "text/calendar")
    return Calendar.from_ical(content)


def test_a_reminder_goes_out_once_with_the_appointment_attached(practitioner, patient):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-03-03", "09:00"))
    AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-03-04", "09:00"))

    first = send_appointment_reminders(today=TODAY)
    again = send_appointment_reminders(today=TODAY)

    assert (first.sent, again.sent) == (1, 0)
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "09:00" in message.body and "sciatica" not in message.body.lower()
    [event] = _ics(message).walk("VEVENT")
    assert event.decoded("dtstart") == appointment.starts_at


def test_tomorrow_is_the_clinics_tomorrow(settings, practitioner, patient):
    settings.TIME_ZONE = "Europe/Amsterdam"
    # 00:30 on 3 March in Amsterdam is still 2 March in UTC.
    AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-03-03", "00:30"))
    assert send_appointment_reminders(today=TODAY).sent == 1


def test_cancelled_and_already_visited_appointments_are_not_reminded(practitioner, patient):
    AppointmentFactory(
        practitioner=practitioner, patient=patient, starts_at=at("2026-03-03", "09:00"), status="cancelled"
    )
    AppointmentFactory(
        practitioner=practitioner, patient=patient, starts_at=at("2026-03-03", "10:00"), status="arrived"
    )
    assert send_appointment_reminders(today=TODAY).sent == 0


def test_a_failed_send_is_retried_on_the_next_run(practitioner, patient, monkeypatch):
    AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-03-03", "09:00"))

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    assert send_appointment_reminders(today=TODAY).failed == 1
    monkeypatch.undo()
    assert send_appointment_reminders(today=TODAY).sent == 1


def test_moving_sends_a_notice_and_the_new_time_is_reminded(practitioner, patient, django_capture_on_commit_callbacks):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-03-03", "09:00"))
    send_appointment_reminders(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        booking.appointment_reschedule(
            appointment=appointment, expected_version=1, starts_at=at("2026-03-03", "15:00"),
            ends_at=at("2026-03-03", "15:30"), location=None,
        )  # fmt: skip
    assert "moved" in mail.outbox[-1].subject
    assert "15:00" in mail.outbox[-1].body
    assert send_appointment_reminders(today=TODAY).sent == 1


def test_cancelling_sends_a_notice_that_cancels_the_calendar_entry(
    practitioner, patient, django_capture_on_commit_callbacks
):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-03-03", "09:00"))
    with django_capture_on_commit_callbacks(execute=True):
        booking.appointment_cancel(appointment=appointment, expected_version=1, reason="Practitioner ill")
    [message] = mail.outbox
    assert "cancelled" in message.subject
    calendar = _ics(message)
    assert str(calendar["method"]) == "CANCEL"
    assert "Practitioner ill" not in message.body  # the reason is the clinic's note, not sent
    assert Appointment.objects.get().status == "cancelled"


def test_the_command_reports_what_it_sent(practitioner, patient, capsys):
    call_command("send_appointment_reminders", "--dry-run")
    assert "Appointment reminders: would send 0" in capsys.readouterr().out
