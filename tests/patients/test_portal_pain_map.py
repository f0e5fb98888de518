"""The patient marks where it hurts with the daily report, and sees their first and latest map on
/me/ in their own words (issue 14)."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from patients.models import PainAssessment, PainRegionScore
from tests.factories import PainAssessmentFactory, PainRegionScoreFactory
from tests.session_forms import management

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _report(nrs, *rows, blank: int = 1) -> dict:
    rows = list(rows) + [("", "", "")] * blank
    data = {"nrs": str(nrs), "notes": ""} | management("regions", len(rows), 100)
    for index, (region, side, intensity) in enumerate(rows):
        data |= {
            f"regions-{index}-region": region,
            f"regions-{index}-side": side,
            f"regions-{index}-intensity": str(intensity),
        }
    return data


def _map(patient, at, *scores, source="clinician"):
    assessment = PainAssessmentFactory(patient=patient, assessed_at=at, source=source)
    for region, side, intensity in scores:
        PainRegionScoreFactory(assessment=assessment, region=region, side=side, intensity=intensity)


def test_the_report_form_offers_the_map(patient_a_client):
    page = patient_a_client.get("/me/").content.decode()
    form = page[page.index('id="pain-report-form"') : page.index("</form>", page.index('id="pain-report-form"'))]
    assert "Where does it hurt? (optional)" in form and 'name="regions-0-region"' in form
    assert 'data-region="L4"' in form and "clinic/pain_map_entry.js" in page


def test_the_patient_reports_where_it_hurts(patient_a_client, patient_a):
    response = patient_a_client.post("/me/pain/", _report(5, ("L4", "midline", 5), ("calf", "left", 3)))
    assert response.status_code == 302
    report = PainAssessment.objects.get()
    assert (report.patient, report.source) == (patient_a, "self_report")
    assert sorted(report.region_scores.values_list("region", "side", "intensity")) == [
        ("L4", "midline", 5),
        ("calf", "left", 3),
    ]


def test_a_second_report_the_same_day_updates_the_map_and_keeps_a_cleared_region_at_zero(patient_a_client):
    patient_a_client.post("/me/pain/", _report(5, ("L4", "midline", 5), ("calf", "left", 3)))
    patient_a_client.post("/me/pain/", _report(4, ("L4", "midline", 4)))
    report = PainAssessment.objects.get()
    assert sorted(report.region_scores.values_list("region", "side", "intensity")) == [
        ("L4", "midline", 4),
        ("calf", "left", 0),
    ]
    assert PainRegionScore.history.filter(region="calf").count() == 2  # nothing lost: the 3 is in history


def test_a_report_without_the_map_rows_leaves_todays_map_alone(patient_a_client):
    patient_a_client.post("/me/pain/", _report(5, ("L4", "midline", 5)))
    patient_a_client.post("/me/pain/", {"nrs": "3"})
    assert list(PainRegionScore.objects.values_list("region", "intensity")) == [("L4", 5)]


def test_a_bad_region_saves_nothing_and_says_why(patient_a_client):
    response = patient_a_client.post("/me/pain/", _report(5, ("L4", "midline", 5), ("calf", "", 3)))
    assert response.status_code == 200
    assert "Give the side and the intensity of this region." in response.content.decode()
    assert not PainAssessment.objects.exists() and not PainRegionScore.objects.exists()


def test_an_archived_patient_cannot_report_a_map(patient_a_client, patient_a):
    patient_a.archived_at = T0
    patient_a.save()
    response = patient_a_client.post("/me/pain/", _report(5, ("L4", "midline", 5)))
    assert response.status_code in (302, 403, 409)
    assert not PainRegionScore.objects.exists()


def test_me_shows_the_first_and_latest_map_in_the_patient_s_words(patient_a_client, patient_a, patient_b):
    _map(patient_a, T0, ("L5", "midline", 6), ("foot", "left", 7))
    _map(patient_a, T0 + timedelta(days=21), ("L5", "midline", 4), ("buttock", "left", 2))
    _map(patient_b, T0, ("C5", "right", 9), ("hand", "right", 9))
    page = patient_a_client.get("/me/").content.decode()
    panel = page[page.index('id="me-pain-map"') :]
    assert "Your first map" in panel and "Your latest map" in panel
    assert panel.count("2 areas hurt") == 2
    assert "has moved back toward your spine since your first map" in panel
    assert "Seen from behind: your left is on the left." in panel
    assert "Peripheralising" not in panel and "Aina" not in panel  # the clinician's wording stays on the record
    table = panel[panel.index('id="me-region-trend-table"') :]
    assert re.findall(r'<tr data-region="([^"]+)">', table) == ["L5", "buttock", "foot"]  # nobody else's map


def test_me_without_two_maps_shows_only_the_latest(patient_a_client, patient_a):
    _map(patient_a, T0, ("L5", "midline", 6))
    page = patient_a_client.get("/me/").content.decode()
    assert "Your latest map" in page and "Your first map" not in page
