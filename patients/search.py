"""Finding a patient (CONTRACT.md, "Reports and languages"): by name regardless of accents and case
(`jose nunez` finds José Núñez), by MRN, by phone digits and by date of birth (`YYYY-MM-DD`).

Each word of the query must match. Names are compared folded: on PostgreSQL with the `unaccent`
extension (created by a migration) and `lower()`; on SQLite with the same `fold` as below, registered
as an SQL function on each new connection (`PatientsConfig.ready`). The database does the filtering,
so a page of results costs the same queries whatever the size of the clinic.
"""

import re
import unicodedata
from datetime import date

from django.db.models import CharField, Func, Q, QuerySet
from django.utils.dateparse import parse_date

MIN_PHONE_DIGITS = 3  # fewer digits would match nearly every phone number


def fold(text: str | None) -> str | None:
    """ "Núñez" -> "nunez": accents dropped (NFKD, combining marks removed), case folded."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def digits(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\D", "", text)


class Folded(Func):
    function = "clinic_fold"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context)


class Digits(Func):
    function = "clinic_digits"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="regexp_replace(%(expressions)s, '[^0-9]', '', 'g')", **extra_context
        )


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: SQLite has no unaccent, so it gets ours (deterministic, so
    SQLite may use it in indexes and constant folding)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("clinic_fold", 1, fold, deterministic=True)
        connection.connection.create_function("clinic_digits", 1, digits, deterministic=True)


def _day(term: str) -> date | None:
    try:
        return parse_date(term)
    except ValueError:  # well formed but impossible, e.g. 1980-02-30: searched as text
        return None


def search(patients: QuerySet, query: str) -> QuerySet:
    """`patients` narrowed to those matching every word of `query`."""
    terms = query.split()
    if not terms:
        return patients
    patients = patients.annotate(
        search_first=Folded("first_name"), search_last=Folded("last_name"), search_phone=Digits("phone")
    )
    for term in terms:
        if (day := _day(term)) is not None:
            patients = patients.filter(date_of_birth=day)
            continue
        folded = fold(term)
        match = Q(search_first__contains=folded) | Q(search_last__contains=folded) | Q(mrn__icontains=term)
        if len(number := digits(term)) >= MIN_PHONE_DIGITS:
            match |= Q(search_phone__contains=number)
        patients = patients.filter(match)
    return patients
