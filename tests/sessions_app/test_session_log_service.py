from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients.models import PainAssessment
from sessions_app.models import Acupoint, AcupunctureSession, AdverseEvent, FollowUp, SessionPoint
from sessions_app.point_entry import PointEntry
from sessions_app.services import session_log

pytestmark = pytest.mark.django_db


def _kwargs(patient, practitioner, **overrides):
    bl23 = Acupoint.objects.get(code="BL23")
    started = timezone.now() - timedelta(hours=2)
    return {
        "patient": patient,
        "practitioner": practitioner,
        "recorded_by": practitioner.user,
        "details": {"started_at": started, "duration_minutes": 30, "technique": "manual"},
        "points": [PointEntry(bl23, "bilateral")],
        "pre_nrs": 6,
        "post_nrs": 3,
        "adverse_events": [{"kind": "soreness", "severity": "mild", "notes": ""}],
        "followup": {"due_on": timezone.localdate() + timedelta(days=3), "aftercare": "Rest", "exercises": ""},
    } | overrides


def _counts():
    return [
        model.objects.count() for model in (AcupunctureSession, SessionPoint, PainAssessment, AdverseEvent, FollowUp)
    ]


def test_it_writes_the_whole_visit(practitioner, patient_a):
    session = session_log(**_kwargs(patient_a, practitioner))
    assert _counts() == [1, 1, 2, 1, 1]
    assert session.assessments.get(source="pre_session").assessed_at == session.started_at


def test_a_failure_at_the_last_step_rolls_everything_back(practitioner, patient_a):
    too_early = timezone.localdate() - timedelta(days=5)
    with pytest.raises(ValidationError):
        session_log(
            **_kwargs(patient_a, practitioner, followup={"due_on": too_early, "aftercare": "", "exercises": ""})
        )
    assert _counts() == [0, 0, 0, 0, 0]


def test_a_bad_point_side_rolls_everything_back(practitioner, patient_a):
    gv4 = Acupoint.objects.get(code="GV4")
    with pytest.raises(ValidationError):
        session_log(**_kwargs(patient_a, practitioner, points=[PointEntry(gv4, "left")]))
    assert _counts() == [0, 0, 0, 0, 0]


def test_an_expired_licence_is_refused_by_the_service_too(practitioner, patient_a):
    practitioner.license_expires = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError, match="expired"):
        session_log(**_kwargs(patient_a, practitioner))
    assert _counts() == [0, 0, 0, 0, 0]


def test_an_archived_patient_is_refused_by_the_service(practitioner, patient_a):
    patient_a.archived_at = timezone.now()
    with pytest.raises(ValidationError, match="archived"):
        session_log(**_kwargs(patient_a, practitioner))
    assert _counts() == [0, 0, 0, 0, 0]


def test_a_score_after_needling_of_a_session_still_running_is_refused_and_nothing_is_written(practitioner, patient_a):
    details = {"started_at": timezone.now() - timedelta(minutes=10), "duration_minutes": 30, "technique": "manual"}
    with pytest.raises(ValidationError) as error:
        session_log(**_kwargs(patient_a, practitioner, details=details))
    assert "after the moment it is recorded" in error.value.message_dict["assessed_at"][0]
    assert _counts() == [0, 0, 0, 0, 0]
