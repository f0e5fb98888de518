"""/patients/?q= finds a patient by name regardless of accents and case, by MRN, by phone digits and by
date of birth (CONTRACT.md), on SQLite and PostgreSQL alike."""

from datetime import date

import pytest
from django.db import connection

from patients.models import Patient
from patients.search import TYPO_SIMILARITY, search, typo_threshold
from tests.factories import PatientFactory
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic():
    return {
        "nunez": PatientFactory(
            first_name="José", last_name="Núñez", date_of_birth=date(1980, 5, 5), phone="+31 (0)20 555-0142"
        ),
        "muller": PatientFactory(first_name="Jürgen", last_name="Müller", date_of_birth=date(1962, 11, 30)),
        "dubois": PatientFactory(first_name="Chloé", last_name="Dubois", phone="06 1234 5678"),
        "other": PatientFactory(first_name="Anna", last_name="Smith", date_of_birth=date(1990, 1, 1)),
    }


def _found(client, query: str) -> set[str]:
    response = client.get("/patients/", {"q": query})
    assert response.status_code == 200
    return {patient.last_name for patient in response.context["page"]}


@pytest.mark.parametrize("query", ["jose nunez", "JOSÉ NÚÑEZ", "Nunez", "núñez josé", "nun"])
def test_a_name_is_found_whatever_its_accents_and_case(practitioner_client, clinic, query):
    assert _found(practitioner_client, query) == {"Núñez"}


@pytest.mark.parametrize("query", ["mcdonald", "MCDON", "anna-marie mcdonald", "Marie"])
def test_an_ascii_name_is_found_whatever_its_case(practitioner_client, clinic, query):
    # On SQLite an ASCII name is compared without fold() (search.Folded.as_sqlite): LIKE ignores its case.
    PatientFactory(first_name="ANNA-MARIE", last_name="McDonald")
    assert _found(practitioner_client, query) == {"McDonald"}


def test_accents_typed_without_the_record_having_them_still_match(practitioner_client, clinic):
    assert _found(practitioner_client, "dubóis") == {"Dubois"}
    assert _found(practitioner_client, "muller jurgen") == {"Müller"}


def test_the_mrn_is_found_whole_or_in_part(practitioner_client, clinic):
    mrn = clinic["muller"].mrn
    assert _found(practitioner_client, mrn.lower()) == {"Müller"}
    assert _found(practitioner_client, mrn[2:7]) >= {"Müller"}


def test_phone_digits_match_whatever_the_punctuation(practitioner_client, clinic):
    assert _found(practitioner_client, "5550142") == {"Núñez"}
    assert _found(practitioner_client, "020-555") == {"Núñez"}
    assert _found(practitioner_client, "0612345678") == {"Dubois"}


def test_a_date_of_birth_finds_the_patient(practitioner_client, clinic):
    assert _found(practitioner_client, "1980-05-05") == {"Núñez"}
    assert _found(practitioner_client, "1980-05-05 jose") == {"Núñez"}
    assert _found(practitioner_client, "1980-05-06") == set()
    assert _found(practitioner_client, "1980-02-30") == set()  # impossible: searched as text, no 500


def test_every_word_must_match(practitioner_client, clinic):
    assert _found(practitioner_client, "jose smith") == set()


def test_a_search_stays_within_the_list_pages_query_budget(practitioner_client, clinic):
    PatientFactory.create_batch(30, last_name="Núñez")
    assert Patient.objects.count() > 30
    assert queries_for(practitioner_client, "/patients/?q=jose+nunez") <= 15


# --- typo tolerance: PostgreSQL's pg_trgm (patients/search.py); SQLite keeps the exact folded match ---

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's pg_trgm"
)


@on_postgresql
@pytest.mark.parametrize("query", ["dubios", "Duboys", "chloe dubios", "muler", "nunes jose"])
def test_a_name_with_a_typo_is_found_on_postgresql(practitioner_client, clinic, query):
    found = _found(practitioner_client, query)
    assert found and found <= {"Dubois", "Müller", "Núñez"}
    assert "Smith" not in found


@on_postgresql
def test_a_typo_does_not_match_unrelated_names(practitioner_client, clinic):
    assert _found(practitioner_client, "dubios") == {"Dubois"}
    assert _found(practitioner_client, "zzzzzz") == set()


@on_postgresql
def test_a_typo_search_stays_within_the_list_pages_query_budget(practitioner_client, clinic):
    PatientFactory.create_batch(30, last_name="Dubosc")
    assert queries_for(practitioner_client, "/patients/?q=chloe+dubios") <= 15


@on_postgresql
def test_the_folded_names_have_trigram_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'patients_patient'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"patient_last_folded_trgm", "patient_first_folded_trgm"} <= names
    assert {"patient_mrn_upper_trgm", "patient_phone_digits_trgm"} <= names  # every branch of the OR


@on_postgresql
@pytest.mark.parametrize(
    "query", ["dubios", "chloe dubios", "muler", "nunes jose", "nun", "5550142", "smith", "zzzzzz", "chan", "anna"]
)
def test_the_indexed_typo_search_finds_the_same_patients_as_the_written_out_one(clinic, query):
    # Inside typo_threshold() the typo branch is pg_trgm's `%>` (indexed); outside, word_similarity() >= 0.4.
    PatientFactory(first_name="Anne", last_name="Chan")  # "chan": 0.4 from "chen"-like words, the boundary
    PatientFactory(first_name="Joana", last_name="Nunes", phone="020 555 0142")
    written_out = set(search(Patient.objects.all(), query).values_list("pk", flat=True))
    with typo_threshold(connection.alias, query):
        indexed = set(search(Patient.objects.all(), query).values_list("pk", flat=True))
    assert indexed == written_out


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_typo_threshold_ends_with_its_transaction():
    # SET LOCAL: nothing stays on the (pooled, persistent) connection for the next request.
    with typo_threshold(connection.alias, "dubios"), connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == TYPO_SIMILARITY
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) != TYPO_SIMILARITY


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's search")
def test_on_sqlite_a_typo_finds_nothing_rather_than_guessing(practitioner_client, clinic):
    assert _found(practitioner_client, "dubios") == set()
