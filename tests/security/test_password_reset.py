"""The password reset tells nobody whether an address belongs to an account."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

KNOWN = "lin.chen@clinic.example"
UNKNOWN = "nobody-here@clinic.example"


@pytest.fixture
def account(db):
    return UserFactory(username="dr_chen", email=KNOWN)


def _visible_text(response) -> bytes:
    # The page minus the per-request CSRF token.
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)


def test_the_reset_form_is_the_clinic_styled_page(client, db):
    response = client.get("/accounts/password_reset/")
    assert response.status_code == 200
    assert "registration/password_reset_form.html" in [t.name for t in response.templates]
    assert b"bootstrap.min.css" in response.content
    assert b'name="email"' in response.content


def test_known_and_unknown_addresses_get_the_same_answer(client, account):
    known = client.post("/accounts/password_reset/", {"email": KNOWN})
    unknown = client.post("/accounts/password_reset/", {"email": UNKNOWN})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password_reset/done/"
    known_page = client.get(known["Location"])
    unknown_page = client.get(unknown["Location"])
    assert _visible_text(known_page) == _visible_text(unknown_page)
    assert b"If the address you entered belongs to an account" in known_page.content


def test_mail_goes_only_to_a_known_address(client, account):
    client.post("/accounts/password_reset/", {"email": UNKNOWN})
    assert mail.outbox == []
    client.post("/accounts/password_reset/", {"email": KNOWN})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [KNOWN]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_an_inactive_account_gets_no_mail_and_the_same_answer(client, db):
    UserFactory(username="gone", email="gone@clinic.example", is_active=False)
    response = client.post("/accounts/password_reset/", {"email": "gone@clinic.example"})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_the_mailed_link_sets_a_new_password_of_12_characters(client, account):
    client.post("/accounts/password_reset/", {"email": KNOWN})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    short = client.post(set_password_url, {"new_password1": "Short-pw-11", "new_password2": "Short-pw-11"})
    assert b"at least 12 characters" in short.content
    done = client.post(set_password_url, {"new_password1": "a-long-new-pass", "new_password2": "a-long-new-pass"})
    assert done["Location"] == "/accounts/reset/done/"
    account.refresh_from_db()
    assert account.check_password("a-long-new-pass")


def test_a_used_or_forged_link_says_so(client, db):
    response = client.get("/accounts/reset/MQ/forged-token/")
    assert response.status_code == 200
    assert b"This link no longer works" in response.content
