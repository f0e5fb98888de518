"""The record page prints cleanly from the browser (issue 15): no navigation, language menu, buttons,
forms or messages on paper; the record and its chart stay. The session form's JavaScript strings come
translated from Django's JavaScript catalogue, under the app's CSP."""

import pytest

from tests.e2e.helpers import shoot, sign_in
from tests.trend_histories import pain_history


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_record_prints_without_navigation_buttons_or_forms(page, practitioner, patient_a):
    pain_history(patient_a, [8, 7, 6, 5])
    sign_in(page, "dr_chen")
    page.goto(f"/patients/{patient_a.pk}/")
    assert page.locator("nav.navbar").is_visible()
    page.emulate_media(media="print")
    for hidden in ("nav.navbar", ".language-menu", "form", ".btn", ".flash-message"):
        shown = page.locator(hidden).evaluate_all("els => els.filter(e => e.offsetParent !== null).length")
        assert shown == 0, hidden
    assert page.locator("svg.trend-chart").first.is_visible()
    assert page.get_by_text(patient_a.mrn).first.is_visible()
    shoot(page, "record-print")
    assert page.csp_violations == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_javascript_catalogue_translates_the_session_forms_counts(page, practitioner, patient_a):
    page.context.set_extra_http_headers({"Accept-Language": "de"})
    sign_in(page, "dr_chen")
    page.goto(f"/patients/{patient_a.pk}/sessions/new/")
    assert page.evaluate("() => typeof window.ngettext") == "function"
    translated = page.evaluate("() => ngettext('%(total)s insertion from the points.', "
                               "'%(total)s insertions from the points.', 2)")  # fmt: skip
    assert translated in ("%(total)s Einstiche laut den Punkten.", "%(total)s insertions from the points.")
    assert page.csp_violations == []
