"""The session form marks where it hurts with the score before needling: the region scores are
saved on the pre-needling assessment in the session's one transaction, and the session page draws
them with the points needled (issue 14)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import PainAssessment, PainRegionScore
from sessions_app import services
from sessions_app.models import AcupunctureSession, SessionPoint
from tests.session_forms import management, session_data

pytestmark = pytest.mark.django_db


def _regions(*rows, blank: int = 1) -> dict:
    rows = list(rows) + [("", "", "")] * blank
    data = management("regions", len(rows), 100)
    for index, (region, side, intensity) in enumerate(rows):
        data |= {
            f"regions-{index}-region": region,
            f"regions-{index}-side": side,
            f"regions-{index}-intensity": str(intensity),
        }
    return data


def _post(client, patient, data):
    return client.post(f"/patients/{patient.pk}/sessions/new/", data)


def test_the_form_offers_the_map_and_its_rows(practitioner_client, patient_a):
    page = practitioner_client.get(f"/patients/{patient_a.pk}/sessions/new/").content.decode()
    assert 'name="regions-TOTAL_FORMS"' in page and 'name="regions-0-region"' in page
    assert re.search(r'<svg class="pain-map-svg pm-map-entry"[^>]*role="group"', page)
    assert 'data-region="calf" data-side="left"' in page
    assert "clinic/pain_map_entry.js" in page and "<script>" not in page


def test_the_regions_are_saved_with_the_score_before_needling(practitioner_client, patient_a):
    data = session_data(pre_nrs=7, post_nrs=4) | _regions(("L5", "midline", 6), ("calf", "left", 5))
    response = _post(practitioner_client, patient_a, data)
    assert response.status_code == 302
    before = PainAssessment.objects.get(source="pre_session")
    scores = list(PainRegionScore.objects.values_list("assessment", "region", "side", "intensity").order_by("pk"))
    assert scores == [(before.pk, "L5", "midline", 6), (before.pk, "calf", "left", 5)]
    assert not PainRegionScore.objects.filter(assessment__source="post_session").exists()


def test_an_unknown_region_saves_nothing_at_all(practitioner_client, patient_a):
    data = session_data(pre_nrs=7) | _regions(("L5", "midline", 6), ("knee", "left", 5))
    response = _post(practitioner_client, patient_a, data)
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert not (
        AcupunctureSession.objects.exists() or PainAssessment.objects.exists() or PainRegionScore.objects.exists()
    )


def test_an_intensity_out_of_range_saves_nothing(practitioner_client, patient_a):
    response = _post(practitioner_client, patient_a, session_data(pre_nrs=7) | _regions(("L5", "midline", 11)))
    assert response.status_code == 200
    assert not (AcupunctureSession.objects.exists() or PainRegionScore.objects.exists())


def test_a_map_without_the_score_before_needling_is_refused(practitioner_client, patient_a):
    # the post-without-pre warning confirmed: the map's own rule still refuses
    data = session_data(post_nrs=3, confirm_warnings="post_without_pre") | _regions(("L5", "midline", 6))
    response = _post(practitioner_client, patient_a, data)
    assert response.status_code == 200
    assert "Give the pain score before needling with the pain map." in response.content.decode()
    assert not (AcupunctureSession.objects.exists() or SessionPoint.objects.exists() or PainAssessment.objects.exists())


def test_a_failure_after_the_region_scores_leaves_nothing_behind(practitioner_client, patient_a, monkeypatch):
    """One transaction: a refusal raised after the scores were written rolls them back too."""

    def refuse(*args, **kwargs):
        raise services.ValidationError("Refused after the map was written.")

    monkeypatch.setattr(services, "FollowUp", refuse)
    data = session_data(pre_nrs=7, followup_due_on=(timezone.localdate() + timedelta(days=7)).isoformat()) | _regions(
        ("L5", "midline", 6)
    )
    _post(practitioner_client, patient_a, data)
    assert not (AcupunctureSession.objects.exists() or PainRegionScore.objects.exists())


def test_a_post_without_the_map_rows_still_logs_the_session(practitioner_client, patient_a):
    assert _post(practitioner_client, patient_a, session_data(pre_nrs=5)).status_code == 302
    assert AcupunctureSession.objects.count() == 1 and not PainRegionScore.objects.exists()


def test_the_session_page_draws_the_pain_and_the_points_needled(practitioner_client, patient_a):
    points = [("BL23", "bilateral"), ("GB30", "left"), ("ST36", "left")]
    _post(practitioner_client, patient_a, session_data(points=points, pre_nrs=6) | _regions(("buttock", "left", 4)))
    session = AcupunctureSession.objects.get()
    page = practitioner_client.get(f"/sessions/{session.pk}/").content.decode()
    figure = page[page.index('id="session-map"') :]
    assert re.search(r'class="pm-region pm-mid" data-region="buttock" data-side="left"', figure)
    dots = re.findall(r'<circle class="pm-point" data-point="([^"]+)" data-side="([^"]+)"', figure)
    assert dots == [("BL23", "left"), ("BL23", "right"), ("GB30", "left")]
    assert "<title>BL23 Shenshu, left</title>" in figure
    assert re.search(r"Not on the back view:\s*ST36", figure)
