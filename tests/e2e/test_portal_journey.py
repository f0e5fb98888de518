"""In a real Chromium: a patient signs in, sees only their own chart, and reports today's pain."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import PainAssessment
from tests.e2e.helpers import dom_csp_violations, shoot, sign_in
from tests.factories import SessionFactory
from tests.trend_histories import pain_history

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_patient_sees_only_their_own_chart_and_reports_todays_pain(page, practitioner, patient_a, patient_b):
    week_ago = timezone.now() - timedelta(days=7)
    pain_history(patient_a, [8, 7, 6], start=week_ago)
    pain_history(patient_b, [2, 9, 1, 9], start=week_ago)  # a shape that cannot be mistaken for A's
    SessionFactory(patient=patient_b, practitioner=practitioner, notes="Bob's private session note")

    sign_in(page, "patient_a")
    assert page.url.endswith("/me/")  # a patient's home is their own record
    assert page.locator("h1").inner_text() == "My progress"
    chart = page.locator("svg.trend-chart").first
    assert chart.is_visible()
    assert chart.locator("g.marks circle").count() == 3  # A's three scores, none of B's four
    shown = page.locator("main").inner_text()  # the navigation names the signed-in user (a random name)
    assert "Baker" not in shown and patient_b.mrn not in shown and "private session note" not in shown
    shoot(page, "1-own-chart")

    page.goto("/me/progress.json")
    progress = json.loads(page.locator("body").inner_text())
    assert progress["patient"] == patient_a.pk
    assert [point["nrs"] for point in progress["points"]] == [8, 7, 6]
    for url in [f"/patients/{patient_b.pk}/", f"/patients/{patient_b.pk}/progress.json", "/patients/"]:
        response = page.goto(url)
        assert response.status == 403, url  # another patient's record: refused, never shown
        assert "Baker" not in page.locator("main").inner_text()
    shoot(page, "2-another-patient-refused")

    page.goto("/me/")
    page.get_by_label("3", exact=True).check()
    page.fill("#id_notes", "Easier after the walk")
    page.get_by_role("button", name="Save today's score").click()
    page.wait_for_url("**/me/")
    assert page.get_by_text("today's pain score is saved").is_visible()
    assert page.get_by_text("You reported 3 out of 10 today").is_visible()
    assert page.locator("svg.trend-chart").first.locator("g.marks circle").count() == 4
    report = PainAssessment.objects.get(patient=patient_a, source="self_report")
    assert (report.nrs, report.notes, report.recorded_by) == (3, "Easier after the walk", patient_a.user)
    assert not PainAssessment.objects.filter(patient=patient_b, source="self_report").exists()
    shoot(page, "3-reported")
    assert page.csp_violations == [] and dom_csp_violations(page) == []


def test_a_patient_can_correct_todays_score_the_same_day(page, patient_a):
    sign_in(page, "patient_a")
    for score in ("6", "4"):
        page.get_by_label(score, exact=True).check()
        page.locator("#pain-report-form button[type=submit]").click()
        page.wait_for_url("**/me/")
    assert list(PainAssessment.objects.filter(patient=patient_a).values_list("nrs", flat=True)) == [4]
    assert page.get_by_text("You reported 4 out of 10 today").is_visible()
