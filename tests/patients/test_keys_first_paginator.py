import pytest

from demo import seed as demo
from patients.models import Patient
from patients.pagination import KeysFirstPaginator


@pytest.fixture
def clinic(db):
    demo.seed(patients=12, sessions_per_patient=2)


def _rows(page):
    return [(p.pk, p.baseline_nrs, p.latest_nrs, p.next_followup_on) for p in page]


@pytest.mark.parametrize("number", [1, 2, 3])
def test_it_gives_the_same_pages_as_the_plain_paginator(clinic, number):
    from django.core.paginator import Paginator

    patients = Patient.objects.active().with_pain_summary()
    plain = Paginator(patients, 5).get_page(number)
    keys_first = KeysFirstPaginator(patients, 5).get_page(number)
    assert _rows(keys_first) == _rows(plain)
    assert (keys_first.number, keys_first.paginator.num_pages) == (plain.number, 3)


def test_it_keeps_orphans_on_the_last_page(clinic):
    page = KeysFirstPaginator(Patient.objects.all(), 5, orphans=2).get_page(2)
    assert (len(page), page.paginator.num_pages) == (7, 2)


def test_it_runs_three_queries_on_any_page(clinic, django_assert_num_queries):
    with django_assert_num_queries(3):
        list(KeysFirstPaginator(Patient.objects.with_pain_summary(), 5).get_page(3))


def test_an_empty_list_gives_an_empty_first_page(db):
    page = KeysFirstPaginator(Patient.objects.all(), 5).get_page(1)
    assert list(page) == []
