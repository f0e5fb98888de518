import pytest

from bench.stats import median, percentile, summarize


def test_percentile_interpolates_between_ranks_like_numpy():
    samples = [1.0, 2.0, 3.0, 4.0]
    assert percentile(samples, 0) == 1.0
    assert percentile(samples, 100) == 4.0
    assert percentile(samples, 50) == 2.5
    assert percentile(samples, 95) == pytest.approx(3.85)


def test_percentile_ignores_the_order_of_the_samples():
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0


def test_the_median_of_an_odd_count_is_the_middle_sample():
    assert median([9.0, 1.0, 4.0, 7.0, 2.0]) == 4.0


def test_a_single_sample_is_every_percentile():
    assert percentile([0.2], 95) == 0.2


@pytest.mark.parametrize("p", [-1, 101])
def test_percentile_refuses_a_p_outside_0_to_100(p):
    with pytest.raises(ValueError):
        percentile([1.0], p)


def test_percentile_refuses_no_samples():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_summarize_reports_milliseconds():
    summary = summarize([0.001, 0.002, 0.003, 0.010])
    assert summary == {"median_ms": 2.5, "p95_ms": 8.95, "min_ms": 1.0, "max_ms": 10.0}
