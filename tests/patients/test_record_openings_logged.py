"""Every opening of a record by staff is in the access log: edit pages and the admin's pages."""

import pytest
from django.contrib import admin
from django.db import models

from patients.models import AccessLog, PainAssessment, Patient
from sessions_app.models import AdverseEvent, CalendarFeed, NeedleCount
from tests.factories import (
    AppointmentFactory,
    FollowUpFactory,
    PainAssessmentFactory,
    PainRegionScoreFactory,
    PlanFactory,
    QuestionnaireFactory,
    SessionFactory,
)


def _belongs_to_a_patient(model) -> bool:
    """The patient, or a row pointing at a patient directly or through one foreign key (a session)."""
    if model is Patient:
        return True
    targets = [f.related_model for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)]
    return Patient in targets or any(
        isinstance(f, models.ForeignKey) and f.related_model is Patient
        for target in targets
        if target is not None and target._meta.app_label in {"patients", "sessions_app"}
        for f in target._meta.get_fields()
    )


# A calendar feed is a credential (its secret token), not part of the clinical record.
NOT_A_RECORD = {AccessLog, CalendarFeed}
PATIENT_MODELS = [model for model in admin.site._registry if model not in NOT_A_RECORD and _belongs_to_a_patient(model)]


@pytest.fixture
def record_of(patient_a, practitioner):
    session = SessionFactory(patient=patient_a, practitioner=practitioner)
    rows = {
        Patient: patient_a,
        session.__class__: session,
        AdverseEvent: AdverseEvent.objects.create(session=session, kind="bruising", severity="mild"),
        NeedleCount: NeedleCount.objects.create(session=session, inserted=4, removed=4),
    }
    appointment = AppointmentFactory(patient=patient_a, practitioner=practitioner)
    rows[appointment.__class__] = appointment
    for factory in (PainAssessmentFactory, FollowUpFactory, QuestionnaireFactory, PlanFactory):
        row = factory(patient=patient_a)
        rows[row.__class__] = row
    region_score = PainRegionScoreFactory(assessment=rows[PainAssessment])
    rows[region_score.__class__] = region_score
    return rows


def _entries(patient, action):
    return list(AccessLog.objects.filter(patient=patient, action=action).values_list("path", "user__username"))


def test_the_admin_covers_every_kind_of_patient_record():
    names = {model._meta.model_name for model in PATIENT_MODELS}
    assert names >= {"patient", "painassessment", "questionnaireresponse", "acupuncturesession", "adverseevent"}
    assert names >= {"followup", "treatmentplan", "painregionscore"}


@pytest.mark.django_db
@pytest.mark.parametrize("model", PATIENT_MODELS, ids=lambda m: m._meta.label)
def test_opening_a_record_in_the_admin_is_logged(admin_client, record_of, patient_a, model):
    record = record_of[model]
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{record.pk}"
    assert admin_client.get(f"{base}/change/").status_code == 200
    assert _entries(patient_a, "admin") == [(f"{base}/change/", "clinic_admin")]
    assert admin_client.get(f"{base}/history/").status_code == 200
    assert _entries(patient_a, "history") == [(f"{base}/history/", "clinic_admin")]


@pytest.mark.django_db
def test_an_old_version_opened_in_the_admin_is_logged(admin_client, patient_a):
    version = patient_a.history.earliest()
    url = f"/admin/patients/patient/{patient_a.pk}/history/{version.history_id}/"
    assert admin_client.get(url).status_code == 200
    assert _entries(patient_a, "history") == [(url, "clinic_admin")]


@pytest.mark.django_db
def test_a_missing_record_in_the_admin_logs_nothing(admin_client):
    assert admin_client.get("/admin/patients/patient/999999/change/").status_code == 302
    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_opening_the_patient_edit_page_is_logged(practitioner_client, patient_a):
    assert practitioner_client.get(f"/patients/{patient_a.pk}/edit/").status_code == 200
    assert _entries(patient_a, "edit") == [(f"/patients/{patient_a.pk}/edit/", "dr_chen")]


@pytest.mark.django_db
def test_opening_the_session_edit_page_is_logged(practitioner_client, practitioner, patient_a):
    session = SessionFactory(patient=patient_a, practitioner=practitioner)
    assert practitioner_client.get(f"/sessions/{session.pk}/edit/").status_code == 200
    assert _entries(patient_a, "edit") == [(f"/sessions/{session.pk}/edit/", "dr_chen")]


@pytest.mark.django_db
def test_opening_the_plan_edit_page_is_logged(practitioner_client, practitioner, patient_a):
    plan = PlanFactory(patient=patient_a, practitioner=practitioner)
    assert practitioner_client.get(f"/sessions/plans/{plan.pk}/edit/").status_code == 200
    assert _entries(patient_a, "edit") == [(f"/sessions/plans/{plan.pk}/edit/", "dr_chen")]


@pytest.mark.django_db
def test_a_refused_edit_page_logs_nothing(practitioner_client, colleague, patient_a):
    session = SessionFactory(patient=patient_a, practitioner=colleague)
    assert practitioner_client.get(f"/sessions/{session.pk}/edit/").status_code == 403
    assert not AccessLog.objects.exists()
