"""The `next` a panel or button posts back: a path on this site, else the default page; never a 500."""

import pytest

from tests.factories import FollowUpFactory

HOSTILE_NEXT = [
    "0",
    "patients:patient_list",
    "a\x00b",
    "//evil.example/x",
    "https://evil.example/",
    "/x\r\nSet-Cookie: a=b",
]


@pytest.fixture
def followup(patient_a):
    return FollowUpFactory(patient=patient_a)


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_a_follow_up_button_with_a_hostile_next_goes_back_to_the_patient(practitioner_client, followup, target):
    response = practitioner_client.post(f"/sessions/followups/{followup.pk}/complete/", {"version": 1, "next": target})
    assert response.status_code == 302
    assert response["Location"] == f"/patients/{followup.patient_id}/"
    followup.refresh_from_db()
    assert followup.status == "completed"


@pytest.mark.django_db
@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_assigning_a_questionnaire_with_a_hostile_next_goes_to_the_patient_list(
    practitioner_client, patient_a, demo_texts, target
):
    response = practitioner_client.post(
        f"/patients/{patient_a.pk}/questionnaires/assign/", {"instrument": "ndi", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/patients/"


@pytest.mark.django_db
def test_a_path_on_this_site_is_where_the_button_returns(practitioner_client, followup):
    response = practitioner_client.post(
        f"/sessions/followups/{followup.pk}/missed/", {"version": 1, "next": "/sessions/followups/?page=2"}
    )
    assert response["Location"] == "/sessions/followups/?page=2"
