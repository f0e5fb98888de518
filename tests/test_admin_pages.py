import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import FollowUpFactory, PainAssessmentFactory, PlanFactory, QuestionnaireFactory, SessionFactory

MODELS = [model for model in admin.site._registry if model._meta.app_label in {"patients", "sessions_app"}]


@pytest.fixture
def some_records(db):
    session = SessionFactory()
    PainAssessmentFactory(patient=session.patient, session=session, source="pre_session")
    FollowUpFactory(patient=session.patient, session=session)
    QuestionnaireFactory(patient=session.patient)
    PlanFactory(patient=session.patient)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_loads_for_an_admin(admin_client, some_records, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_add_page_loads_or_is_refused_on_purpose(admin_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    expected = 403 if model._meta.model_name in {"accesslog", "calendarfeed"} else 200  # written by the app alone
    assert admin_client.get(url).status_code == expected


@pytest.mark.django_db
def test_clinical_records_cannot_be_deleted_in_the_admin(admin_client, some_records):
    session = SessionFactory()
    response = admin_client.get(f"/admin/sessions_app/acupuncturesession/{session.pk}/delete/")
    assert response.status_code == 403
    changelist = admin_client.get("/admin/sessions_app/acupuncturesession/")
    assert b"delete_selected" not in changelist.content
    assert b"archive_selected" in changelist.content


@pytest.mark.django_db
def test_the_archive_action_archives_instead_of_deleting(admin_client):
    session = SessionFactory()
    admin_client.post(
        "/admin/patients/patient/",
        {"action": "archive_selected", "_selected_action": [session.patient.pk]},
    )
    session.patient.refresh_from_db()
    assert session.patient.archived_at is not None


@pytest.mark.django_db
def test_a_practitioner_cannot_open_the_admin(practitioner_client):
    response = practitioner_client.get("/admin/")
    assert response.status_code == 302
