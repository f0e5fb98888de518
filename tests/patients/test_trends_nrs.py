import pytest

from patients.trends import nrs_summary, percent_change


@pytest.mark.parametrize(
    ("baseline", "latest", "responder"),
    [(7, 4, True), (7, 5, False), (3, 1, True), (2, 1, False), (10, 7, True), (6, 6, False), (5, 7, False)],
)
def test_a_responder_needs_30_percent_and_2_points(baseline, latest, responder):
    assert nrs_summary(baseline, latest).responder is responder


def test_percent_change_is_rounded_to_one_decimal_and_null_at_zero_baseline():
    assert percent_change(7, 4) == -42.9
    assert percent_change(0, 3) is None
    assert nrs_summary(None, None).percent_change is None


def test_a_fall_of_half_or_more_is_substantial():
    assert nrs_summary(8, 4).substantial
    assert not nrs_summary(8, 5).substantial
