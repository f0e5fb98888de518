"""Writes on patient records. Keyword-only, one transaction each, validated before saving."""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.archive import require_writable
from patients.concurrency import bump_version, save_checked, save_versioned
from patients.models import (
    AssessmentSource,
    InstrumentText,
    PainAssessment,
    PainRegionScore,
    Patient,
    QuestionnaireResponse,
    UserPreference,
)


@transaction.atomic
def patient_create(*, patient: Patient, recorded_by: AbstractBaseUser, baseline_nrs: int | None = None) -> Patient:
    """Register a patient (from a validated form); a pain score given at intake becomes the baseline."""
    save_checked(patient)
    if baseline_nrs is not None:
        assessment_record(patient=patient, recorded_by=recorded_by, nrs=baseline_nrs, notes=_("Intake"))
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, expected_version: int, fields: list[str]) -> Patient:
    """Save an edited patient. Raises StaleEdit when someone saved in between (nothing written)."""
    require_writable(patient)
    patient.full_clean()
    save_versioned(patient, expected_version=expected_version, fields=fields)
    return patient


@transaction.atomic
def patient_archive(*, patient: Patient) -> Patient:
    """Hide a patient from lists and freeze the record; nothing is deleted. Raises RecordArchived
    when it is archived already. Saved through the model: the history keeps who and when; the
    version moves on, so a form opened before is refused."""
    require_writable(patient)
    patient.archived_at = timezone.now()
    bump_version(patient)
    patient.save(update_fields=["archived_at", "version", "updated_at"])
    return patient


@transaction.atomic
def patient_restore(*, patient: Patient) -> Patient:
    """The one write allowed on an archived record."""
    if patient.is_archived:
        patient.archived_at = None
        bump_version(patient)
        patient.save(update_fields=["archived_at", "version", "updated_at"])
    return patient


@transaction.atomic
def assessment_record(
    *,
    patient: Patient,
    recorded_by: AbstractBaseUser,
    nrs: int,
    assessed_at=None,
    notes: str = "",
    regions: Sequence[tuple[str, str, int]] = (),
) -> PainAssessment:
    """A clinician's pain score and its pain map ((region, side, intensity) rows): all or nothing."""
    require_writable(patient)
    assessment = PainAssessment(
        patient=patient,
        nrs=nrs,
        source=AssessmentSource.CLINICIAN,
        assessed_at=assessed_at or timezone.now(),
        recorded_by=recorded_by,
        notes=notes,
    )
    save_checked(assessment)
    for region, side, intensity in regions:
        save_checked(PainRegionScore(assessment=assessment, region=region, side=side, intensity=intensity))
    return assessment


@transaction.atomic
def questionnaire_record(
    *,
    patient: Patient,
    recorded_by: AbstractBaseUser,
    instrument: str,
    answers: list[int | None],
    text: InstrumentText | None = None,
    activities: list[str] | None = None,
) -> QuestionnaireResponse:
    """Store a completed questionnaire; its score is derived from the answers on save.

    `text`: the loaded text the patient answered; None for the paper form (no language or version kept).
    `activities`: the PSFS activities the patient named, one per rating slot.
    """
    require_writable(patient)
    response = QuestionnaireResponse(
        patient=patient,
        instrument=instrument,
        answers=answers,
        activities=activities or [],
        completed_at=timezone.now(),
        recorded_by=recorded_by,
        language=text.language if text else "",
        text_version=text.version if text else "",
    )
    save_checked(response)
    return response


@transaction.atomic
def questionnaire_correct(
    *, response: QuestionnaireResponse, expected_version: int, answers: list[int | None]
) -> QuestionnaireResponse:
    """Correct a saved response's answers; the score follows from them on save. Raises StaleEdit when
    someone saved it since the form was opened, RecordArchived when the patient is archived."""
    require_writable(response)
    response.answers = answers
    response.full_clean()
    save_versioned(response, expected_version=expected_version, fields=["answers"])
    return response


@transaction.atomic
def assessment_correct(*, assessment: PainAssessment, expected_version: int, fields: list[str]) -> PainAssessment:
    """Save a pain score corrected in a form (already copied onto it). Raises StaleEdit, RecordArchived."""
    require_writable(assessment)
    assessment.full_clean()
    save_versioned(assessment, expected_version=expected_version, fields=fields)
    return assessment


@transaction.atomic
def preference_set_language(*, user: AbstractBaseUser, language: str) -> UserPreference:
    """Remember the language a signed-in user picked, so that the next sign-in opens in it."""
    preference = UserPreference.objects.select_for_update().filter(user=user).first() or UserPreference(user=user)
    preference.language = language
    preference.full_clean()
    preference.save()
    return preference
