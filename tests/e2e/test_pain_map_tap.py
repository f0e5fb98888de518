"""Pain marked on the map itself (pain_map_entry.js): a practitioner clicks regions on the session
form, a patient taps them on a phone and marks one by keyboard; both see it drawn afterwards. No
CSP violation: the script is our own file and the colours are the stylesheet's classes."""

import pytest

from patients.models import PainAssessment, PainRegionScore
from tests.e2e.helpers import RECORD_VIOLATIONS, dom_csp_violations, shoot, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _mark(page, scope: str, region: str, side: str | None, intensity: int, tap: bool = False) -> None:
    shape = f'{scope} svg.pm-map-entry [data-region="{region}"]' + (f'[data-side="{side}"]' if side else "")
    (page.tap if tap else page.click)(shape)
    (page.tap if tap else page.click)(f'{scope} [data-pm-intensity="{intensity}"]')


def test_a_practitioner_marks_pain_on_the_session_form_by_mouse(page, practitioner, patient_a):
    sign_in(page, "dr_chen")
    page.goto(f"/patients/{patient_a.pk}/sessions/new/")
    page.fill("#id_pre_nrs", "7")
    page.fill("[name=points-0-code]", "GB30")
    page.select_option("[name=points-0-side]", "left")
    _mark(page, "#pain-map-entry", "L5", None, 6)
    _mark(page, "#pain-map-entry", "calf", "left", 5)
    _mark(page, "#pain-map-entry", "calf", "left", 8)  # a second choice corrects the same row
    calf = page.locator('#pain-map-entry svg [data-region="calf"][data-side="left"]')
    assert calf.get_attribute("class") == "pm-region pm-high pm-selected"
    assert page.input_value("#id_regions-1-intensity") == "8" and page.input_value("#id_regions-2-region") == ""
    shoot(page, "session-form-map")
    page.click("#session-form button.btn-primary[type=submit]")
    assert page.url.endswith(f"/patients/{patient_a.pk}/")
    before = PainAssessment.objects.get(source="pre_session")
    assert sorted(PainRegionScore.objects.filter(assessment=before).values_list("region", "side", "intensity")) == [
        ("L5", "midline", 6),
        ("calf", "left", 8),
    ]
    assert page.locator('#latest-map-panel [data-region="calf"][data-side="left"]').get_attribute("class") == (
        "pm-region pm-high"
    )
    page.goto(f"/sessions/{before.session_id}/")
    assert page.locator('#session-map circle.pm-point[data-point="GB30"]').count() == 1
    shoot(page, "session-detail-map")
    assert page.csp_violations == [] and dom_csp_violations(page) == [] and page.console_errors == []


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, base_url=live_server.url
    )
    context.add_init_script(RECORD_VIOLATIONS)
    new_page = context.new_page()
    new_page.test_name = "phone-pain-map"
    new_page.console_errors = []
    new_page.on("console", lambda m: m.type == "error" and new_page.console_errors.append(m.text))
    yield new_page
    context.close()


def test_a_patient_taps_the_map_on_a_phone_and_marks_one_region_by_keyboard(phone, patient_a):
    sign_in(phone, "patient_a")
    phone.goto("/me/")
    phone.check("#pain-report-form input[name=nrs][value='5']")
    _mark(phone, "#pain-report-form", "L4", None, 5, tap=True)
    _mark(phone, "#pain-report-form", "foot", "right", 3, tap=True)
    # By keyboard: focus the left thigh, Enter opens the choice on 0, two Tabs reach 2, Enter sets it.
    phone.focus('#pain-report-form svg [data-region="thigh_back"][data-side="left"]')
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.dataset.pmIntensity") == "0"
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.getAttribute('aria-label')") == "Back of the thigh, left: 2/10"
    box = phone.locator("#pain-report-form [data-pm-intensity='4']").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # touch targets on a phone
    shoot(phone, "portal-entry")
    phone.click("#pain-report-form button.btn-primary[type=submit]")
    assert phone.url.endswith("/me/")
    report = PainAssessment.objects.get(source="self_report")
    assert sorted(report.region_scores.values_list("region", "side", "intensity")) == [
        ("L4", "midline", 5),
        ("foot", "right", 3),
        ("thigh_back", "left", 2),
    ]
    latest = phone.locator("#me-latest-map-panel")
    assert "3 areas hurt" in latest.inner_text()
    assert latest.locator('[data-region="thigh_back"][data-side="left"]').get_attribute("class") == "pm-region pm-low"
    shoot(phone, "portal-map")
    assert dom_csp_violations(phone) == [] and phone.console_errors == []
