"""The clinician's pain entry marks where it hurts: without JavaScript, a list of region, side and
intensity rows saved with the score, all or nothing (issue 14)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients import services
from patients.models import PainAssessment, PainRegionScore
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def _when() -> str:
    return timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def _post(client, patient, rows, **extra):
    page = client.get(f"/patients/{patient.pk}/assessments/new/").content.decode()
    data = form_data(page, "assessment-form") | {"assessed_at": [_when()], "nrs": ["6"]}
    for index, (region, side, intensity) in enumerate(rows):
        data |= {
            f"regions-{index}-region": [region],
            f"regions-{index}-side": [side],
            f"regions-{index}-intensity": [intensity],
        }
    return client.post(f"/patients/{patient.pk}/assessments/new/", data | extra)


def test_the_form_lists_region_rows_without_javascript(practitioner_client, patient_a):
    page = practitioner_client.get(f"/patients/{patient_a.pk}/assessments/new/").content.decode()
    assert 'name="regions-TOTAL_FORMS"' in page
    assert 'name="regions-0-region"' in page and 'name="regions-5-intensity"' in page
    assert '<option value="L4">Lumbar vertebra L4</option>' in page
    assert '<label class="visually-hidden" for="id_regions-0-region">' in page


def test_the_marked_regions_are_saved_with_the_score(practitioner_client, patient_a):
    response = _post(practitioner_client, patient_a, [("L4", "left", "6"), ("calf", "left", "4")])
    assert response.status_code == 302
    assessment = PainAssessment.objects.get()
    scores = [(s.region, s.side, s.intensity) for s in PainRegionScore.objects.order_by("pk")]
    assert scores == [("L4", "left", 6), ("calf", "left", 4)]
    assert {s.assessment_id for s in PainRegionScore.objects.all()} == {assessment.pk}
    page = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert 'class="pm-region pm-mid" data-region="L4"' in page


def test_a_score_posted_without_the_rows_records_no_map(practitioner_client, patient_a):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/assessments/new/", {"assessed_at": _when(), "nrs": "5"}
    )
    assert response.status_code == 302
    assert PainAssessment.objects.count() == 1 and not PainRegionScore.objects.exists()


@pytest.mark.parametrize(
    "row, field",
    [
        (("L6", "left", "5"), "region"),
        (("L4", "both", "5"), "side"),
        (("L4", "left", "11"), "intensity"),
        (("L4", "left", ""), "intensity"),
        (("L4", "", "5"), "side"),
    ],
)
def test_a_wrong_row_is_refused_next_to_its_field_and_nothing_is_saved(practitioner_client, patient_a, row, field):
    response = _post(practitioner_client, patient_a, [("L5", "left", "5"), row])
    assert response.status_code == 200
    assert field in response.context["regions"].forms[1].errors
    assert not PainAssessment.objects.exists() and not PainRegionScore.objects.exists()


def test_the_same_region_and_side_twice_is_refused(practitioner_client, patient_a):
    response = _post(practitioner_client, patient_a, [("L4", "left", "5"), ("L4", "left", "3")])
    assert response.status_code == 200
    assert "region" in response.context["regions"].forms[1].errors
    assert not PainAssessment.objects.exists()


def test_the_service_writes_nothing_when_a_region_is_wrong(patient_a, practitioner):
    with pytest.raises(ValidationError):
        services.assessment_record(
            patient=patient_a, recorded_by=practitioner.user, nrs=5, regions=[("L4", "left", 5), ("knee", "left", 3)]
        )
    assert not PainAssessment.objects.exists() and not PainRegionScore.objects.exists()


def test_an_archived_patient_gets_no_map(practitioner_client, patient_a):
    page = practitioner_client.get(f"/patients/{patient_a.pk}/assessments/new/").content.decode()
    services.patient_archive(patient=patient_a)
    data = form_data(page, "assessment-form") | {"assessed_at": [_when()], "nrs": ["6"], "regions-0-region": ["L4"]}
    data |= {"regions-0-side": ["left"], "regions-0-intensity": ["5"]}
    response = practitioner_client.post(f"/patients/{patient_a.pk}/assessments/new/", data)
    assert response.status_code in (302, 403, 409)
    assert not PainAssessment.objects.exists() and not PainRegionScore.objects.exists()
