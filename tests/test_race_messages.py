"""A constraint that a parallel write hits first answers with the form's message, never a 500.

The race itself is proven with real threads on PostgreSQL (tests/test_parallel_posts.py); here the
moment is reproduced on any database: the competing row is committed after this write's
validation ran (`validated=True`) and before its insert.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from patients import portal_services
from patients.concurrency import save_checked
from patients.models import ALREADY_PENDING, QuestionnaireResponse
from sessions_app.models import NAME_TAKEN, SECOND_ACTIVE_PLAN, PointPrescription, TreatmentPlan
from tests.factories import PlanFactory, QuestionnaireFactory


def _refusal(instance) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        save_checked(instance, validated=True)
    return refused.value.messages


def test_a_second_active_plan_that_got_past_the_check_gets_the_forms_message(patient_a):
    PlanFactory(patient=patient_a, status="active")
    late = TreatmentPlan(patient=patient_a, goal="Another", planned_sessions=6, sessions_per_week=1)
    assert _refusal(late) == [str(SECOND_ACTIVE_PLAN)]
    assert TreatmentPlan.objects.filter(patient=patient_a).count() == 1


def test_a_duplicate_prescription_name_that_got_past_the_check_gets_the_forms_message(practitioner):
    PointPrescription.objects.create(practitioner=practitioner, name="Lumbar")
    assert _refusal(PointPrescription(practitioner=practitioner, name="Lumbar")) == [str(NAME_TAKEN)]


def test_the_database_keeps_one_pending_questionnaire_per_instrument(patient_a):
    QuestionnaireFactory(patient=patient_a, instrument="odi", answers=[], completed_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.create(patient=patient_a, instrument="odi", answers=[], completed_at=None)
    QuestionnaireFactory(patient=patient_a, instrument="ndi", answers=[], completed_at=None)  # another instrument
    QuestionnaireFactory(patient=patient_a, instrument="odi")  # a completed one


def test_assigning_a_waiting_questionnaire_again_is_refused_with_the_forms_message(patient_a, practitioner, demo_texts):
    portal_services.questionnaire_assign(patient=patient_a, instrument="odi", assigned_by=practitioner.user)
    with pytest.raises(ValidationError) as refused:
        portal_services.questionnaire_assign(patient=patient_a, instrument="odi", assigned_by=practitioner.user)
    assert refused.value.messages == [str(ALREADY_PENDING)]
