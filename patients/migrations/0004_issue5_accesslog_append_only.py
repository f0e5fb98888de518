"""The access log is append-only in the database too (PostgreSQL, where production runs).

A row trigger refuses UPDATE and DELETE on patients_accesslog for every role, the Django admin and
raw SQL included. TRUNCATE (what `flush` and the test runner use) is not a row operation and stays
possible for whoever owns the database. SQLite (development laptops) refuses UPDATE only: the test
runner empties its tables with DELETE.
"""

from django.db import migrations

PG_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION patients_accesslog_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'patients_accesslog is append-only (% refused)', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER patients_accesslog_append_only
        BEFORE UPDATE OR DELETE ON patients_accesslog
        FOR EACH ROW EXECUTE FUNCTION patients_accesslog_append_only()
    """,
]
PG_REVERSE = [
    "DROP TRIGGER IF EXISTS patients_accesslog_append_only ON patients_accesslog",
    "DROP FUNCTION IF EXISTS patients_accesslog_append_only()",
]
SQLITE_FORWARD = [
    """
    CREATE TRIGGER patients_accesslog_append_only BEFORE UPDATE ON patients_accesslog
    BEGIN SELECT RAISE(ABORT, 'patients_accesslog is append-only (UPDATE refused)'); END
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS patients_accesslog_append_only"]
STATEMENTS = {"postgresql": (PG_FORWARD, PG_REVERSE), "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE)}


def forward(apps, schema_editor):
    forward_sql, _ = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    for sql in forward_sql:
        schema_editor.execute(sql, params=None)


def reverse(apps, schema_editor):
    _, reverse_sql = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    for sql in reverse_sql:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("patients", "0003_roles")]

    operations = [migrations.RunPython(forward, reverse, elidable=False)]
