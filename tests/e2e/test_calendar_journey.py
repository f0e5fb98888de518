"""In a real Chromium: book a free slot from the calendar, start the visit from it, log it; the
calendar's day and week and the patient's appointments fit a phone."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from sessions_app.models import Appointment
from tests.e2e.helpers import PHONE, dom_csp_violations, shoot, sign_in
from tests.e2e.test_phone_layout import _overflow
from tests.factories import AppointmentFactory, PainAssessmentFactory, PlanFactory, at

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _no_csp_violation(page) -> None:
    assert page.csp_violations == [], page.csp_violations
    assert dom_csp_violations(page) == [], page.url


# A Wednesday just before opening: the day's first free slot is 08:00. The visit is started once the
# patient is in, a few minutes later (within the 15 idle minutes that keep the practitioner signed in).
BEFORE_OPENING = datetime(2026, 3, 4, 7, 50, tzinfo=UTC)
PATIENT_IN = datetime(2026, 3, 4, 8, 4, tzinfo=UTC)


def test_book_a_free_slot_start_the_visit_and_log_it(page, practitioner, patient_a):
    with time_machine.travel(BEFORE_OPENING, tick=True) as clock:
        _book_start_and_log(page, patient_a, clock)


def _book_start_and_log(page, patient_a, clock):
    PlanFactory(patient=patient_a, planned_sessions=10)
    PainAssessmentFactory(patient=patient_a, nrs=6)
    sign_in(page, "dr_chen")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calendar").click()
    page.wait_for_url("**/calendar/")
    shoot(page, "calendar-1-day")
    _no_csp_violation(page)

    page.locator("a.free-slot").first.click()  # 08:00, today
    page.wait_for_url(re.compile(r"/calendar/book/\?starts_at="))
    page.get_by_role("link", name="Book").first.click()
    page.wait_for_url(re.compile(rf"/calendar/patients/{patient_a.pk}/book/"))
    assert page.input_value("#id_starts_at").endswith("T08:00")
    shoot(page, "calendar-2-book")
    page.get_by_role("button", name="Book").click()
    page.wait_for_url(re.compile(r"/calendar/\?date="))
    assert page.get_by_text("Appointment booked.").is_visible()
    card = page.locator(".appointment").first
    assert "Alice Archer" in card.inner_text() and "6/10" in card.inner_text() and "Plan 0 of 10" in card.inner_text()
    shoot(page, "calendar-3-booked")

    clock.move_to(PATIENT_IN)  # a visit is logged from its start, never ahead of it
    card.get_by_role("link", name="Start visit").click()
    page.wait_for_url(re.compile(r"/sessions/new/\?appointment="))
    assert page.input_value("#id_started_at").endswith("T08:00")
    page.fill("#id_points-0-code", "BL23")
    page.select_option("#id_points-0-side", "bilateral")
    shoot(page, "calendar-4-visit")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(re.compile(r"/calendar/visits/\d+/$"))
    appointment = Appointment.objects.get()
    assert appointment.status == "completed" and appointment.session is not None

    # The room view: two needles in (BL23 both sides), the retention timer, closing with a mismatch.
    assert page.locator("#needles-inserted").inner_text() == "2"
    assert page.locator("#retention-timer").inner_text() != ""
    shoot(page, "calendar-5-room")
    page.set_viewport_size(PHONE)
    shoot(page, "calendar-5-room-phone")
    assert _overflow(page) == []
    page.fill("#id_removed", "1")
    page.get_by_role("button", name="Confirm needles removed").click()
    assert page.locator("#id_note").evaluate("el => el.classList.contains('is-invalid')")
    page.fill("#id_note", "Second needle found on the couch and disposed of")
    page.get_by_role("button", name="Confirm needles removed").click()
    page.wait_for_selector("#needle-count-closed")
    assert "1 of 2 needles removed." in page.locator("#needle-count-closed").inner_text()
    assert appointment.session.adverse_events.get().kind == "other"
    shoot(page, "calendar-6-closed-mismatch")
    _no_csp_violation(page)
    assert page.console_errors == []


def test_the_calendar_and_my_appointments_fit_a_phone(page, practitioner, patient_a, patient_b):
    today = timezone.localdate().isoformat()
    for n, patient in enumerate([patient_a, patient_b] * 3):
        start = at(today, "09:00") + timedelta(minutes=45 * n)
        AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=start)
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at(today, "09:00") + timedelta(days=2))
    page.set_viewport_size(PHONE)
    sign_in(page, "dr_chen")
    problems = []
    for step, url in [("day", "/calendar/"), ("week", "/calendar/?view=week")]:
        assert page.goto(url).status == 200
        shoot(page, f"phone-calendar-{step}")
        problems += [f"{step}: {line}" for line in _overflow(page)]
    page.context.clear_cookies()
    sign_in(page, "patient_a")
    shoot(page, "phone-me-appointments")
    problems += [f"me: {line}" for line in _overflow(page)]
    assert not problems, "\n".join(problems)
    assert page.csp_violations == []
