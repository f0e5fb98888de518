"""Where the catalogue's points lie on the pain map's back view (patients.pain_map), to draw the points
needled in a session on the same picture as the pain.

Locations follow WHO Standard Acupuncture Point Locations in the Western Pacific Region (2008), the
source of sessions_app/acupoint_catalogue.py, reduced to what the map can show:
- a point of the back is placed at the spine level its WHO location names ("inferior to the spinous
  process of L2": L2) and at its distance from the posterior median line in B-cun (GV on the line,
  BL inner line 1.5 cun, BL outer line 3 cun, Jiaji EX-B2 0.5 cun at the level chosen in the session);
- a point of a limb is placed in the map's region that holds it (GB30 in the buttock, BL40 in the
  popliteal crease at the foot of the back of the thigh), as fractions of that region's box: `across`
  from its medial (0) to its lateral (1) edge, `down` from its top (0) to its bottom (1).
Points the back view does not show (the front, the head, the sacral foramina below S1) have no
location and are listed beside the map instead of drawn.
"""

from dataclasses import dataclass

from patients.pain_map import PAIRED_BOXES, SPINE_BOXES, WIDTH

CUN = 5  # map units per B-cun across the back (the map's back is about 17 cun wide)
MIDLINE_X = WIDTH / 2
JIAJI = "EX-B2"


@dataclass(frozen=True)
class Location:
    anchor: str  # a spine level (C1-S1) or a paired region code of the map
    cun: float = 0  # spine anchors: distance from the posterior median line
    across: float = 0.5  # region anchors: medial 0 -> lateral 1
    down: float = 0.5  # region anchors: top 0 -> bottom 1

    @property
    def on_spine(self) -> bool:
        return self.anchor in SPINE_BOXES


def _line(codes_levels: str, cun: float) -> dict[str, Location]:
    pairs = (item.split(":") for item in codes_levels.split())
    return {code: Location(level, cun) for code, level in pairs}


LOCATIONS: dict[str, Location] = {
    # Governor Vessel: on the posterior median line, below the spinous process named.
    **_line("GV15:C1 GV14:C7 GV13:T1 GV12:T3 GV11:T5 GV10:T6 GV9:T7 GV8:T9 GV7:T10 GV6:T11 GV5:L1 GV4:L2 GV3:L4", 0),
    # Bladder inner line, 1.5 cun lateral (BL10 at the nape, 1.3 cun).
    "BL10": Location("C1", 1.3),
    **_line(
        "BL11:T1 BL12:T2 BL13:T3 BL14:T4 BL15:T5 BL16:T6 BL17:T7 BL18:T9 BL19:T10 BL20:T11 BL21:T12 "
        "BL22:L1 BL23:L2 BL24:L3 BL25:L4 BL26:L5 BL27:S1",
        1.5,
    ),
    "BL31": Location("S1", 0.8),  # first posterior sacral foramen
    # Bladder outer line, 3 cun lateral.
    **_line("BL41:T2 BL42:T3 BL43:T4 BL44:T5 BL45:T6 BL46:T7 BL47:T9 BL48:T10 BL49:T11 BL50:T12 BL51:L1 BL52:L2", 3),
    # Extra points of the back (EX-B2 Jiaji: at the level recorded with the point, see `mark`).
    "EX-B1": Location("C7", 0.5),
    JIAJI: Location("L3", 0.5),
    "EX-B3": Location("T8", 1.5),
    "EX-B4": Location("L1", 3.5),
    "EX-B5": Location("L3", 0),
    "EX-B6": Location("L4", 3),
    "EX-B7": Location("L4", 3.5),
    "EX-B8": Location("L5", 0),
    # Scapular points of the Small Intestine channel, by the level they lie at.
    "SI15": Location("C7", 2),
    "SI14": Location("T1", 3),
    "SI13": Location("T2", 4),
    "SI11": Location("T4", 5),
    # Shoulder.
    "GB21": Location("shoulder", across=0.35, down=0.3),
    "SI12": Location("shoulder", across=0.5, down=0.6),
    "SI10": Location("shoulder", across=0.8, down=0.7),
    "SI9": Location("shoulder", across=0.9, down=0.95),
    "TE14": Location("shoulder", across=0.95, down=0.35),
    "LI15": Location("shoulder", across=1.0, down=0.2),
    # Arm, forearm and the back of the hand.
    "TE13": Location("arm", across=0.6, down=0.3),
    "LI14": Location("arm", across=0.9, down=0.55),
    "TE10": Location("arm", across=0.5, down=0.95),
    "LI11": Location("forearm", across=0.9, down=0.03),
    "SI8": Location("forearm", across=0.1, down=0.03),
    "LI10": Location("forearm", across=0.9, down=0.2),
    "TE5": Location("forearm", across=0.5, down=0.75),
    "SI6": Location("forearm", across=0.15, down=0.85),
    "LI4": Location("hand", across=0.85, down=0.35),
    "SI3": Location("hand", across=0.05, down=0.55),
    "TE3": Location("hand", across=0.4, down=0.35),
    "EX-UE7": Location("hand", across=0.55, down=0.2),
    # Buttock.
    "BL54": Location("buttock", across=0.2, down=0.3),
    "GB30": Location("buttock", across=0.8, down=0.45),
    # Back of the thigh (the popliteal crease is its foot).
    "BL36": Location("thigh_back", across=0.5, down=0.02),
    "BL37": Location("thigh_back", across=0.5, down=0.4),
    "GB31": Location("thigh_back", across=1.0, down=0.35),
    "GB32": Location("thigh_back", across=1.0, down=0.55),
    "BL38": Location("thigh_back", across=0.7, down=0.9),
    "GB33": Location("thigh_back", across=1.0, down=0.92),
    "BL39": Location("thigh_back", across=0.8, down=0.98),
    "BL40": Location("thigh_back", across=0.5, down=0.98),
    # Calf and the sides of the lower leg.
    "GB34": Location("calf", across=1.0, down=0.08),
    "BL55": Location("calf", across=0.5, down=0.15),
    "BL56": Location("calf", across=0.5, down=0.35),
    "BL57": Location("calf", across=0.5, down=0.5),
    "BL58": Location("calf", across=0.75, down=0.6),
    "GB35": Location("calf", across=1.0, down=0.6),
    "GB37": Location("calf", across=1.0, down=0.72),
    "GB39": Location("calf", across=1.0, down=0.85),
    "BL59": Location("calf", across=0.75, down=0.85),
    "KI9": Location("calf", across=0.0, down=0.6),
    "KI8": Location("calf", across=0.0, down=0.82),
    "KI7": Location("calf", across=0.05, down=0.9),
    # Ankle and heel, seen from behind.
    "BL60": Location("foot", across=0.85, down=0.15),
    "BL61": Location("foot", across=0.8, down=0.75),
    "BL62": Location("foot", across=0.95, down=0.45),
    "GB40": Location("foot", across=1.0, down=0.2),
    "KI3": Location("foot", across=0.15, down=0.15),
    "KI4": Location("foot", across=0.2, down=0.55),
    "KI5": Location("foot", across=0.1, down=0.75),
    "KI6": Location("foot", across=0.0, down=0.45),
}


@dataclass(frozen=True)
class PointMark:
    code: str
    side: str  # left, right or midline: the side this dot draws
    x: str
    y: str
    label: str


def location_of(code: str, level: str = "") -> Location | None:
    """The point's place on the map; Jiaji (EX-B2) at the vertebral level recorded with it."""
    location = LOCATIONS.get(code)
    if location is None:
        return None
    if code == JIAJI and level in SPINE_BOXES:
        return Location(level, location.cun)
    return location


def _xy(location: Location, side: str) -> tuple[float, float]:
    sign = -1 if side == "left" else 1  # seen from behind: the patient's left is on the viewer's left
    if location.on_spine:
        x, y, _width, height = SPINE_BOXES[location.anchor]
        return MIDLINE_X + sign * location.cun * CUN, y + height / 2
    x, y, width, height = PAIRED_BOXES[location.anchor]
    if side == "right":
        x = WIDTH - x - width
        return x + width * location.across, y + height * location.down
    return x + width * (1 - location.across), y + height * location.down


def marks(points, label_of) -> tuple[list[PointMark], list]:
    """Dots for `points` (objects with `.code`, `.side`, `.level`), each dot once per side needled
    (bilateral: both); and the points the back view does not show. `label_of(point, side)` words
    each dot's text alternative."""
    drawn, elsewhere = [], []
    for point in points:
        location = location_of(point.code, point.level)
        if location is None:
            elsewhere.append(point)
            continue
        if location.on_spine and location.cun == 0:
            sides = ("midline",)
        else:
            sides = ("left", "right") if point.side in ("bilateral", "midline") else (point.side,)
        for side in sides:
            x, y = _xy(location, side)
            drawn.append(PointMark(point.code, side, f"{x:.1f}", f"{y:.1f}", label_of(point, side)))
    return drawn, elsewhere
