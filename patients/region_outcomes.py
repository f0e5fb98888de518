"""Pain by region across patients: each patient's first and latest pain map (status readings only),
read in one query whatever the clinic's size, then compared with the one rule of
`patients.region_trends` (a region's worst side, 0 when a drawn map leaves it out).

Used by /outcomes/ (which regions improve, by condition) and by the practitioner's home (pain
spreading away from the spine, `region_trends.centralisation`).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery

from patients.choices import STATUS_SOURCES
from patients.measures import round_half_up as round1
from patients.models import Condition, PainAssessment, PainRegionScore, Patient
from patients.pain_map import BY_CODE, ORDER
from patients.region_trends import MapReading, centralisation, region_trends


def first_and_latest_maps(patients: QuerySet[Patient]) -> dict[int, tuple[str, MapReading, MapReading]]:
    """{patient pk: (condition, first map, latest map)} for the patients with two status maps or more.
    One query: the region scores of exactly those two maps of each patient."""
    has_map = Exists(PainRegionScore.objects.filter(assessment=OuterRef("pk")))
    maps = PainAssessment.objects.filter(patient=OuterRef("assessment__patient"), source__in=STATUS_SOURCES).filter(
        has_map
    )
    rows = (
        PainRegionScore.objects.filter(assessment__patient__in=patients.values("pk"))
        .annotate(
            first_id=Subquery(maps.order_by("assessed_at", "pk").values("pk")[:1]),
            latest_id=Subquery(maps.order_by("-assessed_at", "-pk").values("pk")[:1]),
        )
        .filter(Q(assessment_id=F("first_id")) | Q(assessment_id=F("latest_id")))
        .exclude(first_id=F("latest_id"))
        .order_by("assessment__patient_id", "assessment__assessed_at", "assessment_id", "pk")
        .values_list(
            "assessment__patient_id",
            "assessment__patient__condition",
            "assessment_id",
            "assessment__assessed_at",
            "assessment__source",
            "region",
            "side",
            "intensity",
        )
    )
    found: dict[int, dict] = defaultdict(dict)
    conditions: dict[int, str] = {}
    for patient, condition, assessment, at, source, region, side, intensity in rows:
        conditions[patient] = condition
        found[patient].setdefault(assessment, (at, source, []))[2].append((region, side, intensity))
    result = {}
    for patient, by_assessment in found.items():
        readings = [MapReading(at, source, tuple(scores)) for at, source, scores in by_assessment.values()]
        if len(readings) == 2:
            result[patient] = (conditions[patient], readings[0], readings[1])
    return result


def peripheralising_patients(patients: QuerySet[Patient]) -> list[int]:
    """The patients whose pain has spread away from the spine since their first map."""
    maps = first_and_latest_maps(patients)
    return [pk for pk, (_c, first, latest) in maps.items() if (r := centralisation([first, latest])) and r.flagged]


@dataclass(frozen=True)
class RegionOutcome:
    condition: str
    condition_label: str
    region: str
    region_label: str
    patients: int  # whose region hurt on their first or their latest map
    better: int
    worse: int
    mean_change: float | None

    @property
    def better_rate(self) -> float | None:
        return round1(self.better / self.patients * 100) if self.patients else None


def outcomes_by_region() -> list[RegionOutcome]:
    """Per condition and region: first vs latest map of every active patient with two status maps."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(list)
    for condition, first, latest in first_and_latest_maps(Patient.objects.active()).values():
        for trend in region_trends([first, latest]):
            totals[(condition, trend.region)].append(trend.change)
    labels = dict(Condition.choices)
    conditions = list(labels)
    ordered = sorted(
        totals,
        key=lambda key: (
            conditions.index(key[0]) if key[0] in conditions else len(conditions),
            ORDER.get(key[1], len(ORDER)),
        ),
    )
    return [
        RegionOutcome(
            condition,
            str(labels.get(condition, condition)),
            region,
            str(BY_CODE[region].label) if region in BY_CODE else region,
            len(changes),
            sum(1 for c in changes if c < 0),
            sum(1 for c in changes if c > 0),
            round1(sum(changes) / len(changes)),
        )
        for condition, region in ordered
        if (changes := totals[(condition, region)])
    ]
