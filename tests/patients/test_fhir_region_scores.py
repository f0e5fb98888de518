"""Each pain-map score is a FHIR Observation with a bodySite (CONTRACT.md "Pain map")."""

import json
from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle

from interop.fhir import build_bundle
from patients.pain_map import REGION_CODES, PainSide
from tests.factories import PainAssessmentFactory, PainRegionScoreFactory, SessionFactory

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _regions(response):
    entries = json.loads(response.content)["entry"]
    return [e["resource"] for e in entries if e["resource"]["id"].startswith("region-")]


@pytest.mark.django_db
def test_a_region_score_is_an_observation_with_its_body_site(practitioner_client, patient_a, settings):
    session = SessionFactory(patient=patient_a, started_at=T0)
    assessment = PainAssessmentFactory(patient=patient_a, session=session, source="pre_session", assessed_at=T0)
    score = PainRegionScoreFactory(assessment=assessment, region="L4", side="left", intensity=6)
    response = practitioner_client.get(f"/patients/{patient_a.pk}/fhir/")
    Bundle.model_validate(json.loads(response.content))
    [observation] = _regions(response)
    assert observation["id"] == f"region-{score.pk}"
    assert observation["resourceType"] == "Observation"
    assert observation["code"]["coding"][0]["code"] == "72514-3"
    assert observation["valueInteger"] == 6
    assert observation["effectiveDateTime"] == "2026-01-05T10:00:00+00:00"
    assert observation["subject"] == {"reference": f"Patient/{patient_a.pk}"}
    assert observation["partOf"] == [{"reference": f"Procedure/{session.pk}"}]
    assert observation["bodySite"] == {
        "coding": [
            {
                "system": f"{settings.CLINIC_FHIR_BASE_URL}CodeSystem/pain-region",
                "code": "L4",
                "display": "Lumbar vertebra L4",
            }
        ],
        "text": "Lumbar vertebra L4 (left)",
    }


@pytest.mark.django_db
def test_every_region_and_side_gives_a_valid_observation(patient_a):
    assessment = PainAssessmentFactory(patient=patient_a, assessed_at=T0)
    sides = list(PainSide.values)
    for index, code in enumerate(REGION_CODES):
        PainRegionScoreFactory(assessment=assessment, region=code, side=sides[index % 4], intensity=index % 11)
    bundle = build_bundle(patient_a, base_url="https://clinic.example/fhir/")
    sites = [e.resource.bodySite.coding[0].code for e in bundle.entry if e.resource.id.startswith("region-")]
    assert sites == list(REGION_CODES)


@pytest.mark.django_db
def test_the_patient_bundle_holds_only_their_own_region_scores(patient_a_client, patient_a, patient_b):
    PainRegionScoreFactory(assessment=PainAssessmentFactory(patient=patient_a), region="C6")
    PainRegionScoreFactory(assessment=PainAssessmentFactory(patient=patient_b), region="foot")
    assert [o["bodySite"]["coding"][0]["code"] for o in _regions(patient_a_client.get("/me/fhir/"))] == ["C6"]
