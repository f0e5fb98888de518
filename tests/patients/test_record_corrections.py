"""Correcting a saved questionnaire (answers, score recomputed) and a clinician's pain score."""

from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import AccessLog, PainAssessment, Patient, QuestionnaireResponse
from tests.factories import PainAssessmentFactory, QuestionnaireFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(practitioner, patient_a):
    return QuestionnaireFactory(
        patient=patient_a,
        instrument="odi",
        answers=[2] * 10,
        completed_at=timezone.now(),
        recorded_by=practitioner.user,
    )


def _answers(values, version) -> dict:
    return {f"item_{n}": "" if value is None else str(value) for n, value in enumerate(values, start=1)} | {
        "version": str(version)
    }


def _edit(client, response, values, version=None):
    url = f"/patients/{response.patient_id}/questionnaires/{response.pk}/edit/"
    return client.post(url, _answers(values, response.version if version is None else version))


def test_the_author_corrects_answers_and_the_score_follows(practitioner_client, practitioner, response):
    assert response.score == 40.0
    reply = _edit(practitioner_client, response, [3] * 10)
    assert reply.status_code == 302 and reply.url == f"/patients/{response.patient_id}/questionnaires/{response.pk}/"
    response.refresh_from_db()
    assert (response.answers, response.score, response.version) == ([3] * 10, 60.0, 2)
    before, after = response.history.order_by("history_date", "history_id")
    assert (before.score, after.score) == (40.0, 60.0)
    assert after.history_user_id == practitioner.user_id


def test_the_edit_page_opens_with_the_saved_answers_and_is_logged(practitioner_client, practitioner, response):
    page = practitioner_client.get(f"/patients/{response.patient_id}/questionnaires/{response.pk}/edit/")
    assert page.status_code == 200
    assert page.context["form"]["item_1"].value() == 2
    assert AccessLog.objects.filter(user=practitioner.user, action=AccessLog.Action.EDIT).count() == 1


def test_a_stale_correction_is_refused(practitioner_client, response):
    QuestionnaireResponse.objects.filter(pk=response.pk).update(version=2)
    reply = _edit(practitioner_client, response, [3] * 10, version=1)
    assert reply.status_code == 200 and "Someone else saved this record" in reply.content.decode()
    assert QuestionnaireResponse.objects.get(pk=response.pk).answers == [2] * 10


def test_too_many_unanswered_items_are_refused(practitioner_client, response):
    reply = _edit(practitioner_client, response, [None, None, None, 1, 1, 1, 1, 1, 1, 1])
    assert reply.status_code == 200
    assert QuestionnaireResponse.objects.get(pk=response.pk).answers == [2] * 10


def test_a_colleague_and_the_patients_own_answers_are_not_mine_to_rewrite(client, colleague, response, patient_a):
    client.force_login(colleague.user)
    assert _edit(client, response, [0] * 10).status_code == 403
    own = QuestionnaireFactory(
        patient=patient_a, answers=[1] * 10, completed_at=timezone.now(), recorded_by=patient_a.user
    )
    client.force_login(colleague.user)
    assert _edit(client, own, [0] * 10).status_code == 403
    assert QuestionnaireResponse.objects.get(pk=response.pk).answers == [2] * 10


def test_an_archived_patients_questionnaire_is_read_only(practitioner_client, response):
    Patient.objects.filter(pk=response.patient_id).update(archived_at=timezone.now())
    assert _edit(practitioner_client, response, [3] * 10).status_code == 302
    assert QuestionnaireResponse.objects.get(pk=response.pk).answers == [2] * 10


def test_another_patients_id_in_the_url_is_not_found(practitioner_client, response, patient_b):
    url = f"/patients/{patient_b.pk}/questionnaires/{response.pk}/edit/"
    assert practitioner_client.get(url).status_code == 404


def test_the_detail_page_offers_the_correction_to_its_author_only(client, practitioner, colleague, response):
    url = f"/patients/{response.patient_id}/questionnaires/{response.pk}/"
    client.force_login(practitioner.user)
    assert "Correct the answers" in client.get(url).content.decode()
    client.force_login(colleague.user)
    assert "Correct the answers" not in client.get(url).content.decode()


@pytest.fixture
def score(practitioner, patient_a):
    return PainAssessmentFactory(
        patient=patient_a, nrs=6, source="clinician", recorded_by=practitioner.user,
        assessed_at=timezone.now() - timedelta(hours=2),
    )  # fmt: skip


def _score_data(score, **fields):
    when = timezone.localtime(score.assessed_at).strftime("%Y-%m-%dT%H:%M")
    return {"assessed_at": when, "nrs": "4", "notes": "Typed 6, meant 4", "version": str(score.version)} | fields


def test_the_author_corrects_a_pain_score(practitioner_client, practitioner, score):
    reply = practitioner_client.post(f"/patients/{score.patient_id}/assessments/{score.pk}/edit/", _score_data(score))
    assert reply.status_code == 302
    score.refresh_from_db()
    assert (score.nrs, score.notes, score.version) == (4, "Typed 6, meant 4", 2)
    assert [row.nrs for row in score.history.order_by("history_date", "history_id")] == [6, 4]


def test_a_pain_score_out_of_range_or_stale_is_refused(practitioner_client, score):
    url = f"/patients/{score.patient_id}/assessments/{score.pk}/edit/"
    assert practitioner_client.post(url, _score_data(score, nrs="11")).status_code == 200
    PainAssessment.objects.filter(pk=score.pk).update(version=2)
    reply = practitioner_client.post(url, _score_data(score, version="1"))
    assert reply.status_code == 200 and "Someone else saved this record" in reply.content.decode()
    assert PainAssessment.objects.get(pk=score.pk).nrs == 6


def test_a_colleagues_pain_score_a_session_score_and_a_self_report_are_not_corrected_here(
    client, colleague, practitioner, score, patient_a
):
    client.force_login(colleague.user)
    assert client.post(f"/patients/{patient_a.pk}/assessments/{score.pk}/edit/", _score_data(score)).status_code == 403
    session = SessionFactory(patient=patient_a, practitioner=practitioner)
    at_session = PainAssessmentFactory(
        patient=patient_a, session=session, source="pre_session", recorded_by=practitioner.user
    )
    client.force_login(practitioner.user)
    assert client.get(f"/patients/{patient_a.pk}/assessments/{at_session.pk}/edit/").status_code == 404
    assert PainAssessment.objects.get(pk=score.pk).nrs == 6


def test_the_record_links_the_author_to_their_pain_score_correction(practitioner_client, score):
    page = practitioner_client.get(f"/patients/{score.patient_id}/").content.decode()
    assert f'href="/patients/{score.patient_id}/assessments/{score.pk}/edit/"' in page
