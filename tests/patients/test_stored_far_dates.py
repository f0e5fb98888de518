"""Records stored before the date rules (a follow-up due 9999-12-31, a pain score of 0001-01-01)
still export: FHIR and CSV never fail on a stored date, and the access log has only what was sent."""

from datetime import UTC, date, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle

from patients.models import AccessLog, PainAssessment
from sessions_app.models import FollowUp

pytestmark = pytest.mark.django_db

YEAR_ONE = datetime(1, 1, 1, tzinfo=UTC)
ZONES = ["UTC", "America/New_York", "Pacific/Auckland"]  # west of Greenwich, year 1 has no local time


def _kinds(response) -> list[str]:
    return [entry.resource.get_resource_type() for entry in Bundle.model_validate_json(response.content).entry]


@pytest.fixture
def far_followup(patient_a):
    return FollowUp.objects.create(patient=patient_a, due_on=date(9999, 12, 31), aftercare="Rest.")


@pytest.fixture
def ancient_score(patient_a):
    return PainAssessment.objects.create(patient=patient_a, nrs=5, source="clinician", assessed_at=YEAR_ONE)


@pytest.mark.parametrize("zone", ZONES)
def test_a_follow_up_due_9999_12_31_still_exports_as_fhir(practitioner_client, patient_a, far_followup, settings, zone):
    settings.TIME_ZONE = zone
    response = practitioner_client.get(f"/patients/{patient_a.pk}/fhir/")
    assert response.status_code == 200
    assert "Appointment" in _kinds(response)
    appointment = next(
        e["resource"] for e in response.json()["entry"] if e["resource"]["resourceType"] == "Appointment"
    )
    assert appointment["start"].startswith("9999-12-31T00:00:00")
    assert appointment["end"].startswith("9999-12-31T23:59:59")
    assert AccessLog.objects.filter(patient=patient_a, action="export_fhir").count() == 1


def test_the_patient_downloads_their_fhir_record_with_a_far_follow_up(patient_a_client, patient_a, far_followup):
    response = patient_a_client.get("/me/fhir/")
    assert response.status_code == 200
    assert "Appointment" in _kinds(response)


@pytest.mark.parametrize("zone", ZONES)
def test_a_pain_score_dated_year_one_still_exports(practitioner_client, patient_a, ancient_score, settings, zone):
    settings.TIME_ZONE = zone
    fhir = practitioner_client.get(f"/patients/{patient_a.pk}/fhir/")
    assert fhir.status_code == 200
    assert "Observation" in _kinds(fhir)
    csv = practitioner_client.get(f"/patients/{patient_a.pk}/export.csv")
    assert csv.status_code == 200
    assert f"pain,{ancient_score.pk},0001-01-01T" in csv.content.decode()


@pytest.mark.parametrize(("url", "back"), [("/patients/{pk}/fhir/", "/patients/{pk}/"), ("/me/fhir/", "/me/")])
def test_an_export_that_cannot_be_built_is_neither_sent_nor_logged(client_for, patient_a, monkeypatch, url, back):
    def broken(*args, **kwargs):
        raise ValueError("a stored value FHIR cannot carry")

    monkeypatch.setattr("interop.views.bundle_json", broken)
    persona = "patient_a" if url.startswith("/me/") else "practitioner"
    response = client_for(persona).get(url.format(pk=patient_a.pk), follow=True)
    assert response.redirect_chain == [(back.format(pk=patient_a.pk), 302)]
    assert "The export could not be built" in [str(m) for m in response.context["messages"]][0]
    assert not AccessLog.objects.filter(action="export_fhir").exists()


# West of Greenwich a year-1 moment has no local time at all, and Django's `date` filter fails on it
# in the pages' tables: not yet handled (such a score can no longer be entered; see patients.dates).
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
def test_a_pain_score_dated_year_one_still_opens_the_record_and_the_portal(
    practitioner_client, client_for, patient_a, ancient_score, settings, zone
):
    settings.TIME_ZONE = zone
    assert practitioner_client.get(f"/patients/{patient_a.pk}/").status_code == 200
    assert client_for("patient_a").get("/me/").status_code == 200
