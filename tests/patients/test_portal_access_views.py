import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from patients.models import Patient, QuestionnaireResponse
from patients.permissions import role_of
from tests.factories import PatientFactory, QuestionnaireFactory, UserFactory


@pytest.fixture
def newcomer(practitioner):
    return PatientFactory(first_name="Nora", last_name="Nguyen", email="", primary_practitioner=practitioner)


# --- assign a questionnaire ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_practitioner_assigns_a_questionnaire(practitioner_client, practitioner, patient_a, demo_texts):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/questionnaires/assign/", {"instrument": "rmdq", "next": f"/patients/{patient_a.pk}/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/patients/{patient_a.pk}/"
    assigned = QuestionnaireResponse.objects.get()
    assert (assigned.patient, assigned.instrument, assigned.answers) == (patient_a, "rmdq", [])
    assert assigned.completed_at is None and assigned.score is None
    assert assigned.recorded_by == practitioner.user
    assert (assigned.language, assigned.text_version) == ("en", "demo")  # sent in the loaded text


@pytest.mark.django_db
def test_without_a_text_in_the_patients_language_it_is_not_sent_and_the_form_says_why(
    practitioner_client, patient_a, demo_texts
):
    demo_texts["ndi"].delete()
    page = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert "Sent in English (en), the patient's language, when the clinic has loaded a text of it there" in page
    response = practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/assign/", {"instrument": "ndi"})
    assert response.status_code == 200
    assert (
        "No Neck Disability Index text is loaded in English (en), so it cannot be sent to this patient: "
        "enter it from the paper form, or ask an admin to load the clinic&#x27;s licensed text."
    ) in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.django_db
def test_a_text_in_another_language_is_not_sent_either(practitioner_client, patient_a, demo_texts):
    from demo.instrument_texts import demo_text
    from patients.instruments import instrument_text_load

    demo_texts["odi"].delete()
    instrument_text_load(data=demo_text("odi", language="nl"), loaded_by=None)
    response = practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/assign/", {"instrument": "odi"})
    assert "No Oswestry Disability Index text is loaded in English (en)" in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_too_when_no_text_is_loaded(practitioner, patient_a):
    from django.core.exceptions import ValidationError

    from patients.portal_services import questionnaire_assign

    with pytest.raises(ValidationError, match="cannot be sent to this patient"):
        questionnaire_assign(patient=patient_a, instrument="odi", assigned_by=practitioner.user)
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.django_db
def test_an_unsafe_next_falls_back_to_the_patient_list(practitioner_client, patient_a, demo_texts):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/questionnaires/assign/", {"instrument": "odi", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/patients/"


@pytest.mark.django_db
def test_the_same_questionnaire_cannot_wait_twice(practitioner_client, patient_a):
    QuestionnaireFactory(patient=patient_a, instrument="odi", answers=[], completed_at=None)
    response = practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/assign/", {"instrument": "odi"})
    assert response.status_code == 200
    assert "already waiting for the patient" in response.content.decode()
    assert QuestionnaireResponse.objects.count() == 1


@pytest.mark.django_db
def test_an_unknown_instrument_is_shown_again_with_the_error(practitioner_client, patient_a):
    response = practitioner_client.post(f"/patients/{patient_a.pk}/questionnaires/assign/", {"instrument": "sf36"})
    assert response.status_code == 200
    assert response.context["assign_form"].errors["instrument"]
    assert not QuestionnaireResponse.objects.exists()


@pytest.mark.django_db
def test_assigning_refuses_anonymous_get_unknown_and_patients(client, practitioner_client, patient_a):
    url = f"/patients/{patient_a.pk}/questionnaires/assign/"
    assert practitioner_client.get(url).status_code == 405
    assert practitioner_client.post("/patients/999999/questionnaires/assign/", {"instrument": "odi"}).status_code == 404
    practitioner_client.logout()
    assert client.post(url, {"instrument": "odi"})["Location"].startswith("/accounts/login/")
    client.force_login(patient_a.user)
    assert client.post(url, {"instrument": "odi"}).status_code == 403
    assert not QuestionnaireResponse.objects.exists()


# --- invite to the portal -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_invitation_creates_the_account_and_mails_a_set_password_link(client, practitioner_client, newcomer):
    response = practitioner_client.post(f"/patients/{newcomer.pk}/invite/", {"email": "Nora.Nguyen@Mail.example"})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    user = newcomer.user
    assert user.username == user.email == "nora.nguyen@mail.example"
    assert newcomer.email == "nora.nguyen@mail.example"
    assert newcomer.version == 2
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == ["Patients"]
    assert role_of(user) == "patient"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nora.nguyen@mail.example"]
    assert "nora.nguyen@mail.example" in message.body
    link = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body).group(1)

    # The patient follows the link and chooses a password; nobody else ever typed it.
    practitioner_client.logout()
    set_password_page = client.get(link, follow=True)
    assert set_password_page.status_code == 200
    form_url = set_password_page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "my-own-secret-2026", "new_password2": "my-own-secret-2026"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("my-own-secret-2026")
    signed_in = client.post(
        "/accounts/login/", {"username": "nora.nguyen@mail.example", "password": "my-own-secret-2026"}
    )
    assert signed_in.status_code == 302
    assert client.get("/me/").status_code == 200


@pytest.mark.django_db
def test_a_patient_with_an_account_is_not_invited_again(practitioner_client, patient_a):
    response = practitioner_client.post(f"/patients/{patient_a.pk}/invite/", {"email": "another@mail.example"})
    assert response.status_code == 200
    assert "already has a portal account" in response.content.decode()
    assert not User.objects.filter(email="another@mail.example").exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_an_email_already_in_use_is_refused(practitioner_client, newcomer):
    UserFactory(username="someone", email="taken@mail.example")
    response = practitioner_client.post(f"/patients/{newcomer.pk}/invite/", {"email": "TAKEN@mail.example"})
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]
    newcomer.refresh_from_db()
    assert newcomer.user is None and not mail.outbox


@pytest.mark.django_db
def test_an_invalid_email_is_shown_again_with_the_error(practitioner_client, newcomer):
    response = practitioner_client.post(f"/patients/{newcomer.pk}/invite/", {"email": "not-an-address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert User.objects.count() == 1  # the practitioner only
    assert not mail.outbox


@pytest.mark.django_db
def test_inviting_refuses_anonymous_get_unknown_and_patients(client, practitioner_client, patient_a, newcomer):
    url = f"/patients/{newcomer.pk}/invite/"
    assert practitioner_client.get(url).status_code == 405
    assert practitioner_client.post("/patients/999999/invite/", {"email": "x@mail.example"}).status_code == 404
    practitioner_client.logout()
    assert client.post(url, {"email": "x@mail.example"})["Location"].startswith("/accounts/login/")
    client.force_login(patient_a.user)
    assert client.post(url, {"email": "x@mail.example"}).status_code == 403
    assert Patient.objects.get(pk=newcomer.pk).user is None


@pytest.mark.django_db
def test_the_panel_include_renders_both_forms_and_the_export_links(rf, practitioner, newcomer):
    from django.template.loader import render_to_string

    from patients.progress_views import portal_access_context

    request = rf.get(f"/patients/{newcomer.pk}/")
    request.user = practitioner.user
    html = render_to_string("patients/includes/portal_access_panel.html", portal_access_context(newcomer), request)
    assert f'action="/patients/{newcomer.pk}/invite/"' in html
    assert f'action="/patients/{newcomer.pk}/questionnaires/assign/"' in html
    assert f'name="next" value="/patients/{newcomer.pk}/"' in html
    assert f'href="/patients/{newcomer.pk}/fhir/"' in html
