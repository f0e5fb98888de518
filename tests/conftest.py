"""One fixture per persona: practitioner, colleague, admin, patient A and patient B."""

import pytest

from tests.factories import PatientFactory, PractitionerFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production hashing costs ~0.3 s a password: tests that sign in many times use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def practitioner(db):
    return PractitionerFactory(user__username="dr_chen", user__first_name="Lin", user__last_name="Chen")


@pytest.fixture
def colleague(db):
    return PractitionerFactory(user__username="dr_okafor")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="clinic_admin", groups=["Clinic admins"])


@pytest.fixture
def patient_a(db, practitioner):
    user = UserFactory(username="patient_a", groups=["Patients"])
    return PatientFactory(first_name="Alice", last_name="Archer", user=user, primary_practitioner=practitioner)


@pytest.fixture
def patient_b(db, practitioner):
    user = UserFactory(username="patient_b", groups=["Patients"])
    return PatientFactory(first_name="Bob", last_name="Baker", user=user, primary_practitioner=practitioner)


@pytest.fixture
def practitioner_client(client, practitioner):
    client.force_login(practitioner.user)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def patient_a_client(client, patient_a):
    client.force_login(patient_a.user)
    return client
