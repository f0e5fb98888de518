"""Pain trends: the one place that turns assessments into baseline, change and responder status.

Thresholds (shared clinical-standards.md §3):
- NRS responder: pain fell by >= 30 % AND by >= 2 points (IMMPACT, Dworkin 2008; Ostelo 2008);
  >= 50 % is "substantial" (IMMPACT).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NRS_RESPONDER_PERCENT = 30.0
NRS_RESPONDER_POINTS = 2
SUBSTANTIAL_PERCENT = 50.0


def percent_change(baseline: float | None, latest: float | None) -> float | None:
    """(latest - baseline) / baseline x 100, one decimal half-up; None when undefined."""
    if baseline is None or latest is None or baseline == 0:
        return None
    value = Decimal(str(latest - baseline)) / Decimal(str(baseline)) * 100
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def is_nrs_responder(baseline: int | None, latest: int | None) -> bool:
    pct = percent_change(baseline, latest)
    if pct is None:
        return False
    return -pct >= NRS_RESPONDER_PERCENT and baseline - latest >= NRS_RESPONDER_POINTS


@dataclass(frozen=True)
class NrsSummary:
    baseline: int | None
    latest: int | None
    change: int | None
    percent_change: float | None
    responder: bool

    @property
    def substantial(self) -> bool:
        return self.responder and -self.percent_change >= SUBSTANTIAL_PERCENT

    @property
    def worse(self) -> bool:
        return self.change is not None and self.change > 0


def nrs_summary(baseline: int | None, latest: int | None) -> NrsSummary:
    change = None if baseline is None or latest is None else latest - baseline
    return NrsSummary(
        baseline=baseline,
        latest=latest,
        change=change,
        percent_change=percent_change(baseline, latest),
        responder=is_nrs_responder(baseline, latest),
    )
