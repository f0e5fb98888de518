"""One home for each clinical number: the NRS bounds, the score ranges and half-up rounding."""

import pytest
from django.db import IntegrityError, transaction

from patients import measures
from patients.forms import AssessmentForm
from patients.models import QuestionnaireResponse
from patients.trends import percent_change
from tests.factories import PatientFactory


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(0.05, 1, 0.1), (0.15, 1, 0.2), (-12.25, 1, -12.3), (28.55, 1, 28.6), (2.675, 2, 2.68), (60.0, 1, 60.0)],
)
def test_figures_round_half_up_as_people_expect(value, places, expected):
    # Python's round() gives 0.0, 0.1, -12.2, 28.6 (binary), 2.67: never used for a shown figure.
    assert measures.round_half_up(value, places) == expected


def test_the_percent_change_and_the_questionnaire_score_round_the_same_way():
    assert percent_change(8, 7) == -12.5
    assert percent_change(7, 5) == -28.6  # -28.571...
    assert measures.round_half_up(16 / 45 * 100) == 35.6


@pytest.mark.parametrize(("value", "expected"), [(-2, 0), (0, 0), (7, 7), (10, 10), (13, 10)])
def test_demo_pain_scores_stay_on_the_nrs(value, expected):
    assert measures.clamp_nrs(value) == expected


def test_a_typed_pain_score_that_is_no_number_gets_the_scale_message():
    form = AssessmentForm(data={"assessed_at": "2026-01-05T10:00", "nrs": "seven"})
    assert form.errors["nrs"] == ["Pain is scored from 0 (no pain) to 10 (worst imaginable)."]


@pytest.mark.django_db
def test_saving_only_the_answers_keeps_the_score_in_step():
    response = QuestionnaireResponse.objects.create(patient=PatientFactory(), instrument="odi", answers=[3] * 10)
    response.answers = [1] * 10
    response.save(update_fields=["answers"])
    response.refresh_from_db()
    assert response.score == 20.0


@pytest.mark.django_db
@pytest.mark.parametrize(("instrument", "answers", "score"), [("odi", [5] * 10, 100.1), ("ndi", [0] * 10, -0.1)])
def test_the_database_refuses_a_percentage_outside_0_to_100(instrument, answers, score):
    response = QuestionnaireResponse.objects.create(patient=PatientFactory(), instrument=instrument, answers=answers)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.filter(pk=response.pk).update(score=score)
