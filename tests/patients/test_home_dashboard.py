from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import (
    FollowUpFactory,
    PainAssessmentFactory,
    PatientFactory,
    PractitionerFactory,
    SessionFactory,
)
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_clock():
    """A fixed clock (late evening, clinic time UTC): "due today" and the 60-day licence warning
    never straddle midnight."""
    with time_machine.travel(datetime(2026, 3, 3, 23, 30, tzinfo=UTC), tick=False):
        yield


def _pain(patient, baseline, latest):
    now = timezone.now()
    PainAssessmentFactory(patient=patient, nrs=baseline, assessed_at=now - timedelta(days=20))
    PainAssessmentFactory(patient=patient, nrs=latest, assessed_at=now - timedelta(days=1))


def test_a_practitioners_day(practitioner_client, practitioner, colleague):
    today = timezone.localdate()
    mine = PatientFactory(last_name="Mine", primary_practitioner=practitioner, rf_neuro_deficit=True)
    theirs = PatientFactory(last_name="Theirs", primary_practitioner=colleague, rf_trauma=True)
    _pain(mine, 4, 6)
    _pain(theirs, 4, 8)
    overdue = FollowUpFactory(patient=mine, due_on=today - timedelta(days=2))
    due_today = FollowUpFactory(patient=mine, due_on=today)
    FollowUpFactory(patient=mine, due_on=today + timedelta(days=1))
    FollowUpFactory(patient=theirs, due_on=today)
    session = SessionFactory(patient=mine, practitioner=practitioner)
    SessionFactory(patient=theirs, practitioner=colleague)

    response = practitioner_client.get("/")

    board = response.context["board"]
    assert board.due_followups == [overdue, due_today]
    assert board.recent_sessions == [session]
    assert [p.last_name for p in board.worse] == ["Mine"]
    assert [p.last_name for p in board.red_flags] == ["Mine"]
    html = response.content.decode()
    assert "Progressive neurological deficit" in html
    assert "Overdue" in html
    assert "licence" not in html.lower()


def test_the_home_warns_when_my_licence_expires_within_60_days(client):
    expiring = PractitionerFactory(license_expires=timezone.localdate() + timedelta(days=45))
    client.force_login(expiring.user)
    html = client.get("/").content.decode()
    assert "Your licence expires on" in html and "(in 45 days)" in html


def test_the_home_says_plainly_when_my_licence_has_expired(client):
    lapsed = PractitionerFactory(license_expires=timezone.localdate() - timedelta(days=1))
    client.force_login(lapsed.user)
    assert "you cannot log new sessions" in client.get("/").content.decode()


def test_an_admin_sees_the_whole_clinic(admin_client, colleague):
    patient = PatientFactory(primary_practitioner=colleague, rf_cancer_history=True)
    followup = FollowUpFactory(patient=patient, due_on=timezone.localdate())
    board = admin_client.get("/").context["board"]
    assert board.due_followups == [followup]
    assert board.red_flags == [patient]


def test_archived_patients_leave_the_home(practitioner_client, practitioner):
    patient = PatientFactory(primary_practitioner=practitioner, rf_trauma=True, archived_at=timezone.now())
    FollowUpFactory(patient=patient, due_on=timezone.localdate())
    board = practitioner_client.get("/").context["board"]
    assert board.red_flags == [] and board.due_followups == []


def test_the_home_query_count_does_not_grow(practitioner_client, practitioner):
    patient = PatientFactory(primary_practitioner=practitioner)
    FollowUpFactory(patient=patient, due_on=timezone.localdate())
    few = queries_for(practitioner_client, "/")
    for _ in range(15):
        other = PatientFactory(primary_practitioner=practitioner, rf_trauma=True)
        _pain(other, 3, 7)
        FollowUpFactory(patient=other, due_on=timezone.localdate())
        SessionFactory(patient=other, practitioner=practitioner)
    assert queries_for(practitioner_client, "/") == few


def test_a_patient_is_sent_to_their_portal(patient_a_client):
    response = patient_a_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_anonymous_users_sign_in_first(client):
    assert client.get("/").url.startswith("/accounts/login/")
