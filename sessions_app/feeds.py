"""Private iCalendar feeds (RFC 5545), built with the `icalendar` package rather than by hand:
it folds long lines, escapes commas and semicolons, and writes UTC times the way calendar apps
read them.

What an event says is deliberately little, because the feed leaves the clinic (phone calendars,
cloud sync): no diagnosis, no condition, no notes in any event; a practitioner's feed names the
patient by initials only; a patient's feed names the practitioner and the room. Cancelled
appointments stay in the feed as STATUS:CANCELLED so calendar apps remove them.
"""

from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from sessions_app.models import Appointment, CalendarFeed

PAST_DAYS, FUTURE_DAYS = 60, 400
FETCHES_PER_WINDOW, WINDOW_SECONDS = 30, 600  # a calendar app polls every 5 to 60 minutes


def too_many_fetches(feed: CalendarFeed) -> bool:
    """At most FETCHES_PER_WINDOW fetches of one feed per window (a leaked URL is not a data tap)."""
    key = f"calendar-feed-fetches:{feed.pk}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key) > FETCHES_PER_WINDOW
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return False


def feed_appointments(feed: CalendarFeed) -> list[Appointment]:
    now = timezone.now()
    owner = {"practitioner_id": feed.practitioner_id} if feed.practitioner_id else {"patient_id": feed.patient_id}
    appointments = Appointment.objects.filter(**owner).between(
        now - timedelta(days=PAST_DAYS), now + timedelta(days=FUTURE_DAYS)
    )
    return list(appointments.select_related("patient", "practitioner__user", "location").order_by("starts_at"))


def _summary(appointment: Appointment, *, for_practitioner: bool) -> str:
    if for_practitioner:
        return _("Appointment: %(patient)s") % {"patient": appointment.patient_initials}
    return _("Acupuncture appointment with %(practitioner)s") % {"practitioner": appointment.practitioner}


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CLINIC_NAME}//Appointments//EN")
    calendar.add("version", "2.0")
    return calendar


def _event(appointment: Appointment, *, for_practitioner: bool) -> Event:
    domain = urlparse(settings.CLINIC_FHIR_BASE_URL).hostname or "clinic.invalid"
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@{domain}")
    event.add("dtstamp", appointment.updated_at)
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("sequence", appointment.version)
    event.add("summary", _summary(appointment, for_practitioner=for_practitioner))
    cancelled = appointment.status == Appointment.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if appointment.location_id:
        event.add("location", appointment.location.name)
    return event


def feed_ics(feed: CalendarFeed) -> bytes:
    calendar = _calendar()
    calendar.add("x-wr-calname", settings.CLINIC_NAME)
    for appointment in feed_appointments(feed):
        calendar.add_component(_event(appointment, for_practitioner=bool(feed.practitioner_id)))
    return calendar.to_ical()


def appointment_ics(appointment: Appointment) -> bytes:
    """One appointment, as the patient's calendar shows it: attached to reminders and notices."""
    calendar = _calendar()
    calendar.add("method", "CANCEL" if appointment.status == Appointment.Status.CANCELLED else "PUBLISH")
    calendar.add_component(_event(appointment, for_practitioner=False))
    return calendar.to_ical()
