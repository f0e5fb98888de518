"""Writes that touch several models. Each runs in one transaction: all of it or nothing."""

from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from patients.archive import require_restorable, require_writable
from patients.concurrency import bump_version, save_checked, save_versioned
from patients.models import AssessmentSource, PainAssessment, PainRegionScore, Patient
from sessions_app.models import (
    AcupunctureSession,
    AdverseEvent,
    FollowUp,
    PointPrescription,
    Practitioner,
    PrescriptionPoint,
    ReferralLetter,
    SessionPoint,
    TreatmentPlan,
)
from sessions_app.point_entry import PointEntry


def licence_refusal(practitioner: Practitioner, day: date | None = None) -> str | None:
    """Why this practitioner may not log a session today, or None."""
    day = day or timezone.localdate()
    if practitioner.license_valid_on(day):
        return None
    return _(
        "Your licence (%(number)s) expired on %(day)s, so new sessions cannot be logged. "
        "Ask a clinic admin to record your renewed licence."
    ) % {"number": practitioner.license_number, "day": date_format(practitioner.license_expires)}


def _refuse_date_outside_licence(session: AcupunctureSession, started_at) -> None:
    """A correction may not move a session to a day the practitioner's licence did not cover (else
    an expired licence could still put a session on today's date by editing an old one). A
    session left on its own day stays correctable, whatever the licence says today."""
    if started_at is None:
        return
    day = timezone.localdate(started_at)
    # The stored date: a ModelForm has already copied the new one onto the instance.
    stored = AcupunctureSession.objects.filter(pk=session.pk).values_list("started_at", flat=True).first()
    if (stored and day == timezone.localdate(stored)) or session.practitioner.license_valid_on(day):
        return
    raise ValidationError(
        {
            "started_at": _("The licence (%(number)s) expired on %(expired)s: a session cannot be dated after that.")
            % {
                "number": session.practitioner.license_number,
                "expired": date_format(session.practitioner.license_expires),
            }
        }
    )


@transaction.atomic
def session_log(
    *,
    patient: Patient,
    practitioner: Practitioner,
    recorded_by: AbstractBaseUser,
    details: dict,
    points: list[PointEntry],
    pre_nrs: int | None = None,
    post_nrs: int | None = None,
    adverse_events: Iterable[dict] = (),
    followup: dict | None = None,
    move_followup: FollowUp | None = None,
    move_version: int | None = None,
    regions: Sequence[tuple[str, str, int]] = (),
) -> AcupunctureSession:
    """Log a whole visit: the session, its points, pain before/after with the pain map marked before
    needling ((region, side, intensity) rows, kept with the pre-needling score), adverse events and
    the next follow-up. All of it or nothing: a refused region score leaves no session behind.

    The next follow-up is added, unless `move_followup` (the patient's scheduled one, at
    `move_version`) is given: then that one moves to the new date instead (never a silent second
    one). Raises StaleEdit when it changed meanwhile; nothing of the visit is written then."""
    if regions and pre_nrs is None:
        raise ValidationError({"pre_nrs": _("Give the pain score before needling with the pain map.")})
    require_writable(patient)
    refusal = licence_refusal(practitioner)
    if refusal:
        raise ValidationError(refusal)
    _lock_diaries(practitioner, patient)
    plan = patient.plans.filter(status=TreatmentPlan.Status.ACTIVE).first()
    session = AcupunctureSession(patient=patient, practitioner=practitioner, plan=plan, **details)
    save_checked(session)
    _add_points(session, points)
    pain = _record_pain(
        session, recorded_by, {AssessmentSource.PRE_SESSION: pre_nrs, AssessmentSource.POST_SESSION: post_nrs}
    )
    for region, side, intensity in regions:
        _save(
            PainRegionScore(
                assessment=pain[AssessmentSource.PRE_SESSION], region=region, side=side, intensity=intensity
            )
        )
    for event in adverse_events:
        _save(AdverseEvent(session=session, **event))
    if followup and move_followup is not None:
        _followup_move(move_followup, expected_version=move_version, session=session, details=followup)
    elif followup:
        _save(FollowUp(patient=patient, session=session, **followup))
    return session


def _followup_move(followup: FollowUp, *, expected_version: int | None, session: AcupunctureSession, details: dict):
    """The scheduled follow-up now follows this visit: its new date, and the new advice when given."""
    if followup.patient_id != session.patient_id or followup.status != FollowUp.Status.SCHEDULED:
        raise ValidationError({"followup_due_on": _("That follow-up is no longer scheduled: choose again.")})
    booked = followup.booked_appointment
    if booked is not None and details["due_on"] != followup.due_on:
        # Its appointment would keep the old time: the patient would come on a day the record no longer says.
        when = date_format(timezone.localtime(booked.starts_at), "DATETIME_FORMAT")
        raise ValidationError(
            {
                "followup_existing": _(
                    "The follow-up already scheduled is booked for %(when)s: keep it and add another, or move "
                    "its appointment on the calendar first."
                )
                % {"when": when}
            }
        )
    followup.due_on, followup.session = details["due_on"], session
    fields = ["due_on", "session"]
    for field in ("aftercare", "exercises"):
        if details.get(field):
            setattr(followup, field, details[field])
            fields.append(field)
    followup.full_clean()
    save_versioned(followup, expected_version=expected_version or 0, fields=fields)


@transaction.atomic
def session_update(
    *,
    session: AcupunctureSession,
    expected_version: int,
    recorded_by: AbstractBaseUser,
    details: dict,
    points: list[PointEntry],
    pre_nrs: int | None = None,
    post_nrs: int | None = None,
    adverse_events: Iterable[dict] = (),
) -> AcupunctureSession:
    """Correct a session. Raises StaleEdit when someone else saved it first (nothing is written)."""
    require_writable(session)
    _lock_diaries(session.practitioner, session.patient)
    _refuse_date_outside_licence(session, details.get("started_at"))
    for field, value in details.items():
        setattr(session, field, value)
    session.full_clean()
    save_versioned(session, expected_version=expected_version, fields=list(details))
    _replace_points(session, points)
    _record_pain(session, recorded_by, {AssessmentSource.PRE_SESSION: pre_nrs, AssessmentSource.POST_SESSION: post_nrs})
    for event in adverse_events:
        _save(AdverseEvent(session=session, **event))
    return session


@transaction.atomic
def adverse_event_correct(*, event: AdverseEvent, expected_version: int, fields: list[str]) -> AdverseEvent:
    """Save an adverse event corrected in a form (already copied onto it). Raises StaleEdit when
    someone saved it since the form was opened, RecordArchived when its session or patient is archived."""
    require_writable(event)
    event.full_clean()
    save_versioned(event, expected_version=expected_version, fields=fields)
    return event


@transaction.atomic
def session_archive(*, session: AcupunctureSession) -> None:
    """Entered in error: hidden from counts and lists, kept in the record and its history.

    Raises RecordArchived when the session, or its patient, is archived already.
    """
    require_writable(session)
    session.archived_at = timezone.now()
    bump_version(session)
    session.full_clean()
    session.save(update_fields=["archived_at", "version", "updated_at"])


@transaction.atomic
def session_restore(*, session: AcupunctureSession) -> None:
    """Count an archived session again; refused (RecordArchived) while its patient is archived."""
    require_restorable(session)
    if session.is_archived:
        session.archived_at = None
        bump_version(session)
        session.full_clean()
        session.save(update_fields=["archived_at", "version", "updated_at"])


def _save(instance) -> None:
    save_checked(instance)


def _lock_diaries(practitioner: Practitioner, patient: Patient) -> None:
    """Serialise the visits of one practitioner and of one patient, so that the overlap check in
    `full_clean()` sees every visit committed before this one (always practitioner first, then
    patient: two writers never wait for each other in a circle). On SQLite every writing
    transaction is serialised already (`transaction_mode` IMMEDIATE in the settings)."""
    list(Practitioner.objects.select_for_update().filter(pk=practitioner.pk).values_list("pk"))
    list(Patient.objects.select_for_update().filter(pk=patient.pk).values_list("pk"))


def _add_points(session: AcupunctureSession, points: Iterable[PointEntry]) -> None:
    for entry in points:
        _save(
            SessionPoint(
                session=session,
                acupoint=entry.acupoint,
                side=entry.side,
                vertebral_level=entry.vertebral_level,
                depth_mm=entry.depth_mm,
            )
        )


def _replace_points(session: AcupunctureSession, points: list[PointEntry]) -> None:
    """Keep unchanged rows, update changed ones, remove dropped ones (history keeps them all)."""
    wanted = {entry.key: entry for entry in points}
    for row in session.session_points.select_related("acupoint"):
        entry = wanted.pop((row.acupoint.code, row.vertebral_level), None)
        if entry is None:
            row.delete()
        elif (row.side, row.depth_mm) != (entry.side, entry.depth_mm):
            row.side, row.depth_mm = entry.side, entry.depth_mm
            _save(row)
    _add_points(session, wanted.values())


def _record_pain(
    session: AcupunctureSession, user: AbstractBaseUser, scores: dict[str, int | None]
) -> dict[str, PainAssessment]:
    """The session's pain before and after needling, created or corrected; returns them by source."""
    times = {AssessmentSource.PRE_SESSION: session.started_at, AssessmentSource.POST_SESSION: session.ends_at}
    existing = {a.source: a for a in session.assessments.all()}
    for source, nrs in scores.items():
        assessment = existing.get(source)
        if nrs is None:
            continue
        if assessment is None:
            assessment = PainAssessment(patient=session.patient, session=session, source=source, recorded_by=user)
            existing[source] = assessment
        elif (assessment.nrs, assessment.assessed_at) == (nrs, times[source]):
            continue
        else:
            bump_version(assessment)  # a pain-score form opened before this is refused as stale
        assessment.nrs, assessment.assessed_at = nrs, times[source]
        _save(assessment)
    return existing


# --- plans and follow-ups ----------------------------------------------------------------------


@transaction.atomic
def plan_create(*, patient: Patient, practitioner: Practitioner | None, details: dict) -> TreatmentPlan:
    require_writable(patient)
    plan = TreatmentPlan(patient=patient, practitioner=practitioner, **details)
    _save(plan)
    return plan


@transaction.atomic
def plan_update(*, plan: TreatmentPlan, expected_version: int, fields: list[str]) -> TreatmentPlan:
    """Save a plan edited in a form (already validated). Raises StaleEdit."""
    require_writable(plan)
    plan.full_clean()
    save_versioned(plan, expected_version=expected_version, fields=fields)
    return plan


@transaction.atomic
def followup_schedule(*, patient: Patient, details: dict) -> FollowUp:
    require_writable(patient)
    followup = FollowUp(patient=patient, **details)
    _save(followup)
    return followup


@transaction.atomic
def followup_set_status(*, followup: FollowUp, status: str, expected_version: int) -> FollowUp:
    """Close a scheduled follow-up. Raises StaleEdit when it changed since the page was shown."""
    require_writable(followup)
    if followup.status != FollowUp.Status.SCHEDULED:
        raise ValidationError(
            _("This follow-up is already %(status)s.") % {"status": followup.get_status_display().lower()}
        )
    followup.status = status
    followup.full_clean()
    save_versioned(followup, expected_version=expected_version, fields=["status"])
    return followup


# --- prescriptions (a practitioner's own templates, not clinical records) ----------------------


@transaction.atomic
def prescription_save(
    *, practitioner: Practitioner, name: str, points: list[PointEntry], prescription: PointPrescription | None = None
) -> PointPrescription:
    prescription = prescription or PointPrescription(practitioner=practitioner)
    if prescription.practitioner_id != practitioner.pk:
        raise ValidationError(_("This prescription belongs to another practitioner."))
    prescription.name = name
    _save(prescription)
    prescription.items.all().delete()
    for entry in points:
        _save(PrescriptionPoint(prescription=prescription, acupoint=entry.acupoint, side=entry.side))
    return prescription


@transaction.atomic
def prescription_retire(*, prescription: PointPrescription) -> PointPrescription:
    """ "Delete": out of the lists and the session form, kept (points and all) so it can be undone."""
    if prescription.plans.exists():
        raise ValidationError(
            _("This prescription is the point plan of a treatment plan: choose another one in the plan first.")
        )
    if prescription.retired_at is None:
        prescription.retired_at = timezone.now()
        bump_version(prescription)
        save_checked(prescription)
    return prescription


@transaction.atomic
def letter_write(*, patient: Patient, details: dict, written_by: AbstractBaseUser) -> ReferralLetter:
    """Keep a referral letter's recipient and message; refused for an archived record."""
    require_writable(patient)
    letter = ReferralLetter(patient=patient, written_by=written_by, **details)
    letter.full_clean()
    letter.save()
    return letter
