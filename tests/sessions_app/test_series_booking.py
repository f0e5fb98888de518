"""Booking a course from the plan: weekly at the same local time, conflicts skipped and listed."""

from datetime import timedelta

import pytest

from sessions_app.models import Appointment
from tests.factories import AppointmentFactory, PlanFactory, SessionFactory, at

pytestmark = pytest.mark.django_db


def _post(client, plan, practitioner, weeks=10, start="2026-03-02T09:00"):
    return client.post(
        f"/calendar/plans/{plan.pk}/book/",
        {"practitioner": practitioner.pk, "starts_at": start, "duration_minutes": 30, "weeks": weeks},
        follow=True,
    )


def test_ten_weekly_sessions_are_booked_in_one_step_skipping_and_listing_conflicts(
    practitioner_client, practitioner, patient_a, patient_b
):
    plan = PlanFactory(patient=patient_a, planned_sessions=10)
    AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=at("2026-03-16", "09:15"))

    response = _post(practitioner_client, plan, practitioner)

    booked = list(Appointment.objects.filter(patient=patient_a).order_by("starts_at"))
    assert len(booked) == 9
    assert at("2026-03-16", "09:00") not in [a.starts_at for a in booked]
    assert booked[0].starts_at == at("2026-03-02", "09:00") and booked[-1].starts_at == at("2026-05-04", "09:00")
    html = response.content.decode()
    assert "9 appointments booked." in html and "16 Mar 2026, 09:00" in html


def test_the_course_keeps_its_local_time_across_the_dst_change(settings, practitioner_client, practitioner, patient_a):
    settings.TIME_ZONE = "Europe/Amsterdam"
    plan = PlanFactory(patient=patient_a)
    _post(practitioner_client, plan, practitioner, weeks=3, start="2026-03-23T09:00")
    starts = [a.starts_at for a in Appointment.objects.order_by("starts_at")]
    assert [s.astimezone(settings_tz(settings)).strftime("%H:%M") for s in starts] == ["09:00"] * 3
    assert starts[1] - starts[0] == timedelta(days=7, hours=-1)  # the week the clocks went forward


def settings_tz(settings):
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.TIME_ZONE)


def test_the_form_offers_the_sessions_still_to_do(practitioner_client, practitioner, patient_a):
    plan = PlanFactory(patient=patient_a, planned_sessions=10)
    SessionFactory.create_batch(4, patient=patient_a, practitioner=practitioner, plan=plan)
    form = practitioner_client.get(f"/calendar/plans/{plan.pk}/book/").context["form"]
    assert form["weeks"].value() == 6


def test_booked_appointments_do_not_count_as_done(practitioner_client, practitioner, patient_a):
    plan = PlanFactory(patient=patient_a, planned_sessions=10)
    _post(practitioner_client, plan, practitioner, weeks=10)
    page = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert "0 of 10 sessions" in page


def test_a_finished_plan_cannot_be_booked(practitioner_client, practitioner, patient_a):
    plan = PlanFactory(patient=patient_a, status="completed")
    assert practitioner_client.get(f"/calendar/plans/{plan.pk}/book/").status_code == 404
    assert _post(practitioner_client, plan, practitioner).status_code == 404
    assert not Appointment.objects.exists()


def test_an_invalid_course_is_shown_again_and_nothing_is_booked(practitioner_client, practitioner, patient_a):
    plan = PlanFactory(patient=patient_a)
    response = _post(practitioner_client, plan, practitioner, weeks=0)
    assert "weeks" in response.context["form"].errors
    assert not Appointment.objects.exists()
