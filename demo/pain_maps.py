"""Pain maps for the demo clinic's patients: where it hurt at the first, a middle and the latest
visit, so that the record, /me/ and the PDF report show the pain map over the course.

Only at demo scale (the benchmark's clinic keeps the data its figures were measured on). Each
patient's pattern follows their region: a lumbar patient's pain often centralises (the leg clears
before the back), a neck patient's arm pain fades likewise, and one in four does not change.
Idempotent: a patient who already has a map gets no other.
"""

import random

from patients.models import PainAssessment, PainRegionScore, Patient

SIDES = ("left", "right")


def _patterns(patient: Patient, rng: random.Random) -> list[list[tuple[str, str, int]]]:
    """Three maps of (region, side, how many points below the visit's own before-needling score)."""
    side = rng.choice(SIDES)
    if patient.spine_region == "cervical":
        spine, limb = ["C5", "C6"], ["shoulder", "arm", "forearm"]
    else:
        spine, limb = ["L4", "L5"], ["buttock", "thigh_back", "calf"]
    first = [(code, "midline", 0) for code in spine] + [(zone, side, 1 + n) for n, zone in enumerate(limb)]
    if rng.random() < 0.25:  # unchanged: the same map each time
        return [first, first, first]
    middle = [(code, "midline", 0) for code in spine] + [(limb[0], side, 2)]
    latest = [(code, "midline", 0) for code in spine]
    return [first, middle, latest]


def ensure_pain_maps(patients: list[Patient], seed: int) -> int:
    """Maps on the before-needling scores of each patient's first, middle and latest session; no
    region hurts more than the visit's overall score, and a region at 0 is left off."""
    with_maps = set(
        PainRegionScore.objects.filter(assessment__patient__in=patients).values_list("assessment__patient", flat=True)
    )
    rows = []
    for patient in patients:
        if patient.pk in with_maps:
            continue
        scores = list(
            PainAssessment.objects.filter(patient=patient, source="pre_session")
            .order_by("assessed_at")
            .values_list("pk", "nrs")
        )
        if len(scores) < 3:
            continue
        rng = random.Random(seed * 7919 + patient.pk)
        chosen = (scores[0], scores[len(scores) // 2], scores[-1])
        for (assessment, nrs), pattern in zip(chosen, _patterns(patient, rng), strict=True):
            rows += [
                PainRegionScore(assessment_id=assessment, region=region, side=side, intensity=nrs - below)
                for region, side, below in pattern
                if nrs - below > 0
            ]
    PainRegionScore.objects.bulk_create(rows)
    return len(rows)
