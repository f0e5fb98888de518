"""Every page of the practitioner workflow: works for a practitioner, refused to a patient, sign-in first."""

import pytest

from tests.factories import FollowUpFactory, PlanFactory, PrescriptionFactory, QuestionnaireFactory, SessionFactory

PAGES = [
    "/",
    "/patients/",
    "/patients/new/",
    "/patients/{patient}/",
    "/patients/{patient}/edit/",
    "/patients/{patient}/sessions/new/",
    "/patients/{patient}/assessments/new/",
    "/patients/{patient}/questionnaires/new/odi/",
    "/patients/{patient}/questionnaires/new/ndi/",
    "/patients/{patient}/questionnaires/new/rmdq/",
    "/patients/{patient}/questionnaires/{questionnaire}/",
    "/patients/{patient}/plans/new/",
    "/patients/{patient}/followups/new/",
    "/sessions/{session}/",
    "/sessions/{session}/edit/",
    "/sessions/plans/{plan}/edit/",
    "/sessions/followups/",
    "/sessions/prescriptions/",
    "/sessions/prescriptions/new/",
    "/sessions/prescriptions/{prescription}/edit/",
]
POSTS = [
    "/patients/{patient}/archive/",
    "/patients/{patient}/restore/",
    "/sessions/{session}/archive/",
    "/sessions/followups/{followup}/complete/",
    "/sessions/followups/{followup}/missed/",
    "/sessions/followups/{followup}/cancel/",
    "/sessions/prescriptions/{prescription}/delete/",
]


@pytest.fixture
def ids(practitioner, patient_a):
    session = SessionFactory(patient=patient_a, practitioner=practitioner)
    return {
        "patient": patient_a.pk,
        "session": session.pk,
        "plan": PlanFactory(patient=patient_a).pk,
        "followup": FollowUpFactory(patient=patient_a, session=session).pk,
        "questionnaire": QuestionnaireFactory(patient=patient_a).pk,
        "prescription": PrescriptionFactory(practitioner=practitioner, points=[("BL23", "bilateral")]).pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_page_opens_for_a_practitioner(practitioner_client, ids, url):
    assert practitioner_client.get(url.format(**ids)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", [page for page in PAGES if page != "/"] + POSTS)
def test_every_page_and_action_is_refused_to_a_patient_even_on_their_own_record(patient_a_client, ids, url):
    client = patient_a_client
    response = client.post(url.format(**ids)) if url in POSTS else client.get(url.format(**ids))
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES + POSTS)
def test_anonymous_visitors_are_sent_to_sign_in(client, ids, url):
    response = client.post(url.format(**ids)) if url in POSTS else client.get(url.format(**ids))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
