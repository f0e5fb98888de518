from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from patients.models import AccessLog, PainAssessment
from sessions_app.models import AcupunctureSession, AdverseEvent, SessionPoint
from tests.factories import PainAssessmentFactory, SessionFactory, add_points
from tests.session_forms import local_input, session_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(practitioner, patient_a):
    session = SessionFactory(
        patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(days=1), needle_count=6
    )
    add_points(session, [("BL23", "bilateral"), ("GV4", "midline")])
    PainAssessmentFactory(patient=patient_a, session=session, source="pre_session", nrs=7)
    return session


def _edit_data(session, **fields):
    data = session_data(
        points=[("BL23", "left"), ("BL40", "bilateral")],
        started_at=local_input(session.started_at),
        pre_nrs=6,
        **fields,
    )
    for name in ("followup_due_on", "followup_aftercare", "followup_exercises"):
        data.pop(name)
    return data | {"version": str(session.version)}


def test_the_author_corrects_points_pain_and_notes(practitioner_client, session):
    data = _edit_data(session, subjective="Better today", post_nrs=3, events=[("bruising", "mild", "")])
    response = practitioner_client.post(f"/sessions/{session.pk}/edit/", data)
    assert response.status_code == 302
    assert response.url == f"/sessions/{session.pk}/"
    session.refresh_from_db()
    assert (session.subjective, session.version) == ("Better today", 2)
    points = set(SessionPoint.objects.filter(session=session).values_list("acupoint__code", "side"))
    assert points == {("BL23", "left"), ("BL40", "bilateral")}
    pain = dict(PainAssessment.objects.filter(session=session).values_list("source", "nrs"))
    assert pain == {"pre_session": 6, "post_session": 3}
    assert AdverseEvent.objects.filter(session=session).count() == 1


def test_the_edit_form_opens_with_the_recorded_values(practitioner_client, session):
    response = practitioner_client.get(f"/sessions/{session.pk}/edit/")
    assert response.status_code == 200
    rows = [(f.initial["code"], f.initial["side"]) for f in response.context["points"].forms if f.initial]
    assert rows == [("BL23", "bilateral"), ("GV4", "midline")]
    assert response.context["form"].initial["pre_nrs"] == 7
    assert response.context["form"]["version"].value() == 1


def test_a_stale_edit_is_refused_and_shows_what_changed(practitioner_client, session):
    data = _edit_data(session, subjective="My note")
    AcupunctureSession.objects.filter(pk=session.pk).update(version=F("version") + 1, subjective="Their note")
    response = practitioner_client.post(f"/sessions/{session.pk}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this record while you were editing it" in html
    assert ("Subjective", "Their note", "My note") in response.context["stale"]
    session.refresh_from_db()
    assert session.subjective == "Their note"
    assert str(response.context["form"]["version"].value()) == "2"
    assert set(SessionPoint.objects.values_list("acupoint__code", flat=True)) == {"BL23", "GV4"}


def test_a_recorded_pain_score_cannot_be_blanked(practitioner_client, session):
    data = _edit_data(session) | {"pre_nrs": ""}
    response = practitioner_client.post(f"/sessions/{session.pk}/edit/", data)
    assert response.context["form"].errors["pre_nrs"] == ["A recorded pain score can be corrected, not removed."]
    assert PainAssessment.objects.get(session=session).nrs == 7


@pytest.mark.parametrize(("field", "value"), [("duration_minutes", "41"), ("pre_nrs", "11")])
def test_bad_input_on_edit_changes_nothing(practitioner_client, session, field, value):
    response = practitioner_client.post(f"/sessions/{session.pk}/edit/", _edit_data(session) | {field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    session.refresh_from_db()
    assert (session.version, session.duration_minutes) == (1, 30)
    assert SessionPoint.objects.filter(session=session).count() == 2


def test_a_colleague_may_read_but_not_edit_or_archive_the_session(client, colleague, session):
    client.force_login(colleague.user)
    assert client.get(f"/sessions/{session.pk}/").status_code == 200
    assert client.get(f"/sessions/{session.pk}/edit/").status_code == 403
    assert client.post(f"/sessions/{session.pk}/archive/").status_code == 403
    session.refresh_from_db()
    assert session.archived_at is None


def test_the_detail_page_shows_the_session_and_logs_the_access(practitioner_client, practitioner, session):
    response = practitioner_client.get(f"/sessions/{session.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Shenshu" in html and "Mingmen" in html
    assert response.context["insertions"] == 3
    log = AccessLog.objects.get()
    assert (log.user, log.patient, log.action) == (practitioner.user, session.patient, "view")


def test_archiving_keeps_the_session_but_takes_it_out_of_the_counts(practitioner_client, session):
    response = practitioner_client.post(f"/sessions/{session.pk}/archive/")
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.archived_at is not None
    assert AcupunctureSession.objects.current().count() == 0
    assert practitioner_client.get(f"/sessions/{session.pk}/edit/").status_code == 302


def test_archive_needs_post(practitioner_client, session):
    assert practitioner_client.get(f"/sessions/{session.pk}/archive/").status_code == 405
    assert practitioner_client.put(f"/sessions/{session.pk}/edit/").status_code == 405


def test_patients_and_anonymous_users_are_kept_out(client, patient_a_client, session):
    for url in (f"/sessions/{session.pk}/", f"/sessions/{session.pk}/edit/"):
        assert patient_a_client.get(url).status_code == 403
    anonymous = client.__class__()
    response = anonymous.get(f"/sessions/{session.pk}/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_an_unknown_session_is_not_found(practitioner_client):
    assert practitioner_client.get("/sessions/999999/").status_code == 404
    assert practitioner_client.get("/sessions/999999/edit/").status_code == 404
