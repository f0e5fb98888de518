import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from patients.models import AccessLog, PainAssessment, QuestionnaireResponse
from sessions_app.models import Acupoint, AcupunctureSession, SessionPoint
from tests.factories import PainAssessmentFactory, QuestionnaireFactory, SessionFactory
from tests.trend_histories import long_history

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def record(patient_a, practitioner):
    session = SessionFactory(patient=patient_a, practitioner=practitioner, started_at=T0, duration_minutes=35)
    SessionPoint.objects.create(session=session, acupoint=Acupoint.objects.get(code="BL23"), side="bilateral")
    PainAssessmentFactory(patient=patient_a, session=session, source="pre_session", nrs=7, assessed_at=T0)
    PainAssessmentFactory(patient=patient_a, session=session, source="post_session", nrs=5, assessed_at=session.ends_at)
    PainAssessmentFactory(patient=patient_a, source="self_report", nrs=4, assessed_at=T0 + timedelta(days=2))
    QuestionnaireFactory(
        patient=patient_a, instrument="odi", answers=[3, 3, 3, 3, 3, 3, 3, None, 3, 2], completed_at=T0
    )
    return patient_a


@pytest.mark.django_db
def test_the_csv_round_trips_every_number(practitioner_client, record):
    response = practitioner_client.get(f"/patients/{record.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="patient-{record.pk}.csv"'
    rows = _rows(response)
    pain = [r for r in rows if r["record"] == "pain"]
    stored = list(PainAssessment.objects.filter(patient=record).order_by("assessed_at", "pk"))
    assert [(int(r["id"]), int(r["nrs"]), r["source"]) for r in pain] == [(a.pk, a.nrs, a.source) for a in stored]
    assert [datetime.fromisoformat(r["date"]) for r in pain] == [a.assessed_at for a in stored]
    questionnaire = next(r for r in rows if r["record"] == "questionnaire")
    assert float(questionnaire["score"]) == QuestionnaireResponse.objects.get().score == 57.8
    session_row = next(r for r in rows if r["record"] == "session")
    session = AcupunctureSession.objects.get()
    assert int(session_row["duration_minutes"]) == 35
    assert datetime.fromisoformat(session_row["date"]) == session.started_at
    assert session_row["points"] == "BL23:bilateral"
    assert session_row["practitioner"] == "Lin Chen"
    assert int(pain[0]["session_id"]) == session.pk


@pytest.mark.django_db
def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(practitioner_client, patient_a, practitioner):
    practitioner.user.first_name = "=HYPERLINK(1)"
    practitioner.user.save()
    SessionFactory(patient=patient_a, practitioner=practitioner, started_at=T0)
    row = next(
        r for r in _rows(practitioner_client.get(f"/patients/{patient_a.pk}/export.csv")) if r["record"] == "session"
    )
    assert row["practitioner"].startswith("'=")


@pytest.mark.django_db
def test_the_patient_downloads_only_their_own_csv(patient_a_client, record, patient_b):
    long_history(patient_b, 5)
    rows = _rows(patient_a_client.get("/me/export.csv"))
    own = set(PainAssessment.objects.filter(patient=record).values_list("pk", flat=True))
    assert {int(r["id"]) for r in rows if r["record"] == "pain"} == own


@pytest.mark.django_db
def test_the_staff_export_is_logged(admin_client, admin_user, record):
    admin_client.get(f"/patients/{record.pk}/export.csv")
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action) == (admin_user, "export_csv")


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, patient_a):
    assert client.get(f"/patients/{patient_a.pk}/export.csv")["Location"].startswith("/accounts/login/")
    assert client.get("/me/export.csv")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_staff_refusals(practitioner_client, patient_a):
    assert practitioner_client.post(f"/patients/{patient_a.pk}/export.csv").status_code == 405
    assert practitioner_client.get("/patients/999999/export.csv").status_code == 404
    assert practitioner_client.get("/me/export.csv").status_code == 403


@pytest.mark.django_db
def test_patient_refusals(patient_a_client, patient_b):
    assert patient_a_client.get(f"/patients/{patient_b.pk}/export.csv").status_code == 403
    assert patient_a_client.post("/me/export.csv").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 1000])
def test_the_query_count_does_not_grow(practitioner_client, record, count, django_assert_num_queries):
    long_history(record, count)
    # session, user, staff roles, patient, access log, 5 for the rows, 3 to save the session
    with django_assert_num_queries(13):
        response = practitioner_client.get(f"/patients/{record.pk}/export.csv")
    assert len(_rows(response)) == count + 5
