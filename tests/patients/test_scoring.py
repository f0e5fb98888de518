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
        (80, "crippled"),
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


# --- the published worked examples (issue 11; sources in patients/scoring.py) -------------------------


def test_ndi_follows_the_printed_example_of_its_scoring_instructions():
    # 16 of 50 -> 32 %; one section missed, 16 of 45 -> 35.5 % printed (35.56, half-up 35.6).
    assert scoring.score("ndi", [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]) == 32.0
    assert scoring.score("ndi", [2, 2, 2, 2, 2, 2, 2, 1, 1, None]) == 35.6


def test_ndi_missing_item_gets_the_mean_of_the_others_as_vernon_says():
    answered = [2, 2, 2, 2, 2, 2, 2, 1, 1]
    raw_with_mean_added = sum(answered) + sum(answered) / len(answered)  # 16 + 16/9 out of 50
    assert scoring.score("ndi", [*answered, None]) == round(raw_with_mean_added * 2, 1) == 35.6


def test_ndi_moderate_means_15_to_24_raw_points():
    assert [scoring.band("ndi", raw * 2) for raw in (14, 15, 24, 25)] == [
        "mild disability",
        "moderate disability",
        "moderate disability",
        "severe disability",
    ]


def test_rmdq_is_the_number_of_statements_ticked_from_0_to_24():
    assert scoring.score("rmdq", [0] * 24) == 0.0
    assert scoring.score("rmdq", [1] * 24) == 24.0
    assert scoring.score("rmdq", [1, 0] * 6 + [0] * 12) == 6.0


def test_rmdq_improvement_from_12_to_2_is_83_percent_as_in_the_guidance():
    from patients.trends import questionnaire_summary

    summary = questionnaire_summary("rmdq", 12.0, 2.0)
    assert (summary.change, summary.percent_change) == (-10.0, -83.3)
    assert summary.responder
