"""The server ends sessions itself: idle time counts pages and posts only, and 12 hours at most."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import PainAssessmentFactory

PASSWORD = "correct-horse-battery"  # the factories' password


class _Clock:
    def __init__(self):
        self.now = timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    fixed = _Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: fixed.now):
        yield fixed


@pytest.fixture
def signed_in(client, practitioner, clock):
    assert client.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.django_db
def test_json_and_downloads_do_not_keep_an_idle_session_alive(signed_in, patient_a, clock):
    PainAssessmentFactory(patient=patient_a)
    clock.advance(minutes=10)
    for url in (f"/patients/{patient_a.pk}/progress.json", f"/patients/{patient_a.pk}/export.csv"):
        assert signed_in.get(url).status_code == 200
    clock.advance(minutes=5, seconds=1)  # 15 minutes after the last page, 5 after the last download
    response = signed_in.get(f"/patients/{patient_a.pk}/progress.json")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in signed_in.session
    assert signed_in.get("/")["Location"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_the_session_ends_12_hours_after_sign_in_however_active(signed_in, clock, settings):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    for _ in range(51):  # 11 h 54 min of work, never 15 minutes idle
        clock.advance(minutes=14)
        assert signed_in.get("/").status_code == 200
    clock.advance(minutes=6)
    response = signed_in.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"
    # Signing in again starts a new lifetime.
    assert signed_in.post("/accounts/login/", {"username": "dr_chen", "password": PASSWORD}).status_code == 302
    clock.advance(minutes=14)
    assert signed_in.get("/").status_code == 200


@pytest.mark.django_db
def test_the_idle_sign_out_posts_to_the_logout_view(practitioner_client):
    page = practitioner_client.get("/").content.decode()
    assert 'data-logout-url="/accounts/logout/"' in page
    assert practitioner_client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in practitioner_client.session


def _stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


@pytest.mark.django_db
def test_pages_read_within_a_minute_do_not_rewrite_the_session(signed_in, clock):
    """The last-seen stamp moves at most once a minute for page reads: no session write per page."""
    before = _stored_session(signed_in)
    clock.advance(seconds=30)
    assert signed_in.get("/").status_code == 200
    after = _stored_session(signed_in)
    assert (after.expire_date, after.session_data) == (before.expire_date, before.session_data)
    clock.advance(seconds=31)  # the stamp is a minute old: this page moves it and the expiry
    assert signed_in.get("/").status_code == 200
    assert _stored_session(signed_in).expire_date == clock.now + timedelta(seconds=settings.SESSION_COOKIE_AGE)


@pytest.mark.django_db
def test_a_post_always_moves_the_stamp(signed_in, clock):
    clock.advance(seconds=10)
    assert signed_in.post("/accounts/keep-alive/").status_code == 204
    assert _stored_session(signed_in).expire_date == clock.now + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # 15 minutes after that post (and 15 min 10 s after the last page) the session has ended.
    clock.advance(minutes=14, seconds=59)
    assert signed_in.get("/").status_code == 200
    clock.advance(minutes=15)
    assert signed_in.get("/").status_code == 302
