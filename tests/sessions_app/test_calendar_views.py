"""/calendar/: the practitioner's day and week, free slots, booking from a slot."""

from datetime import timedelta

import pytest

from sessions_app.models import Appointment
from tests.factories import AppointmentFactory, PainAssessmentFactory, PatientFactory, PlanFactory, SessionFactory, at

pytestmark = pytest.mark.django_db


def test_the_day_shows_my_appointments_in_time_order_with_red_flags_pain_and_plan(
    practitioner_client, practitioner, colleague, patient_a, patient_b
):
    patient_b.rf_trauma = True
    patient_b.save()
    PainAssessmentFactory(patient=patient_a, nrs=7, assessed_at=at("2026-03-01", "10:00"))
    plan = PlanFactory(patient=patient_a, planned_sessions=10)
    SessionFactory.create_batch(2, patient=patient_a, practitioner=practitioner, plan=plan)
    late = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-03", "11:00"))
    early = AppointmentFactory(practitioner=practitioner, patient=patient_b, starts_at=at("2026-03-03", "09:00"))
    AppointmentFactory(practitioner=colleague, patient=patient_a, starts_at=at("2026-03-03", "10:00"))
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-04", "10:00"))

    response = practitioner_client.get("/calendar/?date=2026-03-03")

    assert response.status_code == 200
    [column] = response.context["columns"]
    assert [entry.pk for entry in column.appointments] == [early.pk, late.pk]
    html = response.content.decode()
    assert html.index("Bob Baker") < html.index("Alice Archer")
    assert "Red flags" in html and "7/10" in html and "Plan 2 of 10" in html


def test_free_slots_are_shown_between_appointments_and_link_to_booking(practitioner_client, practitioner, patient_a):
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-03", "09:00"))
    response = practitioner_client.get("/calendar/?date=2026-03-03")
    free = [slot.starts_at for slot in response.context["columns"][0].rows if slot.is_free]
    assert at("2026-03-03", "09:00") not in free
    assert at("2026-03-03", "08:30") in free and at("2026-03-03", "09:30") in free
    assert len(free) == 19  # 08:00–18:00 in half hours, less the booked one
    assert f"/calendar/book/?starts_at=2026-03-03T09:30&practitioner={practitioner.pk}" in response.content.decode()


def test_the_week_shows_seven_days_of_my_appointments(practitioner_client, practitioner, patient_a):
    monday = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-02", "09:00"))
    sunday = AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-08", "09:00"))
    AppointmentFactory(practitioner=practitioner, patient=patient_a, starts_at=at("2026-03-09", "09:00"))
    response = practitioner_client.get("/calendar/?date=2026-03-04&view=week")
    columns = response.context["columns"]
    assert [c.day.isoformat() for c in (columns[0], columns[-1])] == ["2026-03-02", "2026-03-08"]
    assert [a.pk for c in columns for a in c.appointments] == [monday.pk, sunday.pk]


def test_an_admin_sees_every_practitioners_column(admin_client, practitioner, colleague, patient_a):
    AppointmentFactory(practitioner=colleague, patient=patient_a, starts_at=at("2026-03-03", "09:00"))
    response = admin_client.get("/calendar/?date=2026-03-03")
    assert {c.practitioner for c in response.context["columns"]} == {practitioner, colleague}


def test_a_practitioner_cannot_open_a_colleagues_calendar(practitioner_client, colleague):
    assert practitioner_client.get(f"/calendar/?practitioner={colleague.pk}").status_code == 404


def test_a_malformed_date_shows_today(practitioner_client):
    assert practitioner_client.get("/calendar/?date=2026-02-31").status_code == 200


@pytest.mark.parametrize("view", ["", "&view=week"])
def test_the_query_count_does_not_grow_with_appointments(
    practitioner_client, practitioner, django_assert_max_num_queries, view
):
    def fill(count, day):
        for n in range(count):
            patient = PatientFactory()
            PainAssessmentFactory(patient=patient)
            PlanFactory(patient=patient)
            start = at(day, "08:00") + timedelta(minutes=30 * n)
            AppointmentFactory(practitioner=practitioner, patient=patient, starts_at=start)

    fill(1, "2026-03-03")
    with django_assert_max_num_queries(15) as few:
        practitioner_client.get(f"/calendar/?date=2026-03-03{view}")
    fill(12, "2026-03-04")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = practitioner_client.get(f"/calendar/?date=2026-03-04{view}")
    assert Appointment.objects.count() == 13
    assert response.status_code == 200


def test_a_nine_oclock_appointment_shows_at_nine_on_either_side_of_the_dst_change(
    settings, practitioner_client, practitioner, patient_a
):
    settings.TIME_ZONE = "Europe/Amsterdam"  # CET → CEST on Sunday 29 March 2026
    for day in ("2026-03-27", "2026-04-03"):
        response = practitioner_client.post(
            f"/calendar/patients/{patient_a.pk}/book/",
            {"practitioner": practitioner.pk, "starts_at": f"{day}T09:00", "duration_minutes": 30},
        )
        assert response.status_code == 302
    week = practitioner_client.get("/calendar/?date=2026-04-03&view=week").content.decode()
    before = practitioner_client.get("/calendar/?date=2026-03-27").content.decode()
    assert "09:00–09:30" in week and "09:00–09:30" in before
    utc_hours = sorted(a.starts_at.hour for a in Appointment.objects.all())
    assert utc_hours == [7, 8]


def test_the_day_of_the_change_has_its_slots_at_local_times(settings, practitioner_client):
    settings.TIME_ZONE = "Europe/Amsterdam"
    settings.CLINIC_OPENING_HOURS = {6: ("08:00", "18:00")}  # open on that Sunday
    response = practitioner_client.get("/calendar/?date=2026-03-29")
    slots = response.context["columns"][0].rows
    assert (slots[0].starts_at.hour, slots[-1].starts_at.hour, len(slots)) == (8, 17, 20)


def test_a_free_slot_offers_my_patients_and_a_search(practitioner_client, patient_a):
    other = PatientFactory(first_name="Zed", last_name="Zimmer")
    page = practitioner_client.get("/calendar/book/?starts_at=2026-03-03T09:30")
    assert patient_a in page.context["patients"] and other not in page.context["patients"]
    found = practitioner_client.get("/calendar/book/?starts_at=2026-03-03T09:30&q=zimmer")
    assert list(found.context["patients"]) == [other]
    assert f"/calendar/patients/{other.pk}/book/?starts_at=2026-03-03T09:30" in found.content.decode()


def test_a_free_slot_without_a_time_is_not_found(practitioner_client):
    assert practitioner_client.get("/calendar/book/?starts_at=soon").status_code == 404
