"""The clinical numbers: one home for each, read by the models, the database constraints, the forms
and the pages.

- NRS: pain from 0 (no pain) to 10 (worst imaginable), whole numbers (shared clinical-standards.md §1).
- Questionnaire scores: ODI and NDI as a percentage 0-100, RMDQ as the count of "yes" answers 0-24
  (clinical-standards.md §2); STarT Back total 0-9 (§8.2); PSFS the mean activity rating 0-10 (§2.5).
- Rounding of every figure shown or exported: half-up to one decimal (28.55 -> 28.6, -12.25 ->
  -12.3), never Python's round-half-even.
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

NRS_MIN, NRS_MAX = 0, 10
NRS_VALUES = range(NRS_MIN, NRS_MAX + 1)

SCORE_MIN = 0.0
SCORE_MAX = {"odi": 100.0, "ndi": 100.0, "rmdq": 24.0, "startback": 9.0, "psfs": 10.0}


def clamp_nrs(value: int) -> int:
    """The nearest value on the NRS scale."""
    return max(NRS_MIN, min(NRS_MAX, value))


# Cached: the charts of a long history round a thousand averages, most of them the same few values
# (the type is part of the key, so 2 and 2.0 and Decimal("2") are rounded each in their own right).
@lru_cache(maxsize=4096, typed=True)
def round_half_up(value: float | Decimal, places: int = 1) -> float:
    """`value` rounded half-up (away from zero on a tie) to `places` decimals, as a float.

    Through the decimal text of the value, so that 2.675 rounds to 2.68 at two decimals as people
    expect, not to the binary float's 2.67; a Decimal (an exact quotient) is rounded as it is.
    """
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
