"""Needle safety in the room: needles counted from the points, the retention timer, closing the visit."""

import pytest
from django.db import IntegrityError, transaction

from sessions_app.models import AdverseEvent, NeedleCount
from tests.factories import SessionFactory, add_points, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(practitioner, patient_a):
    session = SessionFactory(
        patient=patient_a, practitioner=practitioner, started_at=at("2026-03-03", "09:00"), retention_minutes=25
    )
    add_points(session, [("BL23", "bilateral"), ("GV4", "midline"), ("BL40", "left")])
    return session


def test_the_room_shows_the_needles_in_and_when_they_come_out(practitioner_client, visit):
    response = practitioner_client.get(f"/calendar/visits/{visit.pk}/")
    assert response.context["inserted"] == 4  # BL23 both sides, GV4, BL40 left
    html = response.content.decode()
    assert 'id="needles-inserted">4<' in html
    assert "Needles out at 09:25" in html and 'data-ends-at="2026-03-03T09:25:00' in html


def test_a_matching_count_closes_the_visit(practitioner_client, visit):
    response = practitioner_client.post(f"/calendar/visits/{visit.pk}/", {"removed": 4, "note": "", "severity": "mild"})
    assert response.status_code == 302
    count = NeedleCount.objects.get(session=visit)
    assert (count.inserted, count.removed, count.matches) == (4, 4, True)
    assert not AdverseEvent.objects.filter(session=visit).exists()
    assert "4 of 4 needles removed." in practitioner_client.get(f"/calendar/visits/{visit.pk}/").content.decode()


def test_a_mismatch_cannot_be_saved_without_saying_what_happened(practitioner_client, visit):
    response = practitioner_client.post(
        f"/calendar/visits/{visit.pk}/", {"removed": 3, "note": " ", "severity": "mild"}
    )
    assert response.status_code == 200
    assert "4 needles went in and 3 came out" in " ".join(response.context["form"].errors["note"])
    assert not NeedleCount.objects.exists() and not AdverseEvent.objects.exists()


def test_an_explained_mismatch_is_recorded_as_an_adverse_event(practitioner_client, visit):
    data = {"removed": 3, "note": "BL40 needle found on the couch", "severity": "moderate"}
    assert practitioner_client.post(f"/calendar/visits/{visit.pk}/", data).status_code == 302
    event = AdverseEvent.objects.get(session=visit)
    assert (event.kind, event.severity) == ("other", "moderate")
    assert "4 inserted, 3 removed" in event.notes and "couch" in event.notes


def test_the_count_is_confirmed_once(practitioner_client, visit):
    practitioner_client.post(f"/calendar/visits/{visit.pk}/", {"removed": 4, "note": "", "severity": "mild"})
    practitioner_client.post(f"/calendar/visits/{visit.pk}/", {"removed": 2, "note": "x", "severity": "mild"})
    assert NeedleCount.objects.get().removed == 4


def test_the_database_refuses_an_unexplained_mismatch(visit):
    with pytest.raises(IntegrityError), transaction.atomic():
        NeedleCount.objects.create(session=visit, inserted=4, removed=3, note="")


def test_only_the_sessions_practitioner_runs_the_room(client_for, visit, colleague):
    other = SessionFactory(practitioner=colleague)
    assert client_for("practitioner").get(f"/calendar/visits/{other.pk}/").status_code == 403
