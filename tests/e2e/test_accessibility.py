"""axe-core in a real Chromium: every main page of every persona, at desktop and phone width, has no
serious or critical accessibility violation (WCAG 2.x A/AA rules and axe's best practices).

axe-core comes from the npm registry, pinned in package.json/package-lock.json (`npm ci`, run by
`make install`/`make test`). Playwright injects it with add_script_tag into a context made with
bypass_csp=True: only this test context lets the injected script run; the app's CSP stays strict.
"""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from demo.instrument_texts import demo_text
from patients.instruments import instrument_text_load
from patients.portal_services import questionnaire_assign
from sessions_app.models import AdverseEvent
from tests.e2e.helpers import (
    AXE,
    AXE_BLOCKING,
    DESKTOP,
    RECORD_VIOLATIONS,
    axe_violations,
    describe_violations,
    shoot,
    sign_in,
)
from tests.factories import (
    AppointmentFactory,
    FollowUpFactory,
    PainAssessmentFactory,
    PainRegionScoreFactory,
    PatientFactory,
    PlanFactory,
    PrescriptionFactory,
    QuestionnaireFactory,
    SessionFactory,
    add_points,
)
from tests.trend_histories import pain_history

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE_390 = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE_390}


@pytest.fixture
def axe_page(browser, live_server, request):
    """A page whose context bypasses the CSP, so that axe-core can be injected (tests only)."""
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci` (make install)"
        if os.environ.get("CLINIC_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    viewport = WIDTHS[request.node.callspec.params["width"]]
    context = browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True)
    context.add_init_script(RECORD_VIOLATIONS)
    new_page = context.new_page()
    new_page.test_name = "a11y-" + request.node.callspec.id
    yield new_page
    context.close()


@pytest.fixture
def clinic_day(practitioner, patient_a, admin_user):
    """A record with everything the pages show: scores, sessions with points and events, a plan,
    follow-ups due today, a prescription, questionnaires done and assigned, access-log rows."""
    start = timezone.now() - timedelta(days=84)
    pain_history(patient_a, [8, 8, 7, 6, 6, 5, 4, 4, 3], start=start, step=timedelta(days=7))
    plan = PlanFactory(patient=patient_a, practitioner=practitioner)
    sessions = []
    for weeks in (9, 5, 1):
        session = SessionFactory(
            patient=patient_a,
            practitioner=practitioner,
            plan=plan,
            started_at=timezone.now() - timedelta(weeks=weeks),
        )
        add_points(session, [("BL23", "bilateral"), ("BL25", "bilateral"), ("EX-B2", "left", "L4"), ("GV4", "midline")])
        pre = PainAssessmentFactory(patient=patient_a, session=session, source="pre_session", nrs=6)
        for region, side, intensity in (("L4", "left", 6), ("buttock", "left", 4), ("calf", "left", 2)):
            PainRegionScoreFactory(assessment=pre, region=region, side=side, intensity=intensity)  # the map
        sessions.append(session)
    event = AdverseEvent.objects.create(session=sessions[-1], kind="bruising", severity="mild")
    own_score = PainAssessmentFactory(
        patient=patient_a, source="clinician", nrs=4, recorded_by=practitioner.user,
        assessed_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    due = FollowUpFactory(
        patient=patient_a, session=sessions[-1], due_on=timezone.localdate(), aftercare="Heat, walking"
    )
    tomorrow = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    appointment = AppointmentFactory(  # the patient asked to cancel: the calendar lists it
        patient=patient_a, practitioner=practitioner, starts_at=tomorrow, cancel_requested_at=timezone.now()
    )
    FollowUpFactory(patient=patient_a, due_on=timezone.localdate() - timedelta(days=3))
    for n in range(3):
        other = PatientFactory(primary_practitioner=practitioner, first_name=f"Patient{n}", last_name="Example")
        FollowUpFactory(patient=other, due_on=timezone.localdate())
    prescription = PrescriptionFactory(practitioner=practitioner, name="Lumbar", points=[("BL23", "bilateral")])
    done = QuestionnaireFactory(patient=patient_a, recorded_by=practitioner.user)
    pending = QuestionnaireFactory(patient=patient_a, answers=[], completed_at=None)
    # STarT Back and PSFS (issue 11): done twice each, a PSFS waiting in the demo text
    for instrument in ("startback", "psfs"):
        instrument_text_load(data=demo_text(instrument), loaded_by=None)
    for weeks, screening, ratings in ((8, [1] * 8 + [4], [2, 3]), (1, [0] * 8 + [1], [6, 7])):
        at = timezone.now() - timedelta(weeks=weeks)
        screened = QuestionnaireFactory(patient=patient_a, instrument="startback", answers=screening, completed_at=at)
        function = QuestionnaireFactory(
            patient=patient_a,
            instrument="psfs",
            answers=[*ratings, None, None, None],
            activities=["Gardening", "Driving", "", "", ""],
            completed_at=at,
        )
    pending_psfs = questionnaire_assign(patient=patient_a, instrument="psfs", assigned_by=practitioner.user)
    return {
        "patient": patient_a.pk,
        "session": sessions[-1].pk,
        "plan": plan.pk,
        "prescription": prescription.pk,
        "questionnaire": done.pk,
        "pending": pending.pk,
        "followup": due.pk,
        "appointment": appointment.pk,
        "day": f"{tomorrow:%Y-%m-%d}",
        "event": event.pk,
        "own_score": own_score.pk,
        "startback": screened.pk,
        "psfs": function.pk,
        "pending_psfs": pending_psfs.pk,
    }


PAGES = {
    "anonymous": ["/accounts/login/", "/accounts/password_reset/"],
    "practitioner": [
        "/",
        "/patients/",
        "/patients/?q=archer",
        "/patients/new/",
        "/patients/{patient}/",
        "/patients/{patient}/edit/",
        "/patients/{patient}/sessions/new/",
        "/patients/{patient}/sessions/new/?repeat=last",
        "/patients/{patient}/assessments/new/",
        "/patients/{patient}/questionnaires/new/odi/",
        "/patients/{patient}/questionnaires/{questionnaire}/",
        "/patients/{patient}/questionnaires/{questionnaire}/edit/",
        "/patients/{patient}/assessments/{own_score}/edit/",
        "/sessions/adverse-events/{event}/edit/",
        "/patients/{patient}/questionnaires/new/startback/",
        "/patients/{patient}/questionnaires/new/psfs/",
        "/patients/{patient}/questionnaires/{startback}/",
        "/patients/{patient}/questionnaires/{psfs}/",
        "/patients/{patient}/plans/new/",
        "/patients/{patient}/followups/new/",
        "/patients/{patient}/letters/new/",
        "/sessions/{session}/",
        "/sessions/{session}/edit/",
        "/sessions/plans/{plan}/edit/",
        "/sessions/followups/",
        "/sessions/followups/{followup}/book/",
        "/calendar/?date={day}",
        "/calendar/appointments/{appointment}/",
        "/patients/{patient}/sessions/new/?appointment={appointment}",
        "/sessions/prescriptions/",
        "/sessions/prescriptions/new/",
        "/sessions/prescriptions/{prescription}/edit/",
        "/accounts/password_change/",
    ],
    "patient_a": [
        "/me/",
        "/me/sessions/",
        "/me/questionnaires/{pending}/",
        "/me/questionnaires/{pending_psfs}/",
        "/accounts/password_change/",
    ],
    "clinic_admin": [
        "/",
        "/outcomes/",
        "/patients/",
        "/patients/{patient}/",
        "/admin/",
        "/admin/patients/patient/",
        "/admin/patients/patient/{patient}/change/",
        "/admin/sessions_app/acupuncturesession/",
        "/admin/sessions_app/acupuncturesession/{session}/change/",
        "/admin/patients/accesslog/",
        "/admin/sessions_app/followup/",
    ],
}
USERNAMES = {"practitioner": "dr_chen", "patient_a": "patient_a", "clinic_admin": "clinic_admin"}


def _audit(page, persona: str, ids: dict) -> list[str]:
    if persona != "anonymous":
        sign_in(page, USERNAMES[persona])
    found = []
    for template in PAGES[persona]:
        url = template.format(**ids)
        response = page.goto(url)
        assert response.status == 200, url
        blocking = [v for v in axe_violations(page) if v["impact"] in AXE_BLOCKING]
        shoot(page, url.strip("/").replace("/", "_").replace("?", "_") or "home")
        found += [(url, violation) for violation in blocking]
    return describe_violations(found)


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("persona", ["anonymous", "practitioner", "patient_a", "clinic_admin"])
def test_no_page_has_a_serious_or_critical_accessibility_violation(axe_page, clinic_day, persona, width):
    problems = _audit(axe_page, persona, clinic_day)
    print("\n".join(problems))
    assert not problems, "\n".join(problems)


def test_the_production_csp_still_blocks_injected_scripts(page, live_server, patient_a):
    """Only the axe context bypasses the CSP: a normal page refuses an injected inline script."""
    sign_in(page, "patient_a")
    with pytest.raises(Exception):  # noqa: B017 (Playwright raises its own Error when the CSP refuses)
        page.add_script_tag(content="window.__injected = true;")
    assert page.evaluate("window.__injected === undefined")
