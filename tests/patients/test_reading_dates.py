"""No reading is dated after the moment it is recorded, nor before the patient's birth, and every
typed date lies between 1900-01-01 and ten years ahead: in full_clean(), the pages and the admin."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from patients.models import PainAssessment, Patient, QuestionnaireResponse
from sessions_app.models import FollowUp, TreatmentPlan
from tests.factories import PatientFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 50, tzinfo=UTC)
RANGE = "Enter a date between 1 Jan 1900 and 2 Mar 2036."
clock = time_machine.travel(NOW, tick=False)


def _refusal(record, field: str) -> list[str]:
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict[field]


@clock
def test_full_clean_refuses_a_pain_score_dated_a_minute_from_now():
    assessment = PainAssessment(patient=PatientFactory(), nrs=4, assessed_at=NOW + timedelta(minutes=1))
    assert _refusal(assessment, "assessed_at") == [
        "A reading cannot be dated after the moment it is recorded (now: 2 Mar 2026, 10:50)."
    ]


@clock
def test_a_pain_score_dated_now_is_accepted():
    PainAssessment(patient=PatientFactory(), nrs=4, assessed_at=NOW).full_clean()


@clock
def test_full_clean_refuses_a_pain_score_before_the_patients_birth():
    patient = PatientFactory(date_of_birth=date(1990, 6, 1))
    assessment = PainAssessment(patient=patient, nrs=4, assessed_at=datetime(1990, 5, 31, 12, tzinfo=UTC))
    assert _refusal(assessment, "assessed_at") == ["A reading cannot be dated before the patient's birth (1 Jun 1990)."]


@clock
def test_full_clean_refuses_a_pain_score_of_year_one():
    assessment = PainAssessment(patient=PatientFactory(), nrs=4, assessed_at=datetime(1, 1, 1, tzinfo=UTC))
    assert RANGE in _refusal(assessment, "assessed_at")


@clock
def test_full_clean_refuses_a_questionnaire_completed_in_the_future():
    response = QuestionnaireResponse(
        patient=PatientFactory(), instrument="odi", answers=[2] * 10, completed_at=NOW + timedelta(hours=1)
    )
    assert "after the moment it is recorded" in _refusal(response, "completed_at")[0]


@clock
@pytest.mark.parametrize("due", [date(9999, 12, 31), date(2036, 3, 3), date(1899, 12, 31)])
def test_full_clean_refuses_a_follow_up_outside_the_plausible_range(due):
    assert _refusal(FollowUp(patient=PatientFactory(), due_on=due), "due_on") == [RANGE]


@clock
def test_a_follow_up_ten_years_ahead_is_still_plausible():
    FollowUp(patient=PatientFactory(), due_on=date(2036, 3, 2)).full_clean()


@clock
@pytest.mark.parametrize(
    ("record", "field"),
    [
        (lambda: TreatmentPlan(patient=PatientFactory(), goal="NRS 3", start_on=date(9999, 1, 1)), "start_on"),
        (lambda: Patient(first_name="A", last_name="B", date_of_birth=date(1850, 1, 1), spine_region="lumbar",
                         pain_type="acute", condition="other"), "date_of_birth"),
    ],
)  # fmt: skip
def test_every_typed_date_is_bounded(record, field):
    assert RANGE in _refusal(record(), field)


@clock
def test_full_clean_refuses_a_licence_expiring_in_year_9999():
    practitioner = PractitionerFactory()
    practitioner.license_expires = date(9999, 12, 31)
    assert _refusal(practitioner, "license_expires") == [RANGE]


@clock
def test_an_onset_in_the_future_is_refused():
    patient = PatientFactory.build(onset_date=date(2026, 3, 3))
    assert _refusal(patient, "onset_date") == ["Onset cannot be in the future."]


@clock
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01T00:00", RANGE),
        ("2026-03-02T11:00", "A reading cannot be dated after the moment it is recorded"),
        ("1969-12-31T10:00", "A reading cannot be dated before the patient's birth (17 May 1970)."),
    ],
)
def test_the_pain_score_form_refuses_a_date_that_cannot_be_true(practitioner_client, patient_a, typed, message):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/assessments/new/", {"assessed_at": typed, "nrs": "5"}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors["assessed_at"][0]
    assert not PainAssessment.objects.exists()


@clock
def test_the_follow_up_form_refuses_9999_12_31(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/followups/new/"
    response = practitioner_client.post(url, {"due_on": "9999-12-31", "aftercare": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == [RANGE]
    assert not FollowUp.objects.exists()


@clock
def test_the_admin_refuses_a_pain_score_in_the_future(admin_client, patient_a):
    data = {"patient": patient_a.pk, "assessed_at_0": "2026-03-02", "assessed_at_1": "11:30:00", "nrs": "5",
            "source": "clinician", "session": "", "recorded_by": "", "notes": ""}  # fmt: skip
    response = admin_client.post("/admin/patients/painassessment/add/", data)
    assert response.status_code == 200
    assert "after the moment it is recorded" in response.context["adminform"].form.errors["assessed_at"][0]
    assert not PainAssessment.objects.exists()


@clock
def test_the_admin_refuses_a_follow_up_due_9999_12_31(admin_client, patient_a):
    data = {"patient": patient_a.pk, "session": "", "due_on": "9999-12-31", "status": "scheduled",
            "aftercare": "", "exercises": "", "seen_version": ""}  # fmt: skip
    response = admin_client.post("/admin/sessions_app/followup/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["due_on"] == [RANGE]
    assert not FollowUp.objects.exists()
