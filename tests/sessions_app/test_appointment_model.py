from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from sessions_app.models import Appointment, Location
from tests.factories import AppointmentFactory, PatientFactory, SessionFactory, at

pytestmark = pytest.mark.django_db


def _new(practitioner, patient, start, minutes=30, **extra) -> Appointment:
    return Appointment(
        patient=patient, practitioner=practitioner, starts_at=start, ends_at=start + timedelta(minutes=minutes), **extra
    )


def test_a_record_with_only_the_contract_fields_is_valid(practitioner, patient_a):
    appointment = _new(practitioner, patient_a, at("2026-03-03", "09:00"), location=Location.objects.create(name="A"))
    appointment.full_clean()
    appointment.save()
    assert appointment.status == "booked"


def test_it_refuses_an_overlap_and_names_the_other_appointment(practitioner, patient_a, patient_b):
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-03", "09:00"))
    clash = _new(practitioner, patient_b, at("2026-03-03", "09:15"))
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    message = " ".join(refused.value.message_dict["starts_at"])
    assert "2026-03-03 09:00–09:30" in message
    assert "A. A." in message  # the other appointment's patient, by initials


def test_back_to_back_appointments_and_other_practitioners_do_not_overlap(practitioner, colleague, patient_a):
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-03", "09:00"))
    _new(practitioner, patient_a, at("2026-03-03", "09:30")).full_clean()
    _new(colleague, patient_a, at("2026-03-03", "09:00")).full_clean()


def test_a_cancelled_appointment_frees_its_time(practitioner, patient_a, patient_b):
    AppointmentFactory(
        practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-03", "09:00"), status="cancelled"
    )
    _new(practitioner, patient_b, at("2026-03-03", "09:00")).full_clean()
    _new(practitioner, patient_b, at("2026-03-03", "09:00"), status="cancelled").full_clean()


def test_it_refuses_an_end_before_the_start(practitioner, patient_a):
    with pytest.raises(ValidationError) as refused:
        _new(practitioner, patient_a, at("2026-03-03", "09:00"), minutes=-30).full_clean()
    assert "ends_at" in refused.value.message_dict


def test_it_refuses_a_session_of_another_patient(practitioner, patient_a, patient_b):
    appointment = _new(practitioner, patient_a, at("2026-03-03", "09:00"), session=SessionFactory(patient=patient_b))
    with pytest.raises(ValidationError) as refused:
        appointment.full_clean()
    assert "session" in refused.value.message_dict


def test_the_database_refuses_an_end_before_the_start(practitioner, patient_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory(practitioner=practitioner, patient=patient_a, ends_at=at("2026-03-03", "08:00"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's")
def test_postgresql_refuses_an_overlap_even_without_full_clean(practitioner, patient_a, patient_b):
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-03", "09:00"))
    AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=at("2026-03-03", "09:30"))
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=at("2026-03-03", "09:10"))
    AppointmentFactory(
        practitioner=practitioner, patient=patient_b, starts_at=at("2026-03-03", "09:10"), status="cancelled"
    )


def test_a_9_oclock_appointment_stays_9_local_across_the_dst_change(settings, practitioner, patient_a):
    """Europe/Amsterdam moves from CET (UTC+1) to CEST (UTC+2) on 29 March 2026."""
    settings.TIME_ZONE = "Europe/Amsterdam"
    amsterdam = ZoneInfo("Europe/Amsterdam")
    with timezone.override(amsterdam):
        before = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-27", "09:00"))
        after = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-04-03", "09:00"))
    before.refresh_from_db()
    after.refresh_from_db()
    assert (before.starts_at.astimezone(ZoneInfo("UTC")).hour, after.starts_at.astimezone(ZoneInfo("UTC")).hour) == (
        8,
        7,
    )
    assert before.starts_at.astimezone(amsterdam).hour == after.starts_at.astimezone(amsterdam).hour == 9
    assert after.starts_at - before.starts_at == timedelta(days=7, hours=-1)


def test_every_status_change_is_in_the_history(practitioner, patient_a):
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a)
    appointment.status = "arrived"
    appointment.save()
    assert [h.status for h in appointment.history.order_by("history_date")] == ["booked", "arrived"]


def test_another_patient_record_is_not_needed_for_str(practitioner):
    appointment = AppointmentFactory(practitioner=practitioner, patient=PatientFactory())
    assert str(appointment).startswith(f"{timezone.localtime(appointment.starts_at):%Y-%m-%d %H:%M}")
