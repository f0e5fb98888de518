"""The same form submitted twice (a double click, a resent tab) records once.

Every create form is opened with the test client first, exactly as a browser has it (its hidden
one-time token included), then posted twice.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from patients.models import FormSubmission, PainAssessment, Patient, QuestionnaireResponse
from sessions_app.models import AcupunctureSession, FollowUp, PointPrescription, TreatmentPlan
from tests.factories import QuestionnaireFactory
from tests.html_forms import form_data
from tests.session_forms import local_input, session_data


def _opened(client, url: str, form_id: str | None = None, **values) -> dict:
    """The form as rendered at `url`, filled in with `values`."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content, form_id)
    assert data.get("submission_token", [""])[0], "the form carries a one-time token"
    return data | {name: [str(value)] for name, value in values.items()}


def _twice(client, url: str, data: dict):
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    return first, client.post(url, data, follow=True)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _said_already_saved(response) -> bool:
    return any("already saved" in message for message in _messages(response))


def test_a_double_posted_session_is_one_visit_and_the_second_post_shows_it(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/sessions/new/"
    token = form_data(practitioner_client.get(url).content, "session-form")["submission_token"][0]
    data = session_data(
        submission_token=token, pre_nrs=7, post_nrs=4, followup_due_on=timezone.localdate() + timedelta(days=7)
    )

    first, second = _twice(practitioner_client, url, data)

    session = AcupunctureSession.objects.get(patient=patient_a)
    assert PainAssessment.objects.filter(patient=patient_a).count() == 2
    assert FollowUp.objects.filter(patient=patient_a).count() == 1
    assert second.redirect_chain == [(f"/sessions/{session.pk}/", 302)]
    assert "This visit was already saved" in second.content.decode()
    assert "Nothing was saved" not in second.content.decode()


def test_a_resend_after_the_connection_dropped_never_says_nothing_was_saved(practitioner_client, patient_a):
    """The visit committed but the answer was lost; the browser sends the same form again."""
    url = f"/patients/{patient_a.pk}/sessions/new/"
    data = session_data()
    practitioner_client.post(url, data)  # the answer to this one never reached the browser

    resent = practitioner_client.post(url, data)

    session = AcupunctureSession.objects.get(patient=patient_a)
    assert resent.status_code == 302
    assert resent["Location"] == f"/sessions/{session.pk}/"
    assert "This visit was already saved" in " ".join(_messages(resent))


def test_two_renderings_of_the_form_are_two_visits(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/sessions/new/"
    earlier = local_input(timezone.now() - timedelta(hours=3))
    practitioner_client.post(url, session_data(started_at=earlier))
    practitioner_client.post(url, session_data())
    assert AcupunctureSession.objects.filter(patient=patient_a).count() == 2


def test_a_post_without_a_token_still_records(practitioner_client, patient_a):
    """A tab opened before the token existed (or an integration) is not refused."""
    response = practitioner_client.post(f"/patients/{patient_a.pk}/sessions/new/", session_data(submission_token=""))
    assert response.status_code == 302
    assert AcupunctureSession.objects.filter(patient=patient_a).count() == 1
    assert not FormSubmission.objects.exists()


def test_a_token_of_another_user_does_not_show_their_record(practitioner_client, colleague, patient_a, client):
    url = f"/patients/{patient_a.pk}/assessments/new/"
    data = _opened(practitioner_client, url, "assessment-form", nrs=5)
    practitioner_client.post(url, data)
    client.force_login(colleague.user)

    response = client.post(url, data)

    assert response.status_code == 400
    assert PainAssessment.objects.filter(patient=patient_a).count() == 1


def test_a_refused_form_keeps_its_token_so_the_corrected_post_records_once(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/assessments/new/"
    refused = practitioner_client.post(url, _opened(practitioner_client, url, "assessment-form", nrs=11))
    assert refused.status_code == 200
    corrected = form_data(refused.content, "assessment-form") | {"nrs": ["5"]}

    _twice(practitioner_client, url, corrected)

    assert PainAssessment.objects.filter(patient=patient_a).count() == 1


def test_patient_registration_records_once(practitioner_client):
    url = "/patients/new/"
    data = _opened(
        practitioner_client, url, "patient-form",
        first_name="Dana", last_name="Double", date_of_birth="1970-03-04", sex="female",
        spine_region="lumbar", pain_type="chronic", condition="sciatica", baseline_nrs=6,
    )  # fmt: skip
    first, second = _twice(practitioner_client, url, data)
    patient = Patient.objects.get(last_name="Double")
    assert second.redirect_chain == [(f"/patients/{patient.pk}/", 302)]
    assert _said_already_saved(second)
    assert patient.assessments.count() == 1


def test_a_clinician_pain_score_records_once(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/assessments/new/"
    _, second = _twice(practitioner_client, url, _opened(practitioner_client, url, "assessment-form", nrs=5))
    assert PainAssessment.objects.filter(patient=patient_a).count() == 1
    assert second.redirect_chain == [(f"/patients/{patient_a.pk}/", 302)]
    assert _said_already_saved(second)


def test_a_questionnaire_entered_from_paper_records_once(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/questionnaires/new/odi/"
    answers = {f"item_{number}": 2 for number in range(1, 11)}
    _, second = _twice(practitioner_client, url, _opened(practitioner_client, url, "questionnaire-form", **answers))
    response = QuestionnaireResponse.objects.get(patient=patient_a)
    assert second.redirect_chain == [(f"/patients/{patient_a.pk}/questionnaires/{response.pk}/", 302)]
    assert _said_already_saved(second)


def test_a_treatment_plan_records_once(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/plans/new/"
    data = _opened(
        practitioner_client, url, "plan-form",
        goal="Walk 30 minutes", planned_sessions=10, sessions_per_week=2, start_on=timezone.localdate(),
    )  # fmt: skip
    _, second = _twice(practitioner_client, url, data)
    assert TreatmentPlan.objects.filter(patient=patient_a).count() == 1
    assert _said_already_saved(second)
    assert "already has an active plan" not in second.content.decode()


def test_a_followup_records_once(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/followups/new/"
    data = _opened(practitioner_client, url, "followup-form", due_on=timezone.localdate() + timedelta(days=3))
    _, second = _twice(practitioner_client, url, data)
    assert FollowUp.objects.filter(patient=patient_a).count() == 1
    assert _said_already_saved(second)


def test_a_prescription_records_once(practitioner_client, practitioner):
    url = "/sessions/prescriptions/new/"
    data = _opened(practitioner_client, url, "session-form", name="Lumbar standard")
    data |= {"points-0-code": ["BL23"], "points-0-side": ["bilateral"]}
    _, second = _twice(practitioner_client, url, data)
    assert PointPrescription.objects.filter(practitioner=practitioner).count() == 1
    assert second.redirect_chain == [("/sessions/prescriptions/", 302)]
    assert _said_already_saved(second)
    assert "already have a prescription with this name" not in second.content.decode()


def test_assigning_a_questionnaire_twice_from_one_page_assigns_it_once(practitioner_client, patient_a, demo_texts):
    page = f"/patients/{patient_a.pk}/"
    data = _opened(practitioner_client, page, "assign-form", instrument="odi")
    _, second = _twice(practitioner_client, f"/patients/{patient_a.pk}/questionnaires/assign/", data)
    assert QuestionnaireResponse.objects.filter(patient=patient_a, completed_at__isnull=True).count() == 1
    assert _said_already_saved(second)
    assert "already waiting" not in second.content.decode()


def test_an_invitation_posted_twice_invites_once(practitioner_client, mailoutbox):
    patient = Patient.objects.create(
        first_name="Ida", last_name="Invite", date_of_birth="1980-01-01", sex="female",
        spine_region="lumbar", pain_type="chronic", condition="other",
    )  # fmt: skip
    data = _opened(practitioner_client, f"/patients/{patient.pk}/", "invite-form", email="ida@example.org")
    _, second = _twice(practitioner_client, f"/patients/{patient.pk}/invite/", data)
    assert len(mailoutbox) == 1
    assert _said_already_saved(second)
    assert "already has a portal account" not in second.content.decode()


def test_a_self_report_posted_twice_is_saved_once(patient_a_client, patient_a):
    data = _opened(patient_a_client, "/me/", "pain-report-form", nrs=4)
    _, second = _twice(patient_a_client, "/me/pain/", data)
    report = PainAssessment.objects.get(patient=patient_a, source="self_report")
    assert report.history.count() == 1  # the second post did not even update it
    assert _said_already_saved(second)


def test_a_questionnaire_answered_twice_from_one_page_is_saved_once(patient_a_client, patient_a, demo_texts):
    pending = QuestionnaireFactory(patient=patient_a, instrument="odi", answers=[], completed_at=None)
    url = f"/me/questionnaires/{pending.pk}/"
    answers = {f"item_{number}": 1 for number in range(1, 11)}
    _, second = _twice(patient_a_client, url, _opened(patient_a_client, url, "questionnaire-form", **answers))
    pending.refresh_from_db()
    assert pending.completed_at is not None and pending.version == 2
    assert second.redirect_chain == [("/me/", 302)]
    assert _said_already_saved(second)


@pytest.mark.django_db
def test_the_token_is_new_at_every_rendering(practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/followups/new/"
    tokens = {form_data(practitioner_client.get(url).content, "followup-form")["submission_token"][0] for _ in range(3)}
    assert len(tokens) == 3
