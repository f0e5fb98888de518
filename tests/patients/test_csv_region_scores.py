"""The CSV export carries the pain-map scores, one `region` row each, tied to their pain row."""

import csv
import io
from datetime import UTC, datetime

import pytest

from tests.factories import PainAssessmentFactory, PainRegionScoreFactory

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_each_region_score_is_a_row_with_its_assessment(practitioner_client, patient_a, patient_b):
    assessment = PainAssessmentFactory(patient=patient_a, assessed_at=T0, nrs=6)
    PainRegionScoreFactory(assessment=assessment, region="L5", side="left", intensity=6)
    PainRegionScoreFactory(assessment=assessment, region="calf", side="left", intensity=3)
    PainRegionScoreFactory(assessment=PainAssessmentFactory(patient=patient_b), region="C4")
    response = practitioner_client.get(f"/patients/{patient_a.pk}/export.csv")
    rows = [r for r in csv.DictReader(io.StringIO(response.content.decode())) if r["record"] == "region"]
    assert [(r["assessment_id"], r["region"], r["side"], int(r["intensity"])) for r in rows] == [
        (str(assessment.pk), "L5", "left", 6),
        (str(assessment.pk), "calf", "left", 3),
    ]
    assert {datetime.fromisoformat(r["date"]) for r in rows} == {T0}
