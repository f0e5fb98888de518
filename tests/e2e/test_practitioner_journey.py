"""In a real Chromium: a practitioner registers a patient, logs a session with points and pre/post pain,
and sees the chart on the patient's page; the session form also works with the keyboard alone."""

import re
from datetime import timedelta

import pytest
from django.db.models import F

from patients.models import Patient
from sessions_app.models import AcupunctureSession
from tests.e2e.helpers import dom_csp_violations, shoot, sign_in
from tests.trend_histories import pain_history

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _no_csp_violation(page) -> None:
    assert page.csp_violations == [], page.csp_violations
    assert dom_csp_violations(page) == [], page.url


def test_a_practitioner_registers_a_patient_logs_a_session_and_sees_the_chart(page, practitioner):
    sign_in(page, "dr_chen")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    page.get_by_role("link", name="Register a patient").click()
    page.fill("#id_first_name", "Maren")
    page.fill("#id_last_name", "Lindqvist")
    page.fill("#id_date_of_birth", "1975-03-14")
    page.select_option("#id_sex", "female")
    page.select_option("#id_spine_region", "lumbar")
    page.select_option("#id_pain_type", "chronic")
    page.select_option("#id_condition", "sciatica")
    page.fill("#id_chief_complaint", "Low back pain radiating to the left leg")
    page.fill("#id_baseline_nrs", "8")
    shoot(page, "1-register")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r"/patients/\d+/$"))
    patient = Patient.objects.get(last_name="Lindqvist")
    assert page.locator("h1").inner_text().startswith("Maren Lindqvist")
    shoot(page, "2-patient-page")
    _no_csp_violation(page)

    # The intake took place an hour before the visit (here both happen within seconds, and the visit's
    # start is entered to the minute).
    patient.assessments.update(assessed_at=F("assessed_at") - timedelta(hours=1))
    page.get_by_role("link", name="Log a session").click()
    page.wait_for_url(f"**/patients/{patient.pk}/sessions/new/")
    page.fill("#id_pre_nrs", "7")
    page.fill("#id_post_nrs", "4")
    # Points typed as practitioners type them: pinyin, a code with the side after it, a midline point.
    page.fill("#id_points-0-code", "Shenshu")
    page.fill("#id_points-1-code", "ex-b2 L4 b")
    page.fill("#id_points-2-code", "gv4")
    page.select_option("#id_points-0-side", "bilateral")
    assert page.locator("#point-rows .point-name").first.inner_text() == "BL23 Shenshu"  # named as typed
    assert page.input_value("#id_points-2-side") == "midline"  # the script knows GV4 is midline
    assert page.locator("#insertion-summary").inner_text().startswith("5 insertions")
    page.fill("#id_subjective", "Better mornings; sitting still hurts.")
    shoot(page, "3-session-form")
    _no_csp_violation(page)
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(f"**/patients/{patient.pk}/")
    assert page.get_by_text("Session logged.").is_visible()

    session = AcupunctureSession.objects.get(patient=patient)
    points = sorted(session.session_points.values_list("acupoint__code", "side", "vertebral_level"))
    assert points == [("BL23", "bilateral", ""), ("EX-B2", "bilateral", "L4"), ("GV4", "midline", "")]
    assert sorted(session.assessments.values_list("source", "nrs")) == [("post_session", 4), ("pre_session", 7)]

    # The headline is the course (registration 8 → before needling 7), not the after-needling 4.
    summary = page.locator(".trend-summary").first.inner_text()
    assert summary.startswith("Pain fell from 8 to 7 (−12.5 %)"), summary
    assert "not yet a clinically important improvement" in summary
    assert page.locator(".trend-figures").inner_text().count("Responder") == 0
    assert "fell by 3.0 points on average (1 sessions)" in page.locator(".trend-effect").inner_text()
    chart = page.locator("svg.trend-chart").first
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert chart.locator("g.pairs > g").count() == 1  # before -> after needling, 7 -> 4
    assert chart.locator("g.marks circle").count() >= 1  # the baseline score of 8
    assert chart.locator("title").first.text_content() == "Pain over time (NRS 0–10)"
    shoot(page, "4-chart")
    _no_csp_violation(page)
    assert page.console_errors == []


def _tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the focus is on `selector`: it must be reachable from the keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_the_session_form_can_be_filled_and_saved_with_the_keyboard_alone(page, practitioner, patient_a):
    pain_history(patient_a, [8, 7])
    sign_in(page, "dr_chen")
    page.goto(f"/patients/{patient_a.pk}/sessions/new/")  # from here on: no mouse

    assert page.evaluate("document.activeElement.id") == "id_pre_nrs"  # the form opens on it
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("3")  # post_nrs follows pre_nrs in the tab order
    assert page.input_value("#id_post_nrs") == "3"

    _tab_to(page, "#id_points-0-code")
    focus_ring = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert focus_ring != "none", "the focused field shows where the keyboard is"
    page.keyboard.type("bl23")
    page.keyboard.press("Tab")  # to the side: the script chose bilateral for BL23
    assert page.evaluate("document.activeElement.name") == "points-0-side"
    assert page.input_value("#id_points-0-side") == "bilateral"
    _tab_to(page, "#id_points-1-code")
    page.keyboard.type("Dachangshu")
    page.keyboard.press("Tab")
    page.keyboard.press("l")  # a select is chosen by typing: Left
    assert page.input_value("#id_points-1-side") == "left"
    _tab_to(page, "#id_points-2-code")
    page.keyboard.type("du4")  # the older abbreviation of GV4
    shoot(page, "keyboard-filled")

    _tab_to(page, "#session-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/patients/{patient_a.pk}/")
    assert page.get_by_text("Session logged.").is_visible()
    session = AcupunctureSession.objects.get(patient=patient_a)
    assert sorted(session.session_points.values_list("acupoint__code", "side")) == [
        ("BL23", "bilateral"),
        ("BL25", "left"),
        ("GV4", "midline"),
    ]
    assert sorted(session.assessments.values_list("source", "nrs")) == [("post_session", 3), ("pre_session", 6)]
    shoot(page, "keyboard-saved")
    _no_csp_violation(page)
