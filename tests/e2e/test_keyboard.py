"""The keyboard alone, in a real Chromium: every form opens with its primary field focused, a point
row is code, Tab, side, and Enter inside the session form never saves a half-typed visit."""

import pytest

from sessions_app.models import AcupunctureSession, PointPrescription
from tests.e2e.helpers import DESKTOP, shoot, sign_in
from tests.factories import FollowUpFactory, PlanFactory, PrescriptionFactory, QuestionnaireFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EIGHT_POINTS = [  # typed, the key that picks the side (None: the script chose it), stored
    ("bl23", None, ("BL23", "bilateral")),
    ("bl25", "l", ("BL25", "left")),
    ("gv4", None, ("GV4", "midline")),
    ("gb30", "r", ("GB30", "right")),
    ("bl40", None, ("BL40", "bilateral")),
    ("Kunlun", None, ("BL60", "bilateral")),
    ("ex-b2 L4", "l", ("EX-B2", "left")),
    ("du3", None, ("GV3", "midline")),
]


def _focused(page) -> str:
    return page.evaluate("document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ''")


def _tab(page) -> str:
    page.keyboard.press("Tab")
    return _focused(page)


def test_a_practitioner_logs_an_eight_point_session_with_the_keyboard_alone(page, practitioner, patient_a):
    sign_in(page, "dr_chen")
    page.goto(f"/patients/{patient_a.pk}/sessions/new/")  # from here on: no mouse

    assert _focused(page) == "id_pre_nrs", "the form opens on its first field to type: the pain before needling"
    page.keyboard.type("6")
    assert _tab(page) == "id_post_nrs"
    page.keyboard.type("3")
    presses = 0
    while _focused(page) != "id_points-0-code":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 3, f"too many stops between the pain scores and the points: now on {_focused(page)}"

    row_presses = 0
    for number, (typed, side_key, _stored) in enumerate(EIGHT_POINTS):
        assert _focused(page) == f"id_points-{number}-code"
        page.keyboard.type(typed)
        if number == 3:
            page.keyboard.press("Enter")  # Enter moves on like Tab: to the side, and never submits
        else:
            page.keyboard.press("Tab")
            row_presses += 1
        assert _focused(page) == f"id_points-{number}-side"
        if side_key:
            page.keyboard.press(side_key)  # a select is chosen by typing its first letter
        if number == 5:
            page.keyboard.press("Enter")  # from the side: on to the next row's code
        else:
            page.keyboard.press("Tab")
            row_presses += 1
    assert row_presses == 14, "two presses a row (code, side), not four"
    assert _focused(page) == "id_points-8-code"
    shoot(page, "eight-points")

    assert page.url.endswith(f"/patients/{patient_a.pk}/sessions/new/"), "Enter submitted the form"
    assert not AcupunctureSession.objects.exists()

    page.keyboard.press("Enter")  # in the empty ninth row: still nothing is saved
    assert _focused(page) == "id_points-8-side"
    assert not AcupunctureSession.objects.exists()

    # The depth and level columns are one button away, and reachable by Tab once opened.
    page.locator("[data-point-details]").focus()
    assert page.get_attribute("[data-point-details]", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-point-details]", "aria-expanded") == "true"
    assert page.locator("#id_points-0-depth_mm").is_visible()

    page.locator("#session-form button[type=submit]:not([disabled])").focus()
    page.keyboard.press("Enter")  # the Save button itself does save
    page.wait_for_url(f"**/patients/{patient_a.pk}/")
    session = AcupunctureSession.objects.get(patient=patient_a)
    assert sorted(session.session_points.values_list("acupoint__code", "side")) == sorted(
        stored for _typed, _key, stored in EIGHT_POINTS
    )
    assert sorted(session.assessments.values_list("source", "nrs")) == [("post_session", 3), ("pre_session", 6)]


def test_enter_in_a_point_field_never_submits_the_visit_even_without_javascript(
    browser, live_server, practitioner, patient_a
):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.test_name = "enter-without-javascript"
    try:
        sign_in(page, "dr_chen")
        page.goto(f"/patients/{patient_a.pk}/sessions/new/")
        page.fill("#id_pre_nrs", "5")  # a form the server would accept
        page.locator("#id_points-0-code").focus()
        page.keyboard.type("bl23 b")  # the side typed after the code: a row the server accepts
        page.keyboard.press("Enter")  # yesterday: this saved a one-point session
        page.locator("#id_points-0-depth_mm").focus()  # without the script every column is shown
        page.keyboard.type("15")
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        assert page.url.endswith(f"/patients/{patient_a.pk}/sessions/new/")
        assert not AcupunctureSession.objects.exists()
    finally:
        context.close()


def test_enter_in_a_point_field_of_a_prescription_never_saves_it(page, practitioner):
    sign_in(page, "dr_chen")
    page.goto("/sessions/prescriptions/new/")
    assert _focused(page) == "id_name"
    page.keyboard.type("Lumbar basics")
    page.locator("#id_points-0-code").focus()
    page.keyboard.type("bl23")
    page.keyboard.press("Enter")
    assert _focused(page) == "id_points-0-side"
    page.keyboard.press("Enter")
    assert _focused(page) == "id_points-1-code"
    page.wait_for_timeout(300)
    assert not PointPrescription.objects.exists()


def test_every_form_opens_with_its_primary_field_focused(page, practitioner, patient_a):
    plan = PlanFactory(patient=patient_a, practitioner=practitioner)
    prescription = PrescriptionFactory(practitioner=practitioner, points=[("BL23", "bilateral")])
    FollowUpFactory(patient=patient_a)
    sign_in(page, "dr_chen")
    expected = {
        "/patients/new/": "id_first_name",
        f"/patients/{patient_a.pk}/edit/": "id_first_name",
        f"/patients/{patient_a.pk}/sessions/new/": "id_pre_nrs",
        f"/patients/{patient_a.pk}/assessments/new/": "id_nrs",
        f"/patients/{patient_a.pk}/followups/new/": "id_due_on",
        f"/patients/{patient_a.pk}/plans/new/": "id_goal",
        f"/sessions/plans/{plan.pk}/edit/": "id_goal",
        "/sessions/prescriptions/new/": "id_name",
        f"/sessions/prescriptions/{prescription.pk}/edit/": "id_name",
    }
    focused = {}
    for url in expected:
        assert page.goto(url).status == 200, url
        focused[url] = _focused(page)
    assert focused == expected


def test_a_form_sent_back_with_errors_focuses_the_first_field_to_correct(page, practitioner, patient_a):
    sign_in(page, "dr_chen")
    page.goto("/patients/new/")
    page.fill("#id_first_name", "Maren")
    page.evaluate("document.getElementById('patient-form').noValidate = true")  # the server's own check
    with page.expect_navigation():
        page.get_by_role("button", name="Register").click()  # last name, birth date and more are missing
    assert page.locator("#id_last_name.is-invalid").count() == 1
    assert _focused(page) == "id_last_name"


def test_a_patients_questionnaire_opens_on_its_first_question(page, patient_a, demo_texts):
    pending = QuestionnaireFactory(patient=patient_a, answers=[], completed_at=None)
    sign_in(page, "patient_a")
    page.goto(f"/me/questionnaires/{pending.pk}/")
    assert page.evaluate("document.activeElement.matches('#questionnaire-form input, #questionnaire-form select')")
