"""Sign-in hardening: lockout after 5 failures (django-axes), 12-character passwords, idle expiry."""

from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # the factories' password


def _fail(client, username="dr_chen", address="127.0.0.1", url="/accounts/login/"):
    return client.post(url, {"username": username, "password": "wrong-password-123"}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_four_failures_leave_the_account_open(client, practitioner):
    for _ in range(4):
        assert _fail(client).status_code == 200
    response = client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_fifth_failure_locks_with_a_clear_page(client, practitioner):
    for _ in range(4):
        _fail(client)
    response = _fail(client)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert b"Account locked" in response.content
    assert b"locked for 30 minutes" in response.content


@pytest.mark.django_db
def test_a_locked_account_refuses_even_the_right_password(client, practitioner):
    for _ in range(5):
        _fail(client)
    response = client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_is_per_user_and_address(client, practitioner, colleague):
    for _ in range(5):
        _fail(client)
    other_user = client.post("/accounts/login/", {"username": "dr_okafor", "password": PASSWORD})
    assert other_user.status_code == 302
    client.logout()
    other_address = client.post(
        "/accounts/login/", {"username": "dr_chen", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 302


@pytest.mark.django_db
def test_the_lock_lifts_after_30_minutes(client, practitioner):
    for _ in range(5):
        _fail(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=29))
    assert client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD}).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_the_admin_sign_in_is_locked_too(client, admin_user):
    for _ in range(5):
        response = _fail(client, username="clinic_admin", url="/admin/login/")
    assert response.status_code == 429
    assert b"Account locked" in response.content


@pytest.mark.django_db
def test_a_success_clears_earlier_failures(client, practitioner):
    for _ in range(4):
        _fail(client)
    client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD})
    client.logout()
    for _ in range(4):
        assert _fail(client).status_code == 200


def test_passwords_need_12_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("kx7#Lq9!mZ2")  # 11
    validate_password("kx7#Lq9!mZ2w")  # 12


@pytest.mark.django_db
def test_the_password_change_form_refuses_a_short_password(practitioner_client, practitioner):
    response = practitioner_client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Short-pw-11", "new_password2": "Short-pw-11"},
    )
    assert response.status_code == 200
    assert b"at least 12 characters" in response.content
    practitioner.user.refresh_from_db()
    assert practitioner.user.check_password(PASSWORD)


@pytest.mark.django_db
def test_common_and_numeric_passwords_are_refused():
    user = UserFactory.build(username="someone")
    with pytest.raises(ValidationError):
        validate_password("123456789012", user)
    with pytest.raises(ValidationError):
        validate_password("qwertyasdfgh", user)


class _Clock:
    """A fixed clock for the session backend (it reads django.utils.timezone.now)."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    fixed = _Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: fixed.now):
        yield fixed


@pytest.mark.django_db
def test_the_session_ends_after_15_idle_minutes(client, practitioner, clock):
    client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD})
    clock.advance(minutes=14, seconds=50)
    assert client.get("/").status_code == 200
    clock.advance(minutes=15, seconds=10)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_activity_keeps_the_session_alive(client, practitioner, clock):
    client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD})
    for _ in range(4):  # an hour of work, never 15 minutes idle
        clock.advance(minutes=14)
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_keep_alive_renews_the_session(client, practitioner, clock):
    client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD})
    clock.advance(minutes=14)
    assert client.post("/accounts/keep-alive/").status_code == 204
    clock.advance(minutes=14)
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_the_session_cookie_ends_with_the_browser(client, practitioner):
    response = client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


@pytest.mark.django_db
def test_the_keep_alive_is_post_only_and_for_signed_in_users(client, practitioner_client):
    assert practitioner_client.get("/accounts/keep-alive/").status_code == 405
    practitioner_client.logout()
    response = client.post("/accounts/keep-alive/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_signed_in_pages_carry_the_idle_warning(practitioner_client):
    response = practitioner_client.get("/")
    assert b'id="idle-warning"' in response.content
    assert b'data-idle-seconds="900"' in response.content
    assert b'data-warn-seconds="120"' in response.content
    assert b"clinic/idle.js" in response.content


@pytest.mark.django_db
def test_the_admin_carries_the_idle_warning(admin_client):
    assert b'id="idle-warning"' in admin_client.get("/admin/").content


@pytest.mark.django_db
def test_the_sign_in_page_has_no_idle_warning(client):
    assert b"idle-warning" not in client.get("/accounts/login/").content
