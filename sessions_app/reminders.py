"""Follow-up reminders by e-mail: each follow-up is reminded at most once, however often this runs.

A reminder is claimed in the database (reminder_sent_at set by a conditional UPDATE) before the
e-mail goes out, so two overlapping cron runs cannot both send it; if sending fails, the claim is
released and the next run tries again. The e-mail holds the date and the clinic's name only: no
clinical detail travels by e-mail.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from patients.archive import not_archived
from patients.recipients import in_language_of
from sessions_app.models import FollowUp


@dataclass
class ReminderRun:
    sent: int = 0
    failed: int = 0
    skipped_no_email: int = 0


def due_for_reminder(day: date) -> QuerySet[FollowUp]:
    """Scheduled follow-ups due on `day`, not yet reminded, of active patients."""
    return (
        FollowUp.objects.scheduled()
        .filter(not_archived("patient__"), due_on=day, reminder_sent_at__isnull=True)
        .select_related("patient__user__preference")
        .order_by("pk")
    )


def send_claimed(rows: QuerySet, send: Callable[[Any], None], *, dry_run: bool = False) -> ReminderRun:
    """The claim-first loop shared by every reminder: each row of `rows` (with a patient and a
    `reminder_sent_at`) is claimed by a conditional UPDATE before `send(row)`, so overlapping runs
    never both send it; a failed send releases the claim for the next run."""
    run = ReminderRun()
    model = rows.model
    for row in rows:
        if not row.patient.email:
            run.skipped_no_email += 1
            continue
        if dry_run:
            run.sent += 1
            continue
        claimed = model.objects.filter(pk=row.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=timezone.now())
        if not claimed:
            continue  # another run got there first
        try:
            send(row)
        except Exception:  # noqa: BLE001 - any mail failure: release the claim, retry next run
            model.objects.filter(pk=row.pk).update(reminder_sent_at=None)
            run.failed += 1
        else:
            run.sent += 1
    return run


def send_followup_reminders(*, today: date | None = None, dry_run: bool = False) -> ReminderRun:
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    return send_claimed(due_for_reminder(tomorrow), _send, dry_run=dry_run)


def _send(followup: FollowUp) -> None:
    """In the patient's language (their saved choice, else the clinic's)."""
    context = {"followup": followup, "patient": followup.patient, "clinic_name": settings.CLINIC_NAME}
    with in_language_of(followup.patient.user):
        subject = render_to_string("sessions_app/email/followup_reminder_subject.txt", context).strip()
        body = render_to_string("sessions_app/email/followup_reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [followup.patient.email])
