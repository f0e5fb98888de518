"""Error pages are the clinic's own: clear words, no stack trace, no inline code."""

import pytest
from django.template.loader import render_to_string
from django.test import Client


@pytest.mark.django_db
def test_a_forbidden_page_says_so_plainly(patient_a_client):
    response = patient_a_client.get("/patients/")
    assert response.status_code == 403
    assert b"Not allowed" in response.content
    assert b"bootstrap.min.css" in response.content


@pytest.mark.django_db
def test_a_missing_page_says_so_plainly(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"There is no such page" in response.content


@pytest.mark.django_db
def test_an_expired_form_explains_itself(practitioner):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "dr_chen", "password": "whatever"})
    assert response.status_code == 403
    assert b"This form has expired" in response.content
    assert b"<style" not in response.content  # Django's own page has an inline style the CSP would refuse


def test_the_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "Traceback" not in html
