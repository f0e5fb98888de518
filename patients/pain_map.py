"""The pain map's regions: one home for their codes, labels, zones and order (CONTRACT.md "Pain map").

A region is a spine level (C1-C7, T1-T12, L1-L5, S1) or a zone pain refers to: the sacroiliac
joint, the buttock and the back of the leg down to the foot (the sciatic course of a lumbar disc),
and the shoulder and arm (the course of a cervical root). Each zone has a `distance`: 0 for the
spine, rising away from it (proximal -> distal), so that later rules can tell pain retreating toward
the spine (centralisation) from pain spreading away from it.

The model's choices and its database check constraint are both read from `REGION_CODES`, so a code
added here is accepted everywhere at once, and an unknown code is refused by `full_clean()` and by
the database alike.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Zone:
    code: str
    label: str
    distance: int  # 0 = the spine; higher = further from it


ZONES = {
    "cervical": Zone("cervical", _("Cervical spine"), 0),
    "thoracic": Zone("thoracic", _("Thoracic spine"), 0),
    "lumbar": Zone("lumbar", _("Lumbar spine"), 0),
    "sacral": Zone("sacral", _("Sacrum"), 0),
    "pelvis": Zone("pelvis", _("Pelvis and buttock"), 1),
    "shoulder": Zone("shoulder", _("Shoulder"), 1),
    "thigh": Zone("thigh", _("Thigh"), 2),
    "upper_arm": Zone("upper_arm", _("Upper arm"), 2),
    "lower_leg": Zone("lower_leg", _("Lower leg"), 3),
    "forearm": Zone("forearm", _("Forearm"), 3),
    "foot": Zone("foot", _("Foot"), 4),
    "hand": Zone("hand", _("Hand"), 4),
}


@dataclass(frozen=True)
class Region:
    code: str
    label: str
    zone: str

    @property
    def is_spine(self) -> bool:
        return ZONES[self.zone].distance == 0

    @property
    def distance(self) -> int:
        return ZONES[self.zone].distance


def _level_label(name, level: str) -> str:
    return str(name) % {"level": level}


# Lazy, like the other labels: `name % {...}` on a lazy string would translate it once, at import,
# in the clinic's language, and every page would name the vertebrae in English.
_lazy_level_label = lazy(_level_label, str)


def _spine(prefix: str, count: int, zone: str, name) -> list[Region]:
    return [Region(f"{prefix}{n}", _lazy_level_label(name, f"{prefix}{n}"), zone) for n in range(1, count + 1)]


# Proximal -> distal: the spine from the top down, then the leg chain, then the arm chain.
REGIONS: tuple[Region, ...] = (
    *_spine("C", 7, "cervical", _("Cervical vertebra %(level)s")),
    *_spine("T", 12, "thoracic", _("Thoracic vertebra %(level)s")),
    *_spine("L", 5, "lumbar", _("Lumbar vertebra %(level)s")),
    Region("S1", _("Sacral vertebra S1"), "sacral"),
    Region("sacroiliac", _("Sacroiliac joint"), "pelvis"),
    Region("buttock", _("Buttock"), "pelvis"),
    Region("thigh_back", _("Back of the thigh"), "thigh"),
    Region("calf", _("Calf"), "lower_leg"),
    Region("foot", _("Foot"), "foot"),
    Region("shoulder", _("Shoulder"), "shoulder"),
    Region("arm", _("Upper arm"), "upper_arm"),
    Region("forearm", _("Forearm"), "forearm"),
    Region("hand", _("Hand"), "hand"),
)
BY_CODE = {region.code: region for region in REGIONS}
REGION_CODES = tuple(BY_CODE)
REGION_CHOICES = [(region.code, region.label) for region in REGIONS]
SPINE_CODES = tuple(r.code for r in REGIONS if r.is_spine)
ORDER = {code: index for index, code in enumerate(REGION_CODES)}

# Each limb's referral zones, proximal -> distal: the order centralisation is read on
# (patients.region_trends.centralisation). The sacroiliac joint lies beside the spine and is no limb zone.
LIMBS: dict[str, tuple[str, ...]] = {
    "leg": ("buttock", "thigh_back", "calf", "foot"),
    "arm": ("shoulder", "arm", "forearm", "hand"),
}
LIMB_LABELS = {"leg": _("leg"), "arm": _("arm")}


class PainSide(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    MIDLINE = "midline", _("Midline")
    BILATERAL = "bilateral", _("Bilateral")


def region_label(code: str) -> str:
    region = BY_CODE.get(code)
    return str(region.label) if region else code


# --- the picture: a back view drawn as simple shapes (our own artwork) -------------------------------
# viewBox 0 0 200 410. Seen from behind, the patient's left is on the viewer's left. Spine levels are
# one shape each on the midline; a paired region is drawn on the left and mirrored on the right.

VIEWBOX = "0 0 200 410"
WIDTH = 200
SPINE_X, SPINE_WIDTH = 94, 12


def _spine_boxes() -> dict[str, tuple[int, int, int, int]]:
    boxes, top = {}, 52
    for prefix, count, height in (("C", 7, 6), ("T", 12, 7), ("L", 5, 9), ("S", 1, 12)):
        for n in range(1, count + 1):
            boxes[f"{prefix}{n}"] = (SPINE_X, top, SPINE_WIDTH, height)
            top += height
    return boxes


SPINE_BOXES = _spine_boxes()
# (x, y, width, height) of the patient's LEFT side; the right side is the mirror image.
PAIRED_BOXES = {
    "shoulder": (54, 90, 36, 18),
    "arm": (36, 104, 18, 66),
    "forearm": (30, 172, 18, 62),
    "hand": (26, 236, 20, 26),
    "sacroiliac": (80, 223, 12, 14),
    "buttock": (62, 239, 36, 36),
    "thigh_back": (64, 277, 32, 58),
    "calf": (68, 337, 26, 50),
    "foot": (66, 389, 30, 14),
}


def intensity_class(intensity: int | None) -> str:
    """The stylesheet's class for an intensity (patients/static/clinic/clinic.css): no inline style."""
    if intensity is None:
        return "pm-none"
    if intensity == 0:
        return "pm-zero"
    return "pm-low" if intensity <= 3 else "pm-mid" if intensity <= 6 else "pm-high"


@dataclass(frozen=True)
class Shape:
    region: str
    side: str  # the side this shape draws: left, right or midline
    x: int
    y: int
    width: int
    height: int
    intensity: int | None

    @property
    def css_class(self) -> str:
        return intensity_class(self.intensity)

    @property
    def title(self) -> str:
        where = region_label(self.region)
        if self.side != PainSide.MIDLINE:
            where = f"{where}, {PainSide(self.side).label.lower()}"
        if self.intensity is None:
            return where
        return f"{where}: {self.intensity}/10"


def _worst(scores: dict[tuple[str, str], int], region: str, sides: tuple[str, ...]) -> int | None:
    found = [scores[(region, side)] for side in sides if (region, side) in scores]
    return max(found) if found else None


def map_shapes(scores) -> list[Shape]:
    """Every region's shape, coloured by its score in `scores` ((region, side, intensity) triples).

    A spine level is one shape showing its worst score whatever the side; a paired region's left
    shape shows its left, bilateral and midline scores, the right shape likewise."""
    by_place = {(region, side): intensity for region, side, intensity in scores}
    shapes = [
        Shape(code, PainSide.MIDLINE, *box, _worst(by_place, code, tuple(PainSide.values)))
        for code, box in SPINE_BOXES.items()
    ]
    for code, (x, y, width, height) in PAIRED_BOXES.items():
        for side, left in ((PainSide.LEFT, x), (PainSide.RIGHT, WIDTH - x - width)):
            worst = _worst(by_place, code, (side, PainSide.BILATERAL, PainSide.MIDLINE))
            shapes.append(Shape(code, side, left, y, width, height, worst))
    return shapes


@dataclass(frozen=True)
class MapRow:
    region: str
    label: str
    side: str
    side_label: str
    intensity: int


def map_rows(scores) -> list[MapRow]:
    """The same figures as a table, in the map's order (spine top down, then the leg, then the arm)."""
    ordered = sorted(scores, key=lambda s: (ORDER.get(s[0], len(ORDER)), PainSide.values.index(s[1])))
    return [MapRow(r, region_label(r), side, str(PainSide(side).label), i) for r, side, i in ordered]
