from datetime import timedelta

import pytest
from django.utils import timezone

from patients.models import Patient
from tests.factories import FollowUpFactory, PainAssessmentFactory, PatientFactory


@pytest.mark.django_db
def test_it_annotates_baseline_latest_and_next_followup_in_one_query(django_assert_num_queries):
    now = timezone.now()
    patient = PatientFactory()
    PainAssessmentFactory(patient=patient, nrs=8, assessed_at=now - timedelta(days=30))
    PainAssessmentFactory(patient=patient, nrs=4, assessed_at=now)
    PainAssessmentFactory(patient=patient, nrs=6, assessed_at=now - timedelta(days=10))  # entered late
    FollowUpFactory(patient=patient, due_on=now.date() + timedelta(days=9))
    FollowUpFactory(patient=patient, due_on=now.date() + timedelta(days=2))
    FollowUpFactory(patient=patient, due_on=now.date() + timedelta(days=1), status="cancelled")
    PatientFactory()
    with django_assert_num_queries(1):
        rows = {p.pk: p for p in Patient.objects.with_pain_summary()}
    summary = rows[patient.pk].pain_summary
    assert (summary.baseline, summary.latest, summary.change, summary.responder) == (8, 4, -4, True)
    assert rows[patient.pk].next_followup_on == now.date() + timedelta(days=2)
    assert len(rows) == 2
