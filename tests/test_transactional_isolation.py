"""Test order never matters: every transactional test starts from the migrated data (tests/conftest.py)."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from patients.models import Patient
from sessions_app.models import Acupoint


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("turn", [1, 2])
def test_each_transactional_test_starts_from_the_migrated_data(turn):
    """Run twice in a row: the first run's flush must not take the data migrations' rows with it."""
    assert set(Group.objects.values_list("name", flat=True)) >= {"Patients", "Practitioners", "Clinic admins"}
    assert Acupoint.objects.filter(code="BL23").exists()
    assert ContentType.objects.get_for_model(Patient).model_class() is Patient
    Group.objects.create(name=f"Left behind by turn {turn}")  # emptied again afterwards
    assert not Group.objects.filter(name=f"Left behind by turn {turn - 1}").exists()
