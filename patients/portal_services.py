"""Writes behind the patient portal: self-reports, assigned questionnaires, portal invitations."""

from collections.abc import Sequence

from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from patients.archive import require_writable
from patients.concurrency import bump_version, save_checked, save_versioned
from patients.instruments import no_text_message, patient_language, text_for
from patients.models import (
    AssessmentSource,
    InstrumentText,
    PainAssessment,
    PainRegionScore,
    Patient,
    QuestionnaireResponse,
)
from patients.permissions import PATIENTS_GROUP
from patients.recipients import in_language_of


@transaction.atomic
def self_report_save(
    *, patient: Patient, nrs: int, notes: str, user: User, regions: Sequence[tuple[str, str, int]] | None = None
) -> PainAssessment:
    """Today's self-reported pain: created once a day, then updated in place for the rest of that day.

    `regions`: the map marked with it ((region, side, intensity) rows), or None when the post carried
    no map (the score alone). A region marked earlier today and left out now is kept at 0: it no
    longer hurts, and nothing recorded is deleted."""
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
    if regions is not None:
        _replace_region_scores(assessment, regions)
    return assessment


def _replace_region_scores(assessment: PainAssessment, regions: Sequence[tuple[str, str, int]]) -> None:
    wanted = {(region, side): intensity for region, side, intensity in regions}
    for score in assessment.region_scores.all():
        intensity = wanted.pop((score.region, score.side), 0)
        if score.intensity != intensity:
            score.intensity = intensity
            save_checked(score)
    for (region, side), intensity in wanted.items():
        save_checked(PainRegionScore(assessment=assessment, region=region, side=side, intensity=intensity))


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
    activities: list[str] | None = None,
) -> QuestionnaireResponse:
    """The patient's answers to an assigned questionnaire, in `text`; the score follows from them on save.
    `activities`: the PSFS activities the patient named, one per rating slot."""
    require_writable(response)
    if response.completed_at is not None:
        raise ValidationError(_("This questionnaire has already been completed."))
    response.answers = answers
    response.activities = activities or []
    response.completed_at = timezone.now()
    response.recorded_by = user
    response.language, response.text_version = text.language, text.version
    response.full_clean()
    save_versioned(response, expected_version=expected_version, fields=["answers", "activities", "completed_at"])
    return response


@transaction.atomic
def questionnaire_save_draft(
    *,
    response: QuestionnaireResponse,
    answers: list[int | None],
    expected_version: int,
    user: User,
    activities: list[str] | None = None,
) -> QuestionnaireResponse:
    """The patient's answers so far, to finish later: the questionnaire keeps waiting, with no score."""
    require_writable(response)
    if response.completed_at is not None:
        raise ValidationError(_("This questionnaire has already been completed."))
    response.answers = answers
    response.activities = activities or []
    response.recorded_by = user
    response.full_clean()
    save_versioned(response, expected_version=expected_version, fields=["answers", "activities"])
    return response


def invitation_pending(patient: Patient) -> bool:
    """Invited but never signed in, and no password chosen yet: the invitation may be sent again
    (Django's password reset sends nothing to an account without a usable password)."""
    user = patient.user
    return user is not None and user.last_login is None and not user.has_usable_password()


@transaction.atomic
def patient_invite(*, patient: Patient, email: str, domain: str, use_https: bool) -> User:
    """Create the patient's portal account (no usable password), link it to the record and mail
    the set-your-password link; or, for an invitation never used, send it again (to `email`, which
    may correct the address). Nobody but the patient ever types or sees the password.

    All or nothing: when the e-mail cannot be sent, nothing is saved and the error says so.
    """
    patient = Patient.objects.select_for_update(of=("self",)).select_related("user").get(pk=patient.pk)
    require_writable(patient)
    if patient.user_id is not None and not invitation_pending(patient):
        raise ValidationError(_("This patient already has a portal account."))
    user = patient.user or User(first_name=patient.first_name, last_name=patient.last_name)
    previous = user.email  # "" for a new account
    user.username = user.email = email
    user.set_unusable_password()
    save_checked(user)
    user.groups.add(Group.objects.get(name=PATIENTS_GROUP))
    # The record's e-mail follows the invitation when it was blank or the address being corrected.
    record_email = email if patient.email in ("", previous) else patient.email
    if patient.user_id != user.pk or patient.email != record_email:
        patient.user, patient.email = user, record_email
        bump_version(patient)  # an edit form opened before the invitation must not overwrite the link
        patient.full_clean()
        patient.save()
    send_invitation(user=user, domain=domain, use_https=use_https)
    return user


def send_invitation(*, user: User, domain: str, use_https: bool) -> None:
    """Mail a set-your-password link (Django's password-reset tokens and confirm view).

    Sent here rather than through PasswordResetForm.send_mail, which logs a failure and carries on:
    the practitioner must learn that the patient got nothing.
    """
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
    with in_language_of(user):  # the patient's saved language, else the clinic's
        subject = "".join(render_to_string("registration/patient_invite_subject.txt", context).splitlines())
        body = render_to_string("registration/patient_invite_email.txt", context)
    try:
        EmailMessage(subject, body, to=[user.email]).send()
    except OSError as error:  # smtplib's errors, a refused or dropped connection
        raise ValidationError(
            _(
                "The invitation could not be e-mailed to %(email)s (%(reason)s), so nothing was saved. "
                "Check the address and send it again."
            ),
            params={"email": user.email, "reason": error.__class__.__name__},
            code="invitation_not_sent",
        ) from error
