"""Fast inserts of synthetic rows for the demo and benchmark seeder.

`bulk_create` builds a model instance per row and prepares every value through the ORM: minutes
for the 1.8 million rows of a 10,000-patient clinic (docs/performance.md). Here the rows
are plain tuples: PostgreSQL receives them with COPY, SQLite with `executemany`. Columns the caller
does not give get the model's default once per call (auto_now fields: now). Like `bulk_create`,
this skips `save()`, signals and history rows: right for synthetic data, never for clinical edits.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

BATCH = 5000  # rows per executemany call on SQLite


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples of values for the fields named in `columns`) and return how many."""
    connection = connections[router.db_for_write(model)]
    by_name = {field.name: field for field in model._meta.concrete_fields}
    given = [by_name[name] for name in columns]
    rest = [field for field in model._meta.concrete_fields if field.name not in columns and not field.primary_key]
    now = timezone.now()
    fixed = tuple(field.get_db_prep_save(_default(field, now), connection) for field in rest)
    converters = [_converter(field, connection) for field in given]
    names = [field.column for field in given + rest]
    prepared = (tuple(convert(value) for convert, value in zip(converters, row, strict=True)) + fixed for row in rows)
    if connection.vendor == "postgresql":
        return _copy(connection, model._meta.db_table, names, prepared)
    return _executemany(connection, model._meta.db_table, names, prepared)


def _default(field: models.Field, now) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _converter(field: models.Field, connection) -> Callable[[Any], Any]:
    """The cheap database form of one column's values (the ORM's adapters, without the ORM)."""
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    return _same


def _same(value: Any) -> Any:
    return value


def _copy(connection, table: str, names: list[str], rows: Iterable[tuple]) -> int:
    quote = connection.ops.quote_name
    statement = f"COPY {quote(table)} ({', '.join(quote(name) for name in names)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _executemany(connection, table: str, names: list[str], rows: Iterable[tuple]) -> int:
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata, quoted; every value is a parameter.
    statement = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(name) for name in names)}) "  # noqa: S608  # nosec B608
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(statement, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(statement, batch)
            count += len(batch)
    return count
