"""STarT Back and PSFS scoring, worked by hand from their published rules (Hill et al. 2008;
Stratford 1995), and the record's own checks (full_clean and the database)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from patients import scoring
from patients.models import QuestionnaireResponse
from tests.factories import QuestionnaireFactory

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# item 9 is the position of the answer on its five-point scale: 0 "not at all" .. 4 "extremely"
LOW_TOTAL_3 = [1, 1, 1, 0, 0, 0, 0, 0, 0]  # total 3 -> low, whatever the subscale
MEDIUM_TOTAL_4_SUB_3 = [1, 0, 0, 0, 1, 1, 0, 0, 3]  # physical 1 + subscale 3 (items 5, 6, 9) = 4 -> medium
HIGH_TOTAL_4_SUB_4 = [0, 0, 0, 0, 1, 1, 1, 0, 4]  # subscale 4 (items 5, 6, 7, 9) = total 4 -> high
MEDIUM_TOTAL_7_SUB_3 = [1, 1, 1, 1, 1, 1, 0, 0, 4]  # total 7, subscale 3 -> medium


@pytest.mark.parametrize(
    ("answers", "total", "subscale", "risk"),
    [
        ([0] * 9, 0, 0, "low"),
        (LOW_TOTAL_3, 3, 0, "low"),
        ([0, 0, 0, 0, 1, 1, 1, 0, 0], 3, 3, "low"),  # subscale 3 but total 3: low comes first
        (MEDIUM_TOTAL_4_SUB_3, 4, 3, "medium"),
        (HIGH_TOTAL_4_SUB_4, 4, 4, "high"),
        (MEDIUM_TOTAL_7_SUB_3, 7, 3, "medium"),
        ([1] * 8 + [4], 9, 5, "high"),
    ],
)
def test_startback_total_subscale_and_risk_group(answers, total, subscale, risk):
    assert scoring.score("startback", answers) == total
    assert scoring.startback_subscale(answers) == subscale
    assert scoring.startback_risk(total, subscale) == risk


@pytest.mark.parametrize(("bother", "points"), [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)])
def test_only_the_top_two_answers_of_bothersomeness_score_a_point(bother, points):
    assert scoring.score("startback", [0] * 8 + [bother]) == points


def test_startback_refuses_an_item_9_answer_past_its_five_options_and_a_2_on_an_agree_item():
    with pytest.raises(ValueError, match="Item 9"):
        scoring.validate_answers("startback", [0] * 8 + [5])
    with pytest.raises(ValueError, match="Item 1"):
        scoring.validate_answers("startback", [2] + [0] * 8)


def test_startback_is_not_scored_with_a_missing_item():
    assert scoring.score("startback", [1] * 8 + [None]) is None
    assert scoring.startback_risk(None, None) == ""


@pytest.mark.parametrize(
    ("ratings", "mean"),
    [
        ([4, None, None, None, None], 4.0),
        ([4, 7, None, None, None], 5.5),
        ([2, 3, 3, None, None], 2.7),  # 8 / 3 = 2.666.. -> 2.7 half-up
        ([0, 10, 5, 5, None], 5.0),
        ([1, 2, 3, 4, 6], 3.2),
        ([None, 6, None, 3, None], 4.5),  # the unrated slots do not count
    ],
)
def test_psfs_score_is_the_mean_of_the_rated_activities(ratings, mean):
    assert scoring.score("psfs", ratings) == mean


def test_psfs_with_nothing_rated_has_no_score():
    assert scoring.score("psfs", [None] * 5) is None


@pytest.mark.django_db
def test_a_saved_startback_keeps_its_risk_group_and_subscale(patient_a):
    response = QuestionnaireFactory(patient=patient_a, instrument="startback", answers=HIGH_TOTAL_4_SUB_4)
    response.refresh_from_db()
    assert (response.score, response.risk_group, response.subscale) == (4.0, "high", 4)
    assert response.band == "High risk"


@pytest.mark.django_db
def test_a_saved_psfs_keeps_its_activities_and_mean(patient_a):
    response = QuestionnaireFactory(
        patient=patient_a,
        instrument="psfs",
        answers=[3, 6, None, None, None],
        activities=["Tying shoelaces", "Sitting at work", "", "", ""],
        completed_at=T0,
    )
    response.full_clean()
    response.refresh_from_db()
    assert response.score == 4.5
    assert response.rated_activities == [("Tying shoelaces", 3), ("Sitting at work", 6)]
    assert response.risk_group == ""


@pytest.mark.django_db
def test_full_clean_refuses_a_psfs_rating_without_its_activity(patient_a):
    response = QuestionnaireResponse(
        patient=patient_a, instrument="psfs", answers=[5, None, None, None, None], activities=[""] * 5, completed_at=T0
    )
    with pytest.raises(ValidationError, match="Activity 1 has a rating but no name"):
        response.full_clean()


@pytest.mark.django_db
def test_full_clean_refuses_activities_on_another_instrument_and_a_wrong_slot_count(patient_a):
    odi = QuestionnaireResponse(patient=patient_a, instrument="odi", answers=[1] * 10, activities=["Walking"])
    with pytest.raises(ValidationError, match="Only the PSFS"):
        odi.full_clean()
    psfs = QuestionnaireResponse(patient=patient_a, instrument="psfs", answers=[5] + [None] * 4, activities=["Walk"])
    with pytest.raises(ValidationError, match="up to 5 activities"):
        psfs.full_clean()


@pytest.mark.django_db
def test_the_database_refuses_what_full_clean_refuses(patient_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.create(
            patient=patient_a, instrument="psfs", answers=[5] + [None] * 4, activities=["Walk"], completed_at=T0
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.create(
            patient=patient_a, instrument="startback", answers=[1] * 8, completed_at=T0
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.filter(
            pk=QuestionnaireFactory(patient=patient_a, instrument="odi", answers=[1] * 10).pk
        ).update(risk_group="high")
