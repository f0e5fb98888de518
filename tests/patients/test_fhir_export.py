import json
from datetime import UTC, datetime, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle

from patients.models import AccessLog
from sessions_app.models import AdverseEvent, SessionPoint
from tests.factories import FollowUpFactory, PainAssessmentFactory, QuestionnaireFactory, SessionFactory
from tests.trend_histories import long_history

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _resources(response, kind: str) -> list[dict]:
    return [e["resource"] for e in response.json()["entry"] if e["resource"]["resourceType"] == kind]


@pytest.fixture
def record(patient_a, practitioner):
    """Two sessions with points and pre/post pain, a questionnaire, a follow-up."""
    from sessions_app.models import Acupoint

    sessions = []
    for day, (pre, post) in enumerate([(8, 6), (6, 4)]):
        session = SessionFactory(patient=patient_a, practitioner=practitioner, started_at=T0 + timedelta(days=7 * day))
        SessionPoint.objects.create(session=session, acupoint=Acupoint.objects.get(code="BL23"), side="bilateral")
        SessionPoint.objects.create(session=session, acupoint=Acupoint.objects.get(code="GV4"), side="midline")
        PainAssessmentFactory(
            patient=patient_a, session=session, source="pre_session", nrs=pre, assessed_at=session.started_at
        )
        PainAssessmentFactory(
            patient=patient_a, session=session, source="post_session", nrs=post, assessed_at=session.ends_at
        )
        sessions.append(session)
    AdverseEvent.objects.create(session=sessions[0], kind="bruising", severity="mild")
    QuestionnaireFactory(patient=patient_a, instrument="odi", answers=[3] * 10, completed_at=T0)
    QuestionnaireFactory(patient=patient_a, instrument="rmdq", answers=[1] * 12 + [0] * 12, completed_at=T0)
    QuestionnaireFactory(patient=patient_a, instrument="ndi", answers=[], completed_at=None)  # assigned only
    FollowUpFactory(
        patient=patient_a, session=sessions[1], due_on=(T0 + timedelta(days=14)).date(), exercises="Cat-cow"
    )
    return patient_a


@pytest.mark.django_db
def test_the_practitioner_export_is_a_valid_fhir_collection_bundle(practitioner_client, record):
    response = practitioner_client.get(f"/patients/{record.pk}/fhir/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.type == "collection"
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("Practitioner") == 1
    assert kinds.count("Condition") == 1
    assert kinds.count("Procedure") == 2
    assert kinds.count("Observation") == 4 + 2  # four pain scores, two questionnaire totals
    assert kinds.count("Appointment") == 1
    full_urls = [e.fullUrl for e in bundle.entry]
    assert len(set(full_urls)) == len(full_urls)


@pytest.mark.django_db
def test_pain_observations_follow_the_contract(practitioner_client, record):
    response = practitioner_client.get(f"/patients/{record.pk}/fhir/")
    patient = _resources(response, "Patient")[0]
    pain = [o for o in _resources(response, "Observation") if o["code"]["coding"][0]["code"] == "72514-3"]
    assert [o["valueInteger"] for o in pain] == [8, 6, 6, 4]
    for observation in pain:
        assert observation["code"]["coding"][0]["system"] == "http://loinc.org"
        assert observation["subject"]["reference"] == f"Patient/{patient['id']}"
        assert observation["effectiveDateTime"].startswith("2026-01-")
        assert observation["partOf"][0]["reference"].startswith("Procedure/")
    assert pain[0]["method"]["text"] == "Before needling"


@pytest.mark.django_db
def test_sessions_are_completed_acupuncture_procedures_with_their_period_and_points(practitioner_client, record):
    response = practitioner_client.get(f"/patients/{record.pk}/fhir/")
    first = _resources(response, "Procedure")[0]
    assert first["status"] == "completed"
    assert first["code"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": "44868003",
        "display": "Acupuncture",
    }
    assert first["performedPeriod"] == {"start": "2026-01-05T10:00:00+00:00", "end": "2026-01-05T10:30:00+00:00"}
    assert "BL23 Shenshu (bilateral)" in first["note"][0]["text"]
    assert "GV4 Mingmen (midline)" in first["note"][0]["text"]
    practitioner = _resources(response, "Practitioner")[0]
    assert first["performer"][0]["actor"]["reference"] == f"Practitioner/{practitioner['id']}"


@pytest.mark.django_db
def test_condition_questionnaires_and_follow_ups_are_coded(practitioner_client, record):
    response = practitioner_client.get(f"/patients/{record.pk}/fhir/")
    condition = _resources(response, "Condition")[0]
    assert condition["code"]["coding"][0]["code"] == "279039007"  # lumbar: low back pain
    scores = {
        o["code"]["text"]: o["valueQuantity"] for o in _resources(response, "Observation") if "valueQuantity" in o
    }
    assert scores["Oswestry Disability Index"]["value"] == 60.0
    assert scores["Oswestry Disability Index"]["unit"] == "%"
    assert scores["Roland-Morris Disability Questionnaire"]["value"] == 12.0
    appointment = _resources(response, "Appointment")[0]
    assert appointment["status"] == "booked"
    assert appointment["start"].startswith("2026-01-19")
    assert "Cat-cow" in appointment["patientInstruction"]


@pytest.mark.django_db
def test_the_json_has_no_nulls_or_empty_arrays(practitioner_client, record, patient_b):
    for pk in (record.pk, patient_b.pk):  # patient B has no e-mail, phone or onset date
        body = practitioner_client.get(f"/patients/{pk}/fhir/").content.decode()
        assert "null" not in body and "[]" not in body and "{}" not in body


@pytest.mark.django_db
def test_python_callers_get_a_validated_bundle_model(record):
    from interop.fhir import build_bundle

    bundle = build_bundle(record, base_url="https://clinic.example/fhir/")
    assert isinstance(bundle, Bundle)
    assert bundle.entry[0].fullUrl == f"https://clinic.example/fhir/Patient/{record.pk}"


@pytest.mark.django_db
def test_an_invalid_resource_is_refused_as_it_is_built(record):
    from fhir.resources.R4B.observation import Observation
    from pydantic import ValidationError

    from interop.fhir import _checked

    with pytest.raises(ValidationError):
        _checked(Observation, {"id": "x", "status": "final", "code": {"text": "pain"}, "valueInteger": "seven"})


@pytest.mark.django_db
def test_the_export_is_logged(practitioner_client, practitioner, record):
    practitioner_client.get(f"/patients/{record.pk}/fhir/")
    assert AccessLog.objects.get().action == "export_fhir"


@pytest.mark.django_db
def test_the_patient_downloads_their_own_bundle(patient_a_client, record, patient_b):
    long_history(patient_b, 3)
    response = patient_a_client.get("/me/fhir/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = Bundle.model_validate_json(response.content)
    references = {
        o.subject.reference for o in (e.resource for e in bundle.entry) if hasattr(o, "subject") and o.subject
    }
    assert references == {f"Patient/{record.pk}"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_an_empty_record_is_still_a_valid_bundle(admin_client, patient_b):
    response = admin_client.get(f"/patients/{patient_b.pk}/fhir/")
    bundle = Bundle.model_validate_json(response.content)
    assert [e.resource.get_resource_type() for e in bundle.entry] == ["Patient", "Practitioner", "Condition"]


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, patient_a):
    assert client.get(f"/patients/{patient_a.pk}/fhir/")["Location"].startswith("/accounts/login/")
    assert client.get("/me/fhir/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_staff_refusals(practitioner_client, patient_a):
    assert practitioner_client.post(f"/patients/{patient_a.pk}/fhir/").status_code == 405
    assert practitioner_client.get("/patients/999999/fhir/").status_code == 404
    assert practitioner_client.get("/me/fhir/").status_code == 403


@pytest.mark.django_db
def test_patient_refusals(patient_a_client, patient_b):
    assert patient_a_client.get(f"/patients/{patient_b.pk}/fhir/").status_code == 403
    assert patient_a_client.post("/me/fhir/").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 1000])
def test_a_long_history_exports_with_a_fixed_query_count(practitioner_client, record, count, django_assert_num_queries):
    long_history(record, count)
    # session, user, staff roles, patient, access log, 7 for the bundle, 3 to save the session
    with django_assert_num_queries(15):
        response = practitioner_client.get(f"/patients/{record.pk}/fhir/")
    # 12 resources + the two completed questionnaires' QuestionnaireResponses (issue 11)
    assert len(json.loads(response.content)["entry"]) == 14 + count
    # Its speed is measured by `make bench` (the FHIR row), never by a timed test.


@pytest.mark.django_db
def test_every_kind_of_session_and_score_gives_valid_resources(practitioner_client, patient_a, practitioner, colleague):
    # Procedures and pain Observations are validated here, not on every export (patients/fhir.py).
    from sessions_app.models import Acupoint

    manual = SessionFactory(patient=patient_a, practitioner=practitioner, started_at=T0)  # no points
    electro = SessionFactory(
        patient=patient_a, practitioner=colleague, technique="electro", started_at=T0 + timedelta(1)
    )
    SessionPoint.objects.create(
        session=electro, acupoint=Acupoint.objects.get(code="EX-B2"), side="bilateral", vertebral_level="L4"
    )
    SessionPoint.objects.create(session=electro, acupoint=Acupoint.objects.get(code="GV4"), side="midline")
    archived = SessionFactory(patient=patient_a, practitioner=practitioner, archived_at=T0, started_at=T0)
    for nrs, source, session in [
        (0, "clinician", None),
        (10, "self_report", None),
        (7, "pre_session", manual),
        (3, "post_session", manual),
        (5, "pre_session", archived),
    ]:
        PainAssessmentFactory(patient=patient_a, nrs=nrs, source=source, session=session, assessed_at=T0)
    response = practitioner_client.get(f"/patients/{patient_a.pk}/fhir/")
    bundle = Bundle.model_validate_json(response.content)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds.count("Procedure") == 2 and kinds.count("Observation") == 5
    procedures = {p["id"]: p for p in _resources(response, "Procedure")}
    assert procedures[str(manual.pk)]["note"][0]["text"] == "Points: none recorded. Stimulation: manual."
    assert procedures[str(electro.pk)]["note"][0]["text"] == (
        "Points: EX-B2 Jiaji (bilateral, L4), GV4 Mingmen (midline). Stimulation: electroacupuncture."
    )
    part_of = [o.get("partOf") for o in _resources(response, "Observation")]
    assert part_of.count(None) == 3  # no session, and the archived session's score


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["testserver", "localhost"])
def test_the_clinics_own_systems_come_from_the_settings_not_the_host_name(client_for, patient_a, settings, host):
    settings.CLINIC_FHIR_BASE_URL = "https://fhir.clinic.example.nl/"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    for persona, url in (("practitioner", f"/patients/{patient_a.pk}/fhir/"), ("patient_a", "/me/fhir/")):
        bundle = json.loads(client_for(persona).get(url, HTTP_HOST=host).content)
        patient = bundle["entry"][0]["resource"]
        assert patient["identifier"][0]["system"] == "https://fhir.clinic.example.nl/mrn"
        assert all(entry["fullUrl"].startswith("https://fhir.clinic.example.nl/") for entry in bundle["entry"])
        assert host not in json.dumps(bundle)
