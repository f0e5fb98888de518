"""Private iCalendar feeds: parsed with icalendar, only their owner's events, no diagnosis, revocable."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from sessions_app import booking
from sessions_app.feeds import FETCHES_PER_WINDOW
from tests.factories import AppointmentFactory, PatientFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def _soon(hhmm: str, days: int = 3):
    return at((timezone.localdate() + timezone.timedelta(days=days)).isoformat(), hhmm)


def test_a_practitioners_feed_holds_only_their_appointments_with_initials_and_no_diagnosis(
    client, practitioner, colleague, patient_a, patient_b
):
    patient_a.chief_complaint = "Sciatica down the left leg"
    patient_a.save()
    mine = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=_soon("09:00"))
    AppointmentFactory(practitioner=colleague, patient=patient_b, starts_at=_soon("09:00"))
    feed = booking.calendar_feed_issue(practitioner=practitioner)

    response = client.get(f"/calendar/feed/{feed.token}.ics")

    [event] = _events(response)
    assert str(event["summary"]) == "Appointment: A. A."
    assert event.decoded("dtstart") == mine.starts_at and event.decoded("dtend") == mine.ends_at
    text = response.content.decode()
    for private in ("Alice", "Archer", "Herniated", "herniated_disc", "Sciatica", patient_a.mrn):
        assert private not in text
    assert response["Cache-Control"] == "no-store"


def test_a_patients_feed_holds_only_their_own_appointments(client, practitioner, patient_a, patient_b):
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=_soon("09:00"))
    AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=_soon("10:00"))
    feed = booking.calendar_feed_issue(patient=patient_a)
    [event] = _events(client.get(f"/calendar/feed/{feed.token}.ics"))
    assert str(event["summary"]) == "Acupuncture appointment with Lin Chen"
    assert "herniated" not in str(event).lower()


def test_a_cancelled_appointment_is_sent_as_cancelled(client, practitioner, patient_a):
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=_soon("09:00"), status="cancelled")
    feed = booking.calendar_feed_issue(patient=patient_a)
    [event] = _events(client.get(f"/calendar/feed/{feed.token}.ics"))
    assert str(event["status"]) == "CANCELLED"


def test_a_revoked_feed_answers_404_and_a_new_address_works(client, practitioner_client, practitioner):
    old = booking.calendar_feed_issue(practitioner=practitioner)
    assert practitioner_client.post("/calendar/feed/new/").status_code == 302
    assert client.get(f"/calendar/feed/{old.token}.ics").status_code == 404
    new = practitioner.calendar_feeds.get(revoked_at__isnull=True)
    assert client.get(f"/calendar/feed/{new.token}.ics").status_code == 200
    practitioner_client.post("/calendar/feed/revoke/")
    assert client.get(f"/calendar/feed/{new.token}.ics").status_code == 404


def test_a_patient_switches_their_feed_on_and_off_from_me(patient_a_client, patient_a):
    patient_a_client.post("/me/calendar/new/")
    page = patient_a_client.get("/me/").content.decode()
    [url] = re.findall(r"https?://[^\"]+/calendar/feed/[\w-]+\.ics", page)
    assert Client().get(url).status_code == 200
    patient_a_client.post("/me/calendar/revoke/")
    assert Client().get(url).status_code == 404
    assert "/calendar/feed/" not in patient_a_client.get("/me/").content.decode()


def test_the_calendar_links_the_practitioners_feed(practitioner_client, practitioner):
    feed = booking.calendar_feed_issue(practitioner=practitioner)
    assert f"/calendar/feed/{feed.token}.ics" in practitioner_client.get("/calendar/").content.decode()


def test_the_me_page_lists_upcoming_appointments_with_times(patient_a_client, practitioner, patient_a, patient_b):
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=_soon("14:30"))
    AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=_soon("16:00"))
    page = patient_a_client.get("/me/").content.decode()
    assert "14:30–15:00" in page and "16:00" not in page


def test_fetching_a_feed_too_often_is_refused_for_a_while(client, practitioner):
    feed = booking.calendar_feed_issue(practitioner=practitioner)
    for _ in range(FETCHES_PER_WINDOW):
        assert client.get(f"/calendar/feed/{feed.token}.ics").status_code == 200
    assert client.get(f"/calendar/feed/{feed.token}.ics").status_code == 429


def test_a_feed_keeps_the_local_time_across_the_dst_change(settings, client, practitioner):
    settings.TIME_ZONE = "Europe/Amsterdam"
    patient = PatientFactory()
    with timezone.override("Europe/Amsterdam"):
        before = AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-03-27", "09:00"))
        after = AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-04-03", "09:00"))
    feed = booking.calendar_feed_issue(practitioner=practitioner)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sessions_app.feeds.timezone.now", lambda: at("2026-03-20", "12:00"))
        events = _events(client.get(f"/calendar/feed/{feed.token}.ics"))
    starts = [event.decoded("dtstart") for event in events]
    assert starts == [before.starts_at, after.starts_at]
    assert [s.astimezone(timezone.get_current_timezone()).hour for s in starts] == [9, 9]


def test_a_patient_asks_to_cancel_and_the_calendar_shows_it(client_for, practitioner, patient_a):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=_soon("14:30"))
    response = client_for("patient_a").post(f"/me/calendar/appointments/{appointment.pk}/cancel/", follow=True)
    assert "the clinic will confirm" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == "booked" and appointment.cancel_requested_at is not None
    day = timezone.localtime(appointment.starts_at).date().isoformat()
    assert "Patient asks to cancel" in client_for("practitioner").get(f"/calendar/?date={day}").content.decode()


def test_a_patient_cannot_ask_to_cancel_anothers_or_a_past_appointment(
    patient_a_client, practitioner, patient_a, patient_b
):
    theirs = AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=_soon("14:30"))
    assert patient_a_client.post(f"/me/calendar/appointments/{theirs.pk}/cancel/").status_code == 404
    past = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-03", "09:00"))
    patient_a_client.post(f"/me/calendar/appointments/{past.pk}/cancel/")
    past.refresh_from_db()
    assert past.cancel_requested_at is None
