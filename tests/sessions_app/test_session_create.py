from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from patients.models import PainAssessment
from sessions_app.models import AcupunctureSession, AdverseEvent, FollowUp, SessionPoint
from tests.factories import PlanFactory, PractitionerFactory, PrescriptionFactory, SessionFactory, add_points
from tests.query_counts import queries_for
from tests.session_forms import EIGHT_POINTS, local_input, session_data

pytestmark = pytest.mark.django_db


def _url(patient) -> str:
    return f"/patients/{patient.pk}/sessions/new/"


def _nothing_saved() -> bool:
    return not (
        AcupunctureSession.objects.exists()
        or SessionPoint.objects.exists()
        or PainAssessment.objects.exists()
        or AdverseEvent.objects.exists()
        or FollowUp.objects.exists()
    )


def test_one_post_logs_eight_points_pain_before_and_after_an_adverse_event_and_a_followup(
    practitioner_client, practitioner, patient_a
):
    plan = PlanFactory(patient=patient_a, planned_sessions=10)
    started = timezone.now() - timedelta(minutes=45)
    data = session_data(
        points=EIGHT_POINTS,
        events=[("bruising", "mild", "Small bruise at BL40 left")],
        started_at=local_input(started),
        duration_minutes=30,
        needle_count=14,
        needle_gauge_mm="0.25",
        needle_length_mm=40,
        retention_minutes=25,
        pre_nrs=7,
        post_nrs=4,
        subjective="Worse after gardening.",
        followup_due_on=(timezone.localdate() + timedelta(days=3)).isoformat(),
        followup_aftercare="Heat pack twice a day.",
        followup_exercises="Knee-to-chest stretch.",
    )
    response = practitioner_client.post(_url(patient_a), data)

    assert response.status_code == 302
    assert response.url == f"/patients/{patient_a.pk}/"
    session = AcupunctureSession.objects.get()
    assert (session.patient, session.practitioner, session.plan) == (patient_a, practitioner, plan)
    assert (session.duration_minutes, session.needle_count, session.subjective) == (30, 14, "Worse after gardening.")
    points = {(p.acupoint.code, p.side, p.vertebral_level) for p in session.session_points.select_related("acupoint")}
    assert len(points) == 8
    assert ("GV4", "midline", "") in points and ("EX-B2", "bilateral", "L4") in points
    pain = {a.source: (a.nrs, a.session_id) for a in PainAssessment.objects.all()}
    assert pain == {"pre_session": (7, session.pk), "post_session": (4, session.pk)}
    assert PainAssessment.objects.get(source="post_session").assessed_at == session.ends_at
    event = AdverseEvent.objects.get()
    assert (event.session, event.kind, event.severity) == (session, "bruising", "mild")
    followup = FollowUp.objects.get()
    assert (followup.patient, followup.session, followup.aftercare) == (patient_a, session, "Heat pack twice a day.")
    assert followup.exercises == "Knee-to-chest stretch."


@pytest.mark.parametrize("minutes", [19, 41])
def test_it_refuses_a_session_outside_20_to_40_minutes_and_saves_nothing(practitioner_client, patient_a, minutes):
    data = session_data(duration_minutes=minutes, pre_nrs=6, followup_due_on=timezone.localdate().isoformat())
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 200
    assert "A session lasts 20 to 40 minutes." in response.context["form"].errors["duration_minutes"]
    assert b"A session lasts 20 to 40 minutes." in response.content
    assert _nothing_saved()


@pytest.mark.parametrize("field", ["pre_nrs", "post_nrs"])
def test_it_refuses_a_pain_score_of_11(practitioner_client, patient_a, field):
    response = practitioner_client.post(_url(patient_a), session_data(**{field: 11}))
    assert response.status_code == 200
    assert "Pain is scored from 0 (no pain) to 10 (worst imaginable)." in response.context["form"].errors[field]
    assert _nothing_saved()


def test_it_refuses_an_unknown_point_code_next_to_its_row(practitioner_client, patient_a):
    data = session_data(points=[("BL23", "bilateral"), ("BL68", "left")])
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 200
    row = response.context["points"].forms[1]
    assert row.errors["code"] == ["BL68 does not exist: the BL meridian has 67 points."]
    assert b'id="id_points-1-code_error"' in response.content
    assert _nothing_saved()


def test_it_refuses_a_name_that_is_no_point(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(points=[("Shenshoo", "left")]))
    assert "Unknown point" in response.context["points"].forms[0].errors["code"][0]
    assert _nothing_saved()


@pytest.mark.parametrize(
    ("point", "side", "message"),
    [
        ("GV4", "left", "GV4 is a midline point: choose midline."),
        ("BL23", "midline", "BL23 is a paired point: choose left, right or bilateral."),
        ("BL23", "", "Choose left, right or bilateral for BL23."),
    ],
)
def test_it_refuses_a_side_that_does_not_fit_the_point(practitioner_client, patient_a, point, side, message):
    response = practitioner_client.post(_url(patient_a), session_data(points=[(point, side)]))
    assert response.status_code == 200
    assert response.context["points"].forms[0].errors["side"] == [message]
    assert _nothing_saved()


def test_it_refuses_a_followup_before_the_session(practitioner_client, patient_a):
    started = timezone.now() - timedelta(hours=1)
    day_before = timezone.localtime(started).date() - timedelta(days=1)
    data = session_data(started_at=local_input(started), followup_due_on=day_before.isoformat())
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 200
    assert "The follow-up cannot be before the session" in response.context["form"].errors["followup_due_on"][0]
    assert _nothing_saved()


def test_aftercare_without_a_followup_date_is_refused_rather_than_lost(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(followup_aftercare="Rest."))
    assert "Choose the follow-up date to keep the advice." in response.context["form"].errors["followup_due_on"]
    assert _nothing_saved()


def test_an_error_keeps_every_value_entered(practitioner_client, patient_a):
    data = session_data(
        points=[("bl23 b", ""), ("Weizhong", "left"), ("BL99", "right")],
        events=[("soreness", "mild", "Sore at GB30")],
        duration_minutes=30,
        subjective="Stiff every morning",
        pre_nrs=6,
        followup_aftercare="Walk daily",
        followup_due_on=(timezone.localdate() + timedelta(days=7)).isoformat(),
    )
    response = practitioner_client.post(_url(patient_a), data)
    html = response.content.decode()
    for value in ['value="bl23 b"', 'value="Weizhong"', 'value="BL99"', "Stiff every morning", "Sore at GB30"]:
        assert value in html
    assert 'name="pre_nrs" value="6"' in html
    assert "Walk daily" in html
    assert _nothing_saved()


def test_points_can_be_typed_as_pinyin_legacy_codes_with_the_side_after_them(practitioner_client, patient_a):
    points = [
        ("Shenshu", "bilateral"),
        ("UB40 b", ""),
        ("Du4", ""),
        ("sj5 L", ""),
        ("Liv3", "right"),
        ("ex-b2 l5 b", ""),
    ]
    response = practitioner_client.post(_url(patient_a), session_data(points=points))
    assert response.status_code == 302
    stored = set(SessionPoint.objects.values_list("acupoint__code", "side", "vertebral_level"))
    assert stored == {
        ("BL23", "bilateral", ""),
        ("BL40", "bilateral", ""),
        ("GV4", "midline", ""),
        ("TE5", "left", ""),
        ("LR3", "right", ""),
        ("EX-B2", "bilateral", "L5"),
    }


def test_the_same_point_twice_is_refused(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(points=[("BL23", "left"), ("UB23", "right")]))
    assert "BL23 is entered twice: keep one row." in response.context["points"].non_form_errors()
    assert _nothing_saved()


def test_a_session_needs_at_least_one_point(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(points=[]))
    assert "Enter at least one acupoint." in response.context["points"].non_form_errors()
    assert _nothing_saved()


def test_a_frequency_on_manual_needling_is_refused_next_to_the_field(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(electro_frequency_hz="10"))
    assert response.context["form"].errors["electro_frequency_hz"] == [
        "A frequency applies to electroacupuncture only."
    ]
    assert response.context["form"].non_field_errors() == []
    assert _nothing_saved()


def test_retention_longer_than_the_session_is_refused_next_to_the_field(practitioner_client, patient_a):
    response = practitioner_client.post(_url(patient_a), session_data(duration_minutes=20, retention_minutes=30))
    assert response.context["form"].errors["retention_minutes"] == ["Retention cannot be longer than the session."]
    assert response.context["form"].non_field_errors() == []
    assert _nothing_saved()


def test_electroacupuncture_keeps_its_frequency(practitioner_client, patient_a):
    data = session_data(technique="electro", electro_frequency_hz="2", retention_minutes=20)
    assert practitioner_client.post(_url(patient_a), data).status_code == 302
    assert AcupunctureSession.objects.get().electro_frequency_hz == 2


def test_a_session_in_the_future_is_refused(practitioner_client, patient_a):
    data = session_data(started_at=local_input(timezone.now() + timedelta(hours=3)))
    response = practitioner_client.post(_url(patient_a), data)
    assert "future" in response.context["form"].errors["started_at"][0]
    assert _nothing_saved()


def test_enough_needles_gives_no_warning(practitioner_client, patient_a):
    data = session_data(points=[("BL23", "bilateral"), ("GV4", "")], needle_count=3)
    response = practitioner_client.post(_url(patient_a), data, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


@time_machine.travel(datetime(2026, 3, 2, 10, 47, 30, tzinfo=UTC), tick=False)
def test_the_form_opens_at_a_30_minute_visit_that_has_just_ended(practitioner_client, patient_a):
    # A visit is logged at its end: 10:47 - 30 minutes, rounded down to 10:15, ends before now.
    response = practitioner_client.get(_url(patient_a))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["started_at"] == datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
    assert form.initial["duration_minutes"] == 30
    assert 'type="datetime-local"' in response.content.decode()
    assert 'value="2026-03-02T10:15"' in response.content.decode()


@time_machine.travel(datetime(2026, 3, 2, 10, 47, 30, tzinfo=UTC), tick=False)
def test_the_suggested_start_allows_for_the_repeated_sessions_length(practitioner_client, patient_a):
    SessionFactory(patient=patient_a, started_at=datetime(2026, 2, 27, 9, 0, tzinfo=UTC), duration_minutes=40)
    response = practitioner_client.get(_url(patient_a) + "?repeat=last")
    assert response.context["form"].initial["started_at"] == datetime(2026, 3, 2, 10, 5, tzinfo=UTC)
    assert response.context["form"].initial["duration_minutes"] == 40


@time_machine.travel(datetime(2026, 3, 2, 10, 20, tzinfo=UTC), tick=False)
def test_a_post_needling_score_of_a_session_still_running_is_refused(practitioner_client, patient_a):
    # Logged as it starts: the score after needling would be dated 10:50, half an hour from now.
    data = session_data(started_at="2026-03-02T10:20", duration_minutes=30, pre_nrs=7, post_nrs=4)
    response = practitioner_client.post(_url(patient_a), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["post_nrs"] == ["The session ends at 10:50: record the pain after needling once it has ended."]
    assert b"record the pain after needling once it has ended" in response.content
    assert _nothing_saved()


@time_machine.travel(datetime(2026, 3, 2, 10, 20, tzinfo=UTC), tick=False)
def test_a_session_logged_as_it_starts_keeps_its_score_before_needling(practitioner_client, patient_a):
    data = session_data(started_at="2026-03-02T10:20", duration_minutes=30, pre_nrs=7)
    assert practitioner_client.post(_url(patient_a), data).status_code == 302
    assert PainAssessment.objects.get().assessed_at == datetime(2026, 3, 2, 10, 20, tzinfo=UTC)


@time_machine.travel(datetime(2026, 3, 2, 10, 50, tzinfo=UTC), tick=False)
def test_the_score_after_needling_is_dated_at_the_sessions_end_once_it_has_ended(practitioner_client, patient_a):
    data = session_data(started_at="2026-03-02T10:20", duration_minutes=30, pre_nrs=7, post_nrs=4)
    assert practitioner_client.post(_url(patient_a), data).status_code == 302
    post = PainAssessment.objects.get(source="post_session")
    assert post.assessed_at == datetime(2026, 3, 2, 10, 50, tzinfo=UTC)


@time_machine.travel(datetime(2026, 3, 2, 10, 50, tzinfo=UTC), tick=False)
@pytest.mark.parametrize("due", ["9999-12-31", "2036-03-03", "1899-12-31"])
def test_a_follow_up_outside_the_plausible_range_is_refused_next_to_its_field(practitioner_client, patient_a, due):
    response = practitioner_client.post(_url(patient_a), session_data(followup_due_on=due))
    assert response.status_code == 200
    assert response.context["form"].errors["followup_due_on"] == ["Enter a date between 1 Jan 1900 and 2 Mar 2036."]
    assert _nothing_saved()


@time_machine.travel(datetime(2026, 3, 2, 10, 50, tzinfo=UTC), tick=False)
def test_a_session_before_the_patients_birth_is_refused(practitioner_client, patient_a):
    patient_a.date_of_birth = date(1980, 5, 1)
    patient_a.save()
    response = practitioner_client.post(_url(patient_a), session_data(started_at="1980-04-30T10:00"))
    assert response.context["form"].errors["started_at"] == [
        "The session cannot be before the patient's date of birth."
    ]
    assert _nothing_saved()


def test_repeat_last_session_prefills_its_points_and_needling(practitioner_client, patient_a, colleague):
    older = SessionFactory(patient=patient_a, started_at=timezone.now() - timedelta(days=10))
    add_points(older, [("KI3", "bilateral")])
    last = SessionFactory(
        patient=patient_a,
        practitioner=colleague,
        started_at=timezone.now() - timedelta(days=3),
        technique="electro",
        electro_frequency_hz=2,
        needle_count=12,
        duration_minutes=35,
    )
    add_points(last, [("BL23", "bilateral"), ("GV4", "midline"), ("EX-B2", "left", "L4")])

    response = practitioner_client.get(_url(patient_a) + "?repeat=last")

    rows = [form.initial for form in response.context["points"].forms if form.initial]
    assert [(r["code"], r["side"], r["level"]) for r in rows] == [
        ("BL23", "bilateral", ""),
        ("GV4", "midline", ""),
        ("EX-B2", "left", "L4"),
    ]
    initial = response.context["form"].initial
    assert (initial["technique"], initial["needle_count"], initial["duration_minutes"]) == ("electro", 12, 35)
    assert 'value="BL23"' in response.content.decode()


def test_the_last_session_beside_the_form_names_the_sides_in_the_page_language(practitioner_client, patient_a):
    last = SessionFactory(patient=patient_a, started_at=timezone.now() - timedelta(days=3))
    add_points(last, [("BL23", "bilateral"), ("EX-B2", "left", "L4")])

    html = practitioner_client.get(_url(patient_a), headers={"accept-language": "de"}).content.decode()

    summary = html.split('id="last-title"', 1)[1].split("</p>", 1)[0]
    assert "BL23 beidseitig" in summary and "EX-B2 L4 links" in summary
    assert "bilateral" not in summary


def test_a_saved_prescription_prefills_the_points(practitioner_client, practitioner, patient_a):
    prescription = PrescriptionFactory(
        practitioner=practitioner, name="Lumbar standard", points=[("BL23", "bilateral"), ("GB30", "left")]
    )
    response = practitioner_client.get(_url(patient_a) + f"?prescription={prescription.pk}")
    rows = [(form.initial["code"], form.initial["side"]) for form in response.context["points"].forms if form.initial]
    assert rows == [("BL23", "bilateral"), ("GB30", "left")]
    assert "Applied: Lumbar standard." in response.content.decode()


def test_a_prescription_adds_to_the_repeated_session_without_duplicates(practitioner_client, practitioner, patient_a):
    last = SessionFactory(patient=patient_a)
    add_points(last, [("BL23", "left")])
    prescription = PrescriptionFactory(practitioner=practitioner, points=[("BL23", "bilateral"), ("BL40", "bilateral")])
    response = practitioner_client.get(_url(patient_a) + f"?repeat=last&prescription={prescription.pk}")
    rows = [(form.initial["code"], form.initial["side"]) for form in response.context["points"].forms if form.initial]
    assert rows == [("BL23", "left"), ("BL40", "bilateral")]


def test_another_practitioners_prescription_is_not_found(practitioner_client, colleague, patient_a):
    theirs = PrescriptionFactory(practitioner=colleague, points=[("BL23", "bilateral")])
    assert practitioner_client.get(_url(patient_a) + f"?prescription={theirs.pk}").status_code == 404
    assert practitioner_client.get(_url(patient_a) + "?prescription=abc").status_code == 404


def test_a_practitioner_with_an_expired_licence_cannot_log_a_session(client, patient_a):
    lapsed = PractitionerFactory(license_expires=timezone.localdate() - timedelta(days=1))
    client.force_login(lapsed.user)
    page = client.get(_url(patient_a))
    assert page.status_code == 403
    assert "expired on" in page.content.decode()
    assert "new sessions cannot be logged" in page.content.decode()
    assert client.post(_url(patient_a), session_data()).status_code == 403
    assert _nothing_saved()


def test_a_licence_expiring_today_still_allows_sessions(client, patient_a):
    today = PractitionerFactory(license_expires=timezone.localdate())
    client.force_login(today.user)
    assert client.post(_url(patient_a), session_data()).status_code == 302


def test_an_archived_patient_gets_no_new_session(practitioner_client, patient_a):
    patient_a.archived_at = timezone.now()
    patient_a.save()
    response = practitioner_client.post(_url(patient_a), session_data())
    assert response.status_code == 302
    assert _nothing_saved()


def test_anonymous_users_are_sent_to_sign_in(client, patient_a):
    response = client.get(_url(patient_a))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_patients_and_admins_cannot_log_sessions(patient_a_client, patient_a, admin_user, client):
    assert patient_a_client.get(_url(patient_a)).status_code == 403
    assert patient_a_client.post(_url(patient_a), session_data()).status_code == 403
    client.force_login(admin_user)
    assert client.get(_url(patient_a)).status_code == 403
    assert _nothing_saved()


def test_an_unknown_patient_is_not_found(practitioner_client):
    assert practitioner_client.get("/patients/999999/sessions/new/").status_code == 404


def test_other_methods_are_not_allowed(practitioner_client, patient_a):
    assert practitioner_client.put(_url(patient_a)).status_code == 405
    assert practitioner_client.delete(_url(patient_a)).status_code == 405


def test_the_form_query_count_does_not_grow_with_prescriptions_or_history(practitioner_client, practitioner, patient_a):
    PrescriptionFactory(practitioner=practitioner, points=[("BL23", "bilateral")])
    add_points(SessionFactory(patient=patient_a), [("BL23", "bilateral")])
    few = queries_for(practitioner_client, _url(patient_a) + "?repeat=last")
    PlanFactory(patient=patient_a)
    for number in range(8):
        PrescriptionFactory(practitioner=practitioner, points=[("BL40", "bilateral"), ("GV4", "midline")])
        session = SessionFactory(patient=patient_a, started_at=timezone.now() - timedelta(days=number))
        add_points(session, [("BL23", "bilateral"), ("BL25", "left"), ("GB30", "right")])
    assert queries_for(practitioner_client, _url(patient_a) + "?repeat=last") == few
