from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from patients.models import PainAssessment, Patient, QuestionnaireResponse
from tests.factories import PainAssessmentFactory, PatientFactory, SessionFactory


@pytest.mark.django_db
def test_a_patient_made_with_only_the_contract_fields_validates_and_gets_an_mrn():
    patient = Patient(first_name="Ana", last_name="Lopez", date_of_birth=date(1980, 1, 2), sex="female",
                      spine_region="lumbar", pain_type="chronic", condition="sciatica")  # fmt: skip
    patient.full_clean()
    patient.save()
    other = PatientFactory()
    assert len(patient.mrn) == 8
    assert patient.mrn != other.mrn


@pytest.mark.django_db
def test_red_flags_are_listed_by_name():
    patient = PatientFactory(rf_cauda_equina=True, rf_weight_loss=True)
    assert patient.red_flags == ["Cauda equina symptoms", "Unexplained weight loss"]
    assert list(Patient.objects.with_red_flags()) == [patient]


@pytest.mark.django_db
@pytest.mark.parametrize("nrs", [11, 99])
def test_an_nrs_above_10_is_refused_at_both_levels(nrs):
    assessment = PainAssessment(patient=PatientFactory(), nrs=nrs, source="clinician")
    with pytest.raises(ValidationError) as error:
        assessment.full_clean()
    assert "nrs" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        assessment.save()


@pytest.mark.django_db
def test_one_pre_session_score_per_session_is_enforced_by_the_database():
    session = SessionFactory()
    PainAssessmentFactory(patient=session.patient, session=session, source="pre_session")
    with pytest.raises(IntegrityError), transaction.atomic():
        PainAssessmentFactory(patient=session.patient, session=session, source="pre_session")


@pytest.mark.django_db
def test_an_assessment_linked_to_another_patients_session_is_refused():
    assessment = PainAssessment(patient=PatientFactory(), session=SessionFactory(), nrs=5, source="pre_session")
    with pytest.raises(ValidationError, match="another patient"):
        assessment.full_clean()


@pytest.mark.django_db
def test_the_score_is_computed_on_save():
    response = QuestionnaireResponse.objects.create(patient=PatientFactory(), instrument="odi", answers=[3] * 10)
    assert response.score == 60.0
    assert response.band == "severe disability"
    response.answers = [1] * 10
    response.save()
    response.refresh_from_db()
    assert response.score == 20.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instrument", "answers"), [("odi", [1] * 9), ("rmdq", [1] * 10), ("ndi", [9] * 10), ("odi", [-1] * 10)]
)
def test_malformed_answers_fail_full_clean(instrument, answers):
    response = QuestionnaireResponse(patient=PatientFactory(), instrument=instrument, answers=answers)
    with pytest.raises(ValidationError) as error:
        response.full_clean()
    assert "answers" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(("instrument", "answers"), [("odi", [1] * 9), ("rmdq", [1] * 10), ("ndi", [1] * 24)])
def test_the_database_refuses_the_wrong_number_of_answers(instrument, answers):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.create(patient=PatientFactory(), instrument=instrument, answers=answers)


@pytest.mark.django_db
def test_the_database_refuses_an_out_of_range_score():
    response = QuestionnaireResponse.objects.create(patient=PatientFactory(), instrument="rmdq", answers=[1] * 24)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.filter(pk=response.pk).update(score=25)


@pytest.mark.django_db
def test_changes_are_kept_in_history_with_who_made_them(practitioner):
    patient = PatientFactory(last_name="Before")
    patient._history_user = practitioner.user
    patient.last_name = "After"
    patient.save()
    latest = patient.history.first()
    assert latest.last_name == "After"
    assert latest.history_user == practitioner.user
    assert patient.history.last().last_name == "Before"
