"""An invitation whose e-mail fails says so, saves nothing, and can be sent again."""

import re
import smtplib

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from tests.factories import PatientFactory

FAILING_BACKEND = "tests.patients.test_invitation_delivery.FailingEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    """The mail server refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"x": (550, b"mailbox unavailable")})


@pytest.fixture
def newcomer(practitioner):
    return PatientFactory(first_name="Nora", last_name="Nguyen", email="", primary_practitioner=practitioner)


def _invite(client, patient, email="nora@mail.example"):
    return client.post(f"/patients/{patient.pk}/invite/", {"email": email, "next": f"/patients/{patient.pk}/"})


@pytest.mark.django_db
def test_a_failed_e_mail_says_so_and_saves_nothing(practitioner_client, newcomer, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    response = _invite(practitioner_client, newcomer)
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be e-mailed to nora@mail.example" in page
    assert "Invitation sent" not in page
    newcomer.refresh_from_db()
    assert newcomer.user is None and newcomer.email == "" and newcomer.version == 1
    assert not User.objects.filter(email="nora@mail.example").exists()


@pytest.mark.django_db
def test_after_a_failure_the_invitation_can_be_sent_again(practitioner_client, newcomer, settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    _invite(practitioner_client, newcomer)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = _invite(practitioner_client, newcomer)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    newcomer.refresh_from_db()
    assert newcomer.user.email == "nora@mail.example"


@pytest.mark.django_db
def test_an_unused_invitation_can_be_resent_to_a_corrected_address(client, practitioner_client, newcomer):
    _invite(practitioner_client, newcomer, email="nora@typo.example")
    page = practitioner_client.get(f"/patients/{newcomer.pk}/").content.decode()
    assert "Send the invitation again" in page
    response = _invite(practitioner_client, newcomer, email="nora@mail.example")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["nora@typo.example"], ["nora@mail.example"]]
    newcomer.refresh_from_db()
    assert newcomer.user.username == newcomer.user.email == newcomer.email == "nora@mail.example"
    assert User.objects.filter(groups__name="Patients", email__endswith="example").count() == 1
    # The first link no longer works; the second one does.
    first, second = (re.search(r"http://testserver(/accounts/reset/\S+/\S+/)", m.body).group(1) for m in mail.outbox)
    practitioner_client.logout()
    assert not client.get(first, follow=True).context["validlink"]
    assert client.get(second, follow=True).context["validlink"]
