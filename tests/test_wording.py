"""Sentences read as the persona they are for would read them."""

import pytest

from patients.models import QuestionnaireResponse
from patients.scoring import band

pytestmark = pytest.mark.django_db


def test_assigning_a_questionnaire_says_which_one_without_a_score(practitioner_client, patient_a, demo_texts):
    url = f"/patients/{patient_a.pk}/questionnaires/assign/"
    response = practitioner_client.post(url, {"instrument": "rmdq", "next": f"/patients/{patient_a.pk}/"}, follow=True)
    assert QuestionnaireResponse.objects.filter(completed_at=None).count() == 1
    assert [str(m) for m in response.context["messages"]] == [
        "Roland-Morris Disability Questionnaire assigned: the patient can fill it in online."
    ]


def test_a_patient_is_warned_for_their_own_privacy(patient_a_client):
    html = patient_a_client.get("/me/").content.decode()
    assert "For your privacy you will be signed out in" in html
    assert "your patients" not in html


def test_staff_are_warned_for_their_patients_privacy(practitioner_client):
    html = practitioner_client.get("/").content.decode()
    assert "For your patients' privacy you will be signed out in" in html


def test_odi_bands_are_named_as_fairbank_names_them():
    assert [band("odi", value) for value in (20, 40, 60, 80, 81)] == [
        "minimal disability",
        "moderate disability",
        "severe disability",
        "crippled",
        "bed-bound",
    ]
