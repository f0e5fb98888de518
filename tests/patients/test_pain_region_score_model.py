"""The pain map's region scores: every catalogued region accepted, an unknown one and an intensity
off the NRS refused by full_clean() and by the database (CONTRACT.md "Pain map")."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from patients.measures import NRS_MAX, NRS_MIN
from patients.models import PainRegionScore
from patients.pain_map import REGION_CODES
from tests.factories import PainAssessmentFactory

CONTRACT_CODES = [
    *(f"C{n}" for n in range(1, 8)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    "S1",
    "sacroiliac",
    "buttock",
    "thigh_back",
    "calf",
    "foot",
    "shoulder",
    "arm",
]


@pytest.fixture
def assessment(patient_a):
    return PainAssessmentFactory(patient=patient_a, nrs=6)


def test_the_catalogue_holds_every_region_the_contract_names():
    assert set(CONTRACT_CODES) <= set(REGION_CODES)


def test_the_catalogue_runs_from_the_spine_outward():
    assert REGION_CODES[:25] == tuple(CONTRACT_CODES[:25])
    assert REGION_CODES.index("buttock") < REGION_CODES.index("thigh_back") < REGION_CODES.index("calf")
    assert REGION_CODES.index("calf") < REGION_CODES.index("foot")
    assert REGION_CODES.index("shoulder") < REGION_CODES.index("arm")


@pytest.mark.django_db
@pytest.mark.parametrize("code", REGION_CODES)
def test_it_accepts_every_catalogued_region(assessment, code):
    score = PainRegionScore(assessment=assessment, region=code, side="left", intensity=5)
    score.full_clean()
    score.save()
    assert PainRegionScore.objects.get(pk=score.pk).region == code


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["L6", "knee", "l4", ""])
def test_full_clean_refuses_an_unknown_region(assessment, code):
    with pytest.raises(ValidationError) as refused:
        PainRegionScore(assessment=assessment, region=code, side="left", intensity=5).full_clean()
    assert "region" in refused.value.message_dict


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_region(assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        PainRegionScore.objects.create(assessment=assessment, region="L6", side="left", intensity=5)
    assert not PainRegionScore.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_side(assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        PainRegionScore.objects.create(assessment=assessment, region="L4", side="both", intensity=5)


@pytest.mark.django_db
@pytest.mark.parametrize("intensity", [NRS_MIN, NRS_MAX])
def test_it_accepts_the_ends_of_the_scale(assessment, intensity):
    PainRegionScore(assessment=assessment, region="L4", side="midline", intensity=intensity).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("intensity", [NRS_MIN - 1, NRS_MAX + 1])
def test_full_clean_refuses_an_intensity_off_the_scale(assessment, intensity):
    with pytest.raises(ValidationError) as refused:
        PainRegionScore(assessment=assessment, region="L4", side="left", intensity=intensity).full_clean()
    assert "intensity" in refused.value.message_dict


@pytest.mark.django_db
def test_the_database_refuses_an_intensity_above_the_scale(assessment):
    with pytest.raises(IntegrityError), transaction.atomic():
        PainRegionScore.objects.create(assessment=assessment, region="L4", side="left", intensity=NRS_MAX + 1)
    assert not PainRegionScore.objects.exists()


@pytest.mark.django_db
def test_a_region_scores_once_per_side_at_one_assessment(assessment):
    PainRegionScore.objects.create(assessment=assessment, region="L4", side="left", intensity=5)
    with pytest.raises(ValidationError):
        PainRegionScore(assessment=assessment, region="L4", side="left", intensity=3).full_clean()
    PainRegionScore(assessment=assessment, region="L4", side="right", intensity=3).full_clean()


@pytest.mark.django_db
def test_a_change_is_kept_in_the_history_with_who_made_it(assessment, practitioner):
    score = PainRegionScore.objects.create(assessment=assessment, region="L4", side="left", intensity=5)
    score._history_user = practitioner.user
    score.intensity = 3
    score.save()
    assert [h.intensity for h in score.history.order_by("history_date")] == [5, 3]
    assert score.history.latest().history_user == practitioner.user
