from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from patients.trends import (
    PainPoint,
    ScorePoint,
    aggregate,
    bucket_days,
    format_percent,
    immediate_effect_sentence,
    mean_immediate_change,
    moving_average,
    nrs_sentence,
    nrs_summary,
    pain_sentence,
    questionnaire_sentence,
    questionnaire_summary,
    session_effects,
    summarise_scores,
)

THIS_YEAR = timezone.localdate().year


def _at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(THIS_YEAR, month, day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("baseline", "latest", "responder"),
    [
        (40.0, 28.0, True),  # 30 % better, 12 points
        (20.0, 14.0, True),  # 30 % better though only 6 points
        (80.0, 70.0, True),  # only 12.5 % better, but 10 points
        (80.0, 71.0, False),  # 9 points, 11.3 %
        (20.0, 15.0, False),  # 5 points, 25 %
        (35.6, 25.6, True),  # exactly 10 points despite binary floating point
        (30.0, 30.0, False),
        (30.0, 40.0, False),
    ],
)
def test_odi_responder_is_30_percent_or_10_points(baseline, latest, responder):
    assert questionnaire_summary("odi", baseline, latest).responder is responder


@pytest.mark.parametrize(
    ("baseline", "latest", "responder"),
    [(12.0, 7.0, True), (20.0, 15.0, True), (10.0, 7.0, True), (20.0, 16.0, False), (6.0, 5.0, False)],
)
def test_rmdq_responder_is_30_percent_or_5_points(baseline, latest, responder):
    assert questionnaire_summary("rmdq", baseline, latest).responder is responder


@pytest.mark.parametrize(
    ("baseline", "latest", "responder"),
    [(40.0, 30.0, True), (40.0, 31.0, False), (20.0, 12.0, False), (60.0, 50.0, True)],
)
def test_ndi_responder_is_5_raw_points_that_is_10_on_the_percentage(baseline, latest, responder):
    # 20 -> 12 is 40 % better but only 4 raw points out of 50: not a clinically important change.
    assert questionnaire_summary("ndi", baseline, latest).responder is responder


def test_a_questionnaire_improvement_of_half_or_more_is_substantial():
    assert questionnaire_summary("odi", 40.0, 20.0).substantial
    assert not questionnaire_summary("odi", 40.0, 24.0).substantial
    assert questionnaire_summary("rmdq", 12.0, 2.0).percent_change == -83.3  # the RMDQ worked example


def test_the_questionnaire_target_is_the_easier_of_the_two_rules():
    assert questionnaire_summary("odi", 80.0, 80.0).target == 70.0  # 10 points beats 30 %
    assert questionnaire_summary("odi", 20.0, 20.0).target == 14.0  # 30 % beats 10 points
    assert questionnaire_summary("ndi", 40.0, 40.0).target == 30.0


def test_the_nrs_target_is_where_both_rules_are_met():
    assert nrs_summary(8, 8).target == pytest.approx(5.6)
    assert nrs_summary(5, 5).target == 3
    assert nrs_summary(0, 0).target is None


def test_no_questionnaire_gives_empty_figures():
    summary = summarise_scores("odi", [])
    assert (summary.baseline, summary.latest, summary.change, summary.responder) == (None, None, None, False)


def test_moving_average_is_trailing_and_uses_what_there_is_at_the_start():
    assert moving_average([8, 6, 4, 2], window=3) == [8.0, 7.0, 6.0, 4.0]
    assert moving_average([], window=3) == []


def test_session_effects_pair_pre_and_post_of_the_same_session_only():
    points = [
        PainPoint(_at(1, 5, 10), 7, "pre_session", 1),
        PainPoint(_at(1, 5, 11), 4, "post_session", 1),
        PainPoint(_at(1, 8, 10), 6, "pre_session", 2),  # no post score: no pair
        PainPoint(_at(1, 9, 10), 5, "clinician", None),
        PainPoint(_at(1, 12, 11), 3, "post_session", 3),
        PainPoint(_at(1, 12, 10), 5, "pre_session", 3),
    ]
    effects = session_effects(points)
    assert [(e.session_id, e.pre, e.post, e.change) for e in effects] == [(1, 7, 4, -3), (3, 5, 3, -2)]
    assert mean_immediate_change(effects) == -2.5
    assert immediate_effect_sentence(effects) == (
        "Right after needling, pain fell by 2.5 points on average (2 sessions)."
    )
    assert immediate_effect_sentence([]) == ""


def test_aggregation_averages_by_week_from_a_monday():
    monday = date(2026, 1, 5)
    values = [
        (datetime(2026, 1, 5, 9, tzinfo=UTC), 8),
        (datetime(2026, 1, 11, 9, tzinfo=UTC), 6),  # Sunday: same week
        (datetime(2026, 1, 12, 9, tzinfo=UTC), 5),
    ]
    buckets = aggregate(values, 7, monday)
    assert [(b.start, b.end, b.mean, b.count) for b in buckets] == [
        (date(2026, 1, 5), date(2026, 1, 11), 7.0, 2),
        (date(2026, 1, 12), date(2026, 1, 18), 5.0, 1),
    ]


def test_buckets_widen_to_keep_a_decade_under_the_limit():
    first = date(2016, 1, 4)
    assert bucket_days(first, first + timedelta(days=100)) == 7
    days = bucket_days(first, first + timedelta(days=3650), max_buckets=300)
    assert days == 14
    assert 3650 // days + 1 <= 300


def test_the_summary_sentence_reads_like_the_issue_example():
    sentence = nrs_sentence(nrs_summary(8, 5), _at(1, 5))
    assert sentence == "Pain fell from 8 to 5 (−37.5 %) since 5 January: a clinically important improvement."


@pytest.mark.parametrize(
    ("baseline", "latest", "expected"),
    [
        (8, 4, "Pain fell from 8 to 4 (−50.0 %) since 5 January: a substantial improvement."),
        (7, 6, "Pain fell from 7 to 6 (−14.3 %) since 5 January: not yet a clinically important improvement."),
        (4, 6, "Pain rose from 4 to 6 (+50.0 %) since 5 January."),
        (6, 6, "Pain is unchanged at 6 out of 10 since 5 January."),
        (0, 3, "Pain rose from 0 to 3 since 5 January."),
    ],
)
def test_the_summary_sentence_covers_every_direction(baseline, latest, expected):
    assert nrs_sentence(nrs_summary(baseline, latest), _at(1, 5)) == expected


def test_the_sentence_for_no_score_and_for_a_single_score():
    assert pain_sentence([]) == "No pain scores have been recorded yet."
    assert pain_sentence([PainPoint(_at(3, 2), 6, "clinician", None)]) == (
        "Pain was 6 out of 10 on 2 March; the next score will show the trend."
    )


def test_a_date_of_another_year_carries_its_year():
    last_year = datetime(THIS_YEAR - 1, 12, 30, 10, tzinfo=UTC)
    assert nrs_sentence(nrs_summary(8, 5), last_year).endswith(
        f"since 30 December {THIS_YEAR - 1}: a clinically important improvement."
    )


def test_questionnaire_sentences_use_the_instrument_name_and_scale():
    points = [ScorePoint(_at(1, 5), 40.0), ScorePoint(_at(2, 5), 24.0)]
    summary = summarise_scores("odi", points)
    assert questionnaire_sentence(summary, points) == (
        "Oswestry Disability Index score fell from 40% to 24% (−40.0 %) since 5 January: "
        "a clinically important improvement."
    )
    rmdq = [ScorePoint(_at(1, 5), 12.0), ScorePoint(_at(2, 5), 14.0)]
    assert questionnaire_sentence(summarise_scores("rmdq", rmdq), rmdq) == (
        "Roland-Morris Disability Questionnaire score rose from 12/24 to 14/24 (+16.7 %) since 5 January."
    )
    assert questionnaire_sentence(summarise_scores("ndi", []), []) == "No Neck Disability Index has been completed yet."


def test_percentages_print_with_a_true_minus_sign():
    assert format_percent(-37.5) == "−37.5 %"
    assert format_percent(12) == "+12.0 %"
