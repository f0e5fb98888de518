"""'Start visit' pre-fills the plan's prescription; bookings outside the opening hours are confirmed;
a patient's request to cancel reaches the practitioner, who confirms it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sessions_app.models import AcupunctureSession, Appointment, PointPrescription
from tests.factories import AppointmentFactory, PlanFactory, PrescriptionFactory, at
from tests.session_forms import session_data

pytestmark = pytest.mark.django_db


def _codes(points) -> list[str]:
    return [form.initial.get("code") for form in points.forms if form.initial.get("code")]


def test_start_visit_begins_with_the_plans_prescription(practitioner_client, practitioner, colleague, patient_a):
    lumbar = PrescriptionFactory(
        practitioner=colleague, name="Lumbar standard", points=[("BL23", "bilateral"), ("GV4", "midline")]
    )
    PlanFactory(patient=patient_a, practitioner=colleague, prescription=lumbar)
    start = (timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=start)
    url = f"/patients/{patient_a.pk}/sessions/new/?appointment={appointment.pk}"

    page = practitioner_client.get(url)

    assert _codes(page.context["points"]) == ["BL23", "GV4"]
    assert page.context["points"].forms[0].initial["side"] == "bilateral"
    assert "Applied: Lumbar standard." in page.content.decode()
    assert (
        f"{page.context['form']['started_at'].value():%Y-%m-%d %H:%M}" == f"{timezone.localtime(start):%Y-%m-%d %H:%M}"
    )
    assert page.context["form"]["duration_minutes"].value() == 30
    plain = practitioner_client.get(f"/patients/{patient_a.pk}/sessions/new/")
    assert _codes(plain.context["points"]) == []  # only a visit started from its appointment

    data = session_data(
        points=[("BL23", "bilateral"), ("GV4", "midline")], started_at=f"{timezone.localtime(start):%Y-%m-%dT%H:%M}"
    )
    practitioner_client.post(url, data)
    session = AcupunctureSession.objects.get()
    assert Appointment.objects.get().session == session and session.plan.prescription == lumbar


def test_the_plan_form_offers_only_my_prescriptions_and_keeps_the_plans_own(
    practitioner_client, practitioner, colleague, patient_a
):
    mine = PrescriptionFactory(practitioner=practitioner, name="Mine")
    theirs = PrescriptionFactory(practitioner=colleague, name="Theirs")
    other = PrescriptionFactory(practitioner=colleague, name="Other")
    plan = PlanFactory(patient=patient_a, practitioner=colleague, prescription=theirs)
    choices = set(
        practitioner_client.get(f"/sessions/plans/{plan.pk}/edit/").context["form"].fields["prescription"].queryset
    )
    assert choices == {mine, theirs} and other not in choices


def test_a_prescription_in_use_by_a_plan_is_not_deleted(practitioner_client, practitioner, patient_a):
    used = PrescriptionFactory(practitioner=practitioner, name="Lumbar", points=[("BL23", "bilateral")])
    PlanFactory(patient=patient_a, practitioner=practitioner, prescription=used)
    response = practitioner_client.post(f"/sessions/prescriptions/{used.pk}/delete/", follow=True)
    assert "point plan of a treatment plan" in response.content.decode()
    assert PointPrescription.objects.filter(pk=used.pk).exists() and used.items.count() == 1


def _book(client, practitioner, patient, start, **extra):
    data = {"practitioner": practitioner.pk, "starts_at": start, "duration_minutes": 30, **extra}
    return client.post(f"/calendar/patients/{patient.pk}/book/", data)


def test_a_booking_outside_the_opening_hours_asks_to_confirm(practitioner_client, practitioner, patient_a):
    response = _book(practitioner_client, practitioner, patient_a, "2026-03-03T17:45")  # ends 18:15
    assert response.status_code == 200
    assert "outside the opening hours (Tuesday 08:00–18:00)" in str(response.context["form"].errors["starts_at"])
    assert 'type="checkbox" name="outside_hours"' in response.content.decode()
    assert not Appointment.objects.exists()

    confirmed = _book(practitioner_client, practitioner, patient_a, "2026-03-03T17:45", outside_hours="on")
    assert confirmed.status_code == 302 and Appointment.objects.get().starts_at == at("2026-03-03", "17:45")


def test_a_booking_on_a_closed_day_says_so(settings, practitioner_client, practitioner, patient_a):
    settings.CLINIC_OPENING_HOURS = {0: ("09:00", "12:00")}
    response = _book(practitioner_client, practitioner, patient_a, "2026-03-08T10:00")  # a Sunday
    assert "The clinic is closed on Sunday" in str(response.context["form"].errors["starts_at"])
    assert _book(practitioner_client, practitioner, patient_a, "2026-03-09T10:00").status_code == 302  # Monday


def test_a_request_to_cancel_reaches_the_practitioner_who_confirms_it(
    client_for, practitioner, patient_a, django_capture_on_commit_callbacks
):
    patient_a.email = "alice@example.org"
    patient_a.save()
    start = timezone.now() + timedelta(days=2)
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=start)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("patient_a").post(f"/me/calendar/appointments/{appointment.pk}/cancel/")

    assert [message.to for message in mail.outbox] == [[practitioner.user.email]]
    notice = mail.outbox[0]
    assert "A. A. asks to cancel" in notice.subject and "Alice" not in notice.subject + notice.body
    assert f"/calendar/appointments/{appointment.pk}/" in notice.body
    with django_capture_on_commit_callbacks(execute=True):
        client_for("patient_a").post(f"/me/calendar/appointments/{appointment.pk}/cancel/")
    assert len(mail.outbox) == 1  # asking twice tells the practitioner once

    staff = client_for("practitioner")
    calendar = staff.get("/calendar/").content.decode()
    assert "Patients asking to cancel" in calendar and f"/calendar/appointments/{appointment.pk}/" in calendar
    detail = staff.get(f"/calendar/appointments/{appointment.pk}/")
    assert detail.context["cancel_form"]["reason"].value() == "The patient asked to cancel."

    reason = detail.context["cancel_form"]["reason"].value()
    appointment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            f"/calendar/appointments/{appointment.pk}/cancel/", {"version": appointment.version, "reason": reason}
        )
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert mail.outbox[-1].to == [patient_a.email] and "cancelled" in mail.outbox[-1].subject
    assert "Patients asking to cancel" not in staff.get("/calendar/").content.decode()
