from datetime import UTC, datetime, timedelta

import pytest

from patients.models import AccessLog
from tests.factories import PainAssessmentFactory, SessionFactory
from tests.trend_histories import long_history, pain_history

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
CONTRACT_KEYS = {
    "patient",
    "points",
    "baseline",
    "latest",
    "change",
    "percent_change",
    "responder",
    "immediate_effect",
    "regions",
}


@pytest.mark.django_db
def test_a_responder_history_matches_the_contract(practitioner_client, patient_a):
    session = SessionFactory(patient=patient_a, started_at=T0)
    PainAssessmentFactory(patient=patient_a, session=session, source="pre_session", nrs=7, assessed_at=T0)
    PainAssessmentFactory(patient=patient_a, nrs=5, source="self_report", assessed_at=T0 + timedelta(days=3))
    PainAssessmentFactory(patient=patient_a, nrs=4, source="clinician", assessed_at=T0 + timedelta(days=7))
    response = practitioner_client.get(f"/patients/{patient_a.pk}/progress.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "patient": patient_a.pk,
        "points": [
            {"date": "2026-01-05T10:00:00+00:00", "nrs": 7, "source": "pre_session"},
            {"date": "2026-01-08T10:00:00+00:00", "nrs": 5, "source": "self_report"},
            {"date": "2026-01-12T10:00:00+00:00", "nrs": 4, "source": "clinician"},
        ],
        "baseline": 7,
        "latest": 4,
        "change": -3,
        "percent_change": -42.9,
        "responder": True,
        "immediate_effect": {"sessions": 0, "mean_change": None},
        "regions": {},
    }


@pytest.mark.django_db
def test_a_non_responder_history_is_not_a_responder(practitioner_client, patient_a):
    pain_history(patient_a, [7, 6, 5], start=T0)  # 28.6 % and 2 points: short of 30 %
    data = practitioner_client.get(f"/patients/{patient_a.pk}/progress.json").json()
    assert (data["baseline"], data["latest"], data["change"], data["percent_change"], data["responder"]) == (
        7,
        5,
        -2,
        -28.6,
        False,
    )


@pytest.mark.django_db
def test_scores_entered_out_of_order_come_back_oldest_first(practitioner_client, patient_a):
    PainAssessmentFactory(patient=patient_a, nrs=3, assessed_at=T0 + timedelta(days=20))
    PainAssessmentFactory(patient=patient_a, nrs=8, assessed_at=T0)  # the baseline, entered late
    PainAssessmentFactory(patient=patient_a, nrs=5, assessed_at=T0 + timedelta(days=10))
    data = practitioner_client.get(f"/patients/{patient_a.pk}/progress.json").json()
    assert [p["nrs"] for p in data["points"]] == [8, 5, 3]
    assert [p["date"][:10] for p in data["points"]] == ["2026-01-05", "2026-01-15", "2026-01-25"]
    assert (data["baseline"], data["latest"], data["change"], data["responder"]) == (8, 3, -5, True)


@pytest.mark.django_db
def test_no_data_gives_empty_points_and_null_figures(admin_client, patient_a):
    data = admin_client.get(f"/patients/{patient_a.pk}/progress.json").json()
    assert data == {
        "patient": patient_a.pk,
        "points": [],
        "baseline": None,
        "latest": None,
        "change": None,
        "percent_change": None,
        "responder": False,
        "immediate_effect": {"sessions": 0, "mean_change": None},
        "regions": {},
    }


@pytest.mark.django_db
def test_a_zero_baseline_has_no_percent_change(practitioner_client, patient_a):
    pain_history(patient_a, [0, 2], start=T0)
    data = practitioner_client.get(f"/patients/{patient_a.pk}/progress.json").json()
    assert (data["change"], data["percent_change"], data["responder"]) == (2, None, False)


@pytest.mark.django_db
def test_the_patient_gets_the_same_document_for_their_own_record(patient_a_client, patient_a, patient_b):
    pain_history(patient_a, [8, 5], start=T0)
    pain_history(patient_b, [2, 9], start=T0)
    data = patient_a_client.get("/me/progress.json").json()
    assert set(data) == CONTRACT_KEYS
    assert data["patient"] == patient_a.pk
    assert [p["nrs"] for p in data["points"]] == [8, 5]
    assert (data["baseline"], data["latest"], data["change"], data["percent_change"], data["responder"]) == (
        8,
        5,
        -3,
        -37.5,
        True,
    )


@pytest.mark.django_db
def test_the_patient_with_no_scores_gets_the_empty_document(patient_a_client):
    data = patient_a_client.get("/me/progress.json").json()
    assert data["points"] == [] and data["baseline"] is None and data["responder"] is False


@pytest.mark.django_db
def test_a_staff_read_is_written_to_the_access_log(practitioner_client, practitioner, patient_a):
    practitioner_client.get(f"/patients/{patient_a.pk}/progress.json")
    entry = AccessLog.objects.get()
    assert (entry.user, entry.patient, entry.action) == (practitioner.user, patient_a, "progress")
    assert entry.path == f"/patients/{patient_a.pk}/progress.json"


@pytest.mark.django_db
def test_the_patients_own_read_is_not_logged_as_staff_access(patient_a_client):
    patient_a_client.get("/me/progress.json")
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, patient_a):
    for url in (f"/patients/{patient_a.pk}/progress.json", "/me/progress.json"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_post_is_not_allowed(practitioner_client, patient_a):
    assert practitioner_client.post(f"/patients/{patient_a.pk}/progress.json").status_code == 405


@pytest.mark.django_db
def test_post_is_not_allowed_on_the_portal_document(patient_a_client):
    assert patient_a_client.post("/me/progress.json").status_code == 405


@pytest.mark.django_db
def test_an_unknown_patient_is_404(practitioner_client):
    assert practitioner_client.get("/patients/999999/progress.json").status_code == 404


@pytest.mark.django_db
def test_a_patient_may_not_use_the_practitioner_document_even_for_themself(patient_a_client, patient_a, patient_b):
    assert patient_a_client.get(f"/patients/{patient_a.pk}/progress.json").status_code == 403
    assert patient_a_client.get(f"/patients/{patient_b.pk}/progress.json").status_code == 403


@pytest.mark.django_db
def test_staff_have_no_portal_document(practitioner_client):
    assert practitioner_client.get("/me/progress.json").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 600])
def test_the_query_count_does_not_grow_with_the_history(
    practitioner_client, patient_a, count, django_assert_num_queries
):
    long_history(patient_a, count)
    # session, user, staff roles, patient, access log, assessments, region scores, 3 to save the session
    with django_assert_num_queries(10):
        response = practitioner_client.get(f"/patients/{patient_a.pk}/progress.json")
    assert len(response.json()["points"]) == count


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 600])
def test_the_portal_document_query_count_does_not_grow(patient_a_client, patient_a, count, django_assert_num_queries):
    long_history(patient_a, count)
    # session, user, patient (role and record), assessments, region scores, 3 to save the session
    with django_assert_num_queries(8):
        response = patient_a_client.get("/me/progress.json")
    assert len(response.json()["points"]) == count
