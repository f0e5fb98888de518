"""A practitioner's two visits, and a patient's two visits, never overlap in time."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from sessions_app import services
from sessions_app.models import AcupunctureSession
from tests.factories import PatientFactory, SessionFactory
from tests.session_forms import local_input, session_data

TEN = timezone.make_aware(datetime(2026, 11, 30, 10, 0))


def _visit(patient, practitioner, start, minutes=30) -> AcupunctureSession:
    return AcupunctureSession(
        patient=patient, practitioner=practitioner, started_at=start, duration_minutes=minutes, technique="manual"
    )


@pytest.fixture
def booked(patient_a, practitioner):
    """Patient A with the practitioner, 10:00-10:30."""
    return SessionFactory(patient=patient_a, practitioner=practitioner, started_at=TEN, duration_minutes=30)


def test_it_refuses_a_second_visit_of_the_practitioner_at_the_same_time_naming_the_first(booked, practitioner):
    other_patient = PatientFactory(first_name="Olga", last_name="Other")
    with pytest.raises(ValidationError) as refused:
        _visit(other_patient, practitioner, TEN + timedelta(minutes=20)).full_clean()
    message = " ".join(refused.value.message_dict["started_at"])
    assert booked.patient.first_name in message and booked.patient.last_name in message
    assert date_format(TEN, "SHORT_DATETIME_FORMAT") in message


def test_it_refuses_a_visit_of_the_patient_with_a_colleague_at_the_same_time(booked, colleague):
    with pytest.raises(ValidationError) as refused:
        _visit(booked.patient, colleague, TEN - timedelta(minutes=25)).full_clean()
    assert str(booked.practitioner) in " ".join(refused.value.message_dict["started_at"])


def test_back_to_back_visits_are_allowed(booked, practitioner):
    other_patient = PatientFactory()
    _visit(other_patient, practitioner, TEN + timedelta(minutes=30)).full_clean()
    _visit(other_patient, practitioner, TEN - timedelta(minutes=40), minutes=40).full_clean()


def test_an_archived_visit_no_longer_blocks_the_time(booked, practitioner):
    booked.archived_at = timezone.now()
    booked.save()
    _visit(PatientFactory(), practitioner, TEN).full_clean()


def test_a_visit_does_not_overlap_itself_when_corrected(booked):
    booked.duration_minutes = 40
    booked.full_clean()


def test_the_service_refuses_an_overlapping_visit_and_writes_nothing(booked, practitioner):
    with pytest.raises(ValidationError):
        services.session_log(
            patient=PatientFactory(), practitioner=practitioner, recorded_by=practitioner.user,
            details={"started_at": TEN + timedelta(minutes=10), "duration_minutes": 30, "technique": "manual"},
            points=[], pre_nrs=6, followup={"due_on": timezone.localdate() + timedelta(days=7)},
        )  # fmt: skip
    assert AcupunctureSession.objects.count() == 1


def test_the_form_shows_the_overlap_next_to_the_start_and_saves_nothing(practitioner_client, practitioner, patient_a):
    start = timezone.now() - timedelta(hours=2)
    SessionFactory(patient=PatientFactory(last_name="Earlier"), practitioner=practitioner, started_at=start)

    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/sessions/new/",
        session_data(started_at=local_input(start + timedelta(minutes=15)), pre_nrs=5),
    )

    assert response.status_code == 200
    assert "Earlier" in response.context["form"].errors["started_at"][0]
    assert not AcupunctureSession.objects.filter(patient=patient_a).exists()
    assert not patient_a.assessments.exists()


def test_moving_a_visit_onto_another_is_refused_on_edit(practitioner_client, practitioner, patient_a):
    start = timezone.now() - timedelta(hours=3)
    SessionFactory(patient=PatientFactory(last_name="Fixed"), practitioner=practitioner, started_at=start)
    moved = SessionFactory(patient=patient_a, practitioner=practitioner, started_at=start + timedelta(hours=1))
    data = session_data(started_at=local_input(start + timedelta(minutes=10)), version=moved.version)

    response = practitioner_client.post(f"/sessions/{moved.pk}/edit/", data)

    assert response.status_code == 200
    assert "Fixed" in response.context["form"].errors["started_at"][0]
    moved.refresh_from_db()
    assert moved.started_at == start + timedelta(hours=1)
