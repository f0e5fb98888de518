"""The admin's list of loaded questionnaire texts and its load form (the command's checks, from a browser)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.instrument_texts import demo_text
from patients.models import InstrumentText


def _upload(data) -> SimpleUploadedFile:
    return SimpleUploadedFile("text.json", json.dumps(data).encode(), content_type="application/json")


@pytest.mark.django_db
def test_the_list_says_which_texts_are_loaded_under_which_licence_and_by_whom(admin_client, admin_user):
    admin_client.post("/admin/patients/instrumenttext/add/", {"file": _upload(demo_text("odi"))})
    html = admin_client.get("/admin/patients/instrumenttext/").content.decode()
    assert "Oswestry Disability Index" in html and "demo" in html and ">en<" in html
    assert "DEMO TEXT — not the validated wording" in html and "Placeholder text written for this project" in html
    assert admin_user.username in html


@pytest.mark.django_db
def test_an_admin_loads_a_file_and_loading_it_again_replaces_it(admin_client, admin_user):
    response = admin_client.post("/admin/patients/instrumenttext/add/", {"file": _upload(demo_text("ndi"))})
    assert response.status_code == 302 and response["Location"] == "/admin/patients/instrumenttext/"
    text = InstrumentText.objects.get()
    assert (text.instrument, text.loaded_by) == ("ndi", admin_user)
    again = demo_text("ndi") | {"instructions": "Demo instructions, second print."}
    admin_client.post("/admin/patients/instrumenttext/add/", {"file": _upload(again)}, follow=True)
    assert InstrumentText.objects.get().instructions == "Demo instructions, second print."


@pytest.mark.django_db
def test_a_wrong_file_is_refused_next_to_the_field_and_nothing_is_loaded(admin_client):
    data = demo_text("odi")
    data["items"][6]["options"] = data["items"][6]["options"][:4]
    response = admin_client.post("/admin/patients/instrumenttext/add/", {"file": _upload(data)})
    assert response.status_code == 200
    assert "Item 7 must have 6 options" in response.content.decode()
    assert not InstrumentText.objects.exists()
    not_json = SimpleUploadedFile("text.json", b"\xff\xfe not json")
    response = admin_client.post("/admin/patients/instrumenttext/add/", {"file": not_json})
    assert "not valid JSON" in response.content.decode() and not InstrumentText.objects.exists()


@pytest.mark.django_db
def test_a_loaded_text_is_read_only_in_the_admin(admin_client, demo_texts):
    odi = demo_texts["odi"]
    page = admin_client.get(f"/admin/patients/instrumenttext/{odi.pk}/change/")
    assert page.status_code == 200 and b'name="title"' not in page.content  # shown, not editable
    assert admin_client.post(f"/admin/patients/instrumenttext/{odi.pk}/delete/", {"post": "yes"}).status_code == 403
    assert InstrumentText.objects.filter(pk=odi.pk).exists()


@pytest.mark.django_db
def test_practitioners_cannot_load_texts(practitioner_client):
    response = practitioner_client.post("/admin/patients/instrumenttext/add/", {"file": _upload(demo_text("odi"))})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not InstrumentText.objects.exists()


@pytest.mark.django_db
def test_a_responses_text_version_is_shown_but_not_editable_in_the_admin(admin_client, patient_a, demo_texts):
    from tests.factories import QuestionnaireFactory

    response = QuestionnaireFactory(patient=patient_a, language="en", text_version="demo")
    page = admin_client.get(f"/admin/patients/questionnaireresponse/{response.pk}/change/").content.decode()
    assert "Text version" in page and 'name="text_version"' not in page and 'name="language"' not in page
    listing = admin_client.get("/admin/patients/questionnaireresponse/").content.decode()
    assert ">demo<" in listing
