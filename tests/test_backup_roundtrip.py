"""Backups: export_clinic / import_clinic round-trip a seeded clinic without losing a row."""

import importlib
import json

import pytest
from django.apps import apps as global_apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from interop.backup import row_counts
from patients.audit import record_access
from patients.models import AccessLog, Patient
from sessions_app.models import Acupoint, AcupunctureSession
from tests.factories import PatientFactory, UserFactory


def _migrate_seeds():
    """What `migrate` puts in an empty database: the roles' groups and the acupoint catalogue."""
    for module, function in [
        ("patients.migrations.0003_roles", "create_groups"),
        ("sessions_app.migrations.0002_acupoint_catalogue", "load_catalogue"),
    ]:
        getattr(importlib.import_module(module), function)(global_apps, None)


def _seed_clinic():
    call_command("seed_demo", patients=6, sessions_per_patient=4, force=True)
    editor = User.objects.get(username="practitioner")
    patient = Patient.objects.order_by("pk").first()
    patient._history_user = editor
    patient.chief_complaint = "Low back pain <b>worse</b> at night"
    patient.save()  # a change-history row with who
    request = RequestFactory().get(f"/patients/{patient.pk}/", REMOTE_ADDR="10.9.8.7")
    request.user = editor
    record_access(request, patient, AccessLog.Action.VIEW)
    LogEntry.objects.log_actions(
        user_id=editor.pk, queryset=[patient], action_flag=CHANGE, change_message="edited", single_object=True
    )
    # A login deleted after it was recorded in the history: the backup keeps the reference.
    gone = UserFactory(username="former_patient_login")
    other = Patient.objects.order_by("pk").last()
    other.user = gone
    other.save()
    other.user = None
    other.save()
    gone.delete()


def _snapshot() -> dict:
    patient = Patient.objects.order_by("pk").first()
    session = AcupunctureSession.objects.order_by("pk").first()
    latest_change = patient.history.order_by("-history_id").first()
    return {
        "patient": (patient.pk, patient.mrn, patient.full_name, patient.date_of_birth, patient.chief_complaint),
        "history_user": latest_change.history_user.username,
        "session": (session.pk, session.started_at, session.duration_minutes, session.notes),
        "points": sorted(session.session_points.values_list("acupoint__code", "side")),
        "nrs": list(patient.assessments.order_by("pk").values_list("nrs", flat=True)),
        "access": list(AccessLog.objects.values_list("user__username", "patient_id", "ip_address", "at")),
        "admin_log": list(LogEntry.objects.values_list("user__username", "content_type__model", "object_id")),
        "groups": sorted(User.objects.get(username="practitioner").groups.values_list("name", flat=True)),
        "password": User.objects.get(username="admin").password,
        "dangling_history_user_ids": sorted(
            Patient.history.exclude(user_id=None)
            .exclude(user_id__in=User.objects.values("pk"))
            .values_list("user_id", flat=True)
        ),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("filename", ["clinic.json", "clinic.json.gz"])
def test_a_seeded_clinic_survives_export_and_import(tmp_path, filename):
    _seed_clinic()
    counts, snapshot = row_counts(), _snapshot()
    assert counts["patients.Patient"] == 6 and counts["patients.HistoricalPatient"] >= 3
    assert snapshot["dangling_history_user_ids"]

    backup = tmp_path / filename
    call_command("export_clinic", str(backup))
    call_command("flush", interactive=False)  # an empty database, as `migrate` leaves it
    _migrate_seeds()
    assert not Patient.objects.exists()
    call_command("import_clinic", str(backup))

    assert row_counts() == counts
    assert _snapshot() == snapshot
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Patient).model_class() is Patient
    # New rows after a restore get fresh keys (sequences were reset).
    newcomer = PatientFactory()
    assert newcomer.pk > max(pk for pk in Patient.objects.exclude(pk=newcomer.pk).values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_backup_is_plain_json_with_every_clinic_model(tmp_path, patient_a):
    backup = tmp_path / "clinic.json"
    call_command("export_clinic", str(backup))
    models = {row["model"] for row in json.loads(backup.read_text())}
    assert {"patients.patient", "patients.historicalpatient", "auth.user", "sessions_app.acupoint"} <= models
    assert not any(label.startswith(("sessions.", "axes.")) for label in models)


@pytest.mark.django_db
def test_import_refuses_a_database_that_already_has_a_clinic(tmp_path, patient_a):
    backup = tmp_path / "clinic.json"
    call_command("export_clinic", str(backup))
    with pytest.raises(CommandError, match="restore into an empty one"):
        call_command("import_clinic", str(backup))
    assert Patient.objects.count() == 1


@pytest.mark.django_db
def test_a_broken_backup_changes_nothing(tmp_path):
    groups, points = Group.objects.count(), Acupoint.objects.count()
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "patients.patient", "pk": 1, "fields": {"first_name": ')
    with pytest.raises(Exception, match="(?i)json|problem installing"):
        call_command("import_clinic", str(broken))
    assert (Group.objects.count(), Acupoint.objects.count()) == (groups, points)
