"""Appointment e-mails: a reminder the day before (once per appointment), a notice when one is
moved or cancelled. Each carries the appointment as an .ics attachment.

The reminder follows the follow-up reminders' claim-first pattern (sessions_app/reminders.py):
`reminder_sent_at` is set by a conditional UPDATE before the e-mail goes out, so overlapping runs
cannot both send it, and released if sending fails. "Tomorrow" is the clinic's tomorrow
(settings.TIME_ZONE), from local midnight to local midnight. Moving an appointment clears the
claim, so the new time is reminded too. No clinical detail travels by e-mail: the time, the
practitioner, the room and the clinic's name.
"""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from patients.archive import not_archived
from patients.recipients import in_language_of
from sessions_app.agenda import day_bounds
from sessions_app.feeds import appointment_ics
from sessions_app.models import Appointment
from sessions_app.reminders import ReminderRun, send_claimed

logger = logging.getLogger(__name__)


def due_for_reminder(day: date) -> QuerySet[Appointment]:
    start, end = day_bounds(day)
    return (
        Appointment.objects.filter(
            not_archived("patient__"),
            status=Appointment.Status.BOOKED,
            starts_at__gte=start,
            starts_at__lt=end,
            reminder_sent_at__isnull=True,
        )
        .select_related("patient__user__preference", "practitioner__user", "location")
        .order_by("pk")
    )


def send_appointment_reminders(*, today: date | None = None, dry_run: bool = False) -> ReminderRun:
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    return send_claimed(due_for_reminder(tomorrow), lambda appointment: _send(appointment, "reminder"), dry_run=dry_run)


def send_notice(appointment: Appointment, kind: str) -> None:
    """'moved' or 'cancelled', after the change is committed. A mail failure is logged, never raised:
    the change itself is saved and shown to the person who made it."""
    if not appointment.patient.email or appointment.patient.is_archived:
        return
    try:
        _send(appointment, kind)
    except Exception:  # noqa: BLE001
        logger.exception("Could not send the %s notice of appointment %s", kind, appointment.pk)


def _send(appointment: Appointment, kind: str) -> None:
    context = {
        "appointment": appointment,
        "patient": appointment.patient,
        "kind": kind,
        "clinic_name": settings.CLINIC_NAME,
    }
    with in_language_of(appointment.patient.user):  # the patient's language, the calendar entry's too
        subject = render_to_string("sessions_app/email/appointment_subject.txt", context).strip()
        body = render_to_string("sessions_app/email/appointment.txt", context)
        calendar = appointment_ics(appointment)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [appointment.patient.email])
    message.attach("appointment.ics", calendar, "text/calendar")
    message.send()


def send_cancel_request(appointment: Appointment, link: str) -> None:
    """Tell the practitioner that the patient asked (at /me/) to cancel: initials, time and the link to
    confirm, nothing clinical. After the request is committed; a mail failure is logged, never raised
    (the request is saved and shows on the calendar)."""
    address = appointment.practitioner.user.email
    if not address:
        return
    context = {"appointment": appointment, "link": link, "clinic_name": settings.CLINIC_NAME}
    try:
        subject = render_to_string("sessions_app/email/cancel_request_subject.txt", context).strip()
        body = render_to_string("sessions_app/email/cancel_request.txt", context)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
    except Exception:  # noqa: BLE001
        logger.exception("Could not send the cancel request of appointment %s", appointment.pk)
