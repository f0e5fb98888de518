"""progress.json `regions`: the pain-map scores per region code, oldest first (CONTRACT.md "The trend")."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import PainAssessmentFactory, PainRegionScoreFactory

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _map(patient, at, *scores):
    assessment = PainAssessmentFactory(patient=patient, assessed_at=at, nrs=6)
    for region, side, intensity in scores:
        PainRegionScoreFactory(assessment=assessment, region=region, side=side, intensity=intensity)
    return assessment


@pytest.mark.django_db
def test_regions_is_empty_without_a_map(practitioner_client, patient_a):
    PainAssessmentFactory(patient=patient_a, assessed_at=T0)
    assert practitioner_client.get(f"/patients/{patient_a.pk}/progress.json").json()["regions"] == {}


@pytest.mark.django_db
def test_regions_hold_each_regions_scores_oldest_first(practitioner_client, patient_a, patient_b):
    # Recorded out of order: the later assessment first.
    _map(patient_a, T0 + timedelta(days=7), ("L4", "left", 3), ("calf", "left", 0))
    _map(patient_a, T0, ("L4", "left", 6), ("calf", "left", 5), ("buttock", "left", 4))
    _map(patient_b, T0, ("C5", "right", 9))
    regions = practitioner_client.get(f"/patients/{patient_a.pk}/progress.json").json()["regions"]
    assert regions == {
        "L4": [
            {"date": "2026-01-05T10:00:00+00:00", "side": "left", "intensity": 6},
            {"date": "2026-01-12T10:00:00+00:00", "side": "left", "intensity": 3},
        ],
        "buttock": [{"date": "2026-01-05T10:00:00+00:00", "side": "left", "intensity": 4}],
        "calf": [
            {"date": "2026-01-05T10:00:00+00:00", "side": "left", "intensity": 5},
            {"date": "2026-01-12T10:00:00+00:00", "side": "left", "intensity": 0},
        ],
    }


@pytest.mark.django_db
def test_the_patient_sees_their_own_regions(patient_a_client, patient_a):
    _map(patient_a, T0, ("S1", "midline", 5))
    regions = patient_a_client.get("/me/progress.json").json()["regions"]
    assert regions == {"S1": [{"date": "2026-01-05T10:00:00+00:00", "side": "midline", "intensity": 5}]}


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 40])
def test_the_query_count_does_not_grow_with_the_map(practitioner_client, patient_a, count, django_assert_num_queries):
    for day in range(count):
        _map(patient_a, T0 + timedelta(days=day), ("L4", "left", 5), ("thigh_back", "right", 4))
    with django_assert_num_queries(10):
        response = practitioner_client.get(f"/patients/{patient_a.pk}/progress.json")
    assert len(response.json()["regions"]["L4"]) == count
