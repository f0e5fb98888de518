"""Where the needled points are drawn on the pain map (sessions_app.acupoint_locations)."""

from dataclasses import dataclass

import pytest

from patients.pain_map import PAIRED_BOXES, SPINE_BOXES, WIDTH
from sessions_app.acupoint_catalogue import EXTRA_POINTS, POINTS
from sessions_app.acupoint_locations import LOCATIONS, location_of, marks

CATALOGUE = {code for code, _name in (*POINTS, *EXTRA_POINTS)}
# The points the issue names, and the back, buttock and leg points the map covers.
BACK_AND_LEG = (
    ["BL23", "BL25", "EX-B2", "GB30", "BL40"]
    + [f"BL{n}" for n in range(11, 27)]
    + [f"BL{n}" for n in range(36, 41)]
    + ["BL57", "BL60", "KI3"]
    + [f"GB{n}" for n in range(30, 35)]
    + ["GV3", "GV4", "GV5", "GV14"]
)


@dataclass(frozen=True)
class Point:
    code: str
    side: str
    level: str = ""


def _label(point, side):
    return f"{point.code} {side}"


def _centre_y(level: str) -> float:
    _x, y, _w, h = SPINE_BOXES[level]
    return y + h / 2


@pytest.mark.parametrize("code", BACK_AND_LEG)
def test_each_listed_point_has_a_location(code):
    assert location_of(code) is not None


def test_every_location_is_a_catalogue_point_on_a_region_of_the_map():
    assert set(LOCATIONS) <= CATALOGUE
    for code, location in LOCATIONS.items():
        assert location.anchor in SPINE_BOXES or location.anchor in PAIRED_BOXES, code
        assert 0 <= location.across <= 1 and 0 <= location.down <= 1, code


def test_the_issue_s_points_sit_where_it_says():
    assert (location_of("BL23").anchor, location_of("BL23").cun) == ("L2", 1.5)
    assert location_of("BL25").anchor == "L4"
    assert location_of("GB30").anchor == "buttock"
    assert location_of("BL40").anchor == "thigh_back" and location_of("BL40").down > 0.9  # the popliteal crease
    assert location_of("BL57").anchor == "calf" and location_of("KI3").anchor == "foot"


def test_jiaji_is_drawn_at_the_level_and_on_the_side_chosen():
    [dot] = marks([Point("EX-B2", "left", "L4")], _label)[0]
    assert float(dot.y) == _centre_y("L4")
    assert float(dot.x) < WIDTH / 2  # seen from behind: the patient's left is on the viewer's left
    [dot] = marks([Point("EX-B2", "right", "T6")], _label)[0]
    assert float(dot.y) == _centre_y("T6") and float(dot.x) > WIDTH / 2


def test_a_bilateral_point_is_two_mirrored_dots_and_a_gv_point_one_on_the_midline():
    left, right = marks([Point("BL23", "bilateral")], _label)[0]
    assert (left.side, right.side) == ("left", "right")
    assert float(left.x) + float(right.x) == WIDTH and left.y == right.y == f"{_centre_y('L2'):.1f}"
    [gv4] = marks([Point("GV4", "midline")], _label)[0]
    assert (gv4.side, float(gv4.x)) == ("midline", WIDTH / 2)


def test_gb30_lies_in_the_buttock_on_its_side():
    [dot] = marks([Point("GB30", "right")], _label)[0]
    x, y, width, height = PAIRED_BOXES["buttock"]
    right_x = WIDTH - x - width
    assert right_x <= float(dot.x) <= right_x + width and y <= float(dot.y) <= y + height


def test_a_point_the_back_view_does_not_show_is_listed_not_drawn():
    drawn, elsewhere = marks([Point("ST36", "left"), Point("BL23", "left")], _label)
    assert [d.code for d in drawn] == ["BL23"] and [p.code for p in elsewhere] == ["ST36"]
    assert drawn[0].label == "BL23 left"
