"""The pain map over time on the record, the practitioner's home and /outcomes/ (issue 14)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PainAssessmentFactory, PainRegionScoreFactory, PatientFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
SCIATICA = [("L5", "midline", 6), ("buttock", "left", 5), ("calf", "left", 6), ("foot", "left", 7)]


def _map(patient, at, *scores, source="clinician"):
    assessment = PainAssessmentFactory(patient=patient, assessed_at=at, source=source)
    for region, side, intensity in scores:
        PainRegionScoreFactory(assessment=assessment, region=region, side=side, intensity=intensity)


def test_the_record_shows_the_first_and_latest_maps_and_says_the_pain_centralises(practitioner_client, patient_a):
    _map(patient_a, T0, *SCIATICA)
    _map(patient_a, T0 + timedelta(days=28), ("L5", "midline", 4), ("buttock", "left", 2))
    page = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    first = page[page.index('id="first-map-panel"') : page.index('id="latest-map-panel"')]
    latest = page[page.index('id="latest-map-panel"') :]
    assert "4 regions hurt" in first and "2 regions hurt" in latest
    assert re.search(r'class="pm-region pm-high" data-region="foot" data-side="left"', first)
    assert re.search(r'class="pm-region pm-none" data-region="foot" data-side="left"', latest)
    sentence = re.search(r'id="centralisation"\s*>([^<]+)<', page).group(1)
    assert sentence == (
        "Centralising: the limb pain has retreated toward the spine since the first pain map "
        "(left leg: Foot → Buttock)."
    )
    assert "Aina 2004, May &amp; Aina 2012" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "region-chart" in page
    rows = re.findall(r'<tr data-region="([^"]+)"><th scope="row">[^<]+</th><td>(\d+)</td><td>(\d+)</td>', page)
    assert rows == [("L5", "6", "4"), ("buttock", "5", "2"), ("calf", "6", "0"), ("foot", "7", "0")]


def test_the_record_warns_when_the_pain_spreads_down_the_leg(practitioner_client, patient_a):
    _map(patient_a, T0, ("L4", "left", 6), ("buttock", "left", 4))
    _map(patient_a, T0 + timedelta(days=14), ("L4", "left", 6), ("calf", "left", 5))
    page = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    warning = re.search(r'<p class="alert alert-warning[^"]*" id="centralisation"\s*role="alert">([^<]+)<', page)
    assert warning and warning.group(1).startswith("Peripheralising:")


def test_the_home_lists_the_practitioner_s_patients_whose_pain_spreads(practitioner_client, practitioner, patient_a):
    _map(patient_a, T0, ("L4", "left", 6), ("buttock", "left", 4))
    _map(patient_a, T0 + timedelta(days=14), ("L4", "left", 6), ("foot", "left", 5))
    better = PatientFactory(primary_practitioner=practitioner, last_name="Better")
    _map(better, T0, *SCIATICA)
    _map(better, T0 + timedelta(days=14), ("L5", "midline", 3))
    page = practitioner_client.get("/").content.decode()
    section = page[page.index('id="peripheralising"') :]
    assert f'href="/patients/{patient_a.pk}/#pain-map"' in section
    assert f'href="/patients/{better.pk}/#pain-map"' not in section


def test_outcomes_show_which_regions_improve_by_condition(admin_client):
    for condition, latest in (
        ("sciatica", [("L5", "midline", 3), ("buttock", "left", 2)]),
        ("sciatica", [("L5", "midline", 7), ("foot", "left", 7)]),
    ):
        patient = PatientFactory(condition=condition)
        _map(patient, T0, *SCIATICA)
        _map(patient, T0 + timedelta(days=30), *latest)
        # A score right after needling is not the course: its map is ignored.
        _map(patient, T0 + timedelta(days=31), ("hand", "left", 9), source="post_session")
    single = PatientFactory(condition="herniated_disc")
    _map(single, T0, ("L4", "left", 8))  # one map: no comparison
    page = admin_client.get("/outcomes/").content.decode()
    table = page[page.index('id="outcomes-by-region"') :]
    rows = re.findall(
        r'<tr data-condition="([^"]+)" data-region="([^"]+)"><td>[^<]+</td><th scope="row">[^<]+</th>'
        r"<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>",
        table,
    )
    assert rows == [
        ("sciatica", "L5", "2", "1", "1", "50.0", "-1.0"),
        ("sciatica", "buttock", "2", "2", "0", "100.0", "-4.0"),
        ("sciatica", "calf", "2", "2", "0", "100.0", "-6.0"),
        ("sciatica", "foot", "2", "1", "0", "50.0", "-3.5"),
    ]


def test_outcomes_by_region_read_the_same_queries_for_few_and_many_patients(admin_client, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            patient = PatientFactory(condition="sciatica")
            _map(patient, T0, *SCIATICA)
            _map(patient, T0 + timedelta(days=30), ("L5", "midline", 3))

    add(1)
    admin_client.get("/outcomes/")
    with CaptureQueriesContext(connection) as few:
        admin_client.get("/outcomes/")
    add(6)
    with django_assert_num_queries(len(few)):
        page = admin_client.get("/outcomes/").content.decode()
    assert (
        '<tr data-condition="sciatica" data-region="foot"><td>Sciatica</td><th scope="row">Foot</th><td>7</td>' in page
    )
    assert len(few) <= 15
