"""What a STarT Back risk group suggests for the plan's intensity (stratified care).

The risk group comes from the screening tool's own rule (`scoring.startback_risk`, Hill et al.,
Arthritis Rheum 2008;59:632-641). The matched treatment of each group is the STarT Back trial's
(Hill et al., Lancet 2011;378:1560-1571; keele.ac.uk/sbst; shared clinical-standards.md §8.2): low
risk, advice and self-management support; medium risk, a standard course of treatment aimed at pain
and function; high risk, a more intensive course with psychologically informed care. It suggests;
the practitioner decides.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from patients.choices import RiskGroup, choice_label

SUGGESTIONS = {
    RiskGroup.LOW: _(
        "Advice, reassurance and support to self-manage (staying active); a short, light course is usually enough."
    ),
    RiskGroup.MEDIUM: _("A standard course of treatment aimed at pain and function."),
    RiskGroup.HIGH: _(
        "A more intensive course with psychologically informed care (addressing fear, worry and low "
        "mood); consider a referral alongside treatment."
    ),
}
SOURCE = "Hill et al. 2008; STarT Back trial, Hill et al. 2011"


@dataclass(frozen=True)
class RiskScreening:
    """The latest completed STarT Back of a patient, with what its group suggests."""

    pk: int
    at: datetime
    risk_group: str
    total: float
    subscale: int | None
    first_risk_group: str = ""  # the intake screening's group, when a later one differs

    @property
    def label(self) -> str:
        return choice_label(RiskGroup, self.risk_group)

    @property
    def first_label(self) -> str:
        return choice_label(RiskGroup, self.first_risk_group) if self.first_risk_group else ""

    @property
    def suggestion(self) -> str:
        return str(SUGGESTIONS[self.risk_group])

    source = SOURCE


def risk_screening(responses) -> RiskScreening | None:
    """From questionnaire responses a page has already read (any order): no query."""
    done = sorted(
        (r for r in responses if r.instrument == "startback" and r.completed_at and r.risk_group),
        key=lambda r: (r.completed_at, r.pk),
    )
    if not done:
        return None
    first, latest = done[0], done[-1]
    return RiskScreening(
        pk=latest.pk,
        at=latest.completed_at,
        risk_group=latest.risk_group,
        total=latest.score,
        subscale=latest.subscale,
        first_risk_group=first.risk_group if first.risk_group != latest.risk_group else "",
    )
