"""In Chromium: undo a one-click change from the dashboard, correct an adverse event and a
questionnaire, and register a likely duplicate patient only after confirming; axe-core on each new
page and state (no serious or critical violation), at desktop and phone width."""

import os
from datetime import date, timedelta

import pytest
from django.utils import timezone

from patients.models import Patient
from sessions_app.models import AdverseEvent, FollowUp
from tests.e2e.helpers import AXE, AXE_BLOCKING, DESKTOP, RECORD_VIOLATIONS, axe_violations, describe_violations, shoot
from tests.e2e.helpers import sign_in as sign_in_as
from tests.factories import FollowUpFactory, PatientFactory, QuestionnaireFactory, SessionFactory, add_points

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = {"desktop": DESKTOP, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def tab(browser, live_server, request):
    """A page at the test's width whose context lets axe-core be injected (tests only)."""
    if not AXE.exists():
        if os.environ.get("CLINIC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{AXE} is missing: run `npm ci`")
        pytest.skip(f"{AXE} is missing: run `npm ci`")
    params = getattr(request.node, "callspec", None)
    width = params.params.get("width", "desktop") if params else "desktop"
    context = browser.new_context(viewport=WIDTHS[width], base_url=live_server.url, bypass_csp=True)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.test_name = request.node.name.replace("[", "-").replace("]", "")
    yield page
    context.close()


def _no_blocking_violations(page) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in AXE_BLOCKING]
    problems = describe_violations([(page.url, violation) for violation in blocking])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_follow_up_closed_by_mistake_on_the_dashboard_is_undone(tab, practitioner, patient_a, width):
    followup = FollowUpFactory(patient=patient_a, due_on=timezone.localdate())
    sign_in_as(tab, "dr_chen")
    tab.goto("/")
    with tab.expect_navigation():
        tab.click(f"#followup-{followup.pk}-complete button[type=submit]")
    message = tab.locator(".undo-message")
    assert "Follow-up marked as completed." in message.inner_text()
    undo = message.get_by_role("button", name="Undo")
    box = undo.bounding_box()
    assert box["height"] >= 31  # Bootstrap's small button; a full row on a phone, see the screenshot
    _no_blocking_violations(tab)
    shoot(tab, "marked")
    assert FollowUp.objects.get(pk=followup.pk).status == "completed"
    with tab.expect_navigation():
        undo.click()
    assert "Undone" in tab.locator(".alert-success").first.inner_text()
    assert tab.locator(".undo-message").count() == 0  # the undo itself offers no second undo
    assert tab.locator(f"#followup-{followup.pk}-complete").count() == 1  # back on the dashboard
    shoot(tab, "undone")
    followup.refresh_from_db()
    assert followup.status == "scheduled"
    assert followup.history.latest("history_date").history_user_id == practitioner.user_id


def test_correcting_an_adverse_event(tab, practitioner, patient_a):
    session = SessionFactory(
        patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(days=1)
    )
    add_points(session, [("BL23", "bilateral")])
    event = AdverseEvent.objects.create(session=session, kind="bruising", severity="mild", notes="At BL23")
    sign_in_as(tab, "dr_chen")
    tab.goto(f"/sessions/{session.pk}/")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Correct the adverse event “Bruising”").click()
    _no_blocking_violations(tab)
    assert tab.evaluate("document.activeElement.name") == "kind"
    tab.select_option("select[name=kind]", "bleeding")
    tab.select_option("select[name=severity]", "moderate")
    tab.fill("textarea[name=notes]", "Bled two minutes at BL23, pressure applied")
    shoot(tab, "form")
    with tab.expect_navigation():
        tab.click("#adverse-event-form button[type=submit]")
    assert "Adverse event corrected." in tab.inner_text("main")
    assert "Bleeding (Moderate): Bled two minutes at BL23" in tab.inner_text("main")
    event.refresh_from_db()
    assert (event.kind, event.severity, event.version) == ("bleeding", "moderate", 2)


def test_correcting_a_questionnaire_recomputes_its_score(tab, practitioner, patient_a, demo_texts):
    response = QuestionnaireFactory(
        patient=patient_a, answers=[2] * 10, completed_at=timezone.now(), recorded_by=practitioner.user
    )
    sign_in_as(tab, "dr_chen")
    tab.goto(f"/patients/{patient_a.pk}/questionnaires/{response.pk}/")
    assert "40" in tab.inner_text(".lead")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Correct the answers").click()
    _no_blocking_violations(tab)
    tab.select_option("select[name=item_1]", "5")
    tab.select_option("select[name=item_2]", "5")
    shoot(tab, "form")
    with tab.expect_navigation():
        tab.click("#questionnaire-form button[type=submit]")
    # ODI: the answers' sum over 5 x the items answered, as a percentage: (5 + 5 + 8 x 2) / 50 = 52 %.
    assert "Correction saved: score now 52" in tab.inner_text("main")
    response.refresh_from_db()
    assert response.answers[:2] == [5, 5]
    assert response.score == pytest.approx(52.0)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_registering_the_same_person_twice_warns_and_waits_for_a_confirmation(tab, practitioner, width):
    existing = PatientFactory(first_name="Jose", last_name="Nunez", date_of_birth=date(1980, 5, 5))
    sign_in_as(tab, "dr_chen")
    tab.goto("/patients/new/")
    tab.fill("input[name=first_name]", "José")
    tab.fill("input[name=last_name]", "Núñez")
    tab.fill("input[name=date_of_birth]", "1980-05-05")
    tab.select_option("select[name=spine_region]", "lumbar")
    tab.select_option("select[name=pain_type]", "chronic")
    tab.select_option("select[name=condition]", "sciatica")
    with tab.expect_navigation():
        tab.click("#patient-form button[type=submit]")
    warning = tab.locator(".duplicate-warning")
    assert "Possibly the same person" in warning.inner_text()
    assert warning.get_by_role("link", name="Jose Nunez").get_attribute("href") == f"/patients/{existing.pk}/"
    assert Patient.objects.count() == 1
    _no_blocking_violations(tab)
    shoot(tab, "warned")
    assert tab.input_value("input[name=first_name]") == "José"  # nothing typed is lost
    tab.check("input[name=register_anyway]")
    with tab.expect_navigation():
        tab.click("#patient-form button[type=submit]")
    assert "Patient registered." in tab.inner_text("main")
    assert Patient.objects.filter(first_name="José", last_name="Núñez").count() == 1
