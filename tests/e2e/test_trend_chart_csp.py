"""The trend chart renders its lines in real Chromium under a Content Security Policy without 'unsafe-inline'."""

import pytest

from tests.e2e.helpers import shoot, sign_in
from tests.trend_histories import pain_history

# Stricter than the app's own policy (no data: fonts, no frame-ancestors needed here): the chart
# must still draw. The app's own header is replaced by this one for every response.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"
)


def _with_csp(route):
    response = route.fetch(max_redirects=0)  # the browser follows redirects itself: URLs stay true
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_patient_sees_the_chart_lines_under_a_strict_csp(page, live_server, patient_a):
    pain_history(patient_a, [8, 7, 7, 6, 5, 5, 4])
    page.route(f"{live_server.url}/**", _with_csp)
    sign_in(page, "patient_a")
    assert page.url.endswith("/me/")
    assert page.locator("svg.trend-chart").count() == 1
    line = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('svg.trend-chart polyline.line'));"
        " return [s.stroke, s.fill, s.strokeWidth]; }"
    )
    assert line == ["rgb(13, 110, 253)", "none", "2px"]
    box = page.locator("svg.trend-chart").first.bounding_box()
    assert box["width"] > 500 and box["height"] > 200
    shoot(page, "portal-trend-chart")
    assert page.csp_violations == []


# A chart library's SVG as pygal writes it: its lines styled by a <style> element inside the SVG.
STYLED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><style>.serie-0 .line{fill:none}</style>'
    '<g class="serie-0"><path class="line" d="M0 80 L60 50 L120 40 L180 30"/></g></svg>'
)


def test_the_same_policy_blocks_a_chart_styled_inside_its_svg_which_is_why_we_draw_our_own(browser):
    svg = STYLED_SVG
    context = browser.new_context()
    try:
        page = context.new_page()
        messages = []
        page.on("console", lambda m: "Content Security Policy" in m.text and messages.append(m.text))
        page.set_content(
            f'<html><head><meta http-equiv="Content-Security-Policy" content="{CSP}"></head><body>{svg}</body></html>'
        )
        path = page.evaluate("() => getComputedStyle(document.querySelector('.serie-0 path.line')).fill")
        assert path == "rgb(0, 0, 0)"  # the <style> that says fill: none was refused: a black blob
        assert messages
    finally:
        context.close()
