import pytest

from patients import scoring


def test_odi_with_all_sections_is_sum_over_fifty():
    # The form's own example: 16 of 50 -> 32 %.
    assert scoring.score("odi", [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]) == 32.0


def test_odi_with_one_section_missing_reduces_the_denominator():
    # 16 / 45 x 100 = 35.56 -> 35.6 (half-up to one decimal).
    assert scoring.score("odi", [2, 2, 2, 2, 2, 2, 2, 1, 1, None]) == 35.6


def test_odi_with_three_sections_missing_is_not_scored():
    assert scoring.score("odi", [1, 1, 1, 1, 1, 1, 1, None, None, None]) is None


def test_ndi_scores_as_a_percentage_and_allows_two_missing():
    assert scoring.score("ndi", [5] * 8 + [None, None]) == 100.0
    assert scoring.score("ndi", [0] * 10) == 0.0


def test_rmdq_counts_yes_answers():
    assert scoring.score("rmdq", [1] * 7 + [0] * 17) == 7.0


def test_rmdq_with_any_missing_answer_is_not_scored():
    assert scoring.score("rmdq", [1] * 23 + [None]) is None


@pytest.mark.parametrize(
    ("instrument", "answers", "message"),
    [
        ("odi", [1] * 9, "Expected 10 answers"),
        ("odi", [6] + [1] * 9, "Item 1"),
        ("rmdq", [2] + [0] * 23, "from 0 to 1"),
        ("ndi", [True] * 10, "whole number"),
        ("ndi", "1111111111", "Expected 10"),
    ],
)
def test_malformed_answers_are_refused_with_a_message(instrument, answers, message):
    with pytest.raises(ValueError, match=message):
        scoring.score(instrument, answers)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (20, "minimal disability"),
        (20.5, "moderate disability"),
        (40, "moderate disability"),
        (60, "severe disability"),
        (80, "crippled disability"),
        (80.1, "bed-bound"),
    ],
)
def test_odi_bands_are_upper_inclusive(value, expected):
    assert scoring.band("odi", value) == expected


@pytest.mark.parametrize(
    ("percentage", "expected"),
    [
        (8, "no disability"),
        (10, "mild disability"),
        (28, "mild disability"),
        (30, "moderate disability"),
        (48, "moderate disability"),
        (50, "severe disability"),
        (70, "complete disability"),
    ],
)
def test_ndi_bands_use_the_raw_score_out_of_fifty(percentage, expected):
    assert scoring.band("ndi", percentage) == expected
