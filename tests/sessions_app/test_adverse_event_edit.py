"""Correcting a saved adverse event, and removing a point row of a saved session in one action."""

from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import AccessLog, Patient
from sessions_app.models import AcupunctureSession, AdverseEvent, SessionPoint
from tests.factories import PainAssessmentFactory, SessionFactory, add_points
from tests.session_forms import local_input, session_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(practitioner, patient_a):
    session = SessionFactory(
        patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(days=1)
    )
    add_points(session, [("BL23", "bilateral"), ("GV4", "midline")])
    return session


@pytest.fixture
def event(session):
    return AdverseEvent.objects.create(session=session, kind="bruising", severity="mild", notes="Small bruise at BL23")


def _data(event, **fields):
    return {"kind": "bleeding", "severity": "moderate", "notes": "Bled two minutes", "version": event.version} | fields


def test_the_author_corrects_kind_severity_and_notes_and_history_keeps_both(practitioner_client, practitioner, event):
    response = practitioner_client.post(f"/sessions/adverse-events/{event.pk}/edit/", _data(event))
    assert response.status_code == 302 and response.url == f"/sessions/{event.session_id}/"
    event.refresh_from_db()
    assert (event.kind, event.severity, event.notes, event.version) == ("bleeding", "moderate", "Bled two minutes", 2)
    before, after = event.history.order_by("history_date", "history_id")
    assert (before.kind, after.kind) == ("bruising", "bleeding")
    assert after.history_user_id == practitioner.user_id


def test_opening_the_edit_page_is_in_the_access_log(practitioner_client, practitioner, event):
    response = practitioner_client.get(f"/sessions/adverse-events/{event.pk}/edit/")
    assert response.status_code == 200
    assert 'value="bruising" selected' in response.content.decode()
    assert AccessLog.objects.filter(user=practitioner.user, action=AccessLog.Action.EDIT).count() == 1


def test_a_stale_correction_is_refused_and_says_what_changed(practitioner_client, event):
    opened = _data(event)
    AdverseEvent.objects.filter(pk=event.pk).update(version=2, severity="severe")
    response = practitioner_client.post(f"/sessions/adverse-events/{event.pk}/edit/", opened)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    event.refresh_from_db()
    assert (event.kind, event.severity) == ("bruising", "severe")


def test_a_colleague_may_not_correct_my_sessions_event(client, colleague, event):
    client.force_login(colleague.user)
    assert client.get(f"/sessions/adverse-events/{event.pk}/edit/").status_code == 403
    assert client.post(f"/sessions/adverse-events/{event.pk}/edit/", _data(event)).status_code == 403
    assert AdverseEvent.objects.get(pk=event.pk).kind == "bruising"


def test_an_archived_session_or_patient_refuses_the_correction(practitioner_client, session, event):
    AcupunctureSession.objects.filter(pk=session.pk).update(archived_at=timezone.now())
    response = practitioner_client.post(f"/sessions/adverse-events/{event.pk}/edit/", _data(event))
    assert response.status_code == 302
    assert AdverseEvent.objects.get(pk=event.pk).kind == "bruising"
    AcupunctureSession.objects.filter(pk=session.pk).update(archived_at=None)
    Patient.objects.filter(pk=session.patient_id).update(archived_at=timezone.now())
    assert practitioner_client.post(f"/sessions/adverse-events/{event.pk}/edit/", _data(event)).status_code == 302
    assert AdverseEvent.objects.get(pk=event.pk).kind == "bruising"


def test_a_blank_kind_is_refused_and_nothing_changes(practitioner_client, event):
    response = practitioner_client.post(f"/sessions/adverse-events/{event.pk}/edit/", _data(event, kind=""))
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    assert AdverseEvent.objects.get(pk=event.pk).kind == "bruising"


def test_patients_and_anonymous_users_are_kept_out(client, patient_a_client, event):
    assert patient_a_client.get(f"/sessions/adverse-events/{event.pk}/edit/").status_code == 403
    client.logout()
    assert client.get(f"/sessions/adverse-events/{event.pk}/edit/").status_code == 302


def test_an_unknown_event_is_not_found(practitioner_client, event):
    assert practitioner_client.get(f"/sessions/adverse-events/{event.pk + 999}/edit/").status_code == 404


def test_the_session_page_links_its_author_to_the_correction(practitioner_client, event):
    page = practitioner_client.get(f"/sessions/{event.session_id}/").content.decode()
    assert f'href="/sessions/adverse-events/{event.pk}/edit/"' in page


def test_one_tick_removes_a_point_row_whatever_is_left_in_it(practitioner_client, session):
    PainAssessmentFactory(patient=session.patient, session=session, source="pre_session", nrs=7)
    data = session_data(points=[("BL23", "bilateral"), ("GV4", "midline")], started_at=local_input(session.started_at))
    for name in ("followup_due_on", "followup_aftercare", "followup_exercises"):
        data.pop(name)
    data |= {"version": str(session.version), "pre_nrs": "7", "points-1-remove": "on", "points-1-depth_mm": "500"}
    response = practitioner_client.post(f"/sessions/{session.pk}/edit/", data)
    assert response.status_code == 302
    assert [row.acupoint.code for row in SessionPoint.objects.filter(session=session)] == ["BL23"]
    assert SessionPoint.history.filter(history_type="-").count() == 1  # the removed row stays in history


def test_the_edit_form_offers_remove_on_each_saved_row_only(practitioner_client, session):
    page = practitioner_client.get(f"/sessions/{session.pk}/edit/").content.decode()
    assert page.count('name="points-0-remove"') == 1 and page.count('name="points-1-remove"') == 1
    assert 'name="points-2-remove"' not in page  # a blank row is simply left blank
