"""The record shows the latest assessment's pain map: an inline SVG with a shape per region and a
table of the same figures (CONTRACT.md "Pain map"); colours come from classes, never inline style."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from patients.pain_map import REGION_CODES
from tests.factories import PainAssessmentFactory, PainRegionScoreFactory

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _map(patient, at, *scores):
    assessment = PainAssessmentFactory(patient=patient, assessed_at=at, nrs=6)
    for region, side, intensity in scores:
        PainRegionScoreFactory(assessment=assessment, region=region, side=side, intensity=intensity)


def _latest(page: str) -> str:
    """The latest map's panel (the first map, when there are two, is drawn beside it)."""
    return page[page.index('id="latest-map-panel"') :]


def _svg(page: str) -> str:
    return re.search(r'<svg class="pain-map-svg".*?</svg>', _latest(page), re.S).group(0)


@pytest.mark.django_db
def test_the_record_draws_the_latest_map_with_every_region(practitioner_client, patient_a):
    _map(patient_a, T0, ("L4", "left", 2), ("calf", "left", 8))
    _map(patient_a, T0 + timedelta(days=7), ("L4", "left", 6), ("buttock", "right", 3))
    page = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    svg = _svg(page)
    assert 'role="img"' in svg and "<title" in svg
    assert set(re.findall(r'data-region="([^"]+)"', svg)) == set(REGION_CODES)
    assert re.search(r'class="pm-region pm-mid" data-region="L4"', svg)
    assert re.search(r'class="pm-region pm-low" data-region="buttock" data-side="right"', svg)
    assert re.search(r'class="pm-region pm-none" data-region="buttock" data-side="left"', svg)
    # The earlier map's calf score is not the latest map.
    assert not re.search(r'pm-high" data-region="calf"', svg)
    assert "style=" not in svg and "<script" not in svg
    table = re.findall(r'<tr data-region="([^"]+)"><td>([^<]+)</td><td>([^<]+)</td><td>(\d+)</td>', _latest(page))
    assert table == [("L4", "Lumbar vertebra L4", "Left", "6"), ("buttock", "Buttock", "Right", "3")]
    assert "2 regions hurt" in svg


@pytest.mark.django_db
def test_a_record_without_a_map_shows_none(practitioner_client, patient_a):
    PainAssessmentFactory(patient=patient_a, assessed_at=T0)
    page = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert "pain-map-svg" not in page


@pytest.mark.django_db
def test_another_patients_map_is_not_shown(practitioner_client, patient_a, patient_b):
    _map(patient_b, T0, ("C5", "right", 9))
    page = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert "pain-map-svg" not in page


@pytest.mark.django_db
def test_an_assessment_with_a_map_is_still_one_pain_score(practitioner_client, patient_a):
    _map(patient_a, T0, ("L4", "left", 6), ("L5", "left", 5), ("calf", "left", 4))
    response = practitioner_client.get(f"/patients/{patient_a.pk}/")
    assert response.context["record"].assessments.paginator.count == 1
    assert len(response.context["record"].history.points) == 1
