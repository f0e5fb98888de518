import pytest

from patients.models import QuestionnaireResponse
from tests.factories import QuestionnaireFactory


def _answers(values):
    return {f"item_{n}": "" if v is None else str(v) for n, v in enumerate(values, start=1)}


@pytest.fixture
def assigned(patient_a):
    return QuestionnaireFactory(patient=patient_a, instrument="odi", answers=[], completed_at=None)


@pytest.mark.django_db
def test_the_patient_sees_the_item_titles_of_an_assigned_questionnaire(patient_a_client, assigned):
    response = patient_a_client.get(f"/me/questionnaires/{assigned.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1. Pain intensity" in html and "10. Travelling" in html
    assert f'name="version" value="{assigned.version}"' in html


@pytest.mark.django_db
def test_the_patient_completes_it_and_the_score_is_computed(patient_a_client, patient_a, assigned):
    data = {**_answers([2, 1, 3, 2, 2, 1, 2, None, 1, 2]), "version": assigned.version}
    response = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/", data)
    assert response.status_code == 302 and response["Location"] == "/me/"
    assigned.refresh_from_db()
    assert assigned.answers == [2, 1, 3, 2, 2, 1, 2, None, 1, 2]
    assert assigned.score == 35.6  # 16 / 45, the ODI form's worked example
    assert assigned.completed_at is not None
    assert assigned.recorded_by == patient_a.user
    assert assigned.version == 2
    assert patient_a_client.get(f"/me/questionnaires/{assigned.pk}/").status_code == 404  # done: no second go


@pytest.mark.django_db
def test_too_many_unanswered_items_are_refused_and_nothing_saved(patient_a_client, assigned):
    data = {**_answers([1] * 7 + [None] * 3), "version": assigned.version}
    response = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/", data)
    assert response.status_code == 200
    assert "3 missing" in response.content.decode()
    assigned.refresh_from_db()
    assert (assigned.answers, assigned.completed_at, assigned.version) == ([], None, 1)


@pytest.mark.django_db
def test_a_stale_form_is_refused(patient_a_client, assigned):
    QuestionnaireResponse.objects.filter(pk=assigned.pk).update(version=2)
    data = {**_answers([1] * 10), "version": 1}
    response = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/", data)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert QuestionnaireResponse.objects.get().completed_at is None


@pytest.mark.django_db
def test_another_patients_questionnaire_is_404(patient_a_client, patient_b):
    theirs = QuestionnaireFactory(patient=patient_b, instrument="odi", answers=[], completed_at=None)
    assert patient_a_client.get(f"/me/questionnaires/{theirs.pk}/").status_code == 404
    data = {**_answers([1] * 10), "version": 1}
    assert patient_a_client.post(f"/me/questionnaires/{theirs.pk}/", data).status_code == 404
    assert QuestionnaireResponse.objects.get().completed_at is None


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, assigned):
    assert client.get(f"/me/questionnaires/{assigned.pk}/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_other_methods_are_not_allowed(patient_a_client, assigned):
    assert patient_a_client.put(f"/me/questionnaires/{assigned.pk}/").status_code == 405


@pytest.mark.django_db
def test_staff_use_their_own_questionnaire_pages(practitioner_client, assigned):
    assert practitioner_client.get(f"/me/questionnaires/{assigned.pk}/").status_code == 403
