import random
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.db.models.functions import TruncDate
from django.test import RequestFactory, override_settings
from django.utils import timezone

from patients import scoring
from patients.models import PainAssessment, PainRegionScore, Patient, QuestionnaireResponse
from sessions_app.models import AcupunctureSession, AdverseEvent, Appointment, FollowUp


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_is_idempotent():
    call_command("seed_demo", patients=5, sessions_per_patient=4)
    counts = (Patient.objects.count(), AcupunctureSession.objects.count(), PainAssessment.objects.count())
    call_command("seed_demo", patients=5, sessions_per_patient=4)
    assert (Patient.objects.count(), AcupunctureSession.objects.count(), PainAssessment.objects.count()) == counts
    assert counts[0] == 5


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_makes_the_contract_sign_ins_and_links_the_demo_patient():
    call_command("seed_demo", patients=3, sessions_per_patient=3, password="another-pass-2026")
    request = RequestFactory().post("/accounts/login/")
    for username in ("admin", "practitioner", "patient"):
        assert authenticate(request, username=username, password="another-pass-2026") is not None
    assert Patient.objects.get(user__username="patient").sessions.exists()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_data_is_varied():
    call_command("seed_demo")
    assert Patient.objects.count() == 20
    assert AcupunctureSession.objects.values("technique").distinct().count() == 2
    assert Patient.objects.values("condition").distinct().count() >= 4
    assert FollowUp.objects.exists()
    assert AdverseEvent.objects.exists() or AcupunctureSession.objects.count() < 50


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_seed_demo_refuses_to_run_without_debug_unless_forced():
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", patients=1)
    call_command("seed_demo", patients=1, sessions_per_patient=1, force=True)
    assert Patient.objects.count() == 1


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_long_history_makes_one_patient_with_exactly_that_many_scores_once():
    call_command("seed_demo", patients=2, sessions_per_patient=2, long_history=41)
    call_command("seed_demo", patients=2, sessions_per_patient=2, long_history=41)
    patient = Patient.objects.get(mrn="LONGHIST01")
    assert patient.assessments.count() == 41
    assert patient.sessions.count() == 20
    assert Patient.objects.count() == 3


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seeded_scores_and_followups_hang_off_their_own_patients_sessions():
    call_command("seed_demo", patients=6, sessions_per_patient=5)
    assert not PainAssessment.objects.exclude(session__patient=F("patient")).exists()
    assert not FollowUp.objects.exclude(session__patient=F("patient")).exists()
    for session in AcupunctureSession.objects.all():
        sources = sorted(session.assessments.values_list("source", flat=True))
        assert sources == ["post_session", "pre_session"]
        pre, post = (session.assessments.get(source=s) for s in ("pre_session", "post_session"))
        assert pre.assessed_at == session.started_at
        assert post.assessed_at == session.ends_at
        assert session.session_points.count() >= 4


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seeded_rows_get_the_models_defaults_and_pass_full_clean():
    call_command("seed_demo", patients=2, sessions_per_patient=3)
    session = AcupunctureSession.objects.first()
    followup = FollowUp.objects.first()
    assert (session.version, session.notes, session.archived_at) == (1, "", None)
    assert session.created_at is not None
    assert (followup.status, followup.version, followup.exercises) == ("scheduled", 1, "")
    session.full_clean()
    followup.full_clean()
    PainAssessment.objects.first().full_clean()
    for response in QuestionnaireResponse.objects.all():
        response.full_clean()
        if response.completed_at is not None:  # the demo patient's waiting ODI has no answers yet
            assert response.score == scoring.score(response.instrument, response.answers)


def test_the_same_seed_gives_the_same_course():
    from datetime import date

    from demo import seed as demo

    def course():
        patient = Patient(pk=7, primary_practitioner_id=3, spine_region="lumbar")
        return demo._course(patient, random.Random(11), 20, date(2026, 1, 5)).sessions

    assert course() == course()
    assert len(course()) in range(18, 23)


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seeded_courses_are_in_the_past_and_some_followups_are_due():
    call_command("seed_demo", patients=30, sessions_per_patient=20, long_history=30)
    today = timezone.localdate()
    assert not AcupunctureSession.objects.filter(started_at__date__gte=today).exists()
    assert FollowUp.objects.due_by(today).exists()
    assert FollowUp.objects.filter(due_on__gt=today).exists()


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_loads_the_marked_demo_texts_and_waits_an_odi_for_the_demo_patient():
    from patients.models import InstrumentText

    call_command("seed_demo", "--patients", "2", "--sessions-per-patient", "1", stdout=StringIO())
    call_command("seed_demo", "--patients", "2", "--sessions-per-patient", "1", stdout=StringIO())
    texts = InstrumentText.objects.order_by("instrument")
    assert [(t.instrument, t.version, t.language) for t in texts] == [
        ("ndi", "demo", "en"),
        ("odi", "demo", "en"),
        ("psfs", "demo", "en"),
        ("rmdq", "demo", "en"),
        ("startback", "demo", "en"),
    ]
    assert all(t.title.startswith("DEMO TEXT — not the validated wording") for t in texts)
    waiting = QuestionnaireResponse.objects.filter(patient__user__username="patient", completed_at__isnull=True)
    assert sorted((w.instrument, w.language, w.text_version) for w in waiting) == [
        ("odi", "en", "demo"),
        ("psfs", "en", "demo"),
        ("startback", "en", "demo"),
    ]


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_never_outranks_a_clinics_own_text():
    from demo.instrument_texts import demo_text
    from patients.instruments import instrument_text_load, text_for
    from patients.models import InstrumentText

    licensed = instrument_text_load(
        data=demo_text("odi") | {"version": "2.1a", "title": "The clinic's own"}, loaded_by=None
    )[0]
    call_command("seed_demo", "--patients", "1", "--sessions-per-patient", "1", stdout=StringIO())
    assert text_for("odi", "en") == licensed
    assert InstrumentText.objects.filter(instrument="odi").count() == 1


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_seed_demo_fills_the_calendar_once_without_double_bookings():
    from sessions_app.models import Appointment

    call_command("seed_demo", patients=4, sessions_per_patient=2)
    count = Appointment.objects.count()
    call_command("seed_demo", patients=4, sessions_per_patient=2)
    assert Appointment.objects.count() == count > 500  # half a year each way, for each practitioner
    assert Appointment.objects.filter(starts_at__gte=timezone.now(), status="booked").exists()
    sample = Appointment.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    sample.full_clean()  # no overlap with the practitioner's other appointments
    assert Appointment.objects.values("status").distinct().count() == 4


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_demo_clinic_has_pain_maps_that_agree_with_each_visits_score():
    """The record, /me/ and the report show the pain map over a course: three maps a patient, no region
    hurting more than the visit's own before-needling score; most patients' leg or arm pain clears."""
    call_command("seed_demo")
    maps = PainRegionScore.objects.select_related("assessment")
    assert maps.exists()
    assert all(score.intensity <= score.assessment.nrs and score.assessment.source == "pre_session" for score in maps)
    per_patient = {}
    for score in maps:
        per_patient.setdefault(score.assessment.patient_id, set()).add(score.assessment_id)
    assert set(map(len, per_patient.values())) == {3}
    limbs = {"buttock", "thigh_back", "calf", "shoulder", "arm", "forearm"}
    centralised = [
        patient
        for patient, assessments in per_patient.items()
        if limbs & set(maps.filter(assessment=min(assessments)).values_list("region", flat=True))
        and not limbs & set(maps.filter(assessment=max(assessments)).values_list("region", flat=True))
    ]
    assert len(centralised) >= len(per_patient) // 2
    count = PainRegionScore.objects.count()
    call_command("seed_demo")
    assert PainRegionScore.objects.count() == count


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_demo_patient_sees_a_practitioner_at_most_once_a_day():
    call_command("seed_demo")
    days = Appointment.objects.annotate(day=TruncDate("starts_at")).values("patient", "practitioner", "day")
    assert days.exists()
    assert not days.annotate(n=Count("pk")).filter(n__gt=1).exists()
