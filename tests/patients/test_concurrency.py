"""No lost edits: optimistic concurrency on versioned records, and archived records are read-only."""

import pytest
from django import forms
from django.utils import timezone

from patients.archive import RecordArchived, is_archived_record
from patients.concurrency import StaleEdit, VersionedFormMixin, save_versioned
from patients.models import Patient, QuestionnaireResponse
from sessions_app.models import AcupunctureSession, FollowUp
from tests.factories import FollowUpFactory, PainAssessmentFactory, PatientFactory, QuestionnaireFactory, SessionFactory


class PatientEditForm(VersionedFormMixin, forms.ModelForm):
    """What an edit page does: a ModelForm with the hidden version."""

    class Meta:
        model = Patient
        fields = ["first_name", "last_name", "phone", "chief_complaint"]


def _posted(form_data: dict, **changes) -> dict:
    return {**form_data, **changes}


def _opened(patient: Patient) -> dict:
    """The data an editor's browser posts back: the form as it was opened, version included."""
    form = PatientEditForm(instance=patient)
    return {name: form[name].value() or "" for name in form.fields}


def _save(instance, data: dict) -> PatientEditForm:
    """The view's body: validate, then save_versioned; on StaleEdit the form is re-rendered."""
    form = PatientEditForm(data, instance=instance)
    assert form.is_valid(), form.errors
    try:
        save_versioned(form.instance, expected_version=form.cleaned_data["version"], fields=form.changed_data)
    except StaleEdit as stale:
        form.refuse_stale(stale)
    return form


@pytest.fixture
def patient(db):
    return PatientFactory(first_name="Ana", last_name="Alvarez", phone="555-0100", chief_complaint="Low back pain")


def test_a_form_carries_the_version_it_was_opened_at(patient):
    assert _opened(patient)["version"] == 1


def test_the_refusal_lists_only_what_the_other_editor_changed(patient):
    # The change history holds the version Bob opened, so his own edit is not reported back to him.
    alice_opened = _opened(Patient.objects.get(pk=patient.pk))
    bob_opened = _opened(Patient.objects.get(pk=patient.pk))
    _save(Patient.objects.get(pk=patient.pk), _posted(alice_opened, last_name="Alvarez-Ruiz"))

    instance = Patient.objects.get(pk=patient.pk)
    form = PatientEditForm(_posted(bob_opened, phone="555-0333"), instance=instance)
    assert form.is_valid()
    with pytest.raises(StaleEdit) as refused:
        save_versioned(form.instance, expected_version=form.cleaned_data["version"], fields=PatientEditForm.Meta.fields)
    assert refused.value.changes == {"last name": ("Alvarez-Ruiz", "Alvarez")}


def test_stale_edit_reports_the_current_record(patient):
    Patient.objects.filter(pk=patient.pk).update(version=5, phone="555-0555")
    patient.phone = "555-0666"
    with pytest.raises(StaleEdit) as refused:
        save_versioned(patient, expected_version=1, fields=["phone"])
    assert refused.value.current.version == 5
    assert refused.value.changes == {"phone": ("555-0555", "555-0666")}


def test_sessions_and_questionnaires_are_guarded_too(db):
    session = SessionFactory(notes="first")
    questionnaire = QuestionnaireFactory()
    for record, field, value in [(session, "notes", "second"), (questionnaire, "answers", [1] * 10)]:
        model = type(record)
        first, second = model.objects.get(pk=record.pk), model.objects.get(pk=record.pk)
        setattr(first, field, value)
        save_versioned(first, expected_version=1, fields=[field])
        setattr(second, field, value)
        with pytest.raises(StaleEdit):
            save_versioned(second, expected_version=1, fields=[field])
    assert AcupunctureSession.objects.get().version == 2
    assert QuestionnaireResponse.objects.get().version == 2


# Archived records are read-only.


def test_an_archived_patient_cannot_be_edited(patient):
    Patient.objects.filter(pk=patient.pk).update(archived_at=timezone.now())
    instance = Patient.objects.get(pk=patient.pk)
    instance.phone = "555-0999"
    with pytest.raises(RecordArchived):
        save_versioned(instance, expected_version=1, fields=["phone"])
    patient.refresh_from_db()
    assert (patient.phone, patient.version) == ("555-0100", 1)


def test_an_archived_session_cannot_be_edited(db):
    session = SessionFactory(archived_at=timezone.now(), notes="kept")
    session.notes = "changed"
    with pytest.raises(RecordArchived):
        save_versioned(session, expected_version=1, fields=["notes"])
    assert AcupunctureSession.objects.get().notes == "kept"


def test_records_of_an_archived_patient_cannot_be_edited(patient):
    session = SessionFactory(patient=patient)
    followup = FollowUpFactory(patient=patient)
    Patient.objects.filter(pk=patient.pk).update(archived_at=timezone.now())
    for record, field in [(session, "notes"), (followup, "aftercare")]:
        fresh = type(record).objects.get(pk=record.pk)
        setattr(fresh, field, "changed")
        with pytest.raises(RecordArchived):
            save_versioned(fresh, expected_version=1, fields=[field])
    assert FollowUp.objects.get().aftercare == "Gentle walking every day."


def test_restoring_is_the_one_edit_allowed_on_an_archived_record(patient):
    Patient.objects.filter(pk=patient.pk).update(archived_at=timezone.now())
    instance = Patient.objects.get(pk=patient.pk)
    instance.archived_at = None
    save_versioned(instance, expected_version=1, fields=["archived_at"])
    patient.refresh_from_db()
    assert (patient.archived_at, patient.version) == (None, 2)


def test_restoring_cannot_smuggle_other_changes(patient):
    Patient.objects.filter(pk=patient.pk).update(archived_at=timezone.now())
    instance = Patient.objects.get(pk=patient.pk)
    instance.archived_at, instance.phone = None, "555-0999"
    with pytest.raises(RecordArchived):
        save_versioned(instance, expected_version=1, fields=["archived_at", "phone"])


def test_a_session_of_an_archived_patient_cannot_be_restored_alone(patient):
    session = SessionFactory(patient=patient, archived_at=timezone.now())
    Patient.objects.filter(pk=patient.pk).update(archived_at=timezone.now())
    fresh = AcupunctureSession.objects.get(pk=session.pk)
    fresh.archived_at = None
    with pytest.raises(RecordArchived):
        save_versioned(fresh, expected_version=1, fields=["archived_at"])


def test_archiving_an_active_record_goes_through(patient):
    instance = Patient.objects.get(pk=patient.pk)
    instance.archived_at = timezone.now()
    save_versioned(instance, expected_version=1, fields=["archived_at"])
    assert Patient.objects.get().is_archived


def test_is_archived_record_follows_patient_and_session(patient):
    session = SessionFactory(patient=patient)
    assessment = PainAssessmentFactory(patient=patient, session=session, source="pre_session")
    assert not is_archived_record(assessment)
    session.archived_at = timezone.now()
    assert is_archived_record(assessment)
    session.archived_at = None
    patient.archived_at = timezone.now()
    assert is_archived_record(session) and is_archived_record(assessment)


def test_the_refusal_names_choices_and_related_records_as_people_read_them(patient, practitioner):
    Patient.objects.filter(pk=patient.pk).update(version=2, spine_region="cervical", primary_practitioner=practitioner)
    patient.spine_region = "thoracic"
    with pytest.raises(StaleEdit) as refused:
        save_versioned(patient, expected_version=1, fields=["spine_region", "primary_practitioner"])
    assert refused.value.changes["spine region"] == ("Cervical", "Thoracic")
    assert refused.value.changes["primary practitioner"] == (practitioner, None)
