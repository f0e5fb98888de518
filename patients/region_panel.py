"""The pain map on a page: the first and the latest map as heat maps, how many regions hurt on each,
centralisation, and each region's intensity over the course as a chart with a table.

Built from maps a page has read already (`trends.pain_points_and_maps`): no query here. The figures
and the rule come from `patients.region_trends`; this module only lays them out.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from patients import pain_map
from patients.charts import region_chart
from patients.dates import local_date
from patients.measures import NRS_VALUES
from patients.region_trends import (
    RULE_NOTE,
    Centralisation,
    MapReading,
    RegionTrend,
    centralisation,
    centralisation_sentence,
    centralisation_sentence_for_patient,
    first_and_latest,
    region_trends,
    status_maps,
)


@dataclass
class PainMap:
    """One map as the template draws it (templates/patients/includes/pain_map.html)."""

    assessed_at: datetime
    scores: list[tuple[str, str, int]]
    points: list = field(default_factory=list)  # acupoints to draw on it (sessions_app point locations)

    viewbox = pain_map.VIEWBOX

    @classmethod
    def of(cls, reading: MapReading) -> "PainMap":
        return cls(reading.at, list(reading.scores))

    @property
    def shapes(self) -> list[pain_map.Shape]:
        return pain_map.map_shapes(self.scores)

    @property
    def rows(self) -> list[pain_map.MapRow]:
        return pain_map.map_rows(self.scores)

    @property
    def regions_hurting(self) -> int:
        return len({region for region, _side, intensity in self.scores if intensity > 0})

    @property
    def hurting_text(self) -> str:
        n = self.regions_hurting
        return ngettext("%(n)s region hurts", "%(n)s regions hurt", n) % {"n": n}

    @property
    def hurting_text_for_patient(self) -> str:
        n = self.regions_hurting
        return ngettext("%(n)s area hurts", "%(n)s areas hurt", n) % {"n": n}


@dataclass
class PainCourse:
    latest: PainMap
    first: PainMap | None  # None with a single map
    centralisation: Centralisation | None
    sentence: str
    rule_note: str
    trends: list[RegionTrend]
    chart: SafeString | None


def pain_course(maps: Sequence[MapReading], *, for_patient: bool = False) -> PainCourse | None:
    """The record's (or, `for_patient`, /me/'s) pain-map panel; None when no status map was drawn."""
    first, latest = first_and_latest(maps)
    if first is None:
        return None
    result = centralisation(maps)
    trends = region_trends(maps)
    if result is None:
        sentence = ""
    else:
        sentence = centralisation_sentence_for_patient(result) if for_patient else centralisation_sentence(result)
    return PainCourse(
        latest=PainMap.of(latest or first),
        first=PainMap.of(first) if latest else None,
        centralisation=result,
        sentence=sentence,
        rule_note=str(RULE_NOTE),
        trends=trends,
        chart=_chart(trends, for_patient) if len(status_maps(maps)) > 1 else None,
    )


def _chart(trends: list[RegionTrend], for_patient: bool) -> SafeString:
    series = []
    for trend in trends:
        label = trend.label
        tips = [
            (moment, value, f"{label}, {formats.date_format(local_date(moment))}: {value}/10")
            for moment, value in trend.points
        ]
        series.append((label, tips))
    improved = sum(1 for t in trends if t.change < 0)
    description = ngettext(
        "Intensity 0–10 per region at each pain map; %(n)s of %(total)s region is better than on the first map.",
        "Intensity 0–10 per region at each pain map; %(n)s of %(total)s regions are better than on the first map.",
        len(trends),
    ) % {"n": improved, "total": len(trends)}
    title = _("Your pain by area over time") if for_patient else _("Pain by region over the course")
    chart_id = "region-trend-me" if for_patient else "region-trend"
    return region_chart(chart_id=chart_id, title=title, description=description, series=series)


def entry_context(regions) -> dict:
    """What templates/patients/includes/pain_map_entry.html draws: the rows, an empty map to tap and
    the intensities to choose from."""
    return {
        "regions": regions,
        "entry_map": PainMap(None, []),
        "entry_shapes": entry_shapes(get_language()),
        "intensity_values": NRS_VALUES,
    }


@lru_cache(maxsize=8)
def entry_shapes(language: str | None) -> SafeString:
    """The regions of the empty map to tap, as SVG: the same for every patient, so drawn once per
    language (a template loop over its shapes was a fifth of /me/ and the session form)."""
    rects = (
        format_html(
            '<rect class="pm-region pm-none" data-region="{}" data-side="{}" x="{}" y="{}" width="{}" height="{}"'
            ' rx="2"><title>{}</title></rect>\n      ',
            shape.region,
            shape.side,
            shape.x,
            shape.y,
            shape.width,
            shape.height,
            shape.title,
        )  # fmt: skip
        for shape in PainMap(None, []).shapes
    )
    return mark_safe("".join(rects))  # noqa: S308 - each rect is format_html's, escaped  # nosec B308 B703
