from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PractitionerFactory, UserFactory
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


def test_the_admin_home_lists_licences_expiring_within_60_days(admin_client):
    today = timezone.localdate()
    PractitionerFactory(user__last_name="Soon", license_number="LAC-SOON", license_expires=today + timedelta(days=30))
    PractitionerFactory(user__last_name="Lapsed", license_number="LAC-GONE", license_expires=today - timedelta(days=2))
    PractitionerFactory(
        user__last_name="Cert",
        license_number="LAC-CERT",
        license_expires=today + timedelta(days=300),
        certification_expires=today + timedelta(days=10),
    )
    PractitionerFactory(user__last_name="Fine", license_number="LAC-FINE", license_expires=today + timedelta(days=90))

    response = admin_client.get("/admin/")

    html = response.content.decode()
    assert "LAC-SOON" in html and "LAC-GONE" in html and "LAC-CERT" in html
    assert "LAC-FINE" not in html
    rows = response.context["expiring_credentials"]
    assert [r["practitioner"].license_number for r in rows] == ["LAC-GONE", "LAC-SOON", "LAC-CERT"]
    assert [r["licence_expired"] for r in rows] == [True, False, False]
    assert "Site administration" in html or "Records, users and credentials" in html


def test_the_admin_home_query_count_does_not_grow_with_practitioners(admin_client):
    soon = timezone.localdate() + timedelta(days=5)
    PractitionerFactory(license_expires=soon)
    few = queries_for(admin_client, "/admin/")
    for _ in range(20):
        PractitionerFactory(license_expires=soon, certification_expires=soon)
    assert queries_for(admin_client, "/admin/") == few


def test_a_superuser_sees_it_too(client):
    client.force_login(UserFactory(is_superuser=True))
    assert "expiring-credentials" in client.get("/admin/").content.decode()
