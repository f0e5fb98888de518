"""A username longer than any account's is refused by the sign-in form, on SQLite and PostgreSQL."""

import pytest
from axes.models import AccessAttempt

from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
@pytest.mark.parametrize("length", [151, 256, 300, 5000])
def test_an_overlong_username_is_a_form_error_not_a_server_error(client, url, length):
    response = client.post(url, {"username": "a" * length, "password": "whatever-password"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_the_longest_possible_username_still_signs_in(client):
    UserFactory(username="u" * 150)
    response = client.post("/accounts/login/", {"username": "u" * 150, "password": "correct-horse-battery"})
    assert response.status_code == 302
