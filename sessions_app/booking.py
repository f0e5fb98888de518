"""Appointments and calendar feeds: the writes. Each runs in one transaction: all of it or nothing.

A practitioner is never double-booked. `Appointment.clean()` refuses an overlap; to make that
check hold when two people book the same practitioner at the same moment, every write first locks
the practitioner's row (PostgreSQL: SELECT ... FOR UPDATE; SQLite serialises writers anyway), and
on PostgreSQL the exclusion constraint of migration 0003 refuses whatever slips past. Its
IntegrityError becomes the same ValidationError, so a person sees a message, never a 500.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.archive import RecordArchived, require_writable
from patients.concurrency import save_versioned
from patients.models import Patient
from sessions_app import opening_hours
from sessions_app.appointment_reminders import send_cancel_request, send_notice
from sessions_app.models import (
    AcupunctureSession,
    AdverseEvent,
    Appointment,
    CalendarFeed,
    FollowUp,
    Location,
    NeedleCount,
    Practitioner,
    TreatmentPlan,
    overlap_message,
)
from sessions_app.services import followup_schedule, session_log

Status = Appointment.Status

# Where each status may go from (cancelling has its own service: it needs a reason).
NEXT_STATUSES = {
    Status.BOOKED: {Status.ARRIVED, Status.NO_SHOW, Status.COMPLETED},
    Status.ARRIVED: {Status.COMPLETED, Status.NO_SHOW},
}


def _lock_practitioner(practitioner_id: int) -> None:
    list(Practitioner.objects.select_for_update().filter(pk=practitioner_id).values_list("pk", flat=True))


def _save_checked(appointment: Appointment, save) -> None:
    """Validate, then save; an overlap the database refuses is reported like the model's own check."""
    _lock_practitioner(appointment.practitioner_id)
    appointment.full_clean()
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        other = appointment.overlapping().select_related("patient").first()
        if other is None:
            raise
        raise ValidationError({"starts_at": overlap_message(other)}) from None


def _require_open_appointment(appointment: Appointment) -> None:
    require_writable(appointment.patient)
    if not appointment.is_open:
        raise ValidationError(
            _("This appointment is already %(status)s.") % {"status": appointment.get_status_display().lower()}
        )


@transaction.atomic
def appointment_book(
    *,
    patient: Patient,
    practitioner: Practitioner,
    starts_at: datetime,
    ends_at: datetime,
    location: Location | None = None,
) -> Appointment:
    require_writable(patient)
    appointment = Appointment(
        patient=patient, practitioner=practitioner, starts_at=starts_at, ends_at=ends_at, location=location
    )
    _save_checked(appointment, appointment.save)
    return appointment


@transaction.atomic
def appointment_reschedule(
    *,
    appointment: Appointment,
    expected_version: int,
    starts_at: datetime,
    ends_at: datetime,
    location: Location | None,
) -> Appointment:
    """Move an open appointment. Raises StaleEdit when it changed since the form was opened."""
    _require_open_appointment(appointment)
    moved = (appointment.starts_at, appointment.ends_at) != (starts_at, ends_at)
    appointment.starts_at, appointment.ends_at, appointment.location = starts_at, ends_at, location
    if moved:
        appointment.reminder_sent_at = None  # the new time gets its own reminder
    fields = ["starts_at", "ends_at", "location"]
    _save_checked(appointment, lambda: save_versioned(appointment, expected_version=expected_version, fields=fields))
    if moved:
        transaction.on_commit(lambda: send_notice(appointment, "moved"))
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, expected_version: int, reason: str) -> Appointment:
    _require_open_appointment(appointment)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the appointment is cancelled.")})
    appointment.status, appointment.cancel_reason = Status.CANCELLED, reason.strip()
    appointment.full_clean()
    save_versioned(appointment, expected_version=expected_version, fields=["status", "cancel_reason"])
    transaction.on_commit(lambda: send_notice(appointment, "cancelled"))
    return appointment


@transaction.atomic
def appointment_set_status(*, appointment: Appointment, expected_version: int, status: str) -> Appointment:
    """Arrived, no-show or completed. Raises StaleEdit when it changed since the page was shown."""
    require_writable(appointment.patient)
    if status not in NEXT_STATUSES.get(appointment.status, set()):
        raise ValidationError(
            _("This appointment is %(status)s: it cannot be marked %(new)s.")
            % {"status": appointment.get_status_display().lower(), "new": Status(status).label.lower()}
        )
    appointment.status = status
    appointment.full_clean()
    save_versioned(appointment, expected_version=expected_version, fields=["status"])
    return appointment


@transaction.atomic
def appointment_request_cancel(*, appointment: Appointment, link: str = "") -> Appointment:
    """The patient asks to cancel (at /me/); the clinic confirms by cancelling it with a reason.
    The practitioner is told by e-mail once (`link`: the appointment's page, to confirm there)."""
    appointment = (
        Appointment.objects.select_for_update().select_related("patient", "practitioner__user").get(pk=appointment.pk)
    )
    require_writable(appointment.patient)
    if appointment.status != Status.BOOKED or appointment.starts_at <= timezone.now():
        raise ValidationError(_("This appointment can no longer be cancelled here: please call the clinic."))
    if appointment.cancel_requested_at is None:
        appointment.cancel_requested_at = timezone.now()
        appointment.full_clean()
        save_versioned(appointment, expected_version=appointment.version, fields=["cancel_requested_at"])
        transaction.on_commit(lambda: send_cancel_request(appointment, link))
    return appointment


@transaction.atomic
def appointment_link_session(*, appointment: Appointment, session: AcupunctureSession) -> Appointment:
    """The visit logged for this appointment: linked to it, and the appointment completed."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    _require_open_appointment(appointment)
    if appointment.session_id is not None:
        raise ValidationError(_("A visit is already logged for this appointment."))
    appointment.session, appointment.status = session, Status.COMPLETED
    appointment.full_clean()
    save_versioned(appointment, expected_version=appointment.version, fields=["session", "status"])
    return appointment


@transaction.atomic
def appointment_visit_log(
    *, appointment: Appointment | None, followup_slot: datetime | None = None, **session_kwargs
) -> AcupunctureSession:
    """`services.session_log`, and when the visit was started from an appointment, the link to it;
    with `followup_slot`, the next follow-up's appointment booked at that time, all or nothing."""
    session = session_log(**session_kwargs)
    if appointment is not None:
        if appointment.patient_id != session.patient_id:
            raise ValidationError(_("This appointment belongs to another patient."))
        appointment_link_session(appointment=appointment, session=session)
    if followup_slot is not None:
        followup = session.followups.get()  # the one this visit scheduled or moved
        try:
            followup_book(followup=followup, practitioner=session.practitioner, starts_at=followup_slot)
        except RecordArchived:
            raise
        except ValidationError as error:
            raise ValidationError({"followup_slot": error.messages}) from None
    return session


@transaction.atomic
def followup_schedule_booked(
    *, patient: Patient, details: dict, practitioner: Practitioner | None, slot: datetime | None
) -> FollowUp:
    """`services.followup_schedule`, and its appointment at `slot` when one was chosen: both or neither."""
    followup = followup_schedule(patient=patient, details=details)
    if slot is not None:
        if practitioner is None:
            raise ValidationError({"followup_slot": _("Choose the practitioner's calendar to book it.")})
        try:
            followup_book(followup=followup, practitioner=practitioner, starts_at=slot)
        except RecordArchived:
            raise
        except ValidationError as error:
            raise ValidationError({"followup_slot": error.messages}) from None
        followup.refresh_from_db()
    return followup


@transaction.atomic
def followup_book(
    *,
    followup: FollowUp,
    practitioner: Practitioner,
    starts_at: datetime,
    expected_version: int | None = None,
    minutes: int | None = None,
) -> Appointment:
    """Fulfil a scheduled follow-up by an appointment (one slot long unless `minutes`), linked to it.
    Raises StaleEdit when the follow-up changed since the page was shown (`expected_version`)."""
    # of=self: PostgreSQL cannot lock the nullable side of the outer join to the appointment.
    followup = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("patient", "appointment").get(pk=followup.pk)
    )
    require_writable(followup.patient)
    if followup.status != FollowUp.Status.SCHEDULED:
        raise ValidationError(
            _("This follow-up is already %(status)s.") % {"status": followup.get_status_display().lower()}
        )
    if followup.booked_appointment is not None:
        when = timezone.localtime(followup.booked_appointment.starts_at).strftime("%Y-%m-%d %H:%M")
        raise ValidationError(_("This follow-up is already booked for %(time)s.") % {"time": when})
    length = timedelta(minutes=minutes or opening_hours.slot_minutes())
    appointment = appointment_book(
        patient=followup.patient, practitioner=practitioner, starts_at=starts_at, ends_at=starts_at + length
    )
    followup.appointment = appointment
    followup.full_clean()
    version = followup.version if expected_version is None else expected_version
    save_versioned(followup, expected_version=version, fields=["appointment"])
    return appointment


@dataclass
class Series:
    booked: list[Appointment] = field(default_factory=list)
    skipped: list[datetime] = field(default_factory=list)  # times the practitioner was already booked


@transaction.atomic
def appointment_series_book(
    *,
    plan: TreatmentPlan,
    practitioner: Practitioner,
    first_starts_at: datetime,
    minutes: int,
    count: int,
    location: Location | None = None,
) -> Series:
    """A course: `count` weekly appointments at the same local wall-clock time (09:00 stays 09:00
    across a daylight-saving change), skipping and listing the weeks the practitioner is taken."""
    require_writable(plan.patient)
    if plan.status != TreatmentPlan.Status.ACTIVE:
        raise ValidationError(_("Only an active treatment plan can be booked as a course."))
    _lock_practitioner(practitioner.pk)
    first = timezone.localtime(first_starts_at)
    series = Series()
    for week in range(count):
        day = first.date() + timedelta(weeks=week)
        starts_at = datetime.combine(day, first.time(), tzinfo=first.tzinfo)
        candidate = Appointment(
            patient=plan.patient, practitioner=practitioner, location=location,
            starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes),
        )  # fmt: skip
        if candidate.overlapping().exists():
            series.skipped.append(starts_at)
            continue
        _save_checked(candidate, candidate.save)
        series.booked.append(candidate)
    return series


# --- needle safety in the room -------------------------------------------------------------------


def needles_inserted(session: AcupunctureSession) -> int:
    """Insertions from the points and sides (a bilateral point is two needles)."""
    return sum(point.insertions for point in session.session_points.all())


@transaction.atomic
def visit_close(
    *, session: AcupunctureSession, removed: int, note: str, severity: str, confirmed_by: AbstractBaseUser
) -> NeedleCount:
    """Confirm the needles removed. A mismatch needs a note and is recorded as an adverse event."""
    require_writable(session.patient)
    if session.is_archived:
        raise ValidationError(_("This session is archived and can no longer be changed."))
    session = AcupunctureSession.objects.select_for_update().get(pk=session.pk)
    if NeedleCount.objects.filter(session=session).exists():
        raise ValidationError(_("The needle count of this visit is already confirmed."))
    count = NeedleCount(
        session=session, inserted=needles_inserted(session), removed=removed, note=note.strip(),
        confirmed_by=confirmed_by,
    )  # fmt: skip
    count.full_clean()
    count.save()
    if not count.matches:
        event = AdverseEvent(
            session=session, kind=AdverseEvent.Kind.OTHER, severity=severity,
            notes=_("Needle count mismatch: %(inserted)d inserted, %(removed)d removed. %(note)s")
            % {"inserted": count.inserted, "removed": count.removed, "note": count.note},
        )  # fmt: skip
        event.full_clean()
        event.save()
    return count


# --- calendar feeds ----------------------------------------------------------------------------


def _owner(practitioner: Practitioner | None, patient: Patient | None) -> dict:
    if (practitioner is None) == (patient is None):
        raise ValueError("A feed belongs to one practitioner or one patient.")
    return {"practitioner": practitioner} if practitioner is not None else {"patient": patient}


@transaction.atomic
def calendar_feed_revoke(*, practitioner: Practitioner | None = None, patient: Patient | None = None) -> int:
    """The live feed's URL stops working (404). Returns how many feeds were revoked (0 or 1)."""
    owner = _owner(practitioner, patient)
    live = CalendarFeed.objects.select_for_update().filter(revoked_at__isnull=True, **owner)
    count = 0
    for feed in live:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        count += 1
    return count


@transaction.atomic
def calendar_feed_issue(*, practitioner: Practitioner | None = None, patient: Patient | None = None) -> CalendarFeed:
    """A new secret URL; the previous one, if any, is revoked."""
    owner = _owner(practitioner, patient)
    calendar_feed_revoke(**owner)
    feed = CalendarFeed(token=secrets.token_urlsafe(32), **owner)
    feed.full_clean()
    feed.save()
    return feed
