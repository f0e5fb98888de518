import re

import pytest

from patients.trend_panel import trend_context
from patients.trends import MAX_CHART_POINTS
from tests.factories import PainAssessmentFactory, PatientFactory, QuestionnaireFactory, SessionFactory
from tests.trend_histories import START, long_history, pain_history

URL = re.compile(r"https?://[^\s\"'<>)]+")


def _assert_csp_safe(svg: str) -> None:
    assert svg.startswith("<svg")
    assert set(URL.findall(svg)) <= {"http://www.w3.org/2000/svg"}
    assert "<script" not in svg
    assert "<style" not in svg
    assert " style=" not in svg
    assert not re.search(r"\son[a-z]+=", svg)  # no event-handler attributes


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1, 2, 1000])
def test_the_pain_chart_renders_for_any_history_length(count):
    patient = PatientFactory()
    long_history(patient, count)
    trend = trend_context(patient)["trend"]
    svg = trend.nrs.svg
    _assert_csp_safe(svg)
    assert trend.nrs.drawn_points <= MAX_CHART_POINTS * 3
    assert svg.count("<circle") <= MAX_CHART_POINTS
    assert f'<desc id="trend-nrs-desc">{trend.nrs.sentence}</desc>' in svg
    if count == 0:
        assert "No pain scores yet" in svg
        assert trend.nrs.sentence == "No pain scores have been recorded yet."
    elif count == 1:
        assert svg.count("<circle") == 1
        assert 'class="line"' not in svg  # a single point has no line
        assert trend.nrs.sentence.startswith("Pain was 7 out of 10 on 5 January")
    elif count == 2:
        assert svg.count("<circle") == 2
        assert 'class="line"' in svg
    else:
        assert trend.nrs.aggregated
        assert 100 < svg.count("<circle") <= MAX_CHART_POINTS  # weekly averages of 1,000 days
        assert "average" in svg


@pytest.mark.django_db
def test_the_chart_draws_baseline_target_sessions_and_pre_post_pairs():
    patient = PatientFactory()
    first = SessionFactory(patient=patient, started_at=START)
    second = SessionFactory(patient=patient, started_at=START.replace(day=12))
    for session, pre, post in ((first, 8, 6), (second, 6, 4)):
        PainAssessmentFactory(
            patient=patient, session=session, source="pre_session", nrs=pre, assessed_at=session.started_at
        )
        PainAssessmentFactory(
            patient=patient, session=session, source="post_session", nrs=post, assessed_at=session.ends_at
        )
    trend = trend_context(patient)["trend"]
    svg = trend.nrs.svg
    assert 'class="reference-baseline"' in svg and "Baseline 8" in svg
    assert 'class="reference-target"' in svg and "30 % target 5.6" in svg
    assert svg.count("<title>Session on ") == 2
    assert "5 January: 8 before → 6 after needling (immediate effect)" in svg
    assert "12 January: 6 before → 4 after needling (immediate effect)" in svg
    assert svg.count("<circle") == 2 + 2  # two pre-needling points on the line, two post markers
    # The course runs through the before-needling scores 8 → 6; the after-needling 4 is the second
    # session's immediate effect, not the latest pain (CONTRACT.md "The trend").
    assert trend.nrs.sentence.startswith(
        "Pain fell from 8 to 6 (−25.0 %) since 5 January: not yet a clinically important improvement"
    )
    assert 'points="' in svg and svg.count("/10 (After needling)") == 0  # no post score on the course line
    assert trend.effect_sentence == "Right after needling, pain fell by 2.0 points on average (2 sessions)."


@pytest.mark.django_db
def test_questionnaire_scores_get_their_own_chart_on_their_own_scale():
    patient = PatientFactory()
    QuestionnaireFactory(patient=patient, instrument="odi", answers=[4] * 10, completed_at=START)  # 80 %
    QuestionnaireFactory(patient=patient, instrument="odi", answers=[2] * 10, completed_at=START.replace(month=2))
    QuestionnaireFactory(patient=patient, instrument="rmdq", answers=[], completed_at=None)  # assigned, not done
    trend = trend_context(patient)["trend"]
    assert [q.chart.key for q in trend.questionnaires] == ["odi"]
    odi = trend.questionnaires[0]
    _assert_csp_safe(odi.chart.svg)
    assert ">100</text>" in odi.chart.svg  # the 0-100 % axis, not the NRS 0-10 one
    assert odi.summary.responder and odi.summary.substantial
    assert odi.chart.sentence == (
        "Oswestry Disability Index score fell from 80% to 40% (−50.0 %) since 5 January: a substantial improvement."
    )
    assert [row.score for row in odi.rows] == ["40%", "80%"]


@pytest.mark.django_db
def test_the_data_table_pages_through_every_score_newest_first():
    patient = PatientFactory()
    pain_history(patient, [8, 7, 7, 6, 6, 5, 5, 5, 4, 4, 4, 3])
    first_page = trend_context(patient)["trend"].table
    assert [row.nrs for row in first_page] == [3, 4, 4, 4, 5, 5, 5, 6, 6, 7]
    second_page = trend_context(patient, page="2")["trend"].table
    assert [row.nrs for row in second_page] == [7, 8]
    assert second_page[0].source == "Clinician"


def test_hundreds_of_sessions_without_a_pain_score_are_drawn_by_week():
    from datetime import UTC, datetime, timedelta

    from patients.trend_panel import nrs_series

    monday = datetime(2026, 1, 5, 10, tzinfo=UTC)
    series, aggregated = nrs_series([], [monday + timedelta(days=i) for i in range(MAX_CHART_POINTS + 1)])
    assert aggregated
    assert series.points == [] and len(series.sessions) == 43  # 301 days from a Monday: 43 weeks
    assert series.sessions[0][1].startswith("7 sessions from 5 January")
