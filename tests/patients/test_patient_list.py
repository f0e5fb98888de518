from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import FollowUpFactory, PainAssessmentFactory, PatientFactory, SessionFactory
from tests.query_counts import queries_for

pytestmark = pytest.mark.django_db


def _with_history(patient, baseline, latest, followup_in=None):
    now = timezone.now()
    PainAssessmentFactory(patient=patient, nrs=baseline, assessed_at=now - timedelta(days=30))
    PainAssessmentFactory(patient=patient, nrs=latest, assessed_at=now - timedelta(days=1))
    if followup_in is not None:
        FollowUpFactory(patient=patient, due_on=timezone.localdate() + timedelta(days=followup_in))
    return patient


def _names(response):
    return [p.last_name for p in response.context["page"]]


def test_each_row_shows_latest_pain_change_and_next_followup(practitioner_client):
    patient = _with_history(PatientFactory(last_name="Archer"), baseline=8, latest=4, followup_in=3)
    response = practitioner_client.get("/patients/")
    assert response.status_code == 200
    row = response.context["page"][0]
    assert (row.pk, row.latest_nrs, row.baseline_nrs) == (patient.pk, 4, 8)
    assert row.next_followup_on == timezone.localdate() + timedelta(days=3)
    html = response.content.decode()
    assert "8 → 4" in html and "-50.0 %" in html and "Substantial" in html


def test_search_matches_names_and_mrn(practitioner_client):
    alice = PatientFactory(first_name="Alice", last_name="Archer")
    PatientFactory(first_name="Bob", last_name="Baker")
    assert _names(practitioner_client.get("/patients/?q=arch")) == ["Archer"]
    assert _names(practitioner_client.get("/patients/?q=alice+archer")) == ["Archer"]
    assert _names(practitioner_client.get(f"/patients/?q={alice.mrn.lower()}")) == ["Archer"]
    assert _names(practitioner_client.get("/patients/?q=zzz")) == []


def test_filters_by_condition_region_and_pain_type(practitioner_client):
    PatientFactory(last_name="Neck", spine_region="cervical", condition="arthritis", pain_type="acute")
    PatientFactory(last_name="Back", spine_region="lumbar", condition="sciatica", pain_type="neuropathic")
    assert _names(practitioner_client.get("/patients/?spine_region=cervical")) == ["Neck"]
    assert _names(practitioner_client.get("/patients/?condition=sciatica")) == ["Back"]
    assert _names(practitioner_client.get("/patients/?pain_type=acute")) == ["Neck"]


def test_archived_patients_are_hidden_unless_asked_for(practitioner_client):
    PatientFactory(last_name="Active")
    PatientFactory(last_name="Gone", archived_at=timezone.now())
    assert _names(practitioner_client.get("/patients/")) == ["Active"]
    assert _names(practitioner_client.get("/patients/?status=archived")) == ["Gone"]
    assert _names(practitioner_client.get("/patients/?status=all")) == ["Active", "Gone"]


def test_attention_filters_find_worse_and_red_flag_patients_and_mine(practitioner_client, practitioner, colleague):
    _with_history(PatientFactory(last_name="Worse", primary_practitioner=colleague), baseline=4, latest=7)
    _with_history(PatientFactory(last_name="Better"), baseline=8, latest=3)
    PatientFactory(last_name="Flagged", rf_cancer_history=True, primary_practitioner=practitioner)
    treated = PatientFactory(last_name="Treated")
    SessionFactory(patient=treated, practitioner=practitioner)
    assert _names(practitioner_client.get("/patients/?attention=worse")) == ["Worse"]
    assert _names(practitioner_client.get("/patients/?attention=red_flags")) == ["Flagged"]
    assert _names(practitioner_client.get("/patients/?mine=on")) == ["Flagged", "Treated"]


def test_a_bad_filter_value_is_ignored_not_an_error(practitioner_client):
    PatientFactory(last_name="Active")
    response = practitioner_client.get("/patients/?condition=nonsense&page=abc")
    assert response.status_code == 200
    assert _names(response) == ["Active"]


def test_pages_of_25_keep_the_filters_in_their_links(practitioner_client):
    for number in range(30):
        PatientFactory(last_name=f"Lumbar{number:02d}", spine_region="lumbar")
    first = practitioner_client.get("/patients/?spine_region=lumbar")
    assert len(first.context["page"]) == 25
    assert "spine_region=lumbar&amp;page=2" in first.content.decode()
    assert len(practitioner_client.get("/patients/?spine_region=lumbar&page=2").context["page"]) == 5


def test_the_query_count_does_not_grow_with_the_rows(practitioner_client):
    _with_history(PatientFactory(), baseline=7, latest=5, followup_in=2)
    few = queries_for(practitioner_client, "/patients/")
    for _ in range(40):
        patient = _with_history(PatientFactory(rf_trauma=True), baseline=6, latest=7, followup_in=5)
        SessionFactory(patient=patient)
    many = queries_for(practitioner_client, "/patients/")
    assert few == many
    assert many <= 10
    assert queries_for(practitioner_client, "/patients/?q=a&attention=worse&mine=on") <= many


def test_patients_cannot_list_patients(patient_a_client):
    assert patient_a_client.get("/patients/").status_code == 403


def test_anonymous_users_sign_in_first(client):
    response = client.get("/patients/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_list_only_reads(practitioner_client):
    assert practitioner_client.post("/patients/").status_code == 405
