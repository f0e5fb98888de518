"""A page's query count must not grow with the rows behind it: the same count with few rows and many."""

import pytest

from sessions_app import demo


@pytest.fixture
def few_rows(db):
    demo.seed(patients=2, sessions_per_patient=2)


def _more_rows() -> None:
    demo.seed(patients=130, sessions_per_patient=2)  # more than a page everywhere (admin shows 100)


def _assert_same_count(client, url, expected, django_assert_num_queries) -> None:
    client.get(url)  # a first visit fills per-process caches (content types, permissions)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _more_rows()
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/patients/patient/", 13),
        ("/admin/sessions_app/acupuncturesession/", 13),
        ("/admin/patients/painassessment/", 13),
    ],
)
def test_an_admin_changelist_runs_the_same_queries_for_few_and_many_rows(
    admin_client, few_rows, url, expected, django_assert_num_queries
):
    _assert_same_count(admin_client, url, expected, django_assert_num_queries)


@pytest.mark.parametrize("url", ["/patients/", "/patients/?page=2", "/patients/?page=last"])
def test_the_patient_list_runs_the_same_queries_for_few_and_many_patients(
    practitioner_client, few_rows, url, django_assert_num_queries
):
    # session, user, role (groups, practitioner), count, page keys, page rows, session save (3)
    _assert_same_count(practitioner_client, url, 10, django_assert_num_queries)
