"""A patient reaches nothing of another patient: every portal URL and export, tried with B's ids."""

import pytest
from django.utils import timezone

from patients.models import PainAssessment, QuestionnaireResponse
from tests.factories import FollowUpFactory, PainAssessmentFactory, QuestionnaireFactory, SessionFactory


@pytest.fixture
def b_record(patient_b, colleague):
    session = SessionFactory(patient=patient_b, practitioner=colleague, notes="B-session-note")
    PainAssessmentFactory(patient=patient_b, nrs=9, notes="B-pain-note", session=session, source="pre_session")
    FollowUpFactory(patient=patient_b, aftercare="B-aftercare-advice")
    pending = QuestionnaireFactory(patient=patient_b, instrument="rmdq", answers=[], completed_at=None)
    done = QuestionnaireFactory(patient=patient_b, instrument="odi", answers=[5] * 10, completed_at=timezone.now())
    return {"patient": patient_b, "session": session, "pending": pending, "done": done}


def _staff_urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", f"/patients/{pk}/progress.json"),
        ("get", f"/patients/{pk}/fhir/"),
        ("get", f"/patients/{pk}/export.csv"),
        ("post", f"/patients/{pk}/questionnaires/assign/"),
        ("post", f"/patients/{pk}/invite/"),
        ("get", "/outcomes/"),
    ]


@pytest.mark.django_db
def test_every_staff_url_with_another_patients_id_is_refused(patient_a_client, b_record):
    for method, url in _staff_urls(b_record["patient"].pk):
        data = {"instrument": "odi", "email": "x@example.org"} if method == "post" else None
        response = getattr(patient_a_client, method)(url, data)
        assert response.status_code in (403, 404), url
    assert QuestionnaireResponse.objects.filter(patient=b_record["patient"]).count() == 2
    b_record["patient"].refresh_from_db()
    assert b_record["patient"].user.username == "patient_b"


@pytest.mark.django_db
def test_another_patients_questionnaires_are_not_found(patient_a_client, b_record):
    for questionnaire in (b_record["pending"], b_record["done"]):
        url = f"/me/questionnaires/{questionnaire.pk}/"
        assert patient_a_client.get(url).status_code == 404
        assert patient_a_client.post(url, {"version": 1, **{f"item_{n}": "0" for n in range(1, 25)}}).status_code == 404
    b_record["pending"].refresh_from_db()
    assert b_record["pending"].completed_at is None


@pytest.mark.django_db
def test_own_portal_pages_and_exports_hold_nothing_of_another_patient(patient_a_client, patient_a, b_record):
    PainAssessmentFactory(patient=patient_a, nrs=4)
    patient_b = b_record["patient"]
    markers = [patient_b.last_name, patient_b.mrn, "B-pain-note", "B-session-note", "B-aftercare-advice"]
    for url in ("/me/", "/me/sessions/", "/me/progress.json", "/me/fhir/", "/me/export.csv"):
        response = patient_a_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for marker in markers:
            assert marker not in body, (url, marker)
    assert [p["nrs"] for p in patient_a_client.get("/me/progress.json").json()["points"]] == [4]


@pytest.mark.django_db
def test_a_self_report_always_lands_on_the_signed_in_patient(patient_a_client, patient_a, b_record):
    patient_a_client.post("/me/pain/", {"nrs": "2", "patient": b_record["patient"].pk})
    assert PainAssessment.objects.get(source="self_report").patient == patient_a


@pytest.mark.django_db
def test_the_patients_own_record_via_staff_urls_is_refused_too(patient_a_client, patient_a):
    for method, url in _staff_urls(patient_a.pk):
        assert getattr(patient_a_client, method)(url).status_code == 403, url
