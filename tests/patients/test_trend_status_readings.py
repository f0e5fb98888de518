"""The course of the pain is measured by status readings; a post-needling score is one session's
immediate effect (CONTRACT.md "The trend"; clinical-standards.md §8.1). Every page, list, dashboard,
chart, JSON document and outcome figure must follow the same rule."""

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from patients.models import PainAssessment, Patient
from patients.trend_panel import trend_context
from patients.trends import nrs_summary
from records.outcomes import clinic_outcomes, evaluable_patients
from tests.factories import PainAssessmentFactory, PatientFactory, SessionFactory

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _visit(patient, practitioner, at, pre, post):
    session = SessionFactory(patient=patient, practitioner=practitioner, started_at=at)
    if pre is not None:
        PainAssessmentFactory(patient=patient, session=session, source="pre_session", nrs=pre, assessed_at=at)
    if post is not None:
        PainAssessmentFactory(
            patient=patient, session=session, source="post_session", nrs=post, assessed_at=session.ends_at
        )
    return session


@pytest.fixture
def needled_once(patient_a, practitioner):
    """The demo case of the issue: a clinician's 7, then a visit logged with pre 6 / post 3."""
    PainAssessmentFactory(patient=patient_a, nrs=7, source="clinician", assessed_at=T0)
    _visit(patient_a, practitioner, T0 + timedelta(days=2), pre=6, post=3)
    return patient_a


@pytest.fixture
def worse_but_relieved(patient_b, practitioner):
    """Pain worse than at baseline (5 → 7 before needling), though needling relieved it to 3."""
    PainAssessmentFactory(patient=patient_b, nrs=5, source="clinician", assessed_at=T0)
    _visit(patient_b, practitioner, T0 + timedelta(days=2), pre=7, post=3)
    return patient_b


@pytest.mark.django_db
def test_progress_json_never_takes_the_post_needling_score_as_latest(practitioner_client, needled_once):
    data = practitioner_client.get(f"/patients/{needled_once.pk}/progress.json").json()
    assert [p["source"] for p in data["points"]] == ["clinician", "pre_session", "post_session"]  # complete
    assert (data["baseline"], data["latest"], data["change"], data["percent_change"], data["responder"]) == (
        7,
        6,
        -1,
        -14.3,
        False,
    )
    assert data["immediate_effect"] == {"sessions": 1, "mean_change": -3.0}


@pytest.mark.django_db
def test_the_immediate_effect_counts_only_sessions_with_both_scores(patient_a_client, patient_a, practitioner):
    _visit(patient_a, practitioner, T0, pre=7, post=4)  # -3
    _visit(patient_a, practitioner, T0 + timedelta(days=3), pre=6, post=6)  # 0
    _visit(patient_a, practitioner, T0 + timedelta(days=6), pre=5, post=None)  # no post: not counted
    _visit(patient_a, practitioner, T0 + timedelta(days=9), pre=6, post=2)  # -4
    data = patient_a_client.get("/me/progress.json").json()
    assert data["immediate_effect"] == {"sessions": 3, "mean_change": -2.3}
    assert (data["baseline"], data["latest"]) == (7, 6)


@pytest.mark.django_db
def test_only_post_needling_scores_give_no_course(practitioner_client, patient_a, practitioner):
    _visit(patient_a, practitioner, T0, pre=None, post=2)
    data = practitioner_client.get(f"/patients/{patient_a.pk}/progress.json").json()
    assert len(data["points"]) == 1
    assert (data["baseline"], data["latest"], data["change"], data["percent_change"], data["responder"]) == (
        None,
        None,
        None,
        None,
        False,
    )
    html = practitioner_client.get(f"/patients/{patient_a.pk}/").content.decode()
    assert "not the course of the pain" in html


@pytest.mark.django_db
def test_the_record_page_tells_the_course_not_the_needling_effect(practitioner_client, needled_once):
    html = practitioner_client.get(f"/patients/{needled_once.pk}/").content.decode()
    assert "Pain fell from 7 to 6 (−14.3 %)" in html
    assert "not yet a clinically important improvement" in html
    assert "Responder" not in html and "Substantial improvement" not in html
    assert "Latest 6/10" in html
    assert "Right after needling, pain fell by 3.0 points on average (1 sessions)." in html


@pytest.mark.django_db
def test_the_patients_own_page_tells_the_same_course(patient_a_client, needled_once):
    html = patient_a_client.get("/me/").content.decode()
    assert "Pain fell from 7 to 6 (−14.3 %)" in html
    assert "Responder" not in html


@pytest.mark.django_db
def test_the_chart_draws_no_post_needling_score_on_the_course_line(patient_a, practitioner):
    PainAssessmentFactory(patient=patient_a, nrs=7, source="clinician", assessed_at=T0)
    _visit(patient_a, practitioner, T0 + timedelta(days=2), pre=6, post=3)
    _visit(patient_a, practitioner, T0 + timedelta(days=4), pre=None, post=2)  # a post score on its own
    svg = str(trend_context(patient_a)["trend"].nrs.svg)
    line = svg.split('class="line" points="')[1].split('"')[0]
    assert len(line.split()) == 2  # the clinician's 7 and the before-needling 6
    assert svg.count("<title>") and "(After needling)" not in svg.split('<g class="pairs"')[0]
    assert "6 before → 3 after needling (immediate effect)" in svg
    assert "2 after needling (no score before needling)" in svg


@pytest.mark.django_db
def test_the_list_and_dashboard_show_who_is_worse_by_the_status_readings(
    practitioner_client, needled_once, worse_but_relieved
):
    listed = practitioner_client.get("/patients/?attention=worse")
    assert [p.pk for p in listed.context["page"]] == [worse_but_relieved.pk]
    row = {p.pk: p.pain_summary for p in practitioner_client.get("/patients/").context["page"]}
    assert (row[needled_once.pk].latest, row[worse_but_relieved.pk].latest) == (6, 7)
    board = practitioner_client.get("/").context["board"]
    assert [p.pk for p in board.worse] == [worse_but_relieved.pk]


@pytest.mark.django_db
def test_outcomes_ignore_the_post_needling_score(needled_once, worse_but_relieved):
    report = clinic_outcomes()
    # 7 → 6 (-1) and 5 → 7 (+2): no responder, mean change +0.5
    assert (report.overall.patients, report.overall.responders, report.overall.mean_change) == (2, 0, 0.5)


@pytest.mark.django_db
def test_the_sql_rule_and_the_python_rule_agree_on_every_pair_of_scores(practitioner):
    """One patient per (baseline, latest) pair 0..10 × 0..10, each with a post-needling score after the
    latest that the rule must ignore: the list's and the outcomes' SQL give the trend module's answer."""
    pairs = list(itertools.product(range(11), repeat=2))
    patients = Patient.objects.bulk_create(
        PatientFactory.build(first_name=f"P{b}-{latest}", primary_practitioner=practitioner) for b, latest in pairs
    )
    rows = []
    for patient, (baseline, latest) in zip(patients, pairs, strict=True):
        rows += [
            PainAssessment(patient=patient, nrs=baseline, source="clinician", assessed_at=T0),
            PainAssessment(patient=patient, nrs=latest, source="self_report", assessed_at=T0 + timedelta(days=7)),
            PainAssessment(patient=patient, nrs=10 - latest, source="post_session", assessed_at=T0 + timedelta(days=8)),
        ]
    PainAssessment.objects.bulk_create(rows)
    expected = {p.pk: nrs_summary(b, latest) for p, (b, latest) in zip(patients, pairs, strict=True)}
    listed = {p.pk: p.pain_summary for p in Patient.objects.with_pain_summary()}
    assert listed == expected
    evaluated = {p.pk: (p.change, bool(p.responder)) for p in evaluable_patients()}
    assert evaluated == {pk: (s.change, s.responder) for pk, s in expected.items()}
