from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# unaccent() is only STABLE (its dictionary could change), so PostgreSQL refuses it in an index. The
# usual wrapper names the dictionary and is IMMUTABLE; patients/search.py's Folded uses it, so the
# trigram indexes below serve both the accent-free `contains` search and the typo tolerance.
FORWARD = [
    """CREATE OR REPLACE FUNCTION clinic_unaccent(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    "CREATE INDEX IF NOT EXISTS patient_last_folded_trgm ON patients_patient "
    "USING gin (lower(clinic_unaccent(last_name)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS patient_first_folded_trgm ON patients_patient "
    "USING gin (lower(clinic_unaccent(first_name)) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS patient_first_folded_trgm",
    "DROP INDEX IF EXISTS patient_last_folded_trgm",
    "DROP FUNCTION IF EXISTS clinic_unaccent(text)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite: the folded search needs no index of this kind (patients/search.py)
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    """pg_trgm for the patient search's typo tolerance ("dubios" finds Dubois), with trigram indexes on
    the folded names; nothing on SQLite."""

    dependencies = [
        ("patients", "0012_merge_20261201_2245"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
