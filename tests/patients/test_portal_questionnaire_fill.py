import pytest

from patients.models import QuestionnaireResponse
from tests.factories import QuestionnaireFactory


def _answers(values):
    return {f"item_{n}": "" if v is None else str(v) for n, v in enumerate(values, start=1)}


@pytest.fixture
def assigned(patient_a, demo_texts):
    return QuestionnaireFactory(
        patient=patient_a, instrument="odi", answers=[], completed_at=None, language="en", text_version="demo"
    )


@pytest.mark.django_db
def test_the_patient_sees_every_items_text_and_options_in_the_loaded_text(patient_a_client, assigned):
    response = patient_a_client.get(f"/me/questionnaires/{assigned.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "DEMO TEXT — not the validated wording (ODI)" in html and "Demo instructions" in html
    for number in range(1, 11):
        assert f"{number}. Demo item {number} (" in html
    assert "10. Demo item 10 (Travelling): how much does this bother you?" in html
    # One tap per item: six radio buttons each, labelled with the option's own text (not a bare number).
    assert html.count('type="radio" name="item_3"') == 6
    assert html.count("<span>Demo option 5</span>") == 10
    assert "Not answered" not in html
    assert f'name="version" value="{assigned.version}"' in html


@pytest.mark.django_db
def test_the_text_is_the_one_the_questionnaire_was_sent_in(patient_a_client, assigned):
    from demo.instrument_texts import demo_text
    from patients.instruments import instrument_text_load

    newer = demo_text("odi") | {"version": "2.1b", "title": "DEMO TEXT — not the validated wording, v2.1b"}
    instrument_text_load(data=newer, loaded_by=None)
    html = patient_a_client.get(f"/me/questionnaires/{assigned.pk}/").content.decode()
    assert "DEMO TEXT — not the validated wording (ODI)" in html and "v2.1b" not in html


@pytest.mark.django_db
def test_without_a_text_in_the_patients_language_there_is_nothing_to_answer(patient_a_client, assigned):
    from patients.models import InstrumentText

    InstrumentText.objects.filter(instrument="odi").delete()
    response = patient_a_client.get(f"/me/questionnaires/{assigned.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be filled in online" in html and 'id="questionnaire-form"' not in html
    posted = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/", {**_answers([1] * 10), "version": 1})
    assert "cannot be filled in online" in posted.content.decode()
    assert QuestionnaireResponse.objects.get().completed_at is None


@pytest.mark.django_db
def test_unanswered_items_are_marked_one_by_one_when_the_send_is_refused(patient_a_client, assigned):
    data = {**_answers([1, 1, None, 1, 1, None, 1, 1, None, 1]), "version": assigned.version}
    html = patient_a_client.post(f"/me/questionnaires/{assigned.pk}/", data).content.decode()
    assert html.count('class="questionnaire-item is-missing"') == 3
    assert 'id="item-3" aria-describedby="item-3-error"' in html
    assert '<a href="#item-3">3</a>, <a href="#item-6">6</a>, <a href="#item-9">9</a>' in html
    assert 'value="1" class="form-check-input" id="id_item_1_1" checked' in html  # the answers given stay


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
    assert (assigned.language, assigned.text_version) == ("en", "demo")  # the text the answers were given to
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
