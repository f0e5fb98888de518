"""Writes behind the patient portal: self-reports, assigned questionnaires, portal invitations."""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from patients.archive import require_writable
from patients.concurrency import save_checked, save_versioned
from patients.instruments import no_text_message, patient_language, text_for
from patients.models import AssessmentSource, InstrumentText, PainAssessment, Patient, QuestionnaireResponse
from patients.permissions import PATIENTS_GROUP


@transaction.atomic
def self_report_save(*, patient: Patient, nrs: int, notes: str, user: User) -> PainAssessment:
    """Today's self-reported pain: created once a day, then updated in place for the rest of that day."""
    require_writable(patient)
    # The patient's row is the lock: two reports of one patient (two tabs, parallel posts) run one
    # after the other, so the second finds and updates the report the first created.
    list(Patient.objects.select_for_update().filter(pk=patient.pk).values_list("pk"))
    today = timezone.localdate()
    assessment = PainAssessment.objects.filter(patient=patient, reported_on=today).first()
    if assessment is None:
        assessment = PainAssessment(patient=patient, source=AssessmentSource.SELF_REPORT, reported_on=today)
    assessment.nrs = nrs
    assessment.notes = notes
    assessment.assessed_at = timezone.now()
    assessment.recorded_by = user
    save_checked(assessment)
    return assessment


@transaction.atomic
def questionnaire_assign(*, patient: Patient, instrument: str, assigned_by: User) -> QuestionnaireResponse:
    """A questionnaire waiting for the patient to fill it in online (completed_at stays null)."""
    require_writable(patient)
    text = text_for(instrument, patient_language(patient))
    if text is None:  # never sent to a patient without a text in their language
        raise ValidationError(no_text_message(instrument, patient_language(patient)))
    response = QuestionnaireResponse(
        patient=patient,
        instrument=instrument,
        answers=[],
        completed_at=None,
        recorded_by=assigned_by,
        language=text.language,
        text_version=text.version,
    )
    save_checked(response)  # one pending per instrument: the constraint questionnaire_one_pending_per_instrument
    return response


@transaction.atomic
def questionnaire_complete(
    *,
    response: QuestionnaireResponse,
    answers: list[int | None],
    expected_version: int,
    user: User,
    text: InstrumentText,
) -> QuestionnaireResponse:
    """The patient's answers to an assigned questionnaire, in `text`; the score follows from them on save."""
    require_writable(response)
    if response.completed_at is not None:
        raise ValidationError(_("This questionnaire has already been completed."))
    response.answers = answers
    response.completed_at = timezone.now()
    response.recorded_by = user
    response.language, response.text_version = text.language, text.version
    response.full_clean()
    save_versioned(response, expected_version=expected_version, fields=["answers", "completed_at"])
    return response


@transaction.atomic
def questionnaire_save_draft(
    *, response: QuestionnaireResponse, answers: list[int | None], expected_version: int, user: User
) -> QuestionnaireResponse:
    """The patient's answers so far, to finish later: the questionnaire keeps waiting, with no score."""
    require_writable(response)
    if response.completed_at is not None:
        raise ValidationError(_("This questionnaire has already been completed."))
    response.answers = answers
    response.recorded_by = user
    response.full_clean()
    save_versioned(response, expected_version=expected_version, fields=["answers"])
    return response


@transaction.atomic
def patient_invite(*, patient: Patient, email: str) -> User:
    """Create the patient's portal account (no usable password) and link it to the record.

    The patient then chooses a password through the link `send_invitation` mails: nobody else ever
    types or sees it.
    """
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    require_writable(patient)
    if patient.user_id is not None:
        raise ValidationError(_("This patient already has a portal account."))
    user = User(username=email, email=email, first_name=patient.first_name, last_name=patient.last_name)
    user.set_unusable_password()
    save_checked(user)
    user.groups.add(Group.objects.get(name=PATIENTS_GROUP))
    patient.user = user
    if not patient.email:
        patient.email = email
    patient.version += 1  # an edit form opened before the invitation must not overwrite the link
    patient.full_clean()
    patient.save()
    return user


def send_invitation(*, user: User, domain: str, use_https: bool) -> None:
    """Mail a set-your-password link, through Django's password-reset tokens and confirm view."""
    context = {
        "email": user.email,
        "user": user,
        "username": user.get_username(),
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    PasswordResetForm().send_mail(
        subject_template_name="registration/patient_invite_subject.txt",
        email_template_name="registration/patient_invite_email.txt",
        context=context,
        from_email=None,
        to_email=user.email,
    )
