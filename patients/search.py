"""Finding a patient (CONTRACT.md, "Reports and languages"): by name regardless of accents and case
(`jose nunez` finds José Núñez), by MRN, by phone digits and by date of birth (`YYYY-MM-DD`).

Each word of the query must match. Names are compared folded: on PostgreSQL with the `unaccent`
extension (created by a migration) and `lower()`; on SQLite with the same `fold` as below, registered
as an SQL function on each new connection (`PatientsConfig.ready`), called only for names outside
ASCII (an ASCII name is left to LIKE, which ignores its case: `Folded.as_sqlite`). The database does
the filtering, so a page of results costs the same queries whatever the size of the clinic.

Typos (PostgreSQL only): a name word of TYPO_MIN_LENGTH letters or more also matches a name whose
trigram word similarity (pg_trgm) to it is at least TYPO_SIMILARITY, so "dubios" finds Dubois. It is
one more condition in the same query; SQLite has no pg_trgm and keeps the exact folded match. The
folded names carry trigram indexes (migration 0013), through an IMMUTABLE wrapper of unaccent, and
so do the MRN and the phone digits (migration 0017): every branch of a word's OR is served by an
index, so neither the count nor the page scans the whole table. The typo branch is pg_trgm's `%>`
operator, whose threshold is a setting, when the search is built and run inside `typo_threshold()`
(one more query, `set_config`); elsewhere the same comparison is written out and reads every row.
"""

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections, transaction
from django.db.models import CharField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.dateparse import parse_date

MIN_PHONE_DIGITS = 3  # fewer digits would match nearly every phone number
# A one-letter slip in a 6-letter name ("dubios"/"dubois") scores 0.43; unrelated names score under 0.2.
TYPO_SIMILARITY = 0.4
TYPO_MIN_LENGTH = 4  # shorter words share trigrams with too many names


def fold(text: str | None) -> str | None:
    """ "Núñez" -> "nunez": accents dropped (NFKD, combining marks removed), case folded."""
    if text is None:
        return None
    if text.isascii():  # nothing to decompose: the same result, without normalising (most names)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def digits(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\D", "", text)


class Folded(Func):
    function = "clinic_fold"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Only a name with a character outside ASCII calls back into Python's fold(); an ASCII name is
        # compared as it is, because a Folded value is only ever compared by `contains` (LIKE), and
        # SQLite's LIKE ignores ASCII case: the same matches as comparing fold(name), without the
        # callback and lower() for every patient of every scan (?q=Chen: 10,000 names, twice a request).
        return self.as_sql(
            compiler,
            connection,
            template="CASE WHEN length(%(expressions)s) = length(CAST(%(expressions)s AS BLOB)) "
            "THEN %(expressions)s ELSE clinic_fold(%(expressions)s) END",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        # clinic_unaccent: unaccent with its dictionary named, IMMUTABLE, so the trigram indexes apply.
        return self.as_sql(compiler, connection, template="lower(clinic_unaccent(%(expressions)s))", **extra_context)


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
    # alias, not annotate: the folded names are compared, never selected.
    patients = patients.alias(
        search_first=Folded("first_name"), search_last=Folded("last_name"), search_phone=Digits("phone")
    )
    typos = connection_of(patients).vendor == "postgresql"
    for term in terms:
        if (day := _day(term)) is not None:
            patients = patients.filter(date_of_birth=day)
            continue
        folded = fold(term)
        match = Q(search_first__contains=folded) | Q(search_last__contains=folded) | Q(mrn__icontains=term)
        if len(phone := digits(term)) >= MIN_PHONE_DIGITS:
            match |= Q(search_phone__contains=phone)
        if typos and len(folded) >= TYPO_MIN_LENGTH and folded.isalpha():
            match |= _typo(folded, indexed=_threshold_set.get() == patients.db)
        patients = patients.filter(match)
    return patients


def _typo(folded: str, *, indexed: bool):
    """A name word within TYPO_SIMILARITY of `folded`. Inside typo_threshold() it is pg_trgm's `%>`
    operator (word_similarity(word, name) >= the setting typo_threshold() made TYPO_SIMILARITY), which
    the trigram indexes serve; outside, the same comparison written out, which reads every row."""
    if indexed:
        return TrigramWordSimilar(F("search_first"), folded) | TrigramWordSimilar(F("search_last"), folded)
    closeness = Greatest(
        TrigramWordSimilarity(Value(folded), "search_first"), TrigramWordSimilarity(Value(folded), "search_last")
    )
    return GreaterThanOrEqual(closeness, TYPO_SIMILARITY)


def connection_of(queryset: QuerySet):
    return connections[queryset.db]


# The database alias whose current transaction has the typo threshold set (typo_threshold()).
_threshold_set: ContextVar[str | None] = ContextVar("typo_threshold_set", default=None)


@contextmanager
def typo_threshold(using: str, query: str):
    """Build and evaluate a `search()` inside this to let PostgreSQL use its indexes for every branch:
    a transaction whose pg_trgm.word_similarity_threshold is TYPO_SIMILARITY (pg_trgm's default is
    0.6), so the typo branch can be the indexed `%>` operator. `set_config(..., true)` is `SET LOCAL`:
    it ends with the transaction, so it holds under PgBouncer's transaction pooling (docs/deploy) and
    never outlives the request. A search built outside finds the same patients, by reading every row."""
    if connections[using].vendor != "postgresql" or not query.split():
        yield
        return
    with transaction.atomic(using=using, savepoint=False):
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(TYPO_SIMILARITY)])
        token = _threshold_set.set(using)
        try:
            yield
        finally:
            _threshold_set.reset(token)
