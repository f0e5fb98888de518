from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL's unaccent for the patient search (patients/search.py); nothing on SQLite."""

    dependencies = [
        ("patients", "0009_merge_20261201_2158"),
    ]

    operations = [UnaccentExtension()]
