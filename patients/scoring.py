"""Scoring of the validated questionnaires (ODI, NDI, RMDQ).

Sources (see shared clinical-standards.md §2):
- ODI v2.1a: 10 sections scored 0-5; score = sum / (5 x sections answered) x 100
  (Fairbank & Pynsent, Spine 2000). Bands upper-inclusive: <=20 minimal, <=40 moderate,
  <=60 severe, <=80 crippled, else bed-bound.
- NDI: 10 items scored 0-5, raw 0-50, percentage = raw x 2; a missing item is pro-rated like the
  ODI (Vernon & Mior 1991). Bands on the raw score /50: 0-4 none, 5-14 mild, 15-24 moderate,
  25-34 severe, >34 complete.
- RMDQ: 24 yes/no items, score = number of "yes" (1) answers, 0-24 (Roland & Morris 1983).

Local policy: ODI and NDI are not scored when more than two items are unanswered; RMDQ is not
scored when any item is unanswered. Percentages are rounded half-up to one decimal.
"""

from patients.measures import SCORE_MAX, round_half_up

ITEM_COUNT = {"odi": 10, "ndi": 10, "rmdq": 24}
ITEM_MAX = {"odi": 5, "ndi": 5, "rmdq": 1}
MAX_MISSING = {"odi": 2, "ndi": 2, "rmdq": 0}

# Item titles only: the licensed wording of the statements is not reproduced.
ITEM_TITLES = {
    "odi": [
        "Pain intensity",
        "Personal care (washing, dressing etc.)",
        "Lifting",
        "Walking",
        "Sitting",
        "Standing",
        "Sleeping",
        "Sex life (if applicable)",
        "Social life",
        "Travelling",
    ],
    "ndi": [
        "Pain intensity",
        "Personal care",
        "Lifting",
        "Reading",
        "Headaches",
        "Concentration",
        "Work",
        "Driving",
        "Sleeping",
        "Recreation",
    ],
    "rmdq": [f"Statement {n}" for n in range(1, 25)],
}


def validate_answers(instrument: str, answers: object) -> None:
    """Raise ValueError with a message a clinician can act on when answers are malformed."""
    if instrument not in ITEM_COUNT:
        raise ValueError(f"Unknown questionnaire {instrument!r}.")
    expected = ITEM_COUNT[instrument]
    if not isinstance(answers, list) or len(answers) != expected:
        raise ValueError(f"Expected {expected} answers, one per item (null when unanswered).")
    top = ITEM_MAX[instrument]
    for number, answer in enumerate(answers, start=1):
        if answer is None:
            continue
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= top:
            raise ValueError(f"Item {number}: the answer must be a whole number from 0 to {top}.")


def score(instrument: str, answers: list) -> float | None:
    """The instrument's score, or None when too many items are unanswered."""
    validate_answers(instrument, answers)
    answered = [a for a in answers if a is not None]
    if len(answers) - len(answered) > MAX_MISSING[instrument]:
        return None
    if instrument == "rmdq":
        return float(sum(answered))
    return round_half_up(sum(answered) / (ITEM_MAX[instrument] * len(answered)) * SCORE_MAX[instrument])


def ndi_raw(percentage: float) -> float:
    """The NDI raw score out of 50 from its percentage (raw x 2 = percentage)."""
    return percentage / 2


def band(instrument: str, value: float | None) -> str:
    """Interpretation band of a score, as the instrument's authors define it."""
    if value is None:
        return ""
    if instrument == "odi":
        for limit, label in ((20, "minimal"), (40, "moderate"), (60, "severe"), (80, "crippled")):
            if value <= limit:
                return f"{label} disability"
        return "bed-bound"
    if instrument == "ndi":
        raw = ndi_raw(value)
        for limit, label in ((4, "no"), (14, "mild"), (24, "moderate"), (34, "severe")):
            if raw <= limit:
                return f"{label} disability"
        return "complete disability"
    return ""


def format_score(instrument: str, value: float | None) -> str:
    if value is None:
        return "not scored"
    if instrument == "rmdq":
        return f"{value:g}/{SCORE_MAX[instrument]:g}"
    return f"{value:g}%"
