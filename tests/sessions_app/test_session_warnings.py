"""Likely mistakes on the session form are shown, and nothing is saved until the practitioner confirms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import PainAssessment
from sessions_app.models import AcupunctureSession
from tests.factories import PainAssessmentFactory, SessionFactory, add_points
from tests.html_forms import form_data
from tests.session_forms import local_input, session_data

pytestmark = pytest.mark.django_db


def _url(patient) -> str:
    return f"/patients/{patient.pk}/sessions/new/"


def _warnings(response) -> list[str]:
    return [str(warning.message) for warning in response.context["warnings"]]


def test_electroacupuncture_without_a_frequency_asks_before_saving(practitioner_client, patient_a):
    data = session_data(technique="electro", pre_nrs=6)
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 200
    assert _warnings(response) == ["Electroacupuncture is recorded without a frequency."]
    assert b'name="confirm_warnings" value="electro_without_frequency"' in response.content
    assert not AcupunctureSession.objects.exists()


def test_saving_anyway_records_the_session_once(practitioner_client, patient_a):
    data = session_data(technique="electro", pre_nrs=6, confirm_warnings="electro_without_frequency")
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 302
    session = AcupunctureSession.objects.get()
    assert (session.technique, session.electro_frequency_hz) == ("electro", None)
    assert practitioner_client.post(_url(patient_a), data).status_code == 302  # a double click
    assert AcupunctureSession.objects.count() == 1


def test_a_post_score_without_a_pre_score_asks_before_saving(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(post_nrs=3))
    assert _warnings(response) == [
        "There is a pain score after needling but none before: the immediate effect of this session "
        "cannot be measured without both."
    ]
    assert not PainAssessment.objects.exists()
    confirmed = session_data(post_nrs=3, confirm_warnings="post_without_pre")
    assert practitioner_client.post(_url(patient_a), confirmed).status_code == 302
    assert list(PainAssessment.objects.values_list("source", "nrs")) == [("post_session", 3)]


def test_a_confirmation_covers_only_the_warnings_it_was_shown(practitioner_client, patient_a):
    # Confirmed the frequency, then added a post score without a pre score: asked again, for that one.
    data = session_data(technique="electro", post_nrs=3, confirm_warnings="electro_without_frequency")
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 200
    assert [w.code for w in response.context["warnings"]] == ["post_without_pre"]
    assert not AcupunctureSession.objects.exists()


def test_fewer_needles_than_insertions_asks_before_saving(practitioner_client, patient_a):
    points = [("BL23", "bilateral"), ("BL40", "bilateral"), ("GV4", "")]
    response = practitioner_client.post(_url(patient_a), session_data(points=points, needle_count=4, pre_nrs=5))
    assert _warnings(response) == [
        "4 needles are recorded for 5 insertions from the points (a bilateral point counts twice)."
    ]
    assert not AcupunctureSession.objects.exists()
    data = session_data(points=points, needle_count=4, pre_nrs=5, confirm_warnings="needles_below_insertions")
    assert practitioner_client.post(_url(patient_a), data).status_code == 302
    assert AcupunctureSession.objects.get().needle_count == 4


def test_an_empty_needle_count_saves_the_insertions_counted_from_the_points(practitioner_client, patient_a):
    points = [("BL23", "bilateral"), ("BL40", "bilateral"), ("GV4", "")]
    assert practitioner_client.post(_url(patient_a), session_data(points=points, pre_nrs=5)).status_code == 302
    assert AcupunctureSession.objects.get().needle_count == 5


def test_a_typed_needle_count_is_kept(practitioner_client, patient_a):
    data = session_data(points=[("BL23", "bilateral")], needle_count=6, pre_nrs=5)
    assert practitioner_client.post(_url(patient_a), data).status_code == 302
    assert AcupunctureSession.objects.get().needle_count == 6


def test_a_session_dated_weeks_ago_asks_before_saving(practitioner_client, patient_a):
    data = session_data(started_at=local_input(timezone.now() - timedelta(days=20)), pre_nrs=5)
    response = practitioner_client.post(_url(patient_a), data)
    assert [w.code for w in response.context["warnings"]] == ["backdated"]
    assert not AcupunctureSession.objects.exists()


def test_a_clean_session_saves_without_asking(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(pre_nrs=6, post_nrs=4), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert AcupunctureSession.objects.count() == 1


def test_an_invalid_form_shows_its_errors_not_warnings(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(technique="electro", duration_minutes=90))
    assert response.context["warnings"] == []
    assert "duration_minutes" in response.context["form"].errors


def test_editing_asks_too_and_changes_nothing_until_confirmed(practitioner_client, practitioner, patient_a):
    yesterday = timezone.now() - timedelta(days=1)
    session = SessionFactory(patient=patient_a, practitioner=practitioner, started_at=yesterday)
    add_points(session, [("BL23", "bilateral")])
    PainAssessmentFactory(patient=patient_a, session=session, source="pre_session", nrs=7)
    data = session_data(started_at=local_input(session.started_at), pre_nrs=7, technique="electro")
    for name in ("followup_due_on", "followup_aftercare", "followup_exercises", "submission_token"):
        data.pop(name)
    data["version"] = str(session.version)
    response = practitioner_client.post(f"/sessions/{session.pk}/edit/", data)
    assert [w.code for w in response.context["warnings"]] == ["electro_without_frequency"]
    session.refresh_from_db()
    assert session.technique == "manual"
    data["confirm_warnings"] = "electro_without_frequency"
    assert practitioner_client.post(f"/sessions/{session.pk}/edit/", data).status_code == 302
    session.refresh_from_db()
    assert session.technique == "electro"


def test_the_form_has_no_value_like_placeholders(practitioner_client, patient_a):
    response = practitioner_client.get(_url(patient_a))
    form = response.context["form"]
    for name in ("needle_count", "needle_gauge_mm", "needle_length_mm", "electro_frequency_hz", "retention_minutes"):
        assert "placeholder" not in form.fields[name].widget.attrs, name
    html = response.content.decode()
    assert 'placeholder="0.25"' not in html and 'placeholder="40"' not in html


def test_without_javascript_the_shown_form_ticked_saves_what_was_typed(practitioner_client, patient_a):
    typed = session_data(technique="electro", pre_nrs=6, subjective="Stiff after driving.")
    shown = practitioner_client.post(_url(patient_a), typed)
    again = form_data(shown.content, "session-form")
    assert "confirm_warnings" not in again  # unticked until the practitioner ticks it
    again["confirm_warnings"] = ["electro_without_frequency"]
    assert practitioner_client.post(_url(patient_a), again).status_code == 302
    session = AcupunctureSession.objects.get()
    assert (session.technique, session.subjective) == ("electro", "Stiff after driving.")
    assert PainAssessment.objects.get().nrs == 6
