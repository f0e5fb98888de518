from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from records.outcomes import clinic_outcomes
from sessions_app.models import AdverseEvent
from tests.factories import PatientFactory, SessionFactory
from tests.trend_histories import pain_history

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _patient(practitioner, condition, region, scores, sessions, archived=False):
    patient = PatientFactory(condition=condition, spine_region=region, archived_at=timezone.now() if archived else None)
    pain_history(patient, scores, start=T0)
    made = [
        SessionFactory(patient=patient, practitioner=practitioner, started_at=T0 + timedelta(days=i))
        for i in range(sessions)
    ]
    return patient, made


@pytest.fixture
def small_clinic(practitioner):
    """Eight patients whose figures are worked out by hand in the tests below."""
    _, p1_sessions = _patient(practitioner, "herniated_disc", "lumbar", [8, 6, 4], 3)  # -4, 50 %: responder
    _patient(practitioner, "herniated_disc", "cervical", [6, 5], 7)  # -1: no
    _patient(practitioner, "sciatica", "lumbar", [5, 3], 0)  # -2, 40 %: responder
    p4, _ = _patient(practitioner, "sciatica", "lumbar", [2], 2)  # 3 -> 2 once the late baseline is in
    pain_history(p4, [3], start=T0 - timedelta(days=30))  # baseline entered out of order
    _patient(practitioner, "muscle_strain", "thoracic", [7], 1)  # one score: not evaluable
    _, p6_sessions = _patient(practitioner, "herniated_disc", "lumbar", [9, 1], 2, archived=True)  # archived: out
    _, p7_sessions = _patient(practitioner, "other", "lumbar", [10, 7], 11)  # -3, exactly 30 %: responder
    archived_session = SessionFactory(
        patient=p7_sessions[0].patient, practitioner=practitioner, archived_at=timezone.now()
    )
    _patient(practitioner, "arthritis", "sacral", [0, 0], 0)  # baseline 0: no percentage, not a responder
    AdverseEvent.objects.create(session=p1_sessions[0], kind="bruising", severity="mild")
    AdverseEvent.objects.create(session=p1_sessions[1], kind="bruising", severity="mild")
    AdverseEvent.objects.create(session=p6_sessions[0], kind="soreness", severity="moderate")
    AdverseEvent.objects.create(session=archived_session, kind="bleeding", severity="severe")  # archived: out


def _figures(rows):
    return {row.key: (row.patients, row.responders, row.responder_rate, row.mean_change) for row in rows}


@pytest.mark.django_db
def test_the_figures_match_the_hand_computed_clinic(small_clinic):
    report = clinic_outcomes()
    # Evaluable: P1 P2 P3 P4 P7 P8; responders P1 P3 P7; changes -4 -1 -2 -1 -3 0 -> mean -11/6
    assert _figures([report.overall]) == {"all": (6, 3, 50.0, -1.8)}
    assert _figures(report.by_condition) == {
        "herniated_disc": (2, 1, 50.0, -2.5),
        "sciatica": (2, 1, 50.0, -1.5),
        "other": (1, 1, 100.0, -3.0),
        "arthritis": (1, 0, 0.0, 0.0),
    }
    assert _figures(report.by_region) == {
        "cervical": (1, 0, 0.0, -1.0),
        "lumbar": (4, 3, 75.0, -2.5),
        "sacral": (1, 0, 0.0, 0.0),
    }
    assert _figures(report.by_sessions) == {
        "0": (2, 1, 50.0, -1.0),
        "1–5": (2, 1, 50.0, -2.5),
        "6–10": (1, 0, 0.0, -1.0),
        "11–20": (1, 1, 100.0, -3.0),
    }
    # Current sessions: 3 + 7 + 0 + 2 + 1 + 2 (archived patient, still performed) + 11 + 0 = 26
    assert report.sessions == 26
    assert [(e.kind, e.severity, e.count, e.per_100_sessions) for e in report.events] == [
        ("Bruising", "Mild", 2, 7.7),
        ("Soreness", "Moderate", 1, 3.8),
    ]
    assert report.events_per_100_sessions == 11.5


@pytest.mark.django_db
def test_an_empty_clinic_has_no_figures(db):
    report = clinic_outcomes()
    assert report.overall.patients == 0 and report.overall.mean_change is None
    assert report.by_condition == [] and report.events == [] and report.events_per_100_sessions is None


@pytest.mark.django_db
def test_the_page_shows_the_figures_to_admins(admin_client, small_clinic):
    response = admin_client.get("/outcomes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Herniated disc" in html and "75.0 %" in html and "7.7" in html
    assert "26 sessions; 11.5 adverse events per 100 sessions." in html


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [1, 5])
def test_the_page_runs_a_fixed_number_of_queries(admin_client, practitioner, scale, django_assert_num_queries):
    for n in range(scale * 4):
        _, sessions = _patient(practitioner, "sciatica", "lumbar", [7, 4], n % 3)
        if sessions:
            AdverseEvent.objects.create(session=sessions[0], kind="soreness", severity="mild")
    # session, user, groups, 4 grouped aggregates, session count, adverse events, pain by region (first and
    # latest map of every patient, one query), the questionnaire measures and the intake risk groups (one
    # query each), 3 to save the session
    with django_assert_num_queries(15):
        assert admin_client.get("/outcomes/").status_code == 200


@pytest.mark.django_db
def test_practitioners_and_patients_are_refused(practitioner_client, patient_a):
    assert practitioner_client.get("/outcomes/").status_code == 403
    practitioner_client.force_login(patient_a.user)
    assert practitioner_client.get("/outcomes/").status_code == 403


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in_and_post_is_refused(client, admin_user):
    assert client.get("/outcomes/")["Location"].startswith("/accounts/login/")
    client.force_login(admin_user)
    assert client.post("/outcomes/").status_code == 405
