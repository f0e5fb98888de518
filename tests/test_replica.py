"""Read-only reports from a streaming replica (clinic/replica.py, docs/deploy/README.md).

The replica here is a second connection to the test database, as a real replica is a second
server holding the same rows: what the test shows is which connection each read goes through.
"""

import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from clinic import replica
from clinic.replica import REPLICA, ReplicaRouter
from patients.models import Patient
from tests.factories import PainAssessmentFactory


@pytest.fixture
def replica_alias(transactional_db, settings):
    """A `replica` alias on the same test database (committed rows: transactional tests only), added
    after the test database is set up, as a second server would be."""
    primary = connections["default"]
    twin = dict(primary.settings_dict)
    wrapper = type(primary)(twin, alias=REPLICA)
    connections[REPLICA] = wrapper
    settings.DATABASES = {**settings.DATABASES, REPLICA: twin}
    yield wrapper
    wrapper.close()
    del connections[REPLICA]


def test_the_outcomes_report_reads_from_the_replica_and_writes_to_the_primary(replica_alias, admin_client, patient_a):
    PainAssessmentFactory(patient=patient_a)
    with (
        CaptureQueriesContext(replica_alias) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = admin_client.get("/outcomes/")
    assert response.status_code == 200
    replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    primary_sql = " ".join(query["sql"] for query in on_primary.captured_queries)
    assert "patients_painassessment" in replica_sql  # the report's reads
    assert "patients_painassessment" not in primary_sql
    assert "django_session" in primary_sql  # the session, before the view, from the primary
    assert not any(
        query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE")) for query in on_replica.captured_queries
    )
    assert replica.reads_reports() is False  # the mark ends with the request


def test_other_pages_never_read_from_the_replica(replica_alias, practitioner_client, patient_a):
    with CaptureQueriesContext(replica_alias) as on_replica:
        assert practitioner_client.get("/patients/").status_code == 200
        assert practitioner_client.get(f"/patients/{patient_a.pk}/").status_code == 200
    assert on_replica.captured_queries == []


def test_without_a_replica_every_read_goes_to_the_primary():
    router = ReplicaRouter()
    token = replica._reading_reports.set(True)
    try:
        assert router.db_for_read(Patient) is None  # no `replica` alias configured: Django's default
        with override_settings(DATABASES={"default": {}, REPLICA: {}}):
            assert router.db_for_read(Patient) == REPLICA
            assert router.db_for_write(Patient) is None
    finally:
        replica._reading_reports.reset(token)
    assert router.allow_migrate(REPLICA, "patients") is False
    assert router.allow_migrate("default", "patients") is True
