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


def _spine(prefix: str, count: int, zone: str, name) -> list[Region]:
    return [Region(f"{prefix}{n}", name % {"level": f"{prefix}{n}"}, zone) for n in range(1, count + 1)]


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


class PainSide(models.TextChoices):
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    MIDLINE = "midline", _("Midline")
    BILATERAL = "bilateral", _("Bilateral")


def region_label(code: str) -> str:
    region = BY_CODE.get(code)
    return str(region.label) if region else code
