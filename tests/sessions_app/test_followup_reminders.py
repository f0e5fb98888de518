from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sessions_app.models import FollowUp
from tests.factories import FollowUpFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def tomorrow():
    return timezone.localdate() + timedelta(days=1)


def test_patients_due_tomorrow_are_reminded_once_however_often_it_runs(tomorrow):
    patient = PatientFactory(first_name="Alice", email="alice@mail.example")
    followup = FollowUpFactory(patient=patient, due_on=tomorrow, aftercare="Private advice")
    for _ in range(3):
        call_command("send_followup_reminders", stdout=mock.Mock())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@mail.example"]
    assert "tomorrow" in message.subject
    assert "Dear Alice" in message.body
    assert "Private advice" not in message.body  # no clinical detail by e-mail
    followup.refresh_from_db()
    assert followup.reminder_sent_at is not None


def test_only_scheduled_followups_of_active_patients_due_tomorrow_with_an_address(tomorrow):
    FollowUpFactory(patient=PatientFactory(email="today@mail.example"), due_on=tomorrow - timedelta(days=1))
    FollowUpFactory(patient=PatientFactory(email="later@mail.example"), due_on=tomorrow + timedelta(days=1))
    FollowUpFactory(patient=PatientFactory(email="cancelled@mail.example"), due_on=tomorrow, status="cancelled")
    FollowUpFactory(patient=PatientFactory(email="gone@mail.example", archived_at=timezone.now()), due_on=tomorrow)
    FollowUpFactory(patient=PatientFactory(email=""), due_on=tomorrow)
    FollowUpFactory(patient=PatientFactory(email="yes@mail.example"), due_on=tomorrow)
    out = mock.Mock()
    call_command("send_followup_reminders", stdout=out)
    assert [m.to for m in mail.outbox] == [["yes@mail.example"]]
    assert "sent 1" in out.write.call_args[0][0]


def test_a_failed_send_is_retried_on_the_next_run(tomorrow):
    followup = FollowUpFactory(patient=PatientFactory(email="a@mail.example"), due_on=tomorrow)
    with mock.patch("sessions_app.reminders.send_mail", side_effect=OSError("SMTP down")):
        call_command("send_followup_reminders", stdout=mock.Mock(), stderr=mock.Mock())
    followup.refresh_from_db()
    assert followup.reminder_sent_at is None
    call_command("send_followup_reminders", stdout=mock.Mock())
    assert len(mail.outbox) == 1


def test_a_dry_run_sends_and_marks_nothing(tomorrow):
    FollowUpFactory(patient=PatientFactory(email="a@mail.example"), due_on=tomorrow)
    out = mock.Mock()
    call_command("send_followup_reminders", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert not FollowUp.objects.filter(reminder_sent_at__isnull=False).exists()
    assert "would send 1" in out.write.call_args[0][0]


def test_tomorrow_is_the_clinics_local_tomorrow(settings):
    settings.TIME_ZONE = "America/New_York"
    # 23:30 in New York on 4 May is already 5 May in UTC: tomorrow is still 5 May locally.
    late_evening = timezone.make_aware(datetime(2026, 5, 4, 23, 30), timezone.get_fixed_timezone(-240))
    FollowUpFactory(patient=PatientFactory(email="a@mail.example"), due_on=datetime(2026, 5, 5).date())
    FollowUpFactory(patient=PatientFactory(email="b@mail.example"), due_on=datetime(2026, 5, 6).date())
    with mock.patch("django.utils.timezone.now", return_value=late_evening):
        call_command("send_followup_reminders", stdout=mock.Mock())
    assert [m.to for m in mail.outbox] == [["a@mail.example"]]
