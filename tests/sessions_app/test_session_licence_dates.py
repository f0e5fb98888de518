"""An expired licence cannot put a session on a day after it expired by editing an old session."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sessions_app.models import AcupunctureSession
from tests.factories import PractitionerFactory, SessionFactory, add_points
from tests.session_forms import local_input, session_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def lapsed(client):
    practitioner = PractitionerFactory(license_expires=timezone.localdate() - timedelta(days=10))
    client.force_login(practitioner.user)
    return practitioner


@pytest.fixture
def old_session(lapsed, patient_a):
    session = SessionFactory(patient=patient_a, practitioner=lapsed, started_at=timezone.now() - timedelta(days=20))
    add_points(session, [("BL23", "bilateral")])
    return session


def _edit(client, session, started_at, **fields):
    data = session_data(points=[("BL23", "bilateral")], started_at=local_input(started_at), **fields)
    for name in ("followup_due_on", "followup_aftercare", "followup_exercises"):
        data.pop(name)
    return client.post(f"/sessions/{session.pk}/edit/", data | {"version": str(session.version)})


def test_moving_an_old_session_to_today_is_refused_next_to_the_date(client, old_session):
    response = _edit(client, old_session, timezone.now() - timedelta(hours=2))
    assert response.status_code == 200
    errors = response.context["form"].errors["started_at"]
    assert any("a session cannot be dated after that" in error for error in errors)
    stored = AcupunctureSession.objects.get(pk=old_session.pk)
    assert (stored.started_at, stored.version) == (old_session.started_at, 1)


def test_moving_it_to_the_day_after_expiry_is_refused(client, lapsed, old_session):
    day_after = old_session.started_at + timedelta(days=11)
    assert timezone.localdate(day_after) > lapsed.license_expires
    assert _edit(client, old_session, day_after).status_code == 200
    assert AcupunctureSession.objects.get(pk=old_session.pk).version == 1


def test_an_old_session_can_still_be_corrected_on_its_own_day(client, old_session):
    response = _edit(client, old_session, old_session.started_at, subjective="Corrected note")
    assert response.status_code == 302
    assert AcupunctureSession.objects.get(pk=old_session.pk).subjective == "Corrected note"
