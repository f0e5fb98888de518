import pytest
from django.db.models import F
from django.utils import timezone

from sessions_app.models import TreatmentPlan
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


def _data(**fields):
    return {
        "goal": "Pain at 3/10 or less, back to work",
        "planned_sessions": "10",
        "sessions_per_week": "2",
        "start_on": timezone.localdate().isoformat(),
        "style": "tcm",
        "rationale": "Kidney deficiency",
    } | {key: str(value) for key, value in fields.items()}


def test_a_practitioner_starts_a_plan(practitioner_client, practitioner, patient_a):
    response = practitioner_client.post(f"/patients/{patient_a.pk}/plans/new/", _data())
    assert response.status_code == 302
    plan = TreatmentPlan.objects.get()
    assert (plan.patient, plan.practitioner, plan.planned_sessions, plan.status) == (
        patient_a,
        practitioner,
        10,
        "active",
    )


@pytest.mark.parametrize(
    ("field", "value"), [("planned_sessions", 0), ("planned_sessions", 61), ("sessions_per_week", 8)]
)
def test_out_of_range_plans_are_refused(practitioner_client, patient_a, field, value):
    response = practitioner_client.post(f"/patients/{patient_a.pk}/plans/new/", _data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not TreatmentPlan.objects.exists()


def test_a_second_active_plan_is_refused_with_a_message(practitioner_client, patient_a):
    PlanFactory(patient=patient_a)
    response = practitioner_client.post(f"/patients/{patient_a.pk}/plans/new/", _data())
    assert "already has an active plan" in str(response.context["form"].non_field_errors())
    assert TreatmentPlan.objects.count() == 1


def test_a_plan_is_edited_and_completed(practitioner_client, patient_a):
    plan = PlanFactory(patient=patient_a)
    page = practitioner_client.get(f"/sessions/plans/{plan.pk}/edit/")
    assert page.status_code == 200
    data = _data(planned_sessions=12, status="completed", version=plan.version)
    assert practitioner_client.post(f"/sessions/plans/{plan.pk}/edit/", data).status_code == 302
    plan.refresh_from_db()
    assert (plan.planned_sessions, plan.status, plan.version) == (12, "completed", 2)


def test_reactivating_a_plan_beside_an_active_one_is_refused(practitioner_client, patient_a):
    old = PlanFactory(patient=patient_a, status="completed")
    PlanFactory(patient=patient_a)
    response = practitioner_client.post(f"/sessions/plans/{old.pk}/edit/", _data(status="active", version=1))
    assert response.status_code == 200
    old.refresh_from_db()
    assert old.status == "completed"


def test_a_stale_plan_edit_is_refused(practitioner_client, patient_a):
    plan = PlanFactory(patient=patient_a)
    TreatmentPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1, planned_sessions=8)
    response = practitioner_client.post(f"/sessions/plans/{plan.pk}/edit/", _data(status="active", version=1))
    assert response.status_code == 200
    assert ("Planned sessions", "8", "10") in response.context["stale"]
    plan.refresh_from_db()
    assert plan.planned_sessions == 8


def test_patients_cannot_open_plans(patient_a_client, patient_a):
    plan = PlanFactory(patient=patient_a)
    assert patient_a_client.get(f"/patients/{patient_a.pk}/plans/new/").status_code == 403
    assert patient_a_client.post(f"/sessions/plans/{plan.pk}/edit/", _data(version=1)).status_code == 403


def test_plans_of_unknown_patients_are_not_found_and_methods_are_checked(practitioner_client):
    assert practitioner_client.get("/patients/999999/plans/new/").status_code == 404
    assert practitioner_client.get("/sessions/plans/999999/edit/").status_code == 404
    assert practitioner_client.delete("/sessions/plans/999999/edit/").status_code == 405


def test_anonymous_users_sign_in_first(client, patient_a):
    response = client.get(f"/patients/{patient_a.pk}/plans/new/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
