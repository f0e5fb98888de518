"""At 390 px the figures a clinician reads are on the screen, not behind a sideways scroll: the patient
list's NRS, change and follow-up, the trend chart's y-axis and legend, the portal's practitioner
column, and touch targets of at least 44 px (the pain buttons on /me/)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.helpers import shoot, sign_in
from tests.factories import FollowUpFactory, SessionFactory, add_points
from tests.trend_histories import pain_history

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE_390 = {"width": 390, "height": 844}

IN_VIEW = """(selector) => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll(selector)].map((el) => {
    const box = el.getBoundingClientRect();
    return {text: el.textContent.trim(), left: box.left, right: box.right, width};
  });
}"""


@pytest.fixture
def record(practitioner, patient_a):
    start = timezone.now() - timedelta(days=70)
    pain_history(patient_a, [8, 7, 7, 6, 5, 5, 4, 4], start=start, step=timedelta(days=7))
    for weeks in (6, 2):
        session = SessionFactory(
            patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(weeks=weeks)
        )
        add_points(session, [("BL23", "bilateral"), ("GV4", "midline")])
    FollowUpFactory(patient=patient_a, due_on=timezone.localdate() + timedelta(days=5))
    return patient_a


def _all_in_view(page, selector: str) -> list[dict]:
    boxes = page.evaluate(IN_VIEW, selector)
    assert boxes, f"nothing matches {selector}"
    return [box for box in boxes if box["left"] < 0 or box["right"] > box["width"] + 1]


def test_the_patient_list_shows_nrs_change_and_follow_up_on_a_phone(page, record):
    page.set_viewport_size(PHONE_390)
    sign_in(page, "dr_chen")
    page.goto("/patients/")
    shoot(page, "phone390-patient-list")
    for label in ("Latest NRS", "Since baseline", "Next follow-up"):
        assert _all_in_view(page, f"td[data-label='{label}']") == [], label
    row = page.locator("tr", has_text="Archer")
    assert "4" in row.locator("td[data-label='Latest NRS']").inner_text()
    assert "8 → 4" in row.locator("td[data-label='Since baseline']").inner_text()


def test_the_trend_chart_keeps_its_y_axis_and_legend_on_screen(page, record):
    page.set_viewport_size(PHONE_390)
    sign_in(page, "dr_chen")
    page.goto(f"/patients/{record.pk}/")
    page.locator("#trend-heading").scroll_into_view_if_needed()
    shoot(page, "phone390-trend-chart")
    assert _all_in_view(page, "#trend svg .y-axis text") == []
    labels = [box["text"] for box in page.evaluate(IN_VIEW, "#trend svg .y-axis text")]
    assert labels[0] == "0" and labels[-1] == "10"
    legend = page.locator("#trend .chart-legend").first
    assert legend.is_visible()
    assert "Pain course" in legend.inner_text()
    assert _all_in_view(page, "#trend .chart-legend li") == []
    font = page.evaluate("() => document.querySelector('#trend svg .y-axis text').getBoundingClientRect().height")
    assert font >= 8  # readable, not the 5 px of a desktop chart shrunk


def test_the_portal_session_list_shows_the_practitioner_and_big_pain_buttons(page, record):
    page.set_viewport_size(PHONE_390)
    sign_in(page, "patient_a")
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('#pain-report-form .form-check-inline')]"
        ".map((el) => el.getBoundingClientRect()).map((b) => [b.width, b.height])"
    )
    assert len(boxes) == 11 and all(w >= 44 and h >= 44 for w, h in boxes), boxes
    page.locator("#pain-report-form .form-check-inline", has_text="3").click()  # anywhere in the box
    assert page.locator("#pain-report-form input[value='3']").is_checked()
    page.goto("/me/sessions/")
    shoot(page, "phone390-portal-sessions")
    assert _all_in_view(page, "td[data-label='Practitioner']") == []
