"""The choices the core's measurements are framed by, and their labels for rows that are not models.

`choice_label` is for plain rows (the trend's `PainPoint`, the trend table): a dict lookup, each
label translated once per language. Model rows use Django's own `get_FOO_display()`; its cost per
call, and why the model overrides were dropped, is in docs/performance.md ("Per-row costs").
"""

from functools import cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AssessmentSource(models.TextChoices):
    """When and by whom a pain score was taken: the frame that says what it measures."""

    CLINICIAN = "clinician", _("Clinician")
    SELF_REPORT = "self_report", _("Self-report")
    PRE_SESSION = "pre_session", _("Before needling")
    POST_SESSION = "post_session", _("After needling")


class Instrument(models.TextChoices):
    """The validated questionnaires the clinic scores (patients.scoring has their rules)."""

    ODI = "odi", _("Oswestry Disability Index")
    NDI = "ndi", _("Neck Disability Index")
    RMDQ = "rmdq", _("Roland-Morris Disability Questionnaire")
    STARTBACK = "startback", _("STarT Back Screening Tool")
    PSFS = "psfs", _("Patient-Specific Functional Scale")


class RiskGroup(models.TextChoices):
    """STarT Back risk groups (Hill et al. 2008; `scoring.startback_risk` gives them)."""

    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


# The course of the pain (baseline, latest, change, responder) is measured by *status* readings,
# taken in the same frame each time: at the clinician's assessment, the patient's own report between
# visits, or before needling. A score taken right after needling is that session's immediate effect:
# trials of acupuncture for low back pain report their outcomes at follow-up, never on the table
# (Cherkin 2009; Haake 2007, GERAC), and mixing the two overstates improvement
# (shared clinical-standards.md §8.1; CONTRACT.md "The trend").
STATUS_SOURCES = (AssessmentSource.CLINICIAN, AssessmentSource.SELF_REPORT, AssessmentSource.PRE_SESSION)
IMMEDIATE_EFFECT_SOURCE = AssessmentSource.POST_SESSION


@cache
def _labels(choices: type[models.Choices], language: str | None) -> dict:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[models.Choices], value):
    """The label of `value` in the active language; the value itself when it is not a choice."""
    return _labels(choices, get_language()).get(value, value)
