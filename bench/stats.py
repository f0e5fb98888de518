"""Order statistics for timing samples (no numpy: the app does not depend on it)."""

from collections.abc import Sequence


def percentile(samples: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100), linear between the two nearest ranks (numpy's default)."""
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(samples: Sequence[float]) -> float:
    return percentile(samples, 50)


def summarize(seconds: Sequence[float]) -> dict[str, float]:
    """Median, 95th percentile, min and max of samples in seconds, reported in milliseconds."""
    return {
        "median_ms": round(median(seconds) * 1000, 3),
        "p95_ms": round(percentile(seconds, 95) * 1000, 3),
        "min_ms": round(min(seconds) * 1000, 3),
        "max_ms": round(max(seconds) * 1000, 3),
    }
