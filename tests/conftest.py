"""One fixture per persona: practitioner, colleague, admin, patient A and patient B.

Also the one rule that keeps test order irrelevant (`pytest_collection_modifyitems` below).
"""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone, translation
from pytest_django.plugin import validate_django_db

from demo.instrument_texts import demo_text
from patients.instruments import instrument_text_load
from patients.models import UndoTicket
from patients.services import preference_set_language
from sessions_app.models import AdverseEvent, FollowUp, PointPrescription
from tests.factories import (
    FollowUpFactory,
    PainAssessmentFactory,
    PainRegionScoreFactory,
    PatientFactory,
    PlanFactory,
    PractitionerFactory,
    QuestionnaireFactory,
    SessionFactory,
    UserFactory,
    add_points,
)


def pytest_collection_modifyitems(config, items):
    """Every transactional test restores the migrated data (groups, acupoints, content types).

    A transactional test empties the database when it ends. Without serialized_rollback, Django's
    flush then re-creates content types and permissions under new keys (post_migrate) but not the
    data migrations' rows: a later serialized_rollback test fails on duplicate content types, and a
    later test that needs the "Patients" group finds none. With it, every transactional test starts
    from the migrated snapshot, so the order tests run in (xdist, -k, -p) never matters.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transaction, reset_sequences, databases, serialized, apps = (
            validate_django_db(marker) if marker else (False, False, None, False, None)
        )
        fixtures = getattr(item, "fixturenames", ())
        transactional = transaction or reset_sequences or {"transactional_db", "live_server"} & set(fixtures)
        if transactional and not (serialized or "django_db_serialized_rollback" in fixtures):
            promoted = pytest.mark.django_db(
                transaction=True,
                reset_sequences=reset_sequences,
                databases=databases,
                serialized_rollback=True,
                available_apps=apps,
            )
            item.add_marker(promoted, append=False)


@pytest.fixture(autouse=True)
def _clinic_language():
    """Each test starts in the clinic's language: a request served in German leaves German active in
    its thread (LocaleMiddleware activates per request and never resets), which would leak into the
    next test that formats a sentence outside a request."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production hashing costs ~0.3 s a password: tests that sign in many times use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def practitioner(db):
    return PractitionerFactory(user__username="dr_chen", user__first_name="Lin", user__last_name="Chen")


@pytest.fixture
def colleague(db):
    return PractitionerFactory(user__username="dr_okafor")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="clinic_admin", groups=["Clinic admins"])


@pytest.fixture
def patient_a(db, practitioner):
    user = UserFactory(username="patient_a", groups=["Patients"])
    return PatientFactory(first_name="Alice", last_name="Archer", user=user, primary_practitioner=practitioner)


@pytest.fixture
def patient_b(db, practitioner):
    user = UserFactory(username="patient_b", groups=["Patients"])
    return PatientFactory(first_name="Bob", last_name="Baker", user=user, primary_practitioner=practitioner)


@pytest.fixture
def practitioner_client(client, practitioner):
    client.force_login(practitioner.user)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def patient_a_client(client, patient_a):
    client.force_login(patient_a.user)
    return client


@pytest.fixture
def demo_texts(db) -> dict:
    """The project's placeholder texts ("DEMO TEXT — not the validated wording") of every instrument,
    loaded in English, the clinic's language: {instrument: InstrumentText}."""
    return {
        instrument: instrument_text_load(data=demo_text(instrument), loaded_by=None)[0]
        for instrument in ("odi", "ndi", "rmdq")
    }


# Shared by the URL x role table (test_permissions.py), the XSS test and the form property tests.
PERSONAS = ("anonymous", "patient_a", "patient_b", "practitioner", "admin")


@pytest.fixture
def records(practitioner, colleague, admin_user, patient_a, patient_b, demo_texts) -> dict[str, int]:
    """Real primary keys to put in URLs: patient A's records, and records of outsiders.

    Patient B (another patient) must get 403/404 for patient A's records; the practitioner must get
    403/404 for the colleague's session and prescription; patient A for patient B's questionnaire.
    """
    plan = PlanFactory(patient=patient_a, practitioner=practitioner)
    session = SessionFactory(patient=patient_a, practitioner=practitioner, plan=plan)
    add_points(session, [("BL23", "bilateral"), ("GV4", "midline")])
    # Earlier the same day: one patient is never in two visits at once.
    colleague_session = SessionFactory(
        patient=patient_a, practitioner=colleague, started_at=timezone.now() - timedelta(hours=2)
    )
    assessment = PainAssessmentFactory(patient=patient_a, session=session, source="pre_session")
    return {
        "patient_a": patient_a.pk,
        "patient_b": patient_b.pk,
        "patient_without_login": PatientFactory(first_name="Cleo", last_name="Cole", email="cleo@example.org").pk,
        "practitioner": practitioner.pk,
        "colleague": colleague.pk,
        "plan_a": plan.pk,
        "session_a": session.pk,
        "session_colleague": colleague_session.pk,
        "assessment_a": assessment.pk,
        "region_score_a": PainRegionScoreFactory(assessment=assessment, region="L4", side="left").pk,
        "followup_a": FollowUpFactory(patient=patient_a, session=session).pk,
        "questionnaire_a": QuestionnaireFactory(patient=patient_a, recorded_by=practitioner.user).pk,
        # A clinician's own pain score between visits (corrected at .../assessments/<pk>/edit/).
        "clinician_score_a": PainAssessmentFactory(
            patient=patient_a,
            source="clinician",
            recorded_by=practitioner.user,
            assessed_at=timezone.now() - timedelta(hours=5),
        ).pk,  # fmt: skip
        # Readings of patient A recorded by others: only whoever recorded a reading corrects it.
        "questionnaire_colleague_a": QuestionnaireFactory(patient=patient_a, recorded_by=colleague.user).pk,
        "questionnaire_admin_a": QuestionnaireFactory(patient=patient_a, recorded_by=admin_user).pk,
        "clinician_score_colleague_a": PainAssessmentFactory(
            patient=patient_a, recorded_by=colleague.user, assessed_at=timezone.now() - timedelta(hours=6)
        ).pk,
        "clinician_score_admin_a": PainAssessmentFactory(
            patient=patient_a, recorded_by=admin_user, assessed_at=timezone.now() - timedelta(hours=7)
        ).pk,
        "undo_token_a": _undo_ticket(practitioner, patient_a).token,
        # Assigned to the patient, waiting to be filled in at /me/questionnaires/<pk>/.
        "questionnaire_pending_a": QuestionnaireFactory(
            patient=patient_a, answers=[], completed_at=None, language="en", text_version="demo"
        ).pk,
        "questionnaire_pending_b": QuestionnaireFactory(
            patient=patient_b, answers=[], completed_at=None, language="en", text_version="demo"
        ).pk,
        "instrument_text_odi": demo_texts["odi"].pk,
        "adverse_event_a": AdverseEvent.objects.create(session=session, kind="bruising", severity="mild").pk,
        "adverse_event_colleague": AdverseEvent.objects.create(
            session=colleague_session, kind="soreness", severity="mild"
        ).pk,
        "prescription_own": PointPrescription.objects.create(practitioner=practitioner, name="Lumbar").pk,
        "prescription_colleague": PointPrescription.objects.create(practitioner=colleague, name="Neck").pk,
        "user_patient_a": patient_a.user_id,
        # Patient A's saved language (the language menu): English, the default, so no page changes.
        "preference_patient_a": preference_set_language(user=patient_a.user, language="en").pk,
        **_calendar_records(practitioner, colleague, patient_a, session),
    }


def _undo_ticket(practitioner, patient_a) -> UndoTicket:
    """The practitioner just marked a follow-up of patient A completed: the ticket of its Undo button."""
    followup = FollowUpFactory(patient=patient_a, status="completed", version=2)
    return UndoTicket.objects.create(
        token=uuid.uuid4(), user=practitioner.user, content_type=ContentType.objects.get_for_model(FollowUp),
        object_id=followup.pk, before={"status": "scheduled"}, version_after=2,
    )  # fmt: skip


def _calendar_records(practitioner, colleague, patient_a, session) -> dict[str, object]:
    """Appointments and feeds (issue 13): patient A's with the practitioner, one with the colleague;
    the needle count that closed patient A's session."""
    from sessions_app import booking
    from sessions_app.models import Location, NeedleCount, ReferralLetter
    from tests.factories import AppointmentFactory, at

    location = Location.objects.create(name="Room 1")
    own = AppointmentFactory(patient=patient_a, practitioner=practitioner, location=location)
    theirs = AppointmentFactory(patient=patient_a, practitioner=colleague, starts_at=at("2026-03-03", "11:00"))
    feed = booking.calendar_feed_issue(practitioner=practitioner)
    return {
        "location": location.pk,
        "appointment_a": own.pk,
        "appointment_colleague": theirs.pk,
        "feed_practitioner": feed.pk,
        "feed_token_practitioner": feed.token,
        "feed_token_patient_a": booking.calendar_feed_issue(patient=patient_a).token,
        "appointment_future_a": AppointmentFactory(
            patient=patient_a, practitioner=practitioner, starts_at=at("2099-03-03", "09:00")
        ).pk,
        "needle_count_a": NeedleCount.objects.create(session=session, inserted=3, removed=3).pk,
        # A referral letter about patient A (issue 15), printed at /patients/<pk>/letter.pdf?to=<pk>.
        "letter_a": ReferralLetter.objects.create(
            patient=patient_a,
            recipient="gp",
            recipient_name="Dr. Vries",
            message="Please review.",
            written_by=practitioner.user,
        ).pk,
        # A visit still in the room (no needle count yet), three days back: clear of the other visits.
        "visit_open_a": SessionFactory(
            patient=patient_a, practitioner=practitioner, started_at=timezone.now() - timedelta(days=3)
        ).pk,
    }


@pytest.fixture
def client_for(admin_user, practitioner, patient_a, patient_b):
    """`client_for("patient_b")`: a fresh test client signed in as that persona (or anonymous)."""
    users = {
        "patient_a": patient_a.user,
        "patient_b": patient_b.user,
        "practitioner": practitioner.user,
        "admin": admin_user,
    }

    def make(persona: str) -> Client:
        new_client = Client()
        if persona != "anonymous":
            new_client.force_login(users[persona])
        return new_client

    return make
