"""Pain histories for trend, chart and export tests, written with one bulk insert."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from patients.models import PainAssessment

START = datetime(timezone.now().year, 1, 5, 10, 0, tzinfo=UTC)  # this year: sentences say "5 January"


def pain_history(patient, values, *, start=START, step=timedelta(days=1), source="clinician") -> list[PainAssessment]:
    return PainAssessment.objects.bulk_create(
        PainAssessment(patient=patient, nrs=nrs, source=source, assessed_at=start + i * step)
        for i, nrs in enumerate(values)
    )


def long_history(patient, count: int) -> list[PainAssessment]:
    """`count` daily scores drifting from 8 down to 3, with noise."""
    values = [max(0, min(10, 8 - (5 * i) // count + (i % 3) - 1)) for i in range(count)]
    return pain_history(patient, values)
