"""Clinic outcomes of the questionnaires: per outcome measure, first -> latest score of each active
patient with two or more, judged by that measure's own rule and direction (`patients.trends`:
ODI, RMDQ Ostelo 2008; NDI Vernon; PSFS a rise of 2 points, Stratford 1995; higher is better on the
PSFS); and the STarT Back risk groups at intake (each active patient's first screening; Hill et al.
2008).

Two queries: the first and latest score of every patient and measure are read by the database
(subqueries), and the rule is applied here, in its one home, to those pairs.
"""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery

from patients.archive import not_archived
from patients.choices import RiskGroup, choice_label
from patients.measures import round_half_up as round1
from patients.models import Instrument, QuestionnaireResponse
from patients.trends import QUESTIONNAIRE_RULES, questionnaire_summary

OUTCOME_MEASURES = [instrument for instrument in Instrument.values if instrument in QUESTIONNAIRE_RULES]


@dataclass(frozen=True)
class MeasureOutcome:
    instrument: str
    label: str
    patients: int
    responders: int
    mean_change: float | None
    higher_is_better: bool

    @property
    def responder_rate(self) -> float | None:
        return round1(self.responders / self.patients * 100) if self.patients else None


@dataclass(frozen=True)
class RiskCount:
    risk_group: str
    label: str
    patients: int


def _scored():
    return QuestionnaireResponse.objects.filter(
        not_archived("patient__"), completed_at__isnull=False, score__isnull=False
    )


def measure_outcomes() -> list[MeasureOutcome]:
    """One row per outcome measure that at least one patient completed twice."""
    same = _scored().filter(patient=OuterRef("patient"), instrument=OuterRef("instrument"))
    pairs = (
        _scored()
        .filter(instrument__in=OUTCOME_MEASURES)
        .order_by()
        .values("patient", "instrument")
        .annotate(
            n=Count("pk"),
            first=Subquery(same.order_by("completed_at", "pk").values("score")[:1]),
            last=Subquery(same.order_by("-completed_at", "-pk").values("score")[:1]),
        )
        .filter(n__gte=2)
        .values_list("instrument", "first", "last")
    )
    summaries: dict[str, list] = {}
    for instrument, first, last in pairs:
        summaries.setdefault(instrument, []).append(questionnaire_summary(instrument, first, last))
    rows = []
    for instrument in OUTCOME_MEASURES:
        found = summaries.get(instrument)
        if not found:
            continue
        rows.append(
            MeasureOutcome(
                instrument=instrument,
                label=choice_label(Instrument, instrument),
                patients=len(found),
                responders=sum(s.responder for s in found),
                mean_change=round1(sum(s.change for s in found) / len(found)),
                higher_is_better=found[0].higher_is_better,
            )
        )
    return rows


def intake_risk_groups() -> list[RiskCount]:
    """How many active patients' first STarT Back put them in each risk group."""
    first = (
        _scored()
        .filter(instrument=Instrument.STARTBACK, patient=OuterRef("patient"))
        .order_by("completed_at", "pk")
        .values("pk")[:1]
    )
    counts = dict(
        _scored()
        .filter(instrument=Instrument.STARTBACK, pk=Subquery(first))
        .order_by()
        .values("risk_group")
        .annotate(n=Count("pk"))
        .values_list("risk_group", "n")
    )
    return [
        RiskCount(group, choice_label(RiskGroup, group), counts[group]) for group in RiskGroup.values if group in counts
    ]
