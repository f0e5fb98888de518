"""The client's address behind our own reverse proxies (lockout and access log)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from patients.client_ip import client_ip

ROOT = Path(__file__).resolve().parents[2]


def _request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_connection_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="6.6.6.6")) == "10.0.0.1"  # a client-sent header is ignored


def test_behind_one_proxy_the_address_it_saw_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(remote="127.0.0.1", forwarded="203.0.113.7")) == "203.0.113.7"
    # A client forging the header only adds entries on the left.
    assert client_ip(_request(remote="127.0.0.1", forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"


def test_a_missing_or_malformed_header_falls_back_or_yields_nothing(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(remote="127.0.0.1")) == "127.0.0.1"
    assert client_ip(_request(remote="127.0.0.1", forwarded="not-an-address")) is None


@pytest.mark.django_db
def test_the_lockout_is_per_client_behind_the_proxy(client, practitioner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "dr_chen", "password": "wrong-password-1"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "dr_chen", "password": "correct-horse-battery"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        "/accounts/login/",
        {"username": "dr_chen", "password": "correct-horse-battery"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert elsewhere.status_code == 302


def test_the_header_is_ignored_from_an_address_that_is_not_our_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    # A client reaching the app directly cannot choose its address with the header.
    assert client_ip(_request(remote="198.51.100.9", forwarded="203.0.113.7")) == "198.51.100.9"


def test_a_proxy_network_is_trusted_hop_by_hop(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request(remote="10.0.0.2", forwarded="203.0.113.7, 10.0.0.1")) == "203.0.113.7"
    # The second hop is not one of ours: what it claims is not believed.
    assert client_ip(_request(remote="10.0.0.2", forwarded="6.6.6.6, 198.51.100.9")) == "198.51.100.9"


def test_a_mistyped_proxy_address_stops_the_start():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic.settings",
            "DJANGO_TRUSTED_PROXIES": "10.0.0.0/8,10.0.0.300",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES: '10.0.0.300' is not an address or a network." in result.stderr
