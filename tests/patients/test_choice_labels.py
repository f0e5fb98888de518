from django.utils import timezone

from patients.choices import AssessmentSource, choice_label
from patients.models import PainAssessment, Patient
from patients.trends import PainPoint


def test_a_trend_row_shows_djangos_label_for_every_source():
    field = PainAssessment._meta.get_field("source")
    for value, _label in field.choices:
        point = PainPoint(at=timezone.now(), nrs=5, source=value, session_id=None)
        assert point.source_label == PainAssessment(source=value)._get_FIELD_display(field)


def test_a_value_that_is_not_a_choice_is_shown_as_it_is():
    assert choice_label(AssessmentSource, "unlisted") == "unlisted"
    assert Patient(condition="unlisted").get_condition_display() == "unlisted"
