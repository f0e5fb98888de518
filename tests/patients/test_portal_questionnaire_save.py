"""Save and finish later: /me/questionnaires/<pk>/save/ keeps the patient's answers so far, unscored."""

import re

import pytest
from django.test import Client

from patients.models import QuestionnaireResponse
from tests.factories import QuestionnaireFactory


def _answers(values):
    return {f"item_{n}": "" if v is None else str(v) for n, v in enumerate(values, start=1)}


@pytest.fixture
def assigned(patient_a, demo_texts):
    return QuestionnaireFactory(
        patient=patient_a, instrument="rmdq", answers=[], completed_at=None, language="en", text_version="demo"
    )


@pytest.mark.django_db
def test_the_answers_so_far_are_kept_and_shown_again_to_finish_later(patient_a_client, assigned):
    first_half = [1, 0] * 6 + [None] * 12
    response = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/save/", {**_answers(first_half), "version": 1})
    assert response.status_code == 302 and response["Location"] == "/me/"
    assigned.refresh_from_db()
    assert assigned.answers == first_half
    assert (assigned.completed_at, assigned.score, assigned.version) == (None, None, 2)  # still waiting, no score
    home = patient_a_client.get("/me/").content.decode()
    assert f'href="/me/questionnaires/{assigned.pk}/">Continue</a>' in home
    html = patient_a_client.get(f"/me/questionnaires/{assigned.pk}/").content.decode()
    assert re.search(r'<input[^>]*value="1"[^>]*id="id_item_1_0"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="0"[^>]*id="id_item_2_1"[^>]*checked', html)
    assert f'name="version" value="{assigned.version}"' in html
    assert "checked" not in html.split('id="item-13"')[1]  # nothing chosen yet from item 13 on
    finished = {**_answers(first_half[:12] + [1] * 12), "version": assigned.version}
    assert patient_a_client.post(f"/me/questionnaires/{assigned.pk}/", finished).status_code == 302
    assigned.refresh_from_db()
    assert assigned.completed_at is not None and assigned.score == 18.0


@pytest.mark.django_db
def test_the_fill_page_offers_both_buttons_on_one_form(patient_a_client, assigned):
    html = patient_a_client.get(f"/me/questionnaires/{assigned.pk}/").content.decode()
    assert f'formaction="/me/questionnaires/{assigned.pk}/save/"' in html
    assert "Save and finish later" in html and "Send my answers" in html


@pytest.mark.django_db
def test_a_stale_draft_is_refused_and_nothing_saved(patient_a_client, assigned):
    QuestionnaireResponse.objects.filter(pk=assigned.pk).update(version=3)
    response = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/save/", {**_answers([1] * 24), "version": 1})
    assert response.status_code == 200 and "Someone else saved this record" in response.content.decode()
    assert QuestionnaireResponse.objects.get().answers == []


@pytest.mark.django_db
def test_an_out_of_range_answer_is_refused_and_nothing_saved(patient_a_client, assigned):
    response = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/save/", {"item_1": "7", "version": 1})
    assert response.status_code == 200 and 'class="questionnaire-item is-missing"' in response.content.decode()
    assert QuestionnaireResponse.objects.get().answers == []


@pytest.mark.django_db
def test_an_archived_patients_draft_is_refused(patient_a_client, patient_a, assigned):
    from django.utils import timezone

    type(patient_a).objects.filter(pk=patient_a.pk).update(archived_at=timezone.now())
    response = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/save/", {**_answers([1] * 24), "version": 1})
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert "archived" in patient_a_client.get("/me/").content.decode()
    assert QuestionnaireResponse.objects.get().answers == []


@pytest.mark.django_db
def test_only_the_patients_own_waiting_questionnaire_and_only_by_post(patient_a_client, patient_b, assigned):
    url = f"/me/questionnaires/{assigned.pk}/save/"
    assert patient_a_client.get(url).status_code == 405
    assert Client().post(url, {"version": 1})["Location"].startswith("/accounts/login/")
    theirs = QuestionnaireFactory(patient=patient_b, instrument="rmdq", answers=[], completed_at=None)
    assert patient_a_client.post(f"/me/questionnaires/{theirs.pk}/save/", {"version": 1}).status_code == 404
    done = QuestionnaireFactory(patient=assigned.patient, instrument="odi")
    assert patient_a_client.post(f"/me/questionnaires/{done.pk}/save/", {"version": 1}).status_code == 404


@pytest.mark.django_db
def test_staff_cannot_save_a_patients_draft(practitioner_client, assigned):
    assert practitioner_client.post(f"/me/questionnaires/{assigned.pk}/save/", {"version": 1}).status_code == 403
