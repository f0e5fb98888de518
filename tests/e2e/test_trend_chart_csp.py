"""The trend chart renders its lines in real Chromium under a Content Security Policy without 'unsafe-inline'."""

import os
from pathlib import Path

import pytest

from tests.trend_histories import pain_history

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"
)
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (apt-get install -y chromium)"),
]


@pytest.fixture
def browser_page():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.csp_messages = []
        page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_messages.append(m.text))
        yield page
        browser.close()


def _with_csp(route):
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})


@pytest.fixture
def history(patient_a):
    # Written before Playwright starts: ORM calls from inside its event loop would open a connection
    # that is never closed (PostgreSQL then refuses to drop the test database).
    return pain_history(patient_a, [8, 7, 7, 6, 5, 5, 4])


@pytest.mark.django_db(transaction=True)
def test_the_patient_sees_the_chart_lines_under_a_strict_csp(live_server, history, browser_page):
    page = browser_page
    page.route(f"{live_server.url}/**", _with_csp)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "patient_a")
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/me/")
    assert page.evaluate("() => document.querySelector('svg.trend-chart') !== null")
    line = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('svg.trend-chart polyline.line'));"
        " return [s.stroke, s.fill, s.strokeWidth]; }"
    )
    assert line == ["rgb(13, 110, 253)", "none", "2px"]
    box = page.locator("svg.trend-chart").first.bounding_box()
    assert box["width"] > 500 and box["height"] > 200
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "portal_trend_chart_csp.png"), full_page=True)
    assert page.csp_messages == []


def test_the_same_policy_blocks_a_pygal_chart_which_is_why_we_draw_our_own(browser_page):
    import pygal

    chart = pygal.Line(js=[])
    chart.add("NRS", [8, 6, 5, 4])
    svg = chart.render(is_unicode=True).split("?>", 1)[1]
    page = browser_page
    page.set_content(
        f'<html><head><meta http-equiv="Content-Security-Policy" content="{CSP}"></head><body>{svg}</body></html>'
    )
    path = page.evaluate("() => getComputedStyle(document.querySelector('.serie-0 path.line')).fill")
    assert path == "rgb(0, 0, 0)"  # the <style> that says fill: none was refused: a black blob
    assert page.csp_messages
