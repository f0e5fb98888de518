"""Whole-clinic backup as one JSON file: every account, record, history row and access-log entry.

The file keeps every primary key, so a restore is an exact copy: history rows, the access log and
the admin's log still point at the same records and users (even users deleted since). Restoring
needs an empty clinic database at the same release: `migrate` it, then `import_clinic`. Content
types, permissions, groups and acupoints that `migrate` created are replaced by the backup's own
rows, with their original keys.

On PostgreSQL, `pg_dump` is the primary backup (see the README); this file is the portable one:
it restores on SQLite or PostgreSQL and is readable by people and scripts.
"""

from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction

from patients.models import Patient
from sessions_app.models import Acupoint

# What a backup holds: auth (users, groups, permissions), the admin's own log, both clinic apps
# (historical tables included). Left out on purpose: sessions and sign-in lockouts (axes), which
# are short-lived state, not records.
APPS = ["contenttypes", "auth", "admin", "patients", "sessions_app"]
FORMAT = "clinicjson"  # JSON keeping microseconds; `loaddata` reads it as plain JSON
serializers.register_serializer(FORMAT, "patients.backup_format")
# Rows `migrate` creates in an empty database; the backup's copies replace them.
SEEDED_BY_MIGRATE = [Acupoint, Group, Permission, ContentType]


class NotEmpty(Exception):
    pass


def backed_up_models() -> list:
    return [model for label in APPS for model in apps.get_app_config(label).get_models()]


def row_counts() -> dict[str, int]:
    """Rows per model, to compare a clinic with its restored copy."""
    return {model._meta.label: model._default_manager.count() for model in backed_up_models()}


def export_clinic(path: Path | str) -> dict[str, int]:
    """Write the backup (.json, or compressed: .json.gz, .json.bz2, .json.xz)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table, while the clinic keeps working.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = row_counts()
        call_command("dumpdata", *APPS, format=FORMAT, output=str(path), verbosity=0)
    return counts


def import_clinic(path: Path | str) -> dict[str, int]:
    """Load a backup into an empty, migrated clinic database; all or nothing."""
    with transaction.atomic():
        if User.objects.exists() or Patient.objects.exists():
            raise NotEmpty("The database already holds users or patients: restore into an empty one.")
        for model in SEEDED_BY_MIGRATE:
            model._default_manager.all().delete()
        ContentType.objects.clear_cache()
        call_command("loaddata", str(path), verbosity=0)
    ContentType.objects.clear_cache()
    return row_counts()
