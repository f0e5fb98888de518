"""In a real Chromium: signing in, the lockout page, the idle warning, phone layout, no CSP violation."""

import re

import pytest

from tests.e2e.helpers import PHONE, dom_csp_violations, shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_practitioner_signs_in_and_lands_on_the_dashboard(page, live_server, practitioner):
    page.goto("/")
    assert "/accounts/login/?next=/" in page.url  # anonymous: sent to sign in
    shoot(page, "1-sign-in")
    sign_in(page, "dr_chen")
    assert page.url == f"{live_server.url}/"
    assert page.locator("h1").inner_text().startswith("Today, ")  # the practitioner's dashboard
    assert page.get_by_role("heading", name="Follow-ups due today and overdue").is_visible()
    assert page.get_by_role("link", name="Patients").first.is_visible()
    shoot(page, "2-home")


def test_five_failed_sign_ins_show_the_lockout_message(page, practitioner):
    for attempt in range(1, 6):
        sign_in(page, "dr_chen", password=f"wrong-password-{attempt}")
        if attempt < 5:
            assert page.locator(".alert-danger, .errorlist").first.is_visible()
    assert page.locator("h1").inner_text() == "Account locked"
    assert "locked for 30 minutes" in page.locator("main").inner_text()
    shoot(page, "locked")
    sign_in(page, "dr_chen")  # the right password no longer opens it
    assert page.locator("h1").inner_text() == "Account locked"


@pytest.mark.parametrize("where", ["sign-in", "home"])
def test_a_phone_sized_screen_has_no_horizontal_scroll(page, practitioner, where):
    page.set_viewport_size(PHONE)
    if where == "home":
        sign_in(page, "dr_chen")
    else:
        page.goto("/accounts/login/")
    shoot(page, f"phone-{where}")
    assert _no_horizontal_scroll(page)


def test_the_pages_load_with_no_csp_violation(page, practitioner):
    page.goto("/accounts/login/")
    page.goto("/accounts/password_reset/")
    sign_in(page, "dr_chen")
    page.goto("/patients/")
    page.goto("/accounts/password_change/")
    assert page.csp_violations == []
    assert dom_csp_violations(page) == []
    # Bootstrap's script ran (not blocked): the collapsed menu opens on a phone.
    page.set_viewport_size(PHONE)
    page.click(".navbar-toggler")
    page.wait_for_selector("#nav.show")
    assert page.console_errors == []


def test_the_admin_works_under_the_csp(page, admin_user, patient_a):
    sign_in(page, "clinic_admin")
    for path in [
        "/admin/",
        "/admin/patients/patient/",
        f"/admin/patients/patient/{patient_a.pk}/change/",
        f"/admin/patients/patient/{patient_a.pk}/history/",
        "/admin/patients/accesslog/",
        "/admin/sessions_app/acupuncturesession/add/",
    ]:
        page.goto(path)
        assert dom_csp_violations(page) == [], path
    shoot(page, "admin-session-add")
    # The admin's own scripts run: the calendar shortcut fills today's date.
    page.click("#id_started_at_0 ~ .datetimeshortcuts a")
    assert re.match(r"\d{4}-\d{2}-\d{2}", page.input_value("#id_started_at_0"))
    # ... and the inline formsets add rows.
    page.get_by_text("Add another Session point").click()
    assert page.locator("#id_session_points-0-side").is_visible()
    assert page.csp_violations == []


def test_the_idle_warning_offers_to_stay_signed_in(page, practitioner, settings):
    settings.SESSION_COOKIE_AGE = 123  # the warning shows 120 s before: after about 3 s
    sign_in(page, "dr_chen")
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=10_000)
    assert "signed out in" in warning.inner_text()
    shoot(page, "idle-warning")
    with page.expect_response("**/accounts/keep-alive/") as keep_alive:
        page.get_by_role("button", name="Stay signed in").click()
    assert keep_alive.value.status == 204
    warning.wait_for(state="hidden", timeout=5_000)
    assert page.csp_violations == []


def test_an_idle_page_leaves_for_the_sign_in_form(page, practitioner, settings):
    settings.SESSION_COOKIE_AGE = 3
    settings.SESSION_IDLE_WARNING_SECONDS = 2
    sign_in(page, "dr_chen")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=%2F$"), timeout=10_000)
    shoot(page, "signed-out")
    page.goto("/")
    assert "/accounts/login/" in page.url  # the server ended the session too


def test_the_idle_sign_out_ends_the_session_on_the_server(page, practitioner, settings):
    settings.SESSION_COOKIE_AGE = 3
    settings.SESSION_IDLE_WARNING_SECONDS = 2
    with page.expect_response(lambda r: r.url.endswith("/accounts/logout/"), timeout=10_000) as logout:
        sign_in(page, "dr_chen")
    assert logout.value.request.method == "POST"
    assert logout.value.status == 302  # the CSRF token was accepted: a refusal would be 403
    page.wait_for_url(re.compile(r"/accounts/login/\?next=%2F$"), timeout=10_000)
    assert page.csp_violations == []
