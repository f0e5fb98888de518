from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from patients.models import PainAssessment
from tests.factories import PainAssessmentFactory


@pytest.fixture(autouse=True)
def fixed_clock():
    """A fixed clock (late evening, clinic time UTC), so "one self-report a day" never straddles midnight."""
    with time_machine.travel(datetime(2026, 3, 3, 23, 30, tzinfo=UTC), tick=False):
        yield


@pytest.mark.django_db
def test_the_patient_reports_todays_pain(patient_a_client, patient_a):
    response = patient_a_client.post("/me/pain/", {"nrs": "4", "notes": "Better after walking"})
    assert response.status_code == 302 and response["Location"] == "/me/"
    report = PainAssessment.objects.get()
    assert (report.patient, report.nrs, report.source, report.notes) == (
        patient_a,
        4,
        "self_report",
        "Better after walking",
    )
    assert report.reported_on == timezone.localdate()
    assert report.recorded_by == patient_a.user
    assert report.session is None


@pytest.mark.django_db
def test_a_second_report_the_same_day_edits_the_first(patient_a_client, patient_a):
    patient_a_client.post("/me/pain/", {"nrs": "4"})
    patient_a_client.post("/me/pain/", {"nrs": "6", "notes": "Long drive"})
    report = PainAssessment.objects.get()
    assert (report.nrs, report.notes) == (6, "Long drive")
    html = patient_a_client.get("/me/").content.decode()
    assert "You reported 6 out of 10 today." in html
    assert "Update today's score" in html


@pytest.mark.django_db
def test_yesterdays_report_is_kept_and_today_gets_a_new_one(patient_a_client, patient_a):
    yesterday = timezone.localdate() - timedelta(days=1)
    PainAssessmentFactory(
        patient=patient_a,
        nrs=7,
        source="self_report",
        reported_on=yesterday,
        assessed_at=timezone.now() - timedelta(days=1),
    )
    patient_a_client.post("/me/pain/", {"nrs": "5"})
    assert sorted(PainAssessment.objects.values_list("nrs", "reported_on")) == [
        (5, timezone.localdate()),
        (7, yesterday),
    ]


@pytest.mark.django_db
def test_clinician_scores_today_do_not_count_as_the_self_report(patient_a_client, patient_a):
    PainAssessmentFactory(patient=patient_a, nrs=8, source="clinician")
    patient_a_client.post("/me/pain/", {"nrs": "5"})
    assert sorted(PainAssessment.objects.values_list("source", "nrs")) == [("clinician", 8), ("self_report", 5)]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["11", "-1", "", "four", "5.5"])
def test_an_invalid_score_is_shown_again_with_the_error_and_nothing_saved(patient_a_client, value):
    response = patient_a_client.post("/me/pain/", {"nrs": value})
    assert response.status_code == 200
    assert response.context["report_form"].errors["nrs"]
    assert "is-invalid" in response.content.decode()
    assert not PainAssessment.objects.exists()


@pytest.mark.django_db
def test_an_invalid_edit_leaves_todays_report_unchanged(patient_a_client, patient_a):
    patient_a_client.post("/me/pain/", {"nrs": "4"})
    patient_a_client.post("/me/pain/", {"nrs": "12"})
    assert PainAssessment.objects.get().nrs == 4


@pytest.mark.django_db
def test_the_report_shows_in_the_trend(patient_a_client, patient_a):
    patient_a_client.post("/me/pain/", {"nrs": "3"})
    assert patient_a_client.get("/me/progress.json").json()["points"][0]["source"] == "self_report"


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client):
    assert client.post("/me/pain/", {"nrs": "3"})["Location"].startswith("/accounts/login/")
    assert not PainAssessment.objects.exists()


@pytest.mark.django_db
def test_get_is_not_allowed(patient_a_client):
    assert patient_a_client.get("/me/pain/").status_code == 405


@pytest.mark.django_db
def test_staff_cannot_self_report(practitioner_client):
    assert practitioner_client.post("/me/pain/", {"nrs": "3"}).status_code == 403
    assert not PainAssessment.objects.exists()
