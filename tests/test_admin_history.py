"""Admin: every clinical record's history is viewable and comparable; admin edits cannot lose edits."""

import pytest
from django.contrib import admin
from django.utils import timezone

from patients.concurrency import StaleEdit, save_versioned
from patients.models import Patient
from sessions_app.models import AcupunctureSession, AdverseEvent, PointPrescription
from tests.factories import (
    FollowUpFactory,
    PainAssessmentFactory,
    PainRegionScoreFactory,
    PatientFactory,
    PlanFactory,
    QuestionnaireFactory,
    SessionFactory,
)
from tests.html_forms import form_data

HISTORY_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"patients", "sessions_app"} and hasattr(model, "history")
]


@pytest.fixture
def one_of_each(db, demo_texts):
    session = SessionFactory()
    assessment = PainAssessmentFactory(patient=session.patient, session=session, source="pre_session")
    return {
        "patient": session.patient,
        "acupuncturesession": session,
        "painassessment": assessment,
        "painregionscore": PainRegionScoreFactory(assessment=assessment),
        "followup": FollowUpFactory(patient=session.patient, session=session),
        "questionnaireresponse": QuestionnaireFactory(patient=session.patient),
        "treatmentplan": PlanFactory(patient=session.patient),
        "practitioner": session.practitioner,
        "adverseevent": AdverseEvent.objects.create(session=session, kind="bruising", severity="mild"),
        "pointprescription": PointPrescription.objects.create(practitioner=session.practitioner, name="Lumbar"),
        "instrumenttext": demo_texts["odi"],
        **_calendar_records(session),
    }


def _calendar_records(session) -> dict:
    from sessions_app import booking
    from sessions_app.models import Location, NeedleCount
    from tests.factories import AppointmentFactory

    appointment = AppointmentFactory(patient=session.patient, practitioner=session.practitioner)
    return {
        "location": Location.objects.create(name="Room 2"),
        "appointment": appointment,
        "calendarfeed": booking.calendar_feed_issue(practitioner=session.practitioner),
        "needlecount": NeedleCount.objects.create(session=session, inserted=2, removed=2),
    }


def test_every_clinical_model_keeps_a_history():
    tracked = {model._meta.model_name for model in HISTORY_MODELS}
    assert tracked >= {
        "patient",
        "painassessment",
        "painregionscore",
        "questionnaireresponse",
        "acupuncturesession",
        "adverseevent",
        "followup",
        "treatmentplan",
        "practitioner",
    }


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m._meta.label)
def test_every_history_page_loads_for_an_admin(admin_client, one_of_each, model):
    record = one_of_each[model._meta.model_name]
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{record.pk}/history/"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b'id="change-history"' in response.content


def _admin_save(client, url: str, **changes):
    page = client.get(url)
    data = form_data(page.content, "patient_form")
    for name, value in changes.items():
        data[name] = [value]
    return client.post(url, data), data


@pytest.mark.django_db
def test_the_history_shows_who_changed_what_and_when(admin_client, admin_user, patient_a):
    url = f"/admin/patients/patient/{patient_a.pk}/change/"
    response, _ = _admin_save(admin_client, url, phone="555-0142", chief_complaint="Neck pain at night")
    assert response.status_code == 302
    history = admin_client.get(f"/admin/patients/patient/{patient_a.pk}/history/")
    text = history.content.decode()
    assert "clinic_admin" in text  # who
    assert str(timezone.localdate().year) in text  # when
    assert "<strong>Phone:</strong>  &nbsp;&rarr;&nbsp; 555-0142" in text  # what: old → new
    assert "<strong>Chief complaint:</strong>" in text and "Neck pain at night" in text
    latest = patient_a.history.first()
    assert latest.history_user == admin_user
    assert latest.history_type == "~"


@pytest.mark.django_db
def test_an_old_version_can_be_opened_but_not_reverted(admin_client, patient_a):
    _admin_save(admin_client, f"/admin/patients/patient/{patient_a.pk}/change/", phone="555-0142")
    first = patient_a.history.last()
    url = f"/admin/patients/patient/{patient_a.pk}/history/{first.history_id}/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b"Revert" not in page.content
    assert admin_client.post(url, form_data(page.content)).status_code == 403
    patient_a.refresh_from_db()
    assert patient_a.phone == "555-0142"


# The admin is one more editor: its saves are guarded and move the version on.


@pytest.mark.django_db
def test_an_admin_save_moves_the_version_so_an_open_practitioner_form_is_refused(admin_client, patient_a):
    practitioner_copy = Patient.objects.get(pk=patient_a.pk)  # a practitioner opened the edit form
    _admin_save(admin_client, f"/admin/patients/patient/{patient_a.pk}/change/", phone="555-0142")
    assert Patient.objects.get(pk=patient_a.pk).version == 2
    practitioner_copy.phone = "555-0999"
    with pytest.raises(StaleEdit):
        save_versioned(practitioner_copy, expected_version=1, fields=["phone"])
    assert Patient.objects.get(pk=patient_a.pk).phone == "555-0142"


@pytest.mark.django_db
def test_an_admin_form_opened_before_another_save_is_refused_with_the_changes(admin_client, patient_a):
    url = f"/admin/patients/patient/{patient_a.pk}/change/"
    stale_data = form_data(admin_client.get(url).content, "patient_form")
    instance = Patient.objects.get(pk=patient_a.pk)
    instance.phone = "555-0111"
    save_versioned(instance, expected_version=1, fields=["phone"])  # someone else saves first

    stale_data["phone"] = ["555-0222"]
    response = admin_client.post(url, stale_data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved this record while you were editing it" in text
    assert "phone: now “555-0111” (yours: “555-0222”)" in text
    assert 'value="555-0222"' in text  # the admin's own value is kept in the form
    patient_a.refresh_from_db()
    assert (patient_a.phone, patient_a.version) == ("555-0111", 2)

    again = admin_client.post(url, form_data(response.content, "patient_form"))  # saving again, on purpose
    assert again.status_code == 302
    patient_a.refresh_from_db()
    assert (patient_a.phone, patient_a.version) == ("555-0222", 3)


@pytest.mark.django_db
def test_archived_records_are_read_only_in_the_admin(admin_client, patient_a):
    session = SessionFactory(patient=patient_a)
    url = f"/admin/patients/patient/{patient_a.pk}/change/"
    data = form_data(admin_client.get(url).content, "patient_form")
    Patient.objects.filter(pk=patient_a.pk).update(archived_at=timezone.now())

    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="phone"' not in page.content  # shown, not editable
    data["phone"] = ["555-0999"]
    assert admin_client.post(url, data).status_code == 403
    session_page = admin_client.get(f"/admin/sessions_app/acupuncturesession/{session.pk}/change/")
    assert b'name="notes"' not in session_page.content  # a session of an archived patient too
    patient_a.refresh_from_db()
    assert patient_a.phone != "555-0999"


@pytest.mark.django_db
def test_archive_and_restore_actions_move_the_version(admin_client):
    patient = PatientFactory()
    session = SessionFactory(patient=patient)
    admin_client.post("/admin/patients/patient/", {"action": "archive_selected", "_selected_action": [patient.pk]})
    patient.refresh_from_db()
    assert patient.is_archived and patient.version == 2
    admin_client.post("/admin/patients/patient/", {"action": "restore_selected", "_selected_action": [patient.pk]})
    patient.refresh_from_db()
    assert not patient.is_archived and patient.version == 3
    admin_client.post(
        "/admin/sessions_app/acupuncturesession/",
        {"action": "archive_selected", "_selected_action": [session.pk]},
    )
    assert AcupunctureSession.objects.get().version == 2
