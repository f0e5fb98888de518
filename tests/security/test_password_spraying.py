"""The lockout also counts per address (password spraying) and per username (many addresses)."""

import pytest

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # the factories' password


def _fail(client, username, address):
    return client.post("/accounts/login/", {"username": username, "password": "Winter2026!x"}, REMOTE_ADDR=address)


def _sign_in(client, username, address):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_one_address_trying_many_usernames_is_locked_after_20_failures(client, practitioner):
    for number in range(19):
        assert _fail(client, f"user{number}", "203.0.113.7").status_code == 200
    assert _fail(client, "user19", "203.0.113.7").status_code == 429
    assert _sign_in(client, "dr_chen", "203.0.113.7").status_code == 429
    assert _sign_in(client, "dr_chen", "198.51.100.2").status_code == 302  # other addresses are not


@pytest.mark.django_db
def test_one_username_failing_from_many_addresses_is_locked_after_10(client, practitioner, colleague):
    for number in range(9):
        assert _fail(client, "dr_chen", f"203.0.113.{number}").status_code == 200
    assert _fail(client, "dr_chen", "203.0.113.9").status_code == 429
    assert _sign_in(client, "dr_chen", "198.51.100.2").status_code == 429
    assert _sign_in(client, "dr_okafor", "198.51.100.2").status_code == 302  # other usernames are not


@pytest.mark.django_db
def test_signing_in_to_ones_own_account_does_not_clear_the_address_count(client, practitioner):
    UserFactory(username="mallory")
    for number in range(19):
        _fail(client, f"user{number}", "203.0.113.7")
    assert _sign_in(client, "mallory", "203.0.113.7").status_code == 302
    client.logout()
    assert _fail(client, "user19", "203.0.113.7").status_code == 429


@pytest.mark.django_db
def test_a_client_bypassing_the_proxy_cannot_rotate_its_address_with_the_header(client, practitioner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        client.post(
            "/accounts/login/",
            {"username": "dr_chen", "password": "Winter2026!x"},
            REMOTE_ADDR="198.51.100.9",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    assert _sign_in(client, "dr_chen", "198.51.100.9").status_code == 429
