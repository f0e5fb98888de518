import pytest

from patients.models import PainAssessment, Patient, QuestionnaireResponse
from sessions_app.models import AcupunctureSession, AdverseEvent, FollowUp, SessionPoint

OVERRIDDEN = [
    (Patient, "sex"),
    (Patient, "spine_region"),
    (Patient, "pain_type"),
    (Patient, "condition"),
    (PainAssessment, "source"),
    (QuestionnaireResponse, "instrument"),
    (AcupunctureSession, "technique"),
    (AcupunctureSession, "deqi"),
    (SessionPoint, "side"),
    (AdverseEvent, "kind"),
    (AdverseEvent, "severity"),
    (FollowUp, "status"),
]


@pytest.mark.parametrize(("model", "name"), OVERRIDDEN, ids=lambda x: getattr(x, "__name__", x))
def test_the_fast_label_is_djangos_label_for_every_choice(model, name):
    field = model._meta.get_field(name)
    for value, _label in field.choices:
        row = model(**{name: value})
        assert getattr(row, f"get_{name}_display")() == row._get_FIELD_display(field)


def test_a_value_that_is_not_a_choice_is_shown_as_it_is():
    assert Patient(condition="unlisted").get_condition_display() == "unlisted"
