"""Two people edit one patient at once, through the edit page as they do (POST /patients/<pk>/edit/):
the second is refused, nothing of theirs is saved and nothing of the first is lost; saving again from
the refused page applies the second person's values on purpose."""

import pytest
from django.utils.html import escape

from patients.concurrency import STALE_MESSAGE
from patients.models import Patient
from tests.factories import PatientFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def _opened(client, patient) -> dict:
    return form_data(client.get(f"/patients/{patient.pk}/edit/").content, "patient-form")


def test_the_second_of_two_editors_is_refused_and_nothing_is_lost(practitioner_client):
    patient = PatientFactory(phone="555-0100", chief_complaint="Low back pain")
    first, second = _opened(practitioner_client, patient), _opened(practitioner_client, patient)

    saved = practitioner_client.post(f"/patients/{patient.pk}/edit/", {**first, "phone": "555-0111"})
    refused = practitioner_client.post(
        f"/patients/{patient.pk}/edit/", {**second, "phone": "555-0222", "chief_complaint": "Sciatica, left leg"}
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    stored = Patient.objects.get(pk=patient.pk)
    assert (stored.phone, stored.chief_complaint, stored.version) == ("555-0111", "Low back pain", 2)
    page = refused.content.decode()
    assert escape(str(STALE_MESSAGE)) in page
    assert "555-0111" in page  # what the other person saved, shown beside the editor's own value
    again = form_data(refused.content, "patient-form")
    assert again["phone"] == ["555-0222"] and again["chief_complaint"] == ["Sciatica, left leg"]  # nothing retyped
    assert again["version"] == ["2"]


def test_saving_again_from_the_refused_page_applies_the_second_editors_values(practitioner_client):
    patient = PatientFactory(phone="555-0100")
    first, second = _opened(practitioner_client, patient), _opened(practitioner_client, patient)
    practitioner_client.post(f"/patients/{patient.pk}/edit/", {**first, "phone": "555-0111"})
    refused = practitioner_client.post(f"/patients/{patient.pk}/edit/", {**second, "phone": "555-0222"})

    response = practitioner_client.post(f"/patients/{patient.pk}/edit/", form_data(refused.content, "patient-form"))

    assert response.status_code == 302
    stored = Patient.objects.get(pk=patient.pk)
    assert (stored.phone, stored.version) == ("555-0222", 3)
