"""The calendar's appointment cards and free slots, written in Python (sessions_app/calendar_cards.py):
the HTML the template drew (whitespace between tags aside), every name and reason escaped, the
words in the page's language."""

import re
from datetime import date

import pytest
from django.urls import set_script_prefix
from django.utils import timezone

from sessions_app import agenda
from sessions_app.calendar_cards import Cards
from sessions_app.models import Appointment, Location, TreatmentPlan
from tests.factories import (
    AppointmentFactory,
    PainAssessmentFactory,
    PatientFactory,
    PlanFactory,
    SessionFactory,
    at,
)

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def card(html: str, appointment: Appointment) -> str:
    """The appointment's card on the page, whitespace runs as one space, the CSRF token masked."""
    found = re.search(rf'<div class="appointment[^"]*" id="appointment-{appointment.pk}">.*?\n</div>\n', html, re.S)
    assert found, f"no card for appointment {appointment.pk}"
    return CSRF.sub('name="csrfmiddlewaretoken" value="X"', re.sub(r"\s+", " ", found.group(0)).strip())


@pytest.fixture
def booked(practitioner, patient_b):
    """Bob Baker at 09:00: red flags, a room, a last pain score of 7 and 2 of 10 planned sessions done."""
    patient_b.rf_trauma = True
    patient_b.save()
    PainAssessmentFactory(patient=patient_b, nrs=7, assessed_at=at("2026-03-01", "10:00"))
    plan = PlanFactory(patient=patient_b, planned_sessions=10)
    SessionFactory.create_batch(2, patient=patient_b, practitioner=practitioner, plan=plan)
    room = Location.objects.create(name="Room 2")
    return AppointmentFactory(
        practitioner=practitioner, patient=patient_b, location=room, starts_at=at("2026-03-03", "09:00")
    )


def test_a_booked_card_is_the_one_the_template_drew(practitioner_client, booked):
    a, p = booked.pk, booked.patient_id
    expected = (
        f'<div class="appointment appointment-booked border rounded p-2 mb-2" id="appointment-{a}"> '
        '<div class="d-flex flex-wrap justify-content-between gap-2"> <div> '
        '<strong class="fs-5">09:00–09:30</strong> '
        f'<a class="ms-1" href="/patients/{p}/">Bob Baker</a> '
        '<span class="badge text-bg-danger">Red flags</span> '
        '<span class="badge text-bg-light border">Booked</span> </div> '
        '<div class="small text-body-secondary"> Room 2 · Last pain: 7/10 · Plan 2 of 10 </div> </div> '
        '<div class="d-flex flex-wrap gap-1 mt-2"> '
        f'<a class="btn btn-primary btn-sm" href="/patients/{p}/sessions/new/?appointment={a}">Start visit</a> '
        f'<form method="post" action="/calendar/appointments/{a}/arrived/">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="X"><input type="hidden" name="version" value="1">'
        '<button class="btn btn-outline-success btn-sm" type="submit">Arrived</button></form> '
        f'<form method="post" action="/calendar/appointments/{a}/no-show/">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="X"><input type="hidden" name="version" value="1">'
        '<button class="btn btn-outline-warning btn-sm" type="submit">No-show</button></form> '
        f'<a class="btn btn-outline-secondary btn-sm" href="/calendar/appointments/{a}/">Move or cancel</a> '
        "</div> </div>"
    )
    day = practitioner_client.get("/calendar/?date=2026-03-03").content.decode()
    week = practitioner_client.get("/calendar/?date=2026-03-03&view=week").content.decode()
    assert card(day, booked) == expected
    assert card(week, booked) == expected


def test_an_admin_sees_no_start_button_on_a_colleagues_card(admin_client, booked):
    html = card(admin_client.get("/calendar/?date=2026-03-03").content.decode(), booked)
    assert "Start visit" not in html and "Arrived</button>" in html


def test_a_visit_links_its_record_and_its_own_practitioner_the_timer(client_for, practitioner, patient_a):
    session = SessionFactory(patient=patient_a, practitioner=practitioner, started_at=at("2026-03-03", "09:00"))
    done = AppointmentFactory(
        practitioner=practitioner, patient=patient_a, status=Appointment.Status.COMPLETED, session=session
    )
    record = f'<div class="small mt-1"><a href="/sessions/{session.pk}/">Visit record</a>'
    timer = f' · <a href="/calendar/visits/{session.pk}/">Needles and timer</a></div>'
    mine = card(client_for("practitioner").get("/calendar/?date=2026-03-03").content.decode(), done)
    assert mine.endswith(f"{record}{timer} </div>")
    assert "Last pain: —" in mine and "Plan" not in mine and "<form" not in mine  # no score, no plan, closed
    theirs = card(client_for("admin").get("/calendar/?date=2026-03-03").content.decode(), done)
    assert theirs.endswith(f"{record}</div> </div>")


def test_names_rooms_and_reasons_are_escaped_on_the_day_and_the_week(practitioner_client, practitioner):
    hostile = '<script>alert("x")</script>'
    patient = PatientFactory(first_name=hostile, last_name="O'Hara & Co")
    room = Location.objects.create(name=f"<b>{hostile}</b>")
    cancelled = AppointmentFactory(
        practitioner=practitioner, patient=patient, location=room, status=Appointment.Status.CANCELLED,
        cancel_reason=hostile, starts_at=at("2026-03-03", "10:00"),
    )  # fmt: skip
    for url in ("/calendar/?date=2026-03-03", "/calendar/?date=2026-03-03&view=week"):
        html = card(practitioner_client.get(url).content.decode(), cancelled)
        assert "<script>" not in html and "<b>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Hara &amp; Co</a>" in html
        assert "&lt;b&gt;&lt;script&gt;" in html
        assert 'appointment-cancelled border rounded p-2 mb-2 text-body-secondary"' in html
        assert '<div class="small">Cancelled: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</div>' in html


def test_free_slots_book_the_chosen_patient(practitioner_client, practitioner, patient_a):
    html = practitioner_client.get(f"/calendar/?date=2026-03-03&patient={patient_a.pk}").content.decode()
    assert (
        '<a class="free-slot d-block border border-dashed rounded px-2 py-1 mb-2 text-decoration-none" '
        f'href="/calendar/patients/{patient_a.pk}/book/?starts_at=2026-03-03T08:00&practitioner={practitioner.pk}">'
        '08:00 <span class="small">free: book</span></a>'
    ) in html


def test_the_cards_speak_german(practitioner_client, booked):
    day = practitioner_client.get("/calendar/?date=2026-03-03", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    html = card(day, booked)
    for words in ("Warnsignale", "Letzter Schmerzwert: 7/10", "Plan 2 von 10", "Besuch beginnen", "Eingetroffen"):
        assert words in html
    assert "frei: buchen" in day
    week = practitioner_client.get("/calendar/?date=2026-03-04&view=week", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Keine Termine." in week


def test_the_plan_is_the_active_ones_and_counts_its_current_sessions(practitioner_client, practitioner, patient_a):
    old = PlanFactory(patient=patient_a, planned_sessions=5, status=TreatmentPlan.Status.COMPLETED)
    SessionFactory(patient=patient_a, practitioner=practitioner, plan=old)
    plan = PlanFactory(patient=patient_a, planned_sessions=8)
    SessionFactory.create_batch(3, patient=patient_a, practitioner=practitioner, plan=plan)
    SessionFactory(patient=patient_a, practitioner=practitioner, plan=plan, archived_at=timezone.now())  # in error
    PainAssessmentFactory(patient=patient_a, nrs=4, assessed_at=at("2026-03-01", "10:00"))
    PainAssessmentFactory(patient=patient_a, nrs=1, assessed_at=at("2026-03-02", "10:00"), source="post_session")
    appointment = AppointmentFactory(practitioner=practitioner, patient=patient_a)
    html = card(practitioner_client.get("/calendar/?date=2026-03-03").content.decode(), appointment)
    assert "Last pain: 4/10 · Plan 3 of 8 </div>" in html  # the last status score; the course in progress


def test_the_links_follow_the_sites_prefix(rf, practitioner, booked):
    """Links are reversed once per process and prefix: a clinic served under /clinic/ links there."""
    [entry] = agenda.day_columns([practitioner], date(2026, 3, 3))[0].appointments
    plain = Cards(rf.get("/"), own=practitioner).card(entry)
    set_script_prefix("/clinic/")
    try:
        prefixed = Cards(rf.get("/"), own=practitioner).card(entry)
    finally:
        set_script_prefix("/")
    assert f'href="/patients/{booked.patient_id}/"' in plain
    assert f'href="/clinic/patients/{booked.patient_id}/"' in prefixed
    assert f'action="/clinic/calendar/appointments/{booked.pk}/arrived/"' in prefixed
