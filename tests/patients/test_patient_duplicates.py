"""Registering the same person twice: warned, the existing records listed, saved only once confirmed."""

from datetime import date

import pytest
from django.utils import timezone

from patients.duplicates import likely_duplicates
from patients.models import Patient
from tests.factories import PatientFactory, UserFactory
from tests.patients.test_patient_forms import _data

pytestmark = pytest.mark.django_db


def _register(client, **fields):
    return client.post(
        "/patients/new/", _data(first_name="José", last_name="Núñez", date_of_birth="1980-05-05", **fields)
    )


@pytest.mark.parametrize(
    ("first", "last"),
    [("Jose", "Nunez"), ("JOSÉ", "NÚÑEZ"), ("jose", "núñez"), ("Nunez", "Jose"), ("Josè", "Nuñes")],
)
def test_the_same_person_with_other_accents_or_case_is_warned_and_nothing_saved(practitioner_client, first, last):
    existing = PatientFactory(first_name=first, last_name=last, date_of_birth=date(1980, 5, 5))
    response = _register(practitioner_client)
    assert response.status_code == 200
    assert response.context["form"].duplicates == [existing]
    page = response.content.decode()
    assert f'href="/patients/{existing.pk}/"' in page and existing.mrn in page
    assert "This is a different person: save anyway" in page
    assert Patient.objects.count() == 1


def test_confirming_a_different_person_registers_them(practitioner_client):
    PatientFactory(first_name="Jose", last_name="Nunez", date_of_birth=date(1980, 5, 5))
    response = _register(practitioner_client, register_anyway="on")
    assert response.status_code == 302
    assert Patient.objects.filter(first_name="José").count() == 1


def test_a_different_date_of_birth_gives_no_warning(practitioner_client):
    PatientFactory(first_name="José", last_name="Núñez", date_of_birth=date(1980, 5, 6))
    assert _register(practitioner_client).status_code == 302
    assert Patient.objects.count() == 2


def test_a_different_name_born_the_same_day_gives_no_warning(practitioner_client):
    PatientFactory(first_name="Maria", last_name="Lopez", date_of_birth=date(1980, 5, 5))
    assert _register(practitioner_client).status_code == 302


def test_an_archived_record_is_listed_and_said_to_be_archived(practitioner_client):
    PatientFactory(first_name="Jose", last_name="Nunez", date_of_birth=date(1980, 5, 5), archived_at=timezone.now())
    response = _register(practitioner_client)
    assert response.status_code == 200
    assert 'badge text-bg-secondary">archived<' in response.content.decode()
    assert Patient.objects.count() == 1


def test_a_patient_the_user_cannot_see_is_never_listed():
    """Only visible patients are compared: a patient user (who sees only themself) gets none."""
    other = PatientFactory(first_name="Jose", last_name="Nunez", date_of_birth=date(1980, 5, 5))
    me = PatientFactory(first_name="Ana", last_name="Ruiz", user=UserFactory())
    found = likely_duplicates(me.user, first_name="José", last_name="Núñez", date_of_birth=other.date_of_birth)
    assert found == []


def test_editing_a_name_into_a_duplicate_warns_but_editing_other_fields_does_not(practitioner_client):
    PatientFactory(first_name="Jose", last_name="Nunez", date_of_birth=date(1980, 5, 5))
    twin = PatientFactory(first_name="Josef", last_name="Nunes", date_of_birth=date(1980, 5, 5))
    # Saving the phone of a record that already looks alike is not warned again every time.
    keep = _data(first_name="Josef", last_name="Nunes", date_of_birth="1980-05-05", version=twin.version)
    assert practitioner_client.post(f"/patients/{twin.pk}/edit/", keep | {"phone": "+1 555 0111"}).status_code == 302
    twin.refresh_from_db()
    renamed = _data(first_name="José", last_name="Núñez", date_of_birth="1980-05-05", version=twin.version)
    response = practitioner_client.post(f"/patients/{twin.pk}/edit/", renamed)
    assert response.status_code == 200 and len(response.context["form"].duplicates) == 1
    twin.refresh_from_db()
    assert twin.first_name == "Josef"
    assert (
        practitioner_client.post(f"/patients/{twin.pk}/edit/", renamed | {"register_anyway": "on"}).status_code == 302
    )
