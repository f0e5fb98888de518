import pytest
from django.contrib.auth.models import Group

from patients.models import Patient
from patients.permissions import is_admin, is_practitioner, role_of
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_three_groups_come_from_the_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Practitioners", "Patients", "Clinic admins"}


@pytest.mark.django_db
def test_each_persona_has_its_role(practitioner, admin_user, patient_a):
    assert role_of(practitioner.user) == "practitioner"
    assert role_of(admin_user) == "admin"
    assert role_of(patient_a.user) == "patient"
    assert role_of(UserFactory(is_superuser=True)) == "admin"
    assert not is_admin(practitioner.user)
    assert not is_practitioner(patient_a.user)


@pytest.mark.django_db
def test_a_patient_sees_only_their_own_record(patient_a, patient_b):
    assert list(Patient.objects.visible_to(patient_a.user)) == [patient_a]


@pytest.mark.django_db
def test_practitioners_and_admins_see_every_patient(practitioner, admin_user, patient_a, patient_b):
    assert Patient.objects.visible_to(practitioner.user).count() == 2
    assert Patient.objects.visible_to(admin_user).count() == 2


@pytest.mark.django_db
def test_a_user_without_a_role_sees_no_patient(patient_a):
    assert not Patient.objects.visible_to(UserFactory()).exists()
