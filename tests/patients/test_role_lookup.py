"""Roles are read once per request: the admin group and the practitioner row in one query."""

import pytest
from django.contrib.auth.models import User

from patients.permissions import ADMINS_GROUP, is_admin, patient_for, practitioner_for, role_of
from tests.factories import PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # as the request gets it: nothing cached yet


def test_a_practitioner_s_roles_come_in_one_query(practitioner, django_assert_num_queries):
    user = _fresh(practitioner.user)
    with django_assert_num_queries(1):
        assert role_of(user) == "practitioner"
        assert practitioner_for(user) == practitioner
        assert not is_admin(user)


def test_a_practitioner_in_the_admins_group_is_an_admin(django_assert_num_queries):
    practitioner = PractitionerFactory(user=UserFactory(groups=[ADMINS_GROUP]))
    user = _fresh(practitioner.user)
    with django_assert_num_queries(1):
        assert role_of(user) == "admin"
        assert practitioner_for(user) == practitioner


def test_a_patient_is_neither_admin_nor_practitioner(patient_a, django_assert_num_queries):
    user = _fresh(patient_a.user)
    with django_assert_num_queries(2):  # the staff roles, then the patient row
        assert role_of(user) == "patient"
        assert patient_for(user) == patient_a


def test_an_account_deleted_during_the_request_has_no_role():
    user = UserFactory()
    stale = _fresh(user)
    user.delete()
    assert not is_admin(stale) and practitioner_for(stale) is None
