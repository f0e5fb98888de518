"""Writes on patient records. Keyword-only, one transaction each, validated before saving."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.concurrency import save_versioned
from patients.models import AssessmentSource, InstrumentText, PainAssessment, Patient, QuestionnaireResponse


def _require_open(patient: Patient) -> None:
    if patient.is_archived:
        raise ValidationError(_("This patient's record is archived: restore it before changing it."))


@transaction.atomic
def patient_create(*, patient: Patient, recorded_by: AbstractBaseUser, baseline_nrs: int | None = None) -> Patient:
    """Register a patient (from a validated form); a pain score given at intake becomes the baseline."""
    patient.full_clean()
    patient.save()
    if baseline_nrs is not None:
        assessment_record(patient=patient, recorded_by=recorded_by, nrs=baseline_nrs, notes=_("Intake"))
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, expected_version: int, fields: list[str]) -> Patient:
    """Save an edited patient. Raises StaleEdit when someone saved in between (nothing written)."""
    _require_open(patient)
    patient.full_clean()
    save_versioned(patient, expected_version=expected_version, fields=fields)
    return patient


@transaction.atomic
def patient_archive(*, patient: Patient) -> Patient:
    """Hide a patient from lists and freeze the record; nothing is deleted."""
    if not patient.is_archived:
        patient.archived_at = timezone.now()
        patient.save(update_fields=["archived_at", "updated_at"])
    return patient


@transaction.atomic
def patient_restore(*, patient: Patient) -> Patient:
    if patient.is_archived:
        patient.archived_at = None
        patient.save(update_fields=["archived_at", "updated_at"])
    return patient


@transaction.atomic
def assessment_record(
    *,
    patient: Patient,
    recorded_by: AbstractBaseUser,
    nrs: int,
    assessed_at=None,
    notes: str = "",
) -> PainAssessment:
    _require_open(patient)
    assessment = PainAssessment(
        patient=patient,
        nrs=nrs,
        source=AssessmentSource.CLINICIAN,
        assessed_at=assessed_at or timezone.now(),
        recorded_by=recorded_by,
        notes=notes,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def questionnaire_record(
    *,
    patient: Patient,
    recorded_by: AbstractBaseUser,
    instrument: str,
    answers: list[int | None],
    text: InstrumentText | None = None,
) -> QuestionnaireResponse:
    """Store a completed questionnaire; its score is derived from the answers on save.

    `text`: the loaded text the patient answered; None for the paper form (no language or version kept).
    """
    _require_open(patient)
    response = QuestionnaireResponse(
        patient=patient,
        instrument=instrument,
        answers=answers,
        completed_at=timezone.now(),
        recorded_by=recorded_by,
        language=text.language if text else "",
        text_version=text.version if text else "",
    )
    response.full_clean()
    response.save()
    return response
