"""The access log: entries record who opened which record; nobody can change or remove one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from patients.audit import record_access
from patients.models import AccessLog
from tests.factories import PatientFactory, UserFactory


@pytest.fixture
def entry(practitioner, patient_a):
    request = RequestFactory().get(f"/patients/{patient_a.pk}/", REMOTE_ADDR="10.1.2.3")
    request.user = practitioner.user
    return record_access(request, patient_a, AccessLog.Action.VIEW)


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_record_access_keeps_who_what_when_and_where(entry, practitioner, patient_a):
    stored = AccessLog.objects.get()
    assert (stored.user, stored.patient, stored.action) == (practitioner.user, patient_a, "view")
    assert stored.path == f"/patients/{patient_a.pk}/"
    assert stored.ip_address == "10.1.2.3"
    assert stored.at is not None


def test_an_entry_cannot_be_saved_again(entry):
    entry.action = AccessLog.Action.EXPORT_CSV
    with pytest.raises(ValidationError, match="append-only"):
        entry.save()
    assert AccessLog.objects.get().action == "view"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(ValidationError, match="append-only"):
        entry.delete()
    assert AccessLog.objects.count() == 1


def test_bulk_update_and_delete_are_refused(entry):
    with pytest.raises(ValidationError, match="append-only"):
        AccessLog.objects.update(action="export_csv")
    with pytest.raises(ValidationError, match="append-only"):
        AccessLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ValidationError, match="append-only"):
        AccessLog.objects.bulk_update([entry], ["action"])
    assert AccessLog.objects.get().action == "view"


def test_the_database_refuses_an_update_even_in_raw_sql(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE patients_accesslog SET action = 'export_csv'")
    assert AccessLog.objects.get().action == "view"


def test_postgresql_refuses_a_delete_even_in_raw_sql(entry):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE for the test runner's flush; production runs PostgreSQL")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM patients_accesslog")
    assert AccessLog.objects.count() == 1


@pytest.mark.parametrize("who", ["admin_client", "superuser_client"])
def test_the_admin_refuses_add_change_and_delete_to_everyone(request, entry, who):
    client = request.getfixturevalue(who)
    base = "/admin/patients/accesslog/"
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"action": "view"}).status_code == 403
    assert client.post(f"{base}{entry.pk}/change/", {"action": "export_csv"}).status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = client.get(base)
    assert changelist.status_code == 200
    assert b"delete_selected" not in changelist.content
    assert AccessLog.objects.get().action == "view"


def test_the_admin_shows_an_entry_read_only(admin_client, entry):
    response = admin_client.get(f"/admin/patients/accesslog/{entry.pk}/change/")
    assert response.status_code == 200
    assert b'name="action"' not in response.content
    assert b"10.1.2.3" in response.content


@pytest.fixture
def two_patients_two_users(practitioner, colleague, patient_a, patient_b):
    for user in (practitioner.user, colleague.user):
        for patient in (patient_a, patient_b):
            AccessLog.objects.create(user=user, patient=patient, action="view", path=f"/patients/{patient.pk}/")


def _rows(response):
    return list(response.context["cl"].result_list)


def test_admins_filter_the_log_by_patient(admin_client, two_patients_two_users, patient_a):
    response = admin_client.get(f"/admin/patients/accesslog/?patient_mrn={patient_a.mrn.lower()}")
    rows = _rows(response)
    assert len(rows) == 2
    assert {row.patient_id for row in rows} == {patient_a.pk}
    by_link = _rows(admin_client.get(f"/admin/patients/accesslog/?patient__id__exact={patient_a.pk}"))
    assert {row.patient_id for row in by_link} == {patient_a.pk}


def test_admins_filter_the_log_by_user(admin_client, two_patients_two_users, colleague):
    rows = _rows(admin_client.get("/admin/patients/accesslog/?username=dr_okafor"))
    assert len(rows) == 2
    assert {row.user_id for row in rows} == {colleague.user_id}
    by_link = _rows(admin_client.get(f"/admin/patients/accesslog/?user__id__exact={colleague.user_id}"))
    assert {row.user_id for row in by_link} == {colleague.user_id}


def test_the_filters_combine_and_keep_each_other(admin_client, two_patients_two_users, patient_b):
    response = admin_client.get(f"/admin/patients/accesslog/?username=dr_chen&patient_mrn={patient_b.mrn}")
    rows = _rows(response)
    assert [(row.user.username, row.patient_id) for row in rows] == [("dr_chen", patient_b.pk)]
    # The patient filter's form carries the user filter along as a hidden field, and vice versa.
    assert b'<input type="hidden" name="username" value="dr_chen">' in response.content
    assert f'<input type="hidden" name="patient_mrn" value="{patient_b.mrn}">'.encode() in response.content


def test_admins_search_the_log_by_name(admin_client, two_patients_two_users, patient_a):
    rows = _rows(admin_client.get("/admin/patients/accesslog/?q=Archer"))
    assert {row.patient_id for row in rows} == {patient_a.pk}


def _queries_for_log_list(client) -> int:
    client.get("/admin/patients/accesslog/")  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/patients/accesslog/").status_code == 200
    return len(queries)


def test_the_log_list_does_not_query_per_row(admin_client, practitioner):
    for patient in PatientFactory.create_batch(2):
        AccessLog.objects.create(user=practitioner.user, patient=patient, action="view", path="/x/")
    few = _queries_for_log_list(admin_client)
    for patient in PatientFactory.create_batch(40):
        AccessLog.objects.create(user=practitioner.user, patient=patient, action="view", path="/x/")
    assert _queries_for_log_list(admin_client) == few


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "action"), [("/me/fhir/", "export_fhir"), ("/me/export.csv", "export_csv")])
def test_a_patients_download_of_their_own_record_is_logged(patient_a_client, patient_a, url, action):
    patient_a_client.get(url)
    entry = AccessLog.objects.get()
    assert (entry.user, entry.patient, entry.action, entry.path) == (patient_a.user, patient_a, action, url)
