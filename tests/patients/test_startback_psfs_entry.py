"""STarT Back and PSFS texts are loaded like the others, entered by staff and filled in by the patient."""

import copy

import pytest
from django.core.exceptions import ValidationError

from demo.instrument_texts import DEMO_TITLE, demo_text
from patients.instrument_format import text_file_problem
from patients.instruments import instrument_text_load
from patients.models import InstrumentText, QuestionnaireResponse
from patients.portal_services import questionnaire_assign
from tests.factories import QuestionnaireFactory


@pytest.fixture
def texts(db):
    return {i: instrument_text_load(data=demo_text(i), loaded_by=None)[0] for i in ("startback", "psfs")}


def test_the_demo_texts_have_the_shape_the_loader_checks():
    for instrument in ("startback", "psfs"):
        data = demo_text(instrument)
        assert text_file_problem(data) is None
        assert data["title"].startswith(DEMO_TITLE)
    assert [len(item["options"]) for item in demo_text("startback")["items"]] == [2] * 8 + [5]
    assert {len(item["options"]) for item in demo_text("psfs")["items"]} == {11}


@pytest.mark.parametrize(
    ("instrument", "change", "problem"),
    [
        ("startback", lambda d: d["items"].pop(), "must list the 9 items"),
        ("startback", lambda d: d["items"][8]["options"].pop(), "Item 9 must have 5 options"),
        ("startback", lambda d: d["items"][0]["options"].append("Maybe"), "Item 1 must have 2 options"),
        ("psfs", lambda d: d["items"].append(dict(d["items"][0], number=6)), "must list the 5 items"),
        ("psfs", lambda d: d["items"][2]["options"].pop(), "Item 3 must have 11 options"),
    ],
)
@pytest.mark.django_db
def test_the_loader_refuses_wrong_counts_and_loads_nothing(instrument, change, problem):
    data = copy.deepcopy(demo_text(instrument))
    change(data)
    assert problem in text_file_problem(data)
    with pytest.raises(ValidationError, match=problem):
        instrument_text_load(data=data, loaded_by=None)
    assert not InstrumentText.objects.exists()


@pytest.mark.django_db
def test_staff_enter_a_startback_from_paper_and_see_the_risk_group(practitioner_client, patient_a):
    page = practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/new/startback/")
    assert page.status_code == 200 and "0 — disagree" in page.content.decode()
    data = {f"item_{n}": a for n, a in enumerate([0, 0, 0, 0, 1, 1, 1, 0, 4], start=1)}
    data["submission_token"] = page.context["form"]["submission_token"].value()
    response = practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/new/startback/", data, follow=True)
    saved = QuestionnaireResponse.objects.get(patient=patient_a, instrument="startback")
    assert (saved.score, saved.risk_group, saved.language, saved.text_version) == (4.0, "high", "", "")
    record = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert "High risk" in record and "psychologically informed" in record
    assert "distress subscale 4/5" in response.content.decode() or "4/5" in response.content.decode()


@pytest.mark.django_db
def test_staff_startback_refuses_a_missing_item_and_marks_it(practitioner_client, patient_a):
    data = {f"item_{n}": 1 for n in range(1, 9)}
    response = practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/new/startback/", data)
    assert response.status_code == 200
    assert "item_9" in response.context["form"].errors
    assert not QuestionnaireResponse.objects.filter(instrument="startback").exists()


def _psfs_post(client, patient, activities, ratings):
    page = client.get(f"/patients/{patient.pk}/questionnaires/new/psfs/")
    data = {"submission_token": page.context["form"]["submission_token"].value()}
    for n, (activity, rating) in enumerate(zip(activities, ratings, strict=True), start=1):
        data[f"activity_{n}"] = activity
        data[f"item_{n}"] = "" if rating is None else rating
    return client.post(f"/patients/{patient.pk}/questionnaires/new/psfs/", data)


@pytest.mark.django_db
def test_staff_enter_a_psfs_and_the_next_one_offers_the_same_activities(practitioner_client, patient_a):
    _psfs_post(practitioner_client, patient_a, ["Gardening", "Driving 1 hour", "", "", ""], [2, 5, None, None, None])
    first = QuestionnaireResponse.objects.get(instrument="psfs")
    assert first.score == 3.5 and first.activities == ["Gardening", "Driving 1 hour", "", "", ""]
    form = practitioner_client.get(f"/patients/{patient_a.pk}/questionnaires/new/psfs/").context["form"]
    assert form["activity_1"].value() == "Gardening" and form["activity_2"].value() == "Driving 1 hour"


@pytest.mark.django_db
def test_staff_psfs_refuses_a_rating_without_activity_an_unrated_activity_and_nothing(practitioner_client, patient_a):
    response = _psfs_post(practitioner_client, patient_a, ["", "Walking", "", "", ""], [4, None, None, None, None])
    errors = response.context["form"].errors
    assert "activity_1" in errors and "item_2" in errors
    response = _psfs_post(practitioner_client, patient_a, [""] * 5, [None] * 5)
    assert "Name at least one activity" in response.content.decode()
    assert not QuestionnaireResponse.objects.filter(instrument="psfs").exists()


@pytest.mark.django_db
def test_the_patient_fills_startback_in_the_loaded_text(patient_a_client, patient_a, practitioner, texts):
    pending = questionnaire_assign(patient=patient_a, instrument="startback", assigned_by=practitioner.user)
    page = patient_a_client.get(f"/me/questionnaires/{pending.pk}/")
    assert "Demo answer: I agree" in page.content.decode()
    data = {f"item_{n}": a for n, a in enumerate([1, 1, 0, 0, 1, 0, 0, 0, 2], start=1)}
    data |= {"version": pending.version, "submission_token": page.context["form"]["submission_token"].value()}
    patient_a_client.post(f"/me/questionnaires/{pending.pk}/", data)
    pending.refresh_from_db()
    assert (pending.score, pending.risk_group, pending.language, pending.text_version) == (3.0, "low", "en", "demo")


@pytest.mark.django_db
def test_the_patient_rerates_last_times_activities_and_can_save_a_draft(
    patient_a_client, patient_a, practitioner, texts
):
    QuestionnaireFactory(
        patient=patient_a,
        instrument="psfs",
        answers=[2, 3, None, None, None],
        activities=["Lifting a child", "Running", "", "", ""],
    )
    pending = questionnaire_assign(patient=patient_a, instrument="psfs", assigned_by=practitioner.user)
    page = patient_a_client.get(f"/me/questionnaires/{pending.pk}/")
    html = page.content.decode()
    assert 'value="Lifting a child"' in html and 'value="Running"' in html
    token = page.context["form"]["submission_token"].value()
    draft = {"activity_1": "Lifting a child", "item_1": 4, "version": pending.version, "submission_token": token}
    patient_a_client.post(f"/me/questionnaires/{pending.pk}/save/", draft)
    pending.refresh_from_db()
    assert pending.completed_at is None and pending.answers[0] == 4 and pending.activities[0] == "Lifting a child"
    again = patient_a_client.get(f"/me/questionnaires/{pending.pk}/")
    data = {"activity_1": "Lifting a child", "item_1": 6, "activity_2": "Running", "item_2": 5}
    data |= {"version": pending.version, "submission_token": again.context["form"]["submission_token"].value()}
    patient_a_client.post(f"/me/questionnaires/{pending.pk}/", data)
    pending.refresh_from_db()
    assert pending.completed_at is not None and pending.score == 5.5
    assert (pending.language, pending.text_version) == ("en", "demo")
