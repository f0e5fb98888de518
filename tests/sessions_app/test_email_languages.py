"""Every e-mail goes out in its recipient's language: the language the patient saved, else the clinic's
(issue 15). The reminders run from management commands, outside any request: the language active in
the process (here: whatever a test left) must never decide it."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from patients.portal_services import send_invitation
from patients.recipients import language_for
from patients.services import preference_set_language
from sessions_app import booking
from sessions_app.appointment_reminders import send_appointment_reminders
from sessions_app.reminders import send_followup_reminders
from tests.factories import AppointmentFactory, FollowUpFactory, PatientFactory, UserFactory, at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)

FOLLOW_UP = {
    "nl": ("Herinnering: uw vervolgafspraak bij", "Beste Alice,"),
    "de": ("Erinnerung: Ihre Nachkontrolle bei", "Alice"),
}
APPOINTMENT = {"nl": "Herinnering: uw afspraak bij", "de": "Erinnerung: Ihr Termin bei"}
CANCELLED = {"nl": "is geannuleerd", "de": "ist abgesagt"}
INVITATION = {"nl": "Uw account bij", "de": "Ihr Konto bei"}


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def patient_speaking(language: str):
    user = UserFactory(username=f"alice_{language}", groups=["Patients"])
    preference_set_language(user=user, language=language)
    return PatientFactory(first_name="Alice", last_name="Archer", email="alice@example.org", user=user)


@pytest.mark.parametrize("language", ["nl", "de"])
def test_a_followup_reminder_is_in_the_patients_language(language):
    patient = patient_speaking(language)
    FollowUpFactory(patient=patient, due_on=timezone.localdate() + timedelta(days=1))
    with translation.override("en"):  # the command's own language is not the patient's
        assert send_followup_reminders().sent == 1
    [message] = mail.outbox
    subject, greeting = FOLLOW_UP[language]
    assert message.subject.startswith(subject)
    assert greeting in message.body
    assert "reminder" not in message.body.lower()


@pytest.mark.parametrize("language", ["nl", "de"])
def test_an_appointment_reminder_and_a_cancellation_are_in_the_patients_language(
    practitioner, language, django_capture_on_commit_callbacks
):
    patient = patient_speaking(language)
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=at("2026-03-03", "09:00"))
    assert send_appointment_reminders(today=TODAY).sent == 1
    assert mail.outbox[0].subject.startswith(APPOINTMENT[language])
    with django_capture_on_commit_callbacks(execute=True):
        booking.appointment_cancel(appointment=appointment, expected_version=appointment.version, reason="Ill")
    assert CANCELLED[language] in mail.outbox[-1].subject


@pytest.mark.parametrize("language", ["nl", "de"])
def test_an_invitation_is_in_the_patients_language(language):
    patient = patient_speaking(language)
    send_invitation(user=patient.user, domain="clinic.example", use_https=True)
    [message] = mail.outbox
    assert message.subject.startswith(INVITATION[language])


def test_without_a_saved_language_the_clinics_language_is_used(settings):
    settings.LANGUAGE_CODE = "de"
    assert language_for(None) == "de"
    assert language_for(UserFactory()) == "de"
    patient = PatientFactory(first_name="Bo", email="bo@example.org")
    FollowUpFactory(patient=patient, due_on=timezone.localdate() + timedelta(days=1))
    send_followup_reminders()
    assert mail.outbox[0].subject.startswith("Erinnerung")
