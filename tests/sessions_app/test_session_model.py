import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sessions_app.models import Acupoint, AcupunctureSession, SessionPoint
from tests.factories import PatientFactory, PractitionerFactory, SessionFactory


def _session(**fields):
    return AcupunctureSession(
        patient=PatientFactory(), practitioner=PractitionerFactory(), technique="manual", **fields
    )


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [19, 41])
def test_it_refuses_a_session_outside_20_to_40_minutes_in_the_model(minutes):
    with pytest.raises(ValidationError) as error:
        _session(duration_minutes=minutes).full_clean()
    assert "duration_minutes" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [19, 41])
def test_the_database_refuses_a_session_outside_20_to_40_minutes(minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        _session(duration_minutes=minutes).save()


@pytest.mark.django_db
@pytest.mark.parametrize("minutes", [20, 40])
def test_20_and_40_minute_sessions_are_accepted(minutes):
    session = _session(duration_minutes=minutes)
    session.full_clean()
    session.save()
    assert AcupunctureSession.objects.filter(duration_minutes=minutes).count() == 1


@pytest.mark.django_db
def test_a_frequency_on_a_manual_session_is_refused_at_both_levels():
    session = _session(duration_minutes=30, electro_frequency_hz=10)
    with pytest.raises(ValidationError):
        session.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


@pytest.mark.django_db
def test_retention_longer_than_the_session_is_refused_at_both_levels():
    session = _session(duration_minutes=20, retention_minutes=30)
    with pytest.raises(ValidationError):
        session.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


@pytest.mark.django_db
def test_a_midline_point_must_be_recorded_as_midline():
    point = SessionPoint(session=SessionFactory(), acupoint=Acupoint.objects.get(code="GV4"), side="left")
    with pytest.raises(ValidationError, match="midline point"):
        point.full_clean()


@pytest.mark.django_db
def test_a_paired_point_cannot_be_midline():
    point = SessionPoint(session=SessionFactory(), acupoint=Acupoint.objects.get(code="BL23"), side="midline")
    with pytest.raises(ValidationError, match="paired point"):
        point.full_clean()


@pytest.mark.django_db
def test_the_same_point_twice_in_a_session_is_refused_by_the_database():
    session = SessionFactory()
    point = Acupoint.objects.get(code="BL23")
    SessionPoint.objects.create(session=session, acupoint=point, side="bilateral")
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionPoint.objects.create(session=session, acupoint=point, side="left")


@pytest.mark.django_db
def test_session_end_is_start_plus_duration():
    session = SessionFactory(duration_minutes=35)
    assert (session.ends_at - session.started_at).total_seconds() == 35 * 60
