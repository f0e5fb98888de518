"""A practitioner marks pain on the pain entry form by keyboard (no JavaScript needed) and sees the
map on the record, coloured by the stylesheet under the app's CSP."""

import pytest

from tests.e2e.helpers import shoot, sign_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pain_marked_on_the_form_is_drawn_on_the_record(page, live_server, practitioner, patient_a):
    sign_in(page, "dr_chen")
    page.goto(f"{live_server.url}/patients/{patient_a.pk}/assessments/new/")
    page.fill("#id_nrs", "6")
    page.focus("#id_regions-0-region")
    page.select_option("#id_regions-0-region", "L4")
    page.keyboard.press("Tab")
    page.select_option("#id_regions-0-side", "left")
    page.keyboard.press("Tab")
    page.keyboard.type("7")
    page.select_option("#id_regions-1-region", "calf")
    page.select_option("#id_regions-1-side", "left")
    page.fill("#id_regions-1-intensity", "3")
    shoot(page, "pain-map-entry")
    page.click("#assessment-form button[type=submit]")
    assert page.url.endswith(f"/patients/{patient_a.pk}/")
    l4 = page.locator('svg.pain-map-svg [data-region="L4"]')
    assert l4.get_attribute("class") == "pm-region pm-high"
    assert page.evaluate("() => getComputedStyle(document.querySelector('[data-region=\"L4\"]')).fill") == (
        "rgb(198, 40, 40)"
    )
    assert page.locator('#pain-map tr[data-region="calf"] td').all_inner_texts() == ["Calf", "Left", "3"]
    shoot(page, "pain-map-record")
    assert page.csp_violations == []
