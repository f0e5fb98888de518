"""A patient's readings as the trend takes them: one query each, plain values, oldest first.

`patients.trends` computes from what these return and reads nothing itself. Sessions are reached
through the patient's reverse relation (`patient.sessions`), so this core module imports nothing of
the sessions app.
"""

from datetime import datetime

from patients.models import PainAssessment, PainRegionScore, QuestionnaireResponse
from patients.region_trends import MapReading
from patients.trends import History, PainPoint, RegionPoint, ScorePoint, by_instrument


def pain_points(patient, *, notes: bool = False) -> list[PainPoint]:
    """Every pain assessment of the patient, oldest first (one query)."""

    fields = ["assessed_at", "nrs", "source", "session_id"] + (["notes"] if notes else [])
    rows = PainAssessment.objects.filter(patient=patient).order_by("assessed_at", "pk").values_list(*fields)
    return [PainPoint(*row) for row in rows]


def pain_points_and_maps(patient) -> tuple[list[PainPoint], list[MapReading]]:
    """`pain_points(patient, notes=True)`, and every assessment's pain map (oldest first), in the same
    one query: each assessment's row comes once per region score (a LEFT JOIN) and is folded back
    here, so the record page reads its maps without a query more."""
    rows = (
        PainAssessment.objects.filter(patient=patient)
        .order_by("assessed_at", "pk", "region_scores__pk")
        .values_list(
            "pk",
            "assessed_at",
            "nrs",
            "source",
            "session_id",
            "notes",
            "recorded_by_id",
            "region_scores__region",
            "region_scores__side",
            "region_scores__intensity",
        )
    )
    points: list[PainPoint] = []
    maps: dict[int, tuple[PainPoint, list[tuple[str, str, int]]]] = {}  # insertion order: oldest first
    last_pk = None
    for pk, at, nrs, source, session_id, notes, author, region, side, intensity in rows:
        if pk != last_pk:  # named, not starred: a thousand-score history runs this loop a thousand times
            points.append(PainPoint(at, nrs, source, session_id, notes, pk, author))
            last_pk = pk
        if region is not None:
            maps.setdefault(pk, (points[-1], []))[1].append((region, side, intensity))
    return points, [MapReading(point.at, point.source, tuple(scores)) for point, scores in maps.values()]


def score_points(patient) -> dict[str, list[ScorePoint]]:
    """Completed, scored questionnaires by instrument, oldest first (one query)."""

    rows = (
        QuestionnaireResponse.objects.filter(patient=patient, completed_at__isnull=False, score__isnull=False)
        .order_by("completed_at", "pk")
        .values_list("instrument", "completed_at", "score", "risk_group", "language", "text_version")
    )
    return by_instrument(rows)


def session_times(patient) -> list[datetime]:
    """Start of every current (not archived) session, oldest first (one query)."""

    return list(patient.sessions.current().order_by("started_at").values_list("started_at", flat=True))


def region_points(patient) -> list[RegionPoint]:
    """Every pain-map score of the patient, oldest assessment first (one query)."""

    rows = (
        PainRegionScore.objects.filter(assessment__patient=patient)
        .order_by("assessment__assessed_at", "assessment__pk", "pk")
        .values_list("region", "assessment__assessed_at", "side", "intensity")
    )
    return [RegionPoint(*row) for row in rows]


def history_of(patient) -> History:
    """What the trend panel draws, for a page that has not read it for its own use (three queries)."""
    return History(pain_points(patient), score_points(patient), session_times(patient))
