"""Choice labels at the cost of a dict lookup.

Django's generated `get_FOO_display()` rebuilds the field's choices into a dict on every call and
hashes each lazy label on the way, which translates every one of them: about 55 microseconds a
call, 2.7 ms for a 25-row list showing two labels a row, 55 ms for a page listing 1,000 pain scores
with their source. The models override `get_FOO_display()` (as Django allows) for the fields pages
show per row, through `choice_label`, which translates each label once per language.
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
