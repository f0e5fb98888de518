"""The admin edits an assessment's pain map with it, read-only once the patient is archived."""

import pytest

from patients import services
from patients.models import PainRegionScore
from tests.factories import PainAssessmentFactory, PainRegionScoreFactory


@pytest.mark.django_db
def test_the_assessment_page_lists_its_region_scores_for_editing(admin_client, patient_a):
    assessment = PainAssessmentFactory(patient=patient_a)
    PainRegionScoreFactory(assessment=assessment, region="L5", side="right", intensity=7)
    page = admin_client.get(f"/admin/patients/painassessment/{assessment.pk}/change/").content.decode()
    assert 'name="region_scores-TOTAL_FORMS"' in page
    assert 'name="region_scores-0-intensity"' in page
    assert 'value="7"' in page
    assert "region_scores-0-DELETE" not in page


@pytest.mark.django_db
def test_an_archived_patients_region_scores_are_shown_read_only(admin_client, patient_a):
    assessment = PainAssessmentFactory(patient=patient_a)
    PainRegionScoreFactory(assessment=assessment, region="L5", side="right", intensity=7)
    services.patient_archive(patient=patient_a)
    page = admin_client.get(f"/admin/patients/painassessment/{assessment.pk}/change/").content.decode()
    assert 'name="region_scores-0-intensity"' not in page
    assert "Lumbar vertebra L5" in page


@pytest.mark.django_db
def test_the_region_score_list_and_page_open(admin_client, patient_a):
    score = PainRegionScoreFactory(assessment=PainAssessmentFactory(patient=patient_a), region="buttock")
    assert admin_client.get("/admin/patients/painregionscore/").status_code == 200
    assert admin_client.get(f"/admin/patients/painregionscore/{score.pk}/change/").status_code == 200
    assert PainRegionScore.objects.count() == 1


@pytest.mark.django_db
def test_a_region_score_for_an_archived_patients_assessment_is_refused(admin_client, patient_a):
    assessment = PainAssessmentFactory(patient=patient_a)
    services.patient_archive(patient=patient_a)
    data = {"assessment": str(assessment.pk), "region": "L4", "side": "left", "intensity": "5"}
    response = admin_client.post("/admin/patients/painregionscore/add/", data)
    assert response.status_code == 200
    assert "archived" in response.content.decode()
    assert not PainRegionScore.objects.exists()
