"""Questionnaires people can answer (issue 11), in Chromium, with the project's demo texts.

A patient completes each loaded instrument on a 375 px phone, one tap per item; staff enter one by
keyboard, one key per answer. Every stored response has its language, text version and score.
"""

import pytest

from patients.models import QuestionnaireResponse
from patients.portal_services import questionnaire_assign
from tests.e2e.helpers import PHONE, dom_csp_violations, shoot, sign_in
from tests.e2e.test_phone_layout import _overflow

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _tap(page, item: int, option: int) -> None:
    page.locator(f"#item-{item} label.questionnaire-option").nth(option).click()


@pytest.mark.parametrize(
    "instrument, taps, score",
    [
        ("odi", [2, 1, 3, 2, 2, 1, 2, 1, 1, 1], 32.0),
        ("ndi", [1] * 10, 20.0),
        ("rmdq", [0, 1] * 12, 12.0),  # option 0 is "Yes", option 1 "No"
    ],
)
def test_a_patient_completes_a_questionnaire_on_a_phone(
    page, practitioner, patient_a, demo_texts, instrument, taps, score
):
    assigned = questionnaire_assign(patient=patient_a, instrument=instrument, assigned_by=practitioner.user)
    page.set_viewport_size(PHONE)
    sign_in(page, "patient_a")
    page.click(f"a[href='/me/questionnaires/{assigned.pk}/']")
    assert page.locator("h1").inner_text() == f"DEMO TEXT — not the validated wording ({instrument.upper()})"
    shoot(page, f"{instrument}-empty")
    assert _overflow(page) == []
    heights = page.eval_on_selector_all("label.questionnaire-option", "els => els.map(e => e.offsetHeight)")
    assert min(heights) >= 44  # a finger-sized target for every option

    half = len(taps) // 2
    for number, option in enumerate(taps[:half], start=1):
        _tap(page, number, option)
    with page.expect_navigation():
        page.click("text=Save and finish later")
    assert "Your answers so far are saved" in page.content()
    page.click(f"a[href='/me/questionnaires/{assigned.pk}/']")  # "Continue"
    assert page.locator("input[type=radio]:checked").count() == half

    with page.expect_navigation():
        page.click("text=Send my answers")  # half unanswered: refused, each one marked
    missing = page.locator("fieldset.questionnaire-item.is-missing")
    assert missing.count() == len(taps) - half
    shoot(page, f"{instrument}-missing")
    for number, option in enumerate(taps[half:], start=half + 1):
        _tap(page, number, option)
    with page.expect_navigation():
        page.click("text=Send my answers")
    assert page.url.endswith("/me/") and "Thank you: your answers are saved" in page.content()
    assert dom_csp_violations(page) == [] and page.console_errors == []

    stored = QuestionnaireResponse.objects.get(pk=assigned.pk)
    assert (stored.language, stored.text_version, stored.score) == ("en", "demo", score)
    assert stored.completed_at is not None


def test_staff_enter_an_odi_with_one_key_per_answer(page, patient_a, demo_texts):
    sign_in(page, "dr_chen")
    page.goto(f"/patients/{patient_a.pk}/questionnaires/new/odi/")
    page.click("text=this text (demo, en), read with them")
    page.focus("select[name=item_1]")
    page.keyboard.type("2103252314")  # ten keys, ten answers: the focus moves on by itself
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Oswestry Disability Index saved: 46% (severe disability)." in page.content()
    stored = QuestionnaireResponse.objects.get()
    assert stored.answers == [2, 1, 0, 3, 2, 5, 2, 3, 1, 4]
    assert (stored.language, stored.text_version) == ("en", "demo")
    assert dom_csp_violations(page) == [] and page.console_errors == []


def test_staff_tick_rmdq_statements_with_y_and_n(page, patient_a, demo_texts):
    sign_in(page, "dr_chen")
    page.goto(f"/patients/{patient_a.pk}/questionnaires/new/rmdq/")
    page.focus("input[name=item_1]")
    page.keyboard.type("yn" * 12)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert QuestionnaireResponse.objects.get().score == 12.0
    assert dom_csp_violations(page) == []
