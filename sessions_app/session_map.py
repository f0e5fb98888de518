"""One session on the pain map: the pain marked before needling, with the points needled drawn at
their locations (sessions_app.acupoint_locations). One query beyond the session page's own."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from patients.models import AssessmentSource, PainRegionScore
from patients.pain_map import PainSide
from patients.region_panel import PainMap
from sessions_app.acupoint_locations import marks
from sessions_app.models import AcupunctureSession


@dataclass(frozen=True)
class NeedledPoint:
    code: str
    pinyin: str
    side: str
    level: str

    @property
    def name(self) -> str:
        return f"{self.code} {self.level}".strip()


@dataclass
class SessionMap:
    map: PainMap
    elsewhere: list[NeedledPoint]  # needled, but not on the back view

    @property
    def drawn(self) -> int:
        return len(self.map.points)


def _label(point: NeedledPoint, side: str) -> str:
    where = PainSide(side).label.lower()
    return _("%(point)s %(pinyin)s, %(side)s") % {"point": point.name, "pinyin": point.pinyin, "side": where}


def session_map(session: AcupunctureSession) -> SessionMap:
    """The session's map from its prefetched points and assessments (`selectors.sessions_with_details`)."""
    before = next((a for a in session.assessments.all() if a.source == AssessmentSource.PRE_SESSION), None)
    scores = []
    if before is not None:
        scores = list(
            PainRegionScore.objects.filter(assessment=before).order_by("pk").values_list("region", "side", "intensity")
        )
    points = [
        NeedledPoint(p.acupoint.code, p.acupoint.pinyin, p.side, p.vertebral_level)
        for p in session.session_points.all()
    ]
    drawn, elsewhere = marks(points, _label)
    return SessionMap(PainMap(session.started_at, scores, drawn), elsewhere)
