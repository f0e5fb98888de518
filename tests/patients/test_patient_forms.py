import pytest
from django.db.models import F
from django.utils import timezone

from patients.models import PainAssessment, Patient
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def _data(**fields):
    return {
        "first_name": "Carla",
        "last_name": "Diaz",
        "date_of_birth": "1971-03-02",
        "sex": "female",
        "email": "carla@mail.example",
        "phone": "+1 555 0100",
        "primary_practitioner": "",
        "chief_complaint": "Low back pain into the left leg",
        "spine_region": "lumbar",
        "pain_type": "chronic",
        "condition": "sciatica",
        "onset_date": "2023-09-01",
        "co_physiotherapy": "on",
        "co_treatment_notes": "Ibuprofen as needed",
        "rf_trauma": "on",
    } | {key: str(value) for key, value in fields.items()}


def _edit_data(patient, **fields):
    return _data(version=patient.version, **fields)


def test_registering_a_patient_with_intake_and_baseline_pain(practitioner_client, practitioner):
    response = practitioner_client.post("/patients/new/", _data(primary_practitioner=practitioner.pk, baseline_nrs=7))
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert response.url == f"/patients/{patient.pk}/"
    assert (patient.condition, patient.spine_region, patient.co_physiotherapy, patient.rf_trauma) == (
        "sciatica",
        "lumbar",
        True,
        True,
    )
    assert patient.primary_practitioner == practitioner
    assert len(patient.mrn) == 8
    baseline = PainAssessment.objects.get()
    assert (baseline.patient, baseline.nrs, baseline.source) == (patient, 7, "clinician")


def test_the_form_defaults_to_me_as_primary_practitioner(practitioner_client, practitioner):
    response = practitioner_client.get("/patients/new/")
    assert response.context["form"].initial["primary_practitioner"] == practitioner


@pytest.mark.parametrize(
    ("field", "value"),
    [("date_of_birth", "2999-01-01"), ("onset_date", "1960-01-01"), ("spine_region", "knee"), ("baseline_nrs", 11)],
)
def test_bad_intake_is_refused_and_nothing_saved(practitioner_client, field, value):
    response = practitioner_client.post("/patients/new/", _data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Patient.objects.exists() and not PainAssessment.objects.exists()


def test_editing_a_patient_bumps_the_version(practitioner_client, patient_a):
    response = practitioner_client.post(f"/patients/{patient_a.pk}/edit/", _edit_data(patient_a, phone="+1 555 0199"))
    assert response.status_code == 302
    patient_a.refresh_from_db()
    assert (patient_a.phone, patient_a.version, patient_a.last_name) == ("+1 555 0199", 2, "Diaz")


def test_a_stale_patient_edit_says_what_the_other_person_changed(practitioner_client, patient_a):
    data = _edit_data(patient_a, spine_region="lumbar")
    Patient.objects.filter(pk=patient_a.pk).update(version=F("version") + 1, spine_region="cervical")
    response = practitioner_client.post(f"/patients/{patient_a.pk}/edit/", data)
    assert response.status_code == 200
    assert ("Spine region", "Cervical", "Lumbar") in response.context["stale"]
    html = response.content.decode()
    assert "Someone else saved this record while you were editing it" in html
    assert "What the other person changed" in html
    patient_a.refresh_from_db()
    assert (patient_a.spine_region, patient_a.first_name) == ("cervical", "Alice")


def test_bad_edits_change_nothing(practitioner_client, patient_a):
    response = practitioner_client.post(f"/patients/{patient_a.pk}/edit/", _edit_data(patient_a, first_name=""))
    assert "first_name" in response.context["form"].errors
    patient_a.refresh_from_db()
    assert (patient_a.first_name, patient_a.version) == ("Alice", 1)


def test_archive_hides_without_deleting_and_restore_brings_back(practitioner_client, patient_a):
    response = practitioner_client.post(f"/patients/{patient_a.pk}/archive/")
    assert response.status_code == 302
    patient_a.refresh_from_db()
    assert patient_a.archived_at is not None
    assert patient_a not in practitioner_client.get("/patients/").context["page"]
    edit = practitioner_client.post(f"/patients/{patient_a.pk}/edit/", _edit_data(patient_a, first_name="Zed"))
    assert edit.status_code == 302
    patient_a.refresh_from_db()
    assert patient_a.first_name == "Alice"
    practitioner_client.post(f"/patients/{patient_a.pk}/restore/")
    patient_a.refresh_from_db()
    assert patient_a.archived_at is None


def test_archive_and_restore_need_post(practitioner_client, patient_a):
    assert practitioner_client.get(f"/patients/{patient_a.pk}/archive/").status_code == 405
    assert practitioner_client.get(f"/patients/{patient_a.pk}/restore/").status_code == 405
    assert practitioner_client.put("/patients/new/").status_code == 405
    assert practitioner_client.put(f"/patients/{patient_a.pk}/edit/").status_code == 405


def test_admins_register_patients_too(admin_client):
    assert admin_client.post("/patients/new/", _data()).status_code == 302
    assert Patient.objects.count() == 1


def test_patients_cannot_register_edit_or_archive(patient_a_client, patient_a, patient_b):
    assert patient_a_client.post("/patients/new/", _data()).status_code == 403
    assert patient_a_client.post(f"/patients/{patient_a.pk}/edit/", _edit_data(patient_a)).status_code == 403
    assert patient_a_client.post(f"/patients/{patient_b.pk}/archive/").status_code == 403
    assert Patient.objects.count() == 2
    patient_b.refresh_from_db()
    assert patient_b.archived_at is None


def test_unknown_patients_are_not_found(practitioner_client):
    assert practitioner_client.get("/patients/999999/edit/").status_code == 404
    assert practitioner_client.post("/patients/999999/archive/").status_code == 404


def test_anonymous_users_sign_in_first(client):
    patient = PatientFactory()
    for url in ("/patients/new/", f"/patients/{patient.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    client.post(f"/patients/{patient.pk}/archive/")
    patient.refresh_from_db()
    assert patient.archived_at is None


def test_archived_patients_keep_their_data(practitioner_client, patient_a):
    patient_a.archived_at = timezone.now()
    patient_a.save()
    page = practitioner_client.get(f"/patients/{patient_a.pk}/")
    assert page.status_code == 200
    assert "Restore this record" in page.content.decode()
