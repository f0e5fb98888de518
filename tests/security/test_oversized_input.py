"""Oversized or over-long requests are refused with a clear page and save nothing."""

import pytest

from patients.models import Patient


@pytest.mark.django_db
def test_an_oversized_body_is_refused_with_413_and_a_clear_message(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = admin_client.post(
        "/admin/patients/patient/add/",
        {"first_name": "Big", "last_name": "Note", "chief_complaint": "x" * 20_000},
    )
    assert response.status_code == 413
    assert b"Too much data" in response.content
    assert b"Nothing was saved" in response.content
    assert not Patient.objects.exists()


@pytest.mark.django_db
def test_the_default_limit_is_one_megabyte(client, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    response = client.post("/accounts/login/", {"username": "u", "password": "p" * (1024 * 1024 + 1)})
    assert response.status_code == 413
    assert b"1.0\xc2\xa0MB" in response.content


@pytest.mark.django_db
def test_too_many_fields_are_refused_with_a_clear_message(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.post("/accounts/login/", {f"field{n}": "x" for n in range(60)})
    assert response.status_code == 400
    assert b"too many fields" in response.content


@pytest.mark.django_db
def test_a_body_within_the_limit_is_accepted(client):
    response = client.post("/accounts/login/", {"username": "u", "password": "p" * 1000})
    assert response.status_code == 200
