"""The pain map over time: per-region intensity over the course, first vs latest map, centralisation.

Pure functions on maps already read (no database reads here): the record, /me/, the dashboard and
/outcomes/ read their maps once and hand them in, so one rule serves every page.

What is measured (shared clinical-standards.md §8.1, §8.5; CONTRACT.md "The trend"):
- Only *status* readings carry the course of the pain (`patients.choices.STATUS_SOURCES`: clinician,
  self-report, before needling); a map attached to a post-needling score is ignored here, like the
  score itself is for the baseline and the latest.
- A map is every region score of one assessment. A region left out of a map that was drawn did not
  hurt at that reading (the form lists only the painful regions), so it counts as 0 there.
- A region's intensity at a reading is its worst side.

Centralisation (rule: `centralisation`). Sources, checked 2026-12-01:
- Aina A, May S, Clare H. The centralization phenomenon of spinal symptoms - a systematic review.
  Man Ther 2004;9(3):134-143: centralisation is the abolition of distal pain emanating from the spine
  (or its retreat toward the spine), consistently associated with good outcomes; failure to
  centralise with a poor one.
- May S, Aina A. Centralization and directional preference: a systematic review. Man Ther
  2012;17(6):497-506: 21 of 23 studies support its prognostic validity.
The clinic reads it on the map as the standards file fixes it: per limb (`pain_map.LIMBS`, proximal
-> distal) and side, the most distal painful zone of the first map against that of the latest.
- Peripheralising: on some limb and side the pain now reaches further from the spine than at first.
  Flagged to the practitioner; it wins over any retreat elsewhere (the safer reading).
- Centralising: on no limb and side it reaches further, on at least one it has retreated (or
  cleared), and pain remains in the spine or nearer to it (the distal zones cleared, the back not).
- Cleared: nothing hurts on the latest map any more (no longer a centralisation to report).
- Unchanged: the same extent everywhere. No verdict with fewer than two maps, or with no limb pain
  on either map (the rule is about referred pain).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from patients.choices import STATUS_SOURCES
from patients.pain_map import BY_CODE, LIMB_LABELS, LIMBS, ORDER, SPINE_CODES, PainSide

Score = tuple[str, str, int]  # (region, side, intensity)

CENTRALISING = "centralising"
PERIPHERALISING = "peripheralising"
UNCHANGED = "unchanged"
CLEARED = "cleared"


@dataclass(frozen=True)
class MapReading:
    """One assessment's pain map."""

    at: datetime
    source: str
    scores: tuple[Score, ...]

    @property
    def regions_hurting(self) -> int:
        return len({region for region, _side, intensity in self.scores if intensity > 0})

    def worst(self, region: str) -> int:
        """The region's worst side at this reading; 0 when it was left out (it did not hurt)."""
        return max((i for r, _s, i in self.scores if r == region), default=0)


def status_maps(maps: Iterable[MapReading]) -> list[MapReading]:
    """The maps that measure the course of the pain, in their (oldest-first) order."""
    return [m for m in maps if m.source in STATUS_SOURCES and m.scores]


def first_and_latest(maps: Sequence[MapReading]) -> tuple[MapReading | None, MapReading | None]:
    status = status_maps(maps)
    if not status:
        return None, None
    return status[0], (status[-1] if len(status) > 1 else None)


# --- per-region trend --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionTrend:
    region: str
    points: tuple[tuple[datetime, int], ...]  # one per status map, oldest first

    @property
    def label(self) -> str:
        return str(BY_CODE[self.region].label) if self.region in BY_CODE else self.region

    @property
    def first(self) -> int:
        return self.points[0][1]

    @property
    def latest(self) -> int:
        return self.points[-1][1]

    @property
    def change(self) -> int:
        return self.latest - self.first

    @property
    def direction(self) -> str:
        return "better" if self.change < 0 else "worse" if self.change > 0 else "same"


def region_trends(maps: Sequence[MapReading]) -> list[RegionTrend]:
    """Intensity per region at every status map, for each region that hurt at one of them, in the
    map's order (spine top down, then the leg, then the arm)."""
    status = status_maps(maps)
    hurt = {region for m in status for region, _side, intensity in m.scores if intensity > 0}
    ordered = sorted(hurt, key=lambda code: ORDER.get(code, len(ORDER)))
    return [RegionTrend(code, tuple((m.at, m.worst(code)) for m in status)) for code in ordered]


# --- centralisation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LimbChange:
    limb: str
    side: str  # left or right
    first_zone: str | None  # the most distal painful zone at first (None: no pain in this limb)
    latest_zone: str | None

    @property
    def moved(self) -> int:
        """> 0: the pain reaches further from the spine than at first; < 0: it has retreated."""
        return _reach(self.limb, self.latest_zone) - _reach(self.limb, self.first_zone)


def _reach(limb: str, zone: str | None) -> int:
    return 0 if zone is None else LIMBS[limb].index(zone) + 1


def most_distal(scores: Iterable[Score], limb: str, side: str) -> str | None:
    """The limb's most distal painful zone on `side`; a bilateral or midline score counts on both."""
    chain = LIMBS[limb]
    zones = [r for r, s, i in scores if i > 0 and r in chain and s in (side, PainSide.BILATERAL, PainSide.MIDLINE)]
    return max(zones, key=chain.index) if zones else None


@dataclass(frozen=True)
class Centralisation:
    kind: str
    first: MapReading
    latest: MapReading
    changes: tuple[LimbChange, ...]  # the limbs and sides whose extent moved

    @property
    def flagged(self) -> bool:
        return self.kind == PERIPHERALISING


def centralisation(maps: Sequence[MapReading]) -> Centralisation | None:
    """First vs latest status map, per limb and side (rule and sources in the module docstring)."""
    first, latest = first_and_latest(maps)
    if first is None or latest is None:
        return None
    changes = [
        LimbChange(limb, side, most_distal(first.scores, limb, side), most_distal(latest.scores, limb, side))
        for limb in LIMBS
        for side in (PainSide.LEFT, PainSide.RIGHT)
    ]
    if not any(c.first_zone or c.latest_zone for c in changes):
        return None
    moved = tuple(c for c in changes if c.moved)
    if any(c.moved > 0 for c in moved):
        kind = PERIPHERALISING
        moved = tuple(c for c in moved if c.moved > 0)
    elif latest.regions_hurting == 0:
        kind = CLEARED
    elif moved:
        kind = CENTRALISING
    else:
        kind = UNCHANGED
    return Centralisation(kind, first, latest, moved)


def spine_still_hurts(reading: MapReading) -> bool:
    return any(r in SPINE_CODES and i > 0 for r, _s, i in reading.scores)


# --- sentences ---------------------------------------------------------------------------------------

RULE_NOTE = gettext_lazy(
    "Most distal painful zone per limb and side, first against latest pain map (status readings); "
    "Aina 2004, May & Aina 2012."
)


def _change_text(change: LimbChange) -> str:
    where = _("%(side)s %(limb)s") % {"side": PainSide(change.side).label.lower(), "limb": LIMB_LABELS[change.limb]}
    first = BY_CODE[change.first_zone].label if change.first_zone else _("no pain")
    latest = BY_CODE[change.latest_zone].label if change.latest_zone else _("no pain")
    return _("%(where)s: %(first)s → %(latest)s") % {"where": where, "first": first, "latest": latest}


def centralisation_sentence(result: Centralisation) -> str:
    """For the practitioner: what the first and latest maps show about referred pain."""
    changes = "; ".join(_change_text(c) for c in result.changes)
    if result.kind == PERIPHERALISING:
        return _(
            "Peripheralising: the pain has spread away from the spine since the first pain map (%(changes)s). "
            "Reassess the patient."
        ) % {"changes": changes}
    if result.kind == CENTRALISING:
        return _(
            "Centralising: the limb pain has retreated toward the spine since the first pain map (%(changes)s)."
        ) % {"changes": changes}
    if result.kind == CLEARED:
        return _("No region hurts on the latest pain map.")
    return _("The pain reaches as far from the spine as on the first pain map.")


def centralisation_sentence_for_patient(result: Centralisation) -> str:
    """The same reading in the patient's words (no verdict beyond what the maps show)."""
    if result.kind == PERIPHERALISING:
        return _(
            "Your pain now reaches further into your arm or leg than on your first map. "
            "Your practitioner will look at this with you."
        )
    if result.kind == CENTRALISING:
        return _(
            "The pain in your arm or leg has moved back toward your spine since your first map: usually a good sign."
        )
    if result.kind == CLEARED:
        return _("Nothing hurts on your latest map.")
    return _("Your pain reaches as far as on your first map.")
