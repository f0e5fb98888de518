from django.db import models


class JSONArrayLength(models.Func):
    """Length of a JSON array column, on SQLite and PostgreSQL (used in check constraints)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = models.IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)
