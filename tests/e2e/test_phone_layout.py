"""On a phone-sized screen (375 px) the main pages fit: no horizontal scroll, no CSP violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.helpers import PHONE, dom_csp_violations, shoot, sign_in
from tests.factories import FollowUpFactory, PatientFactory, SessionFactory, add_points
from tests.trend_histories import pain_history

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _overflow(page) -> list[str]:
    """The page's horizontal overflow, and the widest elements that stick out (to fix them)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const wide = [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > width + 1)
            .filter((el) => !el.closest(".table-responsive"))
            .slice(0, 5)
            .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className);
          return [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`, ...wide];
        }"""
    )


@pytest.fixture
def busy_record(practitioner, patient_a):
    """A record with a long name, months of scores, sessions with points and a follow-up due."""
    patient_a.first_name, patient_a.last_name = "Maximiliane-Theodora", "Vandenberghe-Oyelaran"
    patient_a.chief_complaint = "Chronic low back pain radiating to the left leg, worse when sitting for long"
    patient_a.save()
    start = timezone.now() - timedelta(days=90)
    pain_history(patient_a, [8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 4], start=start, step=timedelta(days=7))
    for weeks in (10, 6, 2):
        session = SessionFactory(
            patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(weeks=weeks)
        )
        add_points(session, [("BL23", "bilateral"), ("BL25", "bilateral"), ("EX-B2", "left", "L4"), ("GV4", "midline")])
    FollowUpFactory(patient=patient_a, due_on=timezone.localdate(), aftercare="Heat and a short walk twice a day")
    for n in range(12):
        PatientFactory(primary_practitioner=practitioner, first_name=f"Patient{n}", last_name="Longfamilyname-Example")
    return patient_a


def _check(page, step: str) -> list[str]:
    shoot(page, f"phone-{step}")
    problems = [f"{step}: {line}" for line in _overflow(page)]
    problems += [f"{step}: CSP {violation}" for violation in dom_csp_violations(page)]
    return problems


def test_the_practitioners_main_pages_fit_a_phone(page, busy_record):
    page.set_viewport_size(PHONE)
    sign_in(page, "dr_chen")
    problems = _check(page, "dashboard")
    for step, url in [
        ("patient-list", "/patients/"),
        ("patient-page", f"/patients/{busy_record.pk}/"),
        ("session-form", f"/patients/{busy_record.pk}/sessions/new/"),
        ("session-form-repeated", f"/patients/{busy_record.pk}/sessions/new/?repeat=last"),
        ("follow-ups", "/sessions/followups/"),
    ]:
        assert page.goto(url).status == 200, url
        problems += _check(page, step)
    assert not problems, "\n".join(problems)
    assert page.csp_violations == []


def test_the_patients_pages_fit_a_phone(page, busy_record):
    page.set_viewport_size(PHONE)
    sign_in(page, "patient_a")
    problems = _check(page, "me")
    page.goto("/me/sessions/")
    problems += _check(page, "me-sessions")
    assert not problems, "\n".join(problems)
    assert page.csp_violations == []
