"""The pain map over time (patients.region_trends): centralisation on hand-built histories, and each
region's intensity over the course. Pure functions: no database."""

from datetime import UTC, datetime, timedelta

from patients.region_trends import (
    CENTRALISING,
    CLEARED,
    PERIPHERALISING,
    UNCHANGED,
    MapReading,
    centralisation,
    centralisation_sentence,
    centralisation_sentence_for_patient,
    region_trends,
)

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def history(*maps, source="clinician"):
    """Maps a week apart, oldest first: each a list of (region, side, intensity)."""
    return [MapReading(T0 + timedelta(days=7 * n), source, tuple(scores)) for n, scores in enumerate(maps)]


SCIATICA = [("L5", "midline", 6), ("buttock", "left", 5), ("thigh_back", "left", 5), ("calf", "left", 6)]


def test_leg_pain_retreating_to_the_buttock_while_the_back_still_hurts_is_centralising():
    result = centralisation(history(SCIATICA, [("L5", "midline", 5), ("buttock", "left", 3)]))
    assert result.kind == CENTRALISING and not result.flagged
    [change] = result.changes
    assert (change.limb, change.side, change.first_zone, change.latest_zone) == ("leg", "left", "calf", "buttock")
    assert centralisation_sentence(result) == (
        "Centralising: the limb pain has retreated toward the spine since the first pain map "
        "(left leg: Calf → Buttock)."
    )


def test_leg_pain_cleared_with_back_pain_left_is_centralising():
    result = centralisation(history(SCIATICA, [("L5", "midline", 4)]))
    assert result.kind == CENTRALISING
    assert result.changes[0].latest_zone is None


def test_pain_spreading_down_the_leg_is_peripheralising_and_flagged():
    result = centralisation(
        history([("L4", "left", 6), ("buttock", "left", 4)], [("L4", "left", 6), ("foot", "left", 3)])
    )
    assert result.kind == PERIPHERALISING and result.flagged
    assert centralisation_sentence(result).startswith("Peripheralising: the pain has spread away from the spine")
    assert "left leg: Buttock → Foot" in centralisation_sentence(result)
    assert "Your practitioner will look at this with you." in centralisation_sentence_for_patient(result)


def test_spreading_on_one_side_wins_over_retreat_on_the_other():
    first = [("calf", "left", 6), ("buttock", "right", 3)]
    latest = [("buttock", "left", 2), ("calf", "right", 5)]
    result = centralisation(history(first, latest))
    assert result.kind == PERIPHERALISING
    assert [(c.side, c.first_zone, c.latest_zone) for c in result.changes] == [("right", "buttock", "calf")]


def test_arm_pain_follows_its_own_distal_order():
    result = centralisation(
        history([("C6", "right", 5), ("hand", "right", 6)], [("C6", "right", 5), ("arm", "right", 4)])
    )
    assert result.kind == CENTRALISING
    assert (result.changes[0].limb, result.changes[0].latest_zone) == ("arm", "arm")


def test_the_same_extent_is_unchanged_even_if_the_intensities_move():
    result = centralisation(history(SCIATICA, [(r, s, 2) for r, s, _i in SCIATICA]))
    assert result.kind == UNCHANGED and result.changes == ()
    assert centralisation_sentence(result) == "The pain reaches as far from the spine as on the first pain map."


def test_only_the_first_and_the_latest_map_are_compared():
    middle = [("L5", "midline", 6), ("foot", "left", 8)]
    result = centralisation(history(SCIATICA, middle, [("L5", "midline", 5), ("thigh_back", "left", 3)]))
    assert result.kind == CENTRALISING
    assert (result.first.at, result.latest.at) == (T0, T0 + timedelta(days=14))


def test_a_bilateral_score_reaches_down_both_legs():
    result = centralisation(history([("calf", "bilateral", 5)], [("L4", "midline", 3), ("buttock", "right", 2)]))
    assert result.kind == CENTRALISING
    assert {(c.side, c.first_zone, c.latest_zone) for c in result.changes} == {
        ("left", "calf", None),
        ("right", "calf", "buttock"),
    }


def test_nothing_hurting_any_more_is_cleared_not_centralised():
    result = centralisation(history(SCIATICA, [("L5", "midline", 0)]))
    assert result.kind == CLEARED


def test_a_single_map_gives_no_verdict():
    assert centralisation(history(SCIATICA)) is None
    assert centralisation([]) is None


def test_back_pain_alone_gives_no_verdict():
    assert centralisation(history([("L4", "left", 6)], [("L4", "left", 2)])) is None


def test_a_map_taken_right_after_needling_is_not_the_course():
    course = history(SCIATICA, [("L5", "midline", 5), ("buttock", "left", 3)])
    after_needling = MapReading(T0 + timedelta(days=30), "post_session", (("foot", "left", 9),))
    assert centralisation([*course, after_needling]).kind == CENTRALISING
    assert centralisation([course[0], after_needling]) is None


def test_each_region_is_charted_at_every_map_worst_side_zero_when_left_out():
    maps = history(
        [("L4", "left", 6), ("L4", "right", 7), ("calf", "left", 5)],
        [("L4", "left", 4)],
        [("L4", "right", 3), ("buttock", "left", 2)],
    )
    trends = {t.region: t for t in region_trends(maps)}
    assert list(trends) == ["L4", "buttock", "calf"]  # the map's order: spine first, then down the leg
    assert [v for _at, v in trends["L4"].points] == [7, 4, 3]
    assert [v for _at, v in trends["calf"].points] == [5, 0, 0]
    assert [v for _at, v in trends["buttock"].points] == [0, 0, 2]
    assert (trends["L4"].first, trends["L4"].latest, trends["L4"].change) == (7, 3, -4)
    assert trends["buttock"].direction == "worse" and trends["calf"].direction == "better"


def test_a_region_never_hurting_is_not_charted():
    assert region_trends(history([("L4", "left", 0)], [("L4", "left", 0)])) == []
