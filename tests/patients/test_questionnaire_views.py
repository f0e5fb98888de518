from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import AccessLog, PainAssessment, QuestionnaireResponse
from tests.factories import QuestionnaireFactory

pytestmark = pytest.mark.django_db


def _answers(values):
    return {f"item_{n}": "" if v is None else str(v) for n, v in enumerate(values, start=1)}


def test_an_odi_is_entered_scored_and_banded(practitioner_client, practitioner, patient_a):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/questionnaires/new/odi/", _answers([2, 2, 1, 1, 2, 2, 1, 1, 2, 2]), follow=True
    )
    saved = QuestionnaireResponse.objects.get()
    assert (saved.patient, saved.instrument, saved.score, saved.recorded_by) == (
        patient_a,
        "odi",
        32.0,
        practitioner.user,
    )
    assert saved.band == "moderate disability"
    html = response.content.decode()
    assert "Oswestry Disability Index saved: 32% (moderate disability)." in html
    assert "Travelling" in html
    assert response.redirect_chain[-1][0] == f"/patients/{patient_a.pk}/questionnaires/{saved.pk}/"


def test_an_ndi_band_is_taken_from_the_raw_score(practitioner_client, patient_a):
    practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/new/ndi/", _answers([2] * 10))
    saved = QuestionnaireResponse.objects.get()
    assert (saved.score, saved.band) == (40.0, "moderate disability")


def test_an_rmdq_counts_the_yes_answers(practitioner_client, patient_a):
    practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/new/rmdq/", _answers([1] * 9 + [0] * 15))
    assert QuestionnaireResponse.objects.get().score_display == "9/24"


def test_too_many_unanswered_items_are_refused(practitioner_client, patient_a):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/questionnaires/new/odi/", _answers([1] * 7 + [None] * 3)
    )
    assert response.status_code == 200
    assert "3 missing" in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_an_out_of_range_answer_is_refused(practitioner_client, patient_a):
    response = practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/new/odi/", _answers([6] + [1] * 9))
    assert "item_1" in response.context["form"].errors
    assert not QuestionnaireResponse.objects.exists()


def test_the_detail_shows_answers_and_the_previous_score_and_logs_access(practitioner_client, patient_a):
    QuestionnaireFactory(patient=patient_a, answers=[4] * 10, completed_at=timezone.now() - timedelta(days=30))
    latest = QuestionnaireFactory(patient=patient_a, answers=[1] * 10)
    response = practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/{latest.pk}/")
    html = response.content.decode()
    assert "20%" in html and "minimal disability" in html
    assert "Previous: 80% on" in html
    assert response.context["items"][0] == ("Pain intensity", "1 / 5")
    assert AccessLog.objects.filter(patient=patient_a, action="view").count() == 1


def test_an_unknown_instrument_or_another_patients_response_is_not_found(practitioner_client, patient_a, patient_b):
    assert practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/new/xyz/").status_code == 404
    theirs = QuestionnaireFactory(patient=patient_b)
    assert practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/{theirs.pk}/").status_code == 404


def test_patients_cannot_use_the_staff_forms(patient_a_client, patient_a):
    url = f"/patients/{patient_a.pk}/questionnaires/new/odi/"
    assert patient_a_client.post(url, _answers([1] * 10)).status_code == 403
    assert not QuestionnaireResponse.objects.exists()


def test_methods_and_anonymous_users(client, practitioner_client, patient_a):
    assert practitioner_client.put(f"/patients/{patient_a.pk}/questionnaires/new/odi/").status_code == 405
    client.logout()
    response = client.get(f"/patients/{patient_a.pk}/questionnaires/new/odi/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_clinician_pain_score_is_recorded(practitioner_client, practitioner, patient_a):
    when = timezone.localtime(timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/assessments/new/", {"assessed_at": when, "nrs": "5", "notes": "At rest"}
    )
    assert response.status_code == 302
    assessment = PainAssessment.objects.get()
    assert (assessment.nrs, assessment.source, assessment.recorded_by) == (5, "clinician", practitioner.user)


@pytest.mark.parametrize("nrs", ["11", "-1", "five"])
def test_a_pain_score_outside_0_to_10_is_refused(practitioner_client, patient_a, nrs):
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = practitioner_client.post(f"/patients/{patient_a.pk}/assessments/new/", {"assessed_at": when, "nrs": nrs})
    assert response.status_code == 200
    assert "nrs" in response.context["form"].errors
    assert not PainAssessment.objects.exists()


def test_patients_cannot_record_clinician_scores(patient_a_client, patient_a):
    url = f"/patients/{patient_a.pk}/assessments/new/"
    assert patient_a_client.post(url, {"assessed_at": "2026-01-01T10:00", "nrs": "3"}).status_code == 403
    assert not PainAssessment.objects.exists()


def test_pain_scores_of_unknown_patients_are_not_found(practitioner_client):
    assert practitioner_client.get("/patients/999999/assessments/new/").status_code == 404
    assert practitioner_client.delete("/patients/999999/assessments/new/").status_code == 405


# --- entry with the clinic's loaded text (issue 11) ---------------------------------------------------


def test_staff_entry_shows_the_loaded_text_with_a_digit_per_option(practitioner_client, patient_a, demo_texts):
    html = practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/new/odi/").content.decode()
    assert "DEMO TEXT — not the validated wording (ODI)" in html
    assert "4. Demo item 4 (Walking): how much does this bother you?" in html
    assert '<option value="3">3 — Demo option 3</option>' in html  # typing 3 picks it
    assert "clinic/questionnaire_entry.js" in html  # one key per answer, then the next item


def test_a_paper_form_keeps_no_text_version_and_a_read_text_keeps_its_own(practitioner_client, patient_a, demo_texts):
    url = f"/patients/{patient_a.pk}/questionnaires/new/ndi/"
    practitioner_client.post(url, {**_answers([1] * 10), "answered_on": "paper"})
    practitioner_client.post(url, {**_answers([2] * 10), "answered_on": "text"})
    paper, read = QuestionnaireResponse.objects.order_by("pk")
    assert (paper.language, paper.text_version, paper.score) == ("", "", 20.0)
    assert (read.language, read.text_version, read.score) == ("en", "demo", 40.0)
    html = practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/{read.pk}/").content.decode()
    assert "Answered in the loaded text, version demo (en): DEMO TEXT — not the validated wording (NDI)." in html
    assert "5. Demo item 5 (Headaches): how much does this bother you?" in html and "2 — Demo option 2" in html
    html = practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/{paper.pk}/").content.decode()
    assert "Entered from the paper form (no text version recorded)." in html and "5. Headaches" in html


def test_without_a_loaded_text_staff_enter_it_from_paper_by_item_topic(practitioner_client, patient_a):
    html = practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/new/odi/").content.decode()
    assert "No text of this questionnaire is loaded in the patient's language" in html
    assert "2. Personal care (washing, dressing etc.)" in html and 'name="answered_on"' not in html
    practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/new/odi/", _answers([1] * 10))
    assert QuestionnaireResponse.objects.get().text_version == ""


def test_each_unanswered_item_is_marked_when_too_many_are_missing(practitioner_client, patient_a):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/questionnaires/new/ndi/", _answers([1, None, 1, 1, None, 1, 1, None, 1, 1])
    )
    form = response.context["form"]
    assert [name for name in form.errors if name != "__all__"] == ["item_2", "item_5", "item_8"]
    assert response.content.decode().count("Not answered.") == 3
    assert not QuestionnaireResponse.objects.exists()
