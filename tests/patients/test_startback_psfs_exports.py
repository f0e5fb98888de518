"""STarT Back and PSFS in the trend sentences, questionnaires.json, FHIR, the CSV and /outcomes/,
with the language and text version of each response (issue 11)."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fhir.resources.R4B.bundle import Bundle

from patients.trends import ScorePoint, questionnaire_sentence, questionnaire_summary
from tests.factories import PatientFactory, QuestionnaireFactory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HIGH = [0, 0, 0, 0, 1, 1, 1, 0, 4]  # total 4, subscale 4
LOW = [1, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1


def _psfs(patient, ratings, at, **extra):
    return QuestionnaireFactory(
        patient=patient,
        instrument="psfs",
        answers=[*ratings, *[None] * (5 - len(ratings))],
        activities=["Gardening", "Driving", "Sitting", "", ""][: len(ratings)] + [""] * (5 - len(ratings)),
        completed_at=at,
        **extra,
    )


@pytest.fixture
def courses(patient_a):
    QuestionnaireFactory(
        patient=patient_a, instrument="startback", answers=HIGH, completed_at=T0, language="en", text_version="demo"
    )
    QuestionnaireFactory(patient=patient_a, instrument="startback", answers=LOW, completed_at=T0 + timedelta(days=40))
    _psfs(patient_a, [2, 3, 4], T0, language="en", text_version="demo")
    _psfs(patient_a, [5, 6, 4], T0 + timedelta(days=40), language="en", text_version="demo")
    return patient_a


def _points(*scores):
    return [ScorePoint(T0 + timedelta(days=7 * n), score) for n, score in enumerate(scores)]


@time_machine.travel(datetime(2026, 6, 1, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [
        (3.0, 5.0, "PSFS score rose from 3/10 to 5/10 (+66.7 %) since 2 March: a clinically important improvement."),
        (3.0, 4.5, "rose from 3/10 to 4.5/10 (+50.0 %) since 2 March: not yet a clinically important improvement."),
        (6.0, 3.0, "fell from 6/10 to 3/10 (−50.0 %) since 2 March: worse (higher is better on this measure)."),
        (0.0, 2.0, "rose from 0/10 to 2/10 since 2 March: a clinically important improvement."),
        (2.0, 8.0, "rose from 2/10 to 8/10 (+300.0 %) since 2 March: a clinically important improvement."),
    ],
)
def test_on_the_psfs_a_rise_is_the_improvement(baseline, latest, expected):
    summary = questionnaire_summary("psfs", baseline, latest)
    sentence = questionnaire_sentence(summary, _points(baseline, latest)).replace(
        "Patient-Specific Functional Scale", "PSFS"
    )
    assert sentence.endswith(expected)
    assert (
        summary.responder == ("clinically important" in expected and "not yet" not in expected)
        or "substantial" in expected
    )


def test_the_psfs_target_is_two_points_above_the_baseline_and_odi_still_below():
    assert questionnaire_summary("psfs", 3.0, 4.0).target == 5.0
    assert questionnaire_summary("psfs", 9.0, 9.0).target is None  # beyond the scale
    assert questionnaire_summary("odi", 40.0, 35.0).target == 30.0  # 10 points or 30 %, whichever comes first
    assert questionnaire_summary("odi", 40.0, 28.0).responder is True  # a fall is still better on the ODI


def test_startback_has_no_responder_rule():
    assert questionnaire_summary("startback", 6.0, 1.0).responder is False


@pytest.mark.django_db
def test_the_record_shows_both_measures_trended_with_the_risk_group(practitioner_client, courses):
    html = practitioner_client.get(f"/patients/{courses.pk}/").content.decode()
    assert "Patient-Specific Functional Scale over time (0–10, higher is better)" in html
    assert "STarT Back: Low risk (total 1/9)" in html and "High risk" in html
    assert "at intake: High risk" in html


@pytest.mark.django_db
def test_questionnaires_json_carries_language_version_and_risk(client, practitioner, courses):
    client.force_login(practitioner.user)
    data = client.get(f"/patients/{courses.pk}/questionnaires.json").json()
    client.force_login(courses.user)
    assert data == client.get("/me/questionnaires.json").json()
    psfs = data["questionnaires"]["psfs"]
    assert psfs["higher_is_better"] is True and psfs["change"] == 2.0 and psfs["responder"] is True
    assert psfs["points"][0] | {"date": None} == {"date": None, "score": 3.0, "language": "en", "text_version": "demo"}
    assert [p["risk_group"] for p in data["questionnaires"]["startback"]["points"]] == ["high", "low"]
    assert data["questionnaires"]["startback"]["responder"] is False


@pytest.mark.django_db
def test_fhir_has_a_valid_questionnaire_response_and_observation_for_each(practitioner_client, courses, settings):
    response = practitioner_client.get(f"/patients/{courses.pk}/fhir/")
    Bundle.model_validate_json(response.content)
    resources = [e["resource"] for e in response.json()["entry"]]
    answers = {r["id"]: r for r in resources if r["resourceType"] == "QuestionnaireResponse"}
    scores = {r["id"]: r for r in resources if r["resourceType"] == "Observation" and r["id"].startswith("score-")}
    assert len(answers) == 4 and len(scores) == 4
    base = settings.CLINIC_FHIR_BASE_URL
    first_screening = courses.questionnaires.filter(instrument="startback").first()
    qr = answers[f"qr-{first_screening.pk}"]
    assert qr["language"] == "en" and qr["questionnaire"] == f"{base}Questionnaire/startback|demo"
    assert [i["answer"][0]["valueInteger"] for i in qr["item"]] == HIGH
    later = answers[f"qr-{courses.questionnaires.filter(instrument='startback').last().pk}"]
    assert "language" not in later and later["questionnaire"] == f"{base}Questionnaire/startback"  # paper
    observation = scores[f"score-{first_screening.pk}"]
    assert observation["code"]["coding"][0] == {
        "system": f"{base}CodeSystem/instrument",
        "code": "startback",
        "display": "STarT Back total score",
    }
    assert observation["valueQuantity"]["value"] == 4.0
    assert observation["interpretation"][0]["coding"][0]["code"] == "high"
    assert observation["component"][0]["valueQuantity"]["value"] == 4
    assert observation["derivedFrom"] == [{"reference": f"QuestionnaireResponse/qr-{first_screening.pk}"}]
    psfs = courses.questionnaires.filter(instrument="psfs").last()
    items = answers[f"qr-{psfs.pk}"]["item"]
    assert [(i["text"], i["answer"][0]["valueInteger"]) for i in items] == [
        ("Gardening", 5),
        ("Driving", 6),
        ("Sitting", 4),
    ]
    assert scores[f"score-{psfs.pk}"]["valueQuantity"]["value"] == 5.0


@pytest.mark.django_db
def test_the_csv_says_which_text_was_answered(practitioner_client, courses):
    rows = list(
        csv.DictReader(io.StringIO(practitioner_client.get(f"/patients/{courses.pk}/export.csv").content.decode()))
    )
    questionnaires = [r for r in rows if r["record"] == "questionnaire"]
    screening = [r for r in questionnaires if r["instrument"] == "startback"]
    assert [(r["score"], r["risk_group"], r["language"], r["text_version"]) for r in screening] == [
        ("4", "high", "en", "demo"),
        ("1", "low", "", ""),
    ]
    psfs = [r for r in questionnaires if r["instrument"] == "psfs"]
    assert psfs[-1]["activities"] == "Gardening=5 | Driving=6 | Sitting=4" and psfs[-1]["score"] == "5"


@pytest.mark.django_db
def test_outcomes_judge_each_measure_by_its_own_direction(admin_client, courses, practitioner):
    other = PatientFactory(primary_practitioner=practitioner)
    _psfs(other, [6, 6], T0)
    _psfs(other, [5, 5], T0 + timedelta(days=30))  # fell by 1: worse on the PSFS
    QuestionnaireFactory(patient=other, instrument="startback", answers=HIGH, completed_at=T0)
    archived = PatientFactory(primary_practitioner=practitioner, archived_at=T0)
    QuestionnaireFactory(patient=archived, instrument="startback", answers=LOW, completed_at=T0)
    response = admin_client.get("/outcomes/")
    measures = {row.instrument: row for row in response.context["measures"]}
    assert (measures["psfs"].patients, measures["psfs"].responders, measures["psfs"].mean_change) == (2, 1, 0.5)
    assert measures["psfs"].higher_is_better is True
    assert "startback" not in measures
    assert [(r.risk_group, r.patients) for r in response.context["risk_groups"]] == [("high", 2)]  # intake, active only
